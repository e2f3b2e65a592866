# lecap run reads only the photographies whose inputs changed (issue 20
# item 3): a member is read (and its fingerprint compared) when its own
# evaluations or plans changed, when a median of its region, of the network
# or of its structure type that it shows moved, or the federation's offers
# its plan names, when its file is missing or
# damaged; the others are not even read. Whatever the night, the reports
# directory ends byte-identical to a full rendering; the inputs are recorded
# only once every photographie is written, so a run killed before leaves
# them to read again.
. tests/lib.sh
cd "$TMPD" || exit 1
night_network 12

# the debug line of the members read: « N adhérent(s) relu(s) sur M »
relus() { printf '%s\n' "$ERR" | sed -n 's/.*photographies : \([0-9]*\) adhérents\{0,1\} relus\{0,1\} sur \([0-9]*\) .*/\1 sur \2/p'; }
# the files of a full rendering of 2026 (another directory) that differ from the reports directory
differs() {
	rm -rf "$TMPD/plein" && "$LECAP" -q report --campagne 2026 --out "$TMPD/plein" >/dev/null 2>&1
	diff -r "$TMPD/plein/2026" "$RAP/2026" 2>&1
}
inodes() { (cd "$RAP/2026" && find . -name '*.pdf' -printf '%P %i\n' | sort); }
rewritten() { join -a 2 "$1" "$2" | awk 'NF == 2 || $2 != $3 { print $1 }'; }
# makes the next lecap run render 2026 again, as after an aggregation
stale() { sql "UPDATE lecap.agregat_campagne SET calcule_le = now() WHERE campagne = 2026" >/dev/null; }

run_lecap -v run
assert_rc "première nuit : code 0" 0
n=$(sql "SELECT count(*) FROM lecap.resultat_evaluation WHERE campagne = 2026")
assert_eq "première nuit : chaque adhérent est lu" "$n sur $n" "$(relus)"
assert_eq "première nuit : les entrées de chacun sont enregistrées" "$n" \
	"$(sql "SELECT count(*) FROM lecap.photographie_entree WHERE campagne = 2026")"
assert_eq "première nuit : = un rendu complet" "" "$(differs)"

