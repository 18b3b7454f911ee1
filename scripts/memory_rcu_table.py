#!/usr/bin/env python3
"""memory_rcu_table.py AB_DIR - what the series' indexes cost in kernel memory, and what run=2 does to RCU.

Issue 20 item 6.  From the summary.json of an A/B of
kernel/ab/memcost.matrix (memory.* rows of merge_throughput) or of
kernel/ab/rcu-unmerge.matrix (unmerge.* rows, merge_throughput
--unmerge-cost), for every case and metric it has: stock's and the
series' medians over the boots (min-max), and what the series adds.

memory (KiB converted to bytes per unshared page where every page ended
unshared, the unique profile; else MiB grown from the pages written to
the end of the run):
  slab/page, vmalloc/page, peak vmalloc/page   SUnreclaim and VmallocUsed
      per unshared page at the end, and vmalloc at its highest (a resize
      holds two tables); the series' minus stock's is what its indexes
      cost per page
  slab MiB, vmalloc MiB   grown by the end of a run whose pages merged

run=2 (--unmerge-cost, writing run=2 once every page merged):
  write s        the write's wall time (it unmerges every page)
  call_rcu       call_rcu() calls from the write until slab settled
  RCU softirqs   RCU softirqs meanwhile
  slab left MiB  SUnreclaim still to be freed when the write returned
                 (at return minus settled): what RCU had yet to free
  settle s       seconds after the write until slab stopped falling

Prints a markdown table (between GENERATED markers in results/README.md).
"""
import statistics
import sys

import run_summary

KIB = 1024.0
MIB = 1024.0
# (label, metric or callable on the per-boot metric dict, scale, format)
COLUMNS = (
    ("slab B/unshared page", "memory.sunreclaim_kib_per_unshared_page", KIB, "%.0f"),
    ("vmalloc B/unshared page", "memory.vmalloc_kib_per_unshared_page", KIB, "%.1f"),
    ("peak vmalloc B/unshared page", "memory.peak_vmalloc_kib_per_unshared_page", KIB, "%.1f"),
    ("slab MiB grown", "memory.sunreclaim_kib_grown", 1 / MIB, "%.1f"),
    ("vmalloc MiB grown", "memory.vmalloc_kib_grown", 1 / MIB, "%.1f"),
    ("run=2 write s", "unmerge.write_wall_s", 1, "%.2f"),
    ("run=2 call_rcu", "unmerge.call_rcu_calls", 1, "%.0f"),
    ("run=2 RCU softirqs", "unmerge.rcu_softirqs", 1, "%.0f"),
    ("run=2 slab left MiB", lambda b: b["unmerge.slab_at_return_kib"] - b["unmerge.slab_after_kib"],
     1 / MIB, "%.1f"),
    ("run=2 settle s", "unmerge.slab_settle_s", 1, "%.2f"),
)
KERNELS = ("stock", "patched")


def per_boot(rows):
    """{(case, kernel): {rep: {metric: value}}}"""
    out = {}
    for r in rows:
        for k in KERNELS:
            st = r.get(k)
            if not st:
                continue
            for rep, v in zip(st.get("reps", range(1, st["n"] + 1)), st["samples"]):
                if v is not None:
                    out.setdefault((r["case"], k), {}).setdefault(rep, {})[r["metric"]] = v
    return out


def values(boots, what, scale):
    out = []
    for b in boots.values():
        try:
            v = what(b) if callable(what) else b[what]
        except (KeyError, TypeError):
            continue
        if v is not None:
            out.append(v * scale)
    return out


def main():
    s = run_summary.load("memory_rcu_table.py", "a kernel/ab.sh run of memcost.matrix or rcu-unmerge.matrix")
    if s is None:
        return 2
    pb = per_boot(s["rows"])
    lines = []
    for case in sorted({c for c, _ in pb}):
        for label, what, scale, fmt in COLUMNS:
            v = {k: values(pb.get((case, k), {}), what, scale) for k in KERNELS}
            if not any(v.values()):
                continue
            added = "n/a"
            if v["stock"] and v["patched"]:
                added = fmt % (statistics.median(v["patched"]) - statistics.median(v["stock"]))
                if float(added) == 0:
                    added = fmt % 0  # no "-0"
                if not label.endswith("page"):
                    added = "%s (%.2fx)" % (added, statistics.median(v["patched"]) /
                                            statistics.median(v["stock"])) \
                        if statistics.median(v["stock"]) else added
            lines.append("| %s | %s | %s | %s | %s |" % (
                case, label, run_summary.median_range(v["stock"], fmt) or "n/a",
                run_summary.median_range(v["patched"], fmt) or "n/a", added))
    return run_summary.print_table(
        "memory_rcu_table.py", ("case", "figure", "stock, median (min-max)", "series", "series minus stock"),
        lines, "no memory.* or unmerge.* figures in this run")


if __name__ == "__main__":
    sys.exit(main())
