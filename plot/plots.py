#!/usr/bin/env python3
"""plots.py - draw every result under results/ with gnuplot (make plots).

usage: plot/plots.py [--results DIR] [--out DIR]

Reads the committed results (A/B summary.json and raw JSON, the running
kernel's make bench and odirect runs) and writes, per result, the data
files gnuplot reads (DIR/data/*.dat) and one SVG per plot (DIR/*.svg),
plus DIR/plots.json: what each plot shows and which results it was made
from (plot/report.py builds the HTML page from it).  Every plot carries its
virtualization (tcg/native), the series hash and how the numbers were
summarized.  Plots for benchmarks that have no results yet are listed in
plots.json as missing, not drawn.
"""
import argparse
import csv
import glob
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from profile_table import symbols as perf_symbols  # noqa: E402  (ksmd's perf report)


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt(v):
    return "NaN" if v is None else repr(float(v))


def q(s):
    """A gnuplot string literal (single quotes, doubled inside)."""
    return "'" + str(s).replace("'", "''") + "'"


class Plotter:
    def __init__(self, results, out):
        self.results, self.out = results, out
        self.data = os.path.join(out, "data")
        os.makedirs(self.data, exist_ok=True)
        self.plots, self.missing = [], []
        self.drawn_gupfast = False
        self.drawn_corunner = False

    def gnuplot(self, script, name, sources, caption, **params):
        params["outfile"] = os.path.join(self.out, name + ".svg")
        caption_title = params["ttl"]
        # enhanced text: a literal underscore is \_
        params["ttl"] = params["ttl"].replace("_", "\\_")
        params["sub"] = params["sub"].replace("_", "\\_")
        expr = "; ".join(f"{k}={q(v) if isinstance(v, str) else v}" for k, v in params.items())
        subprocess.run(["gnuplot", "-e", expr, os.path.join(HERE, script)], check=True)
        self.plots.append({"name": name, "svg": name + ".svg", "title": caption_title,
                           "caption": caption,
                           "sources": sorted(os.path.relpath(s, ROOT) for s in sources)})
        print(f"plots: {params['outfile']}", file=sys.stderr)

    def write(self, name, text):
        path = os.path.join(self.data, name)
        with open(path, "w") as f:
            f.write(text)
        return path


def ab_name(ab_dir):
    """An A/B directory's name: a release A/B's matrix is <release>-<matrix>."""
    parent = os.path.dirname(os.path.normpath(ab_dir))
    if os.path.basename(parent) == "ab":
        return os.path.basename(ab_dir)
    return f"{os.path.basename(parent)}-{os.path.basename(ab_dir)}"


def ab_subtitle(summary, ab_dir, stats=True):
    env = summary["env"]
    g = env.get("guest", {})
    reps = max((r["patched"] or r["stock"] or {"n": 0})["n"] for r in summary["rows"])
    how = f", median of {reps} runs, whiskers min-max" if stats else ""
    return (f"{ab_name(ab_dir)}: virt {env.get('virt')}, {g.get('vcpus')} vCPU "
            f"{g.get('mem_mib')} MiB guest, Linux {env.get('stock_version')}, series "
            f"{(env.get('series_sha256') or '')[:8]}{how}")


# Cases run on the patched kernel only, beside case NAME: NAME + suffix
VARIANTS = (("-b1", "patched, merge_batch_pages=1"), ("-w2", "patched, 2 ksmd workers"))


def is_variant(case):
    return case.endswith(tuple(sfx for sfx, _ in VARIANTS))


def ab_bars(p, ab_dir, summary, metric, name, ttl, ylab, logy=0, only_busy=False):
    """Stock vs patched per case; a case NAME-b1 (patched, merge_batch_pages=1)
    or NAME-w2 (patched, 2 workers) becomes another bar of case NAME."""
    # merge benchmarks only (xxhash_bound's pages are hashed, not merged)
    rows = {(r["case"], r["metric"]): r for r in summary["rows"]
            if r["benchmark"] != "xxhash_bound"}
    cases = [c for (c, m) in rows if m == metric and not is_variant(c)]
    if only_busy:
        cases = [c for c in cases if "busy" in c]
    variants = [(sfx, label) for sfx, label in VARIANTS
                if any((c + sfx, metric) in rows for c in cases)]
    series = ["stock", "patched"] + [label for _, label in variants]
    lines, values = [], 0
    for c in cases:
        cells = [rows[(c, metric)]["stock"], rows[(c, metric)]["patched"]]
        for sfx, _ in variants:
            v = rows.get((c + sfx, metric))
            cells.append(v["patched"] if v else None)
        if not any(s and s["median"] for s in cells):
            continue  # nothing to draw (nothing merged: the unique profile)
        vals = []
        for s in cells:
            vals += [fmt(s["median"]), fmt(s["min"]), fmt(s["max"])] if s else ["NaN"] * 3
            values += bool(s and s["median"])
        lines.append(" ".join([q(c).replace("'", '"')] + vals))
    if not values:
        return
    head = "case " + " ".join(f'"{s}" "" ""' for s in series)
    dat = p.write(f"{name}.dat", head + "\n" + "\n".join(lines) + "\n")
    p.gnuplot("bars.gp", name, [os.path.join(ab_dir, "summary.json")],
              f"{ttl} per case; {ab_subtitle(summary, ab_dir)}.",
              datafile=dat, ttl=ttl, sub=ab_subtitle(summary, ab_dir), ylab=ylab,
              ns=len(series), logy=logy)


