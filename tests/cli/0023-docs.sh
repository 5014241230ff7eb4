#!/bin/sh
# The man page, --help and the bash completion against the one list of
# options (scanner/cli_table.c options[], which `irscan completion bash` prints
# from), the environment variables the code reads and the commands; the
# man page renders without a warning; completion answers in bash; with the
# normal build also make install / uninstall and make dist (the tarball
# builds and runs the demo).
. "$(dirname "$0")/lib.sh"

MAN=$ROOT/docs/irscan.1

# The option table, as the binary sees it (the completion script's lists).
run_irscan completion bash
expect_rc 0 "completion bash"
cp "$OUT" "$TMP/completion.bash"
if bash -n "$TMP/completion.bash" 2>"$TMP/bash-n.err"; then
	ok "the completion script is valid bash"
else
	not_ok "the completion script is not valid bash" "$(cat "$TMP/bash-n.err")"
fi
sed -n "s/^	local opts='\(.*\)'$/\1/p" "$TMP/completion.bash" | tr ' ' '\n' >"$TMP/opts"
sed -n "s/^	local commands='\(.*\)'$/\1/p" "$TMP/completion.bash" | tr ' ' '\n' >"$TMP/commands"
grep '^--' "$TMP/opts" >"$TMP/long" || true

# Cross-check with the table in the source: same long names, same count.
awk '/^static const struct option_def options\[\] = \{/ { on = 1; next }
     on && /^\};/ { exit }
     on && match($0, /^\t\{ \.name = "[^"]+"/) { s = substr($0, RSTART + 12, RLENGTH - 13); print "--" s }' \
	"$ROOT/scanner/cli_table.c" >"$TMP/long.src"
if [ -s "$TMP/long" ] && cmp -s "$TMP/long" "$TMP/long.src"; then
	ok "completion lists the $(wc -l <"$TMP/long") options of cli_table.c's table"
else
	not_ok "completion and cli_table.c's option table differ" "$(diff "$TMP/long.src" "$TMP/long" | head -20)"
fi

run_irscan --help
cp "$OUT" "$TMP/help"

# The man page's tags: the line after each .TP or .TQ, with \- as -.
awk 'tag { print; tag = 0 } /^\.(TP|TQ)/ { tag = 1 }' "$MAN" |
	sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\e/\\/g' >"$TMP/man.tags"

# Every option: in --help (with its short form) and as a man page tag.
python3 - "$TMP/completion.bash" "$TMP/help" "$TMP/man.tags" <<'EOF' >"$TMP/optcheck"
import re, sys
script, helptext, tags = (open(p).read() for p in sys.argv[1:4])
opts = re.search(r"^\tlocal opts='(.*)'$", script, re.M).group(1).split()
valopts = re.search(r"^\tlocal valopts='\|(.*)\|'$", script, re.M).group(1).split('|')
longs = [o for o in opts if o.startswith('--')]
shorts = [o for o in opts if not o.startswith('--')]
# Pair each short option with its long one through the case arms or --help.
bad = []
for lo in longs:
    m = re.search(r"^  (-\w), " + re.escape(lo) + r"(?![\w-])", helptext, re.M)
    short = m.group(1) if m else None
    if not re.search(r"^  (?:-\w, |    )" + re.escape(lo) + r"(?![\w-])", helptext, re.M):
        bad.append("help: %s missing" % lo)
    tag = [t for t in tags.splitlines() if re.search(r"(?<![\w-])" + re.escape(lo) + r"(?![\w-])", t)]
    if not tag:
        bad.append("man: no .TP entry for %s" % lo)
    elif short and not any(re.search(r"(?<![\w-])" + short + r"(?![\w-])", t) for t in tag):
        bad.append("man: the entry of %s does not give %s" % (lo, short))
    if lo in valopts and tag and not any(re.search(re.escape(lo) + r"\s+\S", t) for t in tag):
        bad.append("man: the entry of %s does not name its value" % lo)
for s in shorts:
    if not re.search(r"^  " + s + ", --", helptext, re.M):
        bad.append("help: %s missing" % s)
print("%d %d" % (len(longs), len(shorts)))
for b in bad:
    print(b)
EOF
read -r nlong nshort <"$TMP/optcheck"
if [ "$(wc -l <"$TMP/optcheck")" -eq 1 ]; then
	ok "all $nlong options ($nshort with a short form) are in --help and the man page"
else
	not_ok "options missing from --help or the man page" "$(sed 1d "$TMP/optcheck" | tr '\n' ';')"
fi

# And the other way: every option the man page's entries name is in the
# table (a removed or renamed option does not linger in the docs).
grep -oE '(^|[^a-z-])--[a-z][a-z0-9-]*' "$TMP/man.tags" | sed 's/^[^-]*//' | sort -u >"$TMP/man.longs"
stale=$(sort "$TMP/long" | comm -23 "$TMP/man.longs" -)
if [ -s "$TMP/man.longs" ] && [ -z "$stale" ]; then
	ok "every option the man page describes ($(wc -l <"$TMP/man.longs")) is in the table"
else
	not_ok "the man page describes options the code does not have" "$stale"
fi

# Every environment variable the code reads has an entry in ENVIRONMENT.
grep -ho 'getenv("[A-Za-z0-9_]*")' "$ROOT"/scanner/*.c "$ROOT"/scanner/*/*.c "$ROOT"/checks/*.c "$ROOT"/reports/*.c |
	sed 's/getenv("\(.*\)")/\1/' | sort -u >"$TMP/env"
awk '/^\.SH ENVIRONMENT/ { on = 1; next } /^\.SH/ { on = 0 }
     on && tag { print; tag = 0 } on && /^\.(TP|TQ)/ { tag = 1 }' "$MAN" |
	sed -n 's/^\.B \([A-Za-z0-9_]*\)$/\1/p' | sort -u >"$TMP/env.man"
missing=$(comm -23 "$TMP/env" "$TMP/env.man" | tr '\n' ' ')
if [ -s "$TMP/env" ] && [ -z "$missing" ]; then
	ok "all $(wc -l <"$TMP/env") environment variables read by the code are in ENVIRONMENT"
else
	not_ok "environment variables not in the man page: $missing"
fi

# Every command: in the usage of --help, in COMMANDS, accepted by the parser.
awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 }
     on && tag { print; tag = 0 } on && /^\.(TP|TQ)/ { tag = 1 }' "$MAN" |
	sed 's/\\-/-/g; s/^\.BI* "*//; s/[ "].*//' >"$TMP/commands.man"
for c in $(cat "$TMP/commands"); do
	if grep -qx -- "$c" "$TMP/commands.man" && grep -q "irscan.* $c\b\|\[$c\]" "$TMP/help"; then
		ok "command $c is documented"
	else
		not_ok "command $c is not in COMMANDS of the man page or in --help"
	fi
	run_irscan "$c" --help
	expect_rc 0 "the parser knows command $c"
done
for code in 0 1 2 3; do
	if awk '/^\.SH "?EXIT STATUS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$MAN" | grep -qx "\.B $code"; then
		ok "exit status $code is documented"
	else
		not_ok "exit status $code is not in EXIT STATUS"
	fi
done
for sect in 'Waivers' 'Attestations' 'Evidence bundle' 'Reports'; do
	expect_contains "$MAN" ".SS $sect" "FILES describes: $sect"
done
version=$("$IRSCAN" --version | sed 's/^irscan //')
expect_contains "$MAN" "\"irscan $version\"" "the man page is of version $version"

# Rendering: groff with all warnings, man -l, mandoc's linter.
if groff -man -Tutf8 -ww -z "$MAN" >"$TMP/groff.err" 2>&1 && [ ! -s "$TMP/groff.err" ]; then
	ok "groff -man -ww renders the man page without a warning"
else
	not_ok "groff warns about the man page" "$(head -c 1500 "$TMP/groff.err")"
fi
if MANWIDTH=80 man --warnings -l "$MAN" >"$TMP/man.txt" 2>"$TMP/man.err" &&
	[ ! -s "$TMP/man.err" ] && grep -q '^SYNOPSIS' "$TMP/man.txt"; then
	ok "man -l renders it without a warning"
else
	not_ok "man -l failed or warned" "$(head -c 1500 "$TMP/man.err")"
fi
if ! command -v mandoc >/dev/null 2>&1; then
	not_ok "mandoc is not installed (make deps installs it)"
elif mandoc -T lint -W warning "$MAN" >"$TMP/mandoc.err" 2>&1; then
	ok "mandoc -T lint finds no warning"
else
	not_ok "mandoc -T lint warns" "$(head -c 1500 "$TMP/mandoc.err")"
fi

# Completion in bash: what a TAB after each line offers (sorted).
complete_line() {
	bash -c '
		source "$1"
		COMP_LINE=$2 COMP_POINT=${#2}
		read -ra COMP_WORDS <<< "$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		cd "$3" && _irscan && printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		sh "$TMP/completion.bash" "$1" "$TMP/compdir"
}
expect_completion() {
	got=$(complete_line "$1" 2>&1 | sed "s/ $//") || true
	if [ "$got" = "$2" ]; then
		ok "completion of '$1'"
	else
		not_ok "completion of '$1': got '$got', expected '$2'"
	fi
}
mkdir -p "$TMP/compdir/bundle" "$TMP/compdir/bin"
: >"$TMP/compdir/waivers.json"
expect_completion "irscan --fr" "--framework"
expect_completion "irscan --framework " "asb-ir-2019 asb-v1 cis-azure-2.1.0 cis-azure-3.0.0 cis-azure-4.0.0 mcsb-v1"
expect_completion "irscan --framework=cis" "cis-azure-2.1.0 cis-azure-3.0.0 cis-azure-4.0.0"
expect_completion "irscan --auth " "auto certificate cli federated managed-identity secret"
expect_completion "irscan --cloud AzureU" "AzureUSGovernment"
expect_completion "irscan -o " "csv csv-bom html json junit markdown sarif"
expect_completion "irscan -A --fail-on h" "high"
expect_completion "irscan ver" "verify"
expect_completion "irscan " "completion diff list-checks merge scan verify"
expect_completion "irscan merge b" "bin bundle"
expect_completion "irscan diff b" "bin bundle"
expect_completion "irscan diff bundle w" "waivers.json"
expect_completion "irscan -s 00000000-0000-0000-0000-000000000000 --verb" "--verbose"
expect_completion "irscan verify b" "bin bundle"
expect_completion "irscan --waivers w" "waivers.json"
expect_completion "irscan --evidence-dir b" "bin bundle"
expect_completion "irscan -o json:w" "waivers.json"
expect_completion "irscan completion " "bash"
expect_completion "irscan -s " ""

# Each value completion offers is one the parser takes.
for v in $(complete_line "irscan --framework "); do
	run_irscan list-checks --framework "$v"
	[ "$RC" = 0 ] || not_ok "--framework $v offered but refused" "$(cat "$ERR")"
done
for opt in auth cloud fail-on attack-path-risk output; do
	for v in $(complete_line "irscan --$opt "); do
		run_irscan --version "--$opt" "$v"
		[ "$RC" = 0 ] || not_ok "--$opt $v offered but refused" "$(cat "$ERR")"
	done
done
ok "every value offered for --framework, --auth, --cloud, --fail-on, --attack-path-risk, -o is accepted"

# make install / uninstall and make dist: with the normal build only (the
# sanitizer pass runs the same Makefile rules; they do not depend on it).
if [ "$(cd "$(dirname "$IRSCAN")" && pwd)/$(basename "$IRSCAN")" != "$ROOT/build/irscan" ]; then
	echo "# make install/dist: skipped with $IRSCAN (run with build/irscan)"
	finish
fi
unset MAKEFLAGS MFLAGS MAKELEVEL || true
DEST=$TMP/dest
mkdir -p "$DEST"
if make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr >"$TMP/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	not_ok "make install failed" "$(tail -c 1500 "$TMP/install.log")"
fi
for f in bin/irscan share/man/man1/irscan.1 share/bash-completion/completions/irscan; do
	[ -f "$DEST/usr/$f" ] && ok "installed /usr/$f" || not_ok "/usr/$f not installed"
done
check "the installed binary runs" sh -c "'$DEST/usr/bin/irscan' --version | grep -qx 'irscan $version'"
check "the installed man page is docs/irscan.1" cmp "$MAN" "$DEST/usr/share/man/man1/irscan.1"
check "the installed completion is the binary's" cmp "$TMP/completion.bash" \
	"$DEST/usr/share/bash-completion/completions/irscan"
make -s -C "$ROOT" uninstall DESTDIR="$DEST" PREFIX=/usr >"$TMP/uninstall.log" 2>&1 || true
left=$(find "$DEST" -type f | sed "s|^$DEST||")
if [ -z "$left" ]; then
	ok "make uninstall removes the three files"
else
	not_ok "make uninstall left: $left"
fi

# make dist: the tarball holds every file of HEAD, builds and runs the demo.
if ! git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	echo "# make dist: skipped, $ROOT is not a git checkout"
	finish
fi
mkdir -p "$TMP/dist"
if make -s -C "$ROOT" dist DIST_OUT="$TMP/dist" >"$TMP/dist.log" 2>&1 &&
	[ -f "$TMP/dist/irscan-$version.tar.gz" ]; then
	ok "make dist writes irscan-$version.tar.gz"
else
	not_ok "make dist failed" "$(tail -c 1500 "$TMP/dist.log")"
	finish
fi
tar -tzf "$TMP/dist/irscan-$version.tar.gz" | grep -v '/$' | sed "s|^irscan-$version/||" | sort >"$TMP/dist.files"
git -C "$ROOT" ls-tree -r --name-only HEAD | sort >"$TMP/head.files"
if cmp -s "$TMP/dist.files" "$TMP/head.files"; then
	ok "the tarball holds every file of HEAD ($(wc -l <"$TMP/head.files")), nothing else"
else
	not_ok "the tarball and HEAD differ" "$(diff "$TMP/head.files" "$TMP/dist.files" | head -10)"
fi
for f in Makefile tests/run tests/cli/lib.sh fixtures/fakearm/fakearm.py fixtures/demo.sh \
	fixtures/scenarios/generate.py docs/irscan.1 scanner/util/version.h; do
	grep -qx "$f" "$TMP/dist.files" || not_ok "the tarball lacks $f"
done
tar -xzf "$TMP/dist/irscan-$version.tar.gz" -C "$TMP/dist"
SRC=$TMP/dist/irscan-$version
if make -s -j2 -C "$SRC" >"$TMP/dist-make.log" 2>&1 && [ -x "$SRC/build/irscan" ]; then
	ok "the unpacked tarball builds with make"
else
	not_ok "make in the unpacked tarball failed" "$(tail -c 1500 "$TMP/dist-make.log")"
fi
rc=0
make -s -C "$SRC" demo >"$TMP/dist-demo.log" 2>&1 || rc=$?
if [ $rc = 0 ] && [ -s "$SRC/demo-out/report.html" ] && [ -s "$SRC/demo-out/evidence/manifest.json" ]; then
	ok "make demo runs in the unpacked tarball"
else
	not_ok "make demo in the unpacked tarball: exit $rc" "$(tail -c 1500 "$TMP/dist-demo.log")"
fi
finish
