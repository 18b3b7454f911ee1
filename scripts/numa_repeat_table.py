#!/usr/bin/env python3
"""numa_repeat_table.py DIR... - the numa-repeat plan's runs as a table.

Each DIR is a kernel/run-guest.sh output of kernel/guest/plans/numa-repeat.sh
(run.env, results/plan.log, results/trace-N.txt).  A row per DIR: the kernel,
its series, how many of the runs of ksm_tests -N -m 1 passed, and for the
runs how many full scans ended between the first one (after the first
page's madvise) and the second page's first rmap_item (ksm_stop_scan's
"rmap size 2"): the test madvises the second page as soon as it has seen
two; more means its madvise came late, and smart scan (6.7+) ages the
first page a step per scan.  Medians and maxima, failed runs apart.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stress_table import env_of  # noqa: E402  (run.env's key=value pairs)

STOP = re.compile(r"\s(\d+\.\d+): ksm_stop_scan: seq \d+ rmap size (\d+)")
PLAN = re.compile(r"^(ok|not ok) \d+ numa merge (\d+)")


def scans_before_second(trace):
    """Full scans ended before the second page's first rmap_item, and the
    microseconds from the first scan's end to that scan's end."""
    n, first = 0, None
    with open(trace) as f:
        for line in f:
            m = STOP.search(line)
            if not m:
                continue
            t, size = float(m.group(1)), int(m.group(2))
            if first is None:
                first = t
            if size >= 2:
                return n, (t - first) * 1e6
            n += 1
    return None, None


def cell(xs):
    if not xs:
        return "-"
    return "%d (max %d)" % (statistics.median(xs), max(xs))


def main():
    if len(sys.argv) < 2:
        print("usage: numa_repeat_table.py DIR...", file=sys.stderr)
        return 2
    print("| run | kernel | series | passed | scans before the 2nd page, passed runs | the same, failed runs | µs from the 1st scan to the 2nd page, failed runs |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for d in sys.argv[1:]:
        env = env_of(os.path.join(d, "run.env"))
        res = os.path.join(d, "results")
        verdicts = {}
        with open(os.path.join(res, "plan.log")) as f:
            for line in f:
                m = PLAN.match(line)
                if m:
                    verdicts[int(m.group(2))] = m.group(1) == "ok"
        passed, failed, failed_us = [], [], []
        for i, ok in sorted(verdicts.items()):
            n, us = scans_before_second(os.path.join(res, "trace-%d.txt" % i))
            if n is None:
                continue
            (passed if ok else failed).append(n)
            if not ok:
                failed_us.append(us)
        sha = env.get("series_sha256", "")
        sha = "" if sha == "stock" else sha
        print("| `%s` | %s %s | %s | %d of %d | %s | %s | %s |" % (
            os.path.basename(os.path.normpath(d)), env.get("kernel", "?"), env.get("base", "?"),
            (sha[:8] + "…") if sha else "-", sum(verdicts.values()), len(verdicts),
            cell(passed), cell(failed), cell([round(u) for u in failed_us])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
