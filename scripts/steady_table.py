#!/usr/bin/env python3
"""steady_table.py AB_DIR - the steady state: stock, one worker, the default.

A kernel/ab/steady-state.matrix run has NAME (the series' default
workers, stock's one ksmd) and NAME-w1 (the series with workers=1).  For
each NAME with a NAME-w1 case: rescanned pages per ksmd CPU-second (what
the scan costs) and per wall-clock second (how soon a scan is done),
stock's median, the series' with one worker and with its default, and
each over stock with its bootstrap 95% interval (stock and the series ran
in different boots: resampled apart, ab_summary.ratio_ci).

Prints a markdown table (between GENERATED markers in results/README.md
and the cover letter).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (the bootstrap of every interval)
import run_summary  # noqa: E402

METRICS = (("rescans.pages_per_ksmd_cpu_second", "pages/ksmd CPU-s"),
           ("rescans.pages_per_second", "pages/wall-s"))


def cell(stat):
    return "%.0f" % stat["median"] if stat else "-"


def over(num, den):
    if not num or not den:
        return "-"
    ci = ab_summary.ratio_ci(num["samples"], den["samples"], ("patched", "stock"))
    cis = " [%.2f, %.2f]" % tuple(ci) if ci else ""
    return "%.2f%s" % (num["median"] / den["median"], cis)


def main():
    s = run_summary.load("steady_table.py", "a kernel/ab.sh run of steady-state.matrix")
    if s is None:
        return 2
    by = {(r["case"], r["metric"]): r for r in s["rows"]}
    names = sorted({c[:-3] for c, _ in by if c.endswith("-w1")})
    if not names:
        print("steady_table.py: no NAME / NAME-w1 cases in this run", file=sys.stderr)
        return 2
    print("| case | metric | stock | series, 1 worker | series, default | 1 worker / stock [95% CI] "
          "| default / stock [95% CI] |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in names:
        for metric, unit in METRICS:
            d, w1 = by.get((name, metric)), by.get((name + "-w1", metric))
            if not d or not w1:
                continue
            stock, dflt, one = d.get("stock"), d.get("patched"), w1.get("patched")
            print("| %s | %s | %s | %s | %s | %s | %s |" % (
                name, unit, cell(stock), cell(one), cell(dflt), over(one, stock), over(dflt, stock)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
