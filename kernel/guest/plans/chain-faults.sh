#!/bin/sh
# chain-faults plan: KSM page chains made while ksmd's allocations fail.
# With max_page_sharing=2 every content of zipf's with 4 or more copies
# needs a chain of KSM pages (stable_tree_insert() allocates it when the
# second KSM page of a content is made), and FAULT_INJECT percent (default
# 30) of ksmd's slab and page allocations fail: chain allocations fail, and
# so do the COW copies that would undo a merge.  merge_throughput runs
# again and again (fresh processes, so fresh chains) for CHAIN_SECONDS
# (default 240), two ksmd workers where the kernel has them; a run need not
# converge (failures stall it), but every page must read back intact.
# From /job/chain.env: FAULT_INJECT, CHAIN_SECONDS.  Kernel reports fail the
# run in run-guest.sh (splats.txt).  A kernel report ends the plan at once
# (the processes it left stuck would otherwise hold the guest until its
# timeout): the watchdog kills the plan, whose results are then partial.
# TAP.
. /lib/tap.sh
. /lib/fault_inject.sh
[ -f /job/chain.env ] && . /job/chain.env
pct=${FAULT_INJECT:-30} secs=${CHAIN_SECONDS:-240}
workers=""
[ -e /sys/kernel/mm/ksm/workers ] && workers="--set workers=2"
if fi_start "$pct"; then
	ok "fault injection armed: ksmd's slab and page allocations fail at $pct%"
else
	not_ok "fault injection armed (does the kernel have CONFIG_FAILSLAB?)"
fi
plan=$$
(
	exec >/dev/null 2>&1
	while sleep 5; do
		if dmesg | grep -qE 'BUG:|KASAN:|Oops|general protection'; then
			echo "kernel report: plan stopped" >/results/stopped
			kill -9 "$FI_MARKER" "$plan"
			exit 0
		fi
	done
) &
watchdog=$!
end=$(($(date +%s) + secs)) runs=0 bad=0 chains=0
while [ "$(date +%s)" -lt "$end" ]; do
	runs=$((runs + 1))
	left=$((end - $(date +%s)))
	[ "$left" -lt 30 ] && left=30
	# shellcheck disable=SC2086
	/ksmbench/merge_throughput --profile zipf --size-mib 32 --procs 2 --seed "$runs" \
		--set max_page_sharing=2 $workers --pages-to-scan 2000 --sleep-ms 0 \
		--timeout-s "$left" -q --json /results/chain-$runs.json \
		>/results/chain-$runs.out 2>/results/chain-$runs.err
	e=$(sed -n 's/.*"integrity_errors": \([0-9]*\).*/\1/p' /results/chain-$runs.json | head -n 1)
	[ "${e:-1}" = 0 ] || bad=$((bad + 1))
	# the chains the run saw (its "ksm_after" snapshot, before it exits)
	c=$(sed -n 's/.*"stable_node_chains": \([0-9]*\).*/\1/p' /results/chain-$runs.json | sort -n | tail -n 1)
	[ "${c:-0}" -gt "$chains" ] && chains=$c
done
kill "$watchdog"
fi_stop /results/fault_inject.json
diag "$runs runs, up to $chains stable node chains at a time"
if [ "$bad" = 0 ]; then
	ok "$runs merge_throughput runs with chains (max_page_sharing=2) under $pct% failed allocations: every page intact"
else
	not_ok "$runs merge_throughput runs with chains under $pct% failed allocations: $bad with integrity errors or no result"
fi
tap_done
