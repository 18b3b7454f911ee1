#!/usr/bin/env python3
"""ab_summary.py AB_DIR - summarize a `make ab` directory into summary.json.

Reads AB_DIR/ab.txt (run metadata) and AB_DIR/raw/<kernel>-r<rep>/<case>.json
(every benchmark result), and writes AB_DIR/summary.json:

  {"env": {host and guest metadata, "virt", "stock_version", "series_sha256"},
   "bootstrap": {"resamples", "level", "seed", "method"},
   "rows": [{"benchmark", "case", "profile", "size_mib", "metric",
             "higher_is_better",
             "stock": {"median", "min", "max", "n", "samples", "reps"},
             "patched": {...},
             "ratio": patched/stock median, oriented so > 1 is better,
             "ci95": [lo, hi] of that ratio, or null}]}

Runs that did not converge or found corrupted pages are left out of the
statistics and counted in the row ("stock_failed", "patched_failed"); the
exact merge counts of both kernels are compared in "pages_sharing" rows.
"reps" are the repetitions (boots) the samples came from, in order.

"ci95" is a bootstrap 95% confidence interval of the ratio over the boots:
10000 times, each kernel's samples are resampled with replacement (as many
as it has, the two kernels independently: different boots) and the ratio
of the two medians taken; the interval is the 2.5th and 97.5th
percentiles of those ratios (linear interpolation between order
statistics).  The draws come from a fixed seed, so the same samples give
the same interval every time.  null where there is no ratio, where either
kernel has fewer than 2 samples, or where a resample's median is not
positive (no ratio of it).
"""
import json
import os
import random
import statistics
import sys

# the bootstrap of every ratio's confidence interval (see the docstring)
BOOT_RESAMPLES = 10000
BOOT_LEVEL = 0.95
BOOT_SEED = 21

