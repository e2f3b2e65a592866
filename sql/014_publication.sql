-- 014 — What may be published: statistical secrecy decided once, in SQL,
-- and the publication views that everything publishing reads (the PDFs,
-- delegates outside their regions, lecap export, analysts who publish).
--
-- The rules (docs/analystes.md, « Secret statistique ») :
--
-- * Primary secrecy: a cell computed over fewer than [agregats]
--   seuil_secret enterprises (n_entreprises, or for counts 0 < n < seuil) is
--   secret, and with it every statistic of the cell (mean, median,
--   quartiles, minimum, maximum, shares, counts other than n).
-- * Secondary secrecy: the cells are linked by relations a reader can use
--   (a mean times its n is a sum): FR = Σ regions, region = Σ structure
--   types, parent = weighted children of the grid (theme ← sub-themes ←
--   objectives ← indicators) within a region and type, respondents of a
--   region = Σ colleges. In every relation, the number of secret cells is
--   0, all of them, or at least 2 — at least 3 across regions (FR = Σ
--   regions), so that a delegate, who reads one region in full, still
--   faces two unknowns. The complement is the published cell of the
--   smallest population (then smallest n, then key order), a component
--   before the total; the rule is applied until every relation holds.
--   lecap.publier() decides the pattern of a WHOLE campaign from its result
--   tables: the same results give the same pattern, whatever the order in
--   which files were loaded or regions recomputed.
-- * Evolution (this campaign − the previous one) is published only when
--   both campaigns' cells are published, and is the difference of the two
--   published (rounded) means: views, PDFs and export never disagree.
--
-- The pattern lives in lecap.secret (UNLOGGED like the results it
-- describes: a crash empties both, lecap.agregat_campagne included, and the
-- next aggregation recomputes both). The publication views show a campaign
-- only once lecap.publier() has run for it (lecap.publication_campagne).

-- Campaigns aggregated before this migration have no pattern yet: forget
-- their aggregation state, so that the next lecap aggregate recomputes them.
DELETE FROM lecap.agregat_campagne;

CREATE UNLOGGED TABLE lecap.publication_campagne (
    campagne            int PRIMARY KEY,
    decide_le           timestamptz NOT NULL,
    seuil_secret        int NOT NULL,
    version_referentiel text COLLATE "C",
    campagne_precedente int,
    n_cellules          int NOT NULL,
    n_primaires         int NOT NULL,
    n_secondaires       int NOT NULL
);
COMMENT ON TABLE lecap.publication_campagne IS 'Décision du secret statistique de chaque campagne (lecap.publier) : quand, avec quel seuil, combien de cellules masquées';
COMMENT ON COLUMN lecap.publication_campagne.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.publication_campagne.decide_le IS 'Date de la décision (fin du calcul des agrégats de la campagne)';
COMMENT ON COLUMN lecap.publication_campagne.seuil_secret IS 'Paramètre [agregats] seuil_secret appliqué';
COMMENT ON COLUMN lecap.publication_campagne.version_referentiel IS 'Version de la grille de la campagne (la plus fréquente parmi ses évaluations) : libellés et ordre d''affichage des vues de publication';
COMMENT ON COLUMN lecap.publication_campagne.campagne_precedente IS 'Campagne à laquelle les évolutions se comparent';
COMMENT ON COLUMN lecap.publication_campagne.n_cellules IS 'Cellules examinées (toutes les tables de résultats de la campagne)';
COMMENT ON COLUMN lecap.publication_campagne.n_primaires IS 'Cellules en secret primaire (effectif sous le seuil)';
COMMENT ON COLUMN lecap.publication_campagne.n_secondaires IS 'Cellules en secret secondaire (masquées pour qu''aucune cellule secrète ne se recalcule)';

CREATE UNLOGGED TABLE lecap.secret (
    campagne    int  NOT NULL,
    tableau     text COLLATE "C" NOT NULL CHECK (tableau IN ('agregat', 'college', 'divergence', 'plan',
                    'offre_plan', 'offre_objectifs', 'participation', 'repondants')),
    region      text COLLATE "C" NOT NULL,
    ventilation text COLLATE "C" NOT NULL,
    code        text COLLATE "C" NOT NULL,
    n           int  NOT NULL,
    motif       text NOT NULL CHECK (motif IN ('primaire', 'secondaire')),
    PRIMARY KEY (campagne, tableau, region, ventilation, code)
);
COMMENT ON TABLE lecap.secret IS 'Cellules qui ne peuvent pas être publiées, décidées par lecap.publier pour toute une campagne ; une cellule absente est publiable';
COMMENT ON COLUMN lecap.secret.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.secret.tableau IS 'agregat (lecap.agregat), college (agregat_college), divergence (divergence_agregat), plan (plan_agregat), offre_plan et offre_objectifs (les deux moitiés de demande_offres), participation, repondants (repondants_college)';
COMMENT ON COLUMN lecap.secret.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.secret.ventilation IS 'Type de structure (* : tous) pour agregat, collège pour college et repondants, vide sinon';
COMMENT ON COLUMN lecap.secret.code IS 'Code de l''élément de la grille, de l''objectif, du sous-thème ou de l''offre ; vide pour participation et repondants';
COMMENT ON COLUMN lecap.secret.n IS 'Effectif de la cellule (entreprises)';
COMMENT ON COLUMN lecap.secret.motif IS 'primaire : effectif sous seuil_secret ; secondaire : masquée pour protéger une cellule primaire';

