#!/bin/sh
# numa-repeat.sh [--kernel K] [--out DIR] - the base's ksm_tests -N -m 1 ten
# times in a 2-node NUMA guest, with KSM's tracepoints recorded per run
# (kernel/guest/plans/numa-repeat.sh), then scripts/numa_repeat_table.py's
# row for it.  KERNEL: stock or patched (default).  DIR (default
# results/numa-repeat/<date>-KERNEL-<base>[-<series sha prefix>]/) gets the
# run-guest output: run.env, results/plan.log, trace-N.txt, numa-N.log.
# A tracepoint base (6.5+: 6.12) only.  Exit status: the plan's.
. "$(dirname "$0")/common.sh"

kernel=patched out=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) die "unknown option $1 (--kernel stock|patched, --out DIR)" ;;
	esac
done
case $kernel in stock|patched) ;; *) die "--kernel: stock or patched, not '$kernel'" ;; esac
[ "$KSMBENCH_BASE" != 6.1 ] || die "6.1 has no KSM tracepoints (6.5+): BASE=6.12"
if [ -z "$out" ]; then
	tag=$kernel-$KSMBENCH_BASE
	[ "$kernel" = patched ] && tag=$tag-$(series_sha256 | cut -c1-8)
	out=$KSMBENCH_ROOT/results/numa-repeat/$(date -u +%Y%m%d-%H%M)-$tag
fi
"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" --config base \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/numa-repeat.sh" --out "$out" \
	--numa --smp 2 --mem 4096 --timeout 1200 && rc=0 || rc=$?
python3 "$KSMBENCH_ROOT/scripts/numa_repeat_table.py" "$out"
exit "$rc"
