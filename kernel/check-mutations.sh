#!/bin/sh
# check-mutations.sh - every kernel/mutations/NAME.patch still applies on
# top of the series and kernel/mutation-test.sh names the test that must
# catch it.  A mutation that no longer applies proves nothing, and finding
# that out only when `make mutation-test` runs (an hour later) is too late:
# this runs in `make test`.  TAP.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

tree=$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" patched)
n=0
for p in "$KSMBENCH_MUTATIONS"/*.patch; do
	[ -f "$p" ] || continue
	n=$((n + 1))
	name=$(basename "$p" .patch)
	if err=$(git -C "$tree" apply --check "$p" 2>&1); then
		ok "mutation $name applies on the series"
	else
		diag "$err"
		not_ok "mutation $name applies on the series"
	fi
	# its case in mutation() is a line "	NAME)" or "	A|NAME)"
	if grep -Eq "^	([a-z0-9|-]*\|)?$name(\|[a-z0-9|-]*)?\)" \
		"$KSMBENCH_ROOT/kernel/mutation-test.sh"; then
		ok "mutation-test.sh names a test for $name"
	else
		not_ok "mutation-test.sh names a test for $name"
	fi
done
[ "$n" -gt 0 ] || skip "no mutations"
tap_done
