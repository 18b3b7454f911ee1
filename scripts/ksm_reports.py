#!/usr/bin/env python3
"""ksm_reports.py KERNEL_LOG KSM_C - which of a guest's kernel reports are KSM's.

A mutation is caught by a kernel report only when the report is about the
code the mutation changed: a debug kernel under TCG also reports things
before any KSM code runs (an early-boot KASAN report in rcu_is_watching()
while the TSC is marked unstable, seen on 768ce945).  This splits the log
into reports (the lines kernel/find-splats.sh matches, each up to the end
of its first call trace) and marks a report as KSM's when its headline
names mm/ksm.c, or its headline, RIP or a reliable call-trace frame (not a
"?" frame) names a function defined in KSM_C (the mm/ksm.c the kernel was
built from).  Prints a JSON summary; exit status 1 if any report is KSM's,
0 otherwise.
"""
import json
import os
import re
import sys

from kcsan_reports import FRAME, ksm_functions

# kernel/find-splats.sh's patterns, from the file it greps with
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernel",
                       "splat-patterns")) as _f:
    START = re.compile("|".join(l.strip() for l in _f if l.strip()))
END = re.compile(r"</TASK>|---\[ end trace|^\[[ 0-9.]+\] =====")
NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\+0x")
MAX_LINES = 120


def reports(path):
    cur = None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip()
            if START.search(line) and (cur is None or len(cur) > 1):
                if cur:
                    yield cur
                cur = [line]
            elif cur is not None:
                cur.append(line)
                if END.search(line) or len(cur) >= MAX_LINES:
                    yield cur
                    cur = None
    if cur:
        yield cur


def functions_named(rep):
    """Functions the headline, the RIP lines and the reliable frames name."""
    names = {m.group(1) for m in NAME.finditer(rep[0])}
    for line in rep[1:]:
        if "RIP:" in line:
            names |= {m.group(1) for m in NAME.finditer(line)}
        m = FRAME.match(line)
        if m:
            names.add(m.group(1))
    return {n.split(".")[0] for n in names}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ksm_reports.py KERNEL_LOG KSM_C")
    ksm = ksm_functions(sys.argv[2])
    total, in_ksm, other = 0, [], []
    for rep in reports(sys.argv[1]):
        total += 1
        hit = sorted(functions_named(rep) & ksm)
        if hit or "mm/ksm.c" in rep[0]:
            in_ksm.append({"headline": rep[0], "ksm_functions": hit})
        else:
            other.append(rep[0])
    print(json.dumps({"reports": total, "in_ksm": len(in_ksm),
                      "ksm_functions_known": len(ksm), "ksm_reports": in_ksm,
                      "other_reports": other}, indent=2))
    return 1 if in_ksm else 0


if __name__ == "__main__":
    sys.exit(main())
