# Issue 20, item 2: the incremental aggregation (sql/fonctions/agreger.sql:
# the scores of an evaluation unchanged since the last aggregation are kept,
# the campaign's aggregates recomputed from the stored scores) gives the same
# rows as a recomputation from scratch (lecap aggregate --all).
#
# For each of three seeds: a generated network (lecap generate --graine),
# half of its exports loaded and aggregated, then steps of random actions
# (bash's RANDOM, seeded: the same sequence every run): new exports, exports
# replaced by a corrected one (tests/tools/reexport.py: later stamp, some
# notes changed), obsolete ones (an older stamp: archived, nothing changes),
# evaluations withdrawn (lecap retirer). After each step, lecap ingest and
# lecap aggregate (the nightly path: stale campaigns only, incrementally);
# then a copy of the database (CREATE DATABASE … TEMPLATE) recomputes
# everything with lecap aggregate --all, and every result table written by
# the aggregation and every lecap.v_* view is compared with the incremental
# database's, row for row, both ways (EXCEPT ALL: duplicates count), as
# values (numeric =) and as text (same scale, same digits). Left out: the
# timestamps (when computed, when decided). (Until 7 December 2026 the text
# comparison also left out lecap.agregat's minimum and maximum, which
# returned whichever of several equal scores the grouping met first, 3 or
# 3.0000000000000000; they are now stored without trailing zeros, the same
# whatever the order of the rows.) The network's aggregates
# come from the distribution of the scores kept in lecap.repartition_score:
# kept up to date on the incremental path, counted from the scores on the
# full one; the kept distribution is compared with a count from the scores.
# (Test 43 holds the full path's medians and quartiles to the digits of
# percentile_cont() over the scores themselves, in the reference version.)
# The same for the colleges' network aggregates, from the sums kept in
# lecap.somme_college.
# Then a withdrawal alone, an erasure alone, and a corrected export whose
# scores other evaluations of its type share.
. tests/lib.sh

export PGOPTIONS="-c client_min_messages=warning"
export LECAP_AGREGATS_SEUIL_SECRET=3 LECAP_AGREGATS_COMPLETUDE_MIN=0.75
TABLES="agregat_campagne resultat_evaluation score score_college agregat agregat_college divergence consensus_evaluation divergence_colleges empreinte_evaluation
	divergence_agregat plan_agregat demande_offres participation repondants_college
	adherent_sans_evaluation effet_plan effet_plan_panel evolution_publiee secret plan_region publication_campagne
	adherent_historique"
VIEWS=$(ls sql/vues | sed 's/\.sql$//')

# on DB SQL: one value from database DB.
on() { psql -X -q -tA -d "$1" -v ON_ERROR_STOP=1 -c "$2"; }

# copy_db SRC DEST: DEST made from SRC (retried: the autovacuum may be
# connected to SRC for a moment).
copy_db() {
	on postgres "DROP DATABASE IF EXISTS $2" >/dev/null
	for _ in $(seq 1 50); do
		on postgres "CREATE DATABASE $2 TEMPLATE $1" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# The comparison, as SQL run by \gexec: per relation, per form (0: values,
# 1: text), "relation|form|a|b": a rows of the
# incremental database missing from the full one (t39), b the reverse.
CMP_SQL="SELECT format('SELECT %L || ''|'' || %s || ''|''
          || (SELECT count(*) FROM (SELECT %s FROM lecap.%I EXCEPT ALL SELECT %s FROM t39.%I) a)
          || ''|'' || (SELECT count(*) FROM (SELECT %s FROM t39.%I EXCEPT ALL SELECT %s FROM lecap.%I) b)
          || ''|'' || (SELECT count(*) FROM t39.%I)',
          c.table_name, f.t, c.l, c.table_name, c.l, c.table_name, c.l, c.table_name, c.l, c.table_name, c.table_name)
  FROM (VALUES (0), (1)) f (t)
  CROSS JOIN LATERAL (
    SELECT table_name, string_agg(CASE WHEN f.t = 1 THEN quote_ident(column_name) || '::text'
                                       ELSE quote_ident(column_name) END, ', ' ORDER BY ordinal_position) AS l
      FROM information_schema.columns
     WHERE table_schema = 'lecap' AND table_name = ANY (string_to_array(:'rels', ' '))
       AND data_type NOT LIKE 'timestamp%'
     GROUP BY table_name) c
 ORDER BY 1 \\gexec"

