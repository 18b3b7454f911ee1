#!/bin/sh
# kernel/release-ab.sh with tests/e2e/fake_guest_runner.sh in place of the
# guests (KSMBENCH_AB_RUNNER: nothing built or booted): every matrix of the
# release into one directory, a sub-directory each with its summary, and
# release.json; replays whose images are gone skipped with the reason;
# stopped during a matrix and resumed, no complete boot runs again; a
# complete release resumed boots nothing; --only; another series refused.
# TAP.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KSMBENCH_AB_RUNNER="$PWD/tests/e2e/fake_guest_runner.sh" FAKE_RUNNER_LOG="$tmp/boots"
MATRICES="hash-index batching workers-targets collisions ksm-tests gupfast vm-replay vm-replay-busy odirect-batches odirect"

# two results/vm runs: one with its image, one whose image is gone
mkdir -p "$tmp/vm/1-idle-n4" "$tmp/vm/2-web-n4"
head -c 4096 /dev/urandom >"$tmp/g0.ram"
python3 -c 'import hashlib, json, sys
for d, w, p in ((sys.argv[1], "idle", sys.argv[3]), (sys.argv[2], "web", sys.argv[4])):
    sha = hashlib.sha256(open(p, "rb").read()).hexdigest() if w == "idle" else "0" * 64
    json.dump({"params": {"workloads": [w]}, "images": [{"path": p, "sha256": sha, "guest": 0,
               "workload": w, "bytes": 4096}]}, open(d + "/density.json", "w"))' \
	"$tmp/vm/1-idle-n4" "$tmp/vm/2-web-n4" "$tmp/g0.ram" "$tmp/gone.ram"
# rel ARGS...: the release into $tmp/rel, the boots seen in $tmp/boots
rel() {
	: >"$tmp/boots"
	kernel/release-ab.sh --reps 1 --out "$tmp/rel" --vm-runs "$tmp/vm/1-idle-n4 $tmp/vm/2-web-n4" \
		"$@" >/dev/null 2>"$tmp/err"
}

# stopped while hash-index's patched kernel boots (the first matrix)
FAKE_RUNNER_STOP=patched-r1 rel
stoprc=$?
if [ "$stoprc" != 0 ] && grep -q 'stopped during hash-index; resume with --out' "$tmp/err" &&
	[ "$(cat "$tmp/boots")" = "$(printf 'stock-r1 hash-index\npatched-r1 hash-index')" ] &&
	[ "$(jget "$tmp/rel/release.json" 'd["matrices"]["hash-index"]["status"]')" = stopped ]; then
	ok "stopped during the first matrix: release.json says so, the stderr says how to resume"
else
	diag "exit $stoprc" "$(cat "$tmp/boots" "$tmp/err")"
	not_ok "stopped during the first matrix: release.json says so, the stderr says how to resume"
fi
rel
relrc=$?
missing=""
for m in $MATRICES; do
	case $m in vm-replay*) f=matrix ;; *) f=summary.json ;; esac
	[ -f "$tmp/rel/$m/$f" ] || missing="$missing $m"
done
if [ "$relrc" = 0 ] && [ -z "$missing" ] && ! grep -q 'stock-r1 hash-index' "$tmp/boots" &&
	[ "$(grep -c . "$tmp/boots")" = 19 ] &&
	grep -qx 'vm-idle merge_throughput --image /dev/vdc .*' "$tmp/rel/vm-replay/matrix" &&
	grep -qx 'vm-idle-busy merge_throughput --image /dev/vdc .*--busy-threads 1 .*' "$tmp/rel/vm-replay-busy/matrix" &&
	[ "$(jget "$tmp/rel/release.json" '(d["reps"], [(n, m["status"]) for n, m in d["matrices"].items()],
 d["matrices"]["vm-replay-busy"]["skipped"][0]["case"], d["matrices"]["odirect"]["args"])')" = \
	"(1, [('hash-index', 'complete'), ('batching', 'complete'), ('workers-targets', 'complete'), ('collisions', 'complete'), ('ksm-tests', 'complete'), ('gupfast', 'complete'), ('vm-replay', 'complete'), ('vm-replay-busy', 'complete'), ('odirect-batches', 'complete'), ('odirect', 'complete')], 'vm-web-busy', '--mem 2048 --timeout 3600')" ] &&
	grep -q "vm-replay-busy: skipped, and why" "$tmp/err" && grep -q "gone.ram is gone" "$tmp/err" &&
	grep -q '\[10/10\] odirect: complete' "$tmp/err"; then
	ok "resumed: hash-index goes on at its unfinished boot, every matrix in its own ab.sh directory, release.json indexes them, a replay without images said skipped"