def lines_plot(p, name, blocks, sources, caption, **params):
    """blocks: [(series title, [(x, y)...])] -> lines.gp"""
    blocks = [(t, xy) for t, xy in blocks if xy]
    if not blocks:
        return False
    text = "\n\n\n".join(f'"{t}"\n' + "\n".join(f"{x} {y}" for x, y in xy) for t, xy in blocks)
    dat = p.write(name + ".dat", text + "\n")
    p.gnuplot("lines.gp", name, sources, caption, datafile=dat, ns=len(blocks), **params)
    return True


def ab_size(p, ab_dir, summary):
    """Pages merged per ksmd CPU-second against memory size, per profile with
    two sizes or more (cases without busy threads or knobs)."""
    pts = {}
    for r in summary["rows"]:
        if r["metric"] != "pages_per_ksmd_cpu_second" or not r.get("size_mib"):
            continue
        if r["profile"] == "image":
            continue  # replayed RAM images: each case its own contents
        if "busy" in r["case"] or is_variant(r["case"]):
            continue
        for k in ("stock", "patched"):
            if r[k]:
                pts.setdefault((r["profile"], k), {})[r["size_mib"]] = r[k]["median"]
    blocks = [(f"{prof}, {k}", sorted(v.items())) for (prof, k), v in sorted(pts.items())
              if len(v) >= 2]
    lines_plot(p, f"ab-{ab_name(ab_dir)}-size", blocks,
               [os.path.join(ab_dir, "summary.json")],
               "Merge throughput against memory size: flat means the cost of a page "
               f"does not grow with memory; {ab_subtitle(summary, ab_dir)}.",
               ttl="Pages merged per ksmd CPU-second against memory size",
               sub=ab_subtitle(summary, ab_dir, stats=False) + ", medians",
               xlab="mergeable memory (MiB, log scale)",
               ylab="pages merged per ksmd CPU-second", logx=1)


def ab_gupfast(p, ab_dir, summary):
    """GUP-fast ops/s and fallbacks per op against threads, per mode:
    stock and patched, KSM off and on (medians of the runs)."""
    rows = {(r["case"], r["metric"]): r for r in summary["rows"]
            if r["benchmark"] == "gupfast_contention"}
    sub = ab_subtitle(summary, ab_dir, stats=False) + ", medians"
    for case in sorted({c for c, _ in rows}):
        threads = sorted({int(m.split(".")[2]) for c, m in rows
                          if c == case and m.startswith(("run.on.", "run.off."))})

        def series(metric, kernels, phases):
            out = []
            for k in kernels:
                for ph in phases:
                    xy = [(t, rows[(case, f"run.{ph}.{t}.{metric}")][k]["median"])
                          for t in threads if rows.get((case, f"run.{ph}.{t}.{metric}"), {}).get(k)]
                    out.append((f"{k}, KSM {ph}", xy))
            return out
        base = f"ab-{ab_name(ab_dir)}-{case}"
        src = [os.path.join(ab_dir, "summary.json")]
        if lines_plot(p, base + "-ops", series("ops_per_s", ("stock", "patched"), ("off", "on")), src,
                      f"GUP-fast users' throughput against threads ({case}), KSM off and on; {sub}.",
                      ttl=f"GUP-fast ops/s against threads: {case}", sub=sub,
                      xlab="threads", ylab="operations per second", xint=1):
            p.drawn_gupfast = True
        lines_plot(p, base + "-fallbacks", series("fallbacks_per_op", ("stock", "patched"), ("on",)),
                   src, f"GUP-fast fallbacks to the slow path per operation ({case}), KSM on "
                   f"(kprobes on internal_get_user_pages_fast and get_user_pages_unlocked); {sub}.",
                   ttl=f"GUP-fast fallbacks per operation: {case}", sub=sub,
                   xlab="threads", ylab="slow-path calls per operation", xint=1)


