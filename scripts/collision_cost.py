#!/usr/bin/env python3
"""collision_cost.py AB_DIR - what planted colliding pages cost ksmd.

An A/B of kernel/ab/collisions.matrix has, for every attack case
(NAME-seed0, NAME-seedind, ...-singles), a control case with the same
pages planted but colliding with nothing (the kind replaced by "control").
Per kernel and run, the cost of a case is ksmd CPU-seconds per merged page,
over the whole run (all three phases: sum of ksmd_cpu_seconds over
total_pages_sharing) and over phase 3 alone (the new copies of the targets,
whose lookups the planted pages are in the way of).  For each attack case
and kernel: the median cost over the runs, divided by the control's median,
with the range of the per-run ratios (runs paired by repetition).  Issue 19
asks for <= 2x on the series ("met" only if every paired ratio is).

Writes AB_DIR/collision_cost.json and prints a table.  Runs that did not
converge exactly are listed, not costed.
"""
import glob
import json
import os
import re
import statistics
import sys

LIMIT = 2.0
KINDS = ("seed0", "seedind")


def cost(d):
    """(whole run, phase 3) ksmd CPU-seconds per merged page, or None"""
    c = d.get("collisions")
    if not c or not c.get("converged"):
        return None
    ph = c["phases"]
    cpu = sum(p["ksmd_cpu_seconds"] for p in ph.values())
    p3 = ph["extra"]["pages_sharing"] - ph["plant"]["pages_sharing"]
    if c["total_pages_sharing"] <= 0 or p3 <= 0:
        return None
    return cpu / c["total_pages_sharing"], ph["extra"]["ksmd_cpu_seconds"] / p3


def control_of(case):
    for k in KINDS:
        m = re.fullmatch(r"(.*)-%s(-.*)?" % k, case)
        if m:
            return "%s-control%s" % (m.group(1), m.group(2) or "")
    return None


def main():
    if len(sys.argv) != 2 or not os.path.isdir(os.path.join(sys.argv[1], "raw")):
        print("collision_cost.py: usage: collision_cost.py AB_DIR (a kernel/ab.sh output directory)",
              file=sys.stderr)
        return 2
    ab = sys.argv[1]
    runs = {}  # kernel -> rep -> case -> json
    for f in sorted(glob.glob(os.path.join(ab, "raw", "*-r*", "*.json"))):
        kernel, rep = os.path.basename(os.path.dirname(f)).rsplit("-r", 1)
        with open(f) as fh:
            d = json.load(fh)
        if "collisions" in d:
            runs.setdefault(kernel, {}).setdefault(int(rep), {})[
                os.path.basename(f)[:-5]] = d
    rows, failed = [], []
    for kernel in sorted(runs):
        reps = runs[kernel]
        cases = sorted({c for r in reps.values() for c in r})
        for rep, r in sorted(reps.items()):
            failed += [{"kernel": kernel, "rep": rep, "case": c}
                       for c, d in sorted(r.items()) if cost(d) is None]
        for case in cases:
            ctl = control_of(case)
            if not ctl or ctl not in cases:
                continue
            row = {"kernel": kernel, "case": case, "control": ctl}
            for i, part in enumerate(("whole_run", "phase3")):
                a = {rep: cost(r[case])[i] for rep, r in reps.items()
                     if case in r and cost(r[case])}
                b = {rep: cost(r[ctl])[i] for rep, r in reps.items()
                     if ctl in r and cost(r[ctl])}
                paired = [a[k] / b[k] for k in sorted(a) if k in b and b[k] > 0]
                if not a or not b or not paired:
                    row[part] = None
                    continue
                ratio = statistics.median(a.values()) / statistics.median(b.values())
                row[part] = {"attack_samples": [a[k] for k in sorted(a)],
                             "control_samples": [b[k] for k in sorted(b)],
                             "ratio": ratio, "paired_min": min(paired),
                             "paired_max": max(paired), "n": len(paired),
                             "met": max(paired) <= LIMIT}
            rows.append(row)
    out = {"limit": LIMIT, "unit": "ksmd CPU-seconds per merged page",
           "rows": rows, "not_converged": failed}
    with open(os.path.join(ab, "collision_cost.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print("| kernel | case (over its control) | ksmd CPU per merged page, whole run |"
          " phase 3 (new copies of the targets) | runs |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        cells = []
        for part in ("whole_run", "phase3"):
            x = r[part]
            cells.append("n/a" if x is None else "%.2fx [%.2f-%.2f] %s" % (
                x["ratio"], x["paired_min"], x["paired_max"],
                "met" if x["met"] else "**MISSED**"))
        n = r["phase3"]["n"] if r["phase3"] else 0
        print("| %s | %s (%s) | %s | %s | %d |" % (r["kernel"], r["case"], r["control"],
                                              cells[0], cells[1], n))
    print()
    print("Ratio of medians, [range of the ratios paired by repetition]; met: every"
          " paired ratio <= %gx." % LIMIT)
    for f in failed:
        print("Not converged (not costed): %(kernel)s r%(rep)d %(case)s." % f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