-- ------------------------------------------------ the registry over time
--
-- Participation counts, at each campaign, the members registered then. The
-- registry (lecap.adherent) is replaced by each Adhérents file; its history
-- is kept here by triggers, so that a new registry does not change a past
-- campaign: a member stays known after it leaves the registry, with the
-- date of the first registry without it (sorti_le).

CREATE TABLE lecap.adherent_historique (
    siret          text PRIMARY KEY,
    raison_sociale text NOT NULL,
    region         text NOT NULL REFERENCES lecap.region,
    type_structure text NOT NULL REFERENCES lecap.type_structure,
    date_adhesion  date,
    sorti_le       date
);
COMMENT ON TABLE lecap.adherent_historique IS 'Tous les adhérents connus d''un registre, présents ou sortis : la base des taux de participation de chaque campagne';
COMMENT ON COLUMN lecap.adherent_historique.siret IS 'SIRET';
COMMENT ON COLUMN lecap.adherent_historique.raison_sociale IS 'Raison sociale (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.region IS 'Région (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.type_structure IS 'Type de structure (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.date_adhesion IS 'Date d''adhésion (NULL : inconnue, adhérent depuis toujours)';
COMMENT ON COLUMN lecap.adherent_historique.sorti_le IS 'Date d''intégration du premier registre qui ne le porte plus ; NULL : au registre actuel';

INSERT INTO lecap.adherent_historique
SELECT siret, raison_sociale, region, type_structure, date_adhesion, NULL FROM lecap.adherent;

CREATE FUNCTION lecap.historiser_sortie() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lecap.adherent_historique h SET sorti_le = current_date
      FROM sortis o WHERE h.siret = o.siret AND h.sorti_le IS NULL;
    RETURN NULL;
END
$$;
CREATE FUNCTION lecap.historiser_entree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lecap.adherent_historique AS h
    SELECT siret, raison_sociale, region, type_structure, date_adhesion, NULL FROM entres
    ON CONFLICT (siret) DO UPDATE
       SET raison_sociale = excluded.raison_sociale, region = excluded.region,
           type_structure = excluded.type_structure, date_adhesion = excluded.date_adhesion,
           sorti_le = NULL;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION lecap.historiser_sortie(), lecap.historiser_entree() FROM PUBLIC;
CREATE TRIGGER historiser_sortie AFTER DELETE ON lecap.adherent
    REFERENCING OLD TABLE AS sortis FOR EACH STATEMENT EXECUTE FUNCTION lecap.historiser_sortie();
CREATE TRIGGER historiser_entree AFTER INSERT ON lecap.adherent
    REFERENCING NEW TABLE AS entres FOR EACH STATEMENT EXECUTE FUNCTION lecap.historiser_entree();

-- The members registered at a campaign: joined by its end (31 December;
-- an unknown date counts as always), not left before its start.
CREATE FUNCTION lecap.adherents_campagne(p_campagne int)
RETURNS TABLE (siret text, raison_sociale text, region text, type_structure text)
LANGUAGE sql STABLE AS $$
    SELECT h.siret, h.raison_sociale, h.region, h.type_structure
      FROM lecap.adherent_historique h
     WHERE (h.date_adhesion IS NULL OR h.date_adhesion <= make_date(p_campagne, 12, 31))
       AND (h.sorti_le IS NULL OR h.sorti_le > make_date(p_campagne, 1, 1))
$$;
COMMENT ON FUNCTION lecap.adherents_campagne(int) IS 'Adhérents inscrits à une campagne : adhésion au plus tard le 31 décembre, pas sortis avant le 1er janvier';

-- ------------------------------------------------------------ lecap.publier

-- Recomputes the campaign's participation from the members registered at
-- the campaign, then decides the campaign's secrecy pattern. Called by
-- lecap aggregate right after lecap.agreger(), in the same transaction; it
-- reads only result tables (and the registry history).
CREATE FUNCTION lecap.publier(p_campagne int, p_seuil_secret int)
RETURNS TABLE (cellules int, primaires int, secondaires int)
LANGUAGE plpgsql AS $$
DECLARE
    v_changed int;
    v_rounds int := 0;
    v_cel int;
    v_pri int;
    v_sec int;
BEGIN
    IF p_seuil_secret IS NULL OR p_seuil_secret < 1 THEN
        RAISE EXCEPTION 'seuil_secret doit être un entier positif (reçu %)', p_seuil_secret;
    END IF;

    -- Participation: the registry as it stood at the campaign.
    DROP TABLE IF EXISTS pg_temp.p_adh;
    CREATE TEMP TABLE p_adh ON COMMIT DROP AS
    SELECT a.siret, a.region, a.raison_sociale, a.type_structure, d.derniere
      FROM lecap.adherents_campagne(p_campagne) a
      LEFT JOIN (SELECT e.siret, max(e.campagne) AS derniere FROM lecap.evaluation e
                  WHERE e.campagne <= p_campagne GROUP BY e.siret) d ON d.siret = a.siret;
    DELETE FROM lecap.participation WHERE campagne = p_campagne;
    INSERT INTO lecap.participation
    WITH adh AS (
        SELECT coalesce(region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE derniere = p_campagne)::int AS n_eval,
               count(*) FILTER (WHERE derniere <= p_campagne - 2)::int AS n_anc,
               count(*) FILTER (WHERE derniere IS NULL)::int AS n_jamais
          FROM p_adh GROUP BY GROUPING SETS ((region), ())),
    ev AS (
        SELECT coalesce(r.region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE r.complete)::int AS n_comp,
               coalesce(sum(r.n_repondants), 0)::int AS n_rep
          FROM lecap.resultat_evaluation r WHERE r.campagne = p_campagne
         GROUP BY GROUPING SETS ((r.region), ()))
    SELECT p_campagne, coalesce(a.region, v.region), coalesce(a.n, 0), coalesce(a.n_eval, 0),
           a.n_eval::numeric / nullif(a.n, 0), coalesce(a.n_anc, 0), coalesce(a.n_jamais, 0),
           coalesce(v.n, 0), coalesce(v.n_comp, 0), coalesce(v.n_rep, 0)
      FROM adh a FULL JOIN ev v ON v.region = a.region
     WHERE coalesce(a.n, 0) > 0 OR coalesce(v.n, 0) > 0;
    DELETE FROM lecap.adherent_sans_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.adherent_sans_evaluation
    SELECT p_campagne, region, siret, raison_sociale, type_structure, derniere
      FROM p_adh WHERE derniere IS NULL OR derniere <= p_campagne - 2;

    -- Every cell of the campaign: primary secrecy, and the size of its
    -- population (complete evaluations of its region and type) that ranks
    -- the candidates for secondary secrecy.
    DROP TABLE IF EXISTS pg_temp.p_cel, pg_temp.p_mem, pg_temp.p_pop;
    CREATE TEMP TABLE p_pop ON COMMIT DROP AS
    SELECT coalesce(region, 'FR') COLLATE "C" AS region, coalesce(type_structure, '*') COLLATE "C" AS type_structure,
           count(*)::int AS n
      FROM lecap.resultat_evaluation WHERE campagne = p_campagne AND complete
     GROUP BY GROUPING SETS ((region, type_structure), (region), (type_structure), ());

    CREATE TEMP TABLE p_cel (
        id serial PRIMARY KEY, tableau text COLLATE "C", region text COLLATE "C",
        ventilation text COLLATE "C", code text COLLATE "C", n int, pop int, total boolean,
        motif text) ON COMMIT DROP;
    INSERT INTO p_cel (tableau, region, ventilation, code, n, pop, total, motif)
    SELECT 'agregat', a.region, a.type_structure, a.code, a.n_entreprises, coalesce(p.n, 0),
           false, CASE WHEN a.n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.agregat a
      LEFT JOIN p_pop p ON p.region = a.region AND p.type_structure = a.type_structure
     WHERE a.campagne = p_campagne
    UNION ALL
    SELECT 'college', region, college, code, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.agregat_college WHERE campagne = p_campagne
    UNION ALL
    SELECT 'divergence', region, '', sous_theme, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.divergence_agregat WHERE campagne = p_campagne
    UNION ALL
    SELECT 'plan', region, '', objectif, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.plan_agregat WHERE campagne = p_campagne
    UNION ALL
    SELECT 'offre_plan', region, '', offre, n_entreprises_plan, n_entreprises_plan, false,
           CASE WHEN n_entreprises_plan > 0 AND n_entreprises_plan < p_seuil_secret THEN 'primaire' END
      FROM lecap.demande_offres WHERE campagne = p_campagne
    UNION ALL
    SELECT 'offre_objectifs', region, '', offre, n_entreprises_objectifs, n_entreprises_objectifs, false,
           CASE WHEN n_entreprises_objectifs > 0 AND n_entreprises_objectifs < p_seuil_secret THEN 'primaire' END
      FROM lecap.demande_offres WHERE campagne = p_campagne
    UNION ALL
    SELECT 'participation', region, '', '', n_evaluations, n_evaluations, false,
           CASE WHEN n_evaluations > 0 AND n_evaluations < p_seuil_secret THEN 'primaire' END
      FROM lecap.participation WHERE campagne = p_campagne
    UNION ALL
    SELECT 'repondants', region, college, '', n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.repondants_college WHERE campagne = p_campagne;
    CREATE INDEX ON p_cel (tableau, region, ventilation, code);
    ANALYZE p_cel;

    -- The relations: each group is a total and its components.
    CREATE TEMP TABLE p_mem (grp text COLLATE "C", besoin int, id int, total boolean) ON COMMIT DROP;
    -- FR = Σ regions, for every table (3 secret cells at least).
    INSERT INTO p_mem
    SELECT 'R|' || tableau || '|' || ventilation || '|' || code, 3, id, region = 'FR'
      FROM p_cel;
    -- Region (and FR) = Σ structure types.
    INSERT INTO p_mem
    SELECT 'T|' || region || '|' || code, 2, id, ventilation = '*'
      FROM p_cel WHERE tableau = 'agregat';
    -- A parent of the grid = its weighted children, in a region and type.
    INSERT INTO p_mem
    SELECT DISTINCT 'H|' || c.region || '|' || c.ventilation || '|' || coalesce(g.parent, c.code), 2, c.id,
           g.parent IS NULL
      FROM p_cel c
      JOIN (SELECT DISTINCT el.code, el.parent FROM lecap.element el
             WHERE el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                   WHERE campagne = p_campagne)) g ON g.code = c.code
     WHERE c.tableau = 'agregat' AND g.parent IS NOT NULL
    UNION
    SELECT DISTINCT 'H|' || c.region || '|' || c.ventilation || '|' || c.code, 2, c.id, true
      FROM p_cel c
     WHERE c.tableau = 'agregat'
       AND EXISTS (SELECT 1 FROM lecap.element el WHERE el.parent = c.code
                      AND el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                          WHERE campagne = p_campagne));
    -- Respondents of a region = Σ colleges.
    INSERT INTO p_mem
    SELECT 'C|' || region, 2, id, tableau = 'participation'
      FROM p_cel WHERE tableau IN ('participation', 'repondants');
    CREATE INDEX ON p_mem (grp);
    CREATE INDEX ON p_mem (id);
    ANALYZE p_mem;

    -- Secondary secrecy: while a relation has some secret cells but fewer
    -- than it needs (and not all of them), hide its published cell of the
    -- smallest population — a component before the total.
    LOOP
        v_rounds := v_rounds + 1;
        WITH g AS (
            SELECT m.grp, max(m.besoin) AS besoin, count(*) AS taille,
                   count(*) FILTER (WHERE c.motif IS NOT NULL) AS k
              FROM p_mem m JOIN p_cel c ON c.id = m.id
             GROUP BY m.grp),
        pick AS (
            SELECT DISTINCT ON (m.grp) m.grp, c.id
              FROM g JOIN p_mem m ON m.grp = g.grp JOIN p_cel c ON c.id = m.id
             WHERE g.k > 0 AND g.k < least(g.besoin, g.taille) AND c.motif IS NULL
             ORDER BY m.grp, m.total, c.pop, c.n, c.region, c.ventilation, c.code, c.tableau)
        UPDATE p_cel c SET motif = 'secondaire' FROM pick WHERE pick.id = c.id;
        GET DIAGNOSTICS v_changed = ROW_COUNT;
        EXIT WHEN v_changed = 0;
        IF v_rounds > 10000 THEN
            RAISE EXCEPTION 'secret secondaire : pas de point fixe après % tours', v_rounds;
        END IF;
    END LOOP;

    DELETE FROM lecap.secret WHERE campagne = p_campagne;
    INSERT INTO lecap.secret
    SELECT p_campagne, tableau, region, ventilation, code, n, motif FROM p_cel WHERE motif IS NOT NULL;
    SELECT count(*), count(*) FILTER (WHERE motif = 'primaire'), count(*) FILTER (WHERE motif = 'secondaire')
      INTO v_cel, v_pri, v_sec FROM p_cel;

    INSERT INTO lecap.publication_campagne AS pc
    VALUES (p_campagne, clock_timestamp(), p_seuil_secret,
            (SELECT mode() WITHIN GROUP (ORDER BY version_referentiel)
               FROM lecap.resultat_evaluation WHERE campagne = p_campagne),
            lecap.campagne_precedente(p_campagne), v_cel, v_pri, v_sec)
    ON CONFLICT (campagne) DO UPDATE
       SET decide_le = excluded.decide_le, seuil_secret = excluded.seuil_secret,
           version_referentiel = excluded.version_referentiel,
           campagne_precedente = excluded.campagne_precedente, n_cellules = excluded.n_cellules,
           n_primaires = excluded.n_primaires, n_secondaires = excluded.n_secondaires;

    DROP TABLE pg_temp.p_adh, pg_temp.p_cel, pg_temp.p_mem, pg_temp.p_pop;
    RETURN QUERY SELECT v_cel, v_pri, v_sec;
