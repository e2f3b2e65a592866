#!/bin/sh
# Writes N valid Réponses files (one per enterprise) into DIR, for the crash
# test 22 (kill -9 in the middle of a batch): only Réponses files, one per
# enterprise, no plan, no register, no re-export — which lecap generate
# (the benchmark's and the demo's generator) does not give:
#   tests/tools/reseau-synthetique.sh N DIR [CAMPAGNE] [RÉPONDANTS]
# Every indicator of config/referentiel-cap.csv is a column; RÉPONDANTS rows
# (default 8) plus a consensus row; notes 1–4, some NC, some empty.
# Deterministic: the same arguments give the same bytes.
set -eu
n=$1 dir=$2 camp=${3:-2025} nrep=${4:-8}
mkdir -p "$dir"
grid=${LECAP_REFERENTIEL_FICHIER:-config/referentiel-cap.csv}
awk -F';' -v n="$n" -v dir="$dir" -v camp="$camp" -v nrep="$nrep" '
$2 == "indicateur" { codes[++ni] = $1 }
END {
	split("53 84 11 75 76 44 32 28 52 24 27 93", regions, " ")
	split("ACI AI EI ETTI GEIQ", types, " ")
	split("direction salarie_permanent salarie_insertion salarie_insertion benevole administrateur salarie_insertion salarie_permanent", colleges, " ")
	hdr = "siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college"
	for (k = 1; k <= ni; k++) hdr = hdr ";" codes[k]
	seed = 12345
	for (i = 1; i <= n; i++) {
		base = "400000" sprintf("%07d", i)
		s = 0
		for (p = 1; p <= 13; p++) {
			d = substr(base, p, 1) + 0
			if ((p - 1) % 2 == 0) { d *= 2; if (d > 9) d -= 9 }
			s += d
		}
		siret = base ((10 - s % 10) % 10)
		f = dir "/reponses-" siret "-" camp ".csv"
		pf = siret ";Structure d insertion n°" i ";" regions[i % 12 + 1] ";" types[i % 5 + 1] ";" camp ";14/03/" camp ";" camp "-03-20T16:42:05+01:00"
		print hdr > f
		for (r = 1; r <= nrep + 1; r++) {
			line = pf ";R" r ";" (r > nrep ? "consensus" : colleges[(r - 1) % 8 + 1])
			for (k = 1; k <= ni; k++) {
				seed = (seed * 1103515245 + 12345) % 2147483648
				v = int(seed / 65536) % 20
				line = line ";" (v < 4 ? 1 : v < 9 ? 2 : v < 14 ? 3 : v < 18 ? 4 : v < 19 ? "NC" : "")
			}
			print line > f
		}
		close(f)
	}
}' "$grid"
