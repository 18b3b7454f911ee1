#!/bin/sh
# kernel/ab.sh stopped and resumed, with tests/e2e/fake_guest_runner.sh in
# place of the guests (KSMBENCH_AB_RUNNER: nothing is built or booted):
# boots in ABBA order; --out of an earlier run runs only the boots it
# lacks (more --reps add boots); a boot stopped before it finished runs
# again, a boot that stopped mid-plan is moved to incomplete/ and runs
# again, a boot whose cases failed but whose plan finished is a result
# and is not run again; another matrix, series or guest size is refused
# before anything runs.  workloads/ab-replay.sh --skip-missing leaves out
# the runs whose images are gone or changed, saying why, and resumes with
# --out.  TAP.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KSMBENCH_AB_RUNNER="$PWD/tests/e2e/fake_guest_runner.sh" FAKE_RUNNER_LOG="$tmp/boots"
printf '# two cases\na merge_throughput --profile identical\nb merge_throughput --profile zipf\n' >"$tmp/m.matrix"

# ab OUT ARGS...: kernel/ab.sh on $tmp/m.matrix into OUT; stderr in $tmp/err,
# the boots the runner saw in $tmp/boots (emptied first)
ab() {
	abo=$1; shift
	: >"$tmp/boots"
	kernel/ab.sh --matrix "$tmp/m.matrix" --out "$abo" "$@" >/dev/null 2>"$tmp/err"
}
boots() { cut -d' ' -f1 "$tmp/boots" | tr '\n' ' '; }

if ab "$tmp/r1" --reps 2 && [ "$(boots)" = "stock-r1 patched-r1 patched-r2 stock-r2 " ] &&
	[ "$(ls "$tmp/r1/raw" | tr '\n' ' ')" = "patched-r1 patched-r2 stock-r1 stock-r2 " ] &&
	[ -s "$tmp/r1/raw/stock-r2/a.json" ] && [ -s "$tmp/r1/summary.json" ] &&
	grep -q '4 of 4 boot(s) to run' "$tmp/err" && grep -q '\[3/4\] patched r2: booting' "$tmp/err"; then
	ok "a fresh run boots every kernel and repetition in ABBA order, progress on stderr"
else
	diag "$(boots)" "$(cat "$tmp/err")"
	not_ok "a fresh run boots every kernel and repetition in ABBA order, progress on stderr"
fi
if ab "$tmp/r1" --reps 3 && [ "$(boots)" = "stock-r3 patched-r3 " ] &&
	[ "$(grep -c 'not run again' "$tmp/err")" = 4 ] && grep -q '^resumed_utc: ' "$tmp/r1/ab.txt" &&
	[ "$(grep -c '^command: ' "$tmp/r1/ab.txt")" = 1 ] &&
	[ "$(jget "$tmp/r1/summary.json" '[r["stock"]["n"] for r in d["rows"] if r["case"] == "a" and r["metric"] == "pages_sharing"]')" = "[3]" ]; then
	ok "resumed with --reps 3: only the third repetition's boots run, the summary has all 3"
else
	diag "$(boots)" "$(cat "$tmp/err")"
	not_ok "resumed with --reps 3: only the third repetition's boots run, the summary has all 3"
fi

# a run stopped while patched-r1 boots: resumed, stock-r1 is not run again
FAKE_RUNNER_STOP=patched-r1 ab "$tmp/r2" --reps 2
stopped=$?
if [ "$stopped" != 0 ] && [ "$(boots)" = "stock-r1 patched-r1 " ] && [ ! -e "$tmp/r2/raw/patched-r1" ] &&
	ab "$tmp/r2" --reps 2 && [ "$(boots)" = "patched-r1 patched-r2 stock-r2 " ]; then
	ok "a run stopped during a boot resumes at that boot; the complete one is not run again"
else
	diag "exit $stopped" "$(boots)" "$(cat "$tmp/err")"
	not_ok "a run stopped during a boot resumes at that boot; the complete one is not run again"
fi

