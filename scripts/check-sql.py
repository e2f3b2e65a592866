#!/usr/bin/env python3
"""Fails when C code may build SQL from data.

Every call of pg_exec, pg_query, pg_command and pg_copy_begin must pass, as
its SQL argument (the third), a constant: adjacent string literals, a macro
#define'd in the same file as string literals, or a `static const char
NAME[]` array initialised with string literals. Anything else (a buffer
filled by snprintf, a variable, a function call...) is reported, unless the
call carries the comment `/* sql-constante: <why> */` on its line or the
line before it (e.g. the migrations embedded at build time from sql/).
Data reaches the database only as $n parameters or COPY rows.

usage: check-sql.py FILE_OR_DIR...   exit 0: clean, 1: findings (listed).
"""
import os
import re
import sys

FUNCS = {"pg_exec": 2, "pg_query": 2, "pg_command": 2, "pg_copy_begin": 2, "pg_exec_ident": 2}
STRING = r'"(?:[^"\\\n]|\\.)*"'
TOKEN = re.compile(r'\s*(' + STRING + r'|[A-Za-z_]\w*)')
IDENT = re.compile(r'^[A-Za-z_]\w*$')
FUNC_DEF = re.compile(r'^[A-Za-z_][\w \t\*]*?\b(\w+)\s*\(([^()]*)\)\s*\{', re.M)


def strip_comments(src):
    """Comments become spaces (newlines kept), strings are kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(code, start):
    """Arguments of the call whose '(' is at start; (args, end)."""
    depth, i, args, cur = 0, start, [], []
    while i < len(code):
        c = code[i]
        if c in "\"'":
            j = i + 1
            while j < len(code) and code[j] != c:
                j += 2 if code[j] == "\\" else 1
            cur.append(code[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(cur))
                return args, i
        elif c == "," and depth == 1:
            args.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args, i


def constants(code):
    names = set()
    for m in re.finditer(r'^\s*#\s*define\s+(\w+)\s+((?:' + STRING + r'\s*)+)$', code, re.M):
        names.add(m.group(1))
    for m in re.finditer(r'static\s+const\s+char\s+(\w+)\s*\[\s*\]\s*=\s*((?:' + STRING + r'\s*)+);', code):
        names.add(m.group(1))
    return names


def is_constant(expr, consts):
    """Adjacent string literals and names of string constants, nothing else."""
    pos, seen = 0, False
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            return expr[pos:].strip() == "" and seen
        tok = m.group(1)
        if not tok.startswith('"') and tok not in consts:
            return False
        seen = True
        pos = m.end()
    return seen


def enclosing(defs, pos):
    """(name, [parameter names]) of the function defined around pos."""
    best = None
    for m in defs:
        if m.start() < pos:
            best = m
    if not best:
        return None, []
    params = [re.findall(r'\w+', p)[-1] if re.findall(r'\w+', p) else ""
              for p in best.group(2).split(",")]
    return best.group(1), params


def check_file(path, funcs):
    """Findings of one file; adds to funcs the functions found to pass one of
    their parameters on as SQL (wrappers: their callers are checked too)."""
    src = open(path, encoding="utf-8", errors="replace").read()
    code = strip_comments(src)
    lines = src.split("\n")
    consts = constants(code)
    defs = list(FUNC_DEF.finditer(code))
    findings = []
    for m in re.finditer(r'\b(' + "|".join(funcs) + r')\s*\(', code):
        # Declarations and definitions (a type before the name) are not calls.
        before = code[max(0, m.start() - 40):m.start()]
        if re.search(r'\b(int|void|char|bool)\s*\**\s*$', before):
            continue
        fn = m.group(1)
        args, _ = split_args(code, m.end() - 1)
        line = code.count("\n", 0, m.start()) + 1
        if len(args) <= funcs[fn]:
            findings.append((line, fn, "appel incomplet (argument SQL introuvable)"))
            continue
        sql = args[funcs[fn]].strip()
        if is_constant(sql, consts):
            continue
        near = "\n".join(lines[max(0, line - 2):line])
        if "sql-constante:" in near:
            continue
        if IDENT.match(sql):
            name, params = enclosing(defs, m.start())
            if sql in params and name:
                if funcs.get(name) != params.index(sql):
                    funcs[name] = params.index(sql)
                continue
        findings.append((line, fn, "SQL non constant : " + " ".join(sql.split())[:80]))
    return findings


def main(argv):
    files = []
    for a in argv[1:]:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".c")]
        else:
            files.append(a)
    # The wrappers themselves (src/io/pg.c) pass their argument on to libpq.
    files = sorted(f for f in files if os.path.basename(f) != "pg.c")
    funcs = dict(FUNCS)
    while True:  # until no new wrapper is found
        known = dict(funcs)
        findings = [(f, x) for f in files for x in check_file(f, funcs)]
        if funcs == known:
            break
    bad = 0
    for f, (line, fn, why) in findings:
        print("%s:%d: %s : %s" % (f, line, fn, why))
        bad += 1
    if bad:
        print("check-sql : %d appel(s) dont le SQL n'est pas une constante ; passez les données "
              "en paramètres $n ou par COPY" % bad, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
