-- 034 — The network's vision (issue 22 item 5): the short text of what
-- « être et faire COORACE » means, versioned ([referentiel] vision,
-- config/vision.txt), loaded by lecap init. One row per version; the one
-- in force (en_vigueur) is the version of the file at the last lecap init,
-- and it is the one every report prints on its method page.

CREATE TABLE lecap.vision (
    version    text        PRIMARY KEY CHECK (version ~ '^[A-Za-z0-9._-]{1,32}$'),
    texte      text        NOT NULL CHECK (length(texte) BETWEEN 1 AND 3000),
    empreinte  text        NOT NULL CHECK (empreinte ~ '^[0-9a-f]{64}$'),
    fichier    text        NOT NULL,
    en_vigueur boolean     NOT NULL DEFAULT false,
    charge_le  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vision_une_en_vigueur ON lecap.vision (en_vigueur) WHERE en_vigueur;
COMMENT ON TABLE lecap.vision IS 'Texte de la vision du réseau (« être et faire COORACE »), une ligne par version chargée par lecap init ; imprimé dans la page de méthode de chaque rapport';
COMMENT ON COLUMN lecap.vision.version IS 'Libellé de version (première ligne « version: … » du fichier)';
COMMENT ON COLUMN lecap.vision.texte IS 'Le texte, paragraphes séparés par une ligne vide';
COMMENT ON COLUMN lecap.vision.empreinte IS 'SHA-256 (hexadécimal) du texte : un texte changé sous la même version est refusé';
COMMENT ON COLUMN lecap.vision.fichier IS 'Fichier lu au chargement ([referentiel] vision)';
COMMENT ON COLUMN lecap.vision.en_vigueur IS 'Vrai pour la version du fichier au dernier lecap init (une seule) : celle qu''impriment les rapports';
COMMENT ON COLUMN lecap.vision.charge_le IS 'Date de la mise en vigueur de cette version (son chargement, ou sa dernière remise en vigueur) : les rapports produits avant sont périmés';

GRANT SELECT ON lecap.vision TO lecap_analyste, lecap_delegue;