# --- one corrected export that changes no note: only its member is read ----------------
eval_file() { sql "SELECT f.nom FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id
	WHERE e.campagne = 2026 AND f.nom LIKE 'reponses-%' ORDER BY e.siret OFFSET $1 LIMIT 1"; }
f=$(eval_file 0)
siret=$(echo "$f" | sed 's/^reponses-\([0-9]*\)-.*/\1/')
python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$f" "$IN/$f" 2026-12-01T12:00:00+01:00 4 0
inodes >"$TMPD/i0"
# the secrecy decision's rows, with the transactions that wrote them
secret_rows() { sql "SELECT count(*) || ' ' || string_agg(DISTINCT xmin::text, ',') FROM lecap.secret WHERE campagne = 2026"; }
s0=$(secret_rows)
run_lecap -v run
assert_rc "réexport sans changement de note : code 0" 0
assert_eq "réexport sans changement de note : intégré" "1" \
	"$(sql "SELECT fichiers_integres FROM lecap.execution ORDER BY id DESC LIMIT 1")"
assert_eq "réexport sans changement de note : 1 adhérent lu" "1 sur $n" "$(relus)"
assert_contains "réexport sans changement de note : les autres comptent « à jour »" \
	"1 photographie d'adhérent (et $((n - 1)) à jour, laissées telles quelles)" "$ERR"
assert_eq "réexport sans changement de note : seule sa photographie est réécrite (sa date d'export)" \
	"entreprises/$(sql "SELECT region FROM lecap.resultat_evaluation WHERE campagne = 2026 AND siret = '$siret'")/$siret.pdf" \
	"$(inodes >"$TMPD/i1"; rewritten "$TMPD/i0" "$TMPD/i1" | grep '^entreprises/')"
assert_eq "réexport sans changement de note : = un rendu complet" "" "$(differs)"
# no count changed: the secrecy decision stands, its rows not even rewritten
# (lecap.secret_entree, migration 050; test 39 compares it with a full
# recomputation after random nights)
assert_eq "réexport sans changement de note : le secret décidé gardé tel quel" "$s0" "$(secret_rows)"

# --- killed after the photographies, before their inputs are recorded -----------------
f2=$(eval_file 1)
python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$f2" "$IN/$f2" 2026-12-02T12:00:00+01:00 4 0
LECAP_TEST_CRASH=rapports-avant-entrees run_lecap -v run
assert_eq "kill -9 avant l'enregistrement des entrées : tué" "137" "$RC"
assert_eq "kill -9 : l'adhérent réexporté a été lu" "1 sur $n" "$(relus)"
run_lecap -v run
assert_rc "relance après kill -9 : code 0" 0
assert_eq "relance : l'adhérent réexporté est encore à relire" "1 sur $n" "$(relus)"
assert_eq "relance : = un rendu complet" "" "$(differs)"
stale
run_lecap -v run
assert_eq "nuit suivante : plus personne à relire" "0 sur $n" "$(relus)"
assert_contains "nuit suivante : toutes à jour" "0 photographie d'adhérent (et $n à jour" "$ERR"

# --- the inputs' digests on a second session (two workers), on the report's own (one) ----
# With two workers or more, the digests are read on a session of their own
# while the territories' reports are drawn; with one, after them: the same
# member read, the same files as a full rendering.
k=2
for w in 1 2; do
	f=$(eval_file $k)
	k=$((k + 1))
	python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$f" "$IN/$f" 2026-12-0${k}T12:00:00+01:00 4 0
	LECAP_RAPPORTS_TRAVAILLEURS=$w run_lecap -v run
	assert_rc "travailleurs = $w, un export corrigé : code 0" 0
	assert_eq "travailleurs = $w, un export corrigé : 1 adhérent lu" "1 sur $n" "$(relus)"
	assert_eq "travailleurs = $w : = un rendu complet" "" "$(differs)"
	case $w in
	1) assert_not_contains "travailleurs = 1 : l'empreinte lue après les rapports territoriaux" \
		"seconde session" "$ERR" ;;
	*) assert_contains "travailleurs = $w : l'empreinte lue sur une seconde session" \
		"lecap: debug: photographies : empreinte des entrées lue sur une seconde session, pendant que la première continue" \
		"$ERR" ;;
	esac
done

# --- a later export of one member's plan, one status changed: that member only ----------
# Each plan's actions and offers are digested once by the aggregation
# (lecap.empreinte_plan, migration 047): the replaced plan's digest goes with
# it, the new one gets its own; each is the text photographie_entrees would
# compute on the fly.
pf=$(sql "SELECT f.nom FROM lecap.plan p JOIN lecap.fichier f ON f.id = p.fichier_id
	JOIN lecap.resultat_evaluation r ON r.siret = p.siret AND r.campagne = p.campagne
	WHERE p.campagne = 2026 ORDER BY p.siret LIMIT 1")
psiret=$(echo "$pf" | sed 's/^plan-\([0-9]*\)-.*/\1/')
awk -F';' 'BEGIN { OFS = ";" } NR == 1 { print; next }
	{ $3 = "2026-12-03 12:00:00" } NR == 2 { $9 = ($9 == "realisee" ? "en_cours" : "realisee") } { print }' \
	"$TMPD/archive/2026/$pf" >"$IN/$pf"
plan_digests() {
	sql "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC'; SET extra_float_digits = 1; SET lc_numeric = 'C';
	     SELECT count(*) || '|' || count(*) FILTER (WHERE x.plan_id IS NULL) || '|'
	            || count(*) FILTER (WHERE x.actions IS DISTINCT FROM (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero))
	                                  FROM lecap.plan_action a WHERE a.plan_id = p.id)
	                          OR x.offres IS DISTINCT FROM (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
	                                  FROM lecap.plan_action_offre o WHERE o.plan_id = p.id))
	       FROM lecap.plan p LEFT JOIN lecap.empreinte_plan x ON x.plan_id = p.id WHERE p.campagne = 2026" | tail -1
}
oldplan=$(sql "SELECT id FROM lecap.plan WHERE campagne = 2026 AND siret = '$psiret'")
inodes >"$TMPD/i0"
run_lecap -v run
assert_rc "plan réexporté : code 0" 0
assert_eq "plan réexporté : 1 adhérent lu" "1 sur $n" "$(relus)"
assert_eq "plan réexporté : seule sa photographie est réécrite" \
	"entreprises/$(sql "SELECT region FROM lecap.resultat_evaluation WHERE campagne = 2026 AND siret = '$psiret'")/$psiret.pdf" \
	"$(inodes >"$TMPD/i1"; rewritten "$TMPD/i0" "$TMPD/i1" | grep '^entreprises/')"
