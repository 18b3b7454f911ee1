#!/usr/bin/env python3
"""profile_table.py AB_DIR CASE [SYMBOL...] - ksmd's profile of one case, both kernels.

AB_DIR is a kernel/ab.sh directory run with --perf: raw/<kernel>-r<N>/
CASE.perf.txt holds perf report --stdio --sort symbol --no-children of
ksmd's threads during CASE.  Prints a markdown table (results/README.md
carries it between BEGIN/END GENERATED markers): per symbol its share of
ksmd's samples on each kernel, the median over the boots (with the range
when there are several).  The symbols are those named, else the 8 largest
on either kernel (by the larger median share), largest first.  A symbol
missing from a boot's profile counts 0 there.
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (the kernels, in their order)

TOP = 8


def symbols(path):
    """{symbol: percent of ksmd's samples} of one NAME.perf.txt"""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[0].endswith("%") and parts[1].startswith("["):
                out[parts[2]] = out.get(parts[2], 0.0) + float(parts[0][:-1])
    return out


def profiles(ab_dir, case):
    """{kernel: [symbols of each boot]}"""
    out = {}
    for path in sorted(glob.glob(os.path.join(ab_dir, "raw", "*-r*", case + ".perf.txt"))):
        m = re.fullmatch(r"(.+)-r\d+", os.path.basename(os.path.dirname(path)))
        if m:
            out.setdefault(m.group(1), []).append(symbols(path))
    return out


def cell(values):
    med = statistics.median(values)
    if len(values) < 2:
        return f"{med:.1f}%"
    return f"{med:.1f}% ({min(values):.1f}-{max(values):.1f})"


def main():
    if len(sys.argv) < 3 or not os.path.isdir(sys.argv[1]):
        print("profile_table.py: usage: profile_table.py AB_DIR CASE [SYMBOL...]", file=sys.stderr)
        return 2
    ab_dir, case, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
    by_kernel = profiles(ab_dir, case)
    kernels = [k for k in ab_summary.KERNELS if k in by_kernel] + \
        sorted(k for k in by_kernel if k not in ab_summary.KERNELS)
    if not kernels:
        print(f"profile_table.py: no raw/*-r*/{case}.perf.txt in {ab_dir} (run with --perf)",
              file=sys.stderr)
        return 2

    def share(kernel, sym):
        return [p.get(sym, 0.0) for p in by_kernel[kernel]]
    if not wanted:
        every = {s for k in kernels for p in by_kernel[k] for s in p}
        wanted = sorted(every, key=lambda s: (-max(statistics.median(share(k, s))
                                                    for k in kernels), s))[:TOP]
    print("| symbol | " + " | ".join(f"{k}, % of ksmd's samples ({len(by_kernel[k])} boot"
                                     f"{'s' if len(by_kernel[k]) > 1 else ''})"
                                     for k in kernels) + " |")
    print("| --- |" + " --- |" * len(kernels))
    for sym in wanted:
        print(f"| `{sym}` | " + " | ".join(cell(share(k, sym)) for k in kernels) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
