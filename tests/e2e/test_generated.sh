#!/bin/sh
# Generated text: scripts/generated.py keeps the blocks of README.md,
# results/README.md and the cover letter equal to their commands' output
# (the check fails on a stale block, and only runs scripts/*.py), and
# scripts/mutation_table.py renders a mutation-test summary.  TAP.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/run"
cat >"$tmp/run/summary.json" <<'JSON'
{"env": {"series_sha256": "0123456789abcdef0123", "linux_source": "6.1.192-3", "date": "D"},
 "mutations": [{"name": "m1", "test": "t1", "caught": true, "detail": "5 bad"},
               {"name": "m2", "test": "t2", "caught": false, "detail": "none"}],
 "controls": [{"kernel": "stock", "test": "t1", "passed": true, "detail": "0 bad"}]}
JSON
out=$(python3 scripts/mutation_table.py "$tmp/run")
if echo "$out" | grep -qxF '| patched + `m1.patch` | t1 | caught | 5 bad |' &&
	echo "$out" | grep -qxF '| patched + `m2.patch` | t2 | **MISSED** | none |' &&
	echo "$out" | grep -qxF '| stock | t1 | passed | 0 bad |' &&
	echo "$out" | grep -q '^Series 0123456789ab…, linux-source 6.1.192-3, D\.$'; then
	ok "mutation_table.py: a row per mutation and control, MISSED marked"
else
	diag "$out"
	not_ok "mutation_table.py: a row per mutation and control, MISSED marked"
fi
usage_error scripts/mutation_table.py mutation_table.py "$tmp/none"

# a stale block fails --check, --update rewrites it, then --check passes
printf 'a\n<!-- BEGIN GENERATED: python3 scripts/mutation_table.py %s -->\nold\n<!-- END GENERATED -->\nb\n' \
	"$tmp/run" >"$tmp/doc.md"
if ! python3 scripts/generated.py --check "$tmp/doc.md" >"$tmp/c1" 2>&1 &&
	grep -q 'stale block' "$tmp/c1" &&
	python3 scripts/generated.py --update "$tmp/doc.md" >/dev/null 2>&1 &&
	python3 scripts/generated.py --check "$tmp/doc.md" >/dev/null 2>&1 &&
	head -n 1 "$tmp/doc.md" | grep -qx a && tail -n 1 "$tmp/doc.md" | grep -qx b &&
	grep -qF '| patched + `m1.patch` | t1 | caught | 5 bad |' "$tmp/doc.md"; then
	ok "generated.py: a stale block fails --check, --update rewrites only the block"
else
	diag "$(cat "$tmp/c1" "$tmp/doc.md")"
	not_ok "generated.py: a stale block fails --check, --update rewrites only the block"
fi
printf '<!-- BEGIN GENERATED: sh -c true -->\n<!-- END GENERATED -->\n' >"$tmp/evil.md"
if ! python3 scripts/generated.py --check "$tmp/evil.md" >/dev/null 2>&1; then
	ok "generated.py runs nothing but python3 scripts/NAME.py"
else
	not_ok "generated.py runs nothing but python3 scripts/NAME.py"
fi
# the repository's own generated text is what its data says today
files="README.md results/README.md $(ls kernel/patches/0000-*.patch kernel/patches-6.12/0000-*.patch 2>/dev/null)"
# shellcheck disable=SC2086
if python3 scripts/generated.py --check $files >"$tmp/repo" 2>&1; then
	ok "every generated block of $files is up to date"
else
	diag "$(cat "$tmp/repo")"
	not_ok "every generated block of $files is up to date (scripts/generated.py --update)"
fi
tap_done