assert_eq "plan réexporté : = un rendu complet" "" "$(differs)"
assert_eq "plan réexporté : chaque plan de 2026 a son empreinte, celle d'un calcul à la volée" \
	"$(sql "SELECT count(*) FROM lecap.plan WHERE campagne = 2026")|0|0" "$(plan_digests)"
assert_eq "plan réexporté : l'empreinte de l'ancien plan partie avec lui" "0" \
	"$(sql "SELECT count(*) FROM lecap.empreinte_plan WHERE plan_id = $oldplan")"

# --- a regional median moves: that region's members are read, only them --------------
r=$(sql "SELECT region FROM lecap.agregat WHERE campagne = 2026 AND region <> 'FR' AND diffusable
	GROUP BY region ORDER BY count(*) DESC, region LIMIT 1")
nr=$(sql "SELECT count(*) FROM lecap.resultat_evaluation WHERE campagne = 2026 AND region = '$r'")
sql "UPDATE lecap.agregat SET mediane = mediane + 1 WHERE campagne = 2026 AND region = '$r'
	AND niveau = 'theme'" >/dev/null
stale
inodes >"$TMPD/i0"
run_lecap -v run
assert_rc "médiane régionale : code 0" 0
assert_eq "médiane régionale : les $nr adhérents de la région $r sont lus, pas les autres" "$nr sur $n" "$(relus)"
inodes >"$TMPD/i1"
others=$(rewritten "$TMPD/i0" "$TMPD/i1" | grep '^entreprises/' | grep -v "^entreprises/$r/")
assert_eq "médiane régionale : aucune photographie d'une autre région réécrite" "" "$others"
[ "$(rewritten "$TMPD/i0" "$TMPD/i1" | grep -c "^entreprises/$r/")" -gt 0 ] \
	&& ok "médiane régionale : les photographies de la région sont réécrites" \
	|| not_ok "médiane régionale : aucune photographie de la région réécrite"
assert_eq "médiane régionale : = un rendu complet" "" "$(differs)"

# --- the network's quartiles move in their third decimal: nothing printed moves --------
# (a photographie prints the quarter of the network each score falls in, not the quartiles)
sql "UPDATE lecap.agregat SET q1 = round(q1, 2) - 0.004, q3 = round(q3, 2) + 0.004 WHERE campagne = 2026
	AND region = 'FR' AND type_structure = '*' AND q1 IS NOT NULL AND round(q1, 2) <> q1" >/dev/null
stale
run_lecap -v run
assert_rc "quartiles du réseau à la 3e décimale : code 0" 0
assert_eq "quartiles du réseau à la 3e décimale : personne n'est lu" "0 sur $n" "$(relus)"
assert_eq "quartiles du réseau à la 3e décimale : = un rendu complet" "" "$(differs)"

# --- a network quartile moves across scores: the members whose printed quarter changes are read, only them
# (q1 of a theme raised to its median: a score in [q1, median) goes from the 2nd quarter to the 1st)
quart() { sql "SELECT a.code, count(*) FROM lecap.v_publication_agregat a
	JOIN lecap.score s ON s.campagne = a.campagne AND s.code = a.code
	JOIN lecap.resultat_evaluation r ON r.evaluation_id = s.evaluation_id AND r.campagne = a.campagne
	WHERE a.campagne = 2026 AND a.region = 'FR' AND a.niveau = 'theme' AND a.diffusable
	  AND round(s.score, 2) >= a.q1 AND round(s.score, 2) < a.mediane
	GROUP BY a.code ORDER BY count(*), a.code LIMIT 1"; }
t=$(quart | cut -d'|' -f1)
nq=$(quart | cut -d'|' -f2)
[ "${nq:-0}" -gt 0 ] && [ "$nq" -lt "$n" ] \
	&& ok "quartile du réseau : $nq adhérent(s) sur $n changent de quart au thème $t" \
	|| not_ok "quartile du réseau : pas de thème où une partie des adhérents change de quart ($t: $nq)"
sql "UPDATE lecap.agregat SET q1 = mediane WHERE campagne = 2026 AND region = 'FR' AND type_structure = '*'
	AND code = '$t'" >/dev/null
stale
inodes >"$TMPD/i0"
run_lecap -v run
assert_rc "quartile du réseau : code 0" 0
assert_eq "quartile du réseau : les $nq adhérents dont le quart change sont lus, pas les autres" "$nq sur $n" "$(relus)"
inodes >"$TMPD/i1"
assert_eq "quartile du réseau : leurs $nq photographies sont réécrites, aucune autre" "$nq" \
	"$(rewritten "$TMPD/i0" "$TMPD/i1" | grep -c '^entreprises/')"
assert_eq "quartile du réseau : = un rendu complet" "" "$(differs)"

# --- a network median moves: every member is read ------------------------------------
sql "UPDATE lecap.agregat SET mediane = mediane + 1 WHERE campagne = 2026 AND region = 'FR'
	AND type_structure = '*' AND niveau = 'theme'" >/dev/null
stale
run_lecap -v run
assert_rc "médiane du réseau : code 0" 0
assert_eq "médiane du réseau : tout le monde est lu" "$n sur $n" "$(relus)"
assert_eq "médiane du réseau : = un rendu complet" "" "$(differs)"

# --- an offer's label changes (config/offres.csv reloaded): the plans print it ----------
# (the night's init loads [referentiel] offres into lecap.offre)
offre=$(sql "SELECT offre FROM lecap.element_offre GROUP BY offre ORDER BY count(*) DESC, offre LIMIT 1")
awk -F';' -v OFS=';' -v c="$offre" '$1 == c { $2 = $2 " (renouvelée)" } 1' "$ROOT/config/offres.csv" >"$TMPD/offres.csv"
stale
LECAP_REFERENTIEL_OFFRES="$TMPD/offres.csv" run_lecap -v run
assert_rc "libellé d'une offre : code 0" 0
assert_eq "libellé d'une offre : tout le monde est lu" "$n sur $n" "$(relus)"
assert_contains "libellé d'une offre : imprimé dans les plans" "(renouvelée)" \
	"$(for f in $(find "$RAP/2026/entreprises" -name '*.pdf'); do pdftotext "$f" - 2>/dev/null; done)"
assert_eq "libellé d'une offre : = un rendu complet" "" "$(LECAP_REFERENTIEL_OFFRES="$TMPD/offres.csv" differs)"
# the offers file as it was: the labels change back, and everyone is read again
stale
run_lecap -v run
assert_eq "offres d'origine : tout le monde est relu" "$n sur $n" "$(relus)"

# --- [rapports] priorites changes: the next night redraws every plan with its new number ---------
# (5 by default). No aggregation: the campaign is rendered again because its reports were drawn with
# other facts (lecap.rapport_campagne.faits, migration 040). The digest and the PDF's fingerprint
# start with the same facts: a member read for its new digest whose file carried the old fingerprint
# would be kept, with 5 priorities printed.
assert_eq "faits du rendu enregistrés" "mise-en-page-N||5|oui" \
	"$(sql "SELECT faits FROM lecap.rapport_campagne WHERE campagne = 2026" | sed "s/mise-en-page-[0-9]*/mise-en-page-N/")"
LECAP_RAPPORTS_PRIORITES=3 run_lecap -v run
assert_rc "priorites = 3 : code 0" 0
assert_eq "priorites = 3 : tout le monde est lu" "$n sur $n" "$(relus)"
assert_contains "priorites = 3 : toutes redessinées" "$n photographies d'adhérents (" "$ERR"
assert_not_contains "priorites = 3 : aucune gardée" "à jour, laissée" "$ERR"
assert_eq "priorites = 3 : = un rendu complet" "" "$(LECAP_RAPPORTS_PRIORITES=3 differs)"
LECAP_RAPPORTS_PRIORITES=3 run_lecap -v run
assert_not_contains "priorites = 3, nuit suivante : rien à rendre" "photographies :" "$ERR"
run_lecap -v run
assert_eq "priorites par défaut : tout le monde est relu" "$n sur $n" "$(relus)"
assert_eq "priorites par défaut : = un rendu complet" "" "$(differs)"
# rendered before migration 040: taken as drawn with today's facts (an upgrade alone redraws nothing)
sql "UPDATE lecap.rapport_campagne SET faits = NULL" >/dev/null
run_lecap -v run
assert_not_contains "faits inconnus (rendu d'avant 040) : rien à rendre" "photographies :" "$ERR"

# --- a missing and a damaged file: read and written again -----------------------------
p1=$(cd "$RAP/2026" && find entreprises -name '*.pdf' | sort | sed -n 2p)
p2=$(cd "$RAP/2026" && find entreprises -name '*.pdf' | sort | sed -n 3p)
rm "$RAP/2026/$p1"
head -c 2000 "$RAP/2026/$p2" >"$TMPD/tronque" && cp "$TMPD/tronque" "$RAP/2026/$p2"
stale
run_lecap -v run
assert_rc "fichiers absent et abîmé : code 0" 0
assert_eq "fichiers absent et abîmé : ces 2 adhérents sont lus" "2 sur $n" "$(relus)"
assert_eq "fichiers absent et abîmé : = un rendu complet" "" "$(differs)"

# --- --all reads everyone ------------------------------------------------------------
run_lecap -v run --all
assert_rc "run --all : code 0" 0
assert_eq "run --all : tout le monde est lu" "$n sur $n" "$(relus)"

# --- the network's quartiles move: the kept digests of the quarters ---------------------
# The digest of the quarters each evaluation's scores fall in is kept by the
# publication (lecap.quart_evaluation, migration 048) with the quartiles it
# was computed with (lecap.quart_borne), and corrected by the difference when
# they move: it must equal one computed from the scores, and the members read
# are exactly those whose printed inputs changed.
quarts_recount="SELECT r.evaluation_id, count(x.h)::int AS lignes, coalesce(sum(x.h), 0) AS somme
	FROM lecap.resultat_evaluation r
	LEFT JOIN (SELECT s.evaluation_id, lecap.quart_hachage(s.niveau, s.code, s.score, a.q1, a.mediane, a.q3) AS h
	             FROM lecap.score s JOIN lecap.v_publication_agregat a ON a.campagne = s.campagne AND a.region = 'FR'
	                  AND a.code = s.code AND a.diffusable AND a.q1 IS NOT NULL AND a.mediane IS NOT NULL AND a.q3 IS NOT NULL
	            WHERE s.campagne = 2026 AND s.niveau IN ('theme', 'sous_theme', 'objectif') AND s.score IS NOT NULL) x
	  ON x.evaluation_id = r.evaluation_id
	WHERE r.campagne = 2026 GROUP BY r.evaluation_id"
quarts() {
	sql "SELECT (SELECT count(*) FROM (SELECT evaluation_id, lignes, somme FROM lecap.quart_evaluation WHERE campagne = 2026
	                                   EXCEPT ALL $quarts_recount) a) || '|'
	         || (SELECT count(*) FROM ($quarts_recount EXCEPT ALL SELECT evaluation_id, lignes, somme
	                                   FROM lecap.quart_evaluation WHERE campagne = 2026) b) || '|'
	         || (SELECT count(*) FROM lecap.quart_evaluation WHERE campagne = 2026 AND lignes > 0)"
}
bornes() { sql "SELECT md5(string_agg(code || ':' || q1 || ':' || mediane || ':' || q3, ' ' ORDER BY code)) FROM lecap.quart_borne WHERE campagne = 2026"; }
# (the quartiles changed in place above are not those the digests were
# kept with: photographie_entrees hashed the scores then; the digests kept
# are corrected from the quartiles they were computed with)
b0=$(bornes)
# every note of three members set to 1: the network's quartiles move
for k in 3 4 5; do
	fk=$(eval_file $k)
	python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$fk" "$IN/$fk" 2026-12-04T12:00:00+01:00 1
