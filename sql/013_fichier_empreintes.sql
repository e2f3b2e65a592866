-- 013 — The fingerprints of applied files, for lecap ingest's doublon lookup.
-- lecap ingest asks, per window of inbox files, which fingerprints belong to
-- an applied file (integre or obsolete) instead of holding every fingerprint
-- ever received in memory. fichier_sha256 holds the doublon rows too: a file
-- dropped again every night adds one row per night under the same
-- fingerprint, and the lookup would read them all. This partial index holds
-- the applied files only (one row per fingerprint, as a rule), in id order.

CREATE INDEX fichier_sha256_applique ON lecap.fichier (sha256, id)
    WHERE statut IN ('integre', 'obsolete');
