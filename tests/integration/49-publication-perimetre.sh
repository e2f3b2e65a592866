# The delegates' perimeter and the registry over time (sql/021_publication.sql):
# a member that moves from region 84 to 11 in 2026 leaves its 2024–2025
# plans to the delegate of 84 and gives its 2026 plan to the delegate of 11;
# delegates read FR only through the publication views; participation
# counts the members registered at each campaign, and a new registry does
# not change a past campaign's rates.
. tests/lib.sh

run_lecap -q init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
# A (84 until 2025) evaluates in 11 in 2026, with a plan.
psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>"$TMPD/fx" <<'SQL' || cat "$TMPD/fx"
SELECT fx.rep(fx.eval('00000000000001', 2026, '11', 'ACI'), 1, 'direction', '33333333');
UPDATE lecap.entreprise SET region = '11' WHERE siret = '00000000000001';
SELECT fx.action(fx.plan('00000000000001', 2026), 1, '1.1.1', 'en_cours', 1, '{}');
-- Membership dates: H joined in 2025, D in 2026.
UPDATE lecap.adherent SET date_adhesion = '2025-06-01' WHERE siret = '00000000000008';
UPDATE lecap.adherent SET date_adhesion = '2026-01-10' WHERE siret = '00000000000004';
SQL
run_lecap -q aggregate
assert_rc "aggregate : code 0" 0

sql "DO \$\$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['t49_d84', 't49_d11'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I LOGIN', r); END IF;
  END LOOP; END \$\$;
  GRANT lecap_delegue TO t49_d84, t49_d11;
  INSERT INTO lecap.delegue_region VALUES ('t49_d84', '84'), ('t49_d11', '11');" >/dev/null
as() {
	psql -X -qAt -U "$1" -c "$2" 2>&1
}
plans="SELECT string_agg(siret || ':' || campagne, ' ' ORDER BY campagne, siret) FROM lecap.plan"
assert_eq "délégué 84 : les plans de 2024 et 2025 de A, pas celui de 2026" \
	"00000000000001:2024 00000000000003:2024 00000000000001:2025 00000000000002:2025" "$(as t49_d84 "$plans")"
assert_eq "délégué 11 : le plan de 2026 de A seulement" "00000000000001:2026" "$(as t49_d11 "$plans")"
assert_eq "délégué 11 : les actions de ce plan seulement" "1" "$(as t49_d11 "SELECT count(*) FROM lecap.plan_action")"
assert_eq "délégué 84 : les actions de ses plans" "$(sql "SELECT count(*) FROM lecap.plan_action a JOIN lecap.plan p ON p.id = a.plan_id
  WHERE p.campagne < 2026")" "$(as t49_d84 "SELECT count(*) FROM lecap.plan_action")"
assert_eq "plan_agregat compte le plan 2026 de A en 11" "11:1 FR:1" \
	"$(sql "SELECT string_agg(region || ':' || n_entreprises, ' ' ORDER BY region) FROM lecap.plan_agregat WHERE campagne = 2026 AND objectif = '1.1.1'")"
assert_eq "délégué 84 : pas de ligne FR brute" "0" "$(as t49_d84 "SELECT count(*) FROM lecap.v_agregat WHERE region = 'FR'")"
assert_eq "délégué 84 : FR et 11 par la publication, en secret (11 : n < 5 ; FR : aussi en secondaire)" "11:primaire FR:primaire FR:secondaire" \
	"$(as t49_d84 "SELECT string_agg(DISTINCT region || ':' || secret, ' ') FROM lecap.v_publication_agregat WHERE campagne = 2025 AND region <> '84'")"
assert_eq "délégué 84 : aucun chiffre d'une cellule secrète" "0" \
	"$(as t49_d84 "SELECT count(*) FROM lecap.v_publication_agregat WHERE NOT diffusable AND moyenne IS NOT NULL")"

# Participation: H counts from 2025, D from 2026; I (never left) always.
part="SELECT string_agg(campagne || ':' || region || ':' || n_adherents || ':' || coalesce(taux_participation::text, '-'), ' ' ORDER BY campagne, region) FROM lecap.v_publication_participation WHERE campagne IN (2024, 2025)"
assert_eq "participation : adhérents inscrits à chaque campagne" \
	"2024:84:4:0.500 2024:FR:4:0.500 2025:11:0:- 2025:84:5:0.600 2025:FR:5:0.600" "$(sql "$part")"
before=$(sql "$part")
# A new registry: I has left, J joined in 2026, A is now in 11 (past
# campaigns keep it where it was evaluated).
psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>"$TMPD/fx" <<'SQL' || cat "$TMPD/fx"
SELECT fx.fichier('adherents', NULL, NULL) AS adh \gset
DELETE FROM lecap.adherent;
INSERT INTO lecap.adherent VALUES
 ('00000000000001', 'Entreprise A', '11', 'ACI', NULL, :adh),
 ('00000000000002', 'Entreprise B', '84', 'ACI', NULL, :adh),
 ('00000000000003', 'Entreprise C', '84', 'EI', NULL, :adh),
 ('00000000000008', 'Entreprise H', '84', 'AI', '2025-06-01', :adh),
 ('00000000000004', 'Entreprise D', '11', 'AI', '2026-01-10', :adh),
 ('00000000000010', 'Entreprise J', '84', 'AI', '2026-02-01', :adh);
SQL
run_lecap -q aggregate
assert_rc "aggregate après un nouveau registre : code 0" 0
assert_eq "un nouveau registre ne change pas les taux de 2024 et 2025" "$before" "$(sql "$part")"
assert_eq "I sorti du registre : connu, avec sa date de sortie" "1" \
	"$(sql "SELECT count(*) FROM lecap.adherent_historique WHERE siret = '00000000000009' AND sorti_le IS NOT NULL")"
# I left with the registry integrated today: still a member on 1 January
# of the current year, not of the next.
assert_eq "2026 : J inscrit ; I compté (sorti après le 1er janvier)" "2026:11:2 2026:84:5" \
	"$(sql "SELECT string_agg(campagne || ':' || region || ':' || n_adherents, ' ' ORDER BY region) FROM lecap.participation WHERE campagne = 2026 AND region <> 'FR'")"

done_testing
