#!/bin/sh
# odirect-suite.sh - O_DIRECT latency and integrity under KSM on the running
# kernel (`make bench-odirect`): odirect_latency sync and io_uring, KSM off
# then on in each run, then the fio cross-check, into
# results/odirect/native-<kernel>-<date>/.  Each run's JSON, its stderr log
# (progress, summary, any corrupted block) and exit status are kept.
#
# usage: scripts/odirect-suite.sh [--seconds S] [--out DIR]
#   --seconds S   length of each KSM off / on phase (default 60: over
#                 1,000,000 verified reads per phase on this machine)
set -eu
cd "$(dirname "$0")/.."

seconds=60 out=""
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "odirect-suite: unknown option $1" >&2; exit 2 ;;
	esac
done
case $seconds in ''|*[!0-9]*|0) echo "odirect-suite: --seconds wants a positive number" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "odirect-suite: must run as root" >&2; exit 2; }
[ -e /sys/kernel/mm/ksm/run ] || { echo "odirect-suite: this kernel has no KSM" >&2; exit 2; }

[ -n "$out" ] || out=results/odirect/native-$(uname -r)-$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
echo "odirect-suite: sync, io_uring and fio, ${seconds} s per phase -> $out"

failed=0
for mode in sync uring; do
	echo "odirect-suite: odirect_latency --mode $mode"
	rc=0
	bin/odirect_latency --mode "$mode" --seconds "$seconds" \
		--json "$out/odirect_latency-$mode.json" 2>"$out/odirect_latency-$mode.log" || rc=$?
	echo "exit status $rc" >>"$out/odirect_latency-$mode.log"
	grep '^odirect_latency: KSM\|corrupted' "$out/odirect_latency-$mode.log" || true
	[ $rc = 0 ] || failed=$((failed + 1))
done
rc=0
scripts/fio-crosscheck.sh --out "$out/fio" >"$out/fio-crosscheck.log" 2>&1 || rc=$?
cat "$out/fio-crosscheck.log"
[ $rc = 0 ] || failed=$((failed + 1))
if [ $failed -gt 0 ]; then
	echo "odirect-suite: $failed of 3 runs failed (corruption or I/O error: see the logs)" >&2
	exit 1
fi
