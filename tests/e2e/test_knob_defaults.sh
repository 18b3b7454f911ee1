#!/bin/sh
# Tests of scripts/knob_defaults.py on made-up A/B summaries: the default
# against the best fixed setting of each knob on the metric it is judged
# by, boots resampled together; met, missed and inconclusive from the
# interval's bounds; cases of other metrics or without a default left out;
# a run without knob cases and bad arguments refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

C=pages_per_ksmd_cpu_second W=pages_per_second
fake_summary "$tmp/b" \
	"id:$C::100,102,98,101,99" "id-b1:$C::50,51,49,50,50" "id-b512:$C::99,101,97,100,98" \
	"zipf:$C::80,81,79,80,80" "zipf-b16:$C::100,101,99,100,100" \
	"noisy:$C::60,100,140,70,130" "noisy-b1:$C::100,100,100,100,100" \
	"id-b1:$W::500,500,500,500,500" "lonely-b1:$C::1,1,1,1,1"
if python3 scripts/knob_defaults.py "$tmp/b" >"$tmp/out" 2>"$tmp/err" &&
	grep -q '^| id | merge_batch_pages | pages/ksmd CPU-s | default: 100, 1: 50, 512: 99 | merge_batch_pages=512 | 1.01 \[[0-9.]*, [0-9.]*\] | met |$' "$tmp/out" &&
	grep -q '^| zipf | .* | merge_batch_pages=16 | 0.80 \[0.80, 0.80\] | \*\*missed\*\* |$' "$tmp/out" &&
	grep -q '^| noisy | .* | inconclusive |$' "$tmp/out" &&
	! grep -q lonely "$tmp/out" && [ "$(grep -c '^| [a-z]' "$tmp/out")" = 4 ]; then
	ok "default over the best fixed setting, met / missed / inconclusive from the interval"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "default over the best fixed setting, met / missed / inconclusive from the interval"
fi
fake_summary "$tmp/w" "dp:$W::100,100,100" "dp-w1:$W::55,56,54" "dp-w2:$W::101,99,100" "dp-w2:$C::1,1,1"
if python3 scripts/knob_defaults.py "$tmp/w" >"$tmp/out" 2>"$tmp/err" &&
	grep -q '^| dp | workers | pages/wall-s | default: 100, 1: 55, 2: 100 | workers=2 | 1.00 ' "$tmp/out"; then
	ok "workers judged on pages per wall-clock second"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "workers judged on pages per wall-clock second"
fi
fake_summary "$tmp/none" "id:$C::1,2"
usage_error scripts/knob_defaults.py knob_defaults.py "$tmp/none"
usage_error scripts/knob_defaults.py knob_defaults.py "$tmp/nosuchdir"
usage_error scripts/knob_defaults.py knob_defaults.py ""
tap_done
