#!/bin/sh
# checkpatch.sh - scripts/checkpatch.pl --strict on every patch of the
# base's series (KSMBENCH_BASE), with that base's own script.  TAP.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

src=$("$KSMBENCH_ROOT/kernel/fetch-source.sh")
n=0
for p in $(series_patches); do
	n=$((n + 1))
	if out=$(checkpatch_strict "$src" "$p"); then
		ok "checkpatch --strict: $(basename "$p")"
	else
		diag "$out"
		not_ok "checkpatch --strict: $(basename "$p")"
	fi
done
[ "$n" -gt 0 ] || skip "the series is empty"
tap_done
