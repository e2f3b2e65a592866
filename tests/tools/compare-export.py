#!/usr/bin/env python3
"""Compares lecap export's files with the publication views, cell by cell.

    compare-export.py csv|csv-rfc4180|xlsx DIR CAMPAGNE [REGION]

Reads each view through psql (COPY ... CSV, NULL as \\N, the environment's
PGDATABASE), in the order lecap export writes it, and checks every cell of
the files: CSV (French convention or RFC 4180) or xlsx read with openpyxl.
Prints one line per difference (at most 20), then "cellules comparées : N";
exit 1 on any difference.
"""
import csv
import io
import os
import subprocess
import sys

VIEWS = [
    ("v_publication_participation", "participation", "region"),
    ("v_publication_agregat", "agregat", "region, rang, code"),
    ("v_publication_agregat_type", "agregat_type", "region, type_structure, rang, code"),
    ("v_publication_score_college", "score_college", "region, rang_college, rang, code"),
    ("v_publication_repondants_college", "repondants_college", "region, rang_college, college"),
    ("v_publication_divergence", "divergence", "region, rang, sous_theme"),
    ("v_publication_consensus", "consensus", "rang, sous_theme"),
    ("v_publication_plan", "plan", "region, rang, objectif"),
    ("v_publication_demande_offres", "demande_offres", "region, rang, offre"),
    ("v_effet_plan", "effet_plan", "region, rang, code, rang_statut"),
    ("v_publication_regroupement", "regroupement", "rang, code"),
]


def psql(q):
    return subprocess.run(["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", q],
                          check=True, capture_output=True, text=True).stdout


def view_rows(view, order, campagne, region):
    where = f"campagne = {int(campagne)}"
    if region and view == "v_publication_regroupement":
        where += f" AND ('{region}' = 'FR' OR '{region}' = ANY (string_to_array(regions, ',')))"
    elif region:
        where += f" AND region = '{region}'"

    types = psql(f"SELECT string_agg(format_type(atttypid, atttypmod), '|' ORDER BY attnum) FROM pg_attribute "
                 f"WHERE attrelid = 'lecap.{view}'::regclass AND attnum > 0 AND NOT attisdropped").strip().split("|")
    out = psql(f"COPY (SELECT * FROM lecap.{view} WHERE {where} ORDER BY {order}) TO STDOUT "
               f"WITH (FORMAT csv, HEADER, NULL '\\N')")
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], rows[1:], types


def kind(t):
    if t in ("integer", "bigint", "smallint", "double precision", "real") or t.startswith("numeric"):
        return "n"
    return "b" if t == "boolean" else "s"


def neutral(s):
    return "'" + s if s and s[0] in "=+-@\t\r" else s


def main():
    fmt, d, campagne = sys.argv[1], sys.argv[2], sys.argv[3]
    region = sys.argv[4] if len(sys.argv) > 4 else None
    diffs, cells = [], 0

    def diff(where, want, got):
        if len(diffs) < 20:
            diffs.append(f"{where} : attendu {want!r}, obtenu {got!r}")
        else:
            diffs.append(None)

    if fmt == "xlsx":
        import openpyxl
        regions = [region] if region else psql(
            f"SELECT string_agg(DISTINCT region, ' ' ORDER BY region) FROM lecap.v_publication_participation "
            f"WHERE campagne = {int(campagne)}").split()
        files = sorted(f for f in os.listdir(d))
        if files != sorted(r + ".xlsx" for r in regions):
            diff("fichiers", sorted(r + ".xlsx" for r in regions), files)
        for r in regions:
            wb = openpyxl.load_workbook(os.path.join(d, r + ".xlsx"))
            want_sheets = ["Lisez-moi"] + [s for _, s, _ in VIEWS]
            if wb.sheetnames != want_sheets:
                diff(f"{r}.xlsx feuilles", want_sheets, wb.sheetnames)
            for view, sheet, order in VIEWS:
                head, rows, types = view_rows(view, order, campagne, r)
                ws = wb[sheet]
                if ws.freeze_panes != "A2":
                    diff(f"{r}.xlsx/{sheet} volets figés", "A2", ws.freeze_panes)
                got = [[c.value for c in row] for row in ws.iter_rows()]
                if ws.max_row != len(rows) + 1:
                    diff(f"{r}.xlsx/{sheet} lignes", len(rows) + 1, ws.max_row)
                for j, h in enumerate(head):
                    cells += 1
                    if got[0][j] != h:
                        diff(f"{r}.xlsx/{sheet}!1:{j + 1}", h, got[0][j])
                for i, row in enumerate(rows):
                    for j, v in enumerate(row):
                        cells += 1
                        g = got[i + 1][j] if i + 1 < len(got) and j < len(got[i + 1]) else "<absente>"
                        k = kind(types[j])
                        if v == "\\N":
                            want = None
                        elif k == "n":
                            want = float(v)
                        elif k == "b":
                            want = v == "t"
                        else:
                            want = neutral(v)
                        if k == "n" and isinstance(g, (int, float)) and not isinstance(g, bool) \
                                and want is not None:
                            ok = abs(g - want) < 1e-9
                        else:
                            ok = g == want and type(g) is type(want)
                        if not ok:
                            diff(f"{r}.xlsx/{sheet}!{i + 2}:{j + 1} ({head[j]})", want, g)
    else:
        fr = fmt == "csv"
        for view, _, order in VIEWS:
            head, rows, types = view_rows(view, order, campagne, region)
            path = os.path.join(d, view + ".csv")
            raw = open(path, "rb").read()
            if fr != raw.startswith(b"\xef\xbb\xbf"):
                diff(f"{view}.csv BOM", fr, not fr)
            text = raw.decode("utf-8-sig")
            got = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if fr else ","))
            if got[0] != head:
                diff(f"{view}.csv en-tête", head, got[0])
            if len(got) != len(rows) + 1:
                diff(f"{view}.csv lignes", len(rows) + 1, len(got))
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    cells += 1
                    k = kind(types[j])
                    if v == "\\N":
                        want = ""
                    elif k == "n":
                        want = v.replace(".", ",") if fr else v
                    elif k == "b":
                        want = ("oui" if v == "t" else "non") if fr else ("true" if v == "t" else "false")
                    else:
                        want = neutral(v)
                    g = got[i + 1][j] if i + 1 < len(got) and j < len(got[i + 1]) else "<absente>"
                    if g != want:
                        diff(f"{view}.csv:{i + 2}:{head[j]}", want, g)
    for line in diffs:
        if line:
            print(line)
    print(f"cellules comparées : {cells}")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
