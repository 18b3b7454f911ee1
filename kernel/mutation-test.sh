#!/bin/sh
# mutation-test.sh [--seconds S] [--stress-seconds S] [--long-seconds S]
#                  [--only NAME] [--out DIR] [--rejudge]
# - prove that the tests have teeth: every kernel/mutations/NAME.patch puts
# a fixed bug (or a safety check) back into the patched kernel, and the
# test named for it below must fail on that kernel; the same test must
# pass on the patched kernel (and, for the O_DIRECT cases, on stock).
#
#   skip-pin-check        write_protect_ptes() no longer checks for I/O in
#                         flight before merging a page on its own (a pair,
#                         through write_protect_page(): the 2008 seed
#                         mail's bug): odirect_latency reports corrupted
#                         blocks
#   skip-batch-pin-check  the same check dropped for merge batches of
#                         several pages only (the one function serves both)
#   stable-node-set-early v1's stable_tree_insert(): the KSM page points to
#                         its node before it is linked, and the node is
#                         freed when its chain cannot be allocated: the
#                         chain-faults plan (chains of KSM pages made
#                         over and over while 30% of ksmd's allocations
#                         fail) on the debug kernel reports a
#                         use-after-free
#   xxhash-seed0          v1's checksum, xxhash with seed 0: pages crafted
#                         to collide with the zero page's and a common
#                         content's, planted after the genuine KSM pages
#                         exist, hide them from lookups: merge_throughput
#                         --collisions no longer converges exactly
#   checksum-race-unmarked  calc_checksum()'s loads of a page its owner may
#                         be writing, not marked data_race(): 600 s
#                         (--long-seconds) of ksm_stress on the KCSAN
#                         kernel report a data race in mm/ksm.c (7 in the
#                         run that found it)
#   forked-shortcut-any-lock  stable_tree_search()'s "KSM page forked"
#                         shortcut whatever the checksum of the page's
#                         node (issue 19's lock race): the forked-race
#                         plan (bench/ksm_forked_race with the test module
#                         ksm_gate, on the debug kernel, two CPUs) lays
#                         the two workers' interleaving out, and lockdep
#                         or DEBUG_VM reports the wrong lock at
#                         stable_tree_append().  (600 s of two-worker
#                         stress did not: the window is microseconds.)
#   unstable-link-overwritten  an rmap_item's stable tree fields over its
#                         unstable index hash link (v2 up to ff9c9b13),
#                         which lookups of other checksums may still
#                         follow once a pair's tree page left the index:
#                         the link-walk plan (the test module
#                         ksm_link_walker walks the index as such a
#                         lookup, stopping at an entry, while pairs merge;
#                         debug kernel) follows a stable node off the
#                         chain, and KASAN or an oops reports it
#   scan-share-rounded-up  each worker's share of pages_to_scan rounded up
#                         (issue 19 item 5): the vm-test plan's scan-rate
#                         check (two workers, pages_to_scan=1, 100 ms)
#                         sees twice the nominal rate
#   scan-back-to-back     a worker waiting for a full scan to end starts
#                         the next at once: the vm-test plan's scan-pace
#                         check (two workers, one small process,
#                         sleep_millisecs=200) sees 10 full scans in
#                         about half the 2 s one ksmd takes
#   start-worker-sysfs-only  ksm_start_worker() inside CONFIG_SYSFS, which
#                         ksm_init() needs in every configuration:
#                         check-configs.sh (mm/ksm.o with SYSFS off)
#                         fails to build
#
# Which path a merge of odirect_latency's buffers takes depends on the
# stable tree.  Its 4096 filler pages fill 16 KSM pages of max_page_sharing
# 256 exactly: the buffers then only merge in pairs, through the unstable
# tree and write_protect_page().  With 3968 filler pages the last KSM page
# has room for 128: the buffers merge into the stable tree, which the
# series batches.  Each kernel runs in the configuration its mutation
# breaks; stock and patched run in both.
#
# Results, plan logs and guest kernel logs go to DIR (default
# results/mutation/<date>/), with DIR/summary.json: {"env": {...,
# "series_sha256"}, "mutations": [{"name", "test", "caught", "detail"}],
# "controls": [{"kernel", "test", "passed", "detail"}]}.  --out an earlier
# run's DIR keeps its rows: a mutation run again (--only) replaces its row,
# a control its row of the same kernel and test.  --rejudge: the KCSAN and
# forked-race tests boot nothing and judge DIR's earlier logs again (after
# a change to scripts/kcsan_reports.py or scripts/ksm_reports.py); the
# other tests run as usual.  A mutation caught by a kernel report counts
# only reports in mm/ksm.c (a debug kernel under TCG has reported early
# boot problems before any KSM code ran); a control fails on any report.
# TAP.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

