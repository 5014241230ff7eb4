#!/bin/sh
# The multi loop: requests of all subscriptions overlap, never more than
# --concurrency at once, over reused connections.
. "$(dirname "$0")/lib.sh"

start_server tenant --latency-ms 200
# In-flight maximum from the server's view: overlapping [ts, sent_ts].
inflight='(lambda ev: max(__import__("itertools").accumulate(d for _, d in sorted(ev))))([(x["ts"], 1) for x in L if x["auth"]] + [(x["sent_ts"], -1) for x in L if x["auth"]])'

# One check: the subscription list and one read per subscription.
scan -A --checks security-contact-email --concurrency 4 -o json:-
expect_rc 1 "whole tenant with --concurrency 4"
n=$(logq "$inflight")
if [ "$n" -ge 2 ] && [ "$n" -le 4 ]; then ok "requests overlap, at most 4 in flight (saw $n)"; else not_ok "in flight" "$n"; fi
reqs=$(logq 'len([x for x in L if x["auth"]])')
conns=$(logq 'len({x["peer_port"] for x in L})')
if [ "$conns" -le 5 ] && [ "$reqs" -ge 25 ]; then ok "$reqs requests over $conns connections"; else not_ok "connection reuse" "$reqs requests, $conns connections"; fi

curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s c0000001-0000-4000-8000-000000000001,c0000002-0000-4000-8000-000000000002 --concurrency 1 -o json:-
n=$(logq "$inflight")
if [ "$n" = 1 ]; then ok "--concurrency 1 is one at a time"; else not_ok "--concurrency 1" "$n in flight"; fi

# Given subscriptions: every read can start at once: the adaptive bound
# starts at 16 and its cap, the default --concurrency, is 64.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s c0000001-0000-4000-8000-000000000001,c0000002-0000-4000-8000-000000000002,c0000003-0000-4000-8000-000000000003 \
	-s c0000004-0000-4000-8000-000000000004,c0000005-0000-4000-8000-000000000005,c0000006-0000-4000-8000-000000000006 \
	-s c0000007-0000-4000-8000-000000000007,c0000008-0000-4000-8000-000000000008,c0000009-0000-4000-8000-000000000009 \
	-s c000000a-0000-4000-8000-00000000000a,c000000b-0000-4000-8000-00000000000b,c000000c-0000-4000-8000-00000000000c \
	--checks security-contact-email -o json:-
n=$(logq "$inflight")
if [ "$n" -ge 12 ] && [ "$n" -le 64 ]; then ok "default concurrency: starts 16 at once, never over 64 (saw $n in flight)"; else not_ok "default concurrency" "$n"; fi

# --concurrency 16 is a hard cap: the adaptive bound never passes it.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -A --concurrency 16 -o json:-
n=$(logq "$inflight")
if [ "$n" -ge 8 ] && [ "$n" -le 16 ]; then ok "--concurrency 16: at most 16 in flight (saw $n)"; else not_ok "--concurrency 16" "$n in flight"; fi
expect_json 'd["scan"]["max_in_flight"] <= 16 and d["scan"]["concurrency_limit_max"] <= 16 and d["scan"]["parameters"]["concurrency"] == 16' True \
	"... and the report's in-flight figures stay within it"
finish
