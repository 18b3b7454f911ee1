# fault_inject.sh - failed slab and page allocations for ksmd's threads only
# (sourced by guest plans; needs a kernel with CONFIG_FAILSLAB,
# CONFIG_FAIL_PAGE_ALLOC and CONFIG_FAULT_INJECTION_DEBUG_FS, and debugfs).
#
# fi_start PERCENT: every slab and page allocation of a ksmd thread fails
# with probability PERCENT (sleeping allocations too: ksmd allocates its
# nodes with GFP_KERNEL).  Threads started later (the workers knob) are
# marked within half a second.  fi_stop JSON: disarms, writes the injected
# failure counts.
FI_DIR=/sys/kernel/debug
FI_TIMES=1000000000	# "at most this many": what is left of it counts them

fi_mark_ksmd() {
	for d in /proc/[0-9]*; do
		case $(cat "$d/comm" 2>/dev/null) in
		ksmd|ksmd/*) echo 1 >"$d/make-it-fail" 2>/dev/null ;;
		esac
	done
}

fi_start() {
	for a in failslab fail_page_alloc; do
		[ -d "$FI_DIR/$a" ] || { echo "fault_inject: no $FI_DIR/$a" >&2; return 1; }
		echo "$1" >"$FI_DIR/$a/probability"
		echo 1 >"$FI_DIR/$a/interval"
		echo "$FI_TIMES" >"$FI_DIR/$a/times"
		echo 0 >"$FI_DIR/$a/verbose"
		echo Y >"$FI_DIR/$a/task-filter"
		echo N >"$FI_DIR/$a/ignore-gfp-wait"
	done
	echo N >"$FI_DIR/fail_page_alloc/ignore-gfp-highmem"
	echo 0 >"$FI_DIR/fail_page_alloc/min-order"
	fi_mark_ksmd
	( while :; do fi_mark_ksmd; sleep 0.5; done ) &
	FI_MARKER=$!
}

fi_stop() {
	kill "$FI_MARKER" 2>/dev/null
	wait "$FI_MARKER" 2>/dev/null
	for a in failslab fail_page_alloc; do echo 0 >"$FI_DIR/$a/probability"; done
	slab=$((FI_TIMES - $(cat $FI_DIR/failslab/times)))
	page=$((FI_TIMES - $(cat $FI_DIR/fail_page_alloc/times)))
	printf '{"failslab_injected": %d, "fail_page_alloc_injected": %d}\n' \
		"$slab" "$page" >"$1"
	echo "fault_inject: $slab slab and $page page allocations of ksmd failed" >&2
}
