#!/bin/sh
# mutation-test.sh [--seconds S] [--out DIR] - prove the O_DIRECT integrity
# check has teeth.
#
# A test-only kernel, patched + kernel/mutations/skip-pin-check.patch (KSM
# no longer checks for I/O in flight before merging a page: the bug of the
# 2008 seed mail), runs odirect_latency with KSM on; the run passes only if
# corrupted blocks are reported within S seconds per device.  The same plan
# on stock and on patched, in the same session, must report none.  JSON,
# plan logs and guest kernel logs go to DIR (default
# results/mutation/<date>/).  TAP.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

seconds=30 out=""
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) die "unknown option $1 (--seconds S, --out DIR)" ;;
	esac
done
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/mutation/$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT

# corrupted_blocks of every odirect JSON of a run directory, summed
corrupted() {
	python3 - "$1" <<'PY'
import glob, json, sys
print(sum(json.load(open(f))["result"]["corrupted_blocks"]
          for f in glob.glob(sys.argv[1] + "/odirect_latency-*.json")))
PY
}

for kernel in mutation-skip-pin-check stock patched; do
	if [ "$kernel" = mutation-skip-pin-check ]; then phases=on; else phases=off,on; fi
	echo "ODIRECT_ARGS='--seconds $seconds --size-mib 128 --threads 2 --phases $phases'" \
		>"$job/odirect.env"
	dir=$out/$kernel
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/odirect.sh" --job-file "$job/odirect.env" \
		--out "$dir.run" --mem 2048 --timeout $((seconds * 8 + 600)) \
		>"$dir.log" 2>&1 && rc=0 || rc=$?
	mkdir -p "$dir"
	cp "$dir.run"/results/*.json "$dir.run"/results/*.err "$dir.run"/results/plan.log \
		"$dir.run"/run.env "$dir.run"/splats.txt "$dir.run"/kernel.log "$dir/" 2>/dev/null
	rm -rf "$dir.run"
	bad=$(corrupted "$dir" 2>/dev/null || echo "?")
	if [ "$kernel" = mutation-skip-pin-check ]; then
		if [ "$bad" != "?" ] && [ "$bad" -gt 0 ]; then
			ok "the broken kernel is caught: $bad corrupted blocks in ${seconds} s per device"
		else
			diag "$(tail -n 15 "$dir.log")"
			not_ok "the broken kernel is caught (corrupted blocks: $bad)"
		fi
	elif [ "$rc" = 0 ] && [ "$bad" = 0 ]; then
		ok "$kernel: no corrupted block, no kernel splat"
	else
		diag "$(tail -n 15 "$dir.log")"
		not_ok "$kernel: no corrupted block, no kernel splat (corrupted: $bad, run-guest exit $rc)"
	fi
done
tap_done