seconds=30 stress_seconds=180 long_seconds=600 only="" out="" rejudge="" vmtests_run=""
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--stress-seconds) stress_seconds=$2; shift 2 ;;
	--long-seconds) long_seconds=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--rejudge) rejudge=--rejudge; shift ;;
	*) die "unknown option $1 (--seconds S, --stress-seconds S, --long-seconds S, --only NAME, --out DIR, --rejudge)" ;;
	esac
done
for n in "$seconds" "$stress_seconds" "$long_seconds"; do
	case $n in ''|*[!0-9]*|0) die "seconds must be positive whole numbers" ;; esac
done
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/mutation/$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
rows=$out/rows.jsonl
# the series measured: a rejudge keeps the one its logs came from
sha=$(series_sha256)
if [ -n "$rejudge" ] && [ -f "$out/summary.json" ]; then
	sha=$(jget "$out/summary.json" 'd["env"]["series_sha256"]')
fi
: >"$rows"
# an earlier run into DIR: its rows first (summary() keeps the last of each)
[ -f "$out/summary.json" ] && python3 - "$out/summary.json" >>"$rows" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	for r in d.get("mutations", []):
	    print(json.dumps({"kind": "mutation", "name": r["name"], "test": r["test"],
	                      "ok": r["caught"], "detail": r["detail"]}))
	for r in d.get("controls", []):
	    print(json.dumps({"kind": "control", "name": r["kernel"], "test": r["test"],
	                      "ok": r["passed"], "detail": r["detail"]}))
	PY

# row KIND NAME TEST VERDICT DETAIL: one line of summary.json
row() {
	python3 -c 'import json,sys; k,n,t,v,d=sys.argv[1:]; print(json.dumps(
	    {"kind": k, "name": n, "test": t, "ok": v == "true", "detail": d}))' \
		"$@" >>"$rows"
	summary
}

# summary: DIR/summary.json from the rows so far (written after every row,
# so a run stopped half-way leaves what it did)
summary() {
	python3 - "$rows" "$out/summary.json" "$sha" "$(source_version)" <<-'PY'
	import json, sys, time
	last = {}
	for l in open(sys.argv[1]):
	    r = json.loads(l)
	    key = (r["kind"], r["name"]) if r["kind"] == "mutation" else (r["kind"], r["name"], r["test"])
	    last.pop(key, None)
	    last[key] = r
	rows = list(last.values())
	json.dump({"env": {"series_sha256": sys.argv[3], "linux_source": sys.argv[4],
	                   "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
	           "mutations": [{"name": r["name"], "test": r["test"], "caught": r["ok"],
	                          "detail": r["detail"]} for r in rows if r["kind"] == "mutation"],
	           "controls": [{"kernel": r["name"], "test": r["test"], "passed": r["ok"],
	                         "detail": r["detail"]} for r in rows if r["kind"] == "control"]},
	          open(sys.argv[2], "w"), indent=1)
	PY
}

# corrupted_blocks of every odirect JSON of a run directory, summed
corrupted() {
	python3 - "$1" <<-'PY'
import glob, json, sys
print(sum(json.load(open(f))["result"]["corrupted_blocks"]
          for f in glob.glob(sys.argv[1] + "/odirect_latency-*.json")))
PY
}

# odirect KERNEL HOW: odirect_latency with KSM merging its buffers in pairs
# (HOW=pairs) or into the stable tree (stable); sets $bad (corrupted
# blocks, "?" if unknown) and $rc (run-guest.sh's exit status)
odirect() {
	kernel=$1 how=$2
	extra=""; [ "$how" = stable ] && extra="--filler-pages 3968"
	case $kernel in mutation-*) phases=on ;; *) phases=off,on ;; esac
	echo "ODIRECT_ARGS='--seconds $seconds --size-mib 128 --threads 2 --phases $phases $extra'" \
		>"$job/odirect.env"
	dir=$out/$kernel-$how
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$kernel" \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/odirect.sh" --job-file "$job/odirect.env" \
		--out "$dir.run" --mem 2048 --timeout $((seconds * 8 + 600)) \
		>"$dir.log" 2>&1 && rc=0 || rc=$?
	keep_run "$dir.run" "$dir"
	bad=$(corrupted "$dir" 2>/dev/null || echo "?")
}

