-- 014 — Withdrawals (lecap retirer): an evaluation and its plan removed by
-- the operator, who, when and why; the files they came from stay archived,
-- marked withdrawn, so that dropping one again is refused (unless lecap
-- ingest --reintegrer); the campaign is marked for re-aggregation.

CREATE TABLE lecap.retrait (
    id           bigserial PRIMARY KEY,
    siret        text NOT NULL,
    campagne     int  NOT NULL,
    motif        text NOT NULL DEFAULT '',
    par          text NOT NULL,
    le           timestamptz NOT NULL DEFAULT now(),
    execution_id bigint REFERENCES lecap.execution,
    evaluations  int    NOT NULL,
    repondants   int    NOT NULL,
    reponses     bigint NOT NULL,
    plans        int    NOT NULL,
    actions      int    NOT NULL,
    fichiers     int    NOT NULL
);
CREATE INDEX retrait_siret ON lecap.retrait (siret, campagne);
COMMENT ON TABLE lecap.retrait IS 'Journal des retraits d''évaluations (lecap retirer) : qui, quand, pourquoi, ce qui a été retiré';
COMMENT ON COLUMN lecap.retrait.id IS 'Identifiant';
COMMENT ON COLUMN lecap.retrait.siret IS 'SIRET de l''évaluation retirée';
COMMENT ON COLUMN lecap.retrait.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.retrait.motif IS 'Motif donné par l''exploitant (--motif)';
COMMENT ON COLUMN lecap.retrait.par IS 'Qui : utilisateur système et hôte, puis rôle PostgreSQL';
COMMENT ON COLUMN lecap.retrait.le IS 'Quand';
COMMENT ON COLUMN lecap.retrait.execution_id IS 'Exécution (lecap.execution) qui a fait le retrait';
COMMENT ON COLUMN lecap.retrait.evaluations IS 'Évaluations retirées (0 ou 1)';
COMMENT ON COLUMN lecap.retrait.repondants IS 'Répondants retirés';
COMMENT ON COLUMN lecap.retrait.reponses IS 'Cellules de réponse retirées';
COMMENT ON COLUMN lecap.retrait.plans IS 'Plans de progrès retirés (0 ou 1)';
COMMENT ON COLUMN lecap.retrait.actions IS 'Actions de plan retirées';
COMMENT ON COLUMN lecap.retrait.fichiers IS 'Fichiers marqués retirés (restés dans l''archive)';

ALTER TABLE lecap.fichier ADD COLUMN retrait_id bigint REFERENCES lecap.retrait;
COMMENT ON COLUMN lecap.fichier.retrait_id IS 'Retrait (lecap retirer) qui a retiré ce fichier ; un nouveau dépôt du même contenu est refusé, sauf lecap ingest --reintegrer';

-- Campaigns whose data changed outside of the ingestion (a withdrawal, an
-- erasure): lecap.campagne_perimee reads it.
CREATE TABLE lecap.campagne_modifiee (
    campagne int  PRIMARY KEY,
    le       timestamptz NOT NULL,
    raison   text NOT NULL
);
COMMENT ON TABLE lecap.campagne_modifiee IS 'Dernière modification d''une campagne hors ingestion (retrait, effacement) : ses agrégats sont périmés si elle est postérieure à leur calcul';
COMMENT ON COLUMN lecap.campagne_modifiee.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.campagne_modifiee.le IS 'Date de la modification';
COMMENT ON COLUMN lecap.campagne_modifiee.raison IS 'Raison donnée par lecap status (ex. évaluation retirée)';

-- Withdraws the evaluation and the plan of (siret, campagne) in the caller's
-- transaction: deletes them with everything under them, marks every applied
-- file of that key withdrawn, records the withdrawal, marks the campaign
-- stale, re-derives lecap.entreprise from the latest evaluation left (or
-- removes it). Returns one row; retrait_id NULL when there was nothing to
-- withdraw. region: the withdrawn evaluation's (its report's directory).
CREATE FUNCTION lecap.retirer_evaluation(p_siret text, p_campagne int, p_motif text, p_par text,
                                         p_execution bigint)
RETURNS TABLE (retrait_id bigint, evaluations int, repondants int, reponses bigint, plans int,
               actions int, fichiers int, region text)
LANGUAGE plpgsql AS $$
DECLARE
    v_eval bigint;
    v_plan bigint;
    v_retrait bigint;