done
run_lecap -v run
assert_rc "quartiles déplacés : code 0" 0
assert_not_contains "quartiles déplacés : ils ont bougé" "$b0" "$(bornes)"
assert_eq "quartiles déplacés : quarts gardés = recomptés" "0|0|$n" "$(quarts)"
assert_eq "quartiles déplacés : = un rendu complet" "" "$(differs)"
stale
run_lecap -v run
assert_eq "quartiles déplacés, nuit suivante : plus personne à relire" "0 sur $n" "$(relus)"

# --- aggregate --all decides the secrecy again, from scratch: the same cells -------------
s0=$(secret_rows)
c0=$(sql "SELECT md5(string_agg(concat_ws('|', tableau, region, ventilation, code, n, motif), ';'
	ORDER BY tableau, region, ventilation, code)) FROM lecap.secret WHERE campagne = 2026")
run_lecap -q aggregate --all
assert_rc "aggregate --all : code 0" 0
assert_eq "aggregate --all : le secret décidé de nouveau (lignes réécrites)" "false" \
	"$([ "$s0" = "$(secret_rows)" ] && echo true || echo false)"
assert_eq "aggregate --all : les mêmes cellules masquées, pour les mêmes raisons" "$c0" \
	"$(sql "SELECT md5(string_agg(concat_ws('|', tableau, region, ventilation, code, n, motif), ';'
	ORDER BY tableau, region, ventilation, code)) FROM lecap.secret WHERE campagne = 2026")"

