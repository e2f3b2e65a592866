#!/usr/bin/env python3
"""Turns the raw measurements of make bench into one Markdown table.

    scripts/bench/report.py MESURES.tsv SIZE RUNS "MACHINE LINES"

MESURES.tsv has one line per measurement: run, stage, wall seconds, peak RSS
(KiB), CPU seconds (user + system), amount, exit code ("absent": the command
is not available in this build), CPU seconds of the PostgreSQL cluster. Each figure of the table is the median over
the runs, with the spread min–max in parentheses; a ratio is the median of
the per-run ratios (stage and reference measured in the same run).
"""
import os
import statistics
import sys
from collections import defaultdict

MIB = 1024.0


def fr(x, nd=2):
    s = f"{x:,.{nd}f}".replace(",", "\u202f").replace(".", ",")
    return s.replace("\u202f", " ")


def main():
    raw, size, runs, machine = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    data = defaultdict(dict)  # stage -> run -> (wall, rss, cpu, amount, rc)
    absent = set()
    waits = defaultdict(float)
    for line in open(raw, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) == 7:
            f.append("-")
        if len(f) != 8:
            continue
        run, stage, wall, rss, cpu, amount, rc, srv = f
        if rc == "absent":
            absent.add(stage)
            continue
        if stage == "meta-attente-autovacuum":
            waits[run] += float(amount)
            continue
        data[stage][run] = (float(wall), float(rss), float(cpu), float(amount), int(rc),
                            float(srv) if srv not in ("-", "") else 0.0)

    def have(stage):
        return stage in data and data[stage]

    def vals(stage, i):
        return [v[i] for v in data[stage].values()]

    def med(stage, i=0):
        return statistics.median(vals(stage, i))

    def spread(stage, i=0, nd=2):
        v = vals(stage, i)
        m = statistics.median(v)
        if len(v) == 1:
            return fr(m, nd)
        return f"{fr(m, nd)} s ({fr(min(v), nd)}–{fr(max(v), nd)})"

    def tcell(stage):
        s = spread(stage)
        return s if s.endswith(")") else s + " s"

    def rss(stage):
        return fr(max(vals(stage, 1)) / MIB, 1) + " Mio"

    def ratio(a, b, fa=None, fb=None):
        """Median of per-run ratios a/b (fa, fb: value getters per run)."""
        fa = fa or (lambda s, r: data[s][r][0])
        fb = fb or (lambda s, r: data[s][r][0])
        rs = [fa(a, r) / fb(b, r) for r in data[a] if r in data[b] and fb(b, r) > 0]
        if not rs:
            return None, ""
        m = statistics.median(rs)
        txt = fr(m) + " ×"
        if len(rs) > 1:
            txt += f" ({fr(min(rs))}–{fr(max(rs))})"
        cs = [(data[a][r][2] + data[a][r][5]) / (data[b][r][2] + data[b][r][5])
              for r in data[a] if r in data[b] and data[b][r][2] + data[b][r][5] > 0]
        if cs:
            txt += f" ; CPU {fr(statistics.median(cs))} ×"
        return m, txt

    def meta(name):
        return med("meta-" + name, 3) if have("meta-" + name) else 0

    cells = meta("cellules")
    files = meta("fichiers")
    evals = meta("evaluations")
    rows = []
    notes = []
    verdicts = []
    lecap_rss = []

    def cpu(stage):
        if not have(stage):
            return ""
        c = statistics.median(vals(stage, 2))
        sv = statistics.median(vals(stage, 5))
        return f"{fr(c)} + {fr(sv)} s"

    def row(label, stage, debit, ref, rat, cible, verdict):
        rows.append((label, tcell(stage) if stage else "", cpu(stage), debit,
                     rss(stage) if stage else "", ref, rat, cible, verdict))
        if verdict in ("atteint", "manqué"):
            verdicts.append((label, verdict))

    def na(label, cible):
        rows.append((label, "non disponible", "", "", "", "", "", cible, "non disponible"))

    def per_page(stage, pages, minus, label):
        """The CPU per rendered page of a report stage, lecap and server (issue 19):
        the medians over the runs of CPU / pages; minus: a stage of the same run
        whose CPU the stage includes (the territorial reports inside report --all)."""
        if not have(pages):
            return
        lc, sv = [], []
        for r, v in data[stage].items():
            n = data[pages].get(r, (0, 0, 0, 0))[3]
            if n <= 0 or (minus and r not in data[minus]):
                continue
            b = data[minus][r] if minus else (0, 0, 0, 0, 0, 0)
            lc.append((v[2] - b[2]) / n * 1000)
            sv.append((v[5] - b[5]) / n * 1000)
        if lc:
            n = statistics.median(vals(pages, 3))
            rows.append((f"  … CPU par page rendue ({int(n)} pages)", "", "",
                         f"{fr(statistics.median(lc), 1)} ms lecap + {fr(statistics.median(sv), 1)} ms serveur",
                         "", "", "", "≤ avant (issue 19)", "—"))

    def check_rc(stage, label):
        bad = sorted({v[4] for v in data[stage].values() if v[4] != 0})
        if bad:
            notes.append(f"{label} : code de sortie {', '.join(map(str, bad))} "
                         "dans au moins une passe (voir la sortie de make bench).")

    # Generation
    if have("generate"):
        rate = statistics.median([v[3] / v[0] for v in data["generate"].values() if v[0] > 0])
        row("Génération (lecap generate)", "generate", fr(rate / 1e6) + " M cellules/s", "", "",
            "informatif (≥ 1 M cellules/s/cœur, issue 4)", "—")
        lecap_rss.append(max(vals("generate", 1)))
    else:
        na("Génération (lecap generate)", "informatif")
    if have("init"):
        row("lecap init (base vide)", "init", "", "", "", "informatif", "—")
        lecap_rss.append(max(vals("init", 1)))

    # Ingest
    if have("ingest"):
        check_rc("ingest", "Ingestion")
        lecap_rss.append(max(vals("ingest", 1)))
        rate = cells / med("ingest") if med("ingest") > 0 else 0
        if have("ref-copy"):
            m, txt = ratio("ingest", "ref-copy")
            row("Ingestion (lecap ingest)", "ingest", fr(rate / 1e6) + " M cellules/s",
                "psql \\copy : " + tcell("ref-copy"), txt, "≤ 1,0 × \\copy (issue 20)",
                "atteint" if m is not None and m <= 1.0 else "manqué")
        else:
            row("Ingestion (lecap ingest)", "ingest", fr(rate / 1e6) + " M cellules/s", "", "",
                "≤ 1,0 × \\copy (issue 20)", "—")
        if have("ref-pgloader"):
            m, txt = ratio("ingest", "ref-pgloader")
            rows.append(("  … face à pgloader", "", "", "", rss("ref-pgloader") + " (pgloader)",
                         "pgloader : " + tcell("ref-pgloader"), txt, "informatif", "—"))
    elif "ingest" in absent:
        na("Ingestion (lecap ingest)", "≤ 1,0 × \\copy (issue 20)")
    if have("ref-copy") and not have("ingest"):
        rows.append(("Référence psql \\copy", tcell("ref-copy"), cpu("ref-copy"),
                     fr(cells / med("ref-copy") / 1e6) + " M cellules/s", "", "", "", "", "—"))

    # Issue 20: WAL of the ingest against the \copy's, bytes per answer cell.
    if have("meta-wal-ingest") and have("meta-wal-ref-copy") and meta("wal-ref-copy") > 0:
        w = meta("wal-ingest") / meta("wal-ref-copy")
        v = "atteint" if w <= 0.25 else "manqué"
        rows.append(("WAL écrit par l'ingestion", "", "", "", "",
                     f"WAL du \\copy : {fr(meta('wal-ref-copy') / MIB / MIB, 0)} Mio",
                     f"{fr(w)} × ({fr(meta('wal-ingest') / MIB / MIB, 0)} Mio)",
                     "≤ 0,25 × (issue 20)", v))
        verdicts.append(("WAL de l'ingestion", v))
    store = "taille-stockage" if have("meta-taille-stockage") else "taille-reponse"
    if have("meta-" + store) and cells:
        b = meta(store) / cells
        v = "atteint" if b <= 10 else "manqué"
        what = ("réponses et répondants" if store == "taille-stockage" else "lecap.reponse seule")
        rows.append((f"Stockage des réponses ({what}, index compris)", "", "", "", "",
                     f"{fr(meta(store) / MIB / MIB, 0)} Mio pour {int(cells)} cellules",
                     f"{fr(b, 1)} octets par cellule", "≤ 10 octets (issue 20)", v))
        verdicts.append(("Stockage", v))

    # Doublons
    if have("doublons"):
        check_rc("doublons", "Re-dépôt")
        lecap_rss.append(max(vals("doublons", 1)))
        m = med("doublons")
        row("Mêmes fichiers re-déposés (doublons)", "doublons",
            fr(files / m if m > 0 else 0, 0) + " fichiers/s", "", "", "< 2 s",
            "atteint" if m < 2 else "manqué")
    elif "doublons" in absent:
        na("Mêmes fichiers re-déposés (doublons)", "< 2 s")

    # Aggregation
    if have("aggregate"):
        check_rc("aggregate", "Agrégation")
        lecap_rss.append(max(vals("aggregate", 1)))
        m = med("aggregate")
        ncells = statistics.median(vals("aggregate", 3))
        _, txt = ratio("aggregate", "ref-seqscan")
        mc, txtc = ratio("aggregate", "ref-copy") if have("ref-copy") else (None, "")
        row("Agrégation (lecap aggregate --all)", "aggregate",
            fr(ncells / m / 1e6 if m > 0 else 0) + " M cellules/s",
            "psql \\copy : " + tcell("ref-copy") if have("ref-copy") else "", txtc,
            "≤ 0,5 × \\copy (issue 20)",
            "atteint" if mc is not None and mc <= 0.5 else ("manqué" if mc is not None else "—"))
        if have("ref-seqscan"):
            notes.append("Agrégation face au seq scan de lecap.reponse (" + tcell("ref-seqscan")
                         + ") : " + txt + ".")
        if have("ref-seqscan-froid"):
            notes.append("Premier seq scan après le chargement (pose des hint bits) : "
                         + tcell("ref-seqscan-froid") + " ; la référence est le second, à chaud.")
    elif "aggregate" in absent:
        na("Agrégation (lecap aggregate --all)", "≤ 0,5 × \\copy (issue 20)")
    if have("aggregate-1"):
        check_rc("aggregate-1", "Agrégation d'une campagne")
        lecap_rss.append(max(vals("aggregate-1", 1)))
        m = med("aggregate-1")
        n1 = statistics.median(vals("aggregate-1", 3))
        v = "atteint" if m <= 3 else "manqué"
        rows.append(("  … une seule campagne (--campagne, la dernière)", tcell("aggregate-1"),
                     cpu("aggregate-1"),
                     fr(n1 / m / 1e6 if m > 0 else 0) + " M cellules/s", rss("aggregate-1"),
                     "", "", "≤ 3 s (issue 20)", v))
        verdicts.append(("Une campagne", v))

    # Reports
    if have("rapports-reg-nat"):
        check_rc("rapports-reg-nat", "Rapports régionaux et national")
        lecap_rss.append(max(vals("rapports-reg-nat", 1)))
        m = med("rapports-reg-nat")
        n = med("rapports-reg-nat", 3)
        row(f"Rapports régionaux + national ({int(n)} PDF)", "rapports-reg-nat",
            fr(n / m if m > 0 else 0, 0) + " rapports/s", "", "", "< 2 s",
            "atteint" if m < 2 else "manqué")
        per_page("rapports-reg-nat", "pages-reg-nat", None, "Rapports régionaux + national")
    elif "rapports-reg-nat" in absent:
        na("Rapports régionaux + national", "< 2 s")
    if have("rapports-tous") and have("rapports-reg-nat"):
        check_rc("rapports-tous", "Photographies")
        lecap_rss.append(max(vals("rapports-tous", 1)))
        per_run, per_core, walls = [], [], []
        for r, v in data["rapports-tous"].items():
            if r not in data["rapports-reg-nat"]:
                continue
            b = data["rapports-reg-nat"][r]
            t = max(v[0] - b[0], 1e-3)
            # All the CPU the member reports took, lecap and server: the
            # rate one core would reach doing all of it.
            c = max((v[2] - b[2]) + (v[5] - b[5]), 1e-3)
            walls.append(t)
            per_run.append(v[3] / t)
            per_core.append(v[3] / c)
        n = med("rapports-tous", 3)
        pc = statistics.median(per_core)
        t = statistics.median(walls)
        rows.append((f"Photographies des adhérents ({int(n)} PDF)",
                     f"{fr(t)} s" + (f" ({fr(min(walls))}–{fr(max(walls))})" if len(walls) > 1 else ""),
                     "",
                     fr(statistics.median(per_run), 0) + " /s ; " + fr(pc, 0) + " /s/cœur",
                     rss("rapports-tous"), "", "", "≥ 200 /s/cœur",
                     "atteint" if pc >= 200 else "manqué"))
        verdicts.append(("Photographies", "atteint" if pc >= 200 else "manqué"))
        per_page("rapports-tous", "pages-photographies", "rapports-reg-nat", "Photographies")
        notes.append("Photographies : temps de `lecap report --all` moins celui des rapports "
                     "régionaux et national de la même passe ; débit par cœur : nombre de "
                     "photographies divisé par le temps CPU qu'elles ont pris à lecap et au "
                     "serveur ensemble (ce qu'un seul cœur ferait de tout le travail).")
    elif "rapports-tous" in absent:
        na("Photographies des adhérents", "≥ 200 /s/cœur")
    if have("rapports-precedentes"):
        check_rc("rapports-precedentes", "Rapports des campagnes précédentes")
        row("Rapports des campagnes précédentes (report --all --campagne, chacune)", "rapports-precedentes",
            f"{med('rapports-precedentes', 3):.0f} PDF", "", "", "informatif (dans la référence de la nuit)", "—")
    if have("rapports-un-travailleur") and have("rapports-tous") and have("rapports-reg-nat"):
        # Issue 20 item 6: the photographies' rate with the default workers
        # (rapports-tous) against one worker, same build, same pass.
        check_rc("rapports-un-travailleur", "Photographies, un travailleur")
        lecap_rss.append(max(vals("rapports-un-travailleur", 1)))
        gains, rates1 = [], []
        for r, v in data["rapports-un-travailleur"].items():
            if r not in data["rapports-reg-nat"] or r not in data["rapports-tous"]:
                continue
            b, a = data["rapports-reg-nat"][r], data["rapports-tous"][r]
            t1, tn = max(v[0] - b[0], 1e-3), max(a[0] - b[0], 1e-3)
            rates1.append(v[3] / t1)
            gains.append((a[3] / tn) / (v[3] / t1) if v[3] > 0 else 0)
        nw = int(med("meta-travailleurs", 3)) if have("meta-travailleurs") else 0
        g = statistics.median(gains) if gains else 0
        rss_ok = max(vals("rapports-tous", 1)) / MIB < 32
        v = "atteint" if g >= 1.7 and rss_ok else "manqué"
        rows.append((f"Photographies, 1 travailleur / {nw} travailleurs", tcell("rapports-un-travailleur"),
                     cpu("rapports-un-travailleur"),
                     fr(statistics.median(rates1) if rates1 else 0, 0) + " /s à 1 ; × " + fr(g) + " à " + str(nw),
                     rss("rapports-un-travailleur") + " / " + rss("rapports-tous"), "", "",
                     "≥ 1,7 × un seul, même passe ; RSS < 32 Mio (issue 20)", v))
        verdicts.append(("Photographies sur les cœurs", v))
    else:
        na("Photographies, 1 travailleur / 2 travailleurs", "≥ 1,7 × un seul, même passe (issue 20)")

    # Night
    if have("nuit"):
        check_rc("nuit", "Nuit complète")
        lecap_rss.append(max(vals("nuit", 1)))
        m = med("nuit")
        # The separate stages that produce what the first night does: init,
        # ingest, aggregate --all, the reports of the latest campaign and of
        # the earlier ones (the night renders every campaign).
        need = ("init", "ingest", "aggregate", "rapports-tous")
        parts = [s for s in need + ("rapports-precedentes",) if have(s)]
        ref = sum(med(s) for s in parts)
        # A verdict only against all four stages measured in the same pass.
        complete = all(have(s) for s in need) and ref > 0
        v = ("atteint" if m / ref <= 1.2 else "manqué") if complete else "—"
        # Without every stage the reference misses work the night did (the
        # reports: half of a night): no ratio then, only what is missing.
        missing = ", ".join(s for s in need if not have(s))
        rows.append(("Nuit complète (lecap run, base vide)", tcell("nuit"), cpu("nuit"),
                     fr(cells / m / 1e6 if m > 0 else 0) + " M cellules/s", rss("nuit"),
                     f"étapes séparées : {fr(ref)} s" if complete else
                     f"référence incomplète (non mesuré : {missing})",
                     (fr(m / ref) + " ×") if complete else "", "≤ 1,2 × (issue 20)", v))
        if v != "—":
            verdicts.append(("Nuit complète", v))
    elif "nuit" in absent:
        na("Nuit complète (lecap run)", "informatif")
    if have("nuit-vide"):
        check_rc("nuit-vide", "Nuit sans nouveauté")
        lecap_rss.append(max(vals("nuit-vide", 1)))
        m = med("nuit-vide")
        row("Nuit sans nouveauté (lecap run)", "nuit-vide", "", "", "", "< 1 s",
            "atteint" if m < 1 else "manqué")
    elif "nuit-vide" in absent:
        na("Nuit sans nouveauté (lecap run)", "< 1 s")
    if have("nuit-une"):
        check_rc("nuit-une", "Nuit avec un export corrigé")
        lecap_rss.append(max(vals("nuit-une", 1)))
        written = med("nuit-une", 3)
        total = os.path.join(os.path.dirname(raw), f"rapports-campagne-{size}.txt")
        total = open(total).read().strip() if os.path.exists(total) else "?"
        m = med("nuit-une")
        row("Nuit avec un export corrigé (lecap run, une note changée)", "nuit-une",
            f"{written:.0f} rapports réécrits sur {total}", "", "", "< 1 s (issue 20)",
            "atteint" if m < 1 else "manqué")
    elif "nuit-une" in absent:
        na("Nuit avec un export corrigé (lecap run)", "< 1 s (issue 20)")
    if have("nuit-cent"):
        check_rc("nuit-cent", "Nuit avec 100 nouveaux exports")
        lecap_rss.append(max(vals("nuit-cent", 1)))
        m = med("nuit-cent")
        row("Nuit avec 100 nouveaux exports (lecap run, exports corrigés)", "nuit-cent",
            f"{med('nuit-cent', 3):.0f} fichiers intégrés", "", "", "< 5 s (issue 20)",
            "atteint" if m < 5 else "manqué")
    else:
        na("Nuit avec 100 nouveaux exports (lecap run)", "< 5 s (issue 20)")

    if lecap_rss:
        peak = max(lecap_rss) / MIB
        rows.append(("Pic RSS de lecap (toutes étapes)", "", "", "", fr(peak, 1) + " Mio", "", "",
                     "< 32 Mio (issue 20)", "atteint" if peak < 32 else "manqué"))
        verdicts.append(("RSS", "atteint" if peak < 32 else "manqué"))

    out = [f"## make bench — {size} entreprises, {runs} passe(s)", "", machine, ""]
    head = ("Étape", "Temps médian (min–max)", "CPU lecap + serveur", "Débit", "Pic RSS",
            "Référence (même passe)",
            "Ratio", "Cible", "Verdict")
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    out.append("")
    out.append(f"Volume : {int(files)} fichiers, {int(evals)} évaluations, "
               f"{int(cells)} cellules de réponse (une ligne par cellule non vide).")
    costs = []
    for stage, label in (("ingest", "ingestion"), ("aggregate", "agrégation"),
                         ("nuit", "nuit complète")):
        if have(stage) and evals:
            costs.append(f"{label} {fr(med(stage) / evals * 1000, 3)} ms")
    if costs:
        out.append("Coût par évaluation (médianes) : " + " ; ".join(costs) + ".")
    sizes = []
    for key, label in (("taille-reponse", "lecap.reponse (table et index)"),
                       ("taille-copy", "table de référence \\copy"),
                       ("taille-base", "base entière après ingestion"),
                       ("wal-ingest", "WAL écrit par l'ingestion"),
                       ("wal-ref-copy", "WAL écrit par \\copy"),
                       ("wal-aggregate", "WAL écrit par l'agrégation")):
        if have("meta-" + key):
            sizes.append(f"{label} {fr(meta(key) / MIB / MIB, 0)} Mio")
    if sizes:
        out.append("Volumes (médianes) : " + " ; ".join(sizes) + ".")
    if waits:
        out.append("Attente de la fin de l'autovacuum avant les étapes mesurées (non comptée) : "
                   + fr(statistics.median(waits.values())) + " s par passe (médiane).")
    for n in notes:
        out.append(n)
    out.append("")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
