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
    with open(os.path.join(d, ".defauts.txt"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            defective.add(r["fichier"])
            kinds[r["defaut"]] += 1
    out["defauts"] = len(defective)
    out["defaut_kinds"] = len(kinds)

    enc, seps, crlf, files = Counter(), Counter(), 0, 0
    college_sum, college_n = defaultdict(float), Counter()
    year_sum, year_n = defaultdict(float), Counter()
    nc = blanks = cells = 0
    obj_sum = defaultdict(lambda: defaultdict(float))   # (siret, year) -> objective -> sum
    obj_n = defaultdict(lambda: defaultdict(int))
    answered = {}                                         # (siret, year) -> indicators answered
    plans = {}                                            # (siret, year) -> {objective: statut}
    for name in sorted(os.listdir(d)):
        if not (name.startswith("reponses-") or name.startswith("plan-")):
            continue
        files += 1
        e, s, c, rows = read(os.path.join(d, name))
        enc[e] += 1
        seps[{";": "pv", ",": "virgule", "\t": "tab"}[s]] += 1
        crlf += c
        if name in defective or name.endswith("-v2.csv"):
            continue
        header = [key(h) for h in rows[0]]
        if name.startswith("plan-"):
            si, oi, sti = header.index("siret"), header.index("objectif"), header.index("statut")
            for r in rows[1:]:
                plans.setdefault((r[si].replace(" ", ""), name[-8:-4]), {})[r[oi]] = key(r[sti])
            continue
        ci, yi = header.index("college"), header.index("campagne")
        ind = [i for i, h in enumerate(header) if h and h[0].isdigit()]
        ev = (rows[1][header.index("siret")].replace(" ", ""), rows[1][yi])
        answered[ev] = sum(1 for i in ind if any(r[i] != "" for r in rows[1:]))
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
                        o = rows[0][i].rsplit(".", 1)[0]
                        obj_sum[ev][o] += int(v)
                        obj_n[ev][o] += 1
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
    # Progress from one campaign to the next, on the plan's objectives and elsewhere.
    gain = {True: [0.0, 0], False: [0.0, 0]}
    for (siret, y), objs in obj_n.items():
        nxt = (siret, str(int(y) + 1))
        if nxt not in obj_n:
            continue
        planned = plans.get((siret, y), {})
        for o in objs:
            if obj_n[nxt].get(o):
                d = obj_sum[nxt][o] / obj_n[nxt][o] - obj_sum[(siret, y)][o] / objs[o]
                gain[o in planned][0] += d
                gain[o in planned][1] += 1
    for k, label in ((True, "plan"), (False, "hors_plan")):
        out["progres_" + label] = round(gain[k][0] / max(gain[k][1], 1), 3)
    # Action statuses from one plan to the next: only forward moves.
    order = {"aengager": 0, "encours": 1, "realisee": 2, "abandonnee": 3}
    moves = Counter()
    for (siret, y), acts in plans.items():
        nxt = plans.get((siret, str(int(y) + 1)), {})
        for o, st in acts.items():
            if o in nxt and st in ("aengager", "encours"):
                moves[st + ">" + nxt[o]] += 1
    out["statut_avance"] = moves["aengager>encours"] + moves["encours>realisee"]
    out["statut_recule"] = sum(n for m, n in moves.items()
                               if order[m.split(">")[1]] < order[m.split(">")[0]])
    total = max(len(answered), 1)
    nind = max(answered.values())
    out["part_incompletes"] = round(sum(1 for a in answered.values() if a < 0.75 * nind) / total, 3)
    out["part_vides"] = round(blanks / cells, 3)
    for k, v in out.items():
        print(k, v)


# ---- the contract of docs/format-exports.md, as a second reader checks it ----

REPONSES = ["siret", "raisonsociale", "region", "typestructure", "campagne",
            "dateevaluation", "horodatageexport", "repondant", "college"]
PLAN = ["siret", "campagne", "horodatageexport", "objectif", "action", "priorite",
        "responsable", "echeance", "statut", "offres"]
NC = {"nc", "nonconcerne"}
STATUTS = {"aengager", "encours", "realisee", "abandonnee"}
PRIORITES = {"1", "2", "3", "haute", "moyenne", "basse"}


def siret_ok(s):
    s = s.replace(" ", "")
    if len(s) != 14 or not s.isdigit():
        return False
    if s.startswith("356000000"):
        return sum(map(int, s)) % 5 == 0
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def load_ref(config):
    rows = list(csv.DictReader(open(os.path.join(config, "referentiel-cap.csv"), encoding="utf-8"),
                               delimiter=";"))
    ind = {r["code"] for r in rows if r["niveau"] == "indicateur"}
    obj = {r["code"] for r in rows if r["niveau"] == "objectif"}
    regions = set()
    for r in csv.DictReader(open(os.path.join(config, "regions.csv"), encoding="utf-8"), delimiter=";"):
        regions |= {r["code"], key(r["libelle"])}
    types = {r["code"] for r in csv.DictReader(open(os.path.join(config, "types-structure.csv"),
                                                    encoding="utf-8"), delimiter=";")}
    offres = {r["code"] for r in csv.DictReader(open(os.path.join(config, "offres.csv"),
                                                     encoding="utf-8"), delimiter=";")}
    return ind, obj, regions, types, offres


def problems(path, ref):
    """The categories of contract violations found in one file."""
    ind, obj, regions, types, offres = ref
    found = set()
    try:
        _, _, _, rows = read(path)
    except csv.Error:
        return {"csv"}
    if not rows:
        return {"vide"}
    head = [key(h) for h in rows[0]]
    plan = "objectif" in head
    fixed = PLAN if plan else REPONSES
    for f in fixed:
        if head.count(f) != 1:
            found.add("entete")
    others = [rows[0][i] for i, h in enumerate(head) if h not in fixed]
    if plan and others:
        found.add("entete")
    if not plan:
        for c in others:
            if c not in ind:
                found.add("indicateur_inconnu")
        if len(set(others)) != len(others):
            found.add("indicateur_repete")
    col = {h: i for i, h in enumerate(head)}
    same, pseudos, consensus = {}, set(), 0
    for r in rows[1:]:
        if len(r) != len(head):
            found.add("nombre_de_champs")
            continue
        v = {h: r[i] for h, i in col.items()}
        if not siret_ok(v["siret"]):
            found.add("siret_invalide")
        for f in (["siret", "campagne", "horodatageexport"] if plan else REPONSES[:7]):
            if same.setdefault(f, v[f]) != v[f]:
                found.add("valeur_differente")
        if plan:
            if v["objectif"] not in obj:
                found.add("objectif_inconnu")
            if key(v["statut"]) not in STATUTS:
                found.add("statut_inconnu")
            if key(v["priorite"]) not in PRIORITES:
                found.add("priorite")
            if v["offres"] and not set(v["offres"].split("|")) <= offres:
                found.add("offre_inconnue")
            continue
        if v["region"] not in regions and key(v["region"]) not in regions:
            found.add("region_inconnue")
        if v["typestructure"] not in types:
            found.add("type_inconnu")
        c = COLLEGES.get(key(v["college"]))
        if c is None:
            found.add("college_inconnu")
        consensus += c == "consensus"
        if v["repondant"] in pseudos:
            found.add("repondant_duplique")
        pseudos.add(v["repondant"])
        for i, h in enumerate(rows[0]):
            if h in ind and not (r[i] in ("", "1", "2", "3", "4") or key(r[i]) in NC):
                found.add("note_invalide")
    if consensus > 1:
        found.add("deux_consensus")
    return found


# The problem each defect kind must raise.
EXPECTED = {
    "note_hors_echelle": "note_invalide", "indicateur_inconnu": "indicateur_inconnu",
    "indicateur_repete": "indicateur_repete", "siret_invalide": "siret_invalide",
    "region_inconnue": "region_inconnue", "fichier_tronque": "nombre_de_champs",
    "repondant_duplique": "repondant_duplique", "deux_consensus": "deux_consensus",
    "siret_different": "valeur_differente", "objectif_inconnu": "objectif_inconnu",
    "statut_inconnu": "statut_inconnu",
}


def validate(d, config):
    """Prints `valides N`, `defectueux_rejetes N` and one line per surprise."""
    ref = load_ref(config)
    kinds = {}
    with open(os.path.join(d, ".defauts.txt"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            kinds[r["fichier"]] = r["defaut"]
    ok = rejected = 0
    for name in sorted(os.listdir(d)):
        if not (name.startswith("reponses-") or name.startswith("plan-")):
            continue
        found = problems(os.path.join(d, name), ref)
        if name not in kinds:
            if found:
                print("invalide", name, " ".join(sorted(found)))
            else:
                ok += 1
        elif EXPECTED[kinds[name]] in found:
            rejected += 1
        else:
            print("defaut_non_vu", name, kinds[name], " ".join(sorted(found)))
    print("valides", ok)
    print("defectueux_rejetes", rejected)


if len(sys.argv) > 3 and sys.argv[1] == "valider":
    validate(sys.argv[2], sys.argv[3])
else:
    main(sys.argv[1])
