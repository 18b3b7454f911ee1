#!/bin/sh
# Tests of scripts/version_compare.py on made-up A/B summaries of two
# versions: each run's series-over-stock ratio with its bootstrap
# interval, new over old, lost / gained / within noise from the intervals,
# a lower-is-better metric oriented so > 1 is better, cases only one run
# has (or without a stock figure) left out; bad arguments exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

P=pages_per_ksmd_cpu_second
fake_summary "$tmp/old" "a:$P:10,10,10:20,20,20" "b:$P:10,10,10:20,21,19" "c:$P:10,10,10:20,20,20" \
	"only-old:$P:1,1:2,2" "knob-b1:$P::5,5"
fake_summary "$tmp/new" "a:$P:10,10,10:10,10,10" "b:$P:10,10,10:21,20,19" "c:$P:10,10,10:30,30,30" \
	"only-new:$P:1,1:2,2" "knob-b1:$P::5,5"
if python3 scripts/version_compare.py "$tmp/old" "$tmp/new" >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF "| a | $P | 2.00 [2.00, 2.00] | 1.00 [1.00, 1.00] | 0.50 | **lost** |" "$tmp/out" &&
	grep -q "^| b | $P | 2.00 \[1.90, 2.10\] | 2.00 \[1.90, 2.10\] | 1.00 | within noise |$" "$tmp/out" &&
	grep -qxF "| c | $P | 2.00 [2.00, 2.00] | 3.00 [3.00, 3.00] | 1.50 | gained |" "$tmp/out" &&
	[ "$(grep -c '^| [a-z]' "$tmp/out")" = 4 ]; then
	ok "ratios of two runs, their intervals, lost / gained / within noise; unmatched cases left out"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "ratios of two runs, their intervals, lost / gained / within noise; unmatched cases left out"
fi
python3 - "$tmp/old/summary.json" "$tmp/new/summary.json" <<'PY'
import json, sys
for f, s, p in ((sys.argv[1], [4, 4, 4], [2, 2, 2]), (sys.argv[2], [4, 4, 4], [1, 1, 1])):
    d = json.load(open(f))
    d["rows"] = [{"case": "ipis", "metric": "tlb_ipis", "higher_is_better": False,
                  "stock": {"median": s[0], "n": 3, "samples": s}, "patched": {"median": p[0], "n": 3, "samples": p}}]
    json.dump(d, open(f, "w"))
PY
if python3 scripts/version_compare.py "$tmp/old" "$tmp/new" tlb_ipis >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF "| ipis | tlb_ipis | 2.00 [2.00, 2.00] | 4.00 [4.00, 4.00] | 2.00 | gained |" "$tmp/out"; then
	ok "a lower-is-better metric is oriented so > 1 is better"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "a lower-is-better metric is oriented so > 1 is better"
fi
usage_error scripts/version_compare.py version_compare.py "$tmp/old"
usage_error scripts/version_compare.py version_compare.py "$tmp/old $tmp/nosuchdir"
tap_done
