#!/usr/bin/env python3
"""Cost per evaluation across sizes, from several make bench runs.

    scripts/bench/linearite.py var/bench/mesures-1000.tsv var/bench/mesures-10000.tsv ...

Prints a Markdown table: per size, the median time of each stage divided by
the number of evaluations (ms per evaluation), wall and CPU (lecap + server).
Flat columns mean linear growth.
"""
import statistics
import sys
from collections import defaultdict

STAGES = (("ingest", "ingestion"), ("ref-copy", "\\copy"), ("doublons", "doublons"),
          ("aggregate", "agrégation --all"), ("aggregate-1", "agrégation 1 campagne"),
          ("rapports-tous", "rapports (tous)"), ("nuit", "nuit complète"))


def fr(x, nd=2):
    return f"{x:.{nd}f}".replace(".", ",")


def load(path):
    data = defaultdict(list)
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 7 or f[6] == "absent":
            continue
        srv = float(f[7]) if len(f) > 7 and f[7] not in ("-", "") else 0.0
        data[f[1]].append((float(f[2]), float(f[4]) + srv, float(f[5])))
    return data


def main():
    rows = []
    for path in sys.argv[1:]:
        d = load(path)
        if "meta-evaluations" not in d:
            continue
        size = path.rsplit("-", 1)[1].split(".")[0]
        evals = statistics.median(v[2] for v in d["meta-evaluations"])
        cells = statistics.median(v[2] for v in d["meta-cellules"])
        cols = []
        for st, _ in STAGES:
            if st in d:
                w = statistics.median(v[0] for v in d[st]) / evals * 1000
                c = statistics.median(v[1] for v in d[st]) / evals * 1000
                cols.append(f"{fr(w)} ({fr(c)})")
            else:
                cols.append("—")
        rows.append((int(size), [size, str(int(evals)), str(int(cells))] + cols))
    head = ["Entreprises", "Évaluations", "Cellules"] + [lbl for _, lbl in STAGES]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for _, r in sorted(rows):
        print("| " + " | ".join(r) + " |")
    print()
    print("En ms par évaluation : temps écoulé médian (entre parenthèses : temps CPU de lecap "
          "et du serveur). Des colonnes constantes d'une taille à l'autre = croissance linéaire.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
