#!/bin/sh
# scripts/ab_summary.py's bootstrap confidence intervals on made-up A/B
# directories.  A case whose stock boots all measure 100 and whose patched
# boots measure 100, 200, ..., 900 has the ratio of medians 5; the
# bootstrap distribution of a median of 9 resampled boots is known exactly
# (the 5th order statistic of 9 draws: P(median <= k*100) = P(Binomial(9,
# k/9) >= 5) = 0.0304 at k=2, 0.0015 at k=1, 0.9696 at k=7, 0.9986 at k=8),
# so its 95% percentile interval is [2, 8]: not the samples' range [1, 9],
# not a bootstrap of means.  Lower-is-better rows invert it; the interval
# is the same on every run (fixed seed); fewer than 2 boots: no interval;
# every sample keeps the boot it came from.  TAP.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# abdir DIR CASE "STOCK..." "PATCHED...": one merge_throughput case whose
# pages_per_ksmd_cpu_second and seconds are the values, boot by boot
abdir() {
	python3 - "$@" <<'PY'
import json, os, sys
out, case, stock, patched = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "ab.txt"), "w") as f:
    f.write("series_sha256: 0123456789abcdef\n")
for k, vals in (("stock", stock), ("patched", patched)):
    for rep, v in enumerate(vals, 1):
        os.makedirs(os.path.join(out, "raw", f"{k}-r{rep}"), exist_ok=True)
        d = {"benchmark": "merge_throughput", "env": {"kernel_release": k, "virt": "fake"},
             "params": {"profile": "zipf", "size_mib": 64},
             "result": {"converged": True, "integrity_errors": 0, "pages_sharing": 1000,
                        "pages_per_ksmd_cpu_second": float(v), "seconds": float(v)}}
        json.dump(d, open(os.path.join(out, "raw", f"{k}-r{rep}", case + ".json"), "w"))
PY
}
row() { jget "$1/summary.json" "[(r['ratio'], r['ci95']) for r in d['rows'] if r['metric'] == '$2']"; }

abdir "$tmp/a" c "100 100 100 100 100 100 100 100 100" "100 200 300 400 500 600 700 800 900"
if python3 scripts/ab_summary.py "$tmp/a" >"$tmp/out" 2>&1 &&
	[ "$(row "$tmp/a" pages_per_ksmd_cpu_second)" = "[(5.0, [2.0, 8.0])]" ] &&
	[ "$(row "$tmp/a" seconds)" = "[(0.2, [0.125, 0.5])]" ] &&
	grep -q 'pages_per_ksmd_cpu_second .* 5.000 \[2.000-8.000\]' "$tmp/out"; then
	ok "95% interval of the ratio of medians: the exact bootstrap quantiles [2, 8], inverted for lower-is-better"
else
	diag "$(cat "$tmp/out")" "$(row "$tmp/a" pages_per_ksmd_cpu_second)" "$(row "$tmp/a" seconds)"
	not_ok "95% interval of the ratio of medians: the exact bootstrap quantiles [2, 8], inverted for lower-is-better"
fi
# the same samples again, boots in another order: the same interval
cp "$tmp/a/summary.json" "$tmp/first.json"
abdir "$tmp/b" c "100 100 100 100 100 100 100 100 100" "900 800 700 600 500 400 300 200 100"
abdir "$tmp/c" c "90 100 110 120 130" "200 260 240 300 280"
python3 scripts/ab_summary.py "$tmp/a" >/dev/null 2>&1
python3 scripts/ab_summary.py "$tmp/c" >/dev/null 2>&1
cp "$tmp/c/summary.json" "$tmp/c1.json"
if cmp -s "$tmp/first.json" "$tmp/a/summary.json" &&
	PYTHONHASHSEED=7 python3 scripts/ab_summary.py "$tmp/c" >/dev/null 2>&1 &&
	cmp -s "$tmp/c1.json" "$tmp/c/summary.json" &&
	python3 scripts/ab_summary.py "$tmp/b" >/dev/null 2>&1 &&
	[ "$(row "$tmp/b" pages_per_ksmd_cpu_second)" = "[(5.0, [2.0, 8.0])]" ] &&
	jget "$tmp/c/summary.json" '(lambda r: abs(r["ratio"] - 26 / 11) < 1e-12 and 2 / 1.3 <= r["ci95"][0] < 26 / 11 < r["ci95"][1] <= 3 / 0.9)(
 [r for r in d["rows"] if r["metric"] == "pages_per_ksmd_cpu_second"][0])' | grep -qx True; then
	ok "the interval is reproducible (fixed seed), and brackets the ratio within the samples' extremes"
else
	diag "$(row "$tmp/c" pages_per_ksmd_cpu_second)"
	not_ok "the interval is reproducible (fixed seed), and brackets the ratio within the samples' extremes"
fi
abdir "$tmp/d" c "100" "200 300"
if python3 scripts/ab_summary.py "$tmp/d" >/dev/null 2>&1 &&
	[ "$(row "$tmp/d" pages_per_ksmd_cpu_second)" = "[(2.5, None)]" ] &&
	[ "$(jget "$tmp/a/summary.json" '(d["bootstrap"]["resamples"], d["bootstrap"]["level"],
 [r["patched"]["reps"] for r in d["rows"] if r["metric"] == "seconds"][0])')" = \
	"(10000, 0.95, [1, 2, 3, 4, 5, 6, 7, 8, 9])" ]; then
	ok "one boot on a side: no interval; the method and each sample's boot are in summary.json"
else
	diag "$(row "$tmp/d" pages_per_ksmd_cpu_second)"
	not_ok "one boot on a side: no interval; the method and each sample's boot are in summary.json"
fi
tap_done
