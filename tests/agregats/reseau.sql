-- The network of the aggregation tests (see tests/integration/40-agregats.sh
-- for the expected values and how each was computed).
\set ON_ERROR_STOP 1
-- Campaign 2023: I (84), to be two campaigns old in 2025.
SELECT fx.rep(fx.eval('00000000000009', 2023, '84', 'AI'), 1, 'direction', '33333333');
-- Campaign 2024: A all 2, B all 3 (84).
SELECT fx.rep(fx.eval('00000000000001', 2024, '84', 'ACI'), 1, 'direction', '22222222');
SELECT fx.rep(fx.eval('00000000000002', 2024, '84', 'ACI'), 1, 'direction', '33333333');
-- Campaign 2025.
-- E1 (A, 84, ACI): consensus over individuals, NC excluded, NC only, consensus NC.
SELECT fx.rep(fx.eval('00000000000001', 2025, '84', 'ACI'), 1, 'direction', '44NN2132');
SELECT fx.rep((SELECT id FROM lecap.evaluation WHERE siret = '00000000000001' AND campagne = 2025),
              2, 'salarie_insertion', '223N44.2');
SELECT fx.rep((SELECT id FROM lecap.evaluation WHERE siret = '00000000000001' AND campagne = 2025),
              3, 'consensus', '1...N...');
-- E2 (B, 84, ACI) all 2; E3 (C, 84, EI) all 4.
SELECT fx.rep(fx.eval('00000000000002', 2025, '84', 'ACI'), 1, 'direction', '22222222');
SELECT fx.rep(fx.eval('00000000000003', 2025, '84', 'EI'), 1, 'benevole', '44444444');
-- E4 (D, 11, AI) all 3.
SELECT fx.rep(fx.eval('00000000000004', 2025, '11', 'AI'), 1, 'direction', '33333333');
-- E5 (F, 84, EI): 6 of 8 indicators, 0.75: complete, just at the threshold.
SELECT fx.rep(fx.eval('00000000000005', 2025, '84', 'EI'), 1, 'administrateur', '333333..');
-- E6 (G, 84, AI): 5 of 8 (one NC), 0.625: incomplete, just below.
SELECT fx.rep(fx.eval('00000000000006', 2025, '84', 'AI'), 1, 'direction', '1111N...');

-- Member registry: A, B, C, H (never evaluated), I (last 2023) in 84; D in 11.
SELECT fx.fichier('adherents', NULL, NULL) AS adh \gset
INSERT INTO lecap.adherent VALUES
 ('00000000000001', 'Entreprise A', '84', 'ACI', NULL, :adh),
 ('00000000000002', 'Entreprise B', '84', 'ACI', NULL, :adh),
 ('00000000000003', 'Entreprise C', '84', 'EI', NULL, :adh),
 ('00000000000008', 'Entreprise H', '84', 'AI', NULL, :adh),
 ('00000000000009', 'Entreprise I', '84', 'AI', NULL, :adh),
 ('00000000000004', 'Entreprise D', '11', 'AI', NULL, :adh);

-- Progress plans: A and C in 2024, A and B in 2025.
SELECT fx.plan('00000000000001', 2024) AS p \gset
SELECT fx.action(:p, 1, '1.1.1', 'en_cours', 1, '{}'), fx.action(:p, 2, '1.2.1', 'a_engager', 2, '{}'),
       fx.action(:p, 3, '2.1.1', 'realisee', 3, '{}'), fx.action(:p, 4, '1.1.2', 'abandonnee', 3, '{}');
SELECT fx.plan('00000000000003', 2024) AS p \gset
SELECT fx.action(:p, 1, '1.1.1', 'en_cours', 1, '{}');
SELECT fx.plan('00000000000001', 2025) AS p \gset
SELECT fx.action(:p, 1, '1.1.1', 'realisee', 1, '{TST1}'), fx.action(:p, 2, '1.2.1', 'en_cours', 2, '{TST2}'),
       fx.action(:p, 3, '2.1.1', 'a_engager', 1, '{}');
SELECT fx.plan('00000000000002', 2025) AS p \gset
SELECT fx.action(:p, 1, '1.1.1', 'en_cours', 1, '{TST1,TST2}');
