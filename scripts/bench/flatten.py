#!/usr/bin/env python3
"""Flattens generated Réponses files into one CSV row per answer cell.

    scripts/bench/flatten.py DIR OUT.csv

The reference loads of make bench (psql \\copy, pgloader) read this file: the
same answer cells lecap ingest loads, already decoded and in lecap.reponse's
shape (evaluation_id, repondant, indicateur, note). evaluation_id is the rank
of the file among the sorted reponses-*.csv names, repondant the rank of the
row in its file; an empty cell is no row, NC is a NULL note (empty field),
exactly what lecap ingest stores. The files are those of lecap generate
without defects: this flattener decodes (UTF-8 with or without BOM, else
Windows-1252), finds the separator on the header and maps indicator columns by
code, and does not validate anything else.

Prints "<files> <rows> <cells>" on stdout.
"""
import csv
import io
import os
import re
import sys

INDICATOR = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+\.[a-z]$")
NC = {"nc", "n/c", "non concerné", "non concerne"}
NOTES = {"1": "1", "2": "2", "3": "3", "4": "4"}


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def separator(text):
    header = text.split("\n", 1)[0]
    counts = {s: header.count(s) for s in (";", ",", "\t")}
    return max(counts, key=counts.get)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage : scripts/bench/flatten.py RÉPERTOIRE SORTIE.csv\n")
        return 2
    src, out = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(src)
                   if n.startswith("reponses-") and n.endswith(".csv"))
    files = rows = cells = 0
    with open(out + ".tmp", "w", newline="", encoding="utf-8") as fo:
        w = fo.write
        for ev, name in enumerate(names, start=1):
            with open(os.path.join(src, name), "rb") as fi:
                text = decode(fi.read())
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text))
            header = next(reader)
            cols = [(i, h.strip()) for i, h in enumerate(header)
                    if INDICATOR.match(h.strip())]
            rank = 0
            for rec in reader:
                if not rec or all(not f.strip() for f in rec):
                    continue
                rank += 1
                for i, code in cols:
                    v = rec[i].strip() if i < len(rec) else ""
                    if not v:
                        continue
                    n = NOTES.get(v)
                    if n is None:
                        if v.lower() not in NC:
                            sys.stderr.write(f"{name}: note inattendue « {v} »\n")
                            return 1
                        n = ""
                    w(f"{ev},{rank},{code},{n}\n")
                    cells += 1
            rows += rank
            files += 1
    os.replace(out + ".tmp", out)
    print(files, rows, cells)
    return 0


if __name__ == "__main__":
    sys.exit(main())
