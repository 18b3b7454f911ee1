# ksm_knobs.sh - snapshot the writable KSM knobs (sourced by e2e tests).
KSM_DIR=${KSMBENCH_SYSFS_DIR:-/sys/kernel/mm/ksm}

# Prints name=value for every knob the owner may write, sorted.
ksm_knobs() {
	for f in "$KSM_DIR"/*; do
		mode=$(stat -c %a "$f")
		[ $((0$mode & 0200)) -ne 0 ] || continue
		printf '%s=%s\n' "${f##*/}" "$(cat "$f")"
	done
}
