#!/bin/sh
# splat-test.sh [KERNEL] - negative control for the harness itself: boot
# KERNEL, provoke a real WARN with lkdtm, and pass only if run-guest.sh
# reports the run failed because of it.  TAP on stdout.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

kernel=${1:-patched}
out=$KSMBENCH_ROOT/build/splat-test-$kernel
"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/splat-probe.sh" --out "$out" \
	--timeout 600 2>"$out.log" && rc=0 || rc=$?
if [ "$rc" = 1 ] && grep -q 'WARNING:' "$out/splats.txt"; then
	ok "a WARN provoked in the guest fails the run (run-guest.sh exit 1)"
else
	diag "run-guest.sh exit $rc" "$(cat "$out.log")"
	not_ok "a WARN provoked in the guest fails the run (run-guest.sh exit 1)"
fi
# and the detector itself, on the lines it must and must not flag
tmp=$(mktemp)
printf '%s\n' "[    1.0] ksm: all fine" "[    2.0] WARNING: CPU: 1 PID: 9 at mm/ksm.c:100" \
	"[    3.0] BUG: KASAN: use-after-free in cmp_and_merge_page" \
	"[    4.0] rcu: INFO: rcu_sched detected stalls on CPUs" >"$tmp"
n=$("$KSMBENCH_ROOT/kernel/find-splats.sh" "$tmp" | wc -l)
rm -f "$tmp"
if [ "$n" = 3 ]; then ok "find-splats.sh flags WARN, KASAN and RCU stalls, not clean lines"
else not_ok "find-splats.sh flags WARN, KASAN and RCU stalls, not clean lines (got $n of 3)"; fi
tap_done
