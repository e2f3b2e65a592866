# lecap aggregate: every scoring and aggregation rule on a small network with
# hand-computed expectations (fixtures: tests/agregats/fixture.sql, reseau.sql).
#
# Grid test-agg: theme 1 = {1.1 (poids 1), 1.2 (poids 3)}, theme 2 = {2.1};
# 1.1 = {1.1.1 (cible 3, poids 1), 1.1.2 (cible 2, poids 2)}; 1.2 = {1.2.1
# (cible 3)}; 2.1 = {2.1.1 (cible 2.5)}; indicators a (1.1.1.a), b (1.1.1.b,
# poids 3), c, d (1.1.2), e, f (1.2.1), g, h (2.1.1).
. tests/lib.sh

export LECAP_AGREGATS_SEUIL_SECRET=4 LECAP_AGREGATS_COMPLETUDE_MIN=0.75
run_lecap init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"

run_lecap aggregate
assert_rc "aggregate : code 0" 0
assert_contains "2023 recalculée" "lecap: info: campagne 2023 recalculée (jamais agrégée) : 1 évaluation(s), 1 complète(s)," "$ERR"
assert_contains "2025 recalculée" "lecap: info: campagne 2025 recalculée (jamais agrégée) : 6 évaluation(s), 5 complète(s)," "$ERR"
assert_contains "résumé" "lecap: info: agrégats à jour : 3 campagne(s) recalculée(s) : 2023, 2024, 2025" "$ERR"

# score SIRET CODE: "score|atteint|complete" of v_score_entreprise in 2025.
score() {
	sql "SELECT round(score, 6) || '|' || coalesce(atteint::text, '') || '|' || complete
	     FROM lecap.v_score_entreprise WHERE campagne = 2025 AND siret = '$1' AND code = '$2'"
}
A=00000000000001
# E1: a: direction 4, insertion 2, consensus 1 -> the consensus wins.
assert_eq "consensus plutôt que les individus (a)" "1.000000||true" "$(score $A 1.1.1.a)"
# b: 4 and 2, the consensus row is empty there -> mean 3.
assert_eq "moyenne des individus sans consensus (b)" "3.000000||true" "$(score $A 1.1.1.b)"
# c: NC and 3 -> NC excluded.
assert_eq "NC exclu de la moyenne (c)" "3.000000||true" "$(score $A 1.1.2.a)"
# d: NC and NC -> NC, no numeric row.
assert_eq "NC partout : NC, pas de ligne (d)" "" "$(score $A 1.1.2.b)"
assert_eq "NC partout : NC dans lecap.score" "NC" "$(sql "SELECT coalesce(s.score::text, 'NC') FROM lecap.score s
  JOIN lecap.resultat_evaluation r USING (evaluation_id) WHERE r.siret = '$A' AND r.campagne = 2025 AND s.code = '1.1.2.b'")"
# e: 2 and 4 but consensus NC -> NC.
assert_eq "NC du consensus : non concerné (e)" "" "$(score $A 1.2.1.a)"
assert_eq "f : (1 + 4) / 2" "2.500000||true" "$(score $A 1.2.1.b)"
assert_eq "g : un seul répondant" "3.000000||true" "$(score $A 2.1.1.a)"
# 1.1.1 = (1×1 + 3×3) / 4 = 2.5 < cible 3.
assert_eq "objectif pondéré, non atteint" "2.500000|false|true" "$(score $A 1.1.1)"
# 1.1.2 = c only (d NC) = 3 ≥ 2.
assert_eq "objectif sans l'indicateur NC, atteint" "3.000000|true|true" "$(score $A 1.1.2)"
# 2.1.1 = (3 + 2) / 2 = 2.5 = cible 2.5: reached.
assert_eq "objectif exactement à la cible : atteint" "2.500000|true|true" "$(score $A 2.1.1)"
# 1.1 = (2.5×1 + 3×2) / 3 = 2.833333.
assert_eq "sous-thème pondéré" "2.833333||true" "$(score $A 1.1)"
# theme 1 = (2.833333×1 + 2.5×3) / 4 = 31/12.
assert_eq "thème pondéré" "2.583333||true" "$(score $A 1)"
assert_eq "atteint NULL hors objectifs" "" "$(sql "SELECT atteint FROM lecap.v_score_entreprise
  WHERE campagne = 2025 AND siret = '$A' AND code = '1.1'")"
