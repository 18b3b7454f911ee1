#!/usr/bin/env python3
"""report.py - one self-contained HTML page of every result (make report).

usage: plot/report.py [--plots DIR] [--out FILE]

Reads DIR/plots.json (written by plot/plots.py) and the results it was made
from (paths relative to the repository): every plot is embedded (SVG as a data: URI), every A/B result gets
its key numbers as a table and its metadata, and each says how to
reproduce it.  The page opens with the newest release A/B
(results/ab/*-release-*/, kernel/release-ab.sh): its table of targets,
computed by scripts/release_table.py as README.md's, then its matrices;
every other result follows under "History".  Links point inside the page or, relative to the page, at the
committed result files.  The page checks itself when opened: a <pre
id="selfcheck"> reads "selfcheck ok" only if every image decoded and every
in-page link has its target (tests/e2e/test_report.sh opens it in headless
Chromium).
"""
import argparse
import base64
import datetime
import glob
import html
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import release_table  # noqa: E402  (the table of targets, as the README's)

KEY_METRICS = ("pages_per_ksmd_cpu_second", "tlb_ipis_per_merged_page", "pages_sharing",
               "integrity_errors", "ksm_deltas.tlb_flushes", "corrupted_blocks",
               "phase.on.iops", "phase.on.read_latency_ns.p99")

SELFCHECK = """
<script>
window.addEventListener("load", function () {
  var bad = [], imgs = document.images, links = document.querySelectorAll('a[href^="#"]');
  for (var i = 0; i < imgs.length; i++)
    if (!imgs[i].complete || imgs[i].naturalWidth === 0) bad.push("image " + imgs[i].alt);
  for (var j = 0; j < links.length; j++)
    if (!document.getElementById(links[j].getAttribute("href").slice(1)))
      bad.push("link " + links[j].getAttribute("href"));
  document.getElementById("selfcheck").textContent = bad.length ?
    "selfcheck FAILED: " + bad.join("; ") :
    "selfcheck ok: " + imgs.length + " images, " + links.length + " in-page links";
});
</script>
"""

STYLE = """
<style>
body { font-family: sans-serif; max-width: 1180px; margin: 1em auto; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
td, th { border: 1px solid #bbb; padding: 2px 8px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; border: 1px solid #ddd; }
code, pre { background: #f4f4f4; }
.meta td { text-align: left; }
</style>
"""


def esc(s):
    return html.escape(str(s))


def num(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.0f}" if abs(v) >= 100 else f"{v:.4g}"
    return str(v)


def cell(s):
    return "-" if not s else f"{num(s['median'])} [{num(s['min'])}–{num(s['max'])}] n={s['n']}"


def anchor(path):
    return "r-" + "".join(c if c.isalnum() else "-" for c in path)


def img(plot, plots_dir):
    with open(os.path.join(plots_dir, plot["svg"]), "rb") as f:
        data = base64.b64encode(f.read()).decode()
    return (f'<figure><img alt="{esc(plot["name"])}" src="data:image/svg+xml;base64,{data}">'
            f'<figcaption>{esc(plot["caption"])}</figcaption></figure>')


def rel(path, out):
    return os.path.relpath(os.path.join(ROOT, path), os.path.dirname(os.path.abspath(out)))


def ab_section(ab_dir, plots, plots_dir, out):
    s = json.load(open(os.path.join(ab_dir, "summary.json")))
    env = s["env"]
    name = os.path.relpath(ab_dir, ROOT)
    parts = [f'<h2 id="{anchor(name)}">A/B {esc(os.path.basename(ab_dir))}</h2>',
             '<table class="meta">']
    for k in ("virt", "stock_version", "series_sha256", "git_revision", "command",
              "started_utc", "finished_utc"):
        parts.append(f"<tr><td>{esc(k)}</td><td>{esc(env.get(k))}</td></tr>")
    g = env.get("guest", {})
    parts.append(f"<tr><td>guest</td><td>{esc(g.get('vcpus'))} vCPU, {esc(g.get('mem_mib'))} MiB, "
                 f"{esc(g.get('cpu_model'))}</td></tr>")
    h = env.get("host", {})
    parts.append(f"<tr><td>host</td><td>{esc(h.get('kernel'))}, {esc(h.get('cpu'))}, "
                 f"{esc(h.get('cpus'))} CPUs</td></tr>")
    parts.append(f'<tr><td>files</td><td><a href="{esc(rel(name + "/summary.json", out))}">'
                 f'summary.json</a>, <a href="{esc(rel(name + "/ab.txt", out))}">ab.txt</a>, '
                 f'raw/ (every JSON, plan and kernel log)</td></tr></table>')
    rows = [r for r in s["rows"] if r["metric"] in KEY_METRICS
            and (r["stock"] or r["patched"])]
    if rows:
        parts.append("<table><tr><th>case</th><th>metric</th><th>stock</th><th>patched</th>"
                     "<th>ratio (&gt;1 = patched better)</th></tr>")
        for r in rows:
            parts.append(f"<tr><td>{esc(r['case'])}</td><td>{esc(r['metric'])}</td>"
                         f"<td>{cell(r['stock'])}</td><td>{cell(r['patched'])}</td>"
                         f"<td>{num(r['ratio'])}</td></tr>")
        parts.append("</table>")
    for p in plots:
        parts.append(img(p, plots_dir))
    return "\n".join(parts)


