#!/bin/sh
# stress.sh [--kernel K] [--config C] [--seconds S] [--out DIR]
#           [--negative-control] [--fault-inject PERCENT] [--cpu-hotplug]
#           [--rejudge]
#
# `make stress`: bench/ksm_stress for S seconds (default 600) in a 2-node
# NUMA TCG guest of KERNEL (default patched) built with CONFIG (default
# debug: KASAN, KFENCE, lockdep, DEBUG_VM...): worker processes rewrite,
# madvise, mprotect, mremap, collapse, fork, O_DIRECT-read and migrate
# KSM-merged memory while KSM's knobs change at random, unmerge cycles run
# and workers are killed and replaced; every page is verified throughout.
# Passes when no page was wrong, no worker died and the kernel log has no
# WARN/BUG/oops/KASAN/lockdep report.  CONFIG=kcsan (the data-race
# detector) passes when no KCSAN report involves mm/ksm.c and there is no
# other report.  NUMA balancing stays on: it adds
# PROT_NONE hinting faults to the mix.
#
# --negative-control also runs the stress (at most 120 s) on the test-only
# kernel without the O_DIRECT pin check (kernel/mutations/skip-pin-check.patch,
# base config) and passes only if the stress catches it.  JSON, plan log and
# kernel log go to DIR (default results/stress/<date>-KERNEL-CONFIG/).  TAP.
#
# --fault-inject PERCENT: failslab and fail_page_alloc make that share of
# ksmd's slab and page allocations fail (every ksmd thread, the workers
# knob's new ones too; kernel/guest/lib/fault_inject.sh, the debug config
# has them); the injected counts go to DIR/.../fault_inject.json and into
# ksm_stress.json as "fault_inject".  --cpu-hotplug: the guest's CPU 1
# goes offline and back every 2 s meanwhile.
#
# --rejudge (CONFIG=kcsan): boot nothing, judge the run already in DIR again,
# for a change to scripts/kcsan_reports.py; its stress verdict is the one
# the logs hold.  KSM_C=FILE judges against that mm/ksm.c instead of the
# kernel's tree (the tests do).
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

kernel=patched config=debug seconds=600 out="" control="" inject="" hotplug="" rejudge=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--negative-control) control=1; shift ;;
	--cpu-hotplug) hotplug=1; shift ;;
	--rejudge) rejudge=1; shift ;;
	--fault-inject)
		case ${2:-} in ''|*[!0-9]*) die "--fault-inject wants a percentage (0-100)" ;; esac
		[ "$2" -le 100 ] || die "--fault-inject wants a percentage (0-100)"
		inject=$2; shift 2 ;;
	*) die "unknown option $1 (see the header of $0)" ;;
	esac
done
case $seconds in ''|*[!0-9]*|0) die "--seconds wants a positive number" ;; esac
[ -z "$rejudge" ] || [ "$config" = kcsan ] || die "--rejudge judges KCSAN runs only (--config kcsan)"
[ -z "$rejudge" ] || [ -n "$out" ] || die "--rejudge needs the earlier run's --out DIR"
[ -z "$rejudge" ] || [ -f "$out/$kernel-$config/kernel.log" ] ||
	die "--rejudge: no earlier run in $out/$kernel-$config"
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/stress/$(date -u +%Y%m%d-%H%M)-$kernel-$config
mkdir -p "$out"
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
# stress KERNEL CONFIG DIR SECONDS: runs the plan; exit status of run-guest.sh
stress() {
	echo "STRESS_ARGS='--seconds $4 --procs 4 --threads 2 --mib 16'" >"$job/stress.env"
	[ -z "$inject" ] || echo "FAULT_INJECT=$inject" >>"$job/stress.env"
	[ -z "$hotplug" ] || echo "CPU_HOTPLUG=1" >>"$job/stress.env"
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$1" --config "$2" \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/stress.sh" --job-file "$job/stress.env" \
		--out "$3.run" --numa --smp 2 --mem 3072 --timeout $(($4 * 4 + 900)) \
		>"$3.log" 2>&1 && rc=0 || rc=$?
	keep_run "$3.run" "$3"
	[ -z "$inject" ] || merge_fault_counts "$3" || rc=1
	return $rc
}

