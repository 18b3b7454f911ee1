#!/bin/sh
# Hostile input for the running kernel's KSM sysfs files
# (tests/ksm_sysfs_hostile.sh: every knob refuses bad values with EINVAL and
# keeps its value, every counter refuses writes), with a negative control:
# a directory of plain files, which take anything, must fail every check.
#
# usage: tests/e2e/test_ksm_sysfs.sh
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh
. tests/ksm_sysfs_hostile.sh

e2e_begin "KSM sysfs hostile input"

ksm_sysfs_hostile "$KSM_DIR"
check "every KSM knob reads as before" knobs_unchanged

# Negative control: plain files take every value, so every line must fail.
mkdir "$TMP/fake"
for f in run pages_to_scan max_page_sharing use_zero_pages; do
	echo 1 >"$TMP/fake/$f"
done
echo 0 >"$TMP/fake/pages_shared" && chmod 444 "$TMP/fake/pages_shared"
(
	. tests/tap.sh
	ksm_sysfs_hostile "$TMP/fake"
	tap_done
) >"$TMP/control.tap"
n_bad=$(grep -c '^not ok' "$TMP/control.tap")
if [ "$n_bad" = 5 ]; then
	ok "negative control: a directory that takes anything fails all 5 checks"
else
	diag "$(cat "$TMP/control.tap")"
	not_ok "negative control: a directory that takes anything fails all 5 checks ($n_bad)"
fi
tap_done
