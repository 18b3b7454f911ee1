#!/bin/sh
# boot plan: the kernel boots, KSM is there, and merges 16 MiB exactly.
. /lib/tap.sh
if [ -w /sys/kernel/mm/ksm/run ]; then ok "KSM sysfs present"; else not_ok "KSM sysfs present"; fi
if /ksmbench/merge_throughput --profile zipf --size-mib 16 --procs 2 -q \
	--json /results/boot.json 2>/results/boot.err; then
	ok "merge_throughput zipf 16 MiB converges exactly, intact"
else
	diag "$(cat /results/boot.err)"
	not_ok "merge_throughput zipf 16 MiB converges exactly, intact"
fi
for c in ksm_rmap_item ksm_stable_node; do
	[ -r /sys/kernel/slab/$c/object_size ] &&
		diag "$c object_size $(cat /sys/kernel/slab/$c/object_size)"
done
tap_done
