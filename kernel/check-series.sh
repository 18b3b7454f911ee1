#!/bin/sh
# check-series.sh [--out DIR] [--from N] - every prefix of the series
# (patch 1, 1-2, 1-2-3, ...) must stand on its own: checkpatch --strict on
# its last patch, then build it as the patched kernel and run the vm-test
# plan on it (the plan tests what the prefix has: the batch and workers
# cases only where their knobs exist).  Ends by rebuilding the whole
# series.  TAP, one line per prefix.
#
# DIR (default results/check-series/<date>/) gets each prefix's vm-test
# TAP (N.tap), its guest and kernel logs (N/), and summary.json, written
# after every prefix (scripts/check_series_record.py): {"env":
# {"series_sha256", "linux_source", "date"}, "patches": [{"n", "name",
# "ksm_c_lines_changed", "builds", "boots", "vm_test": "passed/total",
# "vm_test_skipped", "checkpatch": "clean" or checkpatch's total line,
# "ok"}]}.  A prefix already in DIR's summary with "ok" true is not run
# again (--out an earlier DIR resumes it); --from N starts at prefix N.
# About 5 minutes a prefix.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

out="" from=1
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--from) from=$2; shift 2 ;;
	*) die "unknown option $1 (--out DIR, --from N)" ;;
	esac
done
case $from in ''|*[!0-9]*|0) die "--from takes a prefix number (1, 2, ...)" ;; esac
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/check-series/$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
src=$("$KSMBENCH_ROOT/kernel/fetch-source.sh")
full_sha=$(series_sha256)

# done_before N: N passed in an earlier run into the same DIR
done_before() {
	[ -f "$out/summary.json" ] && python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(r["n"] == int(sys.argv[2]) and r["ok"] for r in d.get("patches", []))
         and d["env"]["series_sha256"] == sys.argv[3] else 1)' "$out/summary.json" "$1" "$full_sha"
}

total=$(series_names | wc -l)
[ "$total" -gt 0 ] || die "the series is empty"
log "checking prefixes $from-$total of the series into $out"
for n in $(seq "$from" "$total"); do
	name=$(KSMBENCH_SERIES_LIMIT=$n series_names | tail -n 1)
	what="patches 1-$n (up to $name): checkpatch --strict, build, vm-test plan"
	if done_before "$n"; then
		ok "$what # already passed in $out"
		continue
	fi
	cp=ok
	cpout=$(checkpatch_strict "$src" "$KSMBENCH_PATCHES/$name") || cp=fail
	log "prefix $n/$total: $name"
	# judged by its TAP below: a failing prefix is recorded, and the next ones run
	KSMBENCH_SERIES_LIMIT=$n VMTEST_OUT=$out/$n \
		"$KSMBENCH_ROOT/kernel/vm-test.sh" patched base >"$out/$n.tap" 2>"$out/$n.err" || true
	python3 "$KSMBENCH_ROOT/scripts/check_series_record.py" "$out/summary.json" \
		"$full_sha" "$(source_version)" "$n" "$KSMBENCH_PATCHES/$name" \
		"$cpout" "$out/$n.tap" "$out/$n.err"
	if grep -q '^# [0-9]* passed, 0 failed' "$out/$n.tap" && [ $cp = ok ]; then
		ok "$what ($(grep -o '^# [0-9]* passed' "$out/$n.tap" | cut -c3-))"
	else
		[ $cp = ok ] || diag "$cpout"
		diag "$(grep '^not ok' "$out/$n.tap" | head -n 10)" "$(tail -n 5 "$out/$n.err")"
		not_ok "$what"
	fi
done
"$KSMBENCH_ROOT/kernel/build.sh" patched base >/dev/null
tap_done