# stock-r2 stops mid-plan (a timeout): kept in raw/ for this run's summary;
# the resume moves it to incomplete/ and boots it again, and only it
FAKE_RUNNER_PARTIAL=stock-r2 ab "$tmp/r3" --reps 2
partial=$?
if [ "$partial" != 0 ] && [ -s "$tmp/r3/raw/stock-r2/a.json" ] && [ ! -e "$tmp/r3/raw/stock-r2/b.json" ] &&
	grep -q 'stock r2: the guest did not finish its plan' "$tmp/err" &&
	ab "$tmp/r3" --reps 2 && [ "$(boots)" = "stock-r2 " ] &&
	[ -s "$tmp/r3/raw/stock-r2/b.json" ] && ls -d "$tmp/r3/incomplete/stock-r2-"* >/dev/null 2>&1 &&
	[ ! -e "$(ls -d "$tmp/r3/incomplete/stock-r2-"*)/b.json" ]; then
	ok "a boot that did not finish its plan is moved to incomplete/ and booted again on resume"
else
	diag "exit $partial" "$(boots)" "$(cat "$tmp/err")"
	not_ok "a boot that did not finish its plan is moved to incomplete/ and booted again on resume"
fi

# a failed case in a finished plan is a result: not run again
FAKE_RUNNER_FAIL=b ab "$tmp/r4" --reps 1
failrc=$?
if [ "$failrc" != 0 ] && grep -q 'not ok 2 b' "$tmp/r4/raw/patched-r1/plan.log" &&
	ab "$tmp/r4" --reps 1 && [ "$(boots)" = "" ] &&
	[ "$(jget "$tmp/r4/summary.json" '[(r["stock_failed"], r["patched_failed"]) for r in d["rows"] if r["case"] == "b" and r["metric"] == "pages_sharing"]')" = "[(1, 1)]" ]; then
	ok "a boot whose case failed but whose plan finished is kept as a result, not run again"
else
	diag "exit $failrc" "$(boots)" "$(cat "$tmp/err")"
	not_ok "a boot whose case failed but whose plan finished is kept as a result, not run again"
fi

# what a resume refuses, before any boot
printf 'a merge_throughput --profile worst-case\n' >"$tmp/other.matrix"
: >"$tmp/boots"
if ! kernel/ab.sh --matrix "$tmp/other.matrix" --out "$tmp/r1" --reps 3 >/dev/null 2>"$tmp/err" &&
	grep -q 'was run with another matrix' "$tmp/err" &&
	! ab "$tmp/r1" --reps 3 --mem 2048 && grep -q 'resume with --mem 4096' "$tmp/err" &&
	sed -i 's/^series_sha256: .*/series_sha256: 0000/' "$tmp/r4/ab.txt" &&
	! ab "$tmp/r4" --reps 2 && grep -q 'measured series 0000' "$tmp/err" &&
	[ ! -s "$tmp/boots" ]; then
	ok "a resume with another matrix, guest size or series is refused before any boot"
else
	diag "$(boots)" "$(cat "$tmp/err")"
	not_ok "a resume with another matrix, guest size or series is refused before any boot"
fi

# vm replays: a run with its images, one whose image is gone, one changed,
# one without captured images; KSMBENCH_CACHE is not read (images anywhere)
mkdir -p "$tmp/img"
vmrun() {	# vmrun NAME WORKLOAD IMAGE...: a results/vm run of those images
	mkdir -p "$tmp/vm/$1"
	n=$1 w=$2; shift 2
	python3 -c 'import hashlib, json, os, sys
imgs = [{"path": p, "sha256": hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.exists(p) else "0" * 64,
         "guest": i, "workload": sys.argv[2], "bytes": 4096} for i, p in enumerate(sys.argv[3:])]
json.dump({"params": {"workloads": [sys.argv[2]]}, "images": imgs}, open(sys.argv[1], "w"))' \
		"$tmp/vm/$n/density.json" "$w" "$@"
}
for g in a b c; do head -c 4096 /dev/urandom >"$tmp/img/$g.ram"; done
vmrun 1-idle-n2 idle "$tmp/img/a.ram" "$tmp/img/b.ram"
vmrun 2-web-n1 web "$tmp/img/gone.ram"
vmrun 3-db-n1 db "$tmp/img/c.ram"
echo changed >>"$tmp/img/c.ram"
vmrun 4-build-n1 build
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["images"] = []; json.dump(d, open(sys.argv[1], "w"))' \
	"$tmp/vm/4-build-n1/density.json"
: >"$tmp/boots"
workloads/ab-replay.sh --reps 1 --busy-threads 1 --skip-missing --out "$tmp/vmab" \
	"$tmp/vm/1-idle-n2" "$tmp/vm/2-web-n1" "$tmp/vm/3-db-n1" "$tmp/vm/4-build-n1" >/dev/null 2>"$tmp/err"
