#!/usr/bin/env python3
"""Style check of the C sources (issue 16), run by integration test 05.

Three rules, over src/**/*.c, reports/*.c and cmd/*.c:

  longueur  no function body longer than 80 lines, counted from the first line
            of its signature to its closing brace. Data tables (a top-level
            initializer: `static const x t[] = {`) are not functions and are
            not counted.
  etiquette the only goto label is `cleanup` (one cleanup path per function,
            see docs/contribuer.md).
  prefixe   a module's functions carry its file's name: a function defined
            without `static` in dir/name.c and declared in a header of the
            tree is named `name_...` (ingest_batch.c -> ingest_batch_...) or
            is `name` itself. The first word of the file name may be written
            with its documented abbreviation (ABBREVIATIONS below, listed in
            docs/contribuer.md): referentiel_db.c -> ref_db_..., config.c ->
            cfg_... ; in src/report/ the prefix is rd_ and the file name
            (effet_plan.c -> rd_effet_plan_... or rd_effet_plan). cmd/*.c are exempt: their entry points are named by the
            command table (cmd_<command>).

Known offenders are listed in tests/tools/style-exceptions.txt, one line each
("rule path name  # owner"), so the check passes while they are fixed; a line
that no longer matches an offence is named "à retirer" (the list only shrinks;
a stale line does not fail the check, so that a fix landed without its line's
removal does not break main).

Usage: check-style.py ROOT [EXCEPTIONS]   exit 0 if clean, 1 otherwise.
"""
import glob
import os
import re
import sys

MAX_LINES = 80
LABEL = "cleanup"

# Documented abbreviations of a file name's first word (docs/contribuer.md).
ABBREVIATIONS = {
    "config": "cfg",
    "csvread": "csvr",
    "csvwrite": "csvw",
    "generate": "gen",
    "referentiel": "ref",
    "report_data": "rd",
}
# Folders whose files' functions carry the folder's prefix before the file
# name: src/report/effet_plan.c -> rd_effet_plan_... or rd_effet_plan.
FOLDER_PREFIXES = {
    "src/report": "rd_",
}
ATTRIBUTE_RE = re.compile(r"__attribute__\s*\(\(.*?\)\)")


def prefixes(path, base):
    """The accepted prefixes of the functions of path (base.c)."""
    allowed = [base + "_"]
    folder = FOLDER_PREFIXES.get(os.path.dirname(path))
    if folder:
        allowed.append(folder + base + "_")
    for word, abbrev in ABBREVIATIONS.items():
        if base == word or base.startswith(word + "_"):
            allowed.append(abbrev + base[len(word):] + "_")
    return allowed

KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else"}
LABEL_RE = re.compile(r"^\s*([A-Za-z_]\w*)\s*:\s*(?:;\s*)?(?:/[/*].*)?$")
NAME_RE = re.compile(r"([A-Za-z_]\w*)\s*\(")


def sources(root):
    files = glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True)
    files += glob.glob(os.path.join(root, "reports", "*.c"))
    files += glob.glob(os.path.join(root, "cmd", "*.c"))
    return sorted(os.path.relpath(f, root) for f in files)


def declared_names(root):
    """Every identifier followed by '(' in a header of the tree."""
    names = set()
    for h in glob.glob(os.path.join(root, "src", "**", "*.h"), recursive=True) + \
            glob.glob(os.path.join(root, "reports", "*.h")) + \
            glob.glob(os.path.join(root, "cmd", "*.h")):
        with open(h, encoding="utf-8", errors="replace") as f:
            names.update(NAME_RE.findall(f.read()))
    return names


def functions(lines):
    """Yield (first line index, closing line index, signature text) of each
    top-level function definition: a '{' alone in column 0 after a signature,
    closed by a '}' in column 0."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("{") and i > 0:
            j = i - 1
            while j > 0 and lines[j - 1].strip() and \
                    not lines[j - 1].startswith(("}", "/", "#", " *")) and \
                    not lines[j - 1].rstrip().endswith((";", "*/")):
                j -= 1
            sig = " ".join(x.strip() for x in lines[j:i])
            k = i + 1
            while k < len(lines) and not lines[k].startswith("}"):
                k += 1
            head = sig.split("(")[0]
            if "(" in sig and "=" not in head:
                yield j, k, sig
            i = k
        i += 1


def func_name(sig):
    m = NAME_RE.search(ATTRIBUTE_RE.sub("", sig))
    return m.group(1) if m else None


def check(root):
    offences = []  # (rule, path, name, message)
    declared = declared_names(root)
    for path in sources(root):
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        base = os.path.splitext(os.path.basename(path))[0]
        for j, k, sig in functions(lines):
            name = func_name(sig)
            if name is None or name in KEYWORDS:
                continue
            n = k - j + 1
            if n > MAX_LINES:
                offences.append(("longueur", path, name,
                                 f"{path}:{j + 1}: {name} fait {n} lignes "
                                 f"(au plus {MAX_LINES} : découper en fonctions statiques nommées)"))
            for ln in range(j, k + 1):
                m = LABEL_RE.match(lines[ln])
                if m and m.group(1) not in ("default", LABEL) and \
                        not lines[ln].lstrip().startswith("case"):
                    offences.append(("etiquette", path, name,
                                     f"{path}:{ln + 1}: {name} : étiquette « {m.group(1)} » "
                                     f"(une seule étiquette de sortie : « {LABEL} »)"))
            if path.startswith("cmd/") or ATTRIBUTE_RE.sub("", sig).lstrip().startswith(("static", "extern")):
                continue
            if name == "main" or name not in declared:
                continue
            allowed = prefixes(path, base)
            if name + "_" not in allowed and not name.startswith(tuple(allowed)):
                offences.append(("prefixe", path, name,
                                 f"{path}:{j + 1}: {name} : une fonction de {path} "
                                 f"commence par « {' » ou « '.join(allowed)} » (ou la rendre static)"))
    return offences


def read_exceptions(path):
    exc = {}
    if not path or not os.path.exists(path):
        return exc
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3:
                raise SystemExit(f"{path}:{no}: ligne attendue « règle chemin fonction  # responsable »")
            exc[tuple(parts)] = no
    return exc


def main(argv):
    if len(argv) < 2:
        print("usage : check-style.py RACINE [EXCEPTIONS]", file=sys.stderr)
        return 2
    root = argv[1]
    exc = read_exceptions(argv[2] if len(argv) > 2 else None)
    offences = check(root)
    seen = set()
    bad = 0
    for rule, path, name, msg in offences:
        key = (rule, path, name)
        if key in exc:
            seen.add(key)
            continue
        print(msg)
        bad += 1
    stale = 0
    for key, no in sorted(exc.items(), key=lambda kv: kv[1]):
        if key not in seen:
            print(f"{argv[2]}:{no}: « {' '.join(key)} » n'est plus une infraction : retirer la ligne")
            stale += 1
    print(f"style : {len(sources(root))} fichier(s), {len(exc)} exception(s) dont {stale} "
          f"à retirer, {bad} infraction(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
