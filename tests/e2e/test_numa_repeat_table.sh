#!/bin/sh
# Tests of scripts/numa_repeat_table.py on made-up numa-repeat runs: full
# scans counted up to the second page's first rmap_item ("rmap size 2"),
# passed and failed runs apart, the microseconds of the failed ones, the
# series from run.env ("-" for stock); no argument refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fake_run DIR KERNEL SHA VERDICT:SCANS_BEFORE...: a run-guest directory
fake_run() {
	d=$1 k=$2 sha=$3; shift 3
	mkdir -p "$d/results"
	printf 'kernel=%s config=base release=6.12.118+\nseries_sha256=%s base=6.12\n' "$k" "$sha" >"$d/run.env"
	i=0
	for r in "$@"; do
		i=$((i + 1)) v=${r%%:*} n=${r#*:}
		echo "$v $i numa merge $i" >>"$d/results/plan.log"
		j=0
		while [ $j -lt "$n" ]; do
			printf ' ksmd-36 [000] .....  3.%06d: ksm_stop_scan: seq %d rmap size 1\n' $((j * 10)) $j
			j=$((j + 1))
		done >"$d/results/trace-$i.txt"
		printf ' ksmd-36 [000] .....  3.%06d: ksm_stop_scan: seq %d rmap size 2\n' $((n * 10)) "$n" \
			>>"$d/results/trace-$i.txt"
	done
}
fake_run "$tmp/a" patched 0123456789abcdef ok:3 ok:5 "not ok:101" "not ok:301" ok:4
fake_run "$tmp/b" stock stock ok:6 ok:2
if python3 scripts/numa_repeat_table.py "$tmp/a" "$tmp/b" >"$tmp/out" 2>"$tmp/err" &&
	grep -qF '| `a` | patched 6.12 | 01234567… | 3 of 5 | 4 (max 5) | 201 (max 301) | 2010 (max 3010) |' "$tmp/out" &&
	grep -qF '| `b` | stock 6.12 | - | 2 of 2 | 4 (max 6) | - | - |' "$tmp/out"; then
	ok "scans before the second page, passed and failed runs apart, the series"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "scans before the second page, passed and failed runs apart, the series"
fi
python3 scripts/numa_repeat_table.py >/dev/null 2>&1
check "no run directory: exit 2" test $? = 2
tap_done
