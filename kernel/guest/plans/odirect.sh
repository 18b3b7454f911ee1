#!/bin/sh
# odirect plan: odirect_latency on the guest's devices, KSM off then on.
# ODIRECT_ARGS (from /job/odirect.env when present) adds options; the
# default is a short run.  TAP: ok when no block came back corrupted.
. /lib/tap.sh
. /lib/nullblk.sh
[ -f /job/odirect.env ] && . /job/odirect.env
args=${ODIRECT_ARGS:---seconds 10 --size-mib 128 --threads 2}
nullb=$(nullblk_create nullb1 512 ${NULLB_DELAY_NS:-200000})

for dev in /dev/vdb "$nullb"; do
	name=$(basename "$dev")
	# shellcheck disable=SC2086
	/ksmbench/odirect_latency --file "$dev" $args -q \
		--json "/results/odirect_latency-$name.json" 2>"/results/odirect_latency-$name.err"
	rc=$?
	grep -v '^  KSM' "/results/odirect_latency-$name.err" | sed 's/^/# /'
	if [ $rc = 0 ]; then
		ok "odirect_latency on $name: every block intact"
	else
		not_ok "odirect_latency on $name: every block intact (exit $rc)"
	fi
done
tap_done
