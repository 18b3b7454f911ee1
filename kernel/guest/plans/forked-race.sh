#!/bin/sh
# forked-race plan: issue 19's lock race, laid out by bench/ksm_forked_race
# with the test module ksm_gate (/job/ksm_gate.ko, kernel/build-module.sh).
# One TAP line: ok when the interleaving was laid out and the page ended
# merged exactly; whether the kernel took the right checksum lock is what
# its log says (lockdep, DEBUG_VM: run-guest's splats).  The module stays
# loaded (the guest configs cannot unload modules; the guest powers off).
. /lib/tap.sh
if ! insmod /job/ksm_gate.ko 2>/results/insmod.err; then
	diag "$(cat /results/insmod.err)"
	not_ok "ksm_gate loads"
	tap_done
	exit 0
fi
/ksmbench/ksm_forked_race --json /results/forked_race.json 2>/results/forked_race.err
rc=$?
sed 's/^/# /' /results/forked_race.err
if [ $rc = 0 ]; then
	ok "the forked-page race laid out (A's lookup under a stale checksum met X mid-merge), X merged exactly"
else
	not_ok "the forked-page race laid out (A's lookup under a stale checksum met X mid-merge), X merged exactly (exit $rc)"
fi
tap_done
