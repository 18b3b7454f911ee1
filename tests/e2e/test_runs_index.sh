#!/bin/sh
# Tests of scripts/runs_index.py on a made-up results/ tree: a line per run,
# newest first; an A/B's matrix, series (from ab.txt) and boots per kernel
# (only raw/<kernel>-r<N> directories); a release A/B a line per matrix,
# dated by the release; another kind's series from its JSON or its name;
# "read in": the first section whose heading names the run, else whose
# text does, never the section that carries the table itself.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
R=$tmp/results
ab() { # DIR MATRIX SHA BOOTS...
	d=$R/ab/$1; mkdir -p "$d/raw"
	printf 'command: kernel/ab.sh --matrix %s --reps 1\nseries_sha256: %s\n' "$2" "$3" >"$d/ab.txt"
	shift 3
	for b in "$@"; do mkdir -p "$d/raw/$b"; done
}
ab 20261126-0414-hash-index-8fa387dd hash-index.matrix "$(printf '8fa387dd%056d' 0)" stock-r1 patched-r1 stock-r2
mkdir -p "$R/ab/20261126-0414-hash-index-8fa387dd/raw/incomplete"
ab 20261207-1530-release-ff9c9b13/batching batching.matrix "$(printf 'ff9c9b13%056d' 0)" stock-r1 patched-r1
mkdir -p "$R/stress/20261207-0736-patched-debug" "$R/check-configs/20261207-1326-fbad85f3"
printf '{"env": {"series_sha256": "%s"}}\n' "$(printf 'cff48eee%056d' 0)" >"$R/stress/20261207-0736-patched-debug/ksm_stress.json"
cat >"$R/README.md" <<'MD'
# Results
## Every run
<!-- BEGIN GENERATED: python3 scripts/runs_index.py -->
`results/stress/20261207-0736-patched-debug/`
<!-- END GENERATED -->
## The hash index (`results/ab/20261126-0414-hash-index-8fa387dd/`)
text
## Stress
the run `results/stress/20261207-0736-patched-debug/` found nothing.
MD
if python3 scripts/runs_index.py "$R" >"$tmp/out" 2>"$tmp/err" &&
	[ "$(sed -n '3,$p' "$tmp/out" | cut -d'|' -f2 | tr -d ' ' | tr '\n' ' ')" = "2026-12-0715:30 2026-12-0713:26 2026-12-0707:36 2026-11-2604:14 " ] &&
	grep -qF "| A/B batching.matrix | ff9c9b13 | 1 stock/1 patched | - |" "$tmp/out" &&
	grep -qF "hash-index-8fa387dd/\` | A/B hash-index.matrix | 8fa387dd | 2 stock/1 patched | The hash index |" "$tmp/out" &&
	grep -qF "| stress | cff48eee | - | Stress |" "$tmp/out" &&
	grep -qF "| check-configs | fbad85f3 | - | - |" "$tmp/out"; then
	ok "a line per run, newest first: matrix, series, boots, the section that reads it"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "a line per run, newest first: matrix, series, boots, the section that reads it"
fi
usage_error scripts/runs_index.py runs_index.py "$tmp/nosuchdir"
tap_done
