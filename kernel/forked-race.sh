#!/bin/sh
# forked-race.sh [--kernel K] [--config C] [--out DIR] - issue 19's lock
# race laid out in a guest of KERNEL (default patched) built with CONFIG
# (default debug, whose lockdep and DEBUG_VM see a wrong checksum lock):
# the test module ksm_gate built against it (kernel/build-module.sh), then
# the forked-race plan (bench/ksm_forked_race) in a 2-CPU guest.  DIR
# (default results/forked-race/<date>-KERNEL-CONFIG/) gets the plan's
# forked_race.json and logs, the kernel log and splats.txt.  TAP: the
# plan's line (laid out, the page merged exactly), then the kernel log's.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"
. "$KSMBENCH_ROOT/kernel/module-plan.sh"

module_plan_main forked-race ksm_gate '^ok .*forked-page race laid out' \
	"the forked-page race laid out, the page merged exactly" "$@"
