# ksm_knobs.sh - helpers of the e2e tests (sourced after tests/tap.sh):
# set a test up, snapshot the writable KSM knobs and check nothing changed,
# check that a command rejects bad input, interrupt a run.
KSM_DIR=${KSMBENCH_SYSFS_DIR:-/sys/kernel/mm/ksm}

# e2e_begin NAME: a scratch $TMP removed at exit (under /var/tmp: O_DIRECT
# needs a real filesystem), a private state directory for killed runs, and
# the knobs saved.  Skips the whole test unless root on a kernel with KSM.
e2e_begin() {
	TMP=$(mktemp -d /var/tmp/ksmbench-e2e.XXXXXX)
	export KSMBENCH_STATE_DIR=$TMP/state
	trap 'rm -rf "$TMP"' EXIT
	if [ "$(id -u)" != 0 ] || [ ! -e "$KSM_DIR/run" ]; then
		skip "$1: needs root and $KSM_DIR"
		tap_done
		exit $?
	fi
	knobs_save
}

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

# run_interrupted SIG MARKER CMD...: starts CMD, waits (up to 10 s) until
# MARKER shows in its stderr ($TMP/sig.err), sends SIG; prints its exit status.
run_interrupted() {
	sig=$1 marker=$2; shift 2
	"$@" >/dev/null 2>"$TMP/sig.err" &
	pid=$!
	for _ in $(seq 200); do
		grep -q -- "$marker" "$TMP/sig.err" && break
		sleep 0.05
	done
	kill -s "$sig" $pid
	wait $pid 2>/dev/null
	echo $?
}

# procs_left COMM: how many processes named COMM (the kernel's 15
# characters) are left, giving killed ones up to 5 s to go.
procs_left() {
	for _ in $(seq 50); do
		pgrep -x "$1" >/dev/null || break
		sleep 0.1
	done
	pgrep -x "$1" | wc -l
}

# interrupt_test SIG MARKER NAME CMD...: CMD interrupted by SIG once MARKER
# is on its stderr must die of it with every knob restored, no process of
# it and no state file left: TAP line NAME.
interrupt_test() {
	it_sig=$1 it_marker=$2 it_name=$3; shift 3
	it_comm=$(basename "$1" | cut -c1-15)
	rc=$(run_interrupted "$it_sig" "$it_marker" "$@")
	left=$(procs_left "$it_comm")
	if [ "$rc" -gt 128 ] && [ "$left" = 0 ] && knobs_unchanged &&
		[ -z "$(ls "$KSMBENCH_STATE_DIR" 2>/dev/null)" ]; then
		ok "$it_name"
	else
		diag "rc=$rc processes_left=$left" "$(cat "$TMP/sig.err")"
		not_ok "$it_name"
	fi
}

# signal_tests MARKER CMD...: CMD interrupted mid-run once MARKER is on its
# stderr.  SIGINT and SIGTERM: interrupt_test.  SIGKILL: knobs left
# changed, no process left (children die with their parent), and
# bin/ksm_reset restores every knob.
signal_tests() {
	marker=$1; shift
	comm=$(basename "$1" | cut -c1-15)
	for sig in INT TERM; do
		interrupt_test $sig "$marker" \
			"SIG$sig mid-run: knobs restored, no process or state left" "$@"
	done
	rc=$(run_interrupted KILL "$marker" "$@")
	left=$(procs_left "$comm")
	ksm_knobs >"$TMP/knobs.killed"
	bin/ksm_reset 2>"$TMP/reset.err"
	if ! cmp -s "$TMP/knobs.before" "$TMP/knobs.killed" && [ "$left" = 0 ] &&
		knobs_unchanged; then
		ok "SIGKILL mid-run: no process left, ksm_reset restores the knobs"
	else
		diag "rc=$rc processes_left=$left; knobs after the kill:" \
			"$(cat "$TMP/knobs.killed")" "$(cat "$TMP/reset.err")"
		not_ok "SIGKILL mid-run: no process left, ksm_reset restores the knobs"
	fi
}
