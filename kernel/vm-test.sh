#!/bin/sh
# vm-test.sh [KERNEL] [CONFIG] - boot KERNEL (default patched) built with
# CONFIG (default base) in a 2-node NUMA TCG guest and run the vm-test plan:
# the base's KSM/GUP/COW selftests and quick runs of every benchmark.  Prints
# TAP: the plan's tests, plus "the guest finished" and "the kernel log is
# clean" (no WARN/BUG/oops/lockdep/KASAN...).  Logs: build/vm-test-KERNEL-CONFIG/
# (build/vm-test-KERNEL-CONFIG-BASE/ on a base other than 6.1; or $VMTEST_OUT).
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

kernel=${1:-patched} config=${2:-base}
out=${VMTEST_OUT:-$KSMBENCH_ROOT/build/vm-test-$kernel-$config$KSMBENCH_BASE_SUFFIX}
"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" --config "$config" \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/vm-test.sh" --out "$out" \
	--numa --smp 2 --mem 4096 --timeout 2400 ${VMTEST_ARGS:-} && rc=0 || rc=$?

planlog=$out/results/plan.log
if [ -f "$planlog" ]; then
	# re-count the plan's TAP lines into this script's own stream
	while IFS= read -r line; do
		case $line in
		"not ok "*"# TODO "*) line=${line#not ok [0-9]* }; todo "${line%% # TODO *}" "${line#* # TODO }" ;;
		"not ok "*) not_ok "${line#not ok [0-9]* }" ;;
		"ok "*"# SKIP"*) skip "${line#*# SKIP }" ;;
		"ok "*) ok "${line#ok [0-9]* }" ;;
		"# "[0-9]*" passed,"*|1..*) ;;
		"#"*) echo "$line" ;;
		esac
	done <"$planlog"
fi
if [ "$rc" = 124 ]; then
	not_ok "the guest finished the plan (timed out; see $out/guest.log)"
elif [ -f "$planlog" ]; then
	ok "the guest finished the plan"
else
	not_ok "the guest finished the plan (no results; see $out/guest.log, $out/kernel.log)"
fi
if [ -s "$out/splats.txt" ]; then
	diag "$(head -n 20 "$out/splats.txt")"
	not_ok "the guest kernel log is clean (no WARN/BUG/oops/lockdep/KASAN)"
else
	ok "the guest kernel log is clean (no WARN/BUG/oops/lockdep/KASAN)"
fi
tap_done
