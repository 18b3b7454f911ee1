#!/bin/sh
# link-walk plan: the test module ksm_link_walker (/job/ksm_link_walker.ko,
# kernel/build-module.sh) walks the unstable index as a lookup of another
# checksum would, stopping at an entry before following its hash chain
# link, while merge_throughput merges distinct pairs again and again (each
# pair's tree page leaves the index and is listed from its new stable node
# at once).  One TAP line: ok when the walker stopped at entries that KSM
# took out of the index meanwhile; whether following their links stayed
# on the chain is what the kernel log says (KASAN, oopses: run-guest's
# splats).  The module stays loaded (the guest powers off).
. /lib/tap.sh
secs=${LINK_WALK_SECONDS:-40}
if ! insmod /job/ksm_link_walker.ko seconds=$secs 2>/results/insmod.err; then
	diag "$(cat /results/insmod.err)"
	not_ok "ksm_link_walker loads"
	tap_done
	exit 0
fi
P=/sys/module/ksm_link_walker/parameters
end=$(($(date +%s) + secs))
runs=0
while [ "$(date +%s)" -lt "$end" ]; do
	/ksmbench/merge_throughput --profile distinct-pairs --size-mib 8 --pages-to-scan 1000 \
		--sleep-ms 0 --timeout-s 120 -q --json /results/pairs.json >>/results/pairs.log 2>&1 ||
		break
	runs=$((runs + 1))
done
left=$(cat $P/left) parks=$(cat $P/parks)
echo "{\"runs\": $runs, \"walks\": $(cat $P/walks), \"parks\": $parks, \"left\": $left, \"steps\": $(cat $P/steps)}" \
	>/results/link_walk.json
if [ "$left" -gt 0 ]; then
	ok "the walker stopped at $parks entries, $left of them taken out of the index meanwhile ($runs merge runs)"
else
	diag "$(tail -n 5 /results/pairs.log)"
	not_ok "the walker stopped at entries KSM took out of the index meanwhile ($parks stops, $runs merge runs)"
fi
tap_done