# (metric, higher is better) per benchmark
METRICS = {
    "merge_throughput": [
        ("pages_per_ksmd_cpu_second", True),
        ("pages_per_busy_cpu_second", True),
        ("pages_per_second", True),
        ("seconds", False),
        ("ksmd_cpu_seconds", False),
        # ksmd CPU-seconds per merged page (pages_sharing), in microseconds
        ("ksmd_cpu_us_per_merged_page", False),
        ("cpu_busy_seconds", False),
        ("monitor_cpu_seconds", False),
        ("full_scans", False),
        ("tlb_ipis", False),
        ("tlb_ipis_per_merged_page", False),
        ("pages_sharing", True),
        ("integrity_errors", False),
        # counters only a kernel with the series has: stock shows null
        ("ksm_deltas.checksum_lookups", False),
        ("ksm_deltas.checksum_compares", False),
        ("ksm_deltas.checksum_mismatches", False),
        ("ksm_deltas.tlb_flushes", False),
        ("ksm_deltas.tlb_flushed_ptes", False),
        ("ksm_deltas.pin_check_aborts", False),
        # the mmu notifier ranges merges opened (v3, debugfs)
        ("ksm_deltas.notifier_ranges", False),
        ("ksm_deltas.notifier_range_pages", False),
        ("ksm_deltas.notifier_range_ns", False),
        # workers meeting on a checksum lock (v3, debugfs)
        ("ksm_deltas.checksum_lock_waits", False),
        ("ksm_deltas.checksum_lock_wait_ns", False),
        ("ksm_deltas.pages_scanned", False),
        ("scan_pages_per_worker_second", True),
        # --collisions (result is phase 3, the new copies of the targets):
        # the whole run's counts, and what each phase cost ksmd
        ("collisions.total_pages_sharing", True),
        ("collisions.total_pages_shared", False),
        ("collisions.phases.profile.ksmd_cpu_seconds", False),
        ("collisions.phases.plant.ksmd_cpu_seconds", False),
        ("collisions.phases.extra.ksmd_cpu_seconds", False),
        ("collisions.phases.extra.full_scans", False),
        # the kernel's memory from every page written to the end (and to the
        # highest sample): what ksmd allocated, rmap_items, stable nodes and
        # the series' indexes (KiB); per unshared page only where every page
        # ended unshared (the unique profile), else null
        ("memory.sunreclaim_kib_grown", False),
        ("memory.vmalloc_kib_grown", False),
        ("memory.peak_sunreclaim_kib_grown", False),
        ("memory.peak_vmalloc_kib_grown", False),
        ("memory.sunreclaim_kib_per_unshared_page", False),
        ("memory.vmalloc_kib_per_unshared_page", False),
        ("memory.peak_sunreclaim_kib_per_unshared_page", False),
        ("memory.peak_vmalloc_kib_per_unshared_page", False),
        # --unmerge-cost: writing run=2 once every page was verified - the
        # writer's wall and CPU time (the kernel unmerges and frees every
        # rmap_item in its context), SUnreclaim (KiB) before, at its peak,
        # as the write returned and once the frees RCU defers landed, how
        # long after the write they kept landing, and the RCU work meanwhile;
        # pages_before is the workload's, equal on both kernels
        ("unmerge.pages_before", False),
        ("unmerge.write_wall_s", False),
        ("unmerge.write_cpu_s", False),
        ("unmerge.slab_before_kib", False),
        ("unmerge.slab_peak_kib", False),
        ("unmerge.slab_at_return_kib", False),
        ("unmerge.slab_after_kib", False),
        ("unmerge.slab_settle_s", False),
        ("unmerge.rcu_softirqs", False),
        ("unmerge.call_rcu_calls", False),
        # --rescans: whole full scans of the converged memory, ksmd's
        # standing cost, and how often workers met on a checksum lock then
        ("rescans.ksmd_cpu_seconds_per_scan", False),
        ("rescans.pages_per_ksmd_cpu_second", True),
        ("rescans.pages_per_second", True),
        ("rescans.tlb_ipis", False),
        ("rescans.ksm_deltas.checksum_lock_waits", False),
        ("rescans.ksm_deltas.checksum_lock_wait_ns", False),
    ],
    "xxhash_bound": [
        ("pages_per_second", True),
    ],
    # 6.1's selftest ksm_tests -P (kernel/guest/lib/selftest_json.sh): the
    # time to merge an area of identical pages, and MiB of it per second
    "ksm_tests": [
        ("mib_per_second", True),
        ("seconds", False),
    ],
    "odirect_latency": [
        ("corrupted_blocks", False),
        ("final_check_corrupted", False),
        ("verified_reads", True),
    ] + [(f"phase.{ph}.{m}", hib) for ph in ("off", "on") for m, hib in (
        ("iops", True),
        ("verified_reads", True),
        ("corrupted_blocks", False),
        ("forks", True),
        ("read_latency_ns.p50", False),
        ("read_latency_ns.p99", False),
        ("read_latency_ns.p99_9", False),
        ("read_latency_ns.max", False),
        ("write_latency_ns.p99", False),
    )],
    "corunner_latency": [
        # the headline: p99 with KSM on over off, in the same run
        ("ratio", False),
        ("result.ratios.p99_9", False),
        ("result.ratios.mean", False),
        ("corrupted_reads", False),
        ("final_check_corrupted", False),
    ] + [(f"phase.{ph}.{m}", hib) for ph in ("off", "on") for m, hib in (
        ("latency_ns.p50", False),
        ("latency_ns.p99", False),
        ("latency_ns.p99_9", False),
        ("latency_ns.max", False),
        ("latency_ns.mean", False),
        ("service_ns.p99", False),
        ("requests", True),
        ("unserved_requests", False),
        ("cow_breaks", False),
        ("ksmd_cpu_seconds", False),
        ("tlb_ipis", False),
        ("own_merged_pages_mean", True),
        ("ksm_counters.tlb_flushes", False),
        ("ksm_counters.pin_check_aborts", False),
    )],
}
KERNELS = ("stock", "patched")


