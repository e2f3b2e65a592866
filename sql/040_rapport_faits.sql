-- 040 — What the reports of a campaign were drawn with, beside when: the
-- layout version of lecap's drawing code and the [rapports] settings that
-- change what is printed (police, priorites, entreprises). lecap run renders
-- a campaign again when they differ from its own, as it does when the data
-- changed (lecap.rapports_a_jour): a new number of priorities in lecap.conf,
-- or an upgrade that changes the layout, reaches every report the next night;
-- an upgrade that leaves the layout alone redraws nothing. NULL for reports
-- rendered before this column: taken as drawn with today's settings (an
-- upgrade alone redraws nothing).

ALTER TABLE lecap.rapport_campagne ADD COLUMN faits text;
COMMENT ON COLUMN lecap.rapport_campagne.faits IS 'Ce avec quoi les rapports ont été dessinés : version de mise en page de lecap et réglages [rapports] (police, priorités, photographies), séparés par « | » ; NULL pour un rendu antérieur à la migration 040';
