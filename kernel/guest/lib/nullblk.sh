# nullblk.sh - a memory-backed null_blk device with a completion delay
# (sourced by guest plans).  The delay widens, honestly and visibly, the
# window in which an O_DIRECT read is in flight.
#
# nullblk_create NAME SIZE_MIB DELAY_NS: prints the device path.
nullblk_create() {
	grep -q ' /sys/kernel/config ' /proc/mounts || mount -t configfs configfs /sys/kernel/config
	d=/sys/kernel/config/nullb/$1
	mkdir -p "$d"
	echo 1 >"$d/memory_backed"
	echo "$2" >"$d/size"
	echo 4096 >"$d/blocksize"
	echo 2 >"$d/irqmode"		# completions from a timer...
	echo "$3" >"$d/completion_nsec"	# ...this many ns after submission
	echo 1 >"$d/power"
	echo "/dev/$1"
}
