#!/bin/sh
# vm-test plan: the base's mm selftests that exercise KSM, GUP and COW, quick
# runs of every benchmark, then hostile input for every KSM sysfs file;
# TAP on stdout (guest.log, results/plan.log).
. /lib/tap.sh
. /lib/ksm_sysfs_hostile.sh
. /lib/ksm_files.sh
ST=/selftests KB=/ksmbench KSM=/sys/kernel/mm/ksm KSMDBG=/sys/kernel/debug/ksm
# numa_balancing_off, numa_balancing_back: NUMA balancing off for a while,
# then as it was
numa_balancing_off() {
	nb=$(cat /proc/sys/kernel/numa_balancing 2>/dev/null)
	if [ -n "$nb" ]; then echo 0 >/proc/sys/kernel/numa_balancing; fi
}
numa_balancing_back() {
	if [ -n "$nb" ]; then echo "$nb" >/proc/sys/kernel/numa_balancing; fi
}

# (smart_scan and the advisor's: 6.7 and 6.8, where the base has them)
knobs() { for f in run pages_to_scan sleep_millisecs merge_across_nodes \
	use_zero_pages max_page_sharing stable_node_chains_prune_millisecs \
	smart_scan advisor_mode advisor_max_cpu advisor_target_scan_time \
	advisor_min_pages_to_scan advisor_max_pages_to_scan; do
	[ -e $KSM/$f ] && echo "$f=$(ksm_value $KSM/$f)"; done; }
knobs_start=$(knobs)

# selftest NAME ARGS...: pass on exit 0, skip on 4 (KSFT_SKIP)
# selftest_attempts N NAME ARGS...: the same, up to N runs until one
# passes, each failed run said in a diag line (see ksm_tests -N below)
attempts=1
selftest_attempts() { attempts=$1; shift; selftest "$@"; attempts=1; }
selftest() {
	name=$1; shift
	label="selftest $name $*"
	log=/results/selftest-$name-$(echo "$*" | tr -c 'a-zA-Z0-9' '_').log
	if [ ! -x "$ST/$name" ]; then
		skip "$label: did not build for this kernel"
		return
	fi
	attempt=1
	while :; do
		timeout 900 "$ST/$name" "$@" >"$log" 2>&1
		rc=$?
		[ "$rc" = 0 ] || [ "$rc" = 4 ] || [ "$attempt" -ge "$attempts" ] && break
		diag "$label: attempt $attempt failed (exit $rc): $(grep -m1 '^not ok' "$log")"
		cp "$log" "$log.attempt$attempt"
		attempt=$((attempt + 1))
	done
	[ "$attempt" -gt 1 ] && [ "$rc" = 0 ] && label="$label (attempt $attempt)"
	case $rc in
	0) ok "$label" ;;
	4) skip "$label: $(tail -n 1 "$log")" ;;
	*) diag "exit status $rc; last lines:" "$(tail -n 15 "$log")"
	   not_ok "$label" ;;
	esac
	# some selftests leave KSM knobs changed: put them back between tests
	echo "$knobs_start" | while IFS== read -r k v; do
		[ "$(ksm_value $KSM/$k)" = "$v" ] || echo "$v" >$KSM/$k
	done
}

selftest ksm_tests -M -p 10
selftest ksm_tests -U
selftest ksm_tests -Z -p 10 -z 0
selftest ksm_tests -Z -p 10 -z 1
# -N -m 1 waits for two full scans after each madvise while ksmd scans
# with sleep_millisecs=0; with smart scan (6.7+), a few milliseconds' delay
# of its own madvise ages the first page past the pair.  It fails now and
# then on the 6.12 series, not on stock (make numa-repeat; an open
# question: results/README.md, "ksm_tests -N on the 6.12 series"): up to
# three attempts, each failure said.
selftest_attempts 3 ksm_tests -N -m 1
selftest ksm_tests -N -m 0
if [ -x $ST/ksm_functional_tests ]; then	# 6.4
	selftest ksm_functional_tests
fi
selftest gup_test -u
selftest gup_test -a
selftest gup_test -ct -F 0x1 0 19 0x1000
if [ -x $ST/uffd-stress ]; then	# 6.2 renamed it
	selftest uffd-stress anon 20 16
else
	selftest userfaultfd anon 20 16
