#!/bin/sh
# Tests of scripts/stress_table.py on made-up `make stress` directories: a
# row per kernel from ksm_stress.json, run.env, splats.txt, kcsan.json and
# fault_inject.json; clean only without mismatches, dead workers, kernel
# reports or a KCSAN report in mm/ksm.c (KCSAN's own lines in splats.txt
# and its run-guest status do not count); a directory without runs exits 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# kernel DIR SUB CONFIG STATUS MISMATCHES SPLAT_LINES...
kernel() {
	d=$1/$2; mkdir -p "$d"
	printf 'kernel=%s config=%s release=6.1\nvirt=tcg status=%s\nseries_sha256=abcdef0123456789 source_version=6.1.192-3\n' \
		"$2" "$3" "$4" >"$d/run.env"
	printf '{"result": {"seconds": 600.4, "mismatches": %s, "verified_pages": 1234567, "workers_died": 0,
	  "ops": {"odirect": 10, "fork": 2, "move_pages": 3}, "unmerge_cycles": 4, "max_pages_sharing": 5000}}\n' \
		"$5" >"$d/ksm_stress.json"
	shift 5
	: >"$d/splats.txt"
	for l in "$@"; do echo "$l" >>"$d/splats.txt"; done
}
kernel "$tmp/a" patched debug 0 0
echo '{"failslab_injected": 7, "fail_page_alloc_injected": 3}' >"$tmp/a/patched/fault_inject.json"
kernel "$tmp/a" mutation-x base 1 5
kernel "$tmp/k" patched kcsan 1 0 "BUG: KCSAN: data-race in foo"
echo '{"reports": 1, "in_ksm": 0}' >"$tmp/k/patched/kcsan.json"
kernel "$tmp/r" patched debug 1 0 "BUG: KASAN: use-after-free in bar"
kernel "$tmp/r2" patched kcsan 1 0 "BUG: KCSAN: data-race in cmp_and_merge_page"
echo '{"reports": 1, "in_ksm": 1}' >"$tmp/r2/patched/kcsan.json"
if python3 scripts/stress_table.py "$tmp/a" "$tmp/k" "$tmp/r" "$tmp/r2" >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF '| `a` | patched-debug | abcdef01… | 600 | 1,234,567 | 0 | 0 | 4 / 10 / 2 / 3 | 5,000 | 0 | - | 7 slab, 3 page | clean |' "$tmp/out" &&
	grep -q '^| `a` | mutation-x-base | .* | 5 | .* | \*\*NOT CLEAN\*\* |$' "$tmp/out" &&
	grep -q '^| `k` | patched-kcsan | .* | 0 | 1 (0) | - | clean |$' "$tmp/out" &&
	grep -q '^| `r` | patched-debug | .* | 1 | - | - | \*\*NOT CLEAN\*\* |$' "$tmp/out" &&
	grep -q '^| `r2` | patched-kcsan | .* | 0 | 1 (1) | - | \*\*NOT CLEAN\*\* |$' "$tmp/out"; then
	ok "a row per kernel, clean only with nothing corrupted and no report in the kernel or in mm/ksm.c"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "a row per kernel, clean only with nothing corrupted and no report in the kernel or in mm/ksm.c"
fi
mkdir -p "$tmp/empty"
usage_error scripts/stress_table.py stress_table.py "$tmp/empty"
usage_error scripts/stress_table.py stress_table.py ""
tap_done
