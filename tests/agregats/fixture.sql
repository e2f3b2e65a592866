-- Fixtures of the aggregation tests (tests/integration/4*.sh): a small grid
-- under the version label test-agg, and helpers in schema fx to write
-- evaluations in one line each. Expected values are computed by hand in
-- the test files.
\set ON_ERROR_STOP 1
SET search_path = lecap, pg_catalog;

INSERT INTO region VALUES ('84', 'Auvergne-Rhône-Alpes'), ('11', 'Île-de-France'), ('53', 'Bretagne')
    ON CONFLICT DO NOTHING;
INSERT INTO type_structure VALUES ('ACI', 'Atelier et chantier d''insertion'),
    ('EI', 'Entreprise d''insertion'), ('AI', 'Association intermédiaire') ON CONFLICT DO NOTHING;
INSERT INTO offre VALUES ('TST1', 'Offre test 1', ''), ('TST2', 'Offre test 2', '') ON CONFLICT DO NOTHING;
INSERT INTO referentiel VALUES ('test-agg', repeat('0', 64), 'fixture.sql');

-- 2 themes, 3 sub-themes, 4 objectives, 8 indicators; weights ≠ 1 on some.
INSERT INTO element (version, code, niveau, parent, libelle, cible, poids, rang) VALUES
 ('test-agg', '1',       'theme',      NULL,    'Thème 1',        NULL, 1, 1),
 ('test-agg', '1.1',     'sous_theme', '1',     'Sous-thème 1.1', NULL, 1, 2),
 ('test-agg', '1.1.1',   'objectif',   '1.1',   'Objectif 1.1.1', 3,    1, 3),
 ('test-agg', '1.1.1.a', 'indicateur', '1.1.1', 'Indicateur a',   NULL, 1, 4),
 ('test-agg', '1.1.1.b', 'indicateur', '1.1.1', 'Indicateur b',   NULL, 3, 5),
 ('test-agg', '1.1.2',   'objectif',   '1.1',   'Objectif 1.1.2', 2,    2, 6),
 ('test-agg', '1.1.2.a', 'indicateur', '1.1.2', 'Indicateur c',   NULL, 1, 7),
 ('test-agg', '1.1.2.b', 'indicateur', '1.1.2', 'Indicateur d',   NULL, 1, 8),
 ('test-agg', '1.2',     'sous_theme', '1',     'Sous-thème 1.2', NULL, 3, 9),
 ('test-agg', '1.2.1',   'objectif',   '1.2',   'Objectif 1.2.1', 3,    1, 10),
 ('test-agg', '1.2.1.a', 'indicateur', '1.2.1', 'Indicateur e',   NULL, 1, 11),
 ('test-agg', '1.2.1.b', 'indicateur', '1.2.1', 'Indicateur f',   NULL, 1, 12),
 ('test-agg', '2',       'theme',      NULL,    'Thème 2',        NULL, 1, 13),
 ('test-agg', '2.1',     'sous_theme', '2',     'Sous-thème 2.1', NULL, 1, 14),
 ('test-agg', '2.1.1',   'objectif',   '2.1',   'Objectif 2.1.1', 2.5,  1, 15),
 ('test-agg', '2.1.1.a', 'indicateur', '2.1.1', 'Indicateur g',   NULL, 1, 16),
 ('test-agg', '2.1.1.b', 'indicateur', '2.1.1', 'Indicateur h',   NULL, 1, 17);
-- The length of the notes of lecap.reponse (sql/030), as lecap init sets it.
UPDATE referentiel SET indicateurs = 8 WHERE version = 'test-agg';
INSERT INTO element_offre VALUES ('test-agg', '1.1.1', 'TST1'), ('test-agg', '1.1.2', 'TST1'),
    ('test-agg', '1.2.1', 'TST2'), ('test-agg', '2.1.1', 'TST2');

CREATE SCHEMA fx;

-- A new integrated file: returns its id.
CREATE FUNCTION fx.fichier(p_nature text, p_siret text, p_campagne int) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, statut)
    VALUES (p_nature || '-' || coalesce(p_siret, '') || '-' || coalesce(p_campagne::text, '') || '.csv',
            encode(sha256(convert_to(clock_timestamp()::text || random()::text, 'UTF8')), 'hex'),
            100, p_nature, p_siret, p_campagne, 'integre')
    RETURNING id
$$;

-- An evaluation (replacing any earlier one of the same siret and campaign).
CREATE FUNCTION fx.eval(p_siret text, p_campagne int, p_region text, p_type text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE v_id bigint;
BEGIN
    INSERT INTO lecap.entreprise VALUES (p_siret, 'Entreprise ' || p_siret, p_region, p_type)
        ON CONFLICT (siret) DO UPDATE SET region = excluded.region, type_structure = excluded.type_structure;
    DELETE FROM lecap.evaluation WHERE siret = p_siret AND campagne = p_campagne;
    INSERT INTO lecap.evaluation (siret, campagne, version_referentiel, raison_sociale, region,
                                  type_structure, date_evaluation, horodatage_export, fichier_id)
    VALUES (p_siret, p_campagne, 'test-agg', 'Entreprise ' || p_siret, p_region, p_type,
            make_date(p_campagne, 3, 1), clock_timestamp(), fx.fichier('reponses', p_siret, p_campagne))
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- A respondent and their notes: one character per indicator in grid order
-- (a b c d e f g h): 1–4 a note, N non concerné, . no answer.
CREATE FUNCTION fx.rep(p_eval bigint, p_numero int, p_college text, p_notes text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
BEGIN
    INSERT INTO lecap.repondant VALUES (p_eval, p_numero, 'r' || p_numero, p_college);
    -- lecap.reponse holds the same encoding (sql/030); any other character
    -- is no answer.
    INSERT INTO lecap.reponse (evaluation_id, repondant, version_referentiel, notes)
    VALUES (p_eval, p_numero, 'test-agg', regexp_replace(rpad(substr(p_notes, 1, 8), 8, '.'), '[^1-4N]', '.', 'g'));
END
$$;

CREATE FUNCTION fx.plan(p_siret text, p_campagne int) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO lecap.plan (siret, campagne, version_referentiel, horodatage_export, fichier_id)
    VALUES (p_siret, p_campagne, 'test-agg', clock_timestamp(), fx.fichier('plan', p_siret, p_campagne))
    RETURNING id
$$;

CREATE FUNCTION fx.action(p_plan bigint, p_numero int, p_objectif text, p_statut text,
                          p_priorite int, p_offres text[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO lecap.plan_action VALUES (p_plan, p_numero, p_objectif, 'Action ' || p_numero,
                                          p_priorite, 'direction', NULL, p_statut);
    INSERT INTO lecap.plan_action_offre SELECT p_plan, p_numero, o FROM unnest(p_offres) AS o;
$$;
