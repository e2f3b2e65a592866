-- Synthetic volume for scripts/bench-agregats.sh: a 60-indicator grid under
-- the label bench (4 themes, 11 sub-themes, 28 objectives) and :n enterprises
-- × campaigns 2024–2026 × 8 respondents (7 individuals and a consensus row
-- that answers a third of the indicators) × 60 indicators; 5 % NC, 5 % empty.
\set ON_ERROR_STOP 1
SET search_path = lecap, pg_catalog;
SELECT setseed(0.42) \gset

INSERT INTO region (code, libelle) SELECT c, 'Région ' || c
  FROM unnest('{01,02,03,04,06,11,24,27,28,32,44,52,53,75,76,84,93,94}'::text[]) AS c ON CONFLICT DO NOTHING;
INSERT INTO type_structure SELECT c, c FROM unnest('{AI,ACI,EI,ETTI,GEIQ,EA,SAP,AUTRE}'::text[]) AS c ON CONFLICT DO NOTHING;
INSERT INTO offre VALUES ('BENCH1', 'Offre 1', ''), ('BENCH2', 'Offre 2', '') ON CONFLICT DO NOTHING;
INSERT INTO referentiel VALUES ('bench', repeat('0', 64), 'bench') ON CONFLICT DO NOTHING;

DO $$
DECLARE
    nst int[] := '{2,3,4,2}';
    rang int := 0; o int := 0; nind int;
BEGIN
    FOR t IN 1 .. 4 LOOP
        rang := rang + 1;
        INSERT INTO lecap.element VALUES ('bench', t::text, 'theme', NULL, 'Thème', NULL, 1, rang);
        FOR s IN 1 .. nst[t] LOOP
            rang := rang + 1;
            INSERT INTO lecap.element VALUES ('bench', t || '.' || s, 'sous_theme', t::text, 'Sous-thème', NULL, 1 + s % 2, rang);
            FOR j IN 1 .. 2 + (t + s) % 2 LOOP
                o := o + 1;
                rang := rang + 1;
                INSERT INTO lecap.element VALUES ('bench', t || '.' || s || '.' || j, 'objectif', t || '.' || s,
                                                  'Objectif', 2.5 + (o % 3) * 0.5, 1, rang);
                INSERT INTO lecap.element_offre VALUES ('bench', t || '.' || s || '.' || j, CASE WHEN o % 2 = 0 THEN 'BENCH1' ELSE 'BENCH2' END);
                nind := CASE WHEN o <= 60 - 2 * 28 THEN 3 ELSE 2 END;
                FOR x IN 1 .. nind LOOP
                    rang := rang + 1;
                    INSERT INTO lecap.element VALUES ('bench', t || '.' || s || '.' || j || '.' || chr(96 + x), 'indicateur',
                                                      t || '.' || s || '.' || j, 'Indicateur', NULL, 1 + x % 2, rang);
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
END
$$;

INSERT INTO fichier (id, nom, sha256, taille, nature, siret, campagne, statut)
SELECT (c - 2024) * :n + i, 'bench.csv', repeat('0', 64), 1, 'reponses', lpad(i::text, 14, '0'), c, 'integre'
  FROM generate_series(2024, 2026) c, generate_series(1, :n) i;
SELECT setval('fichier_id_seq', 3 * :n) \gset
INSERT INTO entreprise
SELECT lpad(i::text, 14, '0'), 'Entreprise ' || i,
       ('{01,02,03,04,06,11,24,27,28,32,44,52,53,75,76,84,93,94}'::text[])[1 + i % 18],
       ('{AI,ACI,EI,ETTI,GEIQ,EA,SAP,AUTRE}'::text[])[1 + i % 8]
  FROM generate_series(1, :n) i;
INSERT INTO adherent SELECT siret, raison_sociale, region, type_structure, NULL, 1 FROM entreprise;

CREATE FUNCTION pg_temp.cpu() RETURNS numeric LANGUAGE sql AS
$$ SELECT (split_part(s, ' ', 14)::numeric + split_part(s, ' ', 15)::numeric) / 100
     FROM pg_read_file('/proc/self/stat') AS s $$;
INSERT INTO evaluation (id, siret, campagne, version_referentiel, raison_sociale, region, type_structure,
                        date_evaluation, horodatage_export, fichier_id)
SELECT f.id, f.siret, f.campagne, 'bench', e.raison_sociale, e.region, e.type_structure,
       make_date(f.campagne, 3, 1), now(), f.id
  FROM fichier f JOIN entreprise e ON e.siret = f.siret
 WHERE f.nature = 'reponses' AND random() > 0.1;   -- 10 % of members skip a campaign
SELECT setval('evaluation_id_seq', 3 * :n) \gset
INSERT INTO repondant
SELECT e.id, k, 'p' || k,
       ('{direction,salarie_permanent,salarie_insertion,salarie_insertion,salarie_insertion,benevole,administrateur,consensus}'::text[])[k]
  FROM evaluation e, generate_series(1, 8) k;
SELECT pg_temp.cpu() AS cpu0, clock_timestamp() AS t0 \gset
INSERT INTO reponse
SELECT e.id, k, i.code, CASE WHEN r < 0.05 THEN NULL ELSE 1 + floor(random() * 4)::int END
  FROM evaluation e
 CROSS JOIN generate_series(1, 8) k
 CROSS JOIN (SELECT code FROM element WHERE version = 'bench' AND niveau = 'indicateur') i
 CROSS JOIN LATERAL (SELECT random() AS r) x
 WHERE r < 0.95 AND (k < 8 OR r < 0.33);
SELECT round(pg_temp.cpu() - :cpu0, 2) AS cpu, round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) AS mur \gset
\echo chargement des réponses (INSERT, clés étrangères vérifiées) : :mur s, CPU serveur :cpu s
VACUUM ANALYZE evaluation;
VACUUM ANALYZE repondant;
VACUUM ANALYZE reponse;
