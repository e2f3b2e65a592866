-- The digest of what each member's photographie of campaign p_campagne is
-- drawn from (issue 20 item 3), with p_faits (the report's facts: layout
-- version, campaign facts, font, vision text, priorities). Coarser than the
-- PDF's fingerprint, never finer: whatever a photographie prints moves the
-- digest; and as printed, so that what is not printed moves nothing.
-- Own inputs: the member's evaluations with results up to p_campagne (a
-- corrected export is a new evaluation) with their results; the current
-- evaluation's scores at every level, its colleges' scores and divergences;
-- the earlier evaluations' theme, sub-theme and objective scores (the trend,
-- the effect of the plans); its plans and their actions. Shared inputs: the
-- published medians of its region, of the network and of its structure type
-- for the grid's themes, sub-themes and objectives (the publication views
-- give them to the hundredth, as printed); the grid, the regions and types,
-- the aggregated campaigns, the federation's offers and the grid's links to
-- them (labels and descriptions are printed in the plan: their text, not
-- the date of their loading). A median moving in
-- a region redoes that region's members; in the network, every member. The
-- network's quartiles are not printed: only the quarter each score of the
-- member falls in (report/member_data.c member_data_quarter: the score to the
-- hundredth against the quartiles and the median to the hundredth), hashed
-- with the score, so that a quartile moving under a member's score redoes
-- that member only.
-- Cost (2 000 members, 3 campaigns: 0.4 M score rows, 0.24 M of them
-- shown): each evaluation's own rows are not read again: their digest,
-- written once by the aggregation (lecap.empreinte_evaluation, migration
-- 042), stands for them; only the campaign's theme, sub-theme and objective
-- scores are read, for their quarter (0.06 M rows); 570 -> 250 ms
-- (docs/performance.md); likewise each plan's actions and offers
-- (lecap.empreinte_plan, migration 047). Rows are hashed one by one (64 bits, on their
-- values: no text) and summed by evaluation with their count (no sort: the
-- sum is that of a set of rows), and JIT is off (the CTEs' estimates made
-- it compile for 1.9 s a query of a few tenths). A member's evaluations
-- (with their results and the digests above) and its plans are hashed the
-- same way, row by row, and summed per member: they were printed as text
-- and joined in order under an md5 (10,000 members: 250-275 -> 171 ms; the
-- first night after that change reads every photographie once, and keeps
-- the unchanged ones as they are). The function fixes how dates, times and
-- numbers print, since it hashes the published medians as text. a_jour: the
-- digest equals the one recorded when the last photographie was written
-- (lecap.photographie_entree).
CREATE FUNCTION lecap.photographie_entrees(p_campagne int, p_faits text)
RETURNS TABLE (siret text, region text, entrees text, a_jour boolean)
LANGUAGE sql STABLE
-- dates, times and numbers as text whatever the session's settings
SET datestyle = 'ISO, YMD' SET timezone = 'UTC' SET extra_float_digits = 1 SET lc_numeric = 'C'
SET jit = off
AS $$
    WITH m AS MATERIALIZED (
        SELECT r.evaluation_id, r.siret, r.region, r.type_structure, r.version_referentiel
          FROM lecap.resultat_evaluation r
         WHERE r.campagne = p_campagne),
    -- the published cells a photographie shows (the scores' table:
    -- themes, sub-themes, objectives), as printed
    pub AS MATERIALIZED (
        SELECT a.region, a.code, a.mediane, a.q1, a.q3, a.diffusable
          FROM lecap.v_publication_agregat a
         WHERE a.campagne = p_campagne AND a.niveau IN ('theme', 'sous_theme', 'objectif')),
    -- the network's quartiles and median (where published), bounds of
    -- the quarters the photographie prints
    fr AS MATERIALIZED (
        SELECT pub.code, pub.q1, pub.mediane, pub.q3
          FROM pub
         WHERE pub.region = 'FR' AND pub.diffusable AND pub.q1 IS NOT NULL AND pub.mediane IS NOT NULL
           AND pub.q3 IS NOT NULL),
    e AS MATERIALIZED (
        SELECT r.evaluation_id, r.siret, r.campagne,
               hash_record_extended((e.id, e.campagne, e.fichier_id, e.date_evaluation, e.horodatage_export,
                                     r.*), 0) AS t
          FROM lecap.resultat_evaluation r
          JOIN lecap.evaluation e ON e.id = r.evaluation_id
         WHERE r.campagne <= p_campagne AND r.siret IN (SELECT m.siret FROM m)),
    -- each evaluation's own rows (its scores at every level, its colleges'
    -- scores, its divergences), digested once by the aggregation when it
    -- computed them (lecap.empreinte_evaluation, migration 042): they never
    -- change while the evaluation keeps its id
    own AS MATERIALIZED (
        SELECT x.evaluation_id, x.lignes, x.somme
          FROM lecap.empreinte_evaluation x
         WHERE x.campagne <= p_campagne),
    -- the quarter of the network each theme, sub-theme and objective score
    -- of the campaign falls in, where one is printed: it moves with the
    -- network's quartiles. Hashed row by row (64 bits, lecap.quart_hachage)
    -- and summed by evaluation: no text. Kept per evaluation by the
    -- publication (lecap.quart_evaluation, migration 048) with the
    -- quartiles it was computed with (lecap.quart_borne): read there when
    -- those are the quartiles published (qk) and every evaluation has its
    -- digest, else hashed here from the scores.
    qk AS MATERIALIZED (
        SELECT NOT EXISTS (SELECT fr.code, fr.q1, fr.mediane, fr.q3 FROM fr
                           EXCEPT SELECT b.code, b.q1, b.mediane, b.q3 FROM lecap.quart_borne b
                                   WHERE b.campagne = p_campagne)
               AND NOT EXISTS (SELECT b.code, b.q1, b.mediane, b.q3 FROM lecap.quart_borne b
                                WHERE b.campagne = p_campagne
                               EXCEPT SELECT fr.code, fr.q1, fr.mediane, fr.q3 FROM fr)
               AND (SELECT count(*) FROM lecap.quart_evaluation q WHERE q.campagne = p_campagne)
                   = (SELECT count(*) FROM m) AS ok),
    qu AS MATERIALIZED (
        SELECT q.evaluation_id, q.lignes::bigint AS lignes, q.somme
          FROM lecap.quart_evaluation q
         WHERE q.campagne = p_campagne AND q.lignes > 0 AND (SELECT qk.ok FROM qk)
        UNION ALL
        SELECT q.evaluation_id, count(*), sum(q.h)
          FROM (SELECT s.evaluation_id,
                       lecap.quart_hachage(s.niveau, s.code, s.score, fr.q1, fr.mediane, fr.q3) AS h
                  FROM lecap.score s
                  JOIN fr ON fr.code = s.code
                 WHERE s.campagne = p_campagne AND s.niveau IN ('theme', 'sous_theme', 'objectif')
                   AND s.score IS NOT NULL AND NOT (SELECT qk.ok FROM qk)
                -- hashed before the grouping (OFFSET 0): the grouping's sort
                -- carries two numbers a row, not the row and its bounds (the
                -- function at 10,000 members: 1.10 -> 1.01 s, two runs each)
                OFFSET 0) q
         GROUP BY q.evaluation_id),
    ev AS MATERIALIZED (
        SELECT e.siret,
               format('%s/%s', count(*),
                      sum(hash_record_extended((e.t, own.lignes, own.somme, qu.lignes, qu.somme), 0))) AS h
          FROM e
          LEFT JOIN own ON own.evaluation_id = e.evaluation_id
          LEFT JOIN qu ON qu.evaluation_id = e.evaluation_id
         GROUP BY e.siret),
    -- each plan's actions and offers, digested once by the aggregation
    -- (lecap.empreinte_plan, migration 047: a plan never changes while it
    -- keeps its id), else here (a plan of a campaign never aggregated)
    pl AS MATERIALIZED (
        SELECT p.siret,
               format('%s/%s', count(*),
                      sum(hash_record_extended((p.id, p.campagne, p.fichier_id, p.horodatage_export,
                          CASE WHEN x.plan_id IS NOT NULL THEN x.actions
                               ELSE (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero))
                                       FROM lecap.plan_action a WHERE a.plan_id = p.id) END,
                          CASE WHEN x.plan_id IS NOT NULL THEN x.offres
                               ELSE (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
                                       FROM lecap.plan_action_offre o WHERE o.plan_id = p.id) END), 0))) AS h
          FROM lecap.plan p
          LEFT JOIN lecap.empreinte_plan x ON x.plan_id = p.id
         WHERE p.campagne <= p_campagne AND p.siret IN (SELECT m.siret FROM m)
         GROUP BY p.siret),
    reg AS MATERIALIZED (
        SELECT pub.region, md5(string_agg(format('%s|%s|%s', pub.code, pub.mediane, pub.diffusable),
                                          ';' ORDER BY pub.code)) AS h
          FROM pub
         GROUP BY pub.region),
    typ AS MATERIALIZED (
        SELECT t.type_structure, md5(string_agg(format('%s|%s|%s', t.code, t.mediane, t.diffusable),
                                                ';' ORDER BY t.code)) AS h
          FROM lecap.v_publication_agregat_type t
         WHERE t.campagne = p_campagne AND t.region = 'FR' AND t.niveau IN ('theme', 'sous_theme', 'objectif')
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
      LEFT JOIN ev ON ev.siret = m.siret
      LEFT JOIN pl ON pl.siret = m.siret COLLATE "default"
      LEFT JOIN reg ON reg.region = m.region
      LEFT JOIN typ ON typ.type_structure = m.type_structure
      CROSS JOIN LATERAL (SELECT md5(format('%s#%s#%s#%s#%s#%s', commun.h, m.version_referentiel, ev.h, pl.h,
                                            reg.h, typ.h)) AS h) d
      LEFT JOIN lecap.photographie_entree s ON s.campagne = p_campagne AND s.siret = m.siret
     ORDER BY m.region, m.siret
$$;
COMMENT ON FUNCTION lecap.photographie_entrees(int, text) IS 'Empreinte de ce que montre la photographie de chaque adhérent évalué de la campagne (ses évaluations, résultats et plans, les médianes publiées de sa région, du réseau et de son type de structure, la grille) ; a_jour : égale à celle de la dernière photographie écrite (lecap.photographie_entree)';

REVOKE EXECUTE ON FUNCTION lecap.photographie_entrees(int, text) FROM PUBLIC;
