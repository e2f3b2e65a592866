# lecap init loads the Le Cap referential: the grid under its version label,
# regions, structure types, offers; reloads, changes and refusals.
. tests/lib.sh
# The defaults of [referentiel], relative to the repository root where tests run.
unset LECAP_REFERENTIEL_FICHIER LECAP_REFERENTIEL_OFFRES LECAP_REFERENTIEL_REGIONS LECAP_REFERENTIEL_TYPES LECAP_REFERENTIEL_VISION

sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---- an empty database: everything is loaded
run_lecap init
assert_rc "init sur une base vide : code 0" 0
assert_contains "init annonce la grille" \
	"lecap: info: grille cap-2019 chargée depuis config/referentiel-cap.csv : 4 thèmes, 11 sous-thèmes, 25 objectifs, 61 indicateurs" "$ERR"
assert_contains "init annonce les régions, types et offres" \
	"lecap: info: régions (18), types de structure (8) et offres (13) à jour : 39 ligne(s) ajoutée(s) ou modifiée(s)" "$ERR"
assert_eq "éléments par niveau" "indicateur|61 objectif|25 sous_theme|11 theme|4" \
	"$(sql "SELECT niveau, count(*) FROM lecap.element WHERE version = 'cap-2019' GROUP BY 1 ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "un libellé connu" "Les salarié·e·s en parcours participent aux instances de décision" \
	"$(sql "SELECT libelle FROM lecap.element WHERE version = 'cap-2019' AND code = '1.1.1.b'")"
assert_eq "un sous-thème et son parent" "sous_theme|4|Démarche d'évaluation de son utilité sociale territoriale" \
	"$(sql "SELECT niveau, parent, libelle FROM lecap.element WHERE version = 'cap-2019' AND code = '4.2'")"
assert_eq "une cible et un poids" "2.50|1" "$(sql "SELECT cible, poids FROM lecap.element WHERE version = 'cap-2019' AND code = '1.2.2'")"
assert_eq "cibles seulement sur les objectifs" "0" \
	"$(sql "SELECT count(*) FROM lecap.element WHERE (niveau = 'objectif') <> (cible IS NOT NULL)")"
assert_eq "les offres d'un objectif" "FORMATION,GOUVERNANCE" \
	"$(sql "SELECT string_agg(offre, ',' ORDER BY offre) FROM lecap.element_offre WHERE version = 'cap-2019' AND code = '1.1.1'")"
assert_eq "chaque objectif a une offre" "25" \
	"$(sql "SELECT count(DISTINCT code) FROM lecap.element_offre WHERE version = 'cap-2019'")"
assert_eq "rang dans l'ordre du fichier" "0|1.1.1.a" \
	"$(sql "SELECT min(rang), (SELECT code FROM lecap.element WHERE niveau = 'indicateur' ORDER BY rang LIMIT 1) FROM lecap.element")"
assert_eq "la version, son empreinte, son fichier" "cap-2019|$(sha config/referentiel-cap.csv)|config/referentiel-cap.csv" \
	"$(sql "SELECT version, sha256, fichier FROM lecap.referentiel")"
assert_eq "18 régions" "18" "$(sql "SELECT count(*) FROM lecap.region")"
assert_eq "une région" "Auvergne-Rhône-Alpes" "$(sql "SELECT libelle FROM lecap.region WHERE code = '84'")"
assert_eq "8 types" "ACI AI AUTRE EA EI ETTI GEIQ SAP" \
	"$(sql "SELECT string_agg(code, ' ' ORDER BY code COLLATE \"C\") FROM lecap.type_structure")"
assert_eq "un type" "Atelier et chantier d'insertion" "$(sql "SELECT libelle FROM lecap.type_structure WHERE code = 'ACI'")"
assert_eq "13 offres" "13" "$(sql "SELECT count(*) FROM lecap.offre")"
assert_eq "une offre" "Démarche qualité CEDRE" "$(sql "SELECT libelle FROM lecap.offre WHERE code = 'CEDRE'")"

# ---- an unchanged reload is a no-op
charge=$(sql "SELECT charge_le FROM lecap.referentiel WHERE version = 'cap-2019'")
run_lecap init
assert_rc "rechargement inchangé : code 0" 0
assert_contains "rechargement inchangé : annoncé" "lecap: info: grille cap-2019 déjà chargée, inchangée" "$ERR"
assert_contains "rechargement inchangé : rien d'autre" \
	"lecap: info: régions (18), types de structure (8) et offres (13) à jour : 0 ligne(s) ajoutée(s) ou modifiée(s)" "$ERR"