assert_eq "niveaux de v_score_entreprise" "indicateur|6
objectif|4
sous_theme|3
theme|2" "$(sql "SELECT niveau, count(*) FROM lecap.v_score_entreprise WHERE campagne = 2025 AND siret = '$A' GROUP BY 1 ORDER BY 1")"

# Completeness: E5 6/8 = 0.75 complete (just at), E6 5/8 = 0.625 (NC counts).
assert_eq "complétude exactement au seuil : complète" "0.750000|true" \
	"$(sql "SELECT round(completude, 6) || '|' || complete FROM lecap.resultat_evaluation WHERE siret = '00000000000005' AND campagne = 2025")"
assert_eq "complétude juste sous le seuil : incomplète" "0.625000|false" \
	"$(sql "SELECT round(completude, 6) || '|' || complete FROM lecap.resultat_evaluation WHERE siret = '00000000000006' AND campagne = 2025")"
assert_eq "une évaluation incomplète garde ses scores" "1.000000|false|false" "$(score 00000000000006 1.1.1)"
assert_eq "E5 : thème 2 sans réponse, pas de ligne" "" "$(score 00000000000005 2)"

# agr REGION CODE [TABLE/FILTER]: n|moyenne|mediane|q1|q3|min|max|part|evolution|diffusable
agr() {
	sql "SELECT concat_ws('|', n_entreprises, round(moyenne, 6), round(mediane, 6), round(q1, 6),
	     round(q3, 6), round(minimum, 6), round(maximum, 6), coalesce(round(part_atteinte, 6)::text, '-'),
	     coalesce(round(evolution, 6)::text, '-'), diffusable)
	     FROM lecap.v_agregat WHERE campagne = ${3:-2025} AND region = '$1' AND code = '$2'"
}
# 2024, 84, theme 1: A all 2 (reaches 1.1.2 only), B all 3 (reaches all): 4/6.
# Region 84 theme 1, complete evaluations E1 31/12, E2 2, E3 4, E5 3 (E6 out):
# mean 139/48; median (31/12 + 3)/2; q1 = 2 + 0.75×(31/12 − 2) = 2.4375;
# q3 = 3 + 0.25 = 3.25; reached pairs (1+1+3+3)/12; evolution 139/48 − 2.5.
assert_eq "région 84, thème 1" "4|2.895833|2.791667|2.437500|3.250000|2.000000|4.000000|0.666667|0.395833|t" "$(agr 84 1)"
# Sub-theme 1.1 pairs: E1 1/2, E2 1/2, E3 2/2, E5 2/2 = 6/8.
assert_eq "région 84, sous-thème 1.1" "4|2.958333|2.916667|2.625000|3.250000|2.000000|4.000000|0.750000|0.458333|t" "$(agr 84 1.1)"
# Objective 1.1.1: 2.5, 2, 4, 3 -> reached by E3 and E5.
assert_eq "région 84, objectif 1.1.1" "4|2.875000|2.750000|2.375000|3.250000|2.000000|4.000000|0.500000|0.375000|t" "$(agr 84 1.1.1)"
assert_eq "région 84, indicateur : part NULL" "4|2.500000|2.500000|1.750000|3.250000|1.000000|4.000000|-|0.000000|t" "$(agr 84 1.1.1.a)"
# Theme 2: E1 2.5, E2 2, E3 4 (E5 no answer): n = 3 = seuil − 1, secret.
assert_eq "région 84, thème 2 : n = seuil − 1, non diffusable" "3|2.833333|2.500000|2.250000|3.250000|2.000000|4.000000|0.666667|0.333333|f" "$(agr 84 2)"
# FR theme 1: + E4 (3): 2, 31/12, 3, 3, 4.
assert_eq "réseau FR, thème 1" "5|2.916667|3.000000|2.583333|3.000000|2.000000|4.000000|0.733333|0.416667|t" "$(agr FR 1)"
assert_eq "région 11 sans campagne précédente : évolution NULL" "1|3.000000|3.000000|3.000000|3.000000|3.000000|3.000000|1.000000|-|f" "$(agr 11 1)"
assert_eq "2024, région 84, thème 1 (évolution contre 2023)" "2|2.500000|2.500000|2.250000|2.750000|2.000000|3.000000|0.666667|-0.500000|f" "$(agr 84 1 2024)"
assert_eq "2023 : pas de campagne précédente" "1|3.000000|3.000000|3.000000|3.000000|3.000000|3.000000|1.000000|-|f" "$(agr 84 1 2023)"
assert_eq "v_agregat : seulement les évaluations complètes (FR, 1.1.1.a, sans E6)" "5|2.600000" \
	"$(sql "SELECT n_entreprises || '|' || round(moyenne, 6) FROM lecap.v_agregat WHERE campagne = 2025 AND region = 'FR' AND code = '1.1.1.a'")"