def metrics_of(bench, params):
    """METRICS, and for gupfast_contention its per-run metrics for each
    thread count the run had."""
    if bench != "gupfast_contention":
        return METRICS.get(bench, [])
    out = []
    for t in params.get("threads", []):
        out.append((f"run.on_over_off.{t}", True))
        for ph in ("off", "on"):
            out += [(f"run.{ph}.{t}.ops_per_s", True), (f"run.{ph}.{t}.fallbacks_per_op", False),
                    (f"run.{ph}.{t}.latency_ns.p99", False), (f"run.{ph}.{t}.tlb_ipis", False),
                    (f"run.{ph}.{t}.pages_sharing_mean", True)]
    return out


def meta_of(ab_dir):
    """{key: value} of AB_DIR/ab.txt, the run's metadata"""
    meta = {}
    with open(os.path.join(ab_dir, "ab.txt")) as f:
        for line in f:
            if ": " in line:
                k, v = line.rstrip("\n").split(": ", 1)
                meta[k] = v
    return meta


def load(ab_dir):
    meta = meta_of(ab_dir)
    runs = []  # (kernel, rep, case, data)
    raw = os.path.join(ab_dir, "raw")
    for d in sorted(os.listdir(raw)):
        kernel, _, rep = d.rpartition("-r")
        if kernel not in KERNELS:
            continue
        for name in sorted(os.listdir(os.path.join(raw, d))):
            if name.endswith(".json"):
                with open(os.path.join(raw, d, name)) as f:
                    runs.append((kernel, int(rep), name[:-5], json.load(f)))
    return meta, runs


def value(d, metric):
    """A metric of one result: result[metric]; d[a][b]... for "a.b...";
    for "phase.NAME.x.y", result.phases[name == NAME][x][y]."""
    if metric.startswith("run."):
        # gupfast_contention: "run.PHASE.T.x.y" of its runs; "run.on_over_off.T"
        # = ops/s with KSM on over ops/s with KSM off, in the same run
        _, ph, t, *path = metric.split(".")
        runs = d["result"].get("runs", [])
        if ph == "on_over_off":
            on = value(d, f"run.on.{t}.ops_per_s")
            off = value(d, f"run.off.{t}.ops_per_s")
            return on / off if on is not None and off else None
        v = next((r for r in runs if r["phase"] == ph and str(r["threads"]) == t), None)
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        return v
    if metric.startswith("phase."):
        _, name, *path = metric.split(".")
        v = next((p for p in d["result"].get("phases", []) if p["name"] == name), None)
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        return v
    if metric == "ksmd_cpu_us_per_merged_page":
        cpu, merged = d["result"].get("ksmd_cpu_seconds"), d["result"].get("pages_sharing")
        return 1e6 * cpu / merged if cpu is not None and merged else None
    if metric == "scan_pages_per_worker_second":
        # merge_throughput on a kernel with pages_scanned: a worker's scan rate
        scanned, secs = d.get("ksm_deltas", {}).get("pages_scanned"), d["result"].get("seconds")
        return scanned / secs / workers(d) if scanned and secs else None
    if "." in metric:
        v = d
        for k in metric.split("."):
            v = v.get(k) if isinstance(v, dict) else None
        return v
    return d["result"].get(metric)


def workers(d):
    """ksmd workers of a merge_throughput run: the workers knob as the run
    started (set by --set workers=N, else the kernel's default: one per CPU
    since v2), else what --set asked for, else 1 (stock's one ksmd)."""
    w = d.get("ksm_before", {}).get("workers")
    return int(w if w is not None else d["params"].get("set", {}).get("workers", 1))