def native_section(name, plots, plots_dir, out):
    parts = [f'<h2 id="{anchor(name)}">Running kernel: {esc(os.path.basename(name))}</h2>']
    files = sorted(glob.glob(os.path.join(ROOT, name, "*.json")))
    if files:
        env = json.load(open(files[0]))["env"]
        parts.append('<table class="meta">')
        for k in ("kernel_release", "virt", "hypervisor", "cpu_model", "cpus_online",
                  "mem_total_kib", "date_utc", "git_revision"):
            parts.append(f"<tr><td>{esc(k)}</td><td>{esc(env.get(k))}</td></tr>")
        parts.append(f'<tr><td>files</td><td><a href="{esc(rel(name, out))}">{esc(name)}/</a>'
                     "</td></tr></table>")
    for p in plots:
        parts.append(img(p, plots_dir))
    return "\n".join(parts)


def vm_section(name, plots, plots_dir, out):
    """The VM density runs: one table row per run, then their plot."""
    parts = [f'<h2 id="{anchor(name)}">VM density runs ({esc(name)}/)</h2>',
             "<table><tr><th>run</th><th>guests</th><th>workload</th><th>host kernel</th>"
             "<th>guests under</th><th>saved</th><th>% of resident guest RAM</th>"
             "<th>90% after</th><th>ksmd CPU-s</th><th>git</th></tr>"]
    for path in sorted(glob.glob(os.path.join(ROOT, name, "*", "density.json"))):
        d = json.load(open(path))
        r, par, env = d["result"], d["params"], d["env"]
        if d["status"] != "ok" or not r:
            continue
        run = os.path.relpath(os.path.dirname(path), ROOT)
        pct = 100.0 * r["final_saved_bytes"] / (r["final_rss_kib_total"] << 10)
        parts.append(f'<tr><td><a href="{esc(rel(run, out))}">{esc(os.path.basename(run))}</a>'
                     f"</td><td>{par['guests']} x {par['mem_mib']} MiB</td>"
                     f"<td>{esc('+'.join(par['workloads']))}</td>"
                     f"<td>{esc(env['kernel_release'])}</td><td>{esc(par['guest_accel'])}</td>"
                     f"<td>{r['final_saved_bytes'] / 2**30:.2f} GiB</td><td>{pct:.1f}%</td>"
                     f"<td>{num(r['time_to_90pct_of_final_s'])} s</td>"
                     f"<td>{num(r['ksmd_cpu_s'])}</td><td>{esc(env['git_revision'])}</td></tr>")
    parts.append("</table>")
    for p in plots:
        parts.append(img(p, plots_dir))
    return "\n".join(parts)


def latest_release():
    """The newest release A/B directory (kernel/release-ab.sh), or None."""
    found = sorted(glob.glob(os.path.join(ROOT, "results", "ab", "*", "release.json")))
    return os.path.relpath(os.path.dirname(found[-1]), ROOT) if found else None


def release_matrices(rel_dir):
    """The release's matrices that have a summary, in the order it ran them."""
    with open(os.path.join(ROOT, rel_dir, "release.json")) as f:
        index = json.load(f)
    subs = (os.path.join(rel_dir, m["dir"]) for m in index["matrices"].values())
    return [k for k in subs if os.path.exists(os.path.join(ROOT, k, "summary.json"))]


