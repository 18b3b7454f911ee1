#!/bin/sh
# fake_guest_runner.sh - stands in for kernel/run-guest.sh in tests of
# kernel/ab.sh and kernel/release-ab.sh (KSMBENCH_AB_RUNNER): boots
# nothing; for every case of the matrix job file writes a small result of
# its benchmark into OUT/results/, and plan.log with the TAP summary line.
# Appends "<kernel>-r<rep> <matrix file name>" to $FAKE_RUNNER_LOG.
# FAKE_RUNNER_STOP=<kernel>-r<rep>: that boot kills its ab.sh (SIGTERM, as
# a stopped run) before it writes anything; FAKE_RUNNER_PARTIAL=<k>-r<rep>:
# that boot stops in the middle of its plan (no summary line, exit 124, as
# a timeout); FAKE_RUNNER_FAIL=<case>: that case fails (not ok, exit 1).
# Results: pages_sharing 1000, ksmd CPU 1 s on stock and 0.5 s patched.
set -eu
kernel="" out="" matrix=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--job-file) case $2 in */matrix) matrix=$2 ;; esac; shift 2 ;;
	--plan|--mem|--smp|--timeout|--disk) shift 2 ;;
	*) echo "fake_guest_runner: unknown option $1" >&2; exit 2 ;;
	esac
done
boot=$(basename "$out" .run)
echo "$boot $(basename "$(dirname "$(dirname "$out")")")" >>"${FAKE_RUNNER_LOG:-/dev/null}"
if [ "$boot" = "${FAKE_RUNNER_STOP:-}" ]; then
	kill -TERM "$PPID"
	exit 143
fi
rm -rf "$out"
mkdir -p "$out/results"
python3 - "$matrix" "$kernel" "$out/results" "${FAKE_RUNNER_FAIL:-}" \
	"$([ "$boot" = "${FAKE_RUNNER_PARTIAL:-}" ] && echo 1 || echo 0)" <<'PY'
import json, os, sys
matrix, kernel, res, fail, partial = sys.argv[1:6]
cases = [l.split() for l in open(matrix) if l.strip() and not l.startswith("#")]
tap, passed, failed = [], 0, 0
for i, (name, bench, *args) in enumerate(cases, 1):
    if partial == "1" and i > 1:
        break
    cpu = 1.0 if kernel == "stock" else 0.5
    ok = name != fail
    d = {"benchmark": bench, "env": {"kernel_release": "6.1.0-" + kernel, "virt": "fake"},
         "params": {"profile": "fake", "size_mib": 4},
         "result": {"converged": ok, "integrity_errors": 0, "pages_sharing": 1000,
                    "expected_pages_sharing": 1000, "ksmd_cpu_seconds": cpu,
                    "pages_per_ksmd_cpu_second": 1000 / cpu, "pages_per_second": 1000 / cpu,
                    "seconds": cpu,
                    "tlb_ipis_per_merged_page": 0}}
    if bench == "selftest":     # the plan's JSON of a selftest (kernel/guest/lib/selftest_json.sh)
        d.update(benchmark=args[0], params={"args": " ".join(args[1:]), "size_mib": 100},
                 result={"exit_status": 0 if ok else 1, "passed": ok, "size_mib": 100,
                         "seconds": cpu, "mib_per_second": 100 / cpu})
    json.dump(d, open(os.path.join(res, name + ".json"), "w"))
    tap.append(("ok %d %s" if ok else "not ok %d %s") % (i, name))
    passed, failed = passed + ok, failed + (not ok)
if partial != "1":
    tap += ["1..%d" % len(cases), "# %d passed, %d failed, 0 skipped" % (passed, failed)]
open(os.path.join(res, "plan.log"), "w").write("\n".join(tap) + "\n")
sys.exit(124 if partial == "1" else 1 if failed else 0)
PY