END
$$;
COMMENT ON FUNCTION lecap.publier(int, int) IS 'Recalcule la participation d''une campagne (adhérents inscrits à la campagne) et décide son secret statistique (lecap.secret) ; appelée par lecap aggregate après lecap.agreger, dans la même transaction';
REVOKE EXECUTE ON FUNCTION lecap.publier(int, int) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION lecap.adherents_campagne(int) FROM PUBLIC;

-- -------------------------------------------------- the publication views
--
-- Owner's rights (not security_invoker): they show every region's
-- publishable figures to whoever may read them, delegates included, and
-- nothing that secrecy hides. A secret cell keeps its row, its n and its
-- labels; its figures are NULL, diffusable is false and secret says why.
-- Ready for BI tools: labels, the grid version and its display order
-- (rang), a flag on the network rows (national), figures as numeric of
-- fixed scale (scores 2 decimals, shares 3).

CREATE VIEW lecap.v_publication_agregat AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.niveau, a.code, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN round(a.moyenne, 2)::numeric(5,2) END AS moyenne,
       CASE WHEN s.motif IS NULL THEN round(a.mediane, 2)::numeric(5,2) END AS mediane,
       CASE WHEN s.motif IS NULL THEN round(a.q1, 2)::numeric(5,2) END AS q1,
       CASE WHEN s.motif IS NULL THEN round(a.q3, 2)::numeric(5,2) END AS q3,
       CASE WHEN s.motif IS NULL THEN round(a.minimum, 2)::numeric(5,2) END AS minimum,
       CASE WHEN s.motif IS NULL THEN round(a.maximum, 2)::numeric(5,2) END AS maximum,
       CASE WHEN s.motif IS NULL THEN round(a.part_atteinte, 3)::numeric(4,3) END AS part_atteinte,
       CASE WHEN s.motif IS NULL AND p.campagne IS NOT NULL AND ps.motif IS NULL AND ppc.campagne IS NOT NULL
            THEN (round(a.moyenne, 2) - round(p.moyenne, 2))::numeric(5,2) END AS evolution,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'agregat' AND s.region = a.region
        AND s.ventilation = a.type_structure AND s.code = a.code
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code
  LEFT JOIN lecap.publication_campagne ppc ON ppc.campagne = pc.campagne_precedente
  LEFT JOIN lecap.agregat p ON p.campagne = pc.campagne_precedente AND p.region = a.region
        AND p.type_structure = a.type_structure AND p.code = a.code
  LEFT JOIN lecap.secret ps ON ps.campagne = p.campagne AND ps.tableau = 'agregat' AND ps.region = p.region
        AND ps.ventilation = p.type_structure AND ps.code = p.code
 WHERE a.type_structure = '*';
