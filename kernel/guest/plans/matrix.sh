#!/bin/sh
# matrix plan: runs every case of /job/matrix ("NAME BENCHMARK ARGS..."),
# each writing /results/NAME.json; TAP, ok when the benchmark exits 0
# (converged, intact).  Used by kernel/ab.sh.
. /lib/tap.sh
grep -v '^[[:space:]]*\(#\|$\)' /job/matrix | while read -r name bench args; do
	echo "# $(cut -d' ' -f1 /proc/uptime) s: $name"
	# shellcheck disable=SC2086
	if /ksmbench/$bench $args -q --json "/results/$name.json" 2>"/results/$name.err"; then
		ok "$name"
	else
		diag "$(tail -n 5 "/results/$name.err")"
		not_ok "$name"
	fi
done | tee /tmp/tap.out
# the while loop ran in a subshell: recount its lines for the summary
TAP_PASS=$(grep -c '^ok ' /tmp/tap.out) TAP_FAIL=$(grep -c '^not ok ' /tmp/tap.out)
TAP_N=$((TAP_PASS + TAP_FAIL))
tap_done
