#!/bin/sh
# link-walk.sh [--kernel K] [--config C] [--out DIR] - an unstable index
# entry's hash chain link kept for lookups still walking through it: the
# test module ksm_link_walker built against KERNEL (default patched) with
# CONFIG (default debug: KASAN sees a walk that leaves the chain), then the
# link-walk plan in a 2-CPU guest.  DIR (default
# results/link-walk/<date>-KERNEL-CONFIG/) gets the plan's link_walk.json
# and logs, the kernel log and splats.txt.  TAP: the plan's line (the
# walker stopped at entries KSM took out of the index), then the kernel
# log's.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"
. "$KSMBENCH_ROOT/kernel/module-plan.sh"

module_plan_main link-walk ksm_link_walker '^ok .*taken out of the index meanwhile' \
	"the walker stopped at entries KSM took out of the index" "$@"
