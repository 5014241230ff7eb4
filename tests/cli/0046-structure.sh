#!/bin/sh
# The structure rules of docs/architecture.md, checked by `make lint` and
# proven here to catch what they are for: tests/layers.sh fails on an
# include of a higher layer, tests/circles.py on two files that use each
# other; and the tree as built keeps both.
. "$(dirname "$0")/lib.sh"

# The tree as it is.
check "no file includes a header of a higher layer" sh "$ROOT/tests/layers.sh"
OBJ_BUILD=$(dirname "$IRSCAN")
if [ -d "$OBJ_BUILD/obj/scanner" ]; then
	check "no two source files use each other (objects of $OBJ_BUILD)" \
		sh -c "cd '$ROOT' && python3 tests/circles.py '$OBJ_BUILD'"
else
	not_ok "no objects beside $IRSCAN to read the circles from"
fi

# No report left at the top of the tree (x.sarif was committed there once).
stray=$(cd "$ROOT" && ls -d ./*.sarif ./*.json ./*.xml ./*.html 2>/dev/null | tr '\n' ' ')
if [ -z "$stray" ]; then
	ok "no report file at the top of the tree"
else
	not_ok "report files at the top of the tree" "$stray"
fi

# A copy of the sources with util/ including the app's scan.h.
mkdir -p "$TMP/tree/tests"
cp -R "$ROOT/scanner" "$ROOT/checks" "$ROOT/reports" "$TMP/tree/"
cp "$ROOT/tests/layers.sh" "$TMP/tree/tests/"
printf '#include "scan.h"\n' >>"$TMP/tree/scanner/util/buf.c"
if sh "$TMP/tree/tests/layers.sh" >"$TMP/layers.out" 2>&1; then
	not_ok "layers.sh passes util/buf.c including scan.h" "$(cat "$TMP/layers.out")"
elif grep -q '^layers: scanner/util/buf.c:[0-9]*: util includes scanner/scan.h (app, a higher layer)$' \
	"$TMP/layers.out"; then
	ok "layers.sh names an include of a higher layer (util -> app)"
else
	not_ok "layers.sh failed without naming the include" "$(cat "$TMP/layers.out")"
fi
# ...and a header that is no header of the project.
cp "$ROOT/scanner/util/buf.c" "$TMP/tree/scanner/util/buf.c"
printf '#include "nowhere/none.h"\n' >>"$TMP/tree/scanner/util/buf.c"
if ! sh "$TMP/tree/tests/layers.sh" >"$TMP/layers.out" 2>&1 &&
	grep -q '"nowhere/none.h" is no header of the project' "$TMP/layers.out"; then
	ok "layers.sh names an include it cannot place"
else
	not_ok "layers.sh accepts an include it cannot place" "$(cat "$TMP/layers.out")"
fi

# A function of 81 lines, and one of 80.
cp "$ROOT/tests/funclen.sh" "$TMP/tree/tests/"
cp "$ROOT/scanner/util/buf.c" "$TMP/tree/scanner/util/buf.c"
check "funclen.sh passes the tree as it is" sh "$ROOT/tests/funclen.sh"
{
	printf 'int irscan_long(int x);\nint irscan_long(int x)\n{\n'
	i=0
	while [ $i -lt 81 ]; do printf '\tx += %d;\n' $i; i=$((i + 1)); done
	printf '\treturn x;\n}\n'
} >>"$TMP/tree/scanner/util/buf.c"
if sh "$TMP/tree/tests/funclen.sh" >"$TMP/funclen.out" 2>&1; then
	not_ok "funclen.sh passes a function of 82 lines" "$(cat "$TMP/funclen.out")"
elif grep -q '^funclen: scanner/util/buf.c:[0-9]*: irscan_long is 82 lines (at most 80)$' "$TMP/funclen.out"; then
	ok "funclen.sh names a function over 80 lines"
else
	not_ok "funclen.sh output" "$(cat "$TMP/funclen.out")"
fi
if sh "$TMP/tree/tests/funclen.sh" 82 >"$TMP/funclen.out" 2>&1; then
	ok "funclen.sh takes the limit as its argument (82 lines pass at 82)"
else
	not_ok "funclen.sh at 82" "$(cat "$TMP/funclen.out")"
fi

# Two files of a layer that call each other, and a third that only calls down.
mkdir -p "$TMP/c/scanner/net" "$TMP/c/build/obj/scanner/net" "$TMP/c/tests"
cp "$ROOT/tests/circles.py" "$TMP/c/tests/"
printf 'int pong(int);\nint ping(int n) { return n ? pong(n - 1) : 0; }\n' >"$TMP/c/scanner/net/a.c"
printf 'int ping(int);\nint pong(int n) { return n ? ping(n - 1) : 1; }\n' >"$TMP/c/scanner/net/b.c"
printf 'int ping(int);\nint top(void) { return ping(3); }\n' >"$TMP/c/scanner/net/c.c"
for f in a b c; do
	cc -c -o "$TMP/c/build/obj/scanner/net/$f.o" "$TMP/c/scanner/net/$f.c"
done
if (cd "$TMP/c" && python3 tests/circles.py build) >"$TMP/circles.out" 2>&1; then
	not_ok "circles.py passes a.c and b.c calling each other" "$(cat "$TMP/circles.out")"
elif grep -q '^circles: circle 1: 2 files: scanner/net/a.c, scanner/net/b.c$' "$TMP/circles.out" &&
	grep -q '^  scanner/net/a.c -> scanner/net/b.c: pong$' "$TMP/circles.out" &&
	! grep -q 'c\.c' "$TMP/circles.out"; then
	ok "circles.py names the circle and the symbols that close it (not the file that only calls in)"
else
	not_ok "circles.py output" "$(cat "$TMP/circles.out")"
fi
# The circle broken by a callback: b.c no longer names ping.
printf 'int pong(int n, int (*back)(int));\nint pong(int n, int (*back)(int)) { return n ? back(n - 1) : 1; }\n' \
	>"$TMP/c/scanner/net/b.c"
printf 'int pong(int, int (*)(int));\nint ping(int n);\nint ping(int n) { return n ? pong(n - 1, ping) : 0; }\n' \
	>"$TMP/c/scanner/net/a.c"
for f in a b; do
	cc -c -o "$TMP/c/build/obj/scanner/net/$f.o" "$TMP/c/scanner/net/$f.c"
done
if (cd "$TMP/c" && python3 tests/circles.py build) >"$TMP/circles.out" 2>&1 &&
	grep -q '^circles: no two of the 3 files use each other$' "$TMP/circles.out"; then
	ok "circles.py passes a callback handed down"
else
	not_ok "circles.py after the callback" "$(cat "$TMP/circles.out")"
fi
# An object whose source is gone (a moved file) is not read.
printf 'int ping(int);\nint old(void) { return ping(1); }\nint pong(int n, int (*b)(int)) { return n + !b; }\n' \
	>"$TMP/c/old.c"
cc -c -o "$TMP/c/build/obj/scanner/net/old.o" "$TMP/c/old.c"
if (cd "$TMP/c" && python3 tests/circles.py build) >"$TMP/circles.out" 2>&1; then
	ok "circles.py leaves out the object of a source that is gone"
else
	not_ok "circles.py read a stale object" "$(cat "$TMP/circles.out")"
fi

finish
