#!/usr/bin/env python3
"""release_table.py RELEASE_DIR - issue 21's targets, met or missed, from a release A/B.

RELEASE_DIR is a kernel/release-ab.sh directory: a kernel/ab.sh directory
per matrix (hash-index/, batching/, workers-targets/, collisions/,
ksm-tests/, gupfast/, vm-replay/, vm-replay-busy/, odirect-batches/,
odirect/), each with the summary.json of scripts/ab_summary.py, and
release.json.  Prints a markdown table, one row per target of the issue
(README.md carries it between BEGIN/END GENERATED markers), and writes it
as RELEASE_DIR/targets.json.  Every figure is computed from the summaries:

- pages merged per ksmd CPU-second (worst-case, distinct-pairs, zipf
  1 GiB; identical 1 GiB with a busy thread): the summary row's ratio,
  patched median over stock median across the boots, and its ci95
  (bootstrap 95% interval: ab_summary.py).
- ksmd CPU per merged page growth, distinct-pairs 256 MiB -> 4 GiB: on
  the patched kernel, per boot, ksmd CPU-seconds over pages_sharing at
  4096 MiB and at 256 MiB (the ksmd_cpu_us_per_merged_page row); the
  growth is median(4096 MiB) / median(256 MiB) over the boots, its
  interval a bootstrap that resamples the boots having both cases, the two
  cases of a boot together (same guest); stock's growth is in the notes.
- TLB IPIs per merged page, identical 1 GiB busy: patched median over
  stock median, written 1/x (the summary's ratio is x, stock over patched).
- two ksmd workers over one: on the patched kernel, pages merged per
  wall-clock second of NAME-w2 (workers=2) over NAME-w1 (workers=1),
  medians over the boots, interval as for the growth (paired boots).
- VM replays: convergence time, stock median over patched median (the
  "seconds" row), and pages_sharing: every run of both kernels the same.
- odirect, odirect-batches: corrupted blocks (during the phases and in the
  final check) summed over every run of both kernels, and each kernel's
  verified reads with KSM on, summed over its runs and cases.
- collisions: every run of every case converged to its exact count in all
  three phases (ab_summary counts the others failed), total pages_sharing
  the same on both kernels.
- every case: every merge_throughput case of every matrix converged with
  0 integrity errors in every run, and pages_sharing is the same in every
  run of both kernels (a case run on the patched kernel only, NAME-b1,
  -w1, -w2, against NAME's).
- ksm_tests -P: MiB merged per second, patched over stock; no target.

A 6.12 release (release.json "base": "6.12", kernel/release-ab.sh with
BASE=6.12) has issue 23's targets instead: the hash index's three ratios,
the busy identical case's IPIs, the VM replays with the advisor on for
both (convergence time) and with smart scan on for both (ksmd CPU-seconds
to converge, shown as patched's fraction of stock's), two workers over
one, every case exact.  Then, in a table of its own and without a target,
what 6.12's own tuning gives on each kernel (smart scan on over off, from
the mainline-knobs matrix against the same cases in hash-index: other
boots, so each side resampled on its own) and what is left for the series
with it on for both (rescans with smart scan; convergence time with the
advisor at its CPU cap).

Verdicts: "met" only when the interval's bound on the target's side clears
it (the lower bound of a ">=" target, the upper of a "<="); "inconclusive"
when the figure lies within 20% of its target and fewer than 5 boots of a
kernel measured it, or it has no interval; "missed" otherwise (count
targets: met or missed by the counts).  "not run": its matrix or case is
not in RELEASE_DIR (release.json and a replay's skipped.txt say why).
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (the bootstrap of every interval)
import run_summary  # noqa: E402

MIN_BOOTS = 5      # boots a kernel needs where a figure is near its target
NEAR = 0.2         # "near": within 20% of the target
VERIFIED_READS = 1_000_000
VM_WORKLOADS = ("idle", "web", "db", "build")
VARIANTS = ("-b1", "-w1", "-w2")   # cases the matrix plan skips on stock
METRIC_LABELS = {
    "pages_per_ksmd_cpu_second": "pages merged per ksmd CPU-second",
    "tlb_ipis_per_merged_page": "TLB IPIs per merged page",
    "seconds": "convergence time, same pages_sharing",
    "mib_per_second": "MiB merged per second (identical pages)",
    "ksmd_cpu_seconds": "ksmd CPU-seconds to converge, same pages_sharing",
    "rescans.pages_per_ksmd_cpu_second": "pages rescanned per ksmd CPU-second",
}


class Release:
    def __init__(self, path):
        self.path = path
        idx = os.path.join(path, "release.json")
        self.index = json.load(open(idx)) if os.path.isfile(idx) else {}
        self.base = self.index.get("base", "6.1")
        self.summaries = {}
        for sub in sorted(os.listdir(path)):
            f = os.path.join(path, sub, "summary.json")
            if os.path.isfile(f):
                with open(f) as fh:
                    self.summaries[sub] = json.load(fh)

    def run(self, sub):
        return os.path.normpath(os.path.join(self.path, sub)) + "/"

    def row(self, sub, case, metric):
        s = self.summaries.get(sub)
        if not s:
            return None
        return next((r for r in s["rows"] if r["case"] == case and r["metric"] == metric), None)

    def why_not(self, sub, case=None):
        """why @sub (its @case) has no data"""
        skipped = os.path.join(self.path, sub, "skipped.txt")
        if case and os.path.isfile(skipped):
            for line in open(skipped):
                if line.split(" ", 1)[0] in (case, "vm-*"):
                    return "skipped: " + line.split(" ", 1)[1].strip()
        if sub in self.summaries:
            return f"no {case} in {sub}/summary.json (its matrix or replayed runs lack it)"
        m = self.index.get("matrices", {}).get(sub)
        if m:
            return f"{sub}: {m['status']} ({m['updated_utc']}), no summary.json"
        return f"{sub}: not run yet (no entry in release.json)"


def boots(*stats):
    return "/".join(str(s["n"]) if s else "0" for s in stats)


def x(v):
    return f"{v:.2f}×"


def verdict(figure, ci, target, higher, n):
    """met / missed / inconclusive of a figure with interval @ci against
    @target (@higher: a ">=" target), measured in @n boots (fewest of a
    kernel)"""
    near = abs(figure / target - 1) <= NEAR
    if ci is None or (near and n < MIN_BOOTS):
        return "inconclusive"
    return "met" if (ci[0] >= target if higher else ci[1] <= target) else "**missed**"


class Table:
    def __init__(self, rel):
        self.rel, self.rows, self.notes = rel, [], []

    def add(self, case, metric, target, figure, boots_, verdict_, sub, **extra):
        self.rows.append(dict(case=case, metric=metric, target=target, figure=figure,
                              boots=boots_, verdict=verdict_, run=self.rel.run(sub) if sub else "",
                              **extra))

    def not_run(self, case, metric, target, sub, why):
        self.add(case, metric, target, "-", "0", "not run",
                 sub if sub in self.rel.summaries else None)
        self.notes.append(f"Not run, {case}: {why}.")

    def ratio(self, sub, case, label, metric, target, ratio_target, higher=True, invert=False,
              fraction=False):
        """a stock-vs-patched ratio row of the summary against its target;
        @invert: shown as 1/x, @fraction: as the number 1/x (ratio_target is
        x's either way)"""
        r = self.rel.row(sub, case, metric)
        what = METRIC_LABELS.get(metric, metric)
        if not r or not r["stock"] or not r["patched"]:
            return self.not_run(label, what, target, sub, self.rel.why_not(sub, case))
        n = min(r["stock"]["n"], r["patched"]["n"])
        fails = r["stock_failed"] + r["patched_failed"]
        if fails:
            self.notes.append(f"{label}: {fails} run(s) failed (not converged, or integrity "
                              f"errors) and are not in the figure ({self.rel.run(sub)}raw/).")
        if r["ratio"] is None:
            self.add(label, what, target, "n/a (a median is 0)", boots(r["stock"], r["patched"]),
                     "inconclusive", sub)
            return
        ci = r.get("ci95")
        if invert:
            fig = f"1/{r['ratio']:.1f}" + (f" [1/{ci[1]:.1f}–1/{ci[0]:.1f}]" if ci else "")
        elif fraction:
            fig = x(1 / r["ratio"]) + (f" [{1 / ci[1]:.2f}–{1 / ci[0]:.2f}]" if ci else "")
        else:
            fig = x(r["ratio"]) + (f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else "")
        self.add(label, what, target, fig, boots(r["stock"], r["patched"]),
                 verdict(r["ratio"], ci, ratio_target, higher, n), sub,
                 value=r["ratio"], ci95=ci)

    def paired(self, sub, label, metric_label, target, num, den, metric, limit, higher):
        """a patched-only ratio of two cases' medians, boots paired"""
        a, b = self.rel.row(sub, num, metric), self.rel.row(sub, den, metric)
        if not a or not b or not a["patched"] or not b["patched"]:
            return self.not_run(label, metric_label, target, sub,
                                self.rel.why_not(sub, num if not a else den))
        pa, pb = run_summary.by_rep(a["patched"]), run_summary.by_rep(b["patched"])
        both = sorted(set(pa) & set(pb))
        if not both:
            return self.not_run(label, metric_label, target, sub, "no boot measured both cases")
        value = statistics.median(pa[k] for k in both) / statistics.median(pb[k] for k in both)
        ci = ab_summary.ratio_ci(pa, pb, ("patched",))
        fig = x(value) + (f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else "")
        self.add(label, metric_label, target, fig, f"{len(both)} (patched)",
                 verdict(value, ci, limit, higher, len(both)), sub, value=value, ci95=ci)
        return a, b


def nruns(row):
    """every run of a summary row's case, failed ones too, both kernels"""
    return sum((row[k]["n"] if row[k] else 0) + row[k + "_failed"] for k in ab_summary.KERNELS)


def cases_of(summary, bench="merge_throughput"):
    return sorted({r["case"] for r in summary["rows"] if r["benchmark"] == bench})


def sharing_problems(rel, sub, case):
    """what keeps @case of @sub from "converged exactly, pages_sharing the
    same on both kernels" (an empty list: nothing)"""
    r = rel.row(sub, case, "pages_sharing")
    out = []
    if r["stock_failed"] or r["patched_failed"]:
        out.append(f"{sub}/{case}: {r['stock_failed']} stock and {r['patched_failed']} patched "
                   "run(s) did not converge exactly or had integrity errors")
    vals = {k: sorted(set(r[k]["samples"])) if r[k] else [] for k in ab_summary.KERNELS}
    if not r["stock"] and case.endswith(VARIANTS):
        base = rel.row(sub, case[:-3], "pages_sharing")
        vals["stock"] = sorted(set(base["stock"]["samples"])) if base and base["stock"] else []
    seen = sorted(set(vals["stock"]) | set(vals["patched"]))
    if len(seen) > 1:
        out.append(f"{sub}/{case}: pages_sharing stock {vals['stock']}, patched {vals['patched']}")
    if not vals["stock"] or not vals["patched"]:
        out.append(f"{sub}/{case}: no converged run on " +
                   " and ".join(k for k in ab_summary.KERNELS if not vals[k]))
    return out


def exact_replays(t, rel, sub, suffix, label_suffix, metric, target, ratio_target, **how):
    """a row per VM workload's replay of @sub: @metric's ratio against its
    target, missed if pages_sharing was not exact and equal"""
    for w in VM_WORKLOADS:
        case = f"vm-{w}{suffix}"
        before = len(t.rows)
        t.ratio(sub, case, f"VM RAM replay, 4 × {w}{label_suffix}", metric, target,
                ratio_target, **how)
        row = t.rows[before]
        if row["verdict"] == "not run":
            continue
        problems = sharing_problems(rel, sub, case)
        if problems:
            row["verdict"] = "**missed**"
            row["figure"] += ", pages_sharing not exact"
            t.notes += [p + "." for p in problems]
        else:
            row["figure"] += ", exact"


def workers_rows(t):
    """two workers over one (patched), and in a note the ksmd CPU-seconds
    they spent together against one worker's for the same pages"""
    for profile in ("distinct-pairs", "zipf"):
        w2, w1 = f"{profile}-2048x4-w2", f"{profile}-2048x4-w1"
        got = t.paired("workers-targets", f"{profile} 2 GiB × 4 procs",
                       "two workers over one, pages per wall-second (patched)", "≥ 1.7×",
                       w2, w1, "pages_per_second", 1.7, True)
        a = t.rel.row("workers-targets", w2, "ksmd_cpu_seconds")
        b = t.rel.row("workers-targets", w1, "ksmd_cpu_seconds")
        if got and a and b and a["patched"] and b["patched"]:
            pa, pb = run_summary.by_rep(a["patched"]), run_summary.by_rep(b["patched"])
            both = sorted(set(pa) & set(pb))
            per_boot = sorted(pa[k] / pb[k] for k in both)
            t.notes.append(f"{profile} 2 GiB × 4 procs: two workers spent "
                           f"{statistics.median(per_boot):.2f}× one worker's ksmd CPU-seconds "
                           f"for the same pages (median of {len(both)} boots, "
                           f"{per_boot[0]:.2f}–{per_boot[-1]:.2f}).")


def every_case(t, rel):
    """pages_sharing exact and equal, no integrity error, in every case"""
    problems, ncases, nruns_ = [], 0, 0
    for sub, s in sorted(rel.summaries.items()):
        for case in cases_of(s):
            ncases += 1
            nruns_ += nruns(rel.row(sub, case, "pages_sharing"))
            problems += sharing_problems(rel, sub, case)
    t.notes += [p + "." for p in problems if p + "." not in t.notes]
    t.add("every case", "pages_sharing equal on both kernels, integrity errors", "equal, 0",
          f"{ncases} cases, {nruns_} runs: " + ("equal, 0" if not problems
                                               else f"{len(problems)} problem(s)"),
          "-", "not run" if not ncases else "met" if not problems else "**missed**",
          None)


def one_kernel(t, kernel, sub, case, base_sub, base_case, metric, label, what):
    """no target: @kernel's median of @case over its median of @base_case
    (other boots, so each resampled on its own), > 1 = @case better"""
    a, b = t.rel.row(sub, case, metric), t.rel.row(base_sub, base_case, metric)
    if not a or not b or not a[kernel] or not b[kernel]:
        return t.not_run(label, what, "none", sub, t.rel.why_not(sub if not a else base_sub,
                                                                  case if not a else base_case))
    hib = dict(ab_summary.METRICS["merge_throughput"])[metric]
    num, den = (a, b) if hib else (b, a)
    value = num[kernel]["median"] / den[kernel]["median"]
    ci = ab_summary.ratio_ci(num[kernel]["samples"], den[kernel]["samples"], (kernel, kernel))
    t.add(label, what, "none", x(value) + (f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else ""),
          f"{min(a[kernel]['n'], b[kernel]['n'])} ({kernel})", "no target", sub,
          value=value, ci95=ci)


def hash_index_rows(t):
    """pages merged per ksmd CPU-second at 1 GiB against the targets, the
    same on both bases"""
    for case, label, target in (("worst-case-1024", "worst-case 1 GiB", 5.0),
                                ("distinct-pairs-1024", "distinct-pairs 1 GiB", 1.5),
                                ("zipf-1024", "zipf 1 GiB", 2.0)):
        t.ratio("hash-index", case, label, "pages_per_ksmd_cpu_second", f"≥ {target:g}×", target)


def build_612(rel):
    """issue 23's targets on 6.12 (stock 6.12 as shipped: smart scan on),
    then what mainline's own tuning gives, without a target"""
    t = Table(rel)
    hash_index_rows(t)
    t.ratio("batching", "identical-1024-busy", "identical 1 GiB, busy thread",
            "tlb_ipis_per_merged_page", "≤ 1/16 of stock", 16.0, invert=True)
    exact_replays(t, rel, "vm-replay-adv", "-adv", ", advisor on for both",
                  "seconds", "≥ 2× sooner, exact count", 2.0)
    exact_replays(t, rel, "vm-replay", "", ", smart scan on for both", "ksmd_cpu_seconds",
                  "≤ 0.5× of stock, exact count", 2.0, fraction=True)
    workers_rows(t)
    every_case(t, rel)

    # what mainline's smart scan and advisor give, and what is left for the series
    mk, first_mainline = "mainline-knobs", len(t.rows)
    for kernel in ab_summary.KERNELS:
        one_kernel(t, kernel, mk, "zipf-1024-rescans", mk, "zipf-1024-rescans-nosmart",
                   "rescans.pages_per_ksmd_cpu_second", f"zipf 1 GiB rescans, {kernel}",
                   "smart scan on over off, pages rescanned per ksmd CPU-second")
        one_kernel(t, kernel, "hash-index", "zipf-1024", mk, "zipf-1024-nosmart",
                   "pages_per_ksmd_cpu_second", f"zipf 1 GiB, {kernel}",
                   "smart scan on over off, pages merged per ksmd CPU-second")
    t.ratio(mk, "zipf-1024-rescans", "zipf 1 GiB rescans, smart scan on for both",
            "rescans.pages_per_ksmd_cpu_second", "none", 1.0)
    for case, label in (("worst-case-1024-adv", "worst-case 1 GiB, advisor on for both"),
                        ("distinct-pairs-1024-adv", "distinct-pairs 1 GiB, advisor on for both"),
                        ("zipf-1024-adv", "zipf 1 GiB, advisor on for both"),
                        ("identical-1024-busy-adv", "identical 1 GiB, busy thread, advisor on"),
                        ("zipf-2048x4-adv", "zipf 2 GiB × 4 procs, advisor on for both")):
        t.ratio(mk, case, label, "seconds", "none", 1.0)
    # what the port's larger ksm_rmap_item costs (smart scan's fields)
    r = rel.row("memcost", "unique-1024", "memory.sunreclaim_kib_per_unshared_page")
    what = "kernel memory (slab) per unshared page, every page unshared"
    if not r or not r["stock"] or not r["patched"]:
        t.not_run("unique 1 GiB", what, "none", "memcost", rel.why_not("memcost", "unique-1024"))
    else:
        t.add("unique 1 GiB", what, "none",
              f"stock {r['stock']['median'] * 1024:.0f} B, series {r['patched']['median'] * 1024:.0f} B",
              boots(r["stock"], r["patched"]), "no target", "memcost")
    for r in t.rows[first_mainline:]:
        r["group"] = "mainline"
        if r["verdict"] != "not run":
            r["verdict"] = "no target"
    return t


def build(rel):
    if rel.base == "6.12":
        return build_612(rel)
    t = Table(rel)
    hash_index_rows(t)

    # growth of ksmd CPU per merged page, 256 MiB -> 4 GiB (patched; stock in the notes)
    got = t.paired("hash-index", "distinct-pairs 256 MiB → 4 GiB",
                   "ksmd CPU per merged page, growth (patched)", "≤ 1.2×",
                   "distinct-pairs-4096", "distinct-pairs-256", "ksmd_cpu_us_per_merged_page",
                   1.2, False)
    if got and got[0]["stock"] and got[1]["stock"]:
        t.notes.append("distinct-pairs 256 MiB → 4 GiB, ksmd µs per merged page: patched "
                       f"{got[1]['patched']['median']:.1f} → {got[0]['patched']['median']:.1f}, "
                       f"stock {got[1]['stock']['median']:.1f} → {got[0]['stock']['median']:.1f} "
                       f"(×{got[0]['stock']['median'] / got[1]['stock']['median']:.2f}).")

    t.ratio("batching", "identical-1024-busy", "identical 1 GiB, busy thread",
            "tlb_ipis_per_merged_page", "≤ 1/16 of stock", 16.0, invert=True)
    t.ratio("batching", "identical-1024-busy", "identical 1 GiB, busy thread",
            "pages_per_ksmd_cpu_second", "≥ 1.5×", 1.5)

    workers_rows(t)

    for sub, busy in (("vm-replay", ""), ("vm-replay-busy", "-busy")):
        exact_replays(t, rel, sub, busy, ", busy threads" if busy else "", "seconds",
                      "≥ 2× sooner, exact count", 2.0)

    for sub in ("odirect", "odirect-batches"):
        s = rel.summaries.get(sub)
        label, metric = sub, "corrupted blocks; verified reads with KSM on per kernel"
        target = f"0; ≥ {VERIFIED_READS / 1e6:g}M"
        if not s:
            t.not_run(label, metric, target, sub, rel.why_not(sub))
            continue
        corrupted, reads, n = 0, {}, {}
        for case in cases_of(s, "odirect_latency"):
            for k in ab_summary.KERNELS:
                for m in ("corrupted_blocks", "final_check_corrupted"):
                    r = rel.row(sub, case, m)
                    corrupted += sum(r[k]["samples"]) if r and r[k] else 0
                r = rel.row(sub, case, "phase.on.verified_reads")
                reads[k] = reads.get(k, 0) + (sum(r[k]["samples"]) if r and r[k] else 0)
                r = rel.row(sub, case, "corrupted_blocks")
                n[k] = min(n.get(k, 10 ** 9), r[k]["n"] if r and r[k] else 0)
        met = corrupted == 0 and min(reads.values(), default=0) >= VERIFIED_READS
        t.add(label, metric, target,
              f"{corrupted} corrupted; stock {reads.get('stock', 0) / 1e6:.2f}M, "
              f"patched {reads.get('patched', 0) / 1e6:.2f}M reads",
              f"{n.get('stock', 0)}/{n.get('patched', 0)}", "met" if met else "**missed**", sub,
              corrupted=corrupted, verified_reads_ksm_on=reads)

    s = rel.summaries.get("collisions")
    if not s:
        t.not_run("collisions", "converged, exact pages_sharing", "yes", "collisions",
                  rel.why_not("collisions"))
    else:
        problems, runs = [], 0
        for case in cases_of(s):
            problems += sharing_problems(rel, "collisions", case)
            runs += nruns(rel.row("collisions", case, "pages_sharing"))
            r = rel.row("collisions", case, "collisions.total_pages_sharing")
            if not r or not r["stock"] or not r["patched"]:
                problems.append(f"collisions/{case}: no collisions phases in its results")
            elif len(set(r["stock"]["samples"]) | set(r["patched"]["samples"])) > 1:
                problems.append(f"collisions/{case}: total pages_sharing differs between runs")
        t.notes += [p + "." for p in problems]
        t.add("collisions", "converged, exact pages_sharing", "yes",
              f"{len(cases_of(s))} cases, {runs} runs: " + ("all exact" if not problems
                                                             else f"{len(problems)} problem(s)"),
              "-", "met" if not problems and runs else "**missed**", "collisions")

    every_case(t, rel)

    for case, label in (("ksm-tests-P-100", "ksm_tests -P, 100 MiB (its own pace)"),
                        ("ksm-tests-P-1024", "ksm_tests -P, 1 GiB, pages_to_scan 5000")):
        before = len(t.rows)
        t.ratio("ksm-tests", case, label, "mib_per_second", "none (expect ≈ 1.0×)", 1.0)
        if t.rows[before]["verdict"] != "not run":
            t.rows[before]["verdict"] = "no target"
    return t


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("release_table.py: usage: release_table.py RELEASE_DIR (a kernel/release-ab.sh "
              "directory)", file=sys.stderr)
        return 2
    rel = Release(sys.argv[1])
    t = build(rel)
    print("| case | metric | target | v2 figure [95% CI] | boots (stock/patched) | verdict | run |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in t.rows:
        if r.get("group") != "mainline":
            print(f"| {r['case']} | {r['metric']} | {r['target']} | {r['figure']} | "
                  f"{r['boots']} | {r['verdict']} | {('`' + r['run'] + '`') if r['run'] else '-'} |")
    print()
    mainline = [r for r in t.rows if r.get("group") == "mainline"]
    if mainline:
        print(f"Without a target: what {rel.base}'s own tuning gives, what is left for the series, "
              "and what the series costs in memory ("
              "\"on over off\": one kernel, the knob's cases against the same cases without "
              "it; \"for both\": the series over stock, the knob on for both):")
        print()
        print("| case | what | figure [95% CI] | boots | run |")
        print("| --- | --- | --- | --- | --- |")
        for r in mainline:
            print(f"| {r['case']} | {r['metric']} | {r['figure']} | {r['boots']} | "
                  f"{('`' + r['run'] + '`') if r['run'] else '-'} |")
        print()
    shas = sorted({(s["env"].get("series_sha256") or "?") for s in rel.summaries.values()})
    stock = sorted({(s["env"].get("stock_version") or "?") for s in rel.summaries.values()})
    if len(shas) > 1:
        print(f"**The matrices measured different series: {', '.join(x[:12] for x in shas)}.**")
    print(f"Series {', '.join(x[:12] for x in shas) or '?'}…, stock {', '.join(stock) or '?'}, "
          f"{rel.index.get('reps', '?')} boot(s) of each kernel per matrix asked "
          f"(`{os.path.normpath(rel.path)}/`). Ratios of medians over the boots, > 1 = patched "
          "better (times: stock over patched); [bootstrap 95% interval, boots resampled with "
          "replacement, each kernel independently, 10000 times]. met: the interval's bound clears "
          "the target; inconclusive: within 20% of the target with fewer than 5 boots, or no "
          "interval; missed: otherwise.")
    for n in t.notes:
        print(f"- {n}")
    with open(os.path.join(rel.path, "targets.json"), "w") as f:
        json.dump({"series_sha256": shas, "rows": t.rows, "notes": t.notes}, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
