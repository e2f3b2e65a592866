#!/usr/bin/env python3
"""Checks that includes point down the layers of lecap's source tree.

Each folder is a layer; a file may include headers of its own folder or of a
lower layer, never of a higher one or of a sibling domain; nor, in reports/,
io/pg.h (FORBIDDEN), neither directly nor through a chain of other headers. Also fails on any
include cycle between files, and on any cycle between modules (a module is a
.c and its .h: member_data.c including a header that includes member_batch.h,
whose module includes member_data.h, is a cycle although no file includes
itself). Prints one line per violation, then a summary;
exit 1 on any violation.

    tests/tools/check-layers.py [ROOT]    (ROOT: the project, default .)
"""
import os
import re
import sys

# Rank of each folder: includes go from a higher rank to a lower one. The
# domain folders share a rank, so that none includes another.
RANKS = {
    "src/base": 0,
    "src/io": 1,
    "src/db": 2,
    "src/referentiel": 3,
    "src/ingest": 4, "src/aggregate": 4, "src/report": 4,
    "src/diffusion": 4, "src/generate": 4, "src/export": 4,
    "reports": 5,
    "cmd": 6,
}
# Headers a folder must not include although they are below it: the reports
# draw from typed structs that src/report/ fills (issue 16 item 5), they
# never see a query result or open a query themselves.
FORBIDDEN = {
    "reports": {"src/io/pg.h": "les rapports dessinent des structures typées de src/report/, "
                               "sans résultat de requête"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def source_files(root):
    for folder in RANKS:
        d = os.path.join(root, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                yield folder, os.path.join(folder, name)


def resolve(root, folder, inc):
    """The project path of an include, or None for a generated header."""
    for base in (folder, "src", "reports"):
        p = os.path.normpath(os.path.join(base, inc))
        if os.path.isfile(os.path.join(root, p)):
            return p
    return None


def forbidden_reached(edges):
    """A forbidden header reached through other headers (the direct include is said above)."""
    bad = 0
    for path in sorted(edges):
        folder = os.path.dirname(path)
        banned = FORBIDDEN.get(folder)
        if not banned:
            continue
        prev, queue = {path: None}, [path]
        while queue:
            v = queue.pop(0)
            for w in sorted(edges.get(v, ())):
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
        for target, why in sorted(banned.items()):
            if target not in prev or prev[target] == path:
                continue
            chain, v = [], target
            while v is not None:
                chain.insert(0, v)
                v = prev[v]
            print(f"{path}: atteint {target} par " + " -> ".join(chain[1:]) +
                  f" : interdit dans {folder}/ ({why})")
            bad += 1
    return bad


def module_of(path):
    return os.path.splitext(path)[0]


def module_cycles(edges):
    """Prints one shortest cycle per strongly connected group of modules; returns how many."""
    medges = {}
    for src, targets in edges.items():
        m = module_of(src)
        medges.setdefault(m, set())
        for t in targets:
            if module_of(t) != m:
                medges[m].add(module_of(t))
    # Tarjan's strongly connected components, iterative order made stable by sorting.
    index, low, on, stack, groups = {}, {}, set(), [], []

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(medges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(medges):
        if v not in index:
            strong(v)
    for group in sorted(groups):
        start, members = group[0], set(group)
        # shortest way back to start, inside the group (breadth first)
        prev, queue = {start: None}, [start]
        back = None
        while queue and back is None:
            v = queue.pop(0)
            for w in sorted(medges[v] & members):
                if w == start:
                    back = v
                    break
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
        path = [start]
        while back is not None:
            path.insert(1, back)
            back = prev[back]
        path = [start] + [m for m in path[1:] if m != start] + [start]
        rest = [m for m in group if m not in path]
        more = f" (et dans le même nœud : {', '.join(rest)})" if rest else ""
        print("cycle de modules : " + " -> ".join(path) + more)
    return len(groups)


def main(argv):
    root = argv[1] if len(argv) > 1 else "."
    edges = {}
    bad = 0
    unknown = []
    for folder, path in source_files(root):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        edges[path] = []
        for inc in INCLUDE.findall(text):
            target = resolve(root, folder, inc)
            if target is None:
                continue  # version.h and other generated headers
            tfolder = os.path.dirname(target)
            if tfolder not in RANKS:
                unknown.append(f"{path}: inclut {inc}, hors des couches connues")
                bad += 1
                continue
            edges[path].append(target)
            why = FORBIDDEN.get(folder, {}).get(target)
            if why:
                print(f"{path}: inclut {inc} : interdit dans {folder}/ ({why})")
                bad += 1
                continue
            if tfolder != folder and RANKS[tfolder] >= RANKS[folder]:
                print(f"{path}: inclut {inc} : {tfolder} n'est pas sous {folder}")
                bad += 1
    for line in unknown:
        print(line)
    bad += forbidden_reached(edges)
    # Cycles between files (depth-first search, colours).
    colour = {}

    def visit(node, stack):
        nonlocal bad
        colour[node] = 1
        for nxt in edges.get(node, []):
            if colour.get(nxt) == 1:
                cyc = stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt]
                print("cycle d'inclusions : " + " -> ".join(cyc))
                bad += 1
            elif colour.get(nxt) is None:
                visit(nxt, stack + [nxt])
        colour[node] = 2

    for node in sorted(edges):
        if colour.get(node) is None:
            visit(node, [node])
    bad += module_cycles(edges)
    n_edges = sum(len(v) for v in edges.values())
    print(f"couches : {len(edges)} fichiers, {n_edges} inclusions, {bad} violation(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