# ksm_reports KERNEL DIR: how many of the kernel reports in DIR/kernel.log
# are KSM's, as scripts/ksm_reports.py judges them against the mm/ksm.c
# KERNEL was built from (or $KSM_C); writes DIR/ksm_reports.json and sets
# $inksm ("?" if unknown) and $ksmdetail ("N of M kernel reports in
# mm/ksm.c: " and the first two KSM reports' headlines)
ksm_reports() {
	ksm_c=${KSM_C:-$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" "$1" 2>/dev/null)/mm/ksm.c}
	python3 "$KSMBENCH_ROOT/scripts/ksm_reports.py" "$2/kernel.log" "$ksm_c" \
		>"$2/ksm_reports.json" 2>/dev/null || true
	inksm=$(jget "$2/ksm_reports.json" 'd["in_ksm"]' 2>/dev/null || echo "?")
	ksmdetail=$(jget "$2/ksm_reports.json" '"%d of %d kernel reports in mm/ksm.c%s" % (d["in_ksm"], d["reports"], "".join(": " + r["headline"] for r in d["ksm_reports"][:2]))' 2>/dev/null || echo "kernel reports not judged")
}

# chain_faults KERNEL: the chain-faults plan on the debug config for
# --stress-seconds; sets $rc, $splats (kernel report lines) and $plan (its
# verdict line), and ksm_reports's $inksm and $ksmdetail
chain_faults() {
	dir=$out/$1-chain-faults
	printf 'FAULT_INJECT=30\nCHAIN_SECONDS=%s\n' "$stress_seconds" >"$job/chain.env"
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$1" --config debug \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/chain-faults.sh" \
		--job-file "$job/chain.env" --out "$dir.run" --smp 2 --mem 2048 \
		--timeout $((stress_seconds * 4 + 900)) >"$dir.log" 2>&1 && rc=0 || rc=$?
	keep_run "$dir.run" "$dir"
	splats=$(cat "$dir/splats.txt" 2>/dev/null | wc -l)
	plan=$(grep -E '^(not )?ok .*merge_throughput runs' "$dir/plan.log" 2>/dev/null | head -n 1)
	ksm_reports "$1" "$dir"
}

# collisions KERNEL: the collisions plan (merge_throughput --collisions,
# seed-0 XXH64 collisions planted after the genuine KSM pages); sets $rc
# and $conv (true: converged exactly; false; ? no result)
collisions() {
	dir=$out/$1-collisions
	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$1" \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/collisions.sh" \
		--out "$dir.run" --mem 2048 --timeout 1800 >"$dir.log" 2>&1 && rc=0 || rc=$?
	keep_run "$dir.run" "$dir"
	conv=$(jget "$dir/collisions.json" 'str(d["result"]["converged"]).lower()' 2>/dev/null || echo "?")
	counts=$(jget "$dir/collisions.json" '"pages_sharing %d of %d expected" % (d["result"]["pages_sharing"], d["result"]["expected_pages_sharing"])' 2>/dev/null || echo "no result")
}

# vmtest KERNEL CHECK: the vm-test plan (one boot per kernel per run of
# this script); sets $test, $rc and $line (the verdict line of its check
# named CHECK, empty if there is none)
vmtest() {
	test="vm-test plan: $2"
	dir=$out/$1-vm-test
	case " $vmtests_run " in
	*" $1 "*) rc=$(cat "$dir.rc") ;;	# booted once per run of this script
	*)	"$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel "$1" \
			--plan "$KSMBENCH_ROOT/kernel/guest/plans/vm-test.sh" \
			--out "$dir.run" --numa --smp 2 --mem 4096 --timeout 2400 >"$dir.log" 2>&1 && rc=0 || rc=$?
		keep_run "$dir.run" "$dir"
		echo "$rc" >"$dir.rc"
		vmtests_run="$vmtests_run $1" ;;
	esac
	line=$(grep -E "^(not )?ok .*$2" "$dir/plan.log" 2>/dev/null | head -n 1)
}

