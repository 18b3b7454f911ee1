#!/bin/sh
# bench-suite.sh - the default benchmark sweep on the running kernel
# (`make bench`): merge_throughput over profiles x sizes, repeated, plus a
# multi-process and a busy-threads case; raw JSON per run into
# results/native-<kernel>-<date>/, then summary.json and a table.
#
# usage: scripts/bench-suite.sh [--reps N] [--sizes "MiB..."]
#                               [--profiles "..."] [--out DIR] [--perf]
#
# --perf: each run under perf record (cpu-clock, all CPUs, call graphs);
# ksmd's profile is kept as text beside the JSON (*.perf.txt, *.folded).
# Sampling costs a little time: compare runs made the same way.
set -eu
cd "$(dirname "$0")/.."

reps=3 sizes="256 1024" profiles="identical distinct-pairs worst-case zipf" out="" perf=0
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--sizes) sizes=$2; shift 2 ;;
	--profiles) profiles=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--perf) perf=1; shift ;;
	*) echo "bench-suite: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ "$(id -u)" != 0 ]; then
	echo "bench-suite: must run as root (KSM is driven through /sys/kernel/mm/ksm)" >&2
	exit 2
fi
if [ ! -e /sys/kernel/mm/ksm/run ]; then
	echo "bench-suite: this kernel has no KSM (/sys/kernel/mm/ksm missing)" >&2
	exit 2
fi

[ -n "$out" ] || out=results/native-$(uname -r)-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
if [ "$perf" = 1 ]; then
	if ! perf record -q -e cpu-clock -o /dev/null true 2>/dev/null; then
		echo "bench-suite: --perf: perf cannot record here (install linux-perf; perf_event_paranoid?)" >&2
		exit 2
	fi
	. kernel/guest/lib/perf_ksmd.sh
	rec="perf record -q -e cpu-clock -F 499 -a -g -o $out.perf.data --"
else
	rec=""
fi
# Fast scanning so the sweep measures merge work, not ksmd's sleep.
scan="--pages-to-scan 5000 --sleep-ms 0 --timeout-s 600"
# Cases beyond the profile x size grid: 4 "VMs", and a process whose
# threads keep running on the other CPU so every flush needs an IPI.
extra="zipf:1024:--procs=4 distinct-pairs:1024:--busy-threads=1"

cases=""
for p in $profiles; do
	for s in $sizes; do
		cases="$cases $p:$s:"
	done
done
cases="$cases $extra"
ncases=$(echo $cases | wc -w)
total=$((ncases * reps))
echo "bench-suite: $total runs ($ncases cases x $reps repetitions) -> $out"

n=0 failed=0
for rep in $(seq "$reps"); do
	for c in $cases; do
		n=$((n + 1))
		profile=${c%%:*} rest=${c#*:}
		size=${rest%%:*} opts=$(echo "${rest#*:}" | tr '=' ' ')
		tag=$profile-${size}m$(echo "$opts" | tr -d ' -')
		json=$out/merge_throughput-$tag-r$rep.json
		printf '[%d/%d] %-16s %5s MiB %-16s rep %d ... ' "$n" "$total" "$profile" "$size" "$opts" "$rep"
		# shellcheck disable=SC2086
		if $rec bin/merge_throughput --profile "$profile" --size-mib "$size" $opts $scan \
			-q --json "$json" 2>"$out/.last.err"; then
			[ -z "$rec" ] || perf_ksmd_text "$out.perf.data" "${json%.json}"
			python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; print("%.2f s, %.0f pages/ksmd-cpu-s" % (r["seconds"], r["pages_per_ksmd_cpu_second"] or 0))' "$json"
		else
			failed=$((failed + 1))
			echo "FAILED"
			sed 's/^/    /' "$out/.last.err"
		fi
	done
done
rm -f "$out/.last.err" "$out.perf.data"

scripts/summarize.py "$out"
if [ "$failed" -gt 0 ]; then
	echo "bench-suite: $failed of $total runs failed (not converged or integrity errors)" >&2
	exit 1
fi
