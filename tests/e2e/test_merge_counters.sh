#!/bin/sh
# Tests of scripts/merge_counters.py on a made-up A/B summary: per boot
# notifier ranges per merged page, pages per range, microseconds per
# range, lock waits per 1000 merged pages and wait time over ksmd CPU,
# then median (min-max) over the boots; cases without the counters
# (stock only, no ranges) left out; no such case and bad arguments exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

K=ksm_deltas
fake_summary "$tmp/a" "zipf:pages_sharing::1000,2000" "zipf:ksmd_cpu_seconds::2,4" \
	"zipf:$K.notifier_ranges::100,100" "zipf:$K.notifier_range_pages::6400,3200" \
	"zipf:$K.notifier_range_ns::1000000,3000000" "zipf:$K.checksum_lock_waits::5,0" \
	"zipf:$K.checksum_lock_wait_ns::20000000,0" \
	"nonot:pages_sharing::5" "nonot:ksmd_cpu_seconds::1" "nonot:$K.notifier_ranges::0" \
	"nonot:$K.notifier_range_pages::0" "nonot:$K.notifier_range_ns::0" \
	"nonot:$K.checksum_lock_waits::0" "nonot:$K.checksum_lock_wait_ns::0" "old:pages_sharing::7"
if python3 scripts/merge_counters.py "$tmp/a" >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF '| zipf | 2 | 0.075 (0.050-0.100) | 48.0 (32.0-64.0) | 20.0 (10.0-30.0) | 2.50 (0.00-5.00) | 0.0050 (0.0000-0.0100) |' "$tmp/out" &&
	[ "$(grep -c '^| [a-z]' "$tmp/out")" = 2 ]; then
	ok "per-boot ratios of the counters, median (min-max) over the boots; cases without them left out"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "per-boot ratios of the counters, median (min-max) over the boots; cases without them left out"
fi
fake_summary "$tmp/none" "old:pages_sharing::7"
usage_error scripts/merge_counters.py merge_counters.py "$tmp/none"
usage_error scripts/merge_counters.py merge_counters.py "$tmp/nosuchdir"
tap_done