# configs KERNEL: check-configs.sh on KERNEL's tree; sets $test and $line
# (its verdict for CONFIG_SYSFS off)
configs() {
	test="check-configs.sh: mm/ksm.o builds W=1 with CONFIG_SYSFS off"
	"$KSMBENCH_ROOT/kernel/check-configs.sh" "$1" -SYSFS,-CONFIGFS_FS,-BLK_DEV_NULL_BLK >"$out/$1-configs.log" 2>&1 || true
	line=$(grep -E '^(not )?ok .*CONFIG_SYSFS off' "$out/$1-configs.log" | head -n 1)
}

# forkrace KERNEL: kernel/forked-race.sh on KERNEL's debug build (with
# --rejudge, the earlier run's logs again: its exit status from its TAP);
# sets $test, $rc, $laid (the interleaving laid out: true, false or ?),
# $reports (kernel report lines), and ksm_reports's $inksm and $ksmdetail
forkrace() {
	test="forked-race plan: a lookup under a stale checksum meets the page mid-merge (debug kernel)"
	dir=$out/$1-forked-race
	if [ -n "$rejudge" ] && [ -f "$dir/kernel.log" ]; then
		if grep -q '^not ok' "$dir.tap"; then rc=1; else rc=0; fi
	else
		"$KSMBENCH_ROOT/kernel/forked-race.sh" --kernel "$1" --config debug --out "$dir" \
			>"$dir.tap" 2>&1 && rc=0 || rc=$?
	fi
	laid=$(jget "$dir/forked_race.json" 'str(d["result"]["laid_out"]).lower()' 2>/dev/null || echo "?")
	reports=$(cat "$dir/splats.txt" 2>/dev/null | grep -c .) || true
	ksm_reports "$1" "$dir"
}

# linkwalk KERNEL: kernel/link-walk.sh on KERNEL's debug build; sets
# $test, $rc, $left (entries the walker stopped at that KSM took out of
# the index meanwhile), $reports (kernel report lines), $walkreps (kernel
# log lines naming the module ksm_link_walker) and ksm_reports's $inksm, $ksmdetail
linkwalk() {
	test="link-walk plan: a lookup stopped at an unstable index entry that KSM merges meanwhile (debug kernel)"
	dir=$out/$1-link-walk
	"$KSMBENCH_ROOT/kernel/link-walk.sh" --kernel "$1" --config debug --out "$dir" \
		>"$dir.tap" 2>&1 && rc=0 || rc=$?
	left=$(jget "$dir/link_walk.json" 'd["left"]' 2>/dev/null || echo "?")
	reports=$(cat "$dir/splats.txt" 2>/dev/null | grep -c .) || true
	ksm_reports "$1" "$dir"
	# the walk that left the chain is the module's: its reports name it
	walkreps=$(grep -c '\[ksm_link_walker\]' "$dir/kernel.log" 2>/dev/null) || true
}