vmrc=$?
if [ "$vmrc" = 0 ] && [ "$(boots)" = "stock-r1 patched-r1 " ] &&
	grep -qx 'vm-idle-busy merge_throughput --image /dev/vdc --image /dev/vdd .*' "$tmp/vmab/matrix" &&
	[ "$(grep -c '^[^#]' "$tmp/vmab/matrix")" = 1 ] &&
	grep -q "^vm-web-busy $tmp/vm/2-web-n1: image $tmp/img/gone.ram is gone" "$tmp/vmab/skipped.txt" &&
	grep -q "^vm-db-busy $tmp/vm/3-db-n1: $tmp/img/c.ram changed since it was captured" "$tmp/vmab/skipped.txt" &&
	grep -q "^vm-build-busy $tmp/vm/4-build-n1: no captured images" "$tmp/vmab/skipped.txt" &&
	! workloads/ab-replay.sh --reps 1 "$tmp/vm/1-idle-n2" "$tmp/vm/2-web-n1" >/dev/null 2>"$tmp/err" &&
	grep -q 'gone.ram is gone' "$tmp/err"; then
	ok "ab-replay --skip-missing: runs without their images left out with the reason, the rest replayed"
else
	diag "exit $vmrc" "$(boots)" "$(cat "$tmp/err" "$tmp/vmab/skipped.txt" "$tmp/vmab/matrix")"
	not_ok "ab-replay --skip-missing: runs without their images left out with the reason, the rest replayed"
fi
: >"$tmp/boots"
workloads/ab-replay.sh --reps 1 --skip-missing --out "$tmp/vmnone" "$tmp/vm/2-web-n1" >/dev/null 2>"$tmp/err"
nonerc=$?
if [ "$nonerc" = 3 ] && [ ! -s "$tmp/boots" ] && grep -q '^vm-web ' "$tmp/vmnone/skipped.txt" &&
	workloads/ab-replay.sh --reps 2 --busy-threads 1 --skip-missing --out "$tmp/vmab" \
		"$tmp/vm/1-idle-n2" "$tmp/vm/2-web-n1" "$tmp/vm/3-db-n1" "$tmp/vm/4-build-n1" >/dev/null 2>"$tmp/err" &&
	[ "$(boots)" = "patched-r2 stock-r2 " ] &&
	head -c 4096 /dev/urandom >"$tmp/img/b.ram" && vmrun 1-idle-n2 idle "$tmp/img/a.ram" "$tmp/img/b.ram" &&
	! workloads/ab-replay.sh --reps 3 --busy-threads 1 --skip-missing --out "$tmp/vmab" \
		"$tmp/vm/1-idle-n2" >/dev/null 2>"$tmp/err" && grep -q 'replayed other images' "$tmp/err"; then
	ok "ab-replay: nothing left to replay exits 3 and boots nothing; --out resumes a replay of the same images only"
else
	diag "exit $nonerc" "$(boots)" "$(cat "$tmp/err")"
	not_ok "ab-replay: nothing left to replay exits 3 and boots nothing; --out resumes a replay of the same images only"
fi
# --advisor: the replay's cases let the advisor set the pace (20 ms sleep,
# a 1 s target), named -adv; without it a fixed pages_to_scan, no sleep
: >"$tmp/boots"
if workloads/ab-replay.sh --reps 1 --advisor --skip-missing --out "$tmp/vmadv" \
	"$tmp/vm/1-idle-n2" >/dev/null 2>"$tmp/err" &&
	grep -qx 'vm-idle-adv merge_throughput --image /dev/vdc --image /dev/vdd --advisor --sleep-ms 20 --set advisor_target_scan_time=1 --busy-threads 0 --timeout-s 1800' "$tmp/vmadv/matrix" &&
	grep -qx 'vm-idle-busy merge_throughput --image /dev/vdc --image /dev/vdd --pages-to-scan 5000 --sleep-ms 0 --busy-threads 1 --timeout-s 1800' "$tmp/vmab/matrix"; then
	ok "ab-replay --advisor: -adv cases paced by the advisor at a 20 ms sleep and a 1 s target; without it pages_to_scan 5000, no sleep"
else
	diag "$(cat "$tmp/err" "$tmp/vmadv/matrix")"
	not_ok "ab-replay --advisor: -adv cases paced by the advisor at a 20 ms sleep and a 1 s target; without it pages_to_scan 5000, no sleep"
fi
tap_done
