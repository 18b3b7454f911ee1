#!/bin/sh
# End-to-end tests of gupfast_contention on the running kernel: short runs
# of the O_DIRECT and vmsplice modes report every field for each thread
# count and phase, KSM holds pages merged in the on phases and none in the
# off phases, fallbacks are reported as not measured where tracefs is
# missing (the host) and measured where it is not; bad input exits 2; every
# KSM knob reads the same afterwards, also after signals.
#
# usage: tests/e2e/test_gupfast_contention.sh [BINARY]   (default bin/gupfast_contention)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

GF=${1:-bin/gupfast_contention}
e2e_begin "gupfast_contention e2e"

SHORT="--size-mib 16 --threads 1,2 --seconds 2 -q"
# the checks every run's JSON must pass; $1: the mode
runs_ok() {
	jget "$2" '
d["benchmark"] == "gupfast_contention" and d["params"]["mode"] == "'"$1"'"
and [(r["threads"], r["phase"]) for r in d["result"]["runs"]] == [(1, "off"), (1, "on"), (2, "off"), (2, "on")]
and all(r["ops"] > 0 and r["errors"] == 0 and r["latency_ns"]["count"] == r["ops"]
        and r["latency_ns"]["p50"] <= r["latency_ns"]["p99"] <= r["latency_ns"]["max"]
        for r in d["result"]["runs"])
and all(r["pages_sharing_mean"] == 0 for r in d["result"]["runs"] if r["phase"] == "off")
and all(r["pages_sharing_mean"] > 0 and r["ksm_deltas"]["full_scans"] > 0
        for r in d["result"]["runs"] if r["phase"] == "on")
and (d["result"]["fallbacks_measured"] ==
     all(r["gup_slow_calls"] is not None and r["fallbacks_per_op"] is not None
         for r in d["result"]["runs"]))'
}

for gm in odirect vmsplice; do
	if $GF --mode $gm $SHORT --file "$TMP/data" --file-mib 8 --json "$TMP/$gm.json" \
		2>"$TMP/err" && knobs_unchanged && [ "$(runs_ok $gm "$TMP/$gm.json")" = True ]; then
		ok "$gm: 1 and 2 threads, KSM off then on, every field, knobs restored"
	else
		diag "$(cat "$TMP/err")" "$(head -c 600 "$TMP/$gm.json" 2>/dev/null)"
		not_ok "$gm: 1 and 2 threads, KSM off then on, every field, knobs restored"
	fi
done

# where tracefs cannot probe, the counts are null and the JSON says why
if [ -e /sys/kernel/tracing/kprobe_events ]; then
	want=True
else
	want=False
fi
check "fallbacks measured exactly where tracefs has kprobes ($want here)" \
	[ "$(jget "$TMP/odirect.json" 'd["result"]["fallbacks_measured"]')" = "$want" ]

bad_input "zero threads" $GF --threads 0
bad_input "an empty thread list" $GF --threads ,
bad_input "an unknown phase" $GF --phases off,sideways
bad_input "an unknown mode" $GF --mode async
if [ -e /sys/kernel/debug/gup_test ]; then
	skip "gup-test mode without CONFIG_GUP_TEST" "this kernel has it"
else
	bad_input "gup-test mode without CONFIG_GUP_TEST" $GF --mode gup-test --seconds 1
fi
bad_input "a directory as target" $GF --file "$TMP" --seconds 1
bad_input "an empty item in --threads" $GF --threads 1,,2 --seconds 1
bad_input "a trailing comma in --threads" $GF --threads 1, --seconds 1
# a --json path that cannot be written fails before the run, not after it
start=$(date +%s)
bad_input "an unwritable --json path (before the run)" $GF --seconds 5 --mode vmsplice --json /nonexistent/dir/out.json
[ $(($(date +%s) - start)) -le 2 ] && ok "the --json path failed in the first seconds" ||
	not_ok "the --json path failed in the first seconds ($(($(date +%s) - start)) s)"

bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups $GF

# Signals in the first KSM-on phase (the off phase's line is printed)
signal_tests "threads KSM off" $GF --mode vmsplice --size-mib 16 --threads 1 --seconds 10

tap_done