# --- killed between the campaign's commit and its quarters' digests ---------------------
# lecap.quart_ecrire runs once the campaign has committed, in a transaction of
# its own (src/aggregate/aggregate.c); the campaign's transaction records that
# the digests are due (lecap.quart_en_attente, migration 054). Killed between
# the two, the results stand, the digests are still those of the quartiles
# before, and they are still due; the next night writes them although it does
# not compute the campaign again, and its photographies equal a full
# rendering.
publies() { sql "SELECT md5(string_agg(code || ':' || q1 || ':' || mediane || ':' || q3, ' ' ORDER BY code))
	FROM lecap.v_publication_agregat WHERE campagne = 2026 AND region = 'FR'
	 AND niveau IN ('theme', 'sous_theme', 'objectif') AND diffusable
	 AND q1 IS NOT NULL AND mediane IS NOT NULL AND q3 IS NOT NULL"; }
en_attente() { sql "SELECT coalesce(string_agg(campagne::text, ' ' ORDER BY campagne), '') FROM lecap.quart_en_attente"; }
b1=$(bornes)
assert_eq "avant la panne : les empreintes suivent les quartiles publiés" "$b1" "$(publies)"
assert_eq "avant la panne : aucune empreinte en attente" "" "$(en_attente)"
for k in 6 7 8; do
	fk=$(eval_file $k)
	python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$fk" "$IN/$fk" 2026-12-05T12:00:00+01:00 4
done
LECAP_TEST_CRASH=agregation-avant-quarts run_lecap -q run
assert_rc "tué avant l'empreinte des quarts : SIGKILL" 137
assert_not_contains "tué avant l'empreinte des quarts : les agrégats sont validés (quartiles publiés déplacés)" \
	"$b1" "$(publies)"
assert_eq "tué avant l'empreinte des quarts : les empreintes gardées sont celles d'avant" "$b1" "$(bornes)"
assert_eq "tué avant l'empreinte des quarts : celles de 2026 restent dues" "2026" "$(en_attente)"
run_lecap -v run
assert_rc "nuit suivante : code 0" 0
assert_contains "nuit suivante : elle écrit les empreintes dues" \
	"lecap: info: empreinte des quarts de la campagne 2026 écrite : le calcul précédent s'était arrêté avant" "$ERR"
assert_not_contains "nuit suivante : sans recalculer la campagne" "campagne 2026 recalculée" "$ERR"
assert_eq "nuit suivante : plus rien en attente" "" "$(en_attente)"
assert_eq "nuit suivante : les empreintes suivent les quartiles publiés" "$(publies)" "$(bornes)"
assert_eq "nuit suivante : quarts gardés = recomptés" "0|0|$n" "$(quarts)"
assert_eq "nuit suivante : = un rendu complet" "" "$(differs)"
