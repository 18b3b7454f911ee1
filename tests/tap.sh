# tap.sh - TAP helpers for the shell tests (sourced).
# ok/not_ok/skip print one TAP line each and count; tap_done prints the
# summary line and returns non-zero if anything failed.
TAP_N=0 TAP_PASS=0 TAP_FAIL=0 TAP_SKIP=0

ok()     { TAP_N=$((TAP_N + 1)); TAP_PASS=$((TAP_PASS + 1)); echo "ok $TAP_N $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAIL=$((TAP_FAIL + 1)); echo "not ok $TAP_N $*"; }
skip()   { TAP_N=$((TAP_N + 1)); TAP_SKIP=$((TAP_SKIP + 1)); echo "ok $TAP_N # SKIP $*"; }
# todo NAME REASON: a known failure outside this project (TAP TODO):
# reported, counted with the skips, not a failure
todo()   { TAP_N=$((TAP_N + 1)); TAP_SKIP=$((TAP_SKIP + 1)); echo "not ok $TAP_N $1 # TODO $2"; }
diag()   { printf '%s\n' "$@" | sed 's/^/# /'; }

# check NAME CMD...: runs CMD, ok if it succeeds, otherwise not ok.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

tap_done() {
	echo "1..$TAP_N"
	echo "# $TAP_PASS passed, $TAP_FAIL failed, $TAP_SKIP skipped"
	[ "$TAP_FAIL" -eq 0 ]
}

# jget FILE EXPR: a value from a JSON file (python3 expression on d).
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# usage_error PROG NAME ARGS: PROG run with ARGS (split on blanks) must
# exit 2 with a message naming NAME on stderr.
usage_error() {
	ue_err=$(mktemp)
	# shellcheck disable=SC2086
	"$1" $3 >/dev/null 2>"$ue_err"
	ue_rc=$?
	if [ "$ue_rc" = 2 ] && grep -q "$2:" "$ue_err"; then
		ok "bad input '$3' exits 2 with a message"
	else
		not_ok "bad input '$3' exits 2 with a message (exit $ue_rc)"
	fi
	rm -f "$ue_err"
}
# fake_summary DIR CASE:METRIC:STOCK:PATCHED...: a made-up A/B summary.json
# in DIR (tests/e2e/fake_summary.py), for the table scripts' tests
fake_summary() { fs_dir=$1; shift; mkdir -p "$fs_dir"; python3 tests/e2e/fake_summary.py "$fs_dir/summary.json" "$@"; }
