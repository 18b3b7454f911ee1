#!/bin/sh
# gupfast-suite.sh - gupfast_contention on the running kernel (`make
# bench-gupfast`): every mode this kernel has (odirect on a file, vmsplice,
# gup-test where CONFIG_GUP_TEST and debugfs are there), threads 1 to 2 x
# CPUs, KSM off then on, one JSON per mode into
# results/gupfast/native-<kernel>-<date>/.
#
# usage: scripts/gupfast-suite.sh [--seconds S] [--out DIR]
set -eu
cd "$(dirname "$0")/.."

seconds=5 out=""
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "gupfast-suite: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || out=results/gupfast/native-$(uname -r)-$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
modes="odirect vmsplice"
[ -e /sys/kernel/debug/gup_test ] && modes="$modes gup-test"
failed=0
for m in $modes; do
	echo "gupfast-suite: $m -> $out/gupfast-$m.json"
	bin/gupfast_contention --mode "$m" --seconds "$seconds" -q \
		--json "$out/gupfast-$m.json" || failed=$((failed + 1))
done
[ -e /sys/kernel/debug/gup_test ] ||
	echo "gupfast-suite: no $([ -d /sys/kernel/debug ] && echo gup_test || echo debugfs) here: gup-test mode not run"
[ "$failed" = 0 ] || { echo "gupfast-suite: $failed mode(s) failed" >&2; exit 1; }
