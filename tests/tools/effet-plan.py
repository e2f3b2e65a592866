#!/usr/bin/env python3
"""An independent computation of lecap.v_effet_plan (issue 22), from the raw
tables, compared with the view (tests/integration/48-effet-plan-reseau.sh).

Reads with psql (PG* environment): lecap.publication_campagne,
resultat_evaluation, score, plan, plan_action. Computes in Python, with
Decimal, the panel, the split by plan and status, the counts and the
evolutions; checks every row of the view: counts always, evolutions and
ecart where published, the primary secrecy (a group — with the plan, at a
status, or without — below the threshold is never published), and that in
every « FR = Σ régions » relation of a group the number of secret regions is
0, at least 3, or FR is secret too.

Prints one line per difference (at most 20) and a summary; exit 1 on any.
"""
import csv
import io
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 60
STATUTS = ["realisee", "en_cours", "a_engager", "abandonnee"]


def query(sql):
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def r2(x):
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


pub = {int(r["campagne"]): (int(r["campagne_precedente"]), int(r["seuil_secret"]))
       for r in query("SELECT campagne, campagne_precedente, seuil_secret FROM lecap.publication_campagne"
                      " WHERE campagne_precedente IS NOT NULL")}
evals = {}  # (campagne, siret) -> (evaluation_id, region)
for r in query("SELECT campagne, siret, evaluation_id, region FROM lecap.resultat_evaluation WHERE complete"):
    evals[(int(r["campagne"]), r["siret"])] = (int(r["evaluation_id"]), r["region"])
scores = defaultdict(dict)  # (campagne, evaluation_id) -> {(niveau, code): Decimal}
for r in query("SELECT campagne, evaluation_id, niveau, code, score::text AS score FROM lecap.score"
               " WHERE niveau <> 'indicateur' AND score IS NOT NULL"):
    scores[(int(r["campagne"]), int(r["evaluation_id"]))][(r["niveau"], r["code"])] = Decimal(r["score"])
actions = defaultdict(list)  # (campagne, siret) -> [(objectif, statut)]
for r in query("SELECT p.campagne, p.siret, a.objectif, a.statut FROM lecap.plan p"
               " JOIN lecap.plan_action a ON a.plan_id = p.id"):
    actions[(int(r["campagne"]), r["siret"])].append((r["objectif"], r["statut"]))


def last_status(camp, prev, siret, objectif):
    """The status last reported: this campaign's plan if it has the objective."""
    for c in (camp, prev):
        st = [s for o, s in actions.get((c, siret), []) if o == objectif]
        if st:
            return min(st, key=STATUTS.index)
    return None


# cells[(campagne, region, niveau, code, statut)] = [avec deltas], and sans
avec = defaultdict(list)
sans = defaultdict(list)
for (camp, siret), (ev_n, region) in evals.items():
    if camp not in pub:
        continue
    prev = pub[camp][0]
    if (prev, siret) not in evals:
        continue
    ev_p = evals[(prev, siret)][0]
    planned = {o for o, _ in actions.get((prev, siret), [])}
    sn, sp = scores[(camp, ev_n)], scores[(prev, ev_p)]
    for (niveau, code), v in sn.items():
        if (niveau, code) not in sp:
            continue
        d = v - sp[(niveau, code)]
        if niveau == "objectif":
            has = code in planned
        else:
            has = any(o.startswith(code + ".") for o in planned)
        for reg in (region, "FR"):
            (avec if has else sans)[(camp, reg, niveau, code, "tous")].append(d)
            if niveau == "objectif" and has:
                st = last_status(camp, prev, siret, code)
                avec[(camp, reg, niveau, code, st)].append(d)

view = query("SELECT campagne, region, niveau, code, statut, n_avec_plan, evolution_avec_plan,"
             " n_sans_plan, evolution_sans_plan, ecart, diffusable FROM lecap.v_effet_plan")
