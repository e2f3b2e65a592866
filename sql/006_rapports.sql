-- 006 — When the reports of a campaign were last rendered into [chemins]
-- rapports, so that lecap status can tell up-to-date reports from stale ones
-- (an unchanged PDF keeps its old mtime, so the file date cannot tell).

CREATE TABLE lecap.rapport_campagne (
    campagne  int PRIMARY KEY,
    rendu_le  timestamptz NOT NULL
);
COMMENT ON TABLE lecap.rapport_campagne IS 'Dernier rendu complet des rapports d''une campagne dans [chemins] rapports';
COMMENT ON COLUMN lecap.rapport_campagne.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.rapport_campagne.rendu_le IS 'Fin du dernier rendu de tous ses rapports (lecap run ou lecap report --all)';

-- Nothing regional in it: delegates may read it like the other campaign tables.
GRANT SELECT ON lecap.rapport_campagne TO lecap_delegue;