fi
selftest madv_populate
selftest mremap_test
selftest mremap_dontunmap
selftest map_populate
selftest mlock2-tests
selftest migration

# Every benchmark, small: exit 0 means converged to the exact count with
# no integrity error (merge_throughput's contract); the JSON is kept.
for p in identical distinct-pairs worst-case zipf; do
	json=/results/merge_throughput-$p.json
	if $KB/merge_throughput --profile $p --size-mib 32 --procs 2 -q \
		--timeout-s 300 --json $json 2>/results/merge_throughput-$p.err; then
		ok "merge_throughput $p 32 MiB x2 converges exactly, intact"
	else
		diag "$(cat /results/merge_throughput-$p.err)"
		not_ok "merge_throughput $p 32 MiB x2 converges exactly, intact"
	fi
done
# A benchmark stopped by a signal mid-run leaves no kprobe of its own
# (gupfast_contention counts GUP-fast fallbacks with tracefs kprobes) and
# KSM as it found it.
TRACING=/sys/kernel/tracing
if [ -e $TRACING/kprobe_events ]; then
	before=$(knobs)
	$KB/gupfast_contention --threads 1 --seconds 20 --size-mib 8 -q \
		--json /results/gupfast-signal.json 2>/results/gupfast-signal.err &
	gp=$!
	sleep 8
	kill -TERM $gp; wait $gp
	left=$(grep -c ksmbench/ $TRACING/kprobe_events)
	[ "$left" = 0 ] && [ "$(knobs)" = "$before" ] &&
		ok "gupfast_contention stopped by SIGTERM leaves no kprobe, KSM as it was" ||
		not_ok "gupfast_contention stopped by SIGTERM leaves no kprobe ($left left), KSM as it was"
else
	skip "gupfast_contention stopped by SIGTERM: no tracefs kprobes here"
fi
# The series' merge batches: merge_batch_pages=1 flushes one PTE per TLB
# flush, as stock does; a batch of 64 and the largest one (a page table)
# merge the same pages with several PTEs per flush.  A thread of the process
# stays busy, so its mm is live on the other CPU.  NUMA balancing is off
# meanwhile: a PTE its hinting made PROT_NONE needs no flush when cleared
# (tlb_flushed_ptes counts only those that did), so on a slow kernel (the
# debug one: 2379 PTEs in 320 flushes at a batch of 64) the PTEs per flush
# measured the hinting, not the batches.
if [ -e "$(kfile merge_batch_pages)" ]; then
	numa_balancing_off
	for b in 1 64 512; do
		f0=$(cat "$(kfile tlb_flushes)") p0=$(cat "$(kfile tlb_flushed_ptes)")
		if ! $KB/merge_throughput --profile identical --size-mib 32 --busy-threads 1 -q \
			--set merge_batch_pages=$b --timeout-s 300 \
			--json /results/merge_throughput-batch$b.json \
			2>/results/merge_throughput-batch$b.err; then
			diag "$(cat /results/merge_throughput-batch$b.err)"
			not_ok "merge_batch_pages=$b: identical 32 MiB converges exactly, intact"
			continue
		fi
		flushes=$(($(cat "$(kfile tlb_flushes)") - f0))
		ptes=$(($(cat "$(kfile tlb_flushed_ptes)") - p0))
		diag "merge_batch_pages=$b: $ptes PTEs in $flushes TLB flushes"
		if [ "$b" = 1 ]; then
			want="one PTE per TLB flush"
			[ "$flushes" -gt 0 ] && [ "$ptes" -eq "$flushes" ]
		else
			want="16 or more PTEs per TLB flush"
			[ "$flushes" -gt 0 ] && [ "$ptes" -ge $((16 * flushes)) ]
		fi && ok "merge_batch_pages=$b: converges exactly, intact, $want" ||
			not_ok "merge_batch_pages=$b: converges exactly, intact, $want"
	done
	numa_balancing_back