# kcsan KERNEL: kernel/stress.sh on KERNEL's KCSAN build for
# --long-seconds; sets $test, $rc (its exit status), $inksm (races in
# mm/ksm.c, as scripts/kcsan_reports.py judges them; "?" if unknown) and
# $kdetail
kcsan() {
	test="ksm_stress ${long_seconds} s on the KCSAN kernel"
	dir=$out/$1-kcsan
	"$KSMBENCH_ROOT/kernel/stress.sh" --kernel "$1" --config kcsan --seconds "$long_seconds" \
		--out "$dir" $rejudge >"$dir.log" 2>&1 && rc=0 || rc=$?
	k=$dir/$1-kcsan/kcsan.json
	inksm=$(jget "$k" 'd["in_ksm"]' 2>/dev/null || echo "?")
	kdetail="$inksm KCSAN reports in mm/ksm.c of $(jget "$k" 'd["reports"]' 2>/dev/null || echo "?"): $(jget "$k" '", ".join(sorted({f for r in d["ksm_reports"] for f in r["ksm_functions"]}))' 2>/dev/null)"
}

wanted() { [ -z "$only" ] || [ "$only" = "$1" ]; }

# mutation NAME: build it, run its test, expect it caught
mutation() {
	name=$1 kernel=mutation-$1
	case $name in
	skip-pin-check|skip-batch-pin-check)
		how=pairs; [ "$name" = skip-batch-pin-check ] && how=stable
		test="odirect_latency, buffers merged in $how, ${seconds} s"
		odirect "$kernel" "$how"
		if [ "$bad" != "?" ] && [ "$bad" -gt 0 ]; then caught=true
		else caught=false; diag "$(tail -n 15 "$out/$kernel-$how.log")"; fi
		detail="$bad corrupted blocks"
		;;
	stable-node-set-early)
		test="chain-faults ${stress_seconds} s, debug kernel, 30% of ksmd's allocations failing"
		chain_faults "$kernel"
		case $inksm in ''|*[!0-9]*|0) caught=false ;; *) caught=true ;; esac
		detail=$ksmdetail
		;;
	xxhash-seed0)
		test="merge_throughput --collisions (seed-0 XXH64 collisions planted after the genuine KSM pages)"
		collisions "$kernel"
		if [ "$conv" = false ]; then caught=true; else caught=false; fi
		detail="converged: $conv, $counts"
		;;
	forked-shortcut-any-lock)
		forkrace "$kernel"
		case $inksm in ''|*[!0-9]*|0) caught=false ;; *) caught=$laid ;; esac
		detail="laid out: $laid, $ksmdetail"
		;;
	checksum-race-unmarked)
		kcsan "$kernel"
		case $inksm in ''|*[!0-9]*|0) caught=false ;; *) caught=true ;; esac
		detail=$kdetail
		;;
	unstable-link-overwritten)
		linkwalk "$kernel"
		case $walkreps in ''|*[!0-9]*|0) caught=false ;; *) caught=true ;; esac
		detail="walker stopped at $left entries KSM took out of the index, $walkreps kernel log lines name the module ksm_link_walker, $reports kernel report lines"
		;;
	scan-share-rounded-up)
		vmtest "$kernel" "two workers scan pages_to_scan=1 per 100 ms together"
		case $line in "not ok"*) caught=true ;; *) caught=false ;; esac
		detail="${line:-no verdict line, run-guest exit $rc}"
		;;
	scan-back-to-back)
		vmtest "$kernel" "two workers start full scans sleep_millisecs apart"
		case $line in "not ok"*) caught=true ;; *) caught=false ;; esac
		detail="${line:-no verdict line, run-guest exit $rc}"
		;;
	start-worker-sysfs-only)
		configs "$kernel"
		case $line in "not ok"*) caught=true ;; *) caught=false ;; esac
		detail="${line:-no verdict line}"
		;;
	*)
		test="none" caught=false detail="no test is named for this mutation in $0"
		;;
	esac
	if [ "$caught" = true ]; then ok "$kernel is caught by $test ($detail)"
	else not_ok "$kernel is caught by $test ($detail)"; fi
	row mutation "$name" "$test" "$caught" "$detail"
}

