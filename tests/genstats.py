#!/usr/bin/env python3
"""Reads a directory written by `lecap generate` and prints one `key value`
line per measure, for tests/integration/15-generate.sh to assert on.

Every file is decoded as a reader would: BOM → UTF-8, else UTF-8, else
Windows-1252; the separator is the most frequent of ; , tab in the header."""
import csv, io, os, sys, unicodedata
from collections import Counter, defaultdict


def key(s):
    s = unicodedata.normalize("NFKD", s.replace("œ", "oe").replace("Œ", "oe"))
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


COLLEGES = {key(c): c for c in ("direction", "salarie_permanent", "salarie_insertion",
                                "benevole", "administrateur", "consensus")}
COLLEGES.update({"salarieeeninsertion": "salarie_insertion"})


def read(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        enc, text = "bom", raw[3:].decode("utf-8")
    else:
        try:
            enc, text = "utf8", raw.decode("utf-8")
        except UnicodeDecodeError:
            enc, text = "cp1252", raw.decode("cp1252")
    head = text.split("\n", 1)[0]
    sep = max(";,\t", key=head.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    return enc, sep, b"\r\n" in raw, rows


def main(d):
    out = {}
    regions = Counter()
    with open(os.path.join(d, "adherents.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            regions[r["region"]] += 1
    for code, n in regions.items():
        out["region_" + code] = n
    out["regions_below_5"] = sum(1 for n in regions.values() if n < 5)
    out["adherents"] = sum(regions.values())

    defective = set()
    kinds = Counter()
    with open(os.path.join(d, "defauts.txt"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            defective.add(r["fichier"])
            kinds[r["defaut"]] += 1
    out["defauts"] = len(defective)
    out["defaut_kinds"] = len(kinds)

    enc, seps, crlf, files = Counter(), Counter(), 0, 0
    college_sum, college_n = defaultdict(float), Counter()
    year_sum, year_n = defaultdict(float), Counter()
    nc = blanks = cells = 0
    for name in sorted(os.listdir(d)):
        if not (name.startswith("reponses-") or name.startswith("plan-")):
            continue
        files += 1
        e, s, c, rows = read(os.path.join(d, name))
        enc[e] += 1
        seps[{";": "pv", ",": "virgule", "\t": "tab"}[s]] += 1
        crlf += c
        if name in defective or not name.startswith("reponses-") or name.endswith("-v2.csv"):
            continue
        header = [key(h) for h in rows[0]]
        ci, yi = header.index("college"), header.index("campagne")
        ind = [i for i, h in enumerate(header) if h and h[0].isdigit()]
        for r in rows[1:]:
            col = COLLEGES[key(r[ci])]
            for i in ind:
                cells += 1
                v = r[i]
                if v in ("1", "2", "3", "4"):
                    college_sum[col] += int(v)
                    college_n[col] += 1
                    if col != "consensus":
                        year_sum[r[yi]] += int(v)
                        year_n[r[yi]] += 1
                elif v == "":
                    blanks += 1
                else:
                    nc += 1
    out["fichiers"] = files
    for k in ("utf8", "bom", "cp1252"):
        out["part_" + k] = round(enc[k] / files, 3)
    for k in ("pv", "virgule", "tab"):
        out["part_" + k] = round(seps[k] / files, 3)
    out["part_crlf"] = round(crlf / files, 3)
    out["part_defauts"] = round(len(defective) / files, 3)
    for col in college_n:
        out["moyenne_" + col] = round(college_sum[col] / college_n[col], 3)
    for y in sorted(year_n):
        out["moyenne_" + y] = round(year_sum[y] / year_n[y], 3)
    out["part_nc"] = round(nc / cells, 3)
    out["part_vides"] = round(blanks / cells, 3)
    for k, v in out.items():
        print(k, v)


main(sys.argv[1])