COMMENT ON VIEW lecap.v_publication_agregat IS 'Publication : les agrégats de v_agregat (tous types de structure), secret statistique appliqué : chiffres NULL, diffusable faux et motif dans secret pour une cellule masquée';
COMMENT ON COLUMN lecap.v_publication_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_agregat.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_publication_agregat.libelle_region IS 'Nom de la région (Tout le réseau pour FR)';
COMMENT ON COLUMN lecap.v_publication_agregat.national IS 'Vrai pour la ligne du réseau (FR) : à exclure d''une somme sur les régions';
COMMENT ON COLUMN lecap.v_publication_agregat.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_publication_agregat.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_publication_agregat.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_publication_agregat.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_agregat.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_agregat.n_entreprises IS 'Entreprises (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_publication_agregat.moyenne IS 'Moyenne des scores, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.mediane IS 'Médiane, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.q1 IS 'Premier quartile, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.q3 IS 'Troisième quartile, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.minimum IS 'Plus petit score, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.maximum IS 'Plus grand score, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.part_atteinte IS 'Part (0–1) des objectifs atteints, 3 décimales ; NULL pour un indicateur ou si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.evolution IS 'Moyenne publiée moins la moyenne publiée de la campagne précédente ; NULL si l''une des deux n''est pas publiée';
COMMENT ON COLUMN lecap.v_publication_agregat.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_agregat.secret IS 'NULL si publiée ; primaire (effectif sous seuil_secret) ou secondaire (masquée pour qu''une cellule secrète ne se recalcule pas)';

