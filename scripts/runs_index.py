#!/usr/bin/env python3
"""runs_index.py - every committed run, a line each: when, what, which series.

usage: runs_index.py [RESULTS_DIR]   (default results/, from the repository top)

Prints a markdown table, newest first (results/README.md carries it between
BEGIN/END GENERATED markers): per run its directory, what kind of run it is
(an A/B's matrix file, or the results/ sub-directory: check-series,
mutation, stress, debug, ...), the series it measured (the first 8 hex of
its series_sha256, from ab.txt or the first JSON or text file that names
one, "-" where none does: the running kernel, VM density, a stock-only
check), the boots of each kernel for an A/B (raw/<kernel>-r<N>/ whose guest
finished) and the section of results/README.md that reads it (the first
heading naming its directory).  A release A/B (kernel/release-ab.sh) is a
line per matrix.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_summary  # noqa: E402  (ab.txt's metadata)
SHA = re.compile(r'series_sha256["\':= ]+([0-9a-f]{64})')
KINDS = ("check-series", "check-configs", "mutation", "stress", "debug", "hash-cost", "vm", "link-walk",
         "odirect", "gupfast", "numa-repeat")


def series_of(d):
    """the series_sha256 a run names first: ab.txt, then its files, one level down"""
    files = [os.path.join(d, "ab.txt")] + sorted(glob.glob(os.path.join(d, "*.json"))) + \
        sorted(glob.glob(os.path.join(d, "*.txt"))) + sorted(glob.glob(os.path.join(d, "*", "*.json")))
    for f in files:
        if os.path.isfile(f) and os.path.getsize(f) < 4 << 20:
            with open(f, errors="replace") as fh:
                m = SHA.search(fh.read())
            if m:
                return m.group(1)[:8]
    m = re.search(r"-([0-9a-f]{8})$", os.path.basename(d))   # named by its series
    return m.group(1) if m else "-"


def ab_info(d):
    """(matrix, boots) of a kernel/ab.sh directory"""
    m = re.search(r"--matrix (\S+)", ab_summary.meta_of(d).get("command", ""))
    matrix = os.path.basename(m.group(1)) if m else "-"
    boots = {}
    for r in glob.glob(os.path.join(d, "raw", "*-r[0-9]*")):
        name = os.path.basename(r)
        if not re.fullmatch(r"[a-z0-9-]+-r\d+", name) or not os.path.isdir(r):
            continue
        kernel = name.rsplit("-r", 1)[0]
        boots[kernel] = boots.get(kernel, 0) + 1
    order = sorted(boots, key=lambda k: (k != "stock", k))
    return matrix, "/".join(f"{boots[k]} {k}" for k in order) or "-"


def started(d):
    m = re.match(r"(\d{8})-(\d{4})", os.path.basename(d)) or \
        re.search(r"-(\d{8})-(\d{4})", os.path.basename(d))
    if m:
        day, hm = m.groups()
        return f"{day[:4]}-{day[4:6]}-{day[6:]} {hm[:2]}:{hm[2:]}"
    m = re.search(r"-(\d{8})-(\d{6})$", os.path.basename(d))
    if m:
        day, hms = m.groups()
        return f"{day[:4]}-{day[4:6]}-{day[6:]} {hms[:2]}:{hms[2:4]}"
    return "-"


def sections(results):
    """(heading, its text) of every '## ' section of results/README.md"""
    path = os.path.join(results, "README.md")
    if not os.path.isfile(path):
        return []
    out = []
    with open(path) as f:
        for line in f:
            if line.startswith("## "):
                out.append([line[3:].strip(), ""])
            if out:
                out[-1][1] += line
    # not the section carrying this table, which names every run
    return [h for h in out if "scripts/runs_index.py" not in h[1]]


def read_in(rel, heads):
    """the first section whose heading names the run, else whose text does"""
    rel = rel.rstrip("/")
    parent = os.path.dirname(rel)
    names = [rel]
    if not rel.startswith("results/ab/"):   # a section of all the runs of a kind
        names += [parent + "/native-*", parent] if parent != "results" else ["results/native-*"]
    for name in names:
        for where in (0, 1):
            for h in heads:
                if re.search(re.escape(name) + r"[/`\s]", h[where]):
                    return h[0].split(" (")[0]
    return "-"


def runs(results):
    """(started, relative dir, kind, series, boots) of every run"""
    out = []
    for ab in glob.glob(os.path.join(results, "ab", "*", "ab.txt")) + \
            glob.glob(os.path.join(results, "ab", "*", "*", "ab.txt")):
        d = os.path.dirname(ab)
        matrix, boots = ab_info(d)
        when = started(d)
        if when == "-":     # a release A/B's matrix: the release's start
            when = started(os.path.dirname(d))
        out.append((when, d, "A/B " + matrix, series_of(d), boots))
    for kind in KINDS:
        for d in glob.glob(os.path.join(results, kind, "*")):
            if os.path.isdir(d):
                out.append((started(d), d, kind, series_of(d), "-"))
    for d in glob.glob(os.path.join(results, "native-*")):
        out.append((started(d), d, "running kernel (make bench)", "-", "-"))
    return sorted(out, key=lambda r: (r[0], r[1]), reverse=True)


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "results")
    if len(sys.argv) > 2 or not os.path.isdir(results):
        print("runs_index.py: usage: runs_index.py [RESULTS_DIR]", file=sys.stderr)
        return 2
    heads = sections(results)
    print("| started (UTC) | run | what | series | boots | read in |")
    print("| --- | --- | --- | --- | --- | --- |")
    for when, d, kind, sha, boots in runs(results):
        rel = os.path.relpath(d, os.path.dirname(os.path.abspath(results)))  # results/...
        print(f"| {when} | `{rel}/` | {kind} | {sha} | {boots} | {read_in(rel, heads)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
