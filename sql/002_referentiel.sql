-- 002 — The Le Cap referential (versioned), regions, structure types, offers.

CREATE TABLE lecap.region (
    code    text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
    libelle text NOT NULL
);
COMMENT ON TABLE lecap.region IS 'Régions INSEE (config/regions.csv)';
COMMENT ON COLUMN lecap.region.code IS 'Code INSEE de la région, en texte (ex. 84)';
COMMENT ON COLUMN lecap.region.libelle IS 'Nom de la région';

CREATE TABLE lecap.type_structure (
    code    text PRIMARY KEY,
    libelle text NOT NULL
);
COMMENT ON TABLE lecap.type_structure IS 'Types de structure (config/types-structure.csv)';
COMMENT ON COLUMN lecap.type_structure.code IS 'Code du type (AI, ACI, EI...)';
COMMENT ON COLUMN lecap.type_structure.libelle IS 'Nom complet du type';

CREATE TABLE lecap.offre (
    code        text PRIMARY KEY,
    libelle     text NOT NULL,
    description text NOT NULL DEFAULT ''
);
COMMENT ON TABLE lecap.offre IS 'Offre de services de la fédération (config/offres.csv)';
COMMENT ON COLUMN lecap.offre.code IS 'Code de l''offre';
COMMENT ON COLUMN lecap.offre.libelle IS 'Intitulé de l''offre';
COMMENT ON COLUMN lecap.offre.description IS 'Description de l''offre';

CREATE TABLE lecap.referentiel (
    version    text PRIMARY KEY,
    sha256     text NOT NULL,
    fichier    text NOT NULL,
    charge_le  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE lecap.referentiel IS 'Versions de la grille du Cap chargées ([referentiel] version)';
COMMENT ON COLUMN lecap.referentiel.version IS 'Libellé de version (ex. cap-2019)';
COMMENT ON COLUMN lecap.referentiel.sha256 IS 'Empreinte SHA-256 du fichier chargé';
COMMENT ON COLUMN lecap.referentiel.fichier IS 'Fichier d''où la grille a été chargée';
COMMENT ON COLUMN lecap.referentiel.charge_le IS 'Date du chargement';

CREATE TABLE lecap.element (
    version text NOT NULL REFERENCES lecap.referentiel ON DELETE CASCADE,
    code    text NOT NULL,
    niveau  text NOT NULL CHECK (niveau IN ('theme', 'sous_theme', 'objectif', 'indicateur')),
    parent  text,
    libelle text NOT NULL,
    cible   numeric(3,2) CHECK (cible BETWEEN 1 AND 4),
    poids   numeric NOT NULL DEFAULT 1 CHECK (poids > 0),
    rang    int NOT NULL,
    PRIMARY KEY (version, code),
    FOREIGN KEY (version, parent) REFERENCES lecap.element (version, code),
    CHECK ((niveau = 'theme') = (parent IS NULL)),
    CHECK ((niveau = 'objectif') = (cible IS NOT NULL))
);
COMMENT ON TABLE lecap.element IS 'Éléments de la grille : thèmes, sous-thèmes, objectifs, indicateurs';
COMMENT ON COLUMN lecap.element.version IS 'Version de la grille';
COMMENT ON COLUMN lecap.element.code IS 'Code hiérarchique (1, 1.1, 1.1.1, 1.1.1.a)';
COMMENT ON COLUMN lecap.element.niveau IS 'theme, sous_theme, objectif ou indicateur';
COMMENT ON COLUMN lecap.element.parent IS 'Code de l''élément du niveau supérieur (NULL pour un thème)';
COMMENT ON COLUMN lecap.element.libelle IS 'Intitulé';
COMMENT ON COLUMN lecap.element.cible IS 'Niveau visé d''un objectif sur l''échelle 1–4 (niveau d''exigence du réseau)';
COMMENT ON COLUMN lecap.element.poids IS 'Poids dans la moyenne pondérée du niveau supérieur';
COMMENT ON COLUMN lecap.element.rang IS 'Ordre dans le fichier de la grille';

CREATE TABLE lecap.element_offre (
    version text NOT NULL,
    code    text NOT NULL,
    offre   text NOT NULL REFERENCES lecap.offre,
    PRIMARY KEY (version, code, offre),
    FOREIGN KEY (version, code) REFERENCES lecap.element (version, code) ON DELETE CASCADE
);
COMMENT ON TABLE lecap.element_offre IS 'Offres de services à mobiliser pour chaque objectif';
COMMENT ON COLUMN lecap.element_offre.version IS 'Version de la grille';
COMMENT ON COLUMN lecap.element_offre.code IS 'Code de l''objectif';
COMMENT ON COLUMN lecap.element_offre.offre IS 'Code de l''offre';
