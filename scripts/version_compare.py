#!/usr/bin/env python3
"""version_compare.py OLD_AB_DIR NEW_AB_DIR [METRIC...] - did a new version of the series lose what an old one gained?

Issue 20: "no performance lost against v1: the hash-index, batching and
workers matrices on v2 within the harness noise of v1's figures".  Each
A/B measures stock and the series in the same run; runs of different
days are compared through that ratio only (the series over stock, oriented
so > 1 is better), never through absolute figures.

For every case both runs have, and each METRIC (default
pages_per_ksmd_cpu_second): the old run's ratio of medians and the new
one's, each with its bootstrap 95% interval over its boots
(ab_summary.ratio_ci: each kernel's boots resampled on their own), and
new over old.  "lost" when the new interval lies wholly below the old
one, "gained" when wholly above, "within noise" when they overlap.  Cases
a kernel skipped (knob variants, stock) have no ratio and are left out.

Prints a markdown table (between GENERATED markers in results/README.md).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (the bootstrap of every interval)
import run_summary  # noqa: E402


def ratios(ab_dir, metric):
    """{case: (ratio, ci)} of one A/B's summary.json"""
    with open(os.path.join(ab_dir, "summary.json")) as f:
        rows = json.load(f)["rows"]
    out = {}
    for r in rows:
        if r["metric"] != metric or not r.get("stock") or not r.get("patched"):
            continue
        s, p = r["stock"]["median"], r["patched"]["median"]
        if not s or not p:
            continue
        hib = r["higher_is_better"]
        num, den = (r["patched"]["samples"], r["stock"]["samples"]) if hib else \
            (r["stock"]["samples"], r["patched"]["samples"])
        out[r["case"]] = (p / s if hib else s / p,
                          ab_summary.ratio_ci(num, den, ("patched", "stock") if hib else ("stock", "patched")))
    return out


def verdict(old_ci, new_ci):
    if not old_ci or not new_ci:
        return "n/a"
    if new_ci[1] < old_ci[0]:
        return "**lost**"
    if new_ci[0] > old_ci[1]:
        return "gained"
    return "within noise"


def fmt(ratio, ci):
    return "%.2f [%.2f, %.2f]" % (ratio, ci[0], ci[1]) if ci else "%.2f" % ratio


def main():
    if len(sys.argv) < 3 or not all(os.path.isfile(os.path.join(d, "summary.json")) for d in sys.argv[1:3]):
        print("version_compare.py: usage: version_compare.py OLD_AB_DIR NEW_AB_DIR [METRIC...]",
              file=sys.stderr)
        return 2
    old_dir, new_dir = sys.argv[1:3]
    metrics = sys.argv[3:] or ["pages_per_ksmd_cpu_second"]
    lines = []
    for m in metrics:
        old, new = ratios(old_dir, m), ratios(new_dir, m)
        for case in sorted(set(old) & set(new)):
            (ro, co), (rn, cn) = old[case], new[case]
            lines.append("| %s | %s | %s | %s | %.2f | %s |" % (
                case, m, fmt(ro, co), fmt(rn, cn), rn / ro, verdict(co, cn)))
    return run_summary.print_table(
        "version_compare.py", ("case", "metric", "old: series / stock [95% CI]", "new", "new / old", "verdict"),
        lines, "the two runs have no case with a ratio in common")


if __name__ == "__main__":
    sys.exit(main())
