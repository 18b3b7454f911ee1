#!/bin/sh
# find-splats.sh KERNEL_LOG - print every line of a guest kernel log that
# reports a kernel problem: WARN, BUG, oops, panic, KASAN/KCSAN/UBSAN,
# lockdep, RCU stalls, soft/hard lockups, hung tasks.  Prints nothing for a
# clean log.
set -eu
grep -nE 'WARNING:|BUG:|BUG kmalloc|Oops|Kernel panic|general protection fault|KASAN:|KCSAN:|UBSAN:|KFENCE:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|rcu: INFO|detected stall|soft lockup|hard LOCKUP|blocked for more than|list_add corruption|list_del corruption|Bad page (state|map)' \
	"${1:?usage: find-splats.sh KERNEL_LOG}" || true
