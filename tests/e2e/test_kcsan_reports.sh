#!/bin/sh
# scripts/kcsan_reports.py on made-up kernel logs: a KCSAN race whose
# access is in a function of the given ksm.c (the headline names it, alone
# or as either side) fails the check; one elsewhere is only counted, also
# when KSM's code called it (a TLB flush under write_protect_page) or an
# interrupt broke into KSM's code (the negative control and the normal case).
# stress.sh --rejudge judges such a log again without booting.
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
# report FRAME...: one KCSAN report as 6.1 prints it (HEADLINE: the
# headline's functions, default the first frame)
report() {
	echo "[   21.222059] =================================================================="
	echo "[   21.222572] BUG: KCSAN: data-race in ${HEADLINE:-$1+0x37/0xc0}"
	echo "[   21.223277] race at unknown origin, with read to 0xff11 of 8 bytes by task 78 on cpu 0:"
	for f in "$@"; do echo "[   21.223656]  $f+0x10/0x20"; done
	echo "[   21.223985] =================================================================="
}
{ report _find_next_bit flush_tlb_mm_range ptep_clear_flush; report __bitmap_and smp_call_function_many_cond
  report _find_next_bit flush_tlb_mm_range ptep_clear_flush write_protect_page
  report virtqueue_get_buf_ctx_split vring_interrupt asm_common_interrupt __tsan_read4 write_protect_page
} >"$TMP/elsewhere.log"
{ report write_protect_page ksm_scan_thread
  HEADLINE="foo+0x1/0x2 / write_protect_page+0x3/0x4" report foo bar; } >"$TMP/in-ksm.log"

if python3 scripts/kcsan_reports.py "$TMP/elsewhere.log" "$TMP/ksm.c" >"$TMP/out.json" &&
	[ "$(jget "$TMP/out.json" 'd["reports"] == 4 and d["in_ksm"] == 0')" = True ]; then
	ok "races outside KSM are counted, not failed, also reached from KSM or interrupting it"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "races outside KSM are counted, not failed, also reached from KSM or interrupting it"
fi
if ! python3 scripts/kcsan_reports.py "$TMP/in-ksm.log" "$TMP/ksm.c" >"$TMP/out.json" &&
	[ "$(jget "$TMP/out.json" 'd["in_ksm"] == 2 and [r["ksm_functions"] for r in d["ksm_reports"]] == [["write_protect_page"]] * 2')" = True ]; then
	ok "a race in a function of ksm.c fails, naming it, on either side (negative control)"
else
	diag "$(cat "$TMP/out.json")"
	not_ok "a race in a function of ksm.c fails, naming it, on either side (negative control)"
fi
if [ "$(python3 scripts/kcsan_reports.py "$TMP/in-ksm.log" "$TMP/ksm.c" | jget /dev/stdin 'd["ksm_functions_known"]')" = 1 ]; then
	ok "a declaration is not taken for a definition"
else
	not_ok "a declaration is not taken for a definition"
fi

# kernel/stress.sh --rejudge: an earlier KCSAN run judged again, nothing booted
run=$TMP/run/patched-kcsan
mkdir -p "$run"
cp "$TMP/in-ksm.log" "$run/kernel.log"
echo "ok 1 stress" >"$run/plan.log"
echo "ksm_stress: 600 s: 10 pages verified, 0 mismatches" >"$run/ksm_stress.err"
grep 'BUG: KCSAN' "$run/kernel.log" >"$run/splats.txt"
if ! KSM_C=$TMP/ksm.c kernel/stress.sh --kernel patched --config kcsan --rejudge --out "$TMP/run" >"$TMP/rejudge.tap" 2>&1 &&
	grep -q '^ok 1 .*10 pages verified' "$TMP/rejudge.tap" &&
	grep -q '^not ok 3 .*no KCSAN data race in mm/ksm.c' "$TMP/rejudge.tap" &&
	[ ! -e "$TMP/run/patched-kcsan.run" ]; then
	ok "stress.sh --rejudge judges the logs in DIR again without booting"
else
	diag "$(cat "$TMP/rejudge.tap")"
	not_ok "stress.sh --rejudge judges the logs in DIR again without booting"
fi
if ! kernel/stress.sh --config debug --rejudge --out "$TMP/run" 2>"$TMP/err" >/dev/null &&
	grep -q 'judges KCSAN runs only' "$TMP/err"; then
	ok "stress.sh --rejudge refuses a non-KCSAN config"
else
	not_ok "stress.sh --rejudge refuses a non-KCSAN config"
fi
tap_done
