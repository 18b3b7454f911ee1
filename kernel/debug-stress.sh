#!/bin/sh
# debug-stress.sh [KERNEL] [--out DIR] - KERNEL (default patched) built with
# the debug config (KASAN, KFENCE, lockdep, PROVE_RCU, DEBUG_ATOMIC_SLEEP,
# DEBUG_VM, DEBUG_LIST): the vm-test plan, then kernel/ab/debug-stress.matrix
# (chains, zero pages, zipf over several processes, worst case, busy
# threads) in a 2-node NUMA guest.  Any kernel report, test failure,
# inexact merge count or corrupted page fails it.  Logs and JSON go to DIR
# (default results/debug/<date>-KERNEL/).  TAP.
#
# NUMA balancing is off in the stress guest: 6.1's follow_page() will not
# return a page whose PTE NUMA hinting has made PROT_NONE (fixed upstream
# by FOLL_HONOR_NUMA_FAULT, not in 6.1), so KSM cannot merge the pages of
# an idle process that NUMA balancing scanned - stock and patched alike -
# and exact merge counts would then be unreachable.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

kernel=patched out=""
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	-*) die "unknown option $1 (--out DIR)" ;;
	*) kernel=$1; shift ;;
	esac
done
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/debug/$(date -u +%Y%m%d-%H%M)-$kernel
mkdir -p "$out"
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
cp "$KSMBENCH_ROOT/kernel/ab/debug-stress.matrix" "$job/matrix"

VMTEST_ARGS="--timeout 7200" "$KSMBENCH_ROOT/kernel/vm-test.sh" "$kernel" debug \
	>"$out/vm-test.tap" 2>"$out/vm-test.log" && rc=0 || rc=$?
keep_run "$KSMBENCH_ROOT/build/vm-test-$kernel-debug" "$out/vm-test"
if [ "$rc" = 0 ]; then ok "vm-test on $kernel-debug: $(tail -n 1 "$out/vm-test.tap" | sed 's/^# //')"
else diag "$(grep -v '^ok' "$out/vm-test.tap" | tail -n 15)"; not_ok "vm-test on $kernel-debug"; fi

"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" --config debug \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/matrix.sh" --job-file "$job/matrix" \
	--out "$job/run" --mem 4096 --numa --append "numa_balancing=disable" \
	--timeout 7200 >"$out/stress.log" 2>&1 && rc=0 || rc=$?
keep_run "$job/run" "$out/stress"
if [ "$rc" = 0 ]; then ok "stress matrix on $kernel-debug: no kernel report, every merge exact, every page intact"
else diag "$(tail -n 15 "$out/stress.log")"; not_ok "stress matrix on $kernel-debug"; fi
tap_done