def release_section(rel_dir, out):
    """The table of targets of README.md, computed the same way, and its notes."""
    release = release_table.Release(os.path.join(ROOT, rel_dir))
    t = release_table.build(release)
    shas = sorted({(s["env"].get("series_sha256") or "?")[:12]
                   for s in release.summaries.values()})
    parts = [f'<h2 id="targets">Targets: the release A/B of series {esc(", ".join(shas))}</h2>',
             f'<p>From <a href="{esc(rel(rel_dir, out))}">'
             f"{esc(rel_dir)}/</a> (<code>make release-ab</code>), by "
             "<code>scripts/release_table.py</code>, as in README.md. Ratios of medians over "
             "the boots, &gt; 1 = patched better; [bootstrap 95% interval]; met only when the "
             "interval's bound clears the target. The run's plots follow the table.</p>",
             "<table><tr><th>case</th><th>metric</th><th>target</th><th>v2 figure [95% CI]</th>"
             "<th>boots (stock/patched)</th><th>verdict</th><th>run</th></tr>"]
    for r in t.rows:
        run = os.path.relpath(os.path.join(ROOT, r["run"]), ROOT) if r["run"] else None
        link = f'<a href="#{anchor(run)}">{esc(os.path.basename(run))}</a>' if run else "-"
        parts.append(f"<tr><td>{esc(r['case'])}</td><td>{esc(r['metric'])}</td>"
                     f"<td>{esc(r['target'])}</td><td>{esc(r['figure'])}</td>"
                     f"<td>{esc(r['boots'])}</td><td><b>{esc(r['verdict'].strip('*'))}</b></td>"
                     f"<td>{link}</td></tr>")
    parts.append("</table><ul>")
    parts += [f"<li>{esc(n)}</li>" for n in t.notes]
    parts.append("</ul>")
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plots", default=os.path.join(ROOT, "results", "plots"))
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "report.html"))
    a = ap.parse_args()
    index = json.load(open(os.path.join(a.plots, "plots.json")))

    # group the plots by the result they were drawn from
    groups = {}
    for p in index["plots"]:
        src = p["sources"][0]
        key = src.split("/raw/")[0] if "/ab/" in src else os.path.dirname(src)
        if key.endswith("/summary.json"):
            key = os.path.dirname(key)
        if key.startswith("results/vm/"):
            key = "results/vm"  # one plot of every density run
        groups.setdefault(key, []).append(p)

    rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12"],
                         capture_output=True, text=True).stdout.strip() or "unknown"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"<h1>ksmbench report</h1><p>Generated {esc(now)} from git {esc(rev)} by "
            "<code>make report</code> (plots by <code>make plots</code>, gnuplot). Under TCG "
            "(virt tcg) times are emulated: read the ratios of stock and patched measured in "
            "the same run, and the exact counts, not the seconds.</p>",
            "<h2 id=\"contents\">Contents</h2><ul>"]
    # the release A/B first (its table of targets, then its matrices), then
    # every other result under "History", newest first
    release = latest_release()
    first = release_matrices(release) if release else []
    rest = [k for k in groups if k not in first]
    history = (sorted((k for k in rest if k.startswith("results/ab/")), reverse=True) +
               sorted(k for k in rest if not k.startswith("results/ab/")))
    if release:
        body.append('<li><a href="#targets">Targets: the release A/B</a><ul>')
        body += [f'<li><a href="#{anchor(k)}">{esc(k)}</a></li>' for k in first]
        body.append("</ul></li>")
    body.append('<li><a href="#history">History: every other run (A/B runs newest first)</a><ul>')
    body += [f'<li><a href="#{anchor(k)}">{esc(k)}</a></li>' for k in history]
    body.append('</ul></li><li><a href="#missing">Not drawn yet</a></li>'
                '<li><a href="#reproduce">How to reproduce</a></li></ul>')
    if release:
        body.append(release_section(release, a.out))
    for key in first:
        body.append(ab_section(os.path.join(ROOT, key), groups.get(key, []), a.plots, a.out))
    body.append('<h2 id="history">History: every other run (A/B runs newest first)</h2>'
                "<p>Earlier versions of the series and the studies beside the targets; "
                "results/README.md says what each shows.</p>")
    for key in history:
        if key.startswith("results/ab/"):
            body.append(ab_section(os.path.join(ROOT, key), groups[key], a.plots, a.out))
        elif key == "results/vm":
            body.append(vm_section(key, groups[key], a.plots, a.out))
        else:
            body.append(native_section(key, groups[key], a.plots, a.out))
    body.append('<h2 id="missing">Not drawn yet</h2><ul>')
    for m in index["missing"]:
        body.append(f"<li>{esc(m['plot'])}: {esc(m['why'])}</li>")
    body.append("</ul>")
    body.append('<h2 id="reproduce">How to reproduce</h2><pre>'
                "make bench                 # the running kernel, results/native-*\n"
                "make bench-odirect         # O_DIRECT on the running kernel, results/odirect/\n"
                "make ab AB_ARGS=\"--matrix kernel/ab/NAME.matrix --mem 6144\"   # stock vs patched\n"
                "make vm-density WORKLOAD=web GUESTS=4 CAPTURE=1   # results/vm/\n"
                "make vm-replay RUNS=\"results/vm/RUN ...\"   # their RAM on stock vs patched\n"
                "make plots report          # this page\n"
                "</pre><p>Each A/B section gives its exact command; "
                '<a href="#contents">back to the contents</a>.</p>')
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>ksmbench report</title>" + STYLE + "</head><body>\n" + "\n".join(body) +
            '\n<pre id="selfcheck">selfcheck did not run</pre>\n' + SELFCHECK + "</body></html>\n")
    with open(a.out, "w") as f:
        f.write(page)
    print(f"report: {a.out} ({len(index['plots'])} plots)")


if __name__ == "__main__":
    main()
