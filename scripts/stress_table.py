#!/usr/bin/env python3
"""stress_table.py DIR... - one row per kernel of `make stress` runs, from their files.

DIR is a results/stress/<date>-<kernel>-<config>/ directory of
kernel/stress.sh: per kernel a subdirectory with ksm_stress.json (the
guest's run), run.env (what booted), splats.txt (every kernel report
line; KCSAN's are counted apart), and after a KCSAN kernel kcsan.json (scripts/kcsan_reports.py:
its reports, and how many had a frame in mm/ksm.c); with --fault-inject,
fault_inject.json.  A row: the run, kernel and config, series, seconds,
pages verified, mismatches, workers died, the churn (unmerge cycles,
O_DIRECT reads, forks, page migrations), the highest pages_sharing, the
kernel reports, KCSAN reports (in mm/ksm.c), ksmd allocations failed by
fault injection.  "verdict" is clean when nothing was corrupted, no worker
died, no kernel report and no KCSAN report in mm/ksm.c.

Prints a markdown table (between GENERATED markers in results/README.md).
"""
import glob
import json
import os
import sys


def env_of(path):
    out = {}
    with open(path) as f:
        for line in f:
            for kv in line.split():
                if "=" in kv:
                    k, v = kv.split("=", 1)
                    out[k] = v
    return out


def row(run_dir, sub):
    d = os.path.join(run_dir, sub)
    with open(os.path.join(d, "ksm_stress.json")) as f:
        s = json.load(f)
    env = env_of(os.path.join(d, "run.env"))
    r, ops = s["result"], s["result"].get("ops", {})
    reports = 0
    if os.path.exists(os.path.join(d, "splats.txt")):
        with open(os.path.join(d, "splats.txt")) as f:
            reports = sum(1 for line in f if line.strip() and "KCSAN" not in line)
    kcsan = "-"
    if os.path.exists(os.path.join(d, "kcsan.json")):
        with open(os.path.join(d, "kcsan.json")) as f:
            k = json.load(f)
        kcsan = "%d (%d)" % (k["reports"], k["in_ksm"])
    faults = "-"
    if os.path.exists(os.path.join(d, "fault_inject.json")):
        with open(os.path.join(d, "fault_inject.json")) as f:
            fi = json.load(f)
        faults = "%s slab, %s page" % (fi.get("failslab_injected", "?"),
                                       fi.get("fail_page_alloc_injected", "?"))
    clean = (r["mismatches"] == 0 and r["workers_died"] == 0 and reports == 0 and
             (kcsan == "-" or k["in_ksm"] == 0) and
             # run-guest.sh fails a KCSAN run on its reports: judged above
             (env.get("status") == "0" or kcsan != "-"))
    series = env.get("series_sha256", "?")
    return "| `%s` | %s-%s | %s | %.0f | %s | %d | %d | %d / %d / %d / %d | %s | %d | %s | %s | %s |" % (
        os.path.basename(os.path.normpath(run_dir)), env.get("kernel", sub), env.get("config", "?"),
        series[:8] + "…" if len(series) > 8 else series, r["seconds"],
        format(r["verified_pages"], ","), r["mismatches"], r["workers_died"],
        r.get("unmerge_cycles", 0), ops.get("odirect", 0), ops.get("fork", 0), ops.get("move_pages", 0),
        format(r.get("max_pages_sharing", 0), ","), reports, kcsan, faults,
        "clean" if clean else "**NOT CLEAN**")


def main():
    dirs = sys.argv[1:]
    if not dirs or not all(glob.glob(os.path.join(x, "*", "ksm_stress.json")) for x in dirs):
        print("stress_table.py: usage: stress_table.py DIR... (results/stress/ runs)", file=sys.stderr)
        return 2
    print("| run | kernel | series | s | pages verified | mismatches | workers died "
          "| unmerge cycles / O_DIRECT reads / forks / migrations | max pages_sharing "
          "| kernel reports | KCSAN reports (in ksm.c) | ksmd allocations failed | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for x in dirs:
        for j in sorted(glob.glob(os.path.join(x, "*", "ksm_stress.json"))):
            print(row(x, os.path.basename(os.path.dirname(j))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
