#!/bin/sh
# End-to-end tests of odirect_latency on the running kernel: a short run
# with KSM off then on reports every field with no corrupted block, the
# stamp check catches blocks rewritten behind its back (negative control),
# bad input exits 2, and every KSM knob reads the same afterwards.
#
# usage: tests/e2e/test_odirect_latency.sh [BINARY]   (default bin/odirect_latency)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

OD=${1:-bin/odirect_latency}
e2e_begin "odirect_latency e2e"

SHORT="--file $TMP/data --size-mib 16 --threads 2 --seconds 2 --filler-pages 1024 -q"

if $OD $SHORT --json "$TMP/run.json" 2>"$TMP/err" && knobs_unchanged &&
	jget "$TMP/run.json" '
d["benchmark"] == "odirect_latency"
and all(k in d for k in ("env", "params", "result"))
and d["result"]["corrupted_blocks"] == 0
and d["result"]["final_check_corrupted"] == 0
and d["result"]["io_errors"] == 0
and [p["name"] for p in d["result"]["phases"]] == ["off", "on"]
and all(p["reads"] > 0 and p["verified_reads"] == p["reads"]
        and p["read_latency_ns"]["count"] == p["reads"]
        and p["read_latency_ns"]["p50"] <= p["read_latency_ns"]["p99"] <= p["read_latency_ns"]["max"]
        for p in d["result"]["phases"])
and d["result"]["verified_reads"] == sum(p["verified_reads"] for p in d["result"]["phases"]) + d["result"]["final_check_blocks"]
and d["result"]["phases"][1]["ksm_deltas"]["full_scans"] > 0' | grep -qx True; then
	ok "KSM off then on: every read verified, none corrupted, KSM scanned, knobs restored"
else
	diag "$(cat "$TMP/err")"
	not_ok "KSM off then on: every read verified, none corrupted, KSM scanned, knobs restored"
fi

# io_uring, 8 I/Os in flight per thread
if $OD $SHORT --mode uring --iodepth 8 --json "$TMP/uring.json" 2>"$TMP/err" && knobs_unchanged &&
	jget "$TMP/uring.json" '
d["params"]["mode"] == "uring" and d["params"]["iodepth"] == 8
and d["result"]["corrupted_blocks"] == 0 and d["result"]["io_errors"] == 0
and all(p["reads"] > 0 and p["verified_reads"] == p["reads"] for p in d["result"]["phases"])' |
	grep -qx True; then
	ok "io_uring mode, iodepth 8: every read verified, none corrupted"
else
	diag "$(cat "$TMP/err")"
	not_ok "io_uring mode, iodepth 8: every read verified, none corrupted"
fi

# Negative control: 5 blocks rewritten with a generation the benchmark does
# not expect; no writes, so the final re-read must find exactly those 5.
$OD $SHORT --writes-pct 0 --negative-control 5 --json "$TMP/neg.json" 2>"$TMP/err"
rc=$?
final=$(jget "$TMP/neg.json" 'd["result"]["final_check_corrupted"]' 2>/dev/null)
if [ $rc = 1 ] && [ "$final" = 5 ] && grep -q 'CORRUPT.*wrong-generation' "$TMP/err"; then
	ok "negative control: 5 rewritten blocks reported corrupted, exit 1"
else
	diag "rc=$rc final_check_corrupted=$final" "$(head -n 5 "$TMP/err")"
	not_ok "negative control: 5 rewritten blocks reported corrupted, exit 1"
fi

# Fork mode: a thread forks in a loop while reads land in buffers 512
# bytes past a page boundary.  Whether blocks come back corrupted depends
# on the kernel (6.1's block direct I/O takes FOLL_GET references, which
# fork does not copy for; kernels that pin with FOLL_PIN are safe): the
# test asks that the forks happened, every read was checked, and the exit
# status says what the count says.
$OD $SHORT --phases off --fork --buffer-offset 512 --json "$TMP/fork.json" 2>"$TMP/err"
rc=$?
if jget "$TMP/fork.json" "
d['params']['fork'] is True and d['params']['buffer_offset'] == 512
and d['result']['io_errors'] == 0
and all(p['forks'] > 0 and p['reads'] > 0 and p['verified_reads'] == p['reads']
        for p in d['result']['phases'])
and (d['result']['corrupted_blocks'] > 0) == ($rc == 1)" 2>/dev/null | grep -qx True &&
	knobs_unchanged; then
	ok "fork mode, buffers 512 bytes off a page: forks counted, every read verified ($(jget "$TMP/fork.json" 'd["result"]["corrupted_blocks"]') corrupted on $(uname -r)), exit $rc"
else
	diag "rc=$rc" "$(tail -n 5 "$TMP/err")"
	not_ok "fork mode, buffers 512 bytes off a page: forks counted, every read verified"
fi

bad_input "zero threads" $OD --threads 0
bad_input "a buffer offset not a multiple of 512" $OD --buffer-offset 100
bad_input "a buffer offset of a whole page" $OD --buffer-offset 4096
# a --json path that cannot be written fails before the run, not after it
start=$(date +%s)
bad_input "an unwritable --json path (before the run)" $OD --seconds 5 --json /nonexistent/dir/out.json
[ $(($(date +%s) - start)) -le 2 ] && ok "the --json path failed in the first seconds" ||
	not_ok "the --json path failed in the first seconds ($(($(date +%s) - start)) s)"

bad_input "an unknown phase" $OD --phases off,sideways
bad_input "an empty item in --phases" $OD --phases off,,on
bad_input "an unknown mode" $OD --mode async
bad_input "iodepth 0" $OD --mode uring --iodepth 0
bad_input "writes over 100%" $OD --writes-pct 101
bad_input "a directory as target" $OD --file "$TMP" --seconds 1
bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups $OD

# Signals mid-run, in the KSM-on phase ("KSM on" progress, 2 s into it)
signal_tests "KSM on" $OD --file "$TMP/sigdata" --size-mib 16 --threads 2 --seconds 10 \
	--phases on --filler-pages 1024

tap_done
