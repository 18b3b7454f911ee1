#!/bin/sh
# Tests of scripts/profile_table.py on made-up perf reports: a symbol's
# share per kernel is the median over the boots with its range, a symbol
# missing from a boot counts 0 there, the default rows are the largest
# shares on either kernel, largest first; no profile of the case, or bad
# arguments, refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
perf() { # KERNEL-rN "PCT SYMBOL"...: raw/KERNEL-rN/wc.perf.txt
	d=$tmp/ab/raw/$1; shift
	mkdir -p "$d"
	for l in "$@"; do echo "$l" | awk '{printf "    %s%%  [k] %s    -      -\n", $1, $2}'; done >"$d/wc.perf.txt"
}
perf stock-r1 "60.0 memcmp" "1.5 xxh64" "5.0 ksm_scan_thread"
perf stock-r2 "64.0 memcmp" "1.3 xxh64" "7.0 ksm_scan_thread"
perf patched-r1 "22.0 calc_checksum" "14.0 memcmp" "9.0 ksm_scan_thread"
perf patched-r2 "24.0 calc_checksum" "12.0 memcmp"
if python3 scripts/profile_table.py "$tmp/ab" wc calc_checksum xxh64 ksm_scan_thread >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF "| symbol | stock, % of ksmd's samples (2 boots) | patched, % of ksmd's samples (2 boots) |" "$tmp/out" &&
	grep -qxF '| `calc_checksum` | 0.0% (0.0-0.0) | 23.0% (22.0-24.0) |' "$tmp/out" &&
	grep -qxF '| `xxh64` | 1.4% (1.3-1.5) | 0.0% (0.0-0.0) |' "$tmp/out" &&
	grep -qxF '| `ksm_scan_thread` | 6.0% (5.0-7.0) | 4.5% (0.0-9.0) |' "$tmp/out"; then
	ok "the symbols named: each kernel's median share over its boots, with the range; missing counts 0"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "the symbols named: each kernel's median share over its boots, with the range; missing counts 0"
fi
if python3 scripts/profile_table.py "$tmp/ab" wc >"$tmp/out" 2>"$tmp/err" &&
	[ "$(sed -n '3,$p' "$tmp/out" | cut -d'`' -f2 | tr '\n' ' ')" = "memcmp calc_checksum ksm_scan_thread xxh64 " ]; then
	ok "without symbols: the largest shares on either kernel, largest first"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "without symbols: the largest shares on either kernel, largest first"
fi
usage_error scripts/profile_table.py profile_table.py "$tmp/ab nosuchcase"
usage_error scripts/profile_table.py profile_table.py "$tmp/nosuchdir wc"
tap_done
