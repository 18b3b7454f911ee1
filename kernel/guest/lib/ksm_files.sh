# ksm_files.sh - where a KSM file of the guest's kernel is (sourced by the
# plans): in sysfs, or in debugfs for the series' debugging counters and
# merge_batch_pages (from v2 on).
#
# kfile NAME: the path of NAME, the sysfs one if it exists, else the
# debugfs one (which may not exist either: test it with -e).
kfile() {
	if [ -e "/sys/kernel/mm/ksm/$1" ]; then
		echo "/sys/kernel/mm/ksm/$1"
	else
		echo "/sys/kernel/debug/ksm/$1"
	fi
}

# ksm_value FILE: what FILE holds, as it would be written back: the chosen
# word of a choice ("[none] scan-time" is "none"), else the text
ksm_value() {
	v=$(cat "$1")
	case $v in
	*\[*\]*) v=${v#*\[}; v=${v%%\]*} ;;
	esac
	echo "$v"
}
