# ksm_guard.sh - KSM knobs for shell scripts, saved and restored by the same
# C code as the benchmarks' (bin/ksm_reset --guard; sourced).
#
#   guard_start NAME [--shared-host]  take the run lock, check the host, save
#                                     every knob; exits 2 with the guard's
#                                     message when it refuses
#   guard_set KNOB VALUE              write a knob; exits 2 if refused
#   guard_stop                        restore now (else: when the script ends)
#
# The guard restores every knob it wrote when its input ends: when the script
# exits, however it dies (SIGKILL included).  Commands the script starts that
# may outlive it must not inherit fds 8 and 9 (run them with `8>&- 9<&-`).
guard_start() {
	_gname=$1
	_gdir=$(mktemp -d /tmp/ksmbench-guard.XXXXXX)
	mkfifo "$_gdir/cmd" "$_gdir/ack"
	bin/ksm_reset --guard "$@" <"$_gdir/cmd" >"$_gdir/ack" &
	_gpid=$!
	exec 8>"$_gdir/cmd" 9<"$_gdir/ack"
	rm -rf "$_gdir"
	if ! read -r _gline <&9 || [ "${_gline%% *}" != ready ]; then
		wait $_gpid
		exit 2
	fi
}

guard_set() {
	echo "set $1 $2" >&8
	if ! read -r _gline <&9 || [ "$_gline" != ok ]; then
		echo "$_gname: ${_gline:-the KSM guard is gone}" >&2
		exit 2
	fi
}

guard_stop() {
	exec 8>&- 9<&-
	wait $_gpid
}