CREATE VIEW lecap.v_publication_agregat_type AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.type_structure, ts.libelle AS libelle_type, a.niveau, a.code,
       el.libelle, pc.version_referentiel, el.rang, a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN round(a.moyenne, 2)::numeric(5,2) END AS moyenne,
       CASE WHEN s.motif IS NULL THEN round(a.mediane, 2)::numeric(5,2) END AS mediane,
       CASE WHEN s.motif IS NULL THEN round(a.q1, 2)::numeric(5,2) END AS q1,
       CASE WHEN s.motif IS NULL THEN round(a.q3, 2)::numeric(5,2) END AS q3,
       CASE WHEN s.motif IS NULL THEN round(a.minimum, 2)::numeric(5,2) END AS minimum,
       CASE WHEN s.motif IS NULL THEN round(a.maximum, 2)::numeric(5,2) END AS maximum,
       CASE WHEN s.motif IS NULL THEN round(a.part_atteinte, 3)::numeric(4,3) END AS part_atteinte,
       CASE WHEN s.motif IS NULL AND p.campagne IS NOT NULL AND ps.motif IS NULL AND ppc.campagne IS NOT NULL
            THEN (round(a.moyenne, 2) - round(p.moyenne, 2))::numeric(5,2) END AS evolution,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'agregat' AND s.region = a.region
        AND s.ventilation = a.type_structure AND s.code = a.code
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.type_structure ts ON ts.code = a.type_structure
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code
  LEFT JOIN lecap.publication_campagne ppc ON ppc.campagne = pc.campagne_precedente
  LEFT JOIN lecap.agregat p ON p.campagne = pc.campagne_precedente AND p.region = a.region
        AND p.type_structure = a.type_structure AND p.code = a.code
  LEFT JOIN lecap.secret ps ON ps.campagne = p.campagne AND ps.tableau = 'agregat' AND ps.region = p.region
        AND ps.ventilation = p.type_structure AND ps.code = p.code
 WHERE a.type_structure <> '*';
