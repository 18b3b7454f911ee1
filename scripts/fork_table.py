#!/usr/bin/env python3
"""fork_table.py AB_DIR - the seed mail's fork race: O_DIRECT reads against fork.

A kernel/ab/odirect-fork.matrix run: odirect_latency --fork, KSM off then
on in each boot, with buffers that share a page with a neighbour's
(unaligned) and without (aligned).  For each case and kernel: corrupted
blocks over verified reads, with KSM off (fork alone) and on, all boots
summed, their rate per 10,000 reads and the range of the boots' rates, the
forks made, and the blocks found corrupted on the disk afterwards (a read
that went wrong, not a write, leaves none).

KSM adds to the fork race only if its rate with KSM on is above the range
of fork alone's; the table gives both, and says nothing itself.  Prints a
markdown table (between GENERATED markers in results/README.md).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_summary  # noqa: E402

KERNELS = ("stock", "patched")


def phase(by, case, kernel, name):
    """(corrupted, reads, forks, [per-boot rates per 10k reads]) of a phase, or None"""
    rows = [by.get((case, "phase.%s.%s" % (name, m)), {}).get(kernel)
            for m in ("corrupted_blocks", "verified_reads", "forks")]
    if not all(rows):
        return None
    bad, reads, forks = (r["samples"] for r in rows)
    rates = [1e4 * b / r for b, r in zip(bad, reads) if r]
    return sum(bad), sum(reads), sum(forks), rates


def cell(p):
    if p is None:
        return "-"
    bad, reads, _, rates = p
    rate = "%.1f" % (1e4 * bad / reads) if reads else "-"
    spread = " (%.1f-%.1f)" % (min(rates), max(rates)) if len(rates) > 1 else ""
    return "%d / %d: %s%s" % (bad, reads, rate, spread)


def main():
    s = run_summary.load("fork_table.py", "a kernel/ab.sh run of odirect-fork.matrix")
    if s is None:
        return 2
    by = {(r["case"], r["metric"]): r for r in s["rows"]}
    lines = []
    for case in sorted({c for c, m in by if m == "phase.off.forks"}):
        for kernel in KERNELS:
            off, on = phase(by, case, kernel, "off"), phase(by, case, kernel, "on")
            if off is None and on is None:
                continue
            final = by.get((case, "final_check_corrupted"), {}).get(kernel)
            lines.append("| %s | %s | %d | %s | %s | %s | %s |" % (
                case, kernel, len(off[3] if off else on[3]), cell(off), cell(on),
                " / ".join("%d" % p[2] if p else "-" for p in (off, on)),
                "%d" % sum(final["samples"]) if final else "-"))
    return run_summary.print_table(
        "fork_table.py",
        ("case", "kernel", "boots", "KSM off (fork alone): corrupted / reads: per 10k (boots)",
         "KSM on: corrupted / reads: per 10k (boots)", "forks off / on", "corrupted on disk"),
        lines, "no odirect --fork case (phase.off.forks) in this run")


if __name__ == "__main__":
    sys.exit(main())
