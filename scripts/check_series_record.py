#!/usr/bin/env python3
"""check_series_record.py - one prefix's row into check-series' summary.json.

Usage: check_series_record.py SUMMARY SERIES_SHA256 LINUX_SOURCE N PATCH
           CHECKPATCH_OUTPUT TAP ERR

SUMMARY is created or updated in place: {"env": {"series_sha256",
"linux_source", "date"}, "patches": [{"n", "name", "ksm_c_lines_changed",
"builds", "boots", "vm_test": "passed/total", "vm_test_skipped",
"checkpatch": "clean" or checkpatch's last line, "ok"}]}, the rows sorted by
N, a row for N replacing the one before it.  PATCH is the patch file of
prefix N (its mm/ksm.c lines added plus removed are counted), TAP and ERR
what kernel/vm-test.sh printed on stdout and stderr for the prefix: the
build succeeded if build.sh said "built", the kernel booted if the guest
finished the plan.  Exit 2 on bad input.
"""
import json
import os
import re
import sys
import time


def ksm_c_lines(patch):
    """Lines of mm/ksm.c the patch adds and removes."""
    n, in_ksm = 0, False
    with open(patch, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line == "-- \n":	# format-patch's signature: the diff ended
                break
            if line.startswith("diff --git "):
                in_ksm = line.rstrip("\n").endswith(" b/mm/ksm.c")
            elif in_ksm and line[:1] in "+-" and not line.startswith(("+++ ", "--- ")):
                n += 1
    return n


def read(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def row(n, patch, cpout, tap, err):
    m = re.search(r"^# (\d+) passed, (\d+) failed(?:, (\d+) skipped)?", tap, re.M)
    passed, failed, skipped = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) \
        if m else (0, 0, 0)
    cp = "clean" if not cpout.strip() else cpout.strip().splitlines()[-1]
    return {"n": n, "name": os.path.basename(patch),
            "ksm_c_lines_changed": ksm_c_lines(patch),
            "builds": "build.sh: built " in err,
            "boots": bool(re.search(r"^ok \d+ .*the guest finished the plan", tap, re.M)),
            "vm_test": "%d/%d" % (passed, passed + failed),
            "vm_test_skipped": skipped, "checkpatch": cp,
            "ok": cp == "clean" and m is not None and failed == 0}


def main(argv):
    if len(argv) != 9 or not argv[4].isdigit() or not os.path.isfile(argv[5]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    summary, sha, src, n, patch, cpout, tap, err = argv[1:]
    d = json.loads(read(summary) or "{}")
    d["env"] = {"series_sha256": sha, "linux_source": src,
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    r = row(int(n), patch, cpout, read(tap), read(err))
    d["patches"] = sorted([p for p in d.get("patches", []) if p["n"] != r["n"]] + [r],
                          key=lambda p: p["n"])
    tmp = summary + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(d, f, indent=1)
        f.write("\n")
    os.replace(tmp, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
