-- 038 — When each of the federation's offers (config/offres.csv, loaded by
-- lecap init) last changed (issue 19): the reports print the offers'
-- labels and descriptions (the member's plan, the territorial reports'
-- offers), so a changed offer makes the reports rendered before it out of
-- date (lecap.rapports_a_jour), as a vision put in force does. Rows loaded
-- before this migration keep NULL: their text is the one the existing
-- reports already print, and an upgrade alone redraws nothing.

ALTER TABLE lecap.offre ADD COLUMN modifie_le timestamptz;
ALTER TABLE lecap.offre ALTER COLUMN modifie_le SET DEFAULT now();
COMMENT ON COLUMN lecap.offre.modifie_le IS 'Date du chargement qui a ajouté l''offre ou changé son intitulé ou sa description (NULL : chargée avant la migration 038) : les rapports produits avant sont périmés';