else
	diag "exit $relrc; missing:$missing" "$(cat "$tmp/boots" "$tmp/err")"
	not_ok "resumed: hash-index goes on at its unfinished boot, every matrix in its own ab.sh directory, release.json indexes them, a replay without images said skipped"
fi
# its table, through the whole pipeline (fake numbers: only its shape)
if python3 scripts/release_table.py "$tmp/rel" >"$tmp/table" 2>&1 &&
	grep -q '^| worst-case 1 GiB | pages merged per ksmd CPU-second | ≥ 5× | 2.00× | 1/1 | inconclusive |' "$tmp/table" &&
	grep -q '^| VM RAM replay, 4 × idle | .* 2.00×, exact | 1/1 | inconclusive |' "$tmp/table" &&
	grep -qF "Not run, VM RAM replay, 4 × web, busy threads: skipped: $tmp/vm/2-web-n4: image $tmp/gone.ram is gone" "$tmp/table" &&
	grep -q '^| ksm_tests -P, 100 MiB (its own pace) | .* 2.00× | 1/1 | no target |' "$tmp/table"; then
	ok "release_table.py reads the release: figures from every matrix, the skipped replay not run with its reason"
else
	diag "$(cat "$tmp/table")"
	not_ok "release_table.py reads the release: figures from every matrix, the skipped replay not run with its reason"
fi
if rel && [ ! -s "$tmp/boots" ] && [ "$(grep -c 'not run again' "$tmp/err")" = 20 ] &&
	rel --reps 2 --only collisions,ksm-tests &&
	[ "$(cat "$tmp/boots")" = "$(printf 'patched-r2 collisions\nstock-r2 collisions\npatched-r2 ksm-tests\nstock-r2 ksm-tests')" ]; then
	ok "a complete release resumed boots nothing; --only with more --reps boots just those matrices' new boots"
else
	diag "$(cat "$tmp/boots" "$tmp/err")"
	not_ok "a complete release resumed boots nothing; --only with more --reps boots just those matrices' new boots"
fi
# BASE=6.12: its own matrices (the advisor's and smart scan's, replays paced
# by the advisor), a directory named for the base; a release of another
# base is not resumed
KSMBENCH_BASE=6.12 kernel/release-ab.sh --list >"$tmp/list612" 2>&1
sed -i 's/"base": "6.1"/"base": "6.12"/' "$tmp/rel/release.json"
if [ "$(grep -v '^  replayed:' "$tmp/list612" | sed -n 's/^  \([a-z0-9-]*\): .*/\1/p' | tr '\n' ' ')" = \
	"hash-index batching workers-targets mainline-knobs memcost vm-replay vm-replay-adv " ] &&
	head -n 1 "$tmp/list612" | grep -q 'base 6.12) .*/results/ab/[0-9-]*-release-6.12-[0-9a-f]\{8\},' &&
	! rel && grep -q 'measured base 6.12: resume it with BASE=6.12' "$tmp/err" && [ ! -s "$tmp/boots" ]; then
	ok "BASE=6.12: its matrices, a directory named for it; a release of another base is refused before any boot"
else
	diag "$(cat "$tmp/list612" "$tmp/err")"
	not_ok "BASE=6.12: its matrices, a directory named for it; a release of another base is refused before any boot"
fi
sed -i 's/"base": "6.12"/"base": "6.1"/' "$tmp/rel/release.json"
sed -i 's/"series_sha256": "[0-9a-f]*"/"series_sha256": "00"/' "$tmp/rel/release.json"
if ! rel && grep -q 'measured series 00' "$tmp/err" && [ ! -s "$tmp/boots" ] &&
	! kernel/release-ab.sh --only nosuch >/dev/null 2>"$tmp/err" && grep -q 'no matrix nosuch' "$tmp/err"; then
	ok "another series in the directory, or an unknown --only matrix, is refused before any boot"
else
	diag "$(cat "$tmp/err")"
	not_ok "another series in the directory, or an unknown --only matrix, is refused before any boot"
fi
tap_done
