#!/bin/sh
# check-series.sh - every prefix of the series (patch 1, 1-2, 1-2-3, ...)
# must build and boot on its own: build each as the patched kernel, boot it
# with the boot plan (KSM present, a small merge exact and intact, no kernel
# splat).  Ends by rebuilding the whole series.  TAP.  Takes a few minutes.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

total=$(series_names | wc -l)
for n in $(seq "$total"); do
	name=$(KSMBENCH_SERIES_LIMIT=$n series_names | tail -n 1)
	out=$KSMBENCH_ROOT/build/check-series/$n
	if KSMBENCH_SERIES_LIMIT=$n "$KSMBENCH_ROOT/kernel/run-guest.sh" --kernel patched \
		--plan "$KSMBENCH_ROOT/kernel/guest/plans/boot.sh" --out "$out" \
		--timeout 900 >"$out.log" 2>&1
	then
		ok "patches 1-$n (up to $name) build and boot"
	else
		diag "$(tail -n 20 "$out.log")"
		not_ok "patches 1-$n (up to $name) build and boot"
	fi
done
[ "$total" -gt 0 ] || skip "the series is empty"
"$KSMBENCH_ROOT/kernel/build.sh" patched base >/dev/null
tap_done
