# shellcheck shell=sh
# module-plan.sh - sourced by the laid-out race tests (forked-race.sh,
# link-walk.sh), after common.sh and tests/tap.sh.
#
# module_plan_main NAME MODULE PATTERN WHAT [--kernel K] [--config C]
# [--out DIR]: module_plan on KERNEL (default patched) with CONFIG (default
# debug), plan NAME.sh, DIR default results/NAME/<date>-KERNEL-CONFIG/
module_plan_main() {
	mm_name=$1 mm_module=$2 mm_pattern=$3 mm_what=$4
	shift 4
	kernel=patched config=debug out=""
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel=$2; shift 2 ;;
		--config) config=$2; shift 2 ;;
		--out) out=$2; shift 2 ;;
		*) die "unknown option $1 (--kernel K, --config C, --out DIR)" ;;
		esac
	done
	[ -n "$out" ] || out=$KSMBENCH_ROOT/results/$mm_name/$(date -u +%Y%m%d-%H%M)-$kernel-$config
	module_plan "$kernel" "$config" "$mm_module" "$mm_name.sh" "$out" "$mm_pattern" "$mm_what"
	tap_done
}

# module_plan KERNEL CONFIG MODULE PLAN OUT PATTERN WHAT: the test module
# MODULE (kernel/guest/modules/) built against KERNEL's CONFIG build, then
# the guest plan PLAN (kernel/guest/plans/) in a 2-CPU guest of it; OUT
# gets the plan's results and logs, the kernel log and splats.txt (OUT.log
# the guest runner's).  TAP: the plan's ok line if it matches PATTERN
# (else "not ok KERNEL-CONFIG: WHAT"), then "no kernel report".
module_plan() {
	mp_ko=$("$KSMBENCH_ROOT/kernel/build-module.sh" \
		"$("$KSMBENCH_ROOT/kernel/build.sh" "$1" "$2")" "$3")
	mkdir -p "$(dirname "$5")"
	rm -rf "$5.run"
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$1" --config "$2" --smp 2 \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/$4" --job-file "$mp_ko" \
		--out "$5.run" --mem 2048 --timeout 900 >"$5.log" 2>&1 || true
	keep_run "$5.run" "$5"
	if grep -q "$6" "$5/plan.log" 2>/dev/null; then
		ok "$1-$2: $(sed -n 's/^ok [0-9]* //p' "$5/plan.log" | head -n 1)"
	else
		diag "$(cat "$5/plan.log" 2>/dev/null || tail -n 20 "$5.log")"
		not_ok "$1-$2: $7"
	fi
	if [ -s "$5/splats.txt" ]; then
		diag "$(head -n 20 "$5/splats.txt")"
		not_ok "$1-$2: no kernel report"
	else
		ok "$1-$2: no kernel report"
	fi
}
