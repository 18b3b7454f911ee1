# ksm_sysfs_hostile.sh - hostile input for every KSM sysfs file (sourced
# after tap.sh; POSIX sh, runs in the guest's busybox as on the host).
#
# ksm_sysfs_hostile DIR: every writable file of DIR is written with
# negative, non-numeric, empty, huge and out-of-range values; each write
# must fail with EINVAL and leave the value as it was.  Read-only files
# (the counters) must refuse any write.  One TAP line per file.
#
# Two exceptions, both the kernel's own.  merge_across_nodes and
# max_page_sharing return kstrtoul()/kstrtoint()'s error unchanged, so a
# number too big for their type is ERANGE there (6.1 and mainline alike):
# accepted.  Known kernel bugs outside the series are reported as TAP TODO,
# not failures: KSM_HOSTILE_KNOWN lists them as KNOB:VALUE.
#
# mainline's advisor_max_cpu (6.9+, an unsigned int) stores kstrtoul()'s
# unsigned long unchecked: 4294967296 is accepted and becomes 0.
KSM_HOSTILE_KNOWN="advisor_max_cpu:4294967296"

# ksm_hostile_values KNOB: what KNOB must refuse, beside the empty line:
# negative, non-numeric, huge, and out of its range.  (kstrtobool() reads
# only the first character, so "0x10" is a valid false for a boolean.)
ksm_hostile_values() {
	any="-1 abc -- 99999999999999999999999 4294967296"
	case $1 in
	run) echo "$any 0x10 1.5 3 4 256" ;;
	merge_across_nodes) echo "$any 0x10 2" ;;
	max_page_sharing) echo "$any 0x10 0 1 -2147483648" ;;
	# the series' batch: 1 to the PTEs of a page table (512 on x86-64)
	merge_batch_pages) echo "$any 0x10 1.5 0 513" ;;
	use_zero_pages|smart_scan) echo "$any 2 x" ;;
	advisor_mode) echo "$any scan scan-time-x" ;;
	advisor_max_cpu) echo "$any 0x10 1.5" ;;
	# unsigned long knobs of mainline's advisor: 2^32 is in range
	advisor_*) echo "-1 abc -- 99999999999999999999999 0x10 1.5" ;;
	*) echo "$any 0x10 1.5" ;;
	esac
}

# ksm_hostile_errno KNOB VALUE: the strerror texts a rejection may print
ksm_hostile_errno() {
	case $1:$2 in
	merge_across_nodes:99999999999999999999999 | merge_across_nodes:4294967296 | \
	max_page_sharing:99999999999999999999999 | max_page_sharing:4294967296)
		echo "Invalid argument|out of range" ;;
	*)	echo "Invalid argument" ;;
	esac
}

# ksm_hostile_write FILE VALUE: writes VALUE and a newline ("" is the empty
# line), prints what went wrong or nothing.  /bin/echo (coreutils, or
# busybox's applet) says which errno a write failed with; dash's builtins
# say "I/O error" and busybox's printf says nothing.
ksm_hostile_write() {
	f=$1 v=$2 k=${1##*/}
	before=$(cat "$f")
	if /bin/echo "$v" 2>"$KSM_HOSTILE_ERR" >"$f"; then
		echo "'$v' accepted (now $(cat "$f"), was $before)"
		/bin/echo "$before" >"$f" 2>/dev/null
		return
	fi
	want=$(ksm_hostile_errno "$k" "$v")
	if ! grep -Eq "$want" "$KSM_HOSTILE_ERR"; then
		echo "'$v' refused with '$(tail -n 1 "$KSM_HOSTILE_ERR")', not $want"
	fi
	after=$(cat "$f")
	[ "$after" = "$before" ] || echo "'$v' refused but the value changed: $before -> $after"
}

ksm_sysfs_hostile() {
	dir=$1
	KSM_HOSTILE_ERR=$(mktemp)
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		k=${f##*/}
		if [ ! -w "$f" ] || [ $((0$(stat -c %a "$f") & 0200)) -eq 0 ]; then
			# a counter: no write may go through
			if (echo 0 >"$f") 2>/dev/null; then
				not_ok "$k (read-only) refuses writes"
			else
				ok "$k (read-only) refuses writes"
			fi
			continue
		fi
		bad="" known=""
		for v in "" $(ksm_hostile_values "$k"); do
			msg=$(ksm_hostile_write "$f" "$v")
			[ -n "$msg" ] || continue
			case " $KSM_HOSTILE_KNOWN " in
			*" $k:$v "*) known="$known$msg; " ;;
			*) bad="$bad$msg; " ;;
			esac
		done
		if [ -n "$bad" ]; then
			diag "$k: $bad"
			not_ok "$k refuses bad values with EINVAL, value kept"
		elif [ -n "$known" ]; then
			todo "$k refuses bad values with EINVAL, value kept" \
				"known kernel bug: $known"
		else
			ok "$k refuses bad values with EINVAL, value kept"
		fi
	done
	rm -f "$KSM_HOSTILE_ERR"
}