# merge_fault_counts DIR: the injected failure counts into ksm_stress.json
# ("fault_inject": {"percent", "failslab_injected", ...}); fails if none.
merge_fault_counts() {
	python3 - "$1" "$inject" <<'PY'
import json, sys
d, pct = sys.argv[1], int(sys.argv[2])
try:
    counts = json.load(open(d + "/fault_inject.json"))
    res = json.load(open(d + "/ksm_stress.json"))
except (OSError, ValueError) as e:
    sys.exit("fault injection counts missing: %s" % e)
res["fault_inject"] = dict(percent=pct, **counts)
json.dump(res, open(d + "/ksm_stress.json", "w"), indent=1)
print("fault injection: %(failslab_injected)d slab, %(fail_page_alloc_injected)d page "
      "allocations of ksmd failed" % counts, file=sys.stderr)
sys.exit(0 if counts["failslab_injected"] + counts["fail_page_alloc_injected"] else
         "fault injection armed but nothing failed")
PY
}

# injected DIR: ", N slab and M page allocation failures injected", if any
injected() {
	[ -f "$1/fault_inject.json" ] || return 0
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", %d slab and %d page allocation failures injected" % (d["failslab_injected"], d["fail_page_alloc_injected"]))' "$1/fault_inject.json"
}

# summary DIR: the stress's own last line
summary() { grep '^ksm_stress: [0-9]' "$1/ksm_stress.err" 2>/dev/null | tail -n 1; }

# kcsan_checks DIR: a KCSAN kernel reports known data races outside KSM
# (scripts/kcsan_reports.py sorts them): pass when every page was intact,
# the kernel reported nothing else, and no KCSAN report has a frame in a
# function of the mm/ksm.c the kernel was built from.
kcsan_checks() {
	if grep -q '^ok ' "$1/plan.log" 2>/dev/null; then
		ok "$kernel-$config, ${seconds} s: $(summary "$1")"
	else
		diag "$(grep -h 'MISMATCH\|died\|exited' "$1/ksm_stress.err" 2>/dev/null | head -n 10)"
		not_ok "$kernel-$config, ${seconds} s: every page intact"
	fi
	if grep -v 'KCSAN' "$1/splats.txt" 2>/dev/null | grep -q .; then
		diag "$(grep -v 'KCSAN' "$1/splats.txt" | head -n 20)"
		not_ok "$kernel-$config: no kernel report but KCSAN's"
	else
		ok "$kernel-$config: no kernel report but KCSAN's"
	fi
	if python3 "$KSMBENCH_ROOT/scripts/kcsan_reports.py" "$1/kernel.log" \
		"${KSM_C:-$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" "$kernel" 2>/dev/null)/mm/ksm.c}" \
		>"$1/kcsan.json"; then
		ok "$kernel-$config: no KCSAN data race in mm/ksm.c ($(jget "$1/kcsan.json" 'd["reports"]') elsewhere: $(jget "$1/kcsan.json" '", ".join("%s x%d" % kv for kv in d["by_site"].items())'))"
	else
		diag "$(jget "$1/kcsan.json" '"\n".join("\n".join(r["report"]) for r in d["ksm_reports"][:3])')"
		not_ok "$kernel-$config: no KCSAN data race in mm/ksm.c"
	fi
}

# the checks, as TAP; kept in $out/stress.tap as well
checks() {
	dir=$out/$kernel-$config
	if [ "$config" = kcsan ]; then
		[ -n "$rejudge" ] || stress "$kernel" "$config" "$dir" "$seconds" || true
		kcsan_checks "$dir"
	elif stress "$kernel" "$config" "$dir" "$seconds"; then
		ok "$kernel-$config, ${seconds} s: $(summary "$out/$kernel-$config")$(injected "$out/$kernel-$config")"
	else
		diag "$(grep -h 'MISMATCH\|died\|exited' "$out/$kernel-$config/ksm_stress.err" 2>/dev/null | head -n 10)" \
			"$(head -n 20 "$out/$kernel-$config/splats.txt" 2>/dev/null)" \
			"$(tail -n 10 "$out/$kernel-$config.log")"
		not_ok "$kernel-$config, ${seconds} s: every page intact, kernel log clean"
	fi
	[ -n "$control" ] || { tap_done; return; }

	bad=mutation-skip-pin-check
	secs=$((seconds < 120 ? seconds : 120))
	stress "$bad" base "$out/$bad" "$secs" || true
	n=$(grep -c MISMATCH "$out/$bad/ksm_stress.err" 2>/dev/null)
	if [ "${n:-0}" -gt 0 ]; then
		ok "negative control: the kernel without the pin check is caught ($n bad pages in $secs s)"
	else
		diag "$(summary "$out/$bad")"
		not_ok "negative control: the kernel without the pin check is caught"
	fi
	tap_done
}
checks >"$out/stress.tap" && rc=0 || rc=$?
cat "$out/stress.tap"
exit $rc