assert_eq "rechargement inchangé : même date de chargement" "$charge" \
	"$(sql "SELECT charge_le FROM lecap.referentiel WHERE version = 'cap-2019'")"

# ---- a changed grid under the same label, no evaluation yet: applied
G1="$TMPD/grille-v1.csv"
sed 's/^1\.1\.1\.b;indicateur;1\.1\.1;.*$/1.1.1.b;indicateur;1.1.1;Les salarié·e·s en insertion siègent au conseil d'"'"'administration;;;/' \
	config/referentiel-cap.csv > "$G1"
LECAP_REFERENTIEL_FICHIER="$G1" run_lecap init
assert_rc "grille modifiée sans évaluation : code 0" 0
assert_contains "grille modifiée sans évaluation : remplacée" \
	"lecap: info: grille cap-2019 remplacée : $G1 a changé et aucune évaluation ni aucun plan ne l'utilise encore ; 4 thèmes, 11 sous-thèmes, 25 objectifs, 61 indicateurs" "$ERR"
assert_eq "grille modifiée : nouveau libellé" "Les salarié·e·s en insertion siègent au conseil d'administration" \
	"$(sql "SELECT libelle FROM lecap.element WHERE version = 'cap-2019' AND code = '1.1.1.b'")"
assert_eq "grille modifiée : nouvelle empreinte" "$(sha "$G1")|$G1" \
	"$(sql "SELECT sha256, fichier FROM lecap.referentiel WHERE version = 'cap-2019'")"
assert_eq "grille modifiée : toujours 101 éléments" "101" "$(sql "SELECT count(*) FROM lecap.element")"

# ---- an evaluation now uses cap-2019: a further change is refused
sql "INSERT INTO lecap.fichier (nom, sha256, taille, nature, statut) VALUES ('r.csv', repeat('a', 64), 10, 'reponses', 'integre');
     INSERT INTO lecap.entreprise VALUES ('73282932000074', 'Le Relais d''Ici', '84', 'ACI');
     INSERT INTO lecap.evaluation (siret, campagne, version_referentiel, raison_sociale, region, type_structure,
       date_evaluation, horodatage_export, fichier_id)
     SELECT '73282932000074', 2025, 'cap-2019', 'Le Relais d''Ici', '84', 'ACI', '2025-03-14', '2025-03-20 10:00', id
     FROM lecap.fichier" >/dev/null
before=$(sql "SELECT sha256, fichier, charge_le FROM lecap.referentiel; SELECT md5(string_agg(code || libelle, ',' ORDER BY code)) FROM lecap.element")
G2="$TMPD/grille-v2.csv"
sed 's/^1\.2\.2;objectif;1\.2;\(.*\);2\.5;/1.2.2;objectif;1.2;\1;3;/' "$G1" > "$G2"
LECAP_REFERENTIEL_FICHIER="$G2" run_lecap init
assert_rc "grille modifiée et utilisée : code 2" 2
assert_eq "grille modifiée et utilisée : message exact" \
"lecap: info: schéma à jour (version $(sql 'SELECT max(version) FROM lecap.schema_migration')) : aucune migration à appliquer
lecap: erreur: grille cap-2019 : $G2 a changé depuis son chargement, mais 1 évaluation(s) et 0 plan(s) de progrès utilisent déjà cette version : modification refusée
lecap: astuce: donnez un nouveau libellé à la grille modifiée ([referentiel] version, par exemple cap-2019-2) : elle sera chargée à côté de cap-2019, qui reste en base pour ses évaluations" "$ERR"
assert_eq "grille modifiée et utilisée : base inchangée" "$before" \
	"$(sql "SELECT sha256, fichier, charge_le FROM lecap.referentiel; SELECT md5(string_agg(code || libelle, ',' ORDER BY code)) FROM lecap.element")"
assert_eq "grille modifiée et utilisée : cible inchangée" "2.50" \
	"$(sql "SELECT cible FROM lecap.element WHERE version = 'cap-2019' AND code = '1.2.2'")"