COMMENT ON VIEW lecap.v_publication_agregat_type IS 'Publication : les agrégats par type de structure (v_agregat_type), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_agregat_type.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_agregat_type.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle_region IS 'Nom de la région (Tout le réseau pour FR)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.type_structure IS 'Type de structure';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle_type IS 'Nom du type de structure';
COMMENT ON COLUMN lecap.v_publication_agregat_type.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_publication_agregat_type.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_publication_agregat_type.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_agregat_type.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.n_entreprises IS 'Entreprises de ce type (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_publication_agregat_type.moyenne IS 'Moyenne, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.mediane IS 'Médiane, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.q1 IS 'Premier quartile ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.q3 IS 'Troisième quartile ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.minimum IS 'Plus petit score ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.maximum IS 'Plus grand score ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.part_atteinte IS 'Part (0–1) des objectifs atteints, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.evolution IS 'Moyenne publiée moins celle, publiée, de la campagne précédente (même région, même type) ; NULL sinon';
COMMENT ON COLUMN lecap.v_publication_agregat_type.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_agregat_type.secret IS 'NULL si publiée ; primaire ou secondaire';

CREATE VIEW lecap.v_publication_score_college AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.college,
       array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion', 'benevole',
                            'administrateur'], a.college::text) AS rang_college,
       a.niveau, a.code, el.libelle, pc.version_referentiel, el.rang, a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN a.n_repondants END AS n_repondants,
       CASE WHEN s.motif IS NULL THEN round(a.moyenne, 2)::numeric(5,2) END AS moyenne,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.agregat_college a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'college' AND s.region = a.region
        AND s.ventilation = a.college AND s.code = a.code
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code;
COMMENT ON VIEW lecap.v_publication_score_college IS 'Publication : score moyen par collège (v_score_college), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_score_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_score_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_score_college.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_score_college.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_score_college.college IS 'Collège';
COMMENT ON COLUMN lecap.v_publication_score_college.rang_college IS 'Ordre d''affichage du collège (ordre du contrat des exports)';
COMMENT ON COLUMN lecap.v_publication_score_college.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_publication_score_college.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_publication_score_college.libelle IS 'Intitulé';
COMMENT ON COLUMN lecap.v_publication_score_college.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_score_college.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_score_college.n_entreprises IS 'Entreprises où ce collège a noté l''élément';
COMMENT ON COLUMN lecap.v_publication_score_college.n_repondants IS 'Répondants de ce collège ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_score_college.moyenne IS 'Score moyen du collège, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_score_college.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_score_college.secret IS 'NULL si publiée ; primaire ou secondaire';

CREATE VIEW lecap.v_publication_divergence AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.sous_theme, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN round(a.ecart_moyen, 2)::numeric(5,2) END AS ecart_moyen,
       CASE WHEN s.motif IS NULL THEN a.n_points_de_debat END AS n_points_de_debat,
       CASE WHEN s.motif IS NULL THEN round(a.part_points_de_debat, 3)::numeric(4,3) END AS part_points_de_debat,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.divergence_agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'divergence' AND s.region = a.region
        AND s.ventilation = '' AND s.code = a.sous_theme
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.sous_theme;
COMMENT ON VIEW lecap.v_publication_divergence IS 'Publication : divergence des points de vue par région et sous-thème (v_divergence_agregat), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_divergence.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_divergence.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_divergence.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_divergence.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_divergence.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_publication_divergence.libelle IS 'Intitulé du sous-thème';
COMMENT ON COLUMN lecap.v_publication_divergence.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_divergence.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_divergence.n_entreprises IS 'Entreprises dont l''écart a pu être mesuré';
COMMENT ON COLUMN lecap.v_publication_divergence.ecart_moyen IS 'Moyenne des écarts moyens, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.n_points_de_debat IS 'Entreprises où le sous-thème est un point de débat ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.part_points_de_debat IS 'n_points_de_debat / n_entreprises, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_divergence.secret IS 'NULL si publiée ; primaire ou secondaire';