assert_eq "v_agregat : régions présentes" "11
84
FR" "$(sql "SELECT DISTINCT region FROM lecap.v_agregat WHERE campagne = 2025 ORDER BY 1")"

# Per structure type (FR and region): ACI = E1, E2; EI = E3, E5; AI = E4.
assert_eq "par type : thème 1" "ACI|84|2|2.291667
ACI|FR|2|2.291667
AI|11|1|3.000000
AI|FR|1|3.000000
EI|84|2|3.500000
EI|FR|2|3.500000" "$(sql "SELECT type_structure, region, n_entreprises, round(moyenne, 6) FROM lecap.v_agregat_type
  WHERE campagne = 2025 AND code = '1' ORDER BY 1, 2")"
assert_eq "par type : évolution ACI 84 (2024 : A 2, B 3)" "-0.208333" \
	"$(sql "SELECT round(evolution, 6) FROM lecap.v_agregat_type WHERE campagne = 2025 AND region = '84' AND type_structure = 'ACI' AND code = '1'")"

# Colleges: the mean of a college's notes (NC excluded) over the indicators.
# E1 direction: 1.1 = (4, 4) = 4; 1.2 = (2, 1) = 1.5; theme 1 = (4, 4, 2, 1) =
# 2.75; insertion: 1.1 = (2, 2, 3) = 7/3; 1.2 = 4; theme 1 = 15/5 = 3.
# Region 84, theme 1, complete evaluations: direction E1 2.75 and E2 2.
assert_eq "score par collège, thème 1, région 84" "administrateur|1|1|3.000000
benevole|1|1|4.000000
direction|2|2|2.375000
salarie_insertion|1|1|3.000000" "$(sql "SELECT college, n_entreprises, n_repondants, round(moyenne, 6) FROM lecap.v_score_college
  WHERE campagne = 2025 AND region = '84' AND code = '1' ORDER BY 1")"
assert_eq "score d'un collège d'une entreprise" "direction|1|2.750000
direction|1.1|4.000000
direction|1.2|1.500000
salarie_insertion|1|3.000000
salarie_insertion|1.1|2.333333
salarie_insertion|1.2|4.000000" "$(sql "SELECT college, code, round(score, 6) FROM lecap.v_score_college_entreprise
  WHERE campagne = 2025 AND siret = '$A' AND code IN ('1', '1.1', '1.2') ORDER BY 1, 2")"

# Divergence of E1: 1.1: a |4−2|, b |4−2| (c, d: fewer than two notes) = 2;
# 1.2: e 2, f 3 = 2.5; 2.1: h 0 (g one note) = 0.
assert_eq "divergence et point de débat" "1.1|2.000000|2|t
1.2|2.500000|2|t
2.1|0.000000|1|f" "$(sql "SELECT sous_theme, round(ecart_moyen, 6), n_indicateurs, point_de_debat FROM lecap.v_divergence
  WHERE campagne = 2025 AND siret = '$A' ORDER BY 1")"
assert_eq "pas de divergence avec un seul répondant" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_divergence WHERE campagne = 2025 AND siret <> '$A'")"
assert_eq "divergence agrégée, région 84" "1.1|1|2.000000|1|f
1.2|1|2.500000|1|f
2.1|1|0.000000|0|f" "$(sql "SELECT sous_theme, n_entreprises, round(ecart_moyen, 6), n_points_de_debat, diffusable
  FROM lecap.v_divergence_agregat WHERE campagne = 2025 AND region = '84' ORDER BY 1")"

# Plans: 2024 A (1.1.1 en_cours, 1.2.1 a_engager, 2.1.1 realisee, 1.1.2
# abandonnee), C (1.1.1 en_cours); 2025 A (1.1.1 realisee prio 1, 1.2.1
# en_cours, 2.1.1 a_engager prio 1), B (1.1.1 en_cours prio 1).
# Follow-up of 2024's open actions: A's 1.1.1 realised in 2025, A's 1.2.1
# not; C sent no 2025 plan (not counted); closed actions are not counted.
assert_eq "plans 2025, région 84" "1.1.1|2|2|0|1|1|0|2|1|1|1.000000
1.2.1|1|1|0|1|0|0|0|1|0|0.000000
2.1.1|1|1|1|0|0|0|1|0|0|-" "$(sql "SELECT concat_ws('|', objectif, n_entreprises, n_actions, n_a_engager, n_en_cours,
  n_realisees, n_abandonnees, n_priorite_haute, n_actions_precedentes, n_realisees_precedentes,
  coalesce(round(part_realisee_precedente, 6)::text, '-')) FROM lecap.v_plan_agregat
  WHERE campagne = 2025 AND region = '84' ORDER BY 1")"
assert_eq "plans 2024, région 84" "1.1.1|2|2|0|2|0|0
1.1.2|1|1|0|0|0|1
1.2.1|1|1|1|0|0|0
2.1.1|1|1|0|0|1|0" "$(sql "SELECT concat_ws('|', objectif, n_entreprises, n_actions, n_a_engager, n_en_cours,
  n_realisees, n_abandonnees) FROM lecap.v_plan_agregat WHERE campagne = 2024 AND region = '84' ORDER BY 1")"
assert_eq "plans : FR = 84 ici" "3" "$(sql "SELECT count(*) FROM lecap.v_plan_agregat WHERE campagne = 2025 AND region = 'FR'")"

# Offers: plans (A: TST1, TST2; B: TST1+TST2); unreached objectives of
# complete evaluations: E1 1.1.1 (TST1), 1.2.1 (TST2); E2 1.1.1 (TST1),
# 1.2.1, 2.1.1 (TST2).
assert_eq "demande d'offres 2025, région 84" "TST1|Offre test 1|2|2|2|2
TST2|Offre test 2|2|2|2|3" "$(sql "SELECT offre, libelle, n_entreprises_plan, n_actions, n_entreprises_objectifs,
  n_objectifs_non_atteints FROM lecap.v_demande_offres WHERE campagne = 2025 AND region = '84' ORDER BY 1")"

# Participation: registry 84 = A, B, C, H (never), I (2023); 11 = D.
assert_eq "participation 2025" "11|1|1|1.000000|0|0|1|1|1
84|5|3|0.600000|1|1|5|4|6
FR|6|4|0.666667|1|1|6|5|7" "$(sql "SELECT concat_ws('|', region, n_adherents, n_adherents_evalues, round(taux_participation, 6),
  n_sans_evaluation_recente, n_jamais_evalues, n_evaluations, n_completes, n_repondants)
  FROM lecap.v_participation WHERE campagne = 2025 ORDER BY 1")"
assert_eq "adhérents sans évaluation récente, 2025" "84|00000000000008|
84|00000000000009|2023" "$(sql "SELECT region, siret, derniere_campagne FROM lecap.v_adherent_sans_evaluation
  WHERE campagne = 2025 ORDER BY 2")"
assert_eq "répondants par collège, 2025, région 84" "administrateur|1|1
benevole|1|1
direction|3|3
salarie_insertion|1|1" "$(sql "SELECT college, n_repondants, n_entreprises FROM lecap.v_repondants_college
  WHERE campagne = 2025 AND region = '84' ORDER BY 1")"

# Secrecy at seuil_secret − 1 and seuil_secret: the same network with 3.
export LECAP_AGREGATS_SEUIL_SECRET=3
run_lecap aggregate
assert_contains "paramètre changé : recalcul" "lecap: info: campagne 2025 recalculée (paramètres [agregats] changés)" "$ERR"
assert_eq "n = seuil : diffusable" "3|true" "$(sql "SELECT n_entreprises || '|' || diffusable FROM lecap.v_agregat WHERE campagne = 2025 AND region = '84' AND code = '2'")"
assert_eq "n = seuil − 1 : secret (ACI, 84)" "2|false" "$(sql "SELECT n_entreprises || '|' || diffusable FROM lecap.v_agregat_type
  WHERE campagne = 2025 AND region = '84' AND type_structure = 'ACI' AND code = '1'")"

# completude_min 0.8: E5 (0.75) leaves the aggregates.
export LECAP_AGREGATS_COMPLETUDE_MIN=0.8
run_lecap aggregate --campagne 2025
assert_rc "aggregate --campagne 2025 : code 0" 0
assert_eq "seuil de complétude 0.8 : E5 sort" "3|false" "$(sql "SELECT n_entreprises || '|' || complete FROM lecap.v_agregat a
  JOIN lecap.v_evaluation e ON e.campagne = a.campagne AND e.siret = '00000000000005'
  WHERE a.campagne = 2025 AND a.region = '84' AND a.code = '1'")"

# Every column of schema lecap, tables and views, carries a comment.
missing=$(sql "SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'lecap' AND c.relkind IN ('r','v','p')
  AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL")
assert_eq "chaque colonne des tables et vues est commentée" "" "$missing"

# The contract: exact columns and types of the two views of the issue.
assert_eq "colonnes de v_score_entreprise" "campagne integer,siret text,raison_sociale text,region text,type_structure text,niveau text,code text,score numeric,atteint boolean,complete boolean" \
	"$(sql "SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns
	  WHERE table_schema = 'lecap' AND table_name = 'v_score_entreprise'")"
assert_eq "colonnes de v_agregat" "campagne integer,region text,niveau text,code text,n_entreprises integer,moyenne numeric,mediane numeric,q1 numeric,q3 numeric,minimum numeric,maximum numeric,part_atteinte numeric,evolution numeric,diffusable boolean" \
	"$(sql "SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns
	  WHERE table_schema = 'lecap' AND table_name = 'v_agregat'")"

# A weight beyond what lecap computes to the digit (written by hand: the
# referentiel's loader takes 6 decimals at most): the campaign fails loudly,
# its results stay as they were.
before=$(sql "SELECT count(*) || '|' || md5(string_agg(score::text, ',' ORDER BY evaluation_id, niveau, code))
                FROM lecap.score WHERE campagne = 2025")
sql "UPDATE lecap.element SET poids = 1.000000000000000000000000000000000000001
      WHERE version = 'test-agg' AND code = '1.1.1.a'" >/dev/null
run_lecap aggregate --campagne 2025
assert_rc "poids de 40 chiffres : code 3" 3
assert_contains "poids de 40 chiffres : ce qui borne le calcul" \
	"un nombre dépasse ce que lecap calcule au chiffre près (120 chiffres, une somme de poids de 36 chiffres significatifs au plus)" "$ERR"
assert_contains "poids de 40 chiffres : quoi faire" \
	"astuce: ramenez les poids de sa grille (lecap.element.poids) à 6 décimales au plus" "$ERR"
assert_eq "poids de 40 chiffres : les scores de 2025 inchangés" "$before" \
	"$(sql "SELECT count(*) || '|' || md5(string_agg(score::text, ',' ORDER BY evaluation_id, niveau, code))
	          FROM lecap.score WHERE campagne = 2025")"

done_testing
