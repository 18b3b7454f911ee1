#!/bin/sh
# link-walk.sh [--kernel K] [--config C] [--out DIR] - an unstable index
# entry's hash chain link kept for lookups still walking through it: the
# test module ksm_link_walker built against KERNEL (default patched) with
# CONFIG (default debug: KASAN sees a walk that leaves the chain), then the
# link-walk plan in a 2-CPU guest.  DIR (default
# results/link-walk/<date>-KERNEL-CONFIG/) gets the plan's link_walk.json
# and logs, the kernel log and splats.txt.  TAP: the plan's line (the
# walker stopped at entries KSM took out of the index), then the kernel
# log's.
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
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/link-walk/$(date -u +%Y%m%d-%H%M)-$kernel-$config
ko=$("$KSMBENCH_ROOT/kernel/build-module.sh" "$("$KSMBENCH_ROOT/kernel/build.sh" "$kernel" "$config")" \
	ksm_link_walker)
mkdir -p "$(dirname "$out")"
rm -rf "$out.run"
"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" --config "$config" --smp 2 \
	--plan "$KSMBENCH_ROOT/kernel/guest/plans/link-walk.sh" --job-file "$ko" \
	--out "$out.run" --mem 2048 --timeout 900 >"$out.log" 2>&1 || true
keep_run "$out.run" "$out"
if grep -q '^ok .*taken out of the index meanwhile' "$out/plan.log" 2>/dev/null; then
	ok "$kernel-$config: $(sed -n 's/^ok [0-9]* //p' "$out/plan.log" | head -n 1)"
else
	diag "$(cat "$out/plan.log" 2>/dev/null || tail -n 20 "$out.log")"
	not_ok "$kernel-$config: the walker stopped at entries KSM took out of the index"
fi
if [ -s "$out/splats.txt" ]; then
	diag "$(head -n 20 "$out/splats.txt")"
	not_ok "$kernel-$config: no kernel report"
else
	ok "$kernel-$config: no kernel report"
fi
tap_done