CREATE VIEW lecap.v_publication_plan AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.objectif, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN a.n_actions END AS n_actions,
       CASE WHEN s.motif IS NULL THEN a.n_a_engager END AS n_a_engager,
       CASE WHEN s.motif IS NULL THEN a.n_en_cours END AS n_en_cours,
       CASE WHEN s.motif IS NULL THEN a.n_realisees END AS n_realisees,
       CASE WHEN s.motif IS NULL THEN a.n_abandonnees END AS n_abandonnees,
       CASE WHEN s.motif IS NULL THEN a.n_priorite_haute END AS n_priorite_haute,
       CASE WHEN s.motif IS NULL THEN a.n_actions_precedentes END AS n_actions_precedentes,
       CASE WHEN s.motif IS NULL THEN a.n_realisees_precedentes END AS n_realisees_precedentes,
       CASE WHEN s.motif IS NULL THEN round(a.part_realisee_precedente, 3)::numeric(4,3) END AS part_realisee_precedente,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.plan_agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'plan' AND s.region = a.region
        AND s.ventilation = '' AND s.code = a.objectif
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.objectif;
COMMENT ON VIEW lecap.v_publication_plan IS 'Publication : plans de progrès par région et objectif (v_plan_agregat), secret statistique appliqué (tous les comptes d''une cellule secrète sont NULL, sauf n_entreprises)';
COMMENT ON COLUMN lecap.v_publication_plan.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_plan.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_plan.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_plan.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_plan.objectif IS 'Code de l''objectif';
COMMENT ON COLUMN lecap.v_publication_plan.libelle IS 'Intitulé de l''objectif';
COMMENT ON COLUMN lecap.v_publication_plan.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_plan.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_plan.n_entreprises IS 'Entreprises avec au moins une action sur cet objectif';
COMMENT ON COLUMN lecap.v_publication_plan.n_actions IS 'Actions sur cet objectif ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_a_engager IS 'Actions à engager ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_en_cours IS 'Actions en cours ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_realisees IS 'Actions réalisées ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_abandonnees IS 'Actions abandonnées ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_priorite_haute IS 'Actions de priorité haute ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_actions_precedentes IS 'Actions encore ouvertes des plans de la campagne précédente (voir v_plan_agregat) ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_realisees_precedentes IS 'Parmi elles, celles réalisées depuis ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.part_realisee_precedente IS 'Part (0–1) des actions précédentes réalisées, 3 décimales ; NULL si secret ou sans action précédente';
COMMENT ON COLUMN lecap.v_publication_plan.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_plan.secret IS 'NULL si publiée ; primaire (n_entreprises sous le seuil) ou secondaire';

CREATE VIEW lecap.v_publication_demande_offres AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.offre, o.libelle,
       dense_rank() OVER (ORDER BY a.offre)::int AS rang,
       a.n_entreprises_plan,
       CASE WHEN sp.motif IS NULL THEN a.n_actions END AS n_actions,
       a.n_entreprises_objectifs,
       CASE WHEN so.motif IS NULL THEN a.n_objectifs_non_atteints END AS n_objectifs_non_atteints,
       sp.motif IS NULL AND so.motif IS NULL AS diffusable,
       CASE WHEN 'primaire' IN (sp.motif, so.motif) THEN 'primaire' ELSE coalesce(sp.motif, so.motif) END AS secret
  FROM lecap.demande_offres a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  JOIN lecap.offre o ON o.code = a.offre
  LEFT JOIN lecap.secret sp ON sp.campagne = a.campagne AND sp.tableau = 'offre_plan' AND sp.region = a.region
        AND sp.ventilation = '' AND sp.code = a.offre
  LEFT JOIN lecap.secret so ON so.campagne = a.campagne AND so.tableau = 'offre_objectifs' AND so.region = a.region
        AND so.ventilation = '' AND so.code = a.offre
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_demande_offres IS 'Publication : demande adressée à l''offre de services (v_demande_offres), secret statistique appliqué à chacune de ses deux moitiés (plans, objectifs non atteints)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_demande_offres.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_demande_offres.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_demande_offres.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.offre IS 'Code de l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.libelle IS 'Intitulé de l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.rang IS 'Ordre d''affichage (ordre des codes d''offre)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_entreprises_plan IS 'Entreprises dont le plan mobilise l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_actions IS 'Actions qui la mobilisent ; NULL si 0 < n_entreprises_plan < seuil ou secret secondaire';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_entreprises_objectifs IS 'Entreprises dont un objectif non atteint y renvoie';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_objectifs_non_atteints IS 'Couples (entreprise, objectif non atteint) ; NULL si 0 < n_entreprises_objectifs < seuil ou secret secondaire';
COMMENT ON COLUMN lecap.v_publication_demande_offres.diffusable IS 'Vrai si les deux moitiés de la ligne sont publiées';
COMMENT ON COLUMN lecap.v_publication_demande_offres.secret IS 'NULL si tout est publié ; primaire si une moitié est sous le seuil, secondaire sinon';

