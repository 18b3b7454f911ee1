#!/bin/sh
# Tests of scripts/steady_table.py on a made-up A/B summary: stock, the
# series with one worker and with its default, per ksmd CPU-second and per
# wall-clock second, each over stock with an interval; a case without its
# -w1 twin left out; a run with none and bad arguments refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

C=rescans.pages_per_ksmd_cpu_second W=rescans.pages_per_second
fake_summary "$tmp/s" \
	"id:$C:100,100,100:70,70,70" "id-w1:$C::98,98,98" \
	"id:$W:100,100,100:140,140,140" "id-w1:$W::98,98,98" \
	"zipf:$C:10,10,10:40,40,40"
if python3 scripts/steady_table.py "$tmp/s" >"$tmp/out" 2>"$tmp/err" &&
	grep -q '^| id | pages/ksmd CPU-s | 100 | 98 | 70 | 0.98 \[0.98, 0.98\] | 0.70 \[0.70, 0.70\] |$' "$tmp/out" &&
	grep -q '^| id | pages/wall-s | 100 | 98 | 140 | 0.98 \[0.98, 0.98\] | 1.40 \[1.40, 1.40\] |$' "$tmp/out" &&
	! grep -q zipf "$tmp/out"; then
	ok "stock, one worker and the default, per CPU and per wall second, over stock"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "stock, one worker and the default, per CPU and per wall second, over stock"
fi
fake_summary "$tmp/none" "zipf:$C:1,2:3,4"
usage_error scripts/steady_table.py steady_table.py "$tmp/none"
usage_error scripts/steady_table.py steady_table.py "$tmp/nosuchdir"
tap_done
