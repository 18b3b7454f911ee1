#!/bin/sh
# forked-race.sh [--kernel K] [--config C] [--out DIR] - issue 19's lock
# race laid out in a guest of KERNEL (default patched) built with CONFIG
# (default debug, whose lockdep and DEBUG_VM see a wrong checksum lock):
# the test module ksm_gate built against it (kernel/build-module.sh), then
# the forked-race plan (bench/ksm_forked_race) in a 2-CPU guest.  DIR
# (default results/forked-race/<date>-KERNEL-CONFIG/) gets the plan's
# forked_race.json and logs, the kernel log and splats.txt.  TAP: the
# plan's line (laid out, the page merged exactly), then the kernel log's.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

kernel=patched config=debug out=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) die "unknown option $1 (--kernel K, --config C, --out DIR)" ;;
	esac
done
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/forked-race/$(date -u +%Y%m%d-%H%M)-$kernel-$config
ko=$("$KSMBENCH_ROOT/kernel/build-module.sh" "$("$KSMBENCH_ROOT/kernel/build.sh" "$kernel" "$config")")
rm -rf "$out.run"
"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" --config "$config" --smp 2 \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/forked-race.sh" --job-file "$ko" \
	--out "$out.run" --mem 2048 --timeout 900 >"$out.log" 2>&1 || true
keep_run "$out.run" "$out"
if grep -q '^ok .*forked-page race laid out' "$out/plan.log" 2>/dev/null; then
	ok "$kernel-$config: $(sed -n 's/^ok [0-9]* //p' "$out/plan.log" | head -n 1)"
else
	diag "$(cat "$out/plan.log" 2>/dev/null || tail -n 20 "$out.log")"
	not_ok "$kernel-$config: the forked-page race laid out, the page merged exactly"
fi
if [ -s "$out/splats.txt" ]; then
	diag "$(head -n 20 "$out/splats.txt")"
	not_ok "$kernel-$config: no kernel report"
else
	ok "$kernel-$config: no kernel report"
fi
tap_done
