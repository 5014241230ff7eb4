#!/usr/bin/env python3
"""tests/circles.py - no two source files call each other (make lint).

A file depends on another when it uses a symbol (function or data) the
other defines, as the linker sees it: `nm` on the objects of one build.
A circle (A uses B, B uses A, directly or through other files) means
neither can be read, tested or moved alone; docs/architecture.md says how
the layers avoid them (a callback handed down, not a call up).

    python3 tests/circles.py [BUILD]      (BUILD: build, objects in BUILD/obj)

Prints each circle with the symbols that close it and exits 1; prints one
line and exits 0 when there is none.
"""
import os
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
root = os.path.join(build, "obj")
objs = []
for top in ("scanner", "checks", "reports"):
    for d, _, files in os.walk(os.path.join(root, top)):
        # Only objects of sources that exist: a moved file leaves its old
        # object behind in an incremental build.
        objs += [os.path.join(d, f) for f in files if f.endswith(".o") and
                 os.path.isfile(os.path.relpath(os.path.join(d, f), root)[:-2] + ".c")]
if not objs:
    sys.exit("circles: no objects under %s (run make first)" % root)

defined, used = {}, {}
for o in sorted(objs):
    src = os.path.relpath(o, root)[:-2] + ".c"
    out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
    used[src] = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBRC":
            defined[parts[2]] = src
        elif len(parts) == 2 and parts[0] == "U":
            used[src].add(parts[1])

edges = {f: {} for f in used}
for f, syms in used.items():
    for s in syms:
        g = defined.get(s)
        if g and g != f:
            edges[f].setdefault(g, []).append(s)

# Tarjan's strongly connected components, iteratively.
index, low, on, stack, comps, n = {}, {}, set(), [], [], [0]
for start in sorted(edges):
    if start in index:
        continue
    work = [(start, iter(sorted(edges[start])))]
    index[start] = low[start] = n[0]; n[0] += 1
    stack.append(start); on.add(start)
    while work:
        v, it = work[-1]
        w = next(it, None)
        if w is not None:
            if w not in index:
                index[w] = low[w] = n[0]; n[0] += 1
                stack.append(w); on.add(w)
                work.append((w, iter(sorted(edges[w]))))
            elif w in on:
                low[v] = min(low[v], index[w])
            continue
        work.pop()
        if work:
            low[work[-1][0]] = min(low[work[-1][0]], low[v])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

for i, comp in enumerate(comps, 1):
    print("circles: circle %d: %d files: %s" % (i, len(comp), ", ".join(comp)))
    for f in comp:
        for g in sorted(edges[f]):
            if g in comp:
                print("  %s -> %s: %s" % (f, g, ", ".join(sorted(edges[f][g]))))
if comps:
    sys.exit(1)
print("circles: no two of the %d files use each other" % len(edges))
