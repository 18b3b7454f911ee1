#!/bin/sh
# End-to-end tests of xxhash_bound: a short run writes the JSON contract
# (pages hashed, passes, pages per second consistent with them), with one
# thread and with two, and bad
# input exits 2 with a message.
#
# usage: tests/e2e/test_xxhash_bound.sh [BINARY]   (default bin/xxhash_bound)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

XB=${1:-bin/xxhash_bound}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if "$XB" --size-mib 4 --seconds 1 -q --json "$tmp/x.json" 2>"$tmp/x.err" &&
	[ "$(jget "$tmp/x.json" '
d["benchmark"] == "xxhash_bound" and all(k in d for k in ("env", "params", "result"))
and d["params"]["size_mib"] == 4 and d["params"]["threads"] == 1
and d["result"]["passes"] >= 1
and d["result"]["pages_hashed"] == d["result"]["passes"] * 4 * 2**20 // d["params"]["page_size"]
and d["result"]["seconds"] >= 1
and abs(d["result"]["pages_per_second"] * d["result"]["seconds"] - d["result"]["pages_hashed"]) < 1')" = True ]; then
	ok "a 1 s run over 4 MiB: pages hashed = passes x pages, rate consistent"
else
	diag "$(cat "$tmp/x.err")"
	not_ok "a 1 s run over 4 MiB: pages hashed = passes x pages, rate consistent"
fi
# two threads: each hashes its own 4 MiB; the totals add up over both
if "$XB" --size-mib 4 --seconds 1 --threads 2 -q --json "$tmp/t.json" 2>"$tmp/t.err" &&
	[ "$(jget "$tmp/t.json" '
d["params"]["threads"] == 2 and d["result"]["passes"] >= 2
and d["result"]["pages_hashed"] == d["result"]["passes"] * 4 * 2**20 // d["params"]["page_size"]
and abs(d["result"]["pages_per_second"] * d["result"]["seconds"] - d["result"]["pages_hashed"]) < 1
and abs(2 * d["result"]["pages_per_second_per_thread"] - d["result"]["pages_per_second"]) < 1')" = True ]; then
	ok "--threads 2: both threads' pages counted, rate per thread half the total"
else
	diag "$(cat "$tmp/t.err")"
	not_ok "--threads 2: both threads' pages counted, rate per thread half the total"
fi
# every other hash: the same contract, the hash named in params and summary
for h in nh siphash24 siphash13; do
	if "$XB" --size-mib 1 --seconds 1 --hash "$h" --json "$tmp/$h.json" 2>"$tmp/$h.err" &&
		grep -q "xxhash_bound: $h:" "$tmp/$h.err" &&
		[ "$(jget "$tmp/$h.json" "d['params']['hash'] == '$h' and d['result']['pages_hashed'] == d['result']['passes'] * 2**20 // d['params']['page_size']")" = True ]; then
		ok "--hash $h: JSON and summary name it, pages counted"
	else
		diag "$(cat "$tmp/$h.err")"
		not_ok "--hash $h: JSON and summary name it, pages counted"
	fi
done
"$XB" --seconds 1 --size-mib 1 2>"$tmp/s.err" >/dev/null &&
	grep -q 'pages/s' "$tmp/s.err" && ok "summary on stderr" || not_ok "summary on stderr"
for bad in "--seconds 0" "--size-mib x" "--threads 0" "--threads 257" "--bogus" "extra" "--json" \
	"--hash md5" "--hash" "--seconds 30 --json /nonexistent/dir/out.json"; do
	usage_error "$XB" xxhash_bound "$bad"
done
"$XB" --help >/dev/null && ok "--help exits 0" || not_ok "--help exits 0"
tap_done
