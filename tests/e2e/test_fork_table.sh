#!/bin/sh
# Tests of scripts/fork_table.py on a made-up A/B summary of the odirect
# fork matrix: corrupted blocks over verified reads with KSM off and on,
# summed over the boots, per 10k reads with the boots' range, forks and
# what the disk holds afterwards; a case with no fork phase left out; a
# run with none and bad arguments refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

u=unaligned
fake_summary "$tmp/s" \
	"$u:phase.off.corrupted_blocks:10,30:0,0" "$u:phase.off.verified_reads:10000,10000:5000,5000" \
	"$u:phase.off.forks:100,200:50,60" \
	"$u:phase.on.corrupted_blocks:20,20:0,1" "$u:phase.on.verified_reads:10000,10000:5000,5000" \
	"$u:phase.on.forks:300,400:70,80" "$u:final_check_corrupted:0,0:0,2" \
	"plain:phase.off.corrupted_blocks:1,1:1,1"
if python3 scripts/fork_table.py "$tmp/s" >"$tmp/out" 2>"$tmp/err" &&
	grep -qF '| unaligned | stock | 2 | 40 / 20000: 20.0 (10.0-30.0) | 40 / 20000: 20.0 (20.0-20.0) | 300 / 700 | 0 |' "$tmp/out" &&
	grep -qF '| unaligned | patched | 2 | 0 / 10000: 0.0 (0.0-0.0) | 1 / 10000: 1.0 (0.0-2.0) | 110 / 150 | 2 |' "$tmp/out" &&
	! grep -q plain "$tmp/out"; then
	ok "KSM off and on summed over boots, per 10k reads with the boots' range, forks, disk"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "KSM off and on summed over boots, per 10k reads with the boots' range, forks, disk"
fi
fake_summary "$tmp/none" "plain:phase.off.corrupted_blocks:1,2:3,4"
usage_error scripts/fork_table.py fork_table.py "$tmp/none"
usage_error scripts/fork_table.py fork_table.py "$tmp/nosuchdir"
tap_done
