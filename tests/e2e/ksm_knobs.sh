# ksm_knobs.sh - helpers of the e2e tests (sourced after tests/tap.sh, with
# $TMP set): snapshot the writable KSM knobs and check nothing changed;
# check that a command rejects bad input.
KSM_DIR=${KSMBENCH_SYSFS_DIR:-/sys/kernel/mm/ksm}

# Prints name=value for every knob the owner may write, sorted.
ksm_knobs() {
	for f in "$KSM_DIR"/*; do
		mode=$(stat -c %a "$f")
		[ $((0$mode & 0200)) -ne 0 ] || continue
		printf '%s=%s\n' "${f##*/}" "$(cat "$f")"
	done
}

# Call once at the start; knobs_unchanged then compares with that moment.
knobs_save() { ksm_knobs >"$TMP/knobs.before"; }
knobs_unchanged() {
	ksm_knobs >"$TMP/knobs.now"
	cmp -s "$TMP/knobs.before" "$TMP/knobs.now" && return 0
	diag "KSM knobs changed:" "$(diff "$TMP/knobs.before" "$TMP/knobs.now")"
	return 1
}

# bad_input NAME CMD...: CMD must exit 2 with a message, changing nothing.
bad_input() {
	name=$1; shift
	"$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc = 2 ] && [ -s "$TMP/err" ] && knobs_unchanged; then
		ok "rejects $name with exit 2 and a message"
	else
		diag "rc=$rc" "$(cat "$TMP/err")"
		not_ok "rejects $name with exit 2 and a message"
	fi
}
