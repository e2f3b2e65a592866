-- The digest of what each member's photographie of campaign p_campagne is
-- drawn from (issue 20 item 3), with p_faits (the report's facts: layout
-- version, campaign facts, font, vision text, priorities). Coarser than the
-- PDF's fingerprint, never finer: whatever a photographie prints moves the
-- digest. Own inputs: the member's evaluations of every campaign up to
-- p_campagne (a corrected export is a new evaluation), their results,
-- scores, colleges' scores and divergences, its plans and their actions. Shared inputs: the published medians of its
-- region, the network's medians and quartiles, its structure type's
-- medians, the grid, the regions and types, the aggregated campaigns. A
-- figure moving in a region redoes that region's members; in the network,
-- every member (the publication views give them to the hundredth, as
-- printed). The federation's offers and the grid's links to them (labels
-- and descriptions are printed in the plan) are shared inputs too (their text, not
-- the date of their loading). The
-- digest is a text hash of these rows, so the function fixes how dates,
-- times and numbers print. a_jour: the digest equals the one recorded when the last
-- photographie was written (lecap.photographie_entree).
CREATE FUNCTION lecap.photographie_entrees(p_campagne int, p_faits text)
RETURNS TABLE (siret text, region text, entrees text, a_jour boolean)
LANGUAGE sql STABLE
-- dates, times and numbers as text whatever the session's settings
SET datestyle = 'ISO, YMD' SET timezone = 'UTC' SET extra_float_digits = 1 SET lc_numeric = 'C'
AS $$
    WITH m AS MATERIALIZED (
        SELECT r.siret, r.region, r.type_structure, r.version_referentiel
          FROM lecap.resultat_evaluation r
         WHERE r.campagne = p_campagne),
    e AS MATERIALIZED (
        SELECT e.id, e.siret, e.campagne, e.fichier_id, e.date_evaluation, e.horodatage_export
          FROM lecap.evaluation e
         WHERE e.campagne <= p_campagne AND e.siret IN (SELECT m.siret FROM m)),
    -- the scores, the colleges' scores and the divergences are the
    -- evaluation's, but kept apart from it: hashed too
    sc AS MATERIALIZED (
        SELECT s.evaluation_id, md5(string_agg(concat_ws('|', s.code, s.score, s.atteint, s.n_objectifs,
                                                         s.n_atteints), ';' ORDER BY s.code)) AS h
          FROM lecap.score s
         WHERE s.campagne <= p_campagne AND s.evaluation_id IN (SELECT e.id FROM e)
         GROUP BY s.evaluation_id),
    co AS MATERIALIZED (
        SELECT s.evaluation_id, md5(string_agg(concat_ws('|', s.college, s.code, s.score, s.n_repondants),
                                               ';' ORDER BY s.college, s.code)) AS h
          FROM lecap.score_college s
         WHERE s.campagne <= p_campagne AND s.evaluation_id IN (SELECT e.id FROM e)
         GROUP BY s.evaluation_id),
    di AS MATERIALIZED (
        SELECT d.evaluation_id, md5(string_agg(concat_ws('|', d.sous_theme, d.ecart_moyen, d.n_indicateurs,
                                                         d.point_de_debat), ';' ORDER BY d.sous_theme)) AS h
          FROM lecap.divergence d
         WHERE d.campagne <= p_campagne AND d.evaluation_id IN (SELECT e.id FROM e)
         GROUP BY d.evaluation_id),
    ev AS MATERIALIZED (
        SELECT e.siret, md5(string_agg(concat_ws('|', e.id, e.campagne, e.fichier_id, e.date_evaluation,
                                                 e.horodatage_export, md5(r::text), sc.h, co.h, di.h),
                                       ';' ORDER BY e.campagne, e.id)) AS h
          FROM e
          JOIN lecap.resultat_evaluation r ON r.evaluation_id = e.id
          LEFT JOIN sc ON sc.evaluation_id = e.id
          LEFT JOIN co ON co.evaluation_id = e.id
          LEFT JOIN di ON di.evaluation_id = e.id
         GROUP BY e.siret),
    pl AS MATERIALIZED (
        SELECT p.siret, md5(string_agg(concat_ws('|', p.id, p.campagne, p.fichier_id, p.horodatage_export,
                                                 (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero))
                                                    FROM lecap.plan_action a WHERE a.plan_id = p.id),
                                                 (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
                                                    FROM lecap.plan_action_offre o WHERE o.plan_id = p.id)),
                                       ';' ORDER BY p.campagne, p.id)) AS h
          FROM lecap.plan p
         WHERE p.campagne <= p_campagne AND p.siret IN (SELECT m.siret FROM m)
         GROUP BY p.siret),
    reg AS MATERIALIZED (
        SELECT a.region, md5(string_agg(concat_ws('|', a.code, a.mediane, a.q1, a.q3, a.diffusable),
                                        ';' ORDER BY a.code)) AS h
          FROM lecap.v_publication_agregat a
         WHERE a.campagne = p_campagne
         GROUP BY a.region),
    typ AS MATERIALIZED (
        SELECT t.type_structure, md5(string_agg(concat_ws('|', t.code, t.mediane, t.diffusable),
                                                ';' ORDER BY t.code)) AS h
          FROM lecap.v_publication_agregat_type t
         WHERE t.campagne = p_campagne AND t.region = 'FR'
         GROUP BY t.type_structure),
    commun AS MATERIALIZED (
        SELECT md5(concat_ws('#', p_faits,
                   (SELECT h FROM reg WHERE reg.region = 'FR'),
                   (SELECT md5(string_agg(concat_ws('|', c.campagne, c.campagne_precedente, c.completude_min,
                                                     c.seuil_secret, c.n_evaluations > 0),
                                          ';' ORDER BY c.campagne))
                      FROM lecap.agregat_campagne c WHERE c.campagne <= p_campagne),
                   (SELECT md5(string_agg(e::text, ';' ORDER BY e.version, e.code)) FROM lecap.element e),
                   (SELECT md5(string_agg(concat_ws('|', o.code, o.libelle, o.description), ';' ORDER BY o.code))
                      FROM lecap.offre o),
                   (SELECT md5(string_agg(o::text, ';' ORDER BY o.version, o.code, o.offre))
                      FROM lecap.element_offre o),
                   (SELECT md5(string_agg(g::text, ';' ORDER BY g.code)) FROM lecap.region g),
                   (SELECT md5(string_agg(t::text, ';' ORDER BY t.code)) FROM lecap.type_structure t))) AS h)
    SELECT m.siret::text, m.region::text, d.h, d.h = s.entrees
      FROM m
      CROSS JOIN commun
      LEFT JOIN ev ON ev.siret = m.siret COLLATE "default"
      LEFT JOIN pl ON pl.siret = m.siret COLLATE "default"
      LEFT JOIN reg ON reg.region = m.region
      LEFT JOIN typ ON typ.type_structure = m.type_structure
      CROSS JOIN LATERAL (SELECT md5(concat_ws('#', commun.h, m.version_referentiel, ev.h, pl.h, reg.h,
                                               typ.h)) AS h) d
      LEFT JOIN lecap.photographie_entree s ON s.campagne = p_campagne AND s.siret = m.siret
     ORDER BY m.region, m.siret
$$;
COMMENT ON FUNCTION lecap.photographie_entrees(int, text) IS 'Empreinte de ce que montre la photographie de chaque adhérent évalué de la campagne (ses évaluations, résultats et plans, les médianes publiées de sa région, du réseau et de son type de structure, la grille) ; a_jour : égale à celle de la dernière photographie écrite (lecap.photographie_entree)';

REVOKE EXECUTE ON FUNCTION lecap.photographie_entrees(int, text) FROM PUBLIC;
