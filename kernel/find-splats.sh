#!/bin/sh
# find-splats.sh KERNEL_LOG - print every line of a guest kernel log that
# reports a kernel problem: WARN, BUG, oops, panic, KASAN/KCSAN/UBSAN,
# lockdep, RCU stalls, soft/hard lockups, hung tasks.  Prints nothing for a
# clean log.  The patterns (extended regular expressions, one a line) are
# kernel/splat-patterns, which scripts/ksm_reports.py reads too.
set -eu
grep -nE -f "$(dirname "$0")/splat-patterns" \
	"${1:?usage: find-splats.sh KERNEL_LOG}" || true
