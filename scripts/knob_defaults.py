#!/usr/bin/env python3
"""knob_defaults.py AB_DIR - is a knob's default within 5% of its best fixed setting?

Issue 20 item 5: the series keeps two knobs, `workers` (sysfs) and
`merge_batch_pages` (debugfs); each must default to a setting within 5%
of the best fixed one.  In an A/B of kernel/ab/batching-knob.matrix or
workers-targets.matrix, case NAME runs the patched kernel's default and
NAME-bN / NAME-wN the same case with merge_batch_pages=N / workers=N.

For each such NAME, on the patched kernel, with the metric the knob is
judged by (batching: pages merged per ksmd CPU-second, its target's
metric; workers: pages merged per wall-clock second): the median of
every setting, the best fixed setting (the highest median; the default
is one of the settings, so the best can be the default's own value), and
default over best with a bootstrap 95% interval (ab_summary.ratio_ci,
boots resampled together: every setting ran in the same boots).
"met" when the interval's lower bound is >= 0.95, "missed" when its
upper bound is < 0.95, "inconclusive" otherwise.

Prints a markdown table (between GENERATED markers in results/README.md).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (the bootstrap of every interval)
import run_summary  # noqa: E402

WITHIN = 0.95
KNOBS = {"b": ("merge_batch_pages", "pages_per_ksmd_cpu_second", "pages/ksmd CPU-s"),
         "w": ("workers", "pages_per_second", "pages/wall-s")}


def groups(rows):
    """{(NAME, letter): {setting label: patched stat}} for every NAME with
    at least one NAME-<letter>N case, on the metric its knob is judged by"""
    by = {(r["case"], r["metric"]): r for r in rows if r.get("patched")}
    out = {}
    for (case, metric), r in by.items():
        m = re.fullmatch(r"(.*)-([bw])(\d+)", case)
        if not m or metric != KNOBS[m.group(2)][1]:
            continue
        base = by.get((m.group(1), metric))
        if base:
            g = out.setdefault((m.group(1), m.group(2)), {"default": base["patched"]})
            g[m.group(3)] = r["patched"]
    return out


def verdict(ci):
    if ci is None:
        return "inconclusive"
    return "met" if ci[0] >= WITHIN else "**missed**" if ci[1] < WITHIN else "inconclusive"


def main():
    s = run_summary.load("knob_defaults.py", "a kernel/ab.sh run with NAME and NAME-bN/-wN cases")
    if s is None:
        return 2
    g = groups(s["rows"])
    if not g:
        print("knob_defaults.py: no NAME / NAME-bN / NAME-wN cases in this run", file=sys.stderr)
        return 2
    print("| case | knob | metric | median per setting | best fixed | default / best [95% CI] | within 5% |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, letter), settings in sorted(g.items()):
        knob, _, unit = KNOBS[letter]
        fixed = {k: v for k, v in settings.items() if k != "default"}
        best = max(fixed, key=lambda k: fixed[k]["median"])
        d = settings["default"]
        ratio = d["median"] / fixed[best]["median"]
        ci = ab_summary.ratio_ci(run_summary.by_rep(d), run_summary.by_rep(fixed[best]), ("knob",))
        per = ", ".join("%s: %.0f" % (k, settings[k]["median"])
                        for k in sorted(settings, key=lambda k: (k != "default", int(k) if k.isdigit() else 0)))
        cis = "[%.2f, %.2f]" % tuple(ci) if ci else "[n/a]"
        print("| %s | %s | %s | %s | %s=%s | %.2f %s | %s |" % (
            name, knob, unit, per, knob, best, ratio, cis, verdict(ci)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