def good(d):
    """A run whose numbers count: merge_throughput converged and intact
    (with --collisions, every phase to its exact count);
    any odirect_latency or corunner_latency run (their corrupted blocks
    and pages are metrics); a ksm_tests run that passed; a
    gupfast_contention run without operation errors."""
    r = d["result"]
    if d["benchmark"] in ("odirect_latency", "xxhash_bound", "corunner_latency"):
        return True
    if d["benchmark"] == "ksm_tests":
        return r.get("exit_status") == 0
    if d["benchmark"] == "gupfast_contention":
        return all(x["errors"] == 0 for x in r.get("runs", []))
    return r.get("converged") is True and r.get("integrity_errors") == 0 and \
        d.get("collisions", {}).get("converged", True) is True


def stat(values, reps=None):
    if not values:
        return None
    out = {"median": statistics.median(values), "min": min(values), "max": max(values),
           "n": len(values), "samples": values}
    if reps is not None:
        out["reps"] = reps
    return out


_DRAWS = {}


def draws(stream, n):
    """BOOT_RESAMPLES resamples of n boots: tuples of n indices drawn with
    replacement, the same for the same @stream and n every time."""
    key = (stream, n)
    if key not in _DRAWS:
        rng = random.Random(f"{BOOT_SEED}:{stream}:{n}")
        _DRAWS[key] = [tuple(rng.randrange(n) for _ in range(n)) for _ in range(BOOT_RESAMPLES)]
    return _DRAWS[key]


def resampled_medians(values, stream):
    """The median of every bootstrap resample of @values (draws(stream))."""
    return [statistics.median([values[i] for i in idx]) for idx in draws(stream, len(values))]


def percentile_interval(estimates):
    """The central BOOT_LEVEL interval of bootstrap @estimates: their
    (1-level)/2 and (1+level)/2 quantiles, linear between order statistics."""
    e = sorted(estimates)

    def q(p):
        pos = p * (len(e) - 1)
        lo = int(pos)
        return e[lo] + (e[min(lo + 1, len(e) - 1)] - e[lo]) * (pos - lo)
    return [q((1 - BOOT_LEVEL) / 2), q((1 + BOOT_LEVEL) / 2)]


def ratio_ci(num, den, streams=("num", "den")):
    """Bootstrap BOOT_LEVEL interval of median(@num) / median(@den).

    Lists (stock against patched: different boots): each resampled on its
    own, from its stream of @streams (name them by kernel).  Dicts {rep:
    value} (two cases of one kernel, measured in the same boots): the boots
    both have are resampled together, from @streams[0].  None with fewer
    than 2 samples a side, or if a resampled median is not positive."""
    if isinstance(num, dict):
        reps = sorted(set(num) & set(den))
        num, den, streams = [num[r] for r in reps], [den[r] for r in reps], streams[:1] * 2
    if len(num) < 2 or len(den) < 2:
        return None
    a, b = resampled_medians(num, streams[0]), resampled_medians(den, streams[1])
    if min(a) <= 0 or min(b) <= 0:
        return None
    return percentile_interval([x / y for x, y in zip(a, b)])


def cost_scaling(cases):
    """ksmd CPU per merged page against memory size, per profile and kernel.

    For every profile run at two sizes or more: the median over repetitions
    of ksmd_cpu_seconds / pages_sharing (microseconds) at each size, and
    the ratio of the largest size's cost to the smallest's: 1.0 means the
    cost of a page does not grow with memory.
    """
    by_profile = {}
    for case, by_kernel in cases.items():
        for k in KERNELS:
            for _, d in by_kernel[k]:
                if d["benchmark"] != "merge_throughput" or not good(d):
                    continue
                if d["params"]["profile"] == "image" or "collisions" in d:
                    continue  # replayed RAM images: each case its own contents;
                    # planted collisions: not the profile's cost alone
                r = d["result"]
                if not r.get("pages_sharing") or r.get("ksmd_cpu_seconds") is None:
                    continue
                key = (d["params"]["profile"], k)
                by_profile.setdefault(key, {}).setdefault(d["params"]["size_mib"], []).append(
                    1e6 * r["ksmd_cpu_seconds"] / r["pages_sharing"])
    out = []
    for (profile, k), sizes in sorted(by_profile.items()):
        if len(sizes) < 2:
            continue
        med = {size: statistics.median(v) for size, v in sorted(sizes.items())}
        lo, hi = min(med), max(med)
        out.append({"profile": profile, "kernel": k,
                    "us_per_merged_page": {str(sz): v for sz, v in med.items()},
                    "n": {str(sz): len(v) for sz, v in sorted(sizes.items())},
                    "largest_over_smallest": med[hi] / med[lo]})
    return out