errors = []
seen = set()
secret_regions = defaultdict(int)
fr_secret = {}
for r in view:
    key = (int(r["campagne"]), r["region"], r["niveau"], r["code"], r["statut"])
    seen.add(key)
    tkey = key[:4] + ("tous",)
    a = avec.get(key, [])
    s = sans.get(tkey, [])
    seuil = pub[key[0]][1]
    if int(r["n_avec_plan"]) != len(a) or int(r["n_sans_plan"]) != len(s):
        errors.append(f"{key}: effectifs {r['n_avec_plan']}/{r['n_sans_plan']}, attendu {len(a)}/{len(s)}")
    # Each group is a cell of its own (lecap.secret effet_avec, effet_sans):
    # published, its evolution is there; an empty group has none.
    got_a = Decimal(r["evolution_avec_plan"]) if r["evolution_avec_plan"] else None
    got_s = Decimal(r["evolution_sans_plan"]) if r["evolution_sans_plan"] else None
    secret_a = len(a) > 0 and got_a is None
    secret_s = len(s) > 0 and got_s is None
    if 0 < len(a) < seuil and not secret_a:
        errors.append(f"{key}: groupe avec plan publié sous le seuil ({len(a)} < {seuil})")
    if 0 < len(s) < seuil and not secret_s:
        errors.append(f"{key}: groupe sans plan publié sous le seuil ({len(s)} < {seuil})")
    if (r["diffusable"] == "t") != (not secret_a and not secret_s):
        errors.append(f"{key}: diffusable {r['diffusable']}, groupes secrets {secret_a}/{secret_s}")
    if got_a is not None and got_a != r2(sum(a) / len(a)):
        errors.append(f"{key}: évolution avec plan {got_a}, attendu {r2(sum(a) / len(a))}")
    if got_s is not None and got_s != r2(sum(s) / len(s)):
        errors.append(f"{key}: évolution sans plan {got_s}, attendu {r2(sum(s) / len(s))}")
    if got_a is not None and got_s is not None and Decimal(r["ecart"]) != got_a - got_s:
        errors.append(f"{key}: écart {r['ecart']}, attendu {got_a - got_s}")
    if (got_a is None or got_s is None) and r["ecart"]:
        errors.append(f"{key}: écart publié sans ses deux évolutions")
    groups = [("avec", key[4], len(a), secret_a)]
    if key[4] == "tous":
        groups.append(("sans", "tous", len(s), secret_s))
    for side, st, n, sec in groups:
        rel = (key[0], key[2], key[3], side, st)
        if key[1] == "FR":
            fr_secret[rel] = sec
        elif n > 0 and sec:
            secret_regions[rel] += 1
expected = {k for k in avec} | {k for k in sans}
expected |= {k[:4] + (st,) for k in expected if k[2] == "objectif" and k[4] == "tous" for st in STATUTS}
if seen != expected:
    errors.append(f"lignes : {len(seen - expected)} en trop, {len(expected - seen)} manquantes")
for rel, k in secret_regions.items():
    if 1 <= k <= 2 and not fr_secret.get(rel, False):
        errors.append(f"{rel}: {k} région(s) secrète(s) et FR publié : recalculable")

for e in errors[:20]:
    print("# " + e)
npub = sum(1 for r in view if r["diffusable"] == "t")
print(f"# {len(view)} lignes, {npub} publiées, {len(errors)} différence(s)")
fr = [r for r in view if r["region"] == "FR" and r["niveau"] == "theme" and r["statut"] == "tous"]
for r in sorted(fr, key=lambda r: (r["campagne"], r["code"])):
    print(f"# {r['campagne']} FR thème {r['code']} : avec plan {r['n_avec_plan']} {r['evolution_avec_plan']},"
          f" sans {r['n_sans_plan']} {r['evolution_sans_plan']}, écart {r['ecart']}")
sys.exit(1 if errors else 0)
