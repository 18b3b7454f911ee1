#!/bin/sh
# kernel/ab.sh stopped and resumed, with tests/e2e/fake_guest_runner.sh in
# place of the guests (KSMBENCH_AB_RUNNER: nothing is built or booted):
# boots in ABBA order; --out of an earlier run runs only the boots it
# lacks (more --reps add boots); a boot stopped before it finished runs
# again, a boot that stopped mid-plan is moved to incomplete/ and runs
# again, a boot whose cases failed but whose plan finished is a result
# and is not run again; another matrix, series or guest size is refused
# before anything runs.  TAP.
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
tap_done
