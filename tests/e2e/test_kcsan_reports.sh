#!/bin/sh
# scripts/kcsan_reports.py on made-up kernel logs: a KCSAN report with a
# frame in a function of the given ksm.c fails the check, one elsewhere is
# only counted (the negative control and the normal case).
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
TMP=$(mktemp -d /tmp/ksmbench-kcsan.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/ksm.c" <<'C'
static int write_protect_page(struct vm_area_struct *vma, struct page *page,
			      pte_t *orig_pte)
{
}
int __ksm_enter(struct mm_struct *mm);
C
# report FRAME...: one KCSAN report as 6.1 prints it
report() {
	echo "[   21.222059] =================================================================="
	echo "[   21.222572] BUG: KCSAN: data-race in $1+0x37/0xc0"
	echo "[   21.223277] race at unknown origin, with read to 0xff11 of 8 bytes by task 78 on cpu 0:"
	for f in "$@"; do echo "[   21.223656]  $f+0x10/0x20"; done
	echo "[   21.223985] =================================================================="
}
{ report _find_next_bit flush_tlb_mm_range ptep_clear_flush; report __bitmap_and smp_call_function_many_cond; } >"$TMP/elsewhere.log"
{ report _find_next_bit flush_tlb_mm_range ptep_clear_flush write_protect_page; } >"$TMP/in-ksm.log"

if python3 scripts/kcsan_reports.py "$TMP/elsewhere.log" "$TMP/ksm.c" >"$TMP/out.json" &&
	[ "$(jget "$TMP/out.json" 'd["reports"] == 2 and d["in_ksm"] == 0')" = True ]; then
	ok "races outside KSM are counted, not failed"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "races outside KSM are counted, not failed"
fi
if ! python3 scripts/kcsan_reports.py "$TMP/in-ksm.log" "$TMP/ksm.c" >"$TMP/out.json" &&
	[ "$(jget "$TMP/out.json" 'd["in_ksm"] == 1 and d["ksm_reports"][0]["ksm_functions"] == ["write_protect_page"]')" = True ]; then
	ok "a race with a frame in ksm.c fails, naming the function (negative control)"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "a race with a frame in ksm.c fails, naming the function (negative control)"
fi
if [ "$(python3 scripts/kcsan_reports.py "$TMP/in-ksm.log" "$TMP/ksm.c" | jget /dev/stdin 'd["ksm_functions_known"]')" = 1 ]; then
	ok "a declaration is not taken for a definition"
else
	not_ok "a declaration is not taken for a definition"
fi
tap_done
