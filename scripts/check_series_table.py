#!/usr/bin/env python3
"""check_series_table.py DIR - the markdown table of a `make check-series` run.

Reads DIR/summary.json (kernel/check-series.sh) and prints one row per
prefix of the series: its last patch, the lines of mm/ksm.c that patch
changes, whether the prefix built and booted, the vm-test plan's passed
over total, checkpatch --strict's verdict; then the largest patch, whether
every prefix passed, and the series it ran on.  results/README.md carries
its output between markers, so the table is the data's.
"""
import sys

import run_summary


def yes(flag):
    return "yes" if flag else "**no**"


def main():
    d = run_summary.load("check_series_table.py", "a check-series run")
    if d is None:
        return 2
    rows = d.get("patches", [])
    print("| # | patch | mm/ksm.c lines | builds | boots | vm-test | checkpatch --strict |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        name = r["name"].split("-", 1)[-1].rsplit(".patch", 1)[0]
        passed, total = r["vm_test"].split("/")
        vm = r["vm_test"] if passed == total != "0" else "**%s**" % r["vm_test"]
        print("| %d | %s | %d | %s | %s | %s | %s |" % (
            r["n"], name, r["ksm_c_lines_changed"], yes(r["builds"]), yes(r["boots"]), vm,
            r["checkpatch"] if r["checkpatch"] == "clean" else "**%s**" % r["checkpatch"]))
    env = d.get("env", {})
    print()
    if rows:
        big = max(rows, key=lambda r: r["ksm_c_lines_changed"])
        print("%d prefixes, %s; the largest patch changes %d lines of mm/ksm.c (%d)." % (
            len(rows), "every one passed" if all(r["ok"] for r in rows)
            else "**%d failed**" % sum(not r["ok"] for r in rows),
            big["ksm_c_lines_changed"], big["n"]))
    print("Series %s, linux-source %s, %s." % (
        env.get("series_sha256", "?")[:12] + "…", env.get("linux_source", "?"),
        env.get("date", "?")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