fi
# The series' ksmd workers: the knob's bounds, the threads it starts and
# stops, and two workers merging several processes into one stable tree
# (chains too), to the exact count, every page intact.
ksmd_threads() { cat /proc/[0-9]*/comm 2>/dev/null | grep -cE '^ksmd(/[0-9]+)?$'; }
if [ -e $KSM/workers ]; then
	ncpu=$(grep -c ^processor /proc/cpuinfo)
	w0=$(cat $KSM/workers)	# the boot default: 1 in v2, one per CPU since
	bad=""
	for v in 0 $((ncpu + 1)) -1 two ""; do
		echo "$v" >$KSM/workers 2>/dev/null && bad="$bad '$v'"
	done
	[ -z "$bad" ] && [ "$(cat $KSM/workers)" = "$w0" ] &&
		ok "workers rejects 0, $((ncpu + 1)) (CPUs + 1), -1, junk, empty" ||
		not_ok "workers rejects 0, $((ncpu + 1)) (CPUs + 1), -1, junk, empty (accepted:$bad)"
	echo "$ncpu" >$KSM/workers && sleep 1 && n_on=$(ksmd_threads) &&
		echo 1 >$KSM/workers && sleep 1 && n_off=$(ksmd_threads)
	diag "ksmd threads: $n_on with workers=$ncpu, $n_off with workers=1"
	[ "$n_on" = "$ncpu" ] && [ "$n_off" = 1 ] &&
		ok "workers=$ncpu starts $ncpu ksmd threads, workers=1 leaves one" ||
		not_ok "workers=$ncpu starts $ncpu ksmd threads, workers=1 leaves one"
	# A worker stopped by the knob while it sleeps out sleep_millisecs
	# (30 s here, with an mm to scan) stops at once: the write waits in
	# kthread_stop() for it.  6.1's kthread_stop() ends an interruptible
	# sleep (TIF_NOTIFY_SIGNAL) whatever its condition says; a sleep that
	# is not interruptible would hold the write for up to 30 s.
	echo 2 >$KSM/workers
	$KB/merge_throughput --profile identical --size-mib 4 --pages-to-scan 64 \
		--sleep-ms 30000 --timeout-s 120 -q 2>/results/worker-stop.err &
	mt=$!
	sleep 4		# both workers scanned their 64 pages and sleep
	t0=$(cut -d' ' -f1 /proc/uptime)
	echo 1 >$KSM/workers
	t1=$(cut -d' ' -f1 /proc/uptime)
	kill -TERM $mt; wait $mt
	stop_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	diag "workers=2 -> 1 while both sleep 30 s: the write took $stop_s s"
	awk -v s="$stop_s" 'BEGIN { exit !(s < 5) }' && [ "$(ksmd_threads)" = 1 ] &&
		ok "a worker sleeping out sleep_millisecs=30000 stops at once (${stop_s} s < 5 s)" ||
		not_ok "a worker sleeping out sleep_millisecs=30000 stops at once (${stop_s} s < 5 s)"
	# Two workers with an mm each share pages_to_scan: together they scan
	# pages_to_scan per sleep_millisecs, not more (at pages_to_scan=1 a
	# share rounded up per worker would scan two).  Timer slack and scan
	# time only make the rate lower than nominal.
	if [ -e $KSM/pages_scanned ]; then
		echo 2 >$KSM/workers
		$KB/merge_throughput --profile distinct-pairs --size-mib 16 --procs 2 \
			--pages-to-scan 1 --sleep-ms 100 --timeout-s 120 -q 2>/results/scan-share.err &
		mt=$!
		sleep 4
		s0=$(cat $KSM/pages_scanned) t0=$(cut -d' ' -f1 /proc/uptime)
		sleep 20
		s1=$(cat $KSM/pages_scanned) t1=$(cut -d' ' -f1 /proc/uptime)
		kill -TERM $mt; wait $mt
		rate=$(awk -v n=$((s1 - s0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
		diag "workers=2, pages_to_scan=1, sleep_millisecs=100: $((s1 - s0)) pages scanned, $rate per second (nominal 10)"
		awk -v r="$rate" 'BEGIN { exit !(r > 0 && r <= 13) }' &&
			ok "two workers scan pages_to_scan=1 per 100 ms together ($rate pages/s <= 13)" ||
			not_ok "two workers scan pages_to_scan=1 per 100 ms together ($rate pages/s <= 13)"
	fi
	# One ksmd ends its round with a full scan, so full scans come
	# sleep_millisecs apart at the soonest: with two workers too (a worker
	# waiting for a scan to end must not start the next at once; that
	# doubled the full scans of one small process, and the pace at which
	# smart scan ages pages on 6.12).  10 rescans of a merged
	# 1 MiB at sleep_millisecs=200 take 2 s at least; back to back, 1 s.
	if $KB/merge_throughput --profile identical --size-mib 1 --pages-to-scan 5000 \
		--sleep-ms 200 --rescans 10 --set workers=2 -q --timeout-s 120 \
		--json /results/scan-pace.json 2>/results/scan-pace.err; then
		pace_s=$(sed -n '/"rescans": {/,/}/s/.*"seconds": \([0-9.]*\).*/\1/p' \
			/results/scan-pace.json | head -n 1 | awk '{ printf "%.2f", $1 }')
	else
		pace_s=""
		diag "$(cat /results/scan-pace.err)"
	fi
	diag "workers=2, sleep_millisecs=200: 10 full scans in ${pace_s:-?} s"
	awk -v s="${pace_s:-0}" 'BEGIN { exit !(s >= 1.6) }' &&
		ok "two workers start full scans sleep_millisecs apart (10 in ${pace_s:-?} s >= 1.6 s)" ||
		not_ok "two workers start full scans sleep_millisecs apart (10 in ${pace_s:-?} s >= 1.6 s)"
	# NUMA balancing off meanwhile: 6.1's follow_page() gives KSM no page
	# whose PTE NUMA hinting made PROT_NONE, so slow merges of several
	# processes (the debug kernel's) stall short of the exact count on
	# stock and patched alike (see the README's debug kernel section)
	numa_balancing_off
	for c in "distinct-pairs --size-mib 64 --procs 4" \
		 "zipf --size-mib 64 --procs 3 --set max_page_sharing=8" \
		 "identical --size-mib 32 --procs 4 --busy-threads 1"; do
		name=w2-$(echo "$c" | cut -d' ' -f1)
		# pages_scanned comes after the workers in the series: counted where it exists
		what="workers=2: $c converges exactly, intact"
		[ -e $KSM/pages_scanned ] && what="$what, pages_scanned counted"
		# shellcheck disable=SC2086
		if $KB/merge_throughput --profile $c --set workers=2 -q --timeout-s 300 \
			--json /results/merge_throughput-$name.json 2>/results/merge_throughput-$name.err &&
			{ [ ! -e $KSM/pages_scanned ] ||
			  grep -q '"pages_scanned": [1-9]' /results/merge_throughput-$name.json; }; then
			ok "$what"
		else
			diag "$(cat /results/merge_throughput-$name.err)"
			not_ok "$what"
		fi
	done
	numa_balancing_back
	echo "$w0" >$KSM/workers
	[ "$(cat $KSM/workers)" = "$w0" ] && [ "$(ksmd_threads)" = "$w0" ] &&
		ok "workers is back to its boot value $w0, as many threads" ||
		not_ok "workers is back to its boot value $w0, as many threads"
fi
# A RAM image on a block device (how kernel/ab.sh hands VM images to
# merge_throughput): 2000 random pages written twice onto the zeroed scratch
# disk; the rest of the disk is zero pages, which are left unmapped.
dd if=/dev/urandom of=/tmp/pages bs=4096 count=2000 2>/dev/null
dd if=/tmp/pages of=/dev/vdb bs=4096 conv=notrunc 2>/dev/null
dd if=/tmp/pages of=/dev/vdb bs=4096 seek=10000 conv=notrunc 2>/dev/null
rm -f /tmp/pages
json=/results/merge_throughput-blockdev.json
zero_want=$(( $(cat /sys/block/vdb/size) / 8 - 4000 ))
if $KB/merge_throughput --image /dev/vdb -q --timeout-s 300 --json $json \
	2>/results/merge_throughput-blockdev.err &&
	grep -q '"pages_sharing": 2000,' $json && grep -q "\"image_zero_pages\": $zero_want," $json; then
	ok "merge_throughput --image /dev/vdb: 2000 pairs merged, $zero_want zero pages unmapped"
else
	diag "$(cat /results/merge_throughput-blockdev.err)"
	not_ok "merge_throughput --image /dev/vdb: 2000 pairs merged, $zero_want zero pages unmapped"
fi
# every knob and counter of this kernel, the series' counters included
ksm_sysfs_hostile $KSM
[ -d $KSMDBG ] && ksm_sysfs_hostile $KSMDBG
if [ "$(knobs)" = "$knobs_start" ]; then
	ok "KSM knobs are as they were at boot"
else
	diag "$(knobs)"
	not_ok "KSM knobs are as they were at boot"
fi
tap_done
