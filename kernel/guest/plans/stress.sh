#!/bin/sh
# stress plan: ksm_stress (worker processes churning KSM-merged memory while
# KSM's knobs change at random, every page verified), O_DIRECT reads from
# the scratch disk.  STRESS_ARGS (from /job/stress.env) sets the length and
# options.  TAP: ok when every page held what it should.
. /lib/tap.sh
[ -f /job/stress.env ] && . /job/stress.env
args=${STRESS_ARGS:---seconds 60}
# FAULT_INJECT=PERCENT (from the job file): ksmd's allocations fail so often
if [ -n "${FAULT_INJECT:-}" ]; then
	. /lib/fault_inject.sh
	if fi_start "$FAULT_INJECT"; then
		ok "fault injection armed: ksmd's slab and page allocations fail at $FAULT_INJECT%"
	else
		not_ok "fault injection armed (does the kernel have CONFIG_FAILSLAB?)"
	fi
fi
# CPU_HOTPLUG=1 (from the job file): CPU 1 goes offline and back every
# 2 s while the stress runs (ksmd workers must move, none may hang)
if [ -n "${CPU_HOTPLUG:-}" ]; then
	cpu=/sys/devices/system/cpu/cpu1/online
	if [ -w "$cpu" ]; then
		( n=0; while :; do echo 0 >"$cpu" && sleep 1 && echo 1 >"$cpu" &&
			n=$((n + 1)) && echo "$n" >/results/hotplug.count; sleep 1; done ) &
		hotplug=$!
		ok "CPU hotplug armed: $cpu toggled every 2 s"
	else
		not_ok "CPU hotplug armed (no writable $cpu)"
	fi
fi

# shellcheck disable=SC2086
/ksmbench/ksm_stress --dio-file /dev/vdb $args \
	--json /results/ksm_stress.json 2>/results/ksm_stress.err
rc=$?
[ -n "${FAULT_INJECT:-}" ] && fi_stop /results/fault_inject.json
if [ -n "${hotplug:-}" ]; then
	kill "$hotplug"; wait "$hotplug" 2>/dev/null
	echo 1 >"$cpu" 2>/dev/null
	n=$(cat /results/hotplug.count 2>/dev/null || echo 0)
	if [ "$n" -gt 0 ]; then ok "CPU hotplug: $n offline/online cycles, all CPUs back online"
	else not_ok "CPU hotplug: no offline/online cycle completed"; fi
fi
grep -v '^  ' /results/ksm_stress.err | head -n 40 | sed 's/^/# /'
if [ $rc = 0 ]; then
	ok "ksm_stress $args: every page intact, no worker died"
else
	not_ok "ksm_stress $args: every page intact, no worker died (exit $rc)"
fi
tap_done
