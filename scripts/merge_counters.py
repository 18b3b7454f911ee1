#!/usr/bin/env python3
"""merge_counters.py AB_DIR - the series' mmu-notifier ranges and checksum lock waits, per merged page.

Issue 20 items 3 and 7.  Patch 21 counts in debugfs, and merge_throughput
reports as ksm_deltas: every mmu-notifier range a merge opened
(notifier_ranges), the pages they covered (notifier_range_pages) and the
time they stayed open (notifier_range_ns); and every time a worker found a
checksum lock taken (checksum_lock_waits) and how long it waited
(checksum_lock_wait_ns).  For each case of an A/B's summary.json that has
them (the patched kernel), per boot, then the median over the boots with
the smallest and largest:

  ranges/page    notifier ranges per merged page (pages_sharing)
  pages/range    pages a range covered (the batch's span; 1 for a pair)
  us/range       microseconds a range stayed open
  waits/1k       checksum lock waits per 1000 merged pages
  wait/ksmd CPU  the time workers waited on checksum locks over ksmd's
                 CPU time (all workers): what a lockless lookup could at
                 most give back

Prints a markdown table (between GENERATED markers in results/README.md).
"""
import sys

import run_summary

COUNTERS = ("pages_sharing", "ksmd_cpu_seconds", "ksm_deltas.notifier_ranges",
            "ksm_deltas.notifier_range_pages", "ksm_deltas.notifier_range_ns",
            "ksm_deltas.checksum_lock_waits", "ksm_deltas.checksum_lock_wait_ns")
COLUMNS = (
    ("ranges/page", lambda c: c["ksm_deltas.notifier_ranges"] / c["pages_sharing"], "%.3f"),
    ("pages/range", lambda c: c["ksm_deltas.notifier_range_pages"] / c["ksm_deltas.notifier_ranges"], "%.1f"),
    ("us/range", lambda c: c["ksm_deltas.notifier_range_ns"] / 1e3 / c["ksm_deltas.notifier_ranges"], "%.1f"),
    ("waits/1k pages", lambda c: 1e3 * c["ksm_deltas.checksum_lock_waits"] / c["pages_sharing"], "%.2f"),
    ("wait/ksmd CPU", lambda c: c["ksm_deltas.checksum_lock_wait_ns"] / 1e9 / c["ksmd_cpu_seconds"], "%.4f"),
)


def per_boot(rows):
    """{case: {rep: {counter: value}}} of the patched kernel"""
    out = {}
    for r in rows:
        if r["metric"] in COUNTERS and r.get("patched"):
            p = r["patched"]
            for rep, v in zip(p.get("reps", range(1, p["n"] + 1)), p["samples"]):
                out.setdefault(r["case"], {}).setdefault(rep, {})[r["metric"]] = v
    return out


def main():
    s = run_summary.load("merge_counters.py", "a kernel/ab.sh run on a kernel with the series' debugfs counters")
    if s is None:
        return 2
    cases = {case: [c for c in boots.values() if all(k in c for k in COUNTERS)
                    and c["pages_sharing"] and c["ksm_deltas.notifier_ranges"] and c["ksmd_cpu_seconds"]]
             for case, boots in per_boot(s["rows"]).items()}
    cases = {k: v for k, v in cases.items() if v}
    if not cases:
        print("merge_counters.py: no case with the notifier and lock-wait counters in this run",
              file=sys.stderr)
        return 2
    print("| case | boots | " + " | ".join(name for name, _, _ in COLUMNS) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in COLUMNS) + " |")
    for case, boots in sorted(cases.items()):
        print("| %s | %d | %s |" % (case, len(boots), " | ".join(
            run_summary.median_range([f(c) for c in boots], fmt) or "n/a"
            for _, f, fmt in COLUMNS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
