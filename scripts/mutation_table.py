#!/usr/bin/env python3
"""mutation_table.py DIR - the markdown table of a `make mutation-test` run.

Reads DIR/summary.json (kernel/mutation-test.sh) and prints one row per
mutation (the test that must catch it, caught or MISSED, what it saw) and
one per control (the test on a kernel without the mutation, passed or
FAILED), then the series it ran on.  results/README.md carries its output
between markers, so the table is the data's.
"""
import sys

import run_summary


def cell(text):
    """@text on one table cell: whitespace runs (the kernel log's CRs) one space"""
    return " ".join(str(text).split()).replace("|", "\\|")


def main():
    d = run_summary.load("mutation_table.py", "a mutation-test run")
    if d is None:
        return 2
    print("| kernel | test | verdict | what it saw |")
    print("| --- | --- | --- | --- |")
    for m in d.get("mutations", []):
        print("| patched + `%s.patch` | %s | %s | %s |" % (
            m["name"], cell(m["test"]), "caught" if m["caught"] else "**MISSED**",
            cell(m["detail"])))
    for c in d.get("controls", []):
        print("| %s | %s | %s | %s |" % (
            c["kernel"], cell(c["test"]), "passed" if c["passed"] else "**FAILED**",
            cell(c["detail"])))
    env = d.get("env", {})
    print()
    print("Series %s, linux-source %s, %s." % (
        env.get("series_sha256", "?")[:12] + "…", env.get("linux_source", "?"), env.get("date", "?")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
