#!/bin/sh
# The guest's matrix plan (kernel/guest/plans/matrix.sh) on the host, its
# guest paths moved into a temporary root and its programs faked: a
# "selftest" case runs /selftests/TEST and writes its output as JSON
# (kernel/guest/lib/selftest_json.sh), a skip (exit 4) or a selftest that
# did not build is a skip with no JSON; a --set knob present in debugfs
# only (merge_batch_pages since v2) runs the case, one in neither place
# skips it; ab_summary.py makes ksm_tests rows of the JSON.  TAP.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d /tmp/ksmbench-plan.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
R=$tmp/root
mkdir -p "$R/lib" "$R/job" "$R/results" "$R/selftests" "$R/ksmbench" "$R/sys/mm" "$R/sys/debug"
for f in tests/tap.sh kernel/guest/lib/*.sh; do
	sed -e "s#/sys/kernel/mm/ksm/#$R/sys/mm/#g" -e "s#/sys/kernel/debug/ksm/#$R/sys/debug/#g" \
		"$f" >"$R/lib/$(basename "$f")"
done
# /tmp/ first: the other replacements put $R, itself under /tmp, in
sed -e "s#/tmp/#$R/#g" kernel/guest/plans/matrix.sh |
	sed -e "s#/lib/#$R/lib/#g" -e "s#/job/#$R/job/#g" -e "s#/results#$R/results#g" \
		-e "s#/selftests#$R/selftests#g" -e "s#/ksmbench/#$R/ksmbench/#g" \
		-e "s#/sys/kernel/mm/ksm/#$R/sys/mm/#g" \
		-e "s#/sys/kernel/debug/ksm/#$R/sys/debug/#g" >"$R/plan.sh"
echo 64 >"$R/sys/debug/merge_batch_pages"
echo 5000 >"$R/sys/mm/pages_to_scan"
cat >"$R/selftests/ksm_tests" <<'EOF'
#!/bin/sh
echo "args: $*"
printf 'Number of pages: 25600\nTotal size:    100 MiB\nTotal time:    0.123456789 s\nAverage speed:  810.123 MiB/s\n'
EOF
printf '#!/bin/sh\necho "Config KSM not enabled"\nexit 4\n' >"$R/selftests/ksm_skip"
cat >"$R/ksmbench/merge_throughput" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = --json ] && out=$2; shift; done
echo '{"benchmark": "merge_throughput"}' >"$out"
EOF
chmod +x "$R/selftests/"* "$R/ksmbench/merge_throughput"
cat >"$R/job/matrix" <<'EOF'
# comment
ksm-tests-P selftest ksm_tests -P -s 100 -l 600
ksm-skip selftest ksm_skip -P
ksm-absent selftest not_built -P
batch1 merge_throughput --profile identical --set merge_batch_pages=1
nopes merge_throughput --profile identical --set pages_to_scan=10 --set workers=2
scan merge_throughput --profile identical --set pages_to_scan=10
EOF
(cd "$tmp" && sh "$R/plan.sh") >"$tmp/tap" 2>&1
if grep -qx 'ok 1 ksm-tests-P' "$tmp/tap" &&
	[ "$(jget "$R/results/ksm-tests-P.json" '(d["benchmark"], d["params"]["args"],
  d["result"]["exit_status"], d["result"]["size_mib"], d["result"]["seconds"],
  d["result"]["mib_per_second"], d["env"]["kernel_release"] != "")')" = \
	"('ksm_tests', '-P -s 100 -l 600', 0, 100, 0.123456789, 810.123, True)" ] &&
	grep -q 'args: -P -s 100 -l 600' "$R/results/ksm-tests-P.log"; then
	ok "a selftest case runs /selftests/TEST with its arguments; its -P figures in NAME.json"
else
	diag "$(cat "$tmp/tap" "$R/results/ksm-tests-P.json" 2>/dev/null)"
	not_ok "a selftest case runs /selftests/TEST with its arguments; its -P figures in NAME.json"
fi
if grep -q '^ok 2 # SKIP ksm-skip Config KSM not enabled' "$tmp/tap" &&
	grep -q '^ok 3 # SKIP ksm-absent selftest not_built did not build' "$tmp/tap" &&
	[ ! -e "$R/results/ksm-skip.json" ] && [ ! -e "$R/results/ksm-absent.json" ]; then
	ok "a selftest that skips (exit 4) or did not build is a skip, with no JSON"
else
	diag "$(cat "$tmp/tap")"
	not_ok "a selftest that skips (exit 4) or did not build is a skip, with no JSON"
fi
if grep -qx 'ok 4 batch1' "$tmp/tap" && [ -s "$R/results/batch1.json" ] &&
	grep -q '^ok 5 # SKIP nopes this kernel has no workers' "$tmp/tap" &&
	grep -qx 'ok 6 scan' "$tmp/tap" && grep -q '^# 3 passed, 0 failed, 3 skipped' "$tmp/tap"; then
	ok "a --set knob in sysfs or debugfs runs the case, a knob in neither skips it"
else
	diag "$(cat "$tmp/tap")"
	not_ok "a --set knob in sysfs or debugfs runs the case, a knob in neither skips it"
fi

# ab_summary.py: a ksm_tests case gets its rows (a failed run is left out)
mkdir -p "$tmp/ab/raw/stock-r1" "$tmp/ab/raw/patched-r1" "$tmp/ab/raw/patched-r2"
printf 'series_sha256: 0123456789abcdef\n' >"$tmp/ab/ab.txt"
cp "$R/results/ksm-tests-P.json" "$tmp/ab/raw/stock-r1/"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["result"]["mib_per_second"] = 1620.246
json.dump(d, open(sys.argv[2], "w"))
d["result"].update(exit_status=1, passed=False, mib_per_second=None)
json.dump(d, open(sys.argv[3], "w"))' "$R/results/ksm-tests-P.json" \
	"$tmp/ab/raw/patched-r1/ksm-tests-P.json" "$tmp/ab/raw/patched-r2/ksm-tests-P.json"
if python3 scripts/ab_summary.py "$tmp/ab" >"$tmp/ab.out" 2>&1 &&
	[ "$(jget "$tmp/ab/summary.json" '[(r["metric"], r["ratio"], r["patched_failed"])
 for r in d["rows"] if r["case"] == "ksm-tests-P"]')" = \
	"[('mib_per_second', 2.0, 1), ('seconds', 1.0, 1)]" ]; then
	ok "ab_summary: ksm_tests rows (MiB/s, seconds), a failed run counted, not measured"
else
	diag "$(cat "$tmp/ab.out")"
	not_ok "ab_summary: ksm_tests rows (MiB/s, seconds), a failed run counted, not measured"
fi
tap_done
