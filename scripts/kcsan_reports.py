#!/usr/bin/env python3
"""kcsan_reports.py KERNEL_LOG KSM_C - sort a guest's KCSAN reports.

Splits the kernel log into KCSAN reports ("BUG: KCSAN: ..." up to the
closing "====" line), names each by its first two stack frames, and marks
the races in mm/ksm.c: those whose racing access is in a function defined
in KSM_C (the mm/ksm.c the kernel was built from), i.e. the functions the
report's headline names ("data-race in A+0x.. / B+0x..", the function
holding each access, inlined helpers included).  Prints a JSON summary;
exit status 1 if any race is in mm/ksm.c, 0 otherwise.  A KCSAN kernel
reports known races elsewhere (6.1's x86 TLB flush reads mm_cpumask while
CPUs join it), also when KSM's own merges reach them (a flush under
write_protect_page()): those are counted by site, not failed.  So is an
interrupt's race: the frames below its entry (asm_common_interrupt...)
are the interrupted code's, not the racing access's.
"""
import json
import re
import sys

FRAME = re.compile(r"^\[[ 0-9.]+\]  ([A-Za-z0-9_.]+)\+0x")
HEADLINE = re.compile(r"BUG: KCSAN: .*? in (.*)$")
DEF = re.compile(r"^[A-Za-z_][^;()=]*?\b([a-z_][a-z0-9_]*)\(")


def ksm_functions(path):
    names = set()
    with open(path) as f:
        for line in f:
            m = DEF.match(line)
            if m and not line.rstrip().endswith(";"):
                names.add(m.group(1))
    return names


def reports(path):
    cur = None
    with open(path, errors="replace") as f:
        for line in f:
            if "BUG: KCSAN:" in line:
                cur = [line.rstrip()]
            elif cur is not None:
                if "=====" in line:
                    yield cur
                    cur = None
                else:
                    cur.append(line.rstrip())
    if cur:
        yield cur


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: kcsan_reports.py KERNEL_LOG KSM_C")
    ksm = ksm_functions(sys.argv[2])
    total, sites, in_ksm = 0, {}, []
    for rep in reports(sys.argv[1]):
        total += 1
        frames = [m.group(1).split(".")[0] for m in map(FRAME.match, rep) if m]
        site = " <- ".join(frames[:2]) or rep[0]
        sites[site] = sites.get(site, 0) + 1
        m = HEADLINE.search(rep[0])
        racing = {a.strip().split("+")[0].split(".")[0] for a in m.group(1).split("/")} if m else set()
        hit = sorted(racing & ksm)
        if hit:
            in_ksm.append({"ksm_functions": hit, "report": rep})
    print(json.dumps({"reports": total, "in_ksm": len(in_ksm),
                      "ksm_functions_known": len(ksm), "by_site": sites,
                      "ksm_reports": in_ksm}, indent=2))
    return 1 if in_ksm else 0


if __name__ == "__main__":
    sys.exit(main())