CREATE VIEW lecap.v_publication_participation AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.n_adherents, a.n_adherents_evalues,
       round(a.taux_participation, 3)::numeric(4,3) AS taux_participation,
       a.n_sans_evaluation_recente, a.n_jamais_evalues, a.n_evaluations,
       CASE WHEN s.motif IS NULL THEN a.n_completes END AS n_completes,
       CASE WHEN s.motif IS NULL THEN a.n_repondants END AS n_repondants,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.participation a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'participation' AND s.region = a.region
        AND s.ventilation = '' AND s.code = ''
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_participation IS 'Publication : participation et chiffres clés (v_participation) ; les comptes d''adhérents et d''évaluations sont publics, n_completes et n_repondants suivent le secret statistique';
COMMENT ON COLUMN lecap.v_publication_participation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_participation.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_participation.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_participation.national IS 'Vrai pour la ligne du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_participation.n_adherents IS 'Adhérents inscrits à la campagne (adhésion au plus tard le 31 décembre, pas sortis avant le 1er janvier)';
COMMENT ON COLUMN lecap.v_publication_participation.n_adherents_evalues IS 'Parmi eux, ceux évalués à cette campagne';
COMMENT ON COLUMN lecap.v_publication_participation.taux_participation IS 'n_adherents_evalues / n_adherents, 3 décimales (NULL sans registre)';
COMMENT ON COLUMN lecap.v_publication_participation.n_sans_evaluation_recente IS 'Adhérents dont la dernière évaluation date de deux campagnes ou plus';
COMMENT ON COLUMN lecap.v_publication_participation.n_jamais_evalues IS 'Adhérents jamais évalués';
COMMENT ON COLUMN lecap.v_publication_participation.n_evaluations IS 'Évaluations reçues';
COMMENT ON COLUMN lecap.v_publication_participation.n_completes IS 'Évaluations complètes ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_participation.n_repondants IS 'Répondants individuels ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_participation.diffusable IS 'Vrai si n_completes et n_repondants sont publiés';
COMMENT ON COLUMN lecap.v_publication_participation.secret IS 'NULL si publiée ; primaire (0 < n_evaluations < seuil) ou secondaire';

CREATE VIEW lecap.v_publication_repondants_college AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.college,
       array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion', 'benevole',
                            'administrateur'], a.college::text) AS rang_college,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN a.n_repondants END AS n_repondants,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.repondants_college a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'repondants' AND s.region = a.region
        AND s.ventilation = a.college AND s.code = ''
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_repondants_college IS 'Publication : répondants par collège (v_repondants_college), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_repondants_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_repondants_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_repondants_college.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_repondants_college.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_repondants_college.college IS 'Collège (hors consensus)';
COMMENT ON COLUMN lecap.v_publication_repondants_college.rang_college IS 'Ordre d''affichage du collège';
COMMENT ON COLUMN lecap.v_publication_repondants_college.n_entreprises IS 'Évaluations où le collège a répondu';
COMMENT ON COLUMN lecap.v_publication_repondants_college.n_repondants IS 'Répondants ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_repondants_college.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_repondants_college.secret IS 'NULL si publiée ; primaire (moins de seuil_secret évaluations) ou secondaire';

-- ------------------------------------------------------------------ roles
--
-- Everyone who reads lecap reads the publication views (analysts also
-- through ALTER DEFAULT PRIVILEGES of 005).
GRANT SELECT ON lecap.v_publication_agregat, lecap.v_publication_agregat_type,
    lecap.v_publication_score_college, lecap.v_publication_divergence, lecap.v_publication_plan,
    lecap.v_publication_demande_offres, lecap.v_publication_participation,
    lecap.v_publication_repondants_college, lecap.publication_campagne
  TO lecap_delegue, lecap_analyste;

-- Delegates read their own regions in full, and nothing else but the
-- publication views: the network rows (FR) leave the row-level policies.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entreprise', 'evaluation', 'adherent', 'resultat_evaluation',
        'score', 'score_college', 'agregat', 'agregat_college', 'divergence',
        'divergence_agregat', 'plan_agregat', 'demande_offres', 'participation',
        'repondants_college', 'adherent_sans_evaluation']
    LOOP
        EXECUTE format('DROP POLICY delegue ON lecap.%I', t);
        EXECUTE format('CREATE POLICY delegue ON lecap.%I FOR SELECT TO lecap_delegue USING (region IN '
                       '(SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user))', t);
    END LOOP;
END
$$;

-- A plan belongs to the region its campaign's evaluation declares (else the
-- enterprise's last known region, else the registry's): the rule by which
-- lecap.agreger places it in plan_agregat. Owner's rights, to look past the
-- reader's own row-level security.
CREATE FUNCTION lecap.region_du_plan(p_siret text, p_campagne int) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT e.region FROM lecap.evaluation e WHERE e.siret = p_siret AND e.campagne = p_campagne),
                    (SELECT n.region FROM lecap.entreprise n WHERE n.siret = p_siret),
                    (SELECT a.region FROM lecap.adherent a WHERE a.siret = p_siret))
$$;
COMMENT ON FUNCTION lecap.region_du_plan(text, int) IS 'Région d''un plan de progrès : celle de l''évaluation de la même campagne, sinon la dernière connue de l''entreprise, sinon celle du registre';
REVOKE EXECUTE ON FUNCTION lecap.region_du_plan(text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lecap.region_du_plan(text, int) TO lecap_delegue;
DROP POLICY delegue ON lecap.plan;
CREATE POLICY delegue ON lecap.plan FOR SELECT TO lecap_delegue
    USING (lecap.region_du_plan(siret, campagne) IN
           (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));
-- plan_action and plan_action_offre follow lecap.plan (their policies of 005
-- read it under the reader's rights).