BEGIN
    evaluations := 0; repondants := 0; reponses := 0; plans := 0; actions := 0; fichiers := 0;
    SELECT e.id, e.region INTO v_eval, region FROM lecap.evaluation e
     WHERE e.siret = p_siret AND e.campagne = p_campagne FOR UPDATE;
    IF v_eval IS NOT NULL THEN
        evaluations := 1;
        SELECT count(*) INTO repondants FROM lecap.repondant r WHERE r.evaluation_id = v_eval;
        SELECT count(*) INTO reponses FROM lecap.reponse p WHERE p.evaluation_id = v_eval;
    END IF;
    SELECT p.id INTO v_plan FROM lecap.plan p WHERE p.siret = p_siret AND p.campagne = p_campagne FOR UPDATE;
    IF v_plan IS NOT NULL THEN
        plans := 1;
        SELECT count(*) INTO actions FROM lecap.plan_action a WHERE a.plan_id = v_plan;
    END IF;
    SELECT count(*) INTO fichiers FROM lecap.fichier f
     WHERE f.siret = p_siret AND f.campagne = p_campagne AND f.nature IN ('reponses', 'plan')
       AND f.statut IN ('integre', 'obsolete') AND f.retrait_id IS NULL;
    IF v_eval IS NULL AND v_plan IS NULL AND fichiers = 0 THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO lecap.retrait (siret, campagne, motif, par, execution_id, evaluations, repondants,
                               reponses, plans, actions, fichiers)
    VALUES (p_siret, p_campagne, coalesce(p_motif, ''), p_par || ' (rôle ' || session_user || ')',
            p_execution, evaluations, repondants, reponses, plans, actions, fichiers)
    RETURNING id INTO v_retrait;
    retrait_id := v_retrait;
    -- lecap.reponse has no declared foreign key (sql/003): deleted first.
    DELETE FROM lecap.reponse p WHERE p.evaluation_id = v_eval;
    DELETE FROM lecap.evaluation e WHERE e.id = v_eval;
    DELETE FROM lecap.plan p WHERE p.id = v_plan;
    UPDATE lecap.fichier f SET retrait_id = v_retrait
     WHERE f.siret = p_siret AND f.campagne = p_campagne AND f.nature IN ('reponses', 'plan')
       AND f.statut IN ('integre', 'obsolete') AND f.retrait_id IS NULL;
    -- The enterprise keeps the description of its latest campaign left.
    IF EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.siret = p_siret) THEN
        UPDATE lecap.entreprise t
           SET raison_sociale = l.raison_sociale, region = l.region, type_structure = l.type_structure
          FROM (SELECT e.raison_sociale, e.region, e.type_structure FROM lecap.evaluation e
                 WHERE e.siret = p_siret ORDER BY e.campagne DESC LIMIT 1) l
         WHERE t.siret = p_siret;
    ELSE
        DELETE FROM lecap.entreprise t WHERE t.siret = p_siret;
    END IF;
    INSERT INTO lecap.campagne_modifiee AS m (campagne, le, raison)
    VALUES (p_campagne, now(), 'évaluation retirée')
    ON CONFLICT (campagne) DO UPDATE SET le = excluded.le, raison = excluded.raison;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION lecap.retirer_evaluation IS 'lecap retirer : retire l''évaluation et le plan (siret, campagne), marque leurs fichiers retirés et la campagne à recalculer';

-- The staleness rule of sql/004, plus: data withdrawn or erased since the
-- last computation.
CREATE OR REPLACE FUNCTION lecap.campagne_perimee(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    a lecap.agregat_campagne;
    v_prec int;
    v_prec_le timestamptz;
    v_raison text;
BEGIN
    SELECT * INTO a FROM lecap.agregat_campagne WHERE campagne = p_campagne;
    IF NOT FOUND THEN
        RETURN 'jamais agrégée';
    END IF;
    IF a.completude_min <> p_completude_min OR a.seuil_secret <> p_seuil_secret THEN
        RETURN 'paramètres [agregats] changés';
    END IF;
    IF EXISTS (SELECT 1 FROM lecap.fichier f
               WHERE f.statut = 'integre' AND f.id > a.dernier_fichier_id
                 AND (f.campagne = p_campagne OR f.nature = 'adherents')) THEN
        RETURN 'nouveaux fichiers intégrés';
    END IF;
    SELECT m.raison INTO v_raison FROM lecap.campagne_modifiee m
     WHERE m.campagne = p_campagne AND m.le > a.calcule_le;
    IF FOUND THEN
        RETURN v_raison;
    END IF;
    v_prec := lecap.campagne_precedente(p_campagne);
    IF v_prec IS DISTINCT FROM a.campagne_precedente THEN
        RETURN 'campagne précédente changée';
    END IF;
    SELECT calcule_le INTO v_prec_le FROM lecap.agregat_campagne WHERE campagne = v_prec;
    IF v_prec_le > a.calcule_le THEN
        RETURN format('campagne précédente %s recalculée', v_prec);
    END IF;
    RETURN NULL;
END
$$;

-- Delegates read the staleness of the campaigns (lecap.agregat_campagne,
-- lecap.campagne_perimee), not the withdrawals: lecap.retrait names members
-- of every region.
GRANT SELECT ON lecap.campagne_modifiee TO lecap_delegue;