# The distribution of the scores (lecap.repartition_score, migration 045)
# that the incremental path keeps by adding and taking away, against a count
# from the scores kept: "a|b|n", a rows only kept, b only counted, n kept.
# A recomputation from scratch forgets it (the copy's is empty): it is
# compared here, on the incremental database, for the campaigns that have one.
RECOUNT="SELECT s.campagne, r.type_structure, s.niveau, s.code, s.score::text, scale(s.score),
        count(*), sum(s.n_atteints), sum(s.n_objectifs)
   FROM lecap.score s JOIN lecap.resultat_evaluation r ON r.evaluation_id = s.evaluation_id
  WHERE s.score IS NOT NULL AND r.complete
    AND s.campagne IN (SELECT campagne FROM lecap.repartition_score)
  GROUP BY s.campagne, r.type_structure, s.niveau, s.code, s.score, scale(s.score)"
KEPT="SELECT campagne, type_structure, niveau, code, score::text, echelle, n, n_atteints, n_objectifs
   FROM lecap.repartition_score"
DISTRIBUTED=0
# The same for the sums of the colleges' scores (lecap.somme_college,
# migrations 046 and 051), per region, college, element and scale.
RECOUNT_C="SELECT c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score), count(*),
        sum(c.n_repondants), sum(c.score)::text
   FROM lecap.score_college c JOIN lecap.resultat_evaluation r ON r.evaluation_id = c.evaluation_id
  WHERE r.complete AND c.campagne IN (SELECT campagne FROM lecap.somme_college)
  GROUP BY c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score)"
KEPT_C="SELECT campagne, region, college, niveau, code, echelle, n, n_repondants, somme::text
   FROM lecap.somme_college"
SUMMED=0
# The same for the sums of the effect of the plans (lecap.effet_plan_somme,
# migration 049), per region, element, group and scale, against the panel.
RECOUNT_E="SELECT p.campagne, p.region, m.niveau, m.code, g.groupe, scale(m.delta), count(*), sum(m.delta)::text
   FROM lecap.effet_plan_panel p
  CROSS JOIN LATERAL unnest(p.niveaux, p.codes, p.deltas, p.avec, p.statuts) AS m (niveau, code, delta, avec, statut)
  CROSS JOIN LATERAL (VALUES (CASE WHEN m.avec THEN 'avec' ELSE 'sans' END), (CASE WHEN m.avec THEN m.statut END)) AS g (groupe)
  WHERE g.groupe IS NOT NULL
  GROUP BY p.campagne, p.region, m.niveau, m.code, g.groupe, scale(m.delta)"
KEPT_E="SELECT campagne, region, niveau, code, groupe, echelle, n, somme::text FROM lecap.effet_plan_somme"