# control KERNEL TEST [CHECK]: the test passes on a kernel without the
# mutation (CHECK: which of the vm-test plan's checks)
control() {
	kernel=$1
	case $2 in
	pairs|stable)
		test="odirect_latency, buffers merged in $2, ${seconds} s"
		odirect "$kernel" "$2"
		if [ "$rc" = 0 ] && [ "$bad" = 0 ]; then passed=true; else passed=false; fi
		detail="$bad corrupted blocks, run-guest exit $rc"
		;;
	chain-faults)
		test="chain-faults ${stress_seconds} s, debug kernel, 30% of ksmd's allocations failing"
		chain_faults "$kernel"
		if [ "$rc" = 0 ] && [ "$splats" = 0 ] && [ "${plan#ok}" != "$plan" ]; then
			passed=true
		else
			passed=false
		fi
		detail="run-guest exit $rc, $splats kernel report lines ($ksmdetail); ${plan:-no verdict}"
		;;
	collisions)
		test="merge_throughput --collisions (seed-0 XXH64 collisions planted after the genuine KSM pages)"
		collisions "$kernel"
		if [ "$conv" = true ] && [ "$rc" = 0 ]; then passed=true; else passed=false; fi
		detail="converged: $conv, $counts, run-guest exit $rc"
		;;
	forked-race)
		forkrace "$kernel"
		if [ "$rc" = 0 ] && [ "$laid" = true ] && [ "$reports" = 0 ]; then passed=true; else passed=false; fi
		detail="laid out: $laid, $reports kernel report lines ($ksmdetail), forked-race.sh exit $rc"
		;;
	link-walk)
		linkwalk "$kernel"
		case $left in ''|*[!0-9]*|0) passed=false ;; *) passed=true ;; esac
		[ "$rc" = 0 ] && [ "$reports" = 0 ] || passed=false
		detail="walker stopped at $left entries KSM took out of the index, $reports kernel report lines ($ksmdetail), link-walk.sh exit $rc"
		;;
	kcsan)
		kcsan "$kernel"
		if [ "$rc" = 0 ] && [ "$inksm" = 0 ]; then passed=true; else passed=false; fi
		detail="$kdetail, stress.sh exit $rc"
		;;
	vm-test)
		vmtest "$kernel" "$3"
		case $line in "ok "*) passed=true ;; *) passed=false ;; esac
		detail="${line:-no verdict line}, run-guest exit $rc"
		;;
	configs)
		configs "$kernel"
		case $line in "ok "*) passed=true ;; *) passed=false ;; esac
		detail="${line:-no verdict line}"
		;;
	esac
	[ "$passed" = true ] || diag "$(tail -n 15 "$out/$kernel-"*"$2"*.log 2>/dev/null)"
	if [ "$passed" = true ]; then ok "$kernel passes $test ($detail)"
	else not_ok "$kernel passes $test ($detail)"; fi
	row control "$kernel" "$test" "$passed" "$detail"
}

for p in "$KSMBENCH_MUTATIONS"/*.patch; do
	name=$(basename "$p" .patch)
	wanted "$name" && mutation "$name"
done
if wanted skip-pin-check || wanted skip-batch-pin-check; then
	for k in stock patched; do control $k pairs; control $k stable; done
fi
wanted stable-node-set-early && control patched chain-faults
wanted xxhash-seed0 && control patched collisions
wanted start-worker-sysfs-only && control patched configs
wanted scan-share-rounded-up &&
	control patched vm-test "two workers scan pages_to_scan=1 per 100 ms together"
wanted scan-back-to-back &&
	control patched vm-test "two workers start full scans sleep_millisecs apart"
wanted checksum-race-unmarked && control patched kcsan
wanted forked-shortcut-any-lock && control patched forked-race
wanted unstable-link-overwritten && control patched link-walk

rm -f "$rows"
tap_done
