#!/bin/sh
# scripts/ksm_reports.py on made-up kernel logs: a report is KSM's when its
# headline names mm/ksm.c, or its headline, RIP or a reliable frame names a
# function of the given ksm.c; a report before any KSM code (an early-boot
# KASAN report in an interrupt) or with KSM only in a "?" frame is not.
# mutation-test.sh --rejudge judges a forked-race run's logs again, nothing
# booted: the mutation is caught by its KSM report only.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
TMP=$(mktemp -d /tmp/ksmbench-ksmrep.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/ksm.c" <<'C'
static void stable_tree_append(struct ksm_rmap_item *rmap_item,
			       struct ksm_stable_node *stable_node,
			       bool max_page_sharing_bypass)
{
}
static int ksm_scan_thread(void *nothing)
{
}
int __ksm_enter(struct mm_struct *mm);
C
early() {
	cat <<'L'
[    0.002443] ==================================================================
[    0.003085] BUG: KASAN: wild-memory-access in rcu_is_watching+0x1f/0x40
[    0.005138] Call Trace:
[    0.005138]  <TASK>
[    0.005138]  dump_stack_lvl+0x4c/0x63
[    0.005138]  ? ksm_scan_thread+0x1f/0x40
[    0.005138]  rcu_is_watching+0x1f/0x40
[    0.005138]  asm_common_interrupt+0x22/0x40
[    0.005138] RIP: 0010:identify_cpu+0x153/0x9f0
[    0.005138]  </TASK>
L
}
warn() {
	cat <<'L'
[   58.971445] ------------[ cut here ]------------
[   58.972108] WARNING: CPU: 0 PID: 30 at mm/ksm.c:2922 stable_tree_append+0x1a0/0x1c0
[   58.974811] RIP: 0010:stable_tree_append+0x1a0/0x1c0
[   58.977374] Call Trace:
[   58.977374]  <TASK>
[   58.977374]  ksm_scan_thread+0x34ee/0x3af0
[   58.984626]  kthread+0x15c/0x180
[   58.984626]  </TASK>
L
}
uaf() {
	cat <<'L'
[  107.004527] BUG: KASAN: use-after-free in ksm_scan_thread+0x835/0x3b90
[  107.004527] Read of size 8 at addr ff11000004a0c0d8 by task ksmd/0/30
[  107.004527] Call Trace:
[  107.004527]  <TASK>
[  107.004527]  kasan_report+0xd7/0x180
[  107.004527]  </TASK>
L
}
judge() { python3 scripts/ksm_reports.py "$1" "$TMP/ksm.c" >"$TMP/out.json"; }

early >"$TMP/early.log"
if judge "$TMP/early.log" &&
	[ "$(jget "$TMP/out.json" 'd["reports"] == 1 and d["in_ksm"] == 0')" = True ]; then
	ok "an early-boot report, KSM only in a \"?\" frame, is counted and not KSM's"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "an early-boot report, KSM only in a \"?\" frame, is counted and not KSM's"
fi
{ early; warn; uaf; } >"$TMP/mixed.log"
if ! judge "$TMP/mixed.log" &&
	[ "$(jget "$TMP/out.json" 'd["reports"] == 3 and d["in_ksm"] == 2 and [r["ksm_functions"] for r in d["ksm_reports"]] == [["ksm_scan_thread", "stable_tree_append"], ["ksm_scan_thread"]]')" = True ]; then
	ok "a WARNING at mm/ksm.c and a KASAN report in a KSM function are KSM's (negative control)"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "a WARNING at mm/ksm.c and a KASAN report in a KSM function are KSM's (negative control)"
fi

# mutation-test.sh --rejudge of a forked-race run: the mutation's log has
# an early-boot report only, then both; the control's is clean
fake_run() { # DIR TAP-VERDICT LOG-MAKER...
	d=$1 v=$2; shift 2
	mkdir -p "$d"
	: >"$d/kernel.log"
	for f in "$@"; do "$f" >>"$d/kernel.log"; done
	kernel/find-splats.sh "$d/kernel.log" >"$d/splats.txt"
	echo '{"result": {"laid_out": true}}' >"$d/forked_race.json"
	echo "$v 1 forked-page race laid out" >"$d.tap"
}
rejudge() {
	KSM_C=$TMP/ksm.c kernel/mutation-test.sh --only forked-shortcut-any-lock --rejudge \
		--out "$TMP/mut" >"$TMP/mut.tap" 2>&1
}
fake_run "$TMP/mut/mutation-forked-shortcut-any-lock-forked-race" "not ok" early
fake_run "$TMP/mut/patched-forked-race" ok
echo '{"env": {"series_sha256": "feed"}, "mutations": [], "controls": []}' >"$TMP/mut/summary.json"
rejudge
if grep -q '^not ok 1 mutation-forked-shortcut-any-lock is caught .*0 of 1 kernel reports in mm/ksm.c' "$TMP/mut.tap" &&
	grep -q '^ok 2 patched passes' "$TMP/mut.tap" &&
	[ ! -e "$TMP/mut/patched-forked-race.run" ]; then
	ok "mutation-test.sh --rejudge: a report outside KSM does not catch the mutation, nothing booted"
else
	diag "$(cat "$TMP/mut.tap")"
	not_ok "mutation-test.sh --rejudge: a report outside KSM does not catch the mutation, nothing booted"
fi
fake_run "$TMP/mut/mutation-forked-shortcut-any-lock-forked-race" "not ok" early warn
rejudge
if grep -q '^ok 1 mutation-forked-shortcut-any-lock is caught .*1 of 2 kernel reports in mm/ksm.c: .*mm/ksm.c:2922' "$TMP/mut.tap" &&
	[ "$(jget "$TMP/mut/summary.json" '[m["caught"] for m in d["mutations"]] == [True] and [c["passed"] for c in d["controls"]] == [True] and d["env"]["series_sha256"] == "feed"')" = True ]; then
	ok "mutation-test.sh --rejudge: its WARNING in mm/ksm.c catches it, one row each, the run's series kept"
else
	diag "$(cat "$TMP/mut.tap" "$TMP/mut/summary.json")"
	not_ok "mutation-test.sh --rejudge: its WARNING in mm/ksm.c catches it, one row each, the run's series kept"
fi
fake_run "$TMP/mut/patched-forked-race" ok early
rejudge
if grep -q '^not ok 2 patched passes .*1 kernel report lines (0 of 1 kernel reports in mm/ksm.c' "$TMP/mut.tap"; then
	ok "mutation-test.sh --rejudge: a control fails on any kernel report, KSM's or not"
else
	diag "$(cat "$TMP/mut.tap")"
	not_ok "mutation-test.sh --rejudge: a control fails on any kernel report, KSM's or not"
fi
tap_done
