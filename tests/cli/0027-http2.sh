#!/bin/sh
# HTTP/2 end to end: irscan behind nghttpx (HTTP/2 over TLS in front of
# the fake server) negotiates h2 by ALPN, multiplexes its concurrent
# requests over one connection, follows paging and reaches the same
# findings as over HTTP/1.1; a front end that ends connections with
# GOAWAY costs nothing.  The fake server speaks only HTTP/1.1, so this is
# the one place irscan's HTTP/2 path is exercised.
. "$(dirname "$0")/lib.sh"

if ! command -v nghttpx >/dev/null 2>&1; then
	not_ok "nghttpx (Debian package nghttp2-proxy) is installed" "run make deps"
	finish
fi
make_test_ca
start_server tenant
SUBS=c0000001-0000-4000-8000-000000000001,c0000042-0000-4000-8000-000000000042,c0000003-0000-4000-8000-000000000003
H1_BASE=$BASE

# The baseline over HTTP/1.1, straight to the fake server.
scan -s "$SUBS" -o json:"$TMP/h1.json"
H1_RC=$RC

# start_h2 NAME [nghttpx options]: TLS + h2 in front of the fake server;
# sets H2_PORT; one line per request in $TMP/NAME.log.  --conf=/dev/null:
# the packaged /etc/nghttpx/nghttpx.conf adds a listener on port 3000.
H2_PIDS=
trap 'kill $H2_PIDS 2>/dev/null || true; cleanup' EXIT
start_h2() {
	name=$1
	shift
	H2_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	nghttpx --conf=/dev/null --frontend="127.0.0.1,$H2_PORT" --backend="127.0.0.1,${H1_BASE##*:}" \
		--workers=1 --no-ocsp --no-via --errorlog-file="$TMP/$name.err" \
		--accesslog-file="$TMP/$name.log" \
		--accesslog-format='$alpn $protocol_version $remote_port $status $method $path' \
		"$@" "$TMP/ca/server.key" "$TMP/ca/server.pem" 2>>"$TMP/$name.err" &
	H2_PIDS="$H2_PIDS $!"
	i=0
	until curl -sk --http2 -o /dev/null "https://127.0.0.1:$H2_PORT/" 2>>"$TMP/$name.curl"; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			not_ok "nghttpx started" "$(cat "$TMP/$name.err" "$TMP/$name.curl" | tail -5)"
			finish
		fi
		sleep 0.05
	done
	: >"$TMP/$name.log"
}

# same_findings A.json B.json: prints "same", or how they differ.
same_findings() {
	python3 - "$1" "$2" <<'EOF' 2>&1 || true
import json, sys
def key(path):
    d = json.load(open(path))
    return [(f["subscription"], f["check"], f["resource"], f["status"], f["message"]) for f in d["findings"]]
a, b = key(sys.argv[1]), key(sys.argv[2])
print("same" if a == b else "differ: %s" % [x for x in zip(a, b) if x[0] != x[1]][:3])
EOF
}

start_h2 h2
BASE=https://127.0.0.1:$H2_PORT
scan -s "$SUBS" --ca-bundle "$CA_PEM" --concurrency 16 -o json:"$TMP/h2.json"
check "the scan through HTTP/2 ends as over HTTP/1.1 (exit $H1_RC)" sh -c '[ "$1" = "$2" ]' - "$RC" "$H1_RC"
sleep 0.3	# nghttpx writes its log line when the stream closes
check "every request went over HTTP/2 (ALPN h2): $(wc -l <"$TMP/h2.log") requests" \
	sh -c '[ -s "$1" ] && ! grep -v "^h2 HTTP/2 " "$1"' - "$TMP/h2.log"
conns=$(awk '{ print $3 }' "$TMP/h2.log" | sort -u | wc -l)
check "requests multiplexed over one connection ($conns)" sh -c '[ "$1" -eq 1 ]' - "$conns"
check "paging followed over HTTP/2 (a nextLink page was read)" grep -qi 'skiptoken' "$TMP/h2.log"
same_findings "$TMP/h1.json" "$TMP/h2.json" >"$TMP/cmp.out"
check "the same findings, finding for finding, as over HTTP/1.1" grep -qx same "$TMP/cmp.out"

# A front end that ends each connection with GOAWAY after 5 streams and
# allows 3 at once: irscan opens new connections and loses nothing.
start_h2 goaway --frontend-max-requests=5 --frontend-http2-max-concurrent-streams=3
BASE=https://127.0.0.1:$H2_PORT
scan -s "$SUBS" --ca-bundle "$CA_PEM" --concurrency 16 -o json:"$TMP/goaway.json"
check "GOAWAY after 5 streams: the scan still ends as over HTTP/1.1 (exit $H1_RC)" \
	sh -c '[ "$1" = "$2" ]' - "$RC" "$H1_RC"
sleep 0.3
conns=$(awk '{ print $3 }' "$TMP/goaway.log" | sort -u | wc -l)
reqs=$(wc -l <"$TMP/goaway.log")
check "... over new connections ($reqs requests on $conns connections, all h2)" \
	sh -c '[ "$1" -ge 4 ] && ! grep -v "^h2 HTTP/2 " "$2"' - "$conns" "$TMP/goaway.log"
same_findings "$TMP/h1.json" "$TMP/goaway.json" >"$TMP/cmp.out"
check "... and the same findings" grep -qx same "$TMP/cmp.out"
finish