# compare DB STEP: aggregate --all on a copy of DB; every relation compared.
compare() {
	local db=$1 step=$2 full=${1}_complet rels
	local dist
	dist=$(on "$db" "SELECT (SELECT count(*) FROM ($KEPT EXCEPT ALL $RECOUNT) a) || '|'
	                     || (SELECT count(*) FROM ($RECOUNT EXCEPT ALL $KEPT) b) || '|'
	                     || (SELECT count(*) FROM lecap.repartition_score)")
	assert_eq "$step : répartition des scores gardée = recomptée (${dist##*|} lignes)" "0|0" "${dist%|*}"
	DISTRIBUTED=$((DISTRIBUTED + ${dist##*|}))
	dist=$(on "$db" "SELECT (SELECT count(*) FROM ($KEPT_C EXCEPT ALL $RECOUNT_C) a) || '|'
	                     || (SELECT count(*) FROM ($RECOUNT_C EXCEPT ALL $KEPT_C) b) || '|'
	                     || (SELECT count(*) FROM lecap.somme_college)")
	assert_eq "$step : sommes des scores des collèges gardées = recomptées (${dist##*|} lignes)" "0|0" "${dist%|*}"
	SUMMED=$((SUMMED + ${dist##*|}))
	dist=$(on "$db" "SELECT (SELECT count(*) FROM ($KEPT_E EXCEPT ALL $RECOUNT_E) a) || '|'
	                     || (SELECT count(*) FROM ($RECOUNT_E EXCEPT ALL $KEPT_E) b) || '|'
	                     || (SELECT count(*) FROM lecap.effet_plan_somme)")
	assert_eq "$step : sommes de l'effet des plans gardées = recomptées (${dist##*|} lignes)" "0|0" "${dist%|*}"
	rels=$(echo $TABLES $VIEWS)
	if ! copy_db "$db" "$full"; then
		not_ok "$step : copie de la base impossible"
		return
	fi
	PGDATABASE=$full run_lecap aggregate --all
	[ "$RC" = 0 ] || { not_ok "$step : aggregate --all sur la copie : code $RC"; echo "$ERR" | sed 's/^/# /'; }
	# The full recomputation's relations, copied into schema t39 of DB.
	for rel in $rels; do echo "CREATE TABLE t39.$rel AS SELECT * FROM lecap.$rel;"; done |
		{ echo "DROP SCHEMA IF EXISTS t39 CASCADE; CREATE SCHEMA t39;"; cat; } | psql -X -q -d "$full" -v ON_ERROR_STOP=1 >/dev/null
	on "$db" "DROP SCHEMA IF EXISTS t39 CASCADE" >/dev/null
	pg_dump -n t39 "$full" | psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null
	on postgres "DROP DATABASE $full" >/dev/null
	echo "$CMP_SQL" | psql -X -q -tA -d "$db" -v ON_ERROR_STOP=1 -v rels="$rels" >"$TMPD/cmp"
	on "$db" "DROP SCHEMA t39 CASCADE" >/dev/null
	local n bad nrows
	n=$(grep -c . "$TMPD/cmp")
	bad=$(awk -F'|' '$3 != 0 || $4 != 0' "$TMPD/cmp")
	nrows=$(awk -F'|' '$2 == 0 { s += $5 } END { print s + 0 }' "$TMPD/cmp")
	if [ "$n" = $((2 * $(echo $rels | wc -w))) ] && [ -z "$bad" ] && [ "$nrows" -gt 0 ]; then
		ok "$step : incrémental = complet ($((n / 2)) relations, $nrows lignes)"
	else
		not_ok "$step : incrémental ≠ complet ($n comparaisons, $nrows lignes)"
		echo "$bad" | sed 's/^/#   relation|texte|incrémental seul|complet seul|lignes : /'
	fi
}

# trace TEXT: a TAP comment, so that a failing step can be replayed by hand.
trace() { echo "# $*"; }

# pick N WORDS...: N of the WORDS drawn with RANDOM, into the array PICKED.
# It runs in this shell, never in $( ): bash reseeds RANDOM in a subshell,
# and a seed must give the same steps on every run (they are printed).
pick() {
	local n=$1
	shift
	local -a all=("$@")
	PICKED=()
	while [ "$n" -gt 0 ] && [ "${#all[@]}" -gt 0 ]; do
		local i=$((RANDOM % ${#all[@]}))
		PICKED+=("${all[$i]}")
		all=("${all[@]:0:$i}" "${all[@]:$((i + 1))}")
		n=$((n - 1))
	done
}

for seed in 391 392 393; do
	db=t39_$seed
	on postgres "CREATE DATABASE $db" >/dev/null
	export PGDATABASE=$db
	RANDOM=$seed
	W=$TMPD/$seed
	POOL=$W/pool IN=$W/entree AR=$W/archive QU=$W/quarantaine
	mkdir -p "$IN" "$AR" "$QU"
	export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
	run_lecap -q init
	assert_rc "graine $seed : init, code 0" 0
	run_lecap generate --entreprises 30 --campagnes 2024-2026 --graine "$seed" --out "$POOL"
	assert_rc "graine $seed : generate, code 0" 0
	# The registry and half of the exports (plans included) first.
	mv "$POOL/adherents.csv" "$IN/"
	pick 60 $(cd "$POOL" && ls)
	for f in "${PICKED[@]}"; do mv "$POOL/$f" "$IN/"; done
	run_lecap ingest
	run_lecap aggregate
	assert_rc "graine $seed : premier calcul, code 0" 0
	compare "$db" "graine $seed, départ"

	for step in 1 2 3; do
		actions=""
		# New exports (or plans) not loaded yet.
		pick $((RANDOM % 4)) $(cd "$POOL" && ls)
		for f in "${PICKED[@]}"; do
			mv "$POOL/$f" "$IN/" && actions="$actions nouveau" && trace "graine $seed, étape $step : nouveau $f"
		done
		loaded=$(on "$db" "SELECT f.campagne || '/' || f.nom FROM lecap.evaluation e
		                    JOIN lecap.fichier f ON f.id = e.fichier_id ORDER BY 1")
		# Corrected exports: a later stamp, the first COUNT notes set to NOTE.
		pick $((1 + RANDOM % 3)) $loaded
		for f in "${PICKED[@]}"; do
			camp=${f%%/*} note=$((1 + RANDOM % 4)) count=$((1 + RANDOM % 200))
			python3 tests/tools/reexport.py "$AR/$f" "$IN/corr$step-${f#*/}" \
				"$camp-11-30T22:$((10 + step)):00+01:00" $note $count &&
				actions="$actions remplacé" && trace "graine $seed, étape $step : remplacé $f ($count note(s) à $note)"
		done
		# Obsolete exports: older than what is loaded.
		pick $((RANDOM % 2)) $loaded
		for f in "${PICKED[@]}"; do
			camp=${f%%/*}
			python3 tests/tools/reexport.py "$AR/$f" "$IN/vieux$step-${f#*/}" \
				"$camp-01-02T08:00:00+01:00" 1 && actions="$actions obsolète" &&
				trace "graine $seed, étape $step : obsolète $f"
		done
		run_lecap ingest
		# Withdrawn evaluations.
		pick $((RANDOM % 2)) $(on "$db" "SELECT siret || ':' || campagne FROM lecap.evaluation ORDER BY 1")
		for ev in "${PICKED[@]}"; do
			trace "graine $seed, étape $step : retiré $ev"
			run_lecap retirer --siret "${ev%%:*}" --campagne "${ev#*:}" --motif "test 39" &&
				actions="$actions retiré"
		done
		run_lecap aggregate
		assert_rc "graine $seed, étape $step :$actions : aggregate, code 0" 0
		# Scores computed for the new evaluations only: fewer than the
		# campaigns' evaluations.
		computed=$(echo "$ERR" | sed -n 's/.* scores de \([0-9]*\) évaluation(s) calculés.*/\1/p' | paste -sd+ | bc)
		total=$(echo "$ERR" | sed -n 's/.* recalculée ([^)]*) : \([0-9]*\) évaluation(s).*/\1/p' | paste -sd+ | bc)
		if [ -n "$computed" ] && [ -n "$total" ] && [ "$computed" -lt "$total" ]; then
			ok "graine $seed, étape $step : scores calculés pour $computed évaluation(s) sur $total"
		else
			not_ok "graine $seed, étape $step : scores calculés pour ${computed:-?} évaluation(s) sur ${total:-?}"
		fi
		compare "$db" "graine $seed, étape $step"
	done
	# Evaluations gone and nothing new: their region is touched all the
	# same (sql/fonctions/agreger.sql, t_touch). A withdrawal alone: a
	# complete evaluation of the latest campaign, in a region that keeps
	# another one (its aggregates change, the region is not emptied).
	ev=$(on "$db" "SELECT r.siret || ':' || r.campagne FROM lecap.resultat_evaluation r
	     WHERE r.complete AND r.campagne = (SELECT max(campagne) FROM lecap.evaluation)
	       AND (SELECT count(*) FROM lecap.resultat_evaluation x
	             WHERE x.campagne = r.campagne AND x.region = r.region AND x.complete) >= 2
	     ORDER BY r.region, r.siret LIMIT 1")
	trace "graine $seed, étape 4 : retiré seul $ev"
	run_lecap retirer --siret "${ev%%:*}" --campagne "${ev#*:}" --motif "test 39"
	run_lecap aggregate
	assert_contains "graine $seed, étape 4 : un retrait seul, une campagne recalculée" \
		"scores de 0 évaluation(s) calculés" "$ERR"
	compare "$db" "graine $seed, étape 4 (un retrait seul)"
	# An erasure alone (lecap purger --siret: lecap.effacer_adherent deletes
	# the member's resultat_evaluation rows, not its scores): a member with a
	# complete evaluation in the latest campaign.
	siret=$(on "$db" "SELECT r.siret FROM lecap.resultat_evaluation r
	     WHERE r.complete AND r.campagne = (SELECT max(campagne) FROM lecap.evaluation)
	     ORDER BY r.region DESC, r.siret LIMIT 1")
	trace "graine $seed, étape 5 : effacé seul $siret"
	run_lecap purger --siret "$siret"
	assert_rc "graine $seed, étape 5 : purger --siret, code 0" 0
	run_lecap aggregate
	assert_contains "graine $seed, étape 5 : un effacement seul, rien de nouveau à calculer" \
		"scores de 0 évaluation(s) calculés" "$ERR"
	compare "$db" "graine $seed, étape 5 (un effacement seul)"
	# A corrected export of an evaluation whose scores other evaluations of
	# its type share (a row of the distribution counted twice or more): the
	# distribution loses one from those rows instead of deleting them. Every
	# note set to 4: most of its scores change.
	f=$(on "$db" "SELECT f.campagne || '/' || f.nom FROM lecap.resultat_evaluation r
	     JOIN lecap.evaluation e ON e.id = r.evaluation_id JOIN lecap.fichier f ON f.id = e.fichier_id
	     WHERE r.complete AND r.campagne = (SELECT max(campagne) FROM lecap.repartition_score)
	       AND (SELECT count(*) FROM lecap.score s JOIN lecap.repartition_score d
	              ON d.campagne = s.campagne AND d.type_structure = r.type_structure AND d.niveau = s.niveau
	             AND d.code = s.code AND d.score = s.score AND d.echelle = scale(s.score)
	             WHERE s.campagne = r.campagne AND s.evaluation_id = r.evaluation_id AND s.score <> 4 AND d.n >= 2) > 0
	     ORDER BY r.siret LIMIT 1")
	if [ -n "$f" ]; then
		trace "graine $seed, étape 6 : remplacé $f (toutes les notes à 4)"
		python3 tests/tools/reexport.py "$AR/$f" "$IN/corr6-${f#*/}" "${f%%/*}-11-30T22:20:00+01:00" 4
		run_lecap ingest
		run_lecap aggregate
		assert_rc "graine $seed, étape 6 : un export corrigé dont les scores sont partagés, code 0" 0
		compare "$db" "graine $seed, étape 6 (scores partagés retirés)"
	else
		not_ok "graine $seed, étape 6 : aucune évaluation complète aux scores partagés"
	fi
	# The guard of the demand for the offers kept by difference: a kept
	# count planted inconsistent (in a region the next export does not
	# touch: its evaluations counted, none of their objectives) fails the
	# aggregation, whose results stay as they were; the campaign
	# recomputed from scratch is counted again.
	if [ "$seed" = 393 ]; then
		camp=$(on "$db" "SELECT max(campagne) FROM lecap.demande_offres")
		ev=$(on "$db" "SELECT f.campagne || '/' || f.nom || ':' || r.region FROM lecap.resultat_evaluation r
		     JOIN lecap.evaluation e ON e.id = r.evaluation_id JOIN lecap.fichier f ON f.id = e.fichier_id
		     WHERE r.complete AND r.campagne = $camp ORDER BY r.siret LIMIT 1")
		f=${ev%%:*}
		row=$(on "$db" "SELECT region || '|' || offre || '|' || n_entreprises_objectifs FROM lecap.demande_offres
		      WHERE campagne = $camp AND region NOT IN ('FR', '${ev#*:}') AND n_entreprises_objectifs > 0
		      ORDER BY region, offre LIMIT 1")
		IFS='|' read -r reg offre n <<<"$row"
		trace "graine $seed, étape 7 : demande d'offres $reg/$offre plantée à 0 objectif, remplacé $f"
		on "$db" "UPDATE lecap.demande_offres SET n_objectifs_non_atteints = 0
		          WHERE campagne = $camp AND region = '$reg' AND offre = '$offre'" >/dev/null
		python3 tests/tools/reexport.py "$AR/$f" "$IN/corr7-${f#*/}" "$camp-11-30T22:30:00+01:00" 1 3
		run_lecap ingest
		run_lecap aggregate
		assert_rc "graine $seed, étape 7 : comptes de la demande gardés incohérents, code 3" 3
		assert_contains "graine $seed, étape 7 : l'erreur nomme la région, l'offre et les comptes" \
			"lecap: erreur: base de données, calcul des agrégats de la campagne $camp : demande d'offres : comptes gardés incohérents (région $reg, offre $offre : $n évaluation(s) et 0 objectif(s) non atteint(s), une fois ajoutées les évaluations arrivées et retirées celles parties)
lecap: astuce: recalculer la campagne depuis zéro : lecap aggregate --campagne $camp" "$ERR"
		assert_eq "graine $seed, étape 7 : rien d'écrit, la nouvelle évaluation attend ses résultats" "1" \
			"$(on "$db" "SELECT count(*) FROM lecap.evaluation e WHERE e.campagne = $camp
			             AND NOT EXISTS (SELECT 1 FROM lecap.resultat_evaluation r WHERE r.evaluation_id = e.id)")"
		run_lecap aggregate --campagne "$camp"
		assert_rc "graine $seed, étape 7 : aggregate --campagne $camp, code 0" 0
		compare "$db" "graine $seed, étape 7 (demande d'offres recomptée)"
	fi
	unset PGDATABASE
	on postgres "DROP DATABASE $db" >/dev/null
done
if [ "$SUMMED" -gt 0 ]; then
	ok "sommes des scores des collèges comparées sur $SUMMED lignes en tout"
else
	not_ok "sommes des scores des collèges jamais gardées : rien de comparé"
fi
if [ "$DISTRIBUTED" -gt 0 ]; then
	ok "répartition des scores comparée sur $DISTRIBUTED lignes en tout"
else
	not_ok "répartition des scores jamais gardée : rien de comparé"
fi

done_testing
