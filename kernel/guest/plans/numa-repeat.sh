#!/bin/sh
# numa-repeat plan: the base's ksm_tests -N -m 1 (two identical pages on two
# NUMA nodes, merged across nodes; the second madvised once two full scans
# have merged nothing of the first) ten times, with KSM's tracepoints
# (6.5+) recorded per run: trace-N.txt, numa-N.log (-d: KSM's counters at
# the end), after-N.txt.  scripts/numa_repeat_table.py reads them: when the
# second page appeared (its rmap_item) and when the pair merged.
. /lib/tap.sh
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
ls $T/events/ksm > /results/ksm-events.txt 2>&1
echo 1 > $T/events/ksm/enable 2>/results/enable.err
echo 8192 > $T/buffer_size_kb
for i in 1 2 3 4 5 6 7 8 9 10; do
	echo > $T/trace
	/selftests/ksm_tests -N -m 1 -d > /results/numa-$i.log 2>&1
	rc=$?
	cp $T/trace /results/trace-$i.txt
	cat /sys/kernel/mm/ksm/pages_shared /sys/kernel/mm/ksm/pages_sharing > /results/after-$i.txt
	[ $rc = 0 ] && ok "numa merge $i" || not_ok "numa merge $i"
done
tap_done
