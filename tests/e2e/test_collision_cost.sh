#!/bin/sh
# Tests of scripts/collision_cost.py on a made-up A/B directory: two
# kernels, two repetitions, each attack case paired with its control by
# name; the ratios of median costs, the paired range, "met" only when every
# paired ratio is <= 2, runs that did not converge listed and not costed,
# and a directory that is not an A/B refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run KERNEL REP CASE CPU3 [CONVERGED]: a collisions JSON whose phases cost
# 1 s + 1 s + CPU3 s of ksmd for 1000 pages_sharing in all, 100 in phase 3
run() {
	mkdir -p "$tmp/ab/raw/$1-r$2"
	python3 -c 'import json, sys
k, rep, case, cpu3, conv = sys.argv[1:6]
ph = {"profile": {"ksmd_cpu_seconds": 1.0, "pages_sharing": 800},
      "plant": {"ksmd_cpu_seconds": 1.0, "pages_sharing": 900},
      "extra": {"ksmd_cpu_seconds": float(cpu3), "pages_sharing": 1000}}
json.dump({"collisions": {"converged": conv == "1", "phases": ph,
                          "total_pages_sharing": 1000}}, open(sys.argv[6], "w"))' \
		"$1" "$2" "$3" "$4" "${5:-1}" "$tmp/ab/raw/$1-r$2/$3.json"
}
for rep in 1 2; do
	run patched $rep zipf-control 1
	run patched $rep zipf-seed0 1.5
	run patched $rep zipf-control-singles 1
	run patched $rep zipf-seed0-singles $((rep + 1))	# 2 and 3: one pair over 2x
	run stock $rep zipf-control 1
	run stock $rep zipf-seedind 4
done
run stock 2 zipf-seed0 1 0	# not converged: listed, its row not costed
if python3 scripts/collision_cost.py "$tmp/ab" >"$tmp/out" 2>"$tmp/err" &&
	[ "$(jget "$tmp/ab/collision_cost.json" '
{(r["kernel"], r["case"]): (r["control"], round(r["phase3"]["ratio"], 6),
  round(r["whole_run"]["ratio"], 6), r["phase3"]["met"], r["phase3"]["n"])
 for r in d["rows"] if r["phase3"]} == {
 ("patched", "zipf-seed0"): ("zipf-control", 1.5, round(3.5 / 3, 6), True, 2),
 ("patched", "zipf-seed0-singles"): ("zipf-control-singles", 2.5, round(4.5 / 3, 6), False, 2),
 ("stock", "zipf-seedind"): ("zipf-control", 4.0, 2.0, False, 2)}
and [r["whole_run"] for r in d["rows"] if r["case"] == "zipf-seed0" and r["kernel"] == "stock"] == [None]
and d["not_converged"] == [{"kernel": "stock", "rep": 2, "case": "zipf-seed0"}]
and d["limit"] == 2.0')" = True ] && grep -q MISSED "$tmp/out" && grep -q 'met' "$tmp/out"; then
	ok "ratios of medians per kernel, paired range, met only if every pair <= 2x, failures listed"
else
	diag "$(cat "$tmp/out" "$tmp/err")" "$(cat "$tmp/ab/collision_cost.json" 2>/dev/null)"
	not_ok "ratios of medians per kernel, paired range, met only if every pair <= 2x, failures listed"
fi
usage_error scripts/collision_cost.py collision_cost.py "$tmp"
tap_done
