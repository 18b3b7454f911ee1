#!/bin/sh
# matrix plan: runs every case of /job/matrix ("NAME BENCHMARK ARGS..."),
# each writing /results/NAME.json; TAP, ok when the benchmark exits 0
# (converged, intact).  Used by kernel/ab.sh.  "NAME selftest TEST ARGS..."
# runs the 6.1 selftest /selftests/TEST (ksm_tests -P: its merge-time
# benchmark) and writes its output as NAME.json (lib/selftest_json.sh),
# the log as NAME.log; exit 4 (KSFT_SKIP) is a skip.
#
# With /job/perf (ab.sh --perf), each case also runs under perf record
# (cpu-clock: TCG has no hardware counters; all CPUs, call graphs) and
# leaves only text: NAME.perf.txt (perf report of ksmd's samples, by symbol)
# and NAME.folded (ksmd's stacks folded: "frame;frame;... count").
. /lib/tap.sh
. /lib/perf_ksmd.sh
. /lib/nullblk.sh
. /lib/selftest_json.sh
. /lib/ksm_files.sh
[ -s /job/matrix ] || { echo "Bail out! no /job/matrix (pass one with --job-file DIR/matrix)"; exit 1; }
# A case that sets a knob this kernel lacks (--set KNOB=V: a patched kernel's
# knob, on stock) is skipped, not failed.  The series keeps some knobs
# (merge_batch_pages, since v2) in debugfs, where merge_throughput --set
# finds them too.
missing_knob() {
	for a in "$@"; do
		case $prev in --set) [ -e "$(kfile "${a%%=*}")" ] || { echo "${a%%=*}"; return; } ;; esac
		prev=$a
	done
}
perf_start() {
	perf record -q -e cpu-clock -F 499 -a -g -o /tmp/perf.data >/tmp/perf.log 2>&1 &
	perf_pid=$!
	sleep 1
}
# perf_stop NAME: ends the recording, keeps ksmd's profile as text
perf_stop() {
	kill -INT "$perf_pid" && wait "$perf_pid"
	perf_ksmd_text /tmp/perf.data "/results/$1"
	rm -f /tmp/perf.data
}
# A matrix that reads /dev/nullb1 gets it: memory-backed, 256 MiB, no
# completion delay (a fast device, for GUP-fast-heavy O_DIRECT).
grep -q /dev/nullb1 /job/matrix && nullblk_create nullb1 256 0 >/dev/null
grep -v '^[[:space:]]*\(#\|$\)' /job/matrix | while read -r name bench args; do
	echo "# $(cut -d' ' -f1 /proc/uptime) s: $name"
	# shellcheck disable=SC2086
	knob=$(prev="" missing_knob $args)
	if [ -n "$knob" ]; then
		skip "$name" "this kernel has no $knob"
		continue
	fi
	if [ "$bench" = selftest ]; then
		# shellcheck disable=SC2086
		set -- $args
		st=$1
		shift
		if [ ! -x "/selftests/$st" ]; then
			skip "$name" "selftest $st did not build for this kernel"
			continue
		fi
		"/selftests/$st" "$@" >"/results/$name.log" 2>&1 </dev/null
		rc=$?
		case $rc in
		0) ok "$name" ;;
		4) skip "$name" "$(tail -n 1 "/results/$name.log")"; continue ;;
		*) diag "exit status $rc" "$(tail -n 5 "/results/$name.log")"; not_ok "$name" ;;
		esac
		selftest_json "$st" "$rc" "/results/$name.log" "$@" >"/results/$name.json"
		continue
	fi
	[ -e /job/perf ] && perf_start
	# shellcheck disable=SC2086
	if /ksmbench/$bench $args -q --json "/results/$name.json" 2>"/results/$name.err"; then
		ok "$name"
	else
		diag "$(tail -n 5 "/results/$name.err")"
		not_ok "$name"
	fi
	[ -e /job/perf ] && perf_stop "$name"
done | tee /tmp/tap.out
# the while loop ran in a subshell: recount its lines for the summary
TAP_SKIP=$(grep -c '# SKIP' /tmp/tap.out)
TAP_PASS=$(($(grep -c '^ok ' /tmp/tap.out) - TAP_SKIP)) TAP_FAIL=$(grep -c '^not ok ' /tmp/tap.out)
TAP_N=$((TAP_PASS + TAP_FAIL + TAP_SKIP))
tap_done