def native_gupfast(p, d):
    for f in sorted(glob.glob(os.path.join(d, "gupfast-*.json"))):
        j = load(f)
        runs = j["result"]["runs"]
        mode = j["params"]["mode"]
        blocks = [(f"KSM {ph}", sorted((r["threads"], r["ops_per_s"]) for r in runs
                                       if r["phase"] == ph)) for ph in ("off", "on")]
        sub = native_subtitle(j, os.path.basename(d)) + ", one run"
        if lines_plot(p, f"gupfast-{os.path.basename(d)}-{mode}", blocks, [f],
                      f"GUP-fast users' throughput against threads on the running kernel "
                      f"({mode}); {sub}.", ttl=f"GUP-fast ops/s against threads: {mode}",
                      sub=sub, xlab="threads", ylab="operations per second", xint=1):
            p.drawn_gupfast = True


def cdf(hist):
    total = sum(b[2] for b in hist["buckets"]) or 1
    run, out = 0, []
    for lo, hi, n in hist["buckets"]:
        run += n
        out.append((hi / 1000.0, run / total))
    return out


def latency_cdf(p, name, runs, sources, ttl, sub, key, what, caption):
    """runs: [(label, JSON with result.phases)] -> the CDF of histogram @key
    of each phase; @what names the operations ("read")."""
    blocks = []
    for label, d in runs:
        for ph in d["result"].get("phases", []):
            h = ph.get(key)
            if h and h.get("buckets"):
                blocks.append((f"{label}, KSM {'on' if ph['ksm'] else 'off'}",
                               [(f"{x:.3f}", f"{y:.6f}") for x, y in cdf(h)]))
    return lines_plot(p, name, blocks, sources, f"{caption}; {sub}.",
                      ttl=ttl, sub=sub, xlab=f"{what} latency (µs, log scale)",
                      ylab=f"fraction of {what}s", logx=1, steps=1)


def odirect_cdf(p, name, runs, sources, ttl, sub):
    """runs: [(label, odirect JSON)] -> read latency CDF of each phase."""
    latency_cdf(p, name, runs, sources, ttl, sub, "read_latency_ns", "read",
                "O_DIRECT read latency CDF, KSM off and on")


def ab_corunner(p, ab_dir, summary):
    """corunner_latency: request latency (from the scheduled arrival) CDFs
    per case, stock and patched, KSM off and on, every repetition."""
    by_case = {}
    for f in sorted(glob.glob(os.path.join(ab_dir, "raw", "*-r*", "*.json"))):
        d = load(f)
        if d.get("benchmark") != "corunner_latency":
            continue
        run = os.path.basename(os.path.dirname(f))
        by_case.setdefault(os.path.basename(f)[:-5], []).append(
            (f"{run.rsplit('-r', 1)[0]} r{run.rsplit('-r', 1)[1]}", d, f))
    for case, runs in sorted(by_case.items()):
        if latency_cdf(p, f"ab-{ab_name(ab_dir)}-{case}", [(l, d) for l, d, _ in runs],
                       [f for _, _, f in runs], f"Co-runner request latency ({case}), stock vs patched",
                       ab_subtitle(summary, ab_dir, stats=False), "latency_ns", "request",
                       "Co-runner request latency CDF (from the scheduled arrival to the "
                       "completion), KSM off and on"):
            p.drawn_corunner = True


def ab_odirect(p, ab_dir, summary):
    for mode in ("sync", "uring"):
        runs, sources = [], []
        for k in ("stock", "patched"):
            for f in sorted(glob.glob(os.path.join(ab_dir, "raw", f"{k}-r*", f"odirect-{mode}-*.json"))):
                runs.append((f"{k} {os.path.basename(os.path.dirname(f)).split('-')[-1]}", load(f)))
                sources.append(f)
        if runs:
            odirect_cdf(p, f"ab-{ab_name(ab_dir)}-odirect-{mode}", runs, sources,
                        f"O_DIRECT {mode} read latency, stock vs patched",
                        ab_subtitle(summary, ab_dir, stats=False))