def variant_pairs(rows, suffix, metrics):
    """The patched kernel against itself: for each case NAME+suffix (a knob
    set, skipped on stock) beside case NAME, and each of @metrics both
    have, yields (NAME, metric, higher_is_better, NAME's patched median,
    NAME+suffix's patched median)."""
    by = {(r["case"], r["metric"]): r for r in rows}
    for (case, metric), r in sorted(by.items()):
        base = by.get((case[:-len(suffix)], metric)) if case.endswith(suffix) else None
        if base and metric in metrics and base["patched"] and r["patched"]:
            yield (case[:-len(suffix)], metric, r["higher_is_better"],
                   base["patched"]["median"], r["patched"]["median"])


def same_kernel_pairs(rows):
    """NAME (the default batch) beside NAME-b1 (merge_batch_pages=1),
    medians, ratio > 1 = NAME better."""
    out = []
    for case, metric, hib, a, b in variant_pairs(rows, "-b1", (
            "pages_per_ksmd_cpu_second", "tlb_ipis_per_merged_page",
            "ksm_deltas.tlb_flushes", "pages_sharing")):
        if a and b:
            out.append({"case": case, "metric": metric, "patched": a, "patched_b1": b,
                        "ratio": a / b if hib else b / a})
    return out


WORKER_METRICS = ("pages_per_second", "pages_per_ksmd_cpu_second", "pages_sharing",
                  "integrity_errors", "scan_pages_per_worker_second", "full_scans")


