#!/bin/sh
# End-to-end tests of ksm_stress on the running kernel: a short run churns
# merged memory with every page intact and reports every field; the check
# catches a page changed behind its back (--inject-corruption, the negative
# control); bad input exits 2; every KSM knob reads the same afterwards.
#
# usage: tests/e2e/test_ksm_stress.sh [BINARY]   (default bin/ksm_stress)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

KS=${1:-bin/ksm_stress}
e2e_begin "ksm_stress e2e"

SHORT="--seconds 8 --procs 2 --threads 2 --mib 8 --dio-file $TMP/dio -q"

if $KS $SHORT --json "$TMP/run.json" 2>"$TMP/err" && knobs_unchanged &&
	jget "$TMP/run.json" '(lambda r:
d["benchmark"] == "ksm_stress" and r["mismatches"] == 0 and r["workers_died"] == 0
and r["verified_pages"] > 10000 and r["workers_retired"] + r["workers_killed"] >= 1
and r["knob_writes"] > 10 and r["unmerge_cycles"] > 0 and all(r["ops"][k] > 0 for k in
    ("write", "unmergeable", "dontneed", "mprotect", "mremap", "munmap+mmap", "odirect", "fork"))
and "pages_shared" in d["ksm_deltas"] and "full_scans" in d["ksm_deltas"]
)(d["result"])' | grep -qx True
then
	ok "an 8 s run: every page intact, every operation ran, knobs restored"
else
	diag "$(cat "$TMP/err")" "$(cat "$TMP/run.json" 2>/dev/null)"
	not_ok "an 8 s run: every page intact, every operation ran, knobs restored"
fi

$KS --seconds 2 --procs 1 --threads 1 --mib 2 --inject-corruption -q \
	--json "$TMP/inj.json" 2>"$TMP/err"
rc=$?
if [ $rc = 1 ] && grep -q MISMATCH "$TMP/err" && knobs_unchanged &&
	[ "$(jget "$TMP/inj.json" 'd["result"]["mismatches"] > 0')" = True ]; then
	ok "negative control: a page changed behind the check's back fails the run"
else
	diag "rc=$rc" "$(cat "$TMP/err")"
	not_ok "negative control: a page changed behind the check's back fails the run"
fi

bad_input "zero seconds" $KS --seconds 0
bad_input "too little memory per thread" $KS --mib 2 --threads 2
bad_input "too many workers" $KS --procs 65
bad_input "a non-number" $KS --threads two
bad_input "zero ksmd workers" $KS --ksmd-workers 0
bad_input "an unknown option" $KS --frobnicate
bad_input "an option without its value" $KS --seconds
bad_input "a stray argument" $KS extra
# a --json path that cannot be written fails before the run, not after it
start=$(date +%s)
bad_input "an unwritable --json path (before the run)" $KS --seconds 10 --json /nonexistent/dir/out.json
[ $(($(date +%s) - start)) -le 2 ] && ok "the --json path failed in the first seconds" ||
	not_ok "the --json path failed in the first seconds ($(($(date +%s) - start)) s)"

bad_input "a missing O_DIRECT file's directory" $KS --seconds 1 --dio-file "$TMP/no/such"
bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups $KS

# Signals mid-run, once the workers are running (the start-up line)
signal_tests "workers x" $KS --seconds 30 --procs 2 --threads 2 --mib 8
tap_done