def ab_perf(p, ab_dir, summary, top=12):
    """ksmd's top symbols per case, stock against patched (mean over runs)."""
    by_case = {}
    for f in sorted(glob.glob(os.path.join(ab_dir, "raw", "*-r*", "*.perf.txt"))):
        kernel = os.path.basename(os.path.dirname(f)).rsplit("-r", 1)[0]
        case = os.path.basename(f)[:-len(".perf.txt")]
        by_case.setdefault(case, {}).setdefault(kernel, []).append(f)
    for case, kernels in sorted(by_case.items()):
        mean = {}
        for k, files in kernels.items():
            tot = {}
            for f in files:
                for sym, pct in perf_symbols(f).items():
                    tot[sym] = tot.get(sym, 0.0) + pct / len(files)
            mean[k] = tot
        st, pa = mean.get("stock", {}), mean.get("patched", {})
        syms = sorted(set(st) | set(pa), key=lambda x: (-max(st.get(x, 0), pa.get(x, 0)), x))[:top]
        if not syms:
            continue
        name = f"ab-{ab_name(ab_dir)}-perf-{case}"
        dat = p.write(name + ".dat", "\n".join(
            f'"{x}" {fmt(st.get(x))} {fmt(pa.get(x))}' for x in syms) + "\n")
        sub = ab_subtitle(summary, ab_dir, stats=False) + ", perf cpu-clock (no hardware counters)"
        p.gnuplot("hbars.gp", name, sorted(f for fs in kernels.values() for f in fs),
                  f"Where ksmd's time goes, case {case}: its top symbols, % of ksmd's "
                  f"samples (mean of runs); {sub}.",
                  datafile=dat, ttl=f"ksmd's top symbols: {case}", sub=sub,
                  xlab="% of ksmd's samples", s1="stock", s2="patched", nrows=len(syms))


def native_subtitle(d, what):
    e = d["env"]
    return (f"{what}: running kernel {e.get('kernel_release')}, virt {e.get('virt')} "
            f"(hypervisor {e.get('hypervisor') or 'none'}), {e.get('cpu_model')}, "
            f"{e.get('cpus_online')} CPUs")


def native_odirect(p, d):
    files = sorted(glob.glob(os.path.join(d, "odirect_latency-*.json")))
    if not files:
        return
    runs = [(os.path.basename(f)[len("odirect_latency-"):-5], load(f)) for f in files]
    odirect_cdf(p, f"odirect-{os.path.basename(d)}", runs, files,
                "O_DIRECT read latency on the running kernel",
                native_subtitle(runs[0][1], os.path.basename(d)))


def native_bench(p, d):
    """make bench: pages merged per ksmd CPU-second per case, median of reps."""
    files = sorted(glob.glob(os.path.join(d, "merge_throughput-*.json")))
    cases = {}
    for f in files:
        case = os.path.basename(f)[len("merge_throughput-"):-5].rsplit("-r", 1)[0]
        r = load(f)["result"]
        if r.get("converged") and r.get("integrity_errors") == 0:
            cases.setdefault(case, []).append(r["pages_per_ksmd_cpu_second"])
    if not cases:
        return
    lines = [f'"{c}" {fmt(statistics.median(v))} {fmt(min(v))} {fmt(max(v))}'
             for c, v in sorted(cases.items())]
    name = f"bench-{os.path.basename(d)}"
    dat = p.write(name + ".dat", 'case "running kernel" "" ""\n' + "\n".join(lines) + "\n")
    sub = native_subtitle(load(files[0]), os.path.basename(d)) + ", median, whiskers min-max"
    p.gnuplot("bars.gp", name, files, f"make bench on the running kernel; {sub}.",
              datafile=dat, ttl="Pages merged per ksmd CPU-second (make bench)", sub=sub,
              ylab="pages merged per ksmd CPU-second", ns=1)
    # the grid's cases ("PROFILE-SIZEm") against size, one line per profile
    pts = {}
    for c, v in cases.items():
        prof, _, size = c.rpartition("-")
        if size.endswith("m") and size[:-1].isdigit():
            pts.setdefault(prof, []).append((int(size[:-1]), statistics.median(v)))
    blocks = [(prof, sorted(xy)) for prof, xy in sorted(pts.items()) if len(xy) >= 2]
    sub = native_subtitle(load(files[0]), os.path.basename(d)) + ", medians"
    lines_plot(p, name + "-size", blocks, files,
               f"Merge throughput against memory size on the running kernel; {sub}.",
               ttl="Pages merged per ksmd CPU-second against memory size",
               sub=sub, xlab="mergeable memory (MiB, log scale)",
               ylab="pages merged per ksmd CPU-second", logx=1)