def workers_pairs(rows, runs):
    """NAME (one ksmd worker) beside NAME-w2 (workers=2), medians, ratio =
    NAME-w2 over NAME; and each case's worker scan rate over the
    one-thread xxhash_bound case's pages per second, both from the same
    guest boot (medians over the repetitions); and the two-thread
    xxhash_bound case over the one-thread one, if the matrix has both."""
    pairs = [{"case": case, "metric": metric, "patched_w1": a, "patched_w2": b,
              "ratio": b / a if a else None}
             for case, metric, _, a, b in variant_pairs(rows, "-w2", WORKER_METRICS)]
    def hashed(threads):
        return {rep: d["result"]["pages_per_second"] for k, rep, _, d in runs
                if k == "patched" and d["benchmark"] == "xxhash_bound"
                and d["params"].get("threads", 1) == threads}
    bound, bound2 = hashed(1), hashed(2)
    per_case = {}
    for k, rep, case, d in runs:
        rate = value(d, "scan_pages_per_worker_second") if d["benchmark"] == "merge_throughput" else None
        if k == "patched" and rate and bound.get(rep) and good(d):
            per_case.setdefault(case, []).append(rate / bound[rep])
    vs_bound = [{"case": c, "workers": next(workers(d) for k, _, cc, d in runs if cc == c),
                 "scan_over_xxhash": stat(v)} for c, v in sorted(per_case.items())]
    # what two vCPUs of this guest hash together over one: the ceiling of
    # any two-worker speed-up here (TCG vCPUs share the host with QEMU)
    ceiling = [bound2[rep] / bound[rep] for rep in bound2 if bound.get(rep)]
    return {"pairs": pairs, "scan_vs_xxhash_bound": vs_bound,
            "xxhash_2_threads_over_1": stat(ceiling) if ceiling else None}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ab_summary.py AB_DIR")
    ab_dir = sys.argv[1]
    meta, runs = load(ab_dir)
    if not runs:
        sys.exit(f"ab_summary: no results under {ab_dir}/raw")

    cases = {}
    for kernel, rep, case, d in runs:
        cases.setdefault(case, {k: [] for k in KERNELS})[kernel].append((rep, d))

    rows = []
    for case, by_kernel in cases.items():
        any_d = next(d for k in KERNELS for _, d in by_kernel[k])
        bench, params = any_d["benchmark"], any_d["params"]
        for metric, hib in metrics_of(bench, params):
            row = {"benchmark": bench, "case": case, "profile": params.get("profile"),
                   "size_mib": params.get("size_mib"), "metric": metric,
                   "higher_is_better": hib}
            for k in KERNELS:
                ok = [(rep, d) for rep, d in by_kernel[k] if good(d)]
                vals = [(rep, v) for rep, v in ((rep, value(d, metric)) for rep, d in ok)
                        if v is not None]
                row[k] = stat([v for _, v in vals], [rep for rep, _ in vals])
                row[k + "_failed"] = len(by_kernel[k]) - len(ok)
            s, p = row["stock"], row["patched"]
            ratio = ci = None
            # a ratio of positive medians only (a memory growth can be
            # negative or zero: no ratio then)
            if s and p and s["median"] > 0 and p["median"] > 0:
                ratio = p["median"] / s["median"] if hib else s["median"] / p["median"]
                ci = ratio_ci(p["samples"], s["samples"], ("patched", "stock")) if hib else \
                    ratio_ci(s["samples"], p["samples"], ("stock", "patched"))
            row["ratio"] = ratio
            row["ci95"] = ci
            rows.append(row)

    scaling = cost_scaling(cases)
    knob_pairs = same_kernel_pairs(rows)
    worker_pairs = workers_pairs(rows, runs)

    guest_env = dict(runs[0][3]["env"])
    for k in ("date_utc", "command_line", "kernel_variant", "series_sha256"):
        guest_env.pop(k, None)
    env = {
        "virt": guest_env.get("virt"),
        "stock_version": meta.get("stock_version"),
        "series_sha256": meta.get("series_sha256"),
        "git_revision": meta.get("git_revision"),
        "command": meta.get("command"),
        "started_utc": meta.get("started_utc"),
        "finished_utc": meta.get("finished_utc"),
        "host": {k[5:]: v for k, v in meta.items() if k.startswith("host_")},
        "guest": dict(guest_env, mem_mib=meta.get("guest_mem_mib"),
                      vcpus=meta.get("guest_vcpus"),
                      kernel_release={k: sorted({d["env"]["kernel_release"]
                                                 for kk, _, _, d in runs if kk == k})
                                      for k in KERNELS}),
    }
    bootstrap = {"resamples": BOOT_RESAMPLES, "level": BOOT_LEVEL, "seed": BOOT_SEED,
                 "method": "percentile interval of the ratio of medians; each kernel's "
                           "boots resampled with replacement, independently"}
    with open(os.path.join(ab_dir, "summary.json"), "w") as f:
        json.dump({"env": env, "bootstrap": bootstrap, "rows": rows, "scaling": scaling,
                   "patched_vs_patched_b1": knob_pairs,
                   "patched_workers": worker_pairs}, f, indent=1)
        f.write("\n")

    print(f"A/B {ab_dir}: series {env['series_sha256'][:12]}, virt {env['virt']}; "
          "median [min-max], ratio > 1 = patched better [bootstrap 95% CI]")
    print(f"{'case':<26}{'metric':<28}{'stock':>36}{'patched':>36}{'ratio':>8}")
    for r in rows:
        if r["metric"] not in ("pages_per_ksmd_cpu_second", "pages_per_busy_cpu_second",
                               "tlb_ipis_per_merged_page", "pages_sharing",
                               "corrupted_blocks", "verified_reads",
                               "phase.off.read_latency_ns.p99",
                               "phase.on.read_latency_ns.p99", "phase.on.iops",
                               "ratio", "phase.off.latency_ns.p99",
                               "phase.on.latency_ns.p99",
                               "memory.sunreclaim_kib_per_unshared_page",
                               "memory.vmalloc_kib_per_unshared_page",
                               "memory.peak_vmalloc_kib_per_unshared_page",
                               "unmerge.write_wall_s", "unmerge.write_cpu_s",
                               "unmerge.slab_settle_s", "unmerge.call_rcu_calls",
                               "mib_per_second", "rescans.pages_per_ksmd_cpu_second",
                               "rescans.pages_per_second",
                               "rescans.ksm_deltas.checksum_lock_waits") and \
                not r["metric"].startswith(("run.on_over_off", "run.on.")):
            continue
        if r["metric"].startswith(("memory.", "unmerge.", "rescans.")) and \
                not (r["stock"] or r["patched"]):
            continue  # per unshared page: only cases whose pages all ended unshared;
            # unmerge: only --unmerge-cost cases (call_rcu: where kprobes count);
            # rescans: only --rescans cases
        cell = lambda s: "-" if not s else \
            f"{s['median']:.4g} [{s['min']:.4g}-{s['max']:.4g}] n={s['n']}"
        fails = "".join(f" {k}:{r[k + '_failed']} FAILED" for k in KERNELS if r[k + "_failed"])
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.3f}"
        ci = "" if r["ci95"] is None else f" [{r['ci95'][0]:.3f}-{r['ci95'][1]:.3f}]"
        print(f"{r['case']:<26}{r['metric']:<28}{cell(r['stock']):>36}"
              f"{cell(r['patched']):>36}{ratio:>8}{ci}{fails}")
    for sc in scaling:
        sizes = ", ".join(f"{sz} MiB {v:.1f} us" for sz, v in sc["us_per_merged_page"].items())
        print(f"ksmd CPU per merged page, {sc['profile']}, {sc['kernel']}: {sizes}; "
              f"largest/smallest {sc['largest_over_smallest']:.2f}")
    for kp in knob_pairs:
        print(f"patched {kp['case']} vs {kp['case']}-b1 (merge_batch_pages=1), "
              f"{kp['metric']}: {kp['patched']:.4g} vs {kp['patched_b1']:.4g}, ratio {kp['ratio']:.3f}")
    for wp in worker_pairs["pairs"]:
        print(f"patched {wp['case']}-w2 vs {wp['case']} (workers 2 vs 1), {wp['metric']}: "
              f"{wp['patched_w2']:.4g} vs {wp['patched_w1']:.4g}"
              + (f", ratio {wp['ratio']:.3f}" if wp["ratio"] is not None else ""))
    for vb in worker_pairs["scan_vs_xxhash_bound"]:
        st = vb["scan_over_xxhash"]
        print(f"patched {vb['case']} ({vb['workers']} worker(s)): pages scanned per second per "
              f"worker / in-guest xxhash64 pages per second = {st['median']:.3f} "
              f"[{st['min']:.3f}-{st['max']:.3f}] n={st['n']}")
    ceil = worker_pairs["xxhash_2_threads_over_1"]
    if ceil:
        print(f"patched: in-guest xxhash64 pages per second, 2 threads / 1 thread = "
              f"{ceil['median']:.3f} [{ceil['min']:.3f}-{ceil['max']:.3f}] n={ceil['n']} "
              "(the ceiling of a 2-worker speed-up in this guest)")
    print(f"summary: {os.path.join(ab_dir, 'summary.json')}")


if __name__ == "__main__":
    main()
