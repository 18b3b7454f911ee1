#!/bin/sh
# Tests of scripts/check_series_record.py on made-up prefixes: the mm/ksm.c
# lines a patch changes (other files and the ---/+++ headers not counted),
# builds and boots read from vm-test's output, vm_test "passed/total",
# checkpatch's verdict, "ok" only when all pass, a row replaced when its
# prefix runs again, rows sorted, and bad arguments refused with exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rec=scripts/check_series_record.py

cat >"$tmp/0002-x.patch" <<'EOF'
Subject: [PATCH 2/2] mm/ksm: x

---
diff --git a/Documentation/admin-guide/mm/ksm.rst b/Documentation/admin-guide/mm/ksm.rst
--- a/Documentation/admin-guide/mm/ksm.rst
+++ b/Documentation/admin-guide/mm/ksm.rst
@@ -1 +1,2 @@
+doc line
diff --git a/mm/ksm.c b/mm/ksm.c
--- a/mm/ksm.c
+++ b/mm/ksm.c
@@ -1,3 +1,3 @@
-old a
-old b
+new a
 same
-- 
2.39.5
EOF
cp "$tmp/0002-x.patch" "$tmp/0001-y.patch"
printf 'build.sh: built patched-base (6.1.192+) in 14 s\n' >"$tmp/ok.err"
printf 'ok 1 - ksm_tests -M\nok 2 - the guest finished the plan\n1..2\n# 2 passed, 0 failed, 0 skipped\n' >"$tmp/ok.tap"
printf 'ok 1 - ksm_tests -M\nnot ok 2 - the guest kernel log is clean\n1..2\n# 1 passed, 1 failed, 1 skipped\n' >"$tmp/bad.tap"
printf 'make: *** [Makefile] Error 2\n' >"$tmp/nobuild.err"
: >"$tmp/empty.tap"

s=$tmp/summary.json
python3 $rec "$s" sha1 6.1.192-3 2 "$tmp/0002-x.patch" "" "$tmp/ok.tap" "$tmp/ok.err" &&
	[ "$(jget "$s" '[d["env"]["series_sha256"], d["patches"]]')" = \
	  "$(python3 -c 'print(["sha1", [{"n": 2, "name": "0002-x.patch",
	  "ksm_c_lines_changed": 3, "builds": True, "boots": True, "vm_test": "2/2",
	  "vm_test_skipped": 0, "checkpatch": "clean", "ok": True}]])')" ] &&
	ok "a passing prefix: 3 lines of mm/ksm.c, builds, boots, 2/2, clean, ok" ||
	not_ok "a passing prefix: 3 lines of mm/ksm.c, builds, boots, 2/2, clean, ok"

python3 $rec "$s" sha1 6.1.192-3 1 "$tmp/0001-y.patch" \
	"$(printf 'WARNING: x\ntotal: 0 errors, 1 warnings, 0 checks, 9 lines checked')" \
	"$tmp/bad.tap" "$tmp/ok.err" &&
	[ "$(jget "$s" '[(p["n"], p["vm_test"], p["vm_test_skipped"], p["boots"], p["checkpatch"], p["ok"]) for p in d["patches"]]')" = \
	  "[(1, '1/2', 1, False, 'total: 0 errors, 1 warnings, 0 checks, 9 lines checked', False), (2, '2/2', 0, True, 'clean', True)]" ] &&
	ok "a failing prefix: its test count, checkpatch's total line, not ok; rows sorted" ||
	not_ok "a failing prefix: its test count, checkpatch's total line, not ok; rows sorted"

python3 $rec "$s" sha1 6.1.192-3 2 "$tmp/0002-x.patch" "" "$tmp/empty.tap" "$tmp/nobuild.err" &&
	[ "$(jget "$s" '[(p["n"], p["builds"], p["boots"], p["vm_test"], p["ok"]) for p in d["patches"]]')" = \
	  "[(1, True, False, '1/2', False), (2, False, False, '0/0', False)]" ] &&
	ok "a prefix run again replaces its row; no build, no boot, no results: not ok" ||
	not_ok "a prefix run again replaces its row; no build, no boot, no results: not ok"

for args in "" "$s sha1 src x $tmp/0002-x.patch '' $tmp/ok.tap $tmp/ok.err" \
	"$s sha1 src 3 $tmp/missing.patch '' $tmp/ok.tap $tmp/ok.err"; do
	eval "python3 $rec $args" 2>/dev/null && rc=0 || rc=$?
	[ "$rc" = 2 ] || break
done
[ "$rc" = 2 ] && ok "bad arguments (none, N not a number, no patch file): exit 2" ||
	not_ok "bad arguments (none, N not a number, no patch file): exit 2 (got $rc)"

# scripts/check_series_table.py on the summary the record script wrote
mkdir -p "$tmp/run" && cp "$s" "$tmp/run/summary.json"
if python3 scripts/check_series_table.py "$tmp/run" >"$tmp/table" &&
	grep -q '^| 1 | y | 3 | yes | \*\*no\*\* | \*\*1/2\*\* | \*\*total: 0 errors, 1 warnings, 0 checks, 9 lines checked\*\* |$' "$tmp/table" &&
	grep -q '^| 2 | x | 3 | \*\*no\*\* | \*\*no\*\* | \*\*0/0\*\* | clean |$' "$tmp/table" &&
	grep -q '^2 prefixes, \*\*2 failed\*\*; the largest patch changes 3 lines of mm/ksm.c (1)\.$' "$tmp/table"; then
	ok "check_series_table.py: a row per prefix, failures in bold, the largest patch"
else
	diag "$(cat "$tmp/table")"
	not_ok "check_series_table.py: a row per prefix, failures in bold, the largest patch"
fi
python3 scripts/check_series_table.py "$tmp/nowhere" 2>/dev/null && rc=0 || rc=$?
[ "$rc" = 2 ] && ok "check_series_table.py: no summary.json: exit 2" ||
	not_ok "check_series_table.py: no summary.json: exit 2 (got $rc)"

tap_done
