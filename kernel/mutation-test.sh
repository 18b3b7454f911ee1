#!/bin/sh
# mutation-test.sh [--seconds S] [--out DIR] - prove the O_DIRECT integrity
# check has teeth.
#
# Two test-only kernels, patched + a kernel/mutations/ patch, run
# odirect_latency with KSM on: skip-pin-check (write_protect_page() no
# longer checks for I/O in flight before merging a page: the bug of the 2008
# seed mail) and skip-batch-pin-check (the same check dropped from the
# series' merge batches only).  Each passes only if corrupted blocks are
# reported within S seconds per device.  Stock and patched, in the same
# session, must report none.  JSON, plan logs and guest kernel logs go to
# DIR (default results/mutation/<date>/).  TAP.
#
# Which path a merge of odirect_latency's buffers takes depends on the
# stable tree.  Its 4096 filler pages fill 16 KSM pages of max_page_sharing
# 256 exactly: the buffers then only merge in pairs, through the unstable
# tree and write_protect_page().  With 3968 filler pages the last KSM page
# has room for 128: the buffers merge into the stable tree, which the
# series batches.  Each kernel runs in the configuration its mutation
# breaks; stock and patched run in both.
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

pairs="" stable="--filler-pages 3968"
for run in mutation-skip-pin-check:pairs mutation-skip-batch-pin-check:stable \
	stock:pairs stock:stable patched:pairs patched:stable; do
	kernel=${run%%:*} how=${run#*:}
	eval "extra=\$$how"
	case $kernel in mutation-*) phases=on ;; *) phases=off,on ;; esac
	echo "ODIRECT_ARGS='--seconds $seconds --size-mib 128 --threads 2 --phases $phases $extra'" \
		>"$job/odirect.env"
	dir=$out/$kernel-$how
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/odirect.sh" --job-file "$job/odirect.env" \
		--out "$dir.run" --mem 2048 --timeout $((seconds * 8 + 600)) \
		>"$dir.log" 2>&1 && rc=0 || rc=$?
	mkdir -p "$dir"
	cp "$dir.run"/results/*.json "$dir.run"/results/*.err "$dir.run"/results/plan.log \
		"$dir.run"/run.env "$dir.run"/splats.txt "$dir.run"/kernel.log "$dir/" 2>/dev/null
	rm -rf "$dir.run"
	bad=$(corrupted "$dir" 2>/dev/null || echo "?")
	if [ "${kernel#mutation-}" != "$kernel" ]; then
		if [ "$bad" != "?" ] && [ "$bad" -gt 0 ]; then
			ok "$kernel ($how merges) is caught: $bad corrupted blocks in ${seconds} s per device"
		else
			diag "$(tail -n 15 "$dir.log")"
			not_ok "$kernel ($how merges) is caught (corrupted blocks: $bad)"
		fi
	elif [ "$rc" = 0 ] && [ "$bad" = 0 ]; then
		ok "$kernel ($how merges): no corrupted block, no kernel splat"
	else
		diag "$(tail -n 15 "$dir.log")"
		not_ok "$kernel ($how merges): no corrupted block, no kernel splat (corrupted: $bad, run-guest exit $rc)"
	fi
done
tap_done