# A progress plan alone also holds the version.
sql "DELETE FROM lecap.evaluation;
     INSERT INTO lecap.plan (siret, campagne, version_referentiel, horodatage_export, fichier_id)
     SELECT '73282932000074', 2025, 'cap-2019', '2025-03-20 10:05', id FROM lecap.fichier" >/dev/null
LECAP_REFERENTIEL_FICHIER="$G2" run_lecap init
assert_rc "grille modifiée, utilisée par un plan : code 2" 2
assert_contains "grille modifiée, utilisée par un plan : message" \
	"lecap: erreur: grille cap-2019 : $G2 a changé depuis son chargement, mais 0 évaluation(s) et 1 plan(s) de progrès utilisent déjà cette version : modification refusée" "$ERR"

# ---- a new label loads beside the old one
LECAP_REFERENTIEL_FICHIER="$G2" LECAP_REFERENTIEL_VERSION=cap-2026 run_lecap init
assert_rc "nouveau libellé : code 0" 0
assert_contains "nouveau libellé : chargé" \
	"lecap: info: grille cap-2026 chargée depuis $G2 : 4 thèmes, 11 sous-thèmes, 25 objectifs, 61 indicateurs" "$ERR"
assert_eq "nouveau libellé : deux versions" "cap-2019|$(sha "$G1") cap-2026|$(sha "$G2")" \
	"$(sql "SELECT version, sha256 FROM lecap.referentiel ORDER BY version" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "nouveau libellé : chaque version a sa cible" "cap-2019|2.50 cap-2026|3.00" \
	"$(sql "SELECT version, cible FROM lecap.element WHERE code = '1.2.2' ORDER BY version" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "nouveau libellé : 202 éléments en tout" "202" "$(sql "SELECT count(*) FROM lecap.element")"

# ---- a region that left regions.csv: deleted when unused, kept (warning) when used
R="$TMPD/regions.csv"
grep -v -e '^84;' -e '^94;' config/regions.csv > "$R"
LECAP_REFERENTIEL_FICHIER="$G1" LECAP_REFERENTIEL_REGIONS="$R" run_lecap init
assert_rc "régions retirées : code 0" 0
assert_contains "région inutilisée : supprimée" \
	"lecap: info: région 94 retirée du fichier des régions : supprimée de la base" "$ERR"
assert_contains "région utilisée : conservée" \
	"lecap: avertissement: région 84 retirée du fichier des régions mais encore utilisée en base : conservée" "$ERR"
assert_eq "régions retirées : 17 en base" "17" "$(sql "SELECT count(*) FROM lecap.region")"
LECAP_REFERENTIEL_FICHIER="$G1" run_lecap init
assert_eq "région remise dans le fichier : rechargée" "18" "$(sql "SELECT count(*) FROM lecap.region")"

# ---- an invalid grid: exit 2, FILE:LINE message, nothing in the database
BAD="$TMPD/grille-cassee.csv"
sed 's/^2\.2\.1;objectif;2\.2;/2.2.1;objectif;2.9;/' config/referentiel-cap.csv > "$BAD"
line=$(grep -n '^2\.2\.1;' "$BAD" | cut -d: -f1)
LECAP_REFERENTIEL_FICHIER="$BAD" LECAP_REFERENTIEL_VERSION=cap-cassee run_lecap init
assert_rc "grille invalide : code 2" 2
assert_eq "grille invalide : message exact" \
"lecap: erreur: $BAD:$line: code 2.2.1 : parent 2.9 inconnu (absent de la grille)
lecap: astuce: corrigez $BAD (format et messages : docs/format-exports.md, « Le référentiel »), puis relancez" "$ERR"
assert_eq "grille invalide : rien en base" "0" "$(sql "SELECT count(*) FROM lecap.referentiel WHERE version = 'cap-cassee'")"

# On a database that has never seen init, an invalid grid does not even create the schema.
createdb "${PGDATABASE}_vide"
PGDATABASE="${PGDATABASE}_vide" LECAP_REFERENTIEL_FICHIER="$BAD" run_lecap init
assert_rc "grille invalide, base vide : code 2" 2
assert_eq "grille invalide, base vide : pas de schéma" "0" \
	"$(PGDATABASE="${PGDATABASE}_vide" sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'lecap'")"
dropdb "${PGDATABASE}_vide"

done_testing
