#!/usr/bin/env python3
"""vm_table.py - the README's VM density table from results/vm/*/density.json.

usage: scripts/vm_table.py [RESULTS_DIR]

One row per completed run: "N guests of kind X save Y GiB at Z ksmd
CPU-seconds", with the guests' resident RAM at the end (RSS of guest RAM:
what they would occupy without KSM) and the saving's share of it and of
all guest RAM, when 90% of the final saving was reached, and the run it
comes from.  Markdown on stdout.
"""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    results = argv[1] if len(argv) > 1 else os.path.join(ROOT, "results")
    print("| guests | workload | RAM each | resident guest RAM | saved | % of resident "
          "| % of guest RAM | 90% of it after | ksmd CPU-s (to 90% / run) | run length "
          "| host | run |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted(glob.glob(os.path.join(results, "vm", "*", "density.json"))):
        with open(path) as f:
            d = json.load(f)
        r, par, env = d["result"], d["params"], d["env"]
        if d["status"] != "ok" or not r:
            continue
        run = os.path.basename(os.path.dirname(path))
        print(f"| {par['guests']} | {'+'.join(par['workloads'])} | {par['mem_mib']} MiB "
              f"| {r['final_rss_kib_total'] / 2**20:.2f} GiB "
              f"| {r['final_saved_bytes'] / 2**30:.2f} GiB "
              f"| {100.0 * r['final_saved_bytes'] / (r['final_rss_kib_total'] << 10):.1f}% "
              f"| {r['final_saved_pct_of_guest_ram']:.1f}% "
              f"| {r['time_to_90pct_of_final_s']:.0f} s "
              f"| {r['ksmd_cpu_s_to_90pct']:.1f} / {r['ksmd_cpu_s']:.1f} "
              f"| {r['seconds']:.0f} s "
              f"| {env['kernel_release']}, {par['guest_accel']} guests "
              f"| [{run}](results/vm/{run}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
