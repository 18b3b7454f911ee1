#!/usr/bin/env python3
"""summarize.py RESULTS_DIR - aggregate a directory of benchmark JSON files.

Groups the runs of each case (benchmark, profile, size, processes, threads,
scan settings), takes median/min/max over repetitions of every metric, writes
RESULTS_DIR/summary.json and prints a table.  Raw per-run files stay as they
are: the summary is derived, never the other way round.
"""
import json
import os
import statistics
import sys

METRICS = [
    # (result key, higher is better, table header, format)
    ("pages_per_ksmd_cpu_second", True, "pages/ksmd-cpu-s", "{:.0f}"),
    ("pages_per_second", True, "pages/s", "{:.0f}"),
    ("seconds", False, "seconds", "{:.2f}"),
    ("ksmd_cpu_seconds", False, "ksmd-cpu-s", "{:.2f}"),
    ("full_scans", False, "full scans", "{:.0f}"),
    ("tlb_ipis_per_merged_page", False, "IPIs/merge", "{:.4f}"),
]


def case_key(d):
    p = d["params"]
    return (d["benchmark"], p.get("profile"), p.get("size_mib"), p.get("procs", 1),
            p.get("busy_threads", 0), p.get("pages_to_scan"), p.get("sleep_ms"),
            json.dumps(p.get("set", {}), sort_keys=True))


def stats(values):
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "n": len(values), "samples": values}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: summarize.py RESULTS_DIR")
    outdir = sys.argv[1]
    runs = []
    for name in sorted(os.listdir(outdir)):
        if not name.endswith(".json") or name == "summary.json":
            continue
        with open(os.path.join(outdir, name)) as f:
            d = json.load(f)
        d["_file"] = name
        runs.append(d)
    if not runs:
        sys.exit(f"summarize: no result files in {outdir}")

    groups = {}
    for d in runs:
        groups.setdefault(case_key(d), []).append(d)

    rows = []
    for key, ds in groups.items():
        bench, profile, size, procs, busy, pts, sleep, sets = key
        ok = [d for d in ds if d["result"].get("converged")
              and d["result"].get("integrity_errors") == 0]
        for metric, hib, _, _ in METRICS:
            vals = [d["result"][metric] for d in ok if d["result"].get(metric) is not None]
            if not vals:
                continue
            rows.append({"benchmark": bench, "profile": profile, "size_mib": size,
                         "procs": procs, "busy_threads": busy,
                         "pages_to_scan": pts, "sleep_ms": sleep, "set": json.loads(sets),
                         "metric": metric, "higher_is_better": hib,
                         "runs": len(ds), "failed_runs": len(ds) - len(ok),
                         "integrity_errors": sum(d["result"].get("integrity_errors", 0) for d in ds),
                         "pages_sharing": [d["result"]["pages_sharing"] for d in ds],
                         "expected_pages_sharing": ds[0]["result"]["expected_pages_sharing"],
                         "files": [d["_file"] for d in ds],
                         **stats(vals)})

    env = dict(runs[0]["env"])
    for k in ("date_utc", "command_line"):
        env.pop(k, None)
    env["first_run_utc"] = min(d["env"]["date_utc"] for d in runs)
    env["last_run_utc"] = max(d["env"]["date_utc"] for d in runs)
    summary = {"env": env, "made_by": "scripts/summarize.py over the raw files listed per row",
               "rows": rows}
    with open(os.path.join(outdir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")

    print(f"\n{env.get('kernel_release')} ({env.get('virt')}, {env.get('cpu_model')}, "
          f"{env.get('cpus_online')} CPUs): median [min-max] of n runs")
    header = f"{'case':<30}" + "".join(f"{h:>30}" for _, _, h, _ in METRICS[:4])
    print(header)
    for key, ds in groups.items():
        bench, profile, size, procs, busy, pts, sleep, sets = key
        name = f"{profile} {size}M" + (f" x{procs}" if procs != 1 else "") + \
               (f" busy{busy}" if busy else "")
        cells = []
        for metric, _, _, fmt in METRICS[:4]:
            r = next((r for r in rows if r["metric"] == metric and
                      (r["profile"], r["size_mib"], r["procs"], r["busy_threads"]) ==
                      (profile, size, procs, busy)), None)
            cells.append("-" if r is None else
                         f"{fmt.format(r['median'])} [{fmt.format(r['min'])}-{fmt.format(r['max'])}] n={r['n']}")
        failed = sum(1 for d in ds if not d["result"].get("converged")
                     or d["result"].get("integrity_errors"))
        print(f"{name:<30}" + "".join(f"{c:>30}" for c in cells) +
              (f"  ({failed} FAILED)" if failed else ""))
    print(f"\nsummary: {os.path.join(outdir, 'summary.json')}")


if __name__ == "__main__":
    main()