def vm_density(p, dirs):
    """Memory saved over time, one line per VM density run (results/vm/)."""
    blocks, sources, subs = [], [], set()
    for d in dirs:
        dj = os.path.join(d, "density.json")
        r = load(dj)
        if r["status"] != "ok" or not r["result"]:
            continue
        par, env = r["params"], r["env"]
        csv_path = os.path.join(d, r["timeseries"])
        with open(csv_path) as f:
            rows = list(csv.DictReader(f))
        base = r["result"]["baseline_pages_sharing"] * env["page_size"]
        xy = [(float(row["t_s"]), (int(row["saved_bytes"]) - base) / 2**30) for row in rows]
        blocks.append((f"{par['guests']} x {'+'.join(par['workloads'])}, "
                       f"{par['mem_mib']} MiB", xy))
        sources += [dj, csv_path]
        subs.add(f"host {env['kernel_release']}, virt {env['virt']}; guests under "
                 f"{par['guest_accel']}, {par['vcpus']} vCPU each; KSM "
                 f"{par['pages_to_scan']} pages / {par['sleep_ms']} ms, sampled every "
                 f"{par['interval_s']:g} s")
    if not lines_plot(p, "vm-density-saved", blocks, sources,
                      "Memory the host's KSM saves N guests of each workload over time "
                      "(pages_sharing x 4 KiB), from the guests' launch: "
                      + "; ".join(sorted(subs)) + ".",
                      ttl="Memory saved by KSM over time, per VM workload",
                      sub="; ".join(sorted(subs)),
                      xlab="seconds since the guests were launched",
                      ylab="memory saved (GiB)", points=0):
        p.missing.append({"plot": "memory saved over time per VM workload",
                          "why": "no completed VM density runs in results/vm/"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--results", default=os.path.join(ROOT, "results"))
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "plots"))
    a = ap.parse_args()
    p = Plotter(a.results, a.out)
    # a release A/B (kernel/release-ab.sh) holds an A/B directory per matrix
    for s in sorted(glob.glob(os.path.join(a.results, "ab", "*", "summary.json")) +
                    glob.glob(os.path.join(a.results, "ab", "*", "*", "summary.json"))):
        ab_dir, summary = os.path.dirname(s), load(s)
        base = f"ab-{ab_name(ab_dir)}"
        ab_bars(p, ab_dir, summary, "pages_per_ksmd_cpu_second", base + "-throughput",
                "Pages merged per ksmd CPU-second", "pages merged per ksmd CPU-second")
        if any(r["case"].endswith("-w2") for r in summary["rows"]):
            ab_bars(p, ab_dir, summary, "pages_per_second", base + "-wall",
                    "Pages merged per wall-clock second", "pages merged per second")
        ab_bars(p, ab_dir, summary, "tlb_ipis_per_merged_page", base + "-ipis",
                "TLB-flush IPIs per merged page (busy threads on the other vCPU)",
                "IPIs per merged page (log scale)", logy=1, only_busy=True)
        ab_size(p, ab_dir, summary)
        ab_perf(p, ab_dir, summary)
        ab_gupfast(p, ab_dir, summary)
        ab_odirect(p, ab_dir, summary)
        ab_corunner(p, ab_dir, summary)
    for d in sorted(glob.glob(os.path.join(a.results, "native-*"))):
        native_bench(p, d)
    for d in sorted(glob.glob(os.path.join(a.results, "odirect", "native-*"))):
        native_odirect(p, d)
    for d in sorted(glob.glob(os.path.join(a.results, "gupfast", "native-*"))):
        native_gupfast(p, d)
    if not p.drawn_gupfast:
        p.missing.append({"plot": "GUP-fast ops/s against threads",
                          "why": "no gupfast_contention results yet (issue 7)"})
    if not p.drawn_corunner:
        p.missing.append({"plot": "co-runner request latency, stock vs patched",
                          "why": "no corunner_latency A/B results yet (issue 24)"})
    vm_density(p, sorted(os.path.dirname(f) for f in
                         glob.glob(os.path.join(a.results, "vm", "*", "density.json"))))
    with open(os.path.join(a.out, "plots.json"), "w") as f:
        json.dump({"plots": p.plots, "missing": p.missing}, f, indent=1)
        f.write("\n")
    print(f"plots: {len(p.plots)} plots in {a.out}; not drawn: "
          + (", ".join(m["plot"] for m in p.missing) or "none"), file=sys.stderr)


if __name__ == "__main__":
    main()
