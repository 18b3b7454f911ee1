#!/bin/sh
# End-to-end tests of merge_throughput on the running kernel: every profile
# converges to its exact expected pages_sharing with no integrity error,
# images replay, the integrity check catches a corrupted page (negative
# control), bad input exits 2, and every KSM knob reads the same afterwards,
# also after SIGINT, SIGTERM and SIGKILL.
#
# usage: tests/e2e/test_merge_throughput.sh [BINARY]   (default bin/merge_throughput)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

MT=${1:-bin/merge_throughput}
e2e_begin "merge_throughput e2e"

# A quick run should take seconds: generous timeouts only catch hangs.
FAST="--pages-to-scan 5000 --sleep-ms 0 --timeout-s 120 -q"

# converges JSON: exit 0, pages_sharing == expected, 0 integrity errors,
# every field of the contract present.
converges() {
	json=$1
	jget "$json" '
all(k in d["result"] for k in ("converged", "seconds", "ksmd_cpu_seconds",
    "monitor_cpu_seconds", "full_scans", "pages_shared", "pages_sharing", "expected_pages_sharing",
    "tlb_ipis", "pages_per_second", "pages_per_ksmd_cpu_second",
    "integrity_errors"))
and d["benchmark"] == "merge_throughput"
and all(k in d for k in ("env", "params", "result", "memory", "ksm_before", "ksm_after", "samples"))
and d["result"]["converged"] is True
and d["result"]["pages_sharing"] == d["result"]["expected_pages_sharing"]
and d["result"]["integrity_errors"] == 0
and d["result"]["verified_pages"] == d["params"]["pages"]
and d["result"]["foreign_ksm_pages"] in (0, None)' | grep -qx True && return 0
	diag "$(jget "$json" 'd["result"]')"
	return 1
}

run_profile() {
	profile=$1 size=$2 procs=$3
	out=$TMP/$profile-$size-$procs.json
	if $MT --profile "$profile" --size-mib "$size" --procs "$procs" $FAST \
		--json "$out" 2>"$TMP/err" && converges "$out" && knobs_unchanged; then
		ok "$profile ${size} MiB x$procs converges exactly, 0 integrity errors, knobs restored"
	else
		diag "$(cat "$TMP/err")"
		not_ok "$profile ${size} MiB x$procs converges exactly, 0 integrity errors, knobs restored"
	fi
}

run_profile identical 32 1
run_profile distinct-pairs 64 1
run_profile worst-case 16 2
run_profile zipf 32 3
run_profile unique 16 1

# memory_sane JSON unique|merged: the kernel memory points (before,
# filled, peak, end) are there with every field, a number or null; Slab is
# SReclaimable + SUnreclaim at each point, and at most that at the peak
# (each field's own highest, from different samples); the peak is at
# least every point; only ksm* caches, with a size; the growths are end
# (peak) minus filled; and the
# per-unshared-page figures are growth / unshared_pages where every page
# ended unshared (unique: below 4 KiB of kernel memory per page of 4 KiB;
# how many pages are in the unstable tree when the run ends depends on
# where the scan stood when it started, so only "some, at most all") and
# null where pages merged.
memory_sane() {
	jget "$1" '
(lambda m, r, P, K: all(p in m and all(k in m[p] for k in K + ["slab_caches"]) for p in P)
and all(m[p][k] is None or (type(m[p][k]) is int and m[p][k] >= 0) for p in P for k in K)
and all(m[p]["slab_kib"] > 0 for p in P)
and all(m[p]["slab_kib"] == m[p]["sreclaimable_kib"] + m[p]["sunreclaim_kib"] for p in P[:2] + P[3:])
and m["peak"]["slab_kib"] <= m["peak"]["sreclaimable_kib"] + m["peak"]["sunreclaim_kib"]
and all(m["peak"][k] >= m[p][k] for p in P for k in K if m[p][k] is not None)
and all(c is None or all(n.startswith("ksm") and x["objsize"] > 0 and x["active_objs"] >= 0
                         for n, x in c.items()) for c in (m[p]["slab_caches"] for p in P))
and all(m["peak"]["slab_caches"][n]["active_objs"] >= x["active_objs"]
        for n, x in (m["end"]["slab_caches"] or {}).items())
and m["sunreclaim_kib_grown"] == m["end"]["sunreclaim_kib"] - m["filled"]["sunreclaim_kib"]
and m["vmalloc_kib_grown"] == m["end"]["vmalloc_used_kib"] - m["filled"]["vmalloc_used_kib"]
and m["peak_sunreclaim_kib_grown"] >= max(0, m["sunreclaim_kib_grown"])
and m["peak_vmalloc_kib_grown"] >= max(0, m["vmalloc_kib_grown"])
and m["unshared_pages"] == r["pages_unshared"] - int(d["ksm_before"]["pages_unshared"])
and (("'"$2"'" == "unique" and m["all_unshared"] is True
      and 0 < m["unshared_pages"] <= d["params"]["pages"]
      and all(abs(m[g + "_per_unshared_page"] - m[g + "_grown"] / m["unshared_pages"]) < 1e-9
              and abs(m[g + "_per_unshared_page"]) < 4
              for g in ("sunreclaim_kib", "vmalloc_kib", "peak_sunreclaim_kib", "peak_vmalloc_kib")))
     or ("'"$2"'" == "merged" and m["all_unshared"] is False
         and all(m[k] is None for k in m if k.endswith("_per_unshared_page")))))(
    d["memory"], d["result"], ["before", "filled", "peak", "end"],
    ["slab_kib", "sreclaimable_kib", "sunreclaim_kib", "vmalloc_used_kib"])' | grep -qx True &&
		return 0
	diag "$(jget "$1" 'd.get("memory")')"
	return 1
}
check "unique: kernel memory before/filled/peak/end sane, per-unshared-page figures set" \
	memory_sane "$TMP/unique-16-1.json" unique
check "distinct-pairs (all merged): kernel memory sane, per-unshared-page figures null" \
	memory_sane "$TMP/distinct-pairs-64-1.json" merged
check "zipf x3: kernel memory sane, per-unshared-page figures null (some pages merged)" \
	memory_sane "$TMP/zipf-32-3.json" merged
diag "$(jget "$TMP/unique-16-1.json" '"unique 16 MiB: SUnreclaim %+d KiB, VmallocUsed %+d KiB over %d unshared pages" % tuple(d["memory"][k] for k in ("sunreclaim_kib_grown", "vmalloc_kib_grown", "unshared_pages"))')"
# fake_ab DIR CASE=JSON...: an A/B directory whose stock and patched runs
# are both these results, and ab_summary run on it (output in DIR.out)
fake_ab() {
	dir=$1; shift
	mkdir -p "$dir/raw/stock-r1" "$dir/raw/patched-r1"
	printf 'series_sha256: 0123456789abcdef\n' >"$dir/ab.txt"
	for c in "$@"; do
		cp "${c#*=}" "$dir/raw/stock-r1/${c%%=*}.json"
		cp "${c#*=}" "$dir/raw/patched-r1/${c%%=*}.json"
	done
	python3 scripts/ab_summary.py "$dir" >"$dir.out" 2>&1
}
# ab_summary's memory rows (lower is better) from these runs as both
# kernels' of an A/B: unique has every one, at ratio 1; distinct-pairs only
# the growths (nothing ended unshared).
if fake_ab "$TMP/ab" unique="$TMP/unique-16-1.json" pairs="$TMP/distinct-pairs-64-1.json" &&
	jget "$TMP/ab/summary.json" '
(lambda rows: len(rows) == 16 and all(r["higher_is_better"] is False for r in rows)
 and all(r["ratio"] in (1.0, None) for r in rows)
 and all(r["stock"] is not None for r in rows if r["case"] == "unique")
 and sorted(r["metric"] for r in rows if r["case"] == "pairs" and r["stock"] is not None)
     == sorted("memory." + k for k in ("sunreclaim_kib_grown", "vmalloc_kib_grown",
               "peak_sunreclaim_kib_grown", "peak_vmalloc_kib_grown")))(
    [r for r in d["rows"] if r["metric"].startswith("memory.")])' | grep -qx True; then
	ok "ab_summary: memory rows, lower is better, per unshared page only for unique"
else
	diag "$(cat "$TMP/ab.out")"
	not_ok "ab_summary: memory rows, lower is better, per unshared page only for unique"
fi

# --unmerge-cost: once every page is verified, run=2 unmerges them all
# (our processes still hold them), timed, SUnreclaim followed until the
# frees RCU defers landed.  pages_before is every KSM page of the run
# (before it: none); the slab readings are the kernel's, the peak at
# least each; call_rcu_calls is null where tracefs kprobes are missing.
# Afterwards KSM holds no page and every knob (run too) is as it was.
unmerge_sane() {
	jget "$1" '
(lambda u, r: d["params"]["unmerge_cost"] is True and r["converged"] is True
and u["pages_before"] == r["pages_sharing"] + r["pages_shared"] > 0
and int(d["ksm_before"]["pages_sharing"]) + int(d["ksm_before"]["pages_shared"]) == 0
and u["write_wall_s"] > 0 and 0 <= u["write_cpu_s"] <= u["write_wall_s"] + 0.01
and all(type(u[k]) is int and u[k] > 0 for k in ("slab_before_kib", "slab_peak_kib",
        "slab_at_return_kib", "slab_after_kib"))
and u["slab_peak_kib"] >= max(u[k] for k in ("slab_before_kib", "slab_at_return_kib",
                                             "slab_after_kib"))
and 0 <= u["slab_settle_s"] <= 10 and u["slab_settled"] in (True, False)
and type(u["rcu_softirqs"]) is int and u["rcu_softirqs"] >= 0
and (u["call_rcu_calls"] is None or type(u["call_rcu_calls"]) is int))(
    d["unmerge"], d["result"])' | grep -qx True && return 0
	diag "$(jget "$1" 'd.get("unmerge")')"
	return 1
}
if $MT --profile distinct-pairs --size-mib 32 --unmerge-cost $FAST --json "$TMP/um.json" \
	2>"$TMP/err" && converges "$TMP/um.json" && unmerge_sane "$TMP/um.json" &&
	[ "$(cat "$KSM_DIR/pages_sharing")" = 0 ] && knobs_unchanged &&
	grep -q '^  unmerge: run=2 took' "$TMP/err"; then
	ok "--unmerge-cost: run=2 after the verified run, timed, slab and RCU counts sane, knobs restored"
else
	diag "$(cat "$TMP/err")"
	not_ok "--unmerge-cost: run=2 after the verified run, timed, slab and RCU counts sane, knobs restored"
fi
diag "$(grep '^  unmerge:' "$TMP/err")"
no_unmerge() {
	jget "$1" '"unmerge" not in d and d["params"]["unmerge_cost"] is False' | grep -qx True
}
check "without --unmerge-cost: no \"unmerge\" in the JSON" no_unmerge "$TMP/distinct-pairs-64-1.json"
# ab_summary: the unmerge.* rows, lower is better, the same run as both kernels
if fake_ab "$TMP/ab-um" unmerge="$TMP/um.json" pairs="$TMP/distinct-pairs-64-1.json" &&
	jget "$TMP/ab-um/summary.json" '
(lambda rows, d_um: len(rows) == 20 and all(r["higher_is_better"] is False for r in rows)
 and all(r["ratio"] in (1.0, None) for r in rows)
 and all(r["stock"] is None for r in rows if r["case"] == "pairs")
 and sorted(r["metric"] for r in rows if r["case"] == "unmerge" and r["stock"] is None)
     == ([] if d_um["call_rcu_calls"] is not None else ["unmerge.call_rcu_calls"])
 and all(r["patched"]["median"] == d_um[r["metric"][8:]] for r in rows
         if r["case"] == "unmerge" and r["patched"]))(
    [r for r in d["rows"] if r["metric"].startswith("unmerge.")],
    json.load(open("'"$TMP/um.json"'"))["unmerge"])' \
	| grep -qx True; then
	ok "ab_summary: unmerge rows, lower is better, only for the --unmerge-cost case"
else
	diag "$(cat "$TMP/ab-um.out")"
	not_ok "ab_summary: unmerge rows, lower is better, only for the --unmerge-cost case"
fi
# A signal while the unmerge is measured: run=2 undone (run back as it was)
interrupt_test INT "unmerging every KSM page" \
	"SIGINT while the unmerge is measured: knobs restored, no process or state left" \
	$MT --profile distinct-pairs --size-mib 32 --unmerge-cost --pages-to-scan 5000 --sleep-ms 0 \
	--timeout-s 120
bad_input "--unmerge-cost with --shared-host" $MT --profile identical --size-mib 8 \
	--unmerge-cost --shared-host
check "the refusal says why (run=2 on a shared host)" grep -q "unmerge-cost writes run=2" "$TMP/err"
KSMBENCH_SHARED_HOST=1 bad_input "--unmerge-cost with KSMBENCH_SHARED_HOST=1" \
	$MT --profile identical --size-mib 8 --unmerge-cost
check "the refusal names the environment variable" grep -q "KSMBENCH_SHARED_HOST=1" "$TMP/err"

# --rescans: whole full scans of the converged memory, measured on their
# own: nothing merges or unmerges in them, the CPU per scan is the total's
# share, and the run still verifies every page afterwards.
rescans_sane() {
	jget "$1" '
(lambda s: d["params"]["rescans"] == 3 and s["complete"] is True and s["full_scans"] >= 3
and s["ksm_deltas"]["full_scans"] == s["full_scans"] and s["seconds"] > 0
and s["ksm_deltas"]["pages_sharing"] == 0 and s["ksm_deltas"]["pages_shared"] == 0
and s["pages_per_second"] > 0
and (s["ksmd_cpu_seconds"] is None or
     abs(s["ksmd_cpu_seconds_per_scan"] * s["full_scans"] - s["ksmd_cpu_seconds"]) < 1e-9
     and abs(s["pages_per_second"] * s["seconds"] -
             s["pages_per_ksmd_cpu_second"] * s["ksmd_cpu_seconds"]) < 1e-6 * s["pages_per_second"] * s["seconds"]))(
    d["rescans"])' | grep -qx True && return 0
	diag "$(jget "$1" 'd.get("rescans")')"
	return 1
}
if $MT --profile zipf --size-mib 32 --rescans 3 $FAST --json "$TMP/rs.json" 2>"$TMP/err" &&
	converges "$TMP/rs.json" && rescans_sane "$TMP/rs.json" && knobs_unchanged; then
	ok "--rescans 3: whole scans of converged memory measured, nothing merged in them, pages verified"
else
	diag "$(cat "$TMP/err")"
	not_ok "--rescans 3: whole scans of converged memory measured, nothing merged in them, pages verified"
fi
check "no \"rescans\" object without --rescans" \
	[ "$(jget "$TMP/um.json" '"rescans" not in d and d["params"]["rescans"] == 0')" = True ]
# --advisor: the 6.8+ scan-time advisor sets pages_to_scan.  The run
# converges exactly and says so in its parameters; after it every knob is
# as it was, pages_to_scan too, which the advisor changed and turning it off
# resets to 100 (so the test starts from another value), restored at the
# first try (a retry at exit would hide a wrong order behind a warning).
KSMDIR=/sys/kernel/mm/ksm
if [ -e $KSMDIR/advisor_mode ] && [ "$(cat $KSMDIR/advisor_mode)" = "[none] scan-time" ]; then
	pts0=$(cat $KSMDIR/pages_to_scan)
	echo 1234 >$KSMDIR/pages_to_scan && knobs_save
	if $MT --profile identical --size-mib 16 --advisor --sleep-ms 0 --timeout-s 300 -q \
		--json "$TMP/adv.json" 2>"$TMP/err" && converges "$TMP/adv.json" &&
		[ "$(jget "$TMP/adv.json" \
			'd["params"]["advisor"] is True and d["params"]["pages_to_scan"] is None')" = True ] &&
		! grep -q 'could not be restored' "$TMP/err" && knobs_unchanged; then
		ok "--advisor: converges exactly, the advisor's pages_to_scan, every knob restored"
	else
		diag "$(cat "$TMP/err")"
		not_ok "--advisor: converges exactly, the advisor's pages_to_scan, every knob restored"
	fi
	bad_input "--advisor with --pages-to-scan" $MT --profile identical --size-mib 8 \
		--advisor --pages-to-scan 100
	echo "$pts0" >$KSMDIR/pages_to_scan && knobs_save
else
	skip "--advisor: no scan-time advisor here, or it is on already"
	skip "--advisor with --pages-to-scan: no scan-time advisor here"
fi
# ab_summary: the rescans.* rows, only for the --rescans case
if fake_ab "$TMP/ab-rs" rescans="$TMP/rs.json" pairs="$TMP/distinct-pairs-64-1.json" &&
	jget "$TMP/ab-rs/summary.json" '
(lambda rows, d_rs: len(rows) == 12
 and all(r["stock"] is None and r["patched"] is None for r in rows if r["case"] == "pairs")
 and [r["higher_is_better"] for r in rows if r["case"] == "rescans"] == [False, True, True, False, False, False]
 and [r["patched"]["median"] for r in rows if r["case"] == "rescans"
     and r["metric"] in ("rescans.ksmd_cpu_seconds_per_scan", "rescans.pages_per_ksmd_cpu_second",
                         "rescans.pages_per_second")]
     == [d_rs["ksmd_cpu_seconds_per_scan"], d_rs["pages_per_ksmd_cpu_second"], d_rs["pages_per_second"]])(
    [r for r in d["rows"] if r["metric"].startswith("rescans.")],
    json.load(open("'"$TMP/rs.json"'"))["rescans"])' \
	| grep -qx True; then
	ok "ab_summary: rescans rows, CPU per scan, pages per CPU-second and per second, only for the --rescans case"
else
	diag "$(cat "$TMP/ab-rs.out")"
	not_ok "ab_summary: rescans rows, CPU per scan, pages per CPU-second and per second, only for the --rescans case"
fi
bad_input "--rescans with a non-number" $MT --profile identical --size-mib 8 --rescans x

# The issue's acceptance command, verbatim.
if $MT --profile distinct-pairs --size-mib 64 --json "$TMP/out.json" 2>"$TMP/err" &&
	converges "$TMP/out.json" && knobs_unchanged; then
	ok "distinct-pairs 64 MiB (default settings) converges, knobs restored"
else
	diag "$(cat "$TMP/err")"
	not_ok "distinct-pairs 64 MiB (default settings) converges, knobs restored"
fi

# Images: two "VMs" sharing some pages, with zero pages; the expected count
# is computed here independently of the program.  Zero pages of an image
# are left unwritten (never-touched guest RAM), so they do not merge.
python3 - "$TMP" <<'PY'
import os, sys
tmp = sys.argv[1]
rnd = lambda n: os.urandom(4096 * n)
shared = rnd(300)
open(f"{tmp}/a.img", "wb").write(shared + bytes(4096 * 50) + rnd(100))
open(f"{tmp}/b.img", "wb").write(rnd(20) + shared + shared[:4096 * 10])
# classes: 290 contents x2, 10 contents x3, 220 unique; zero x50 not mapped
sharing = 290 * 1 + 10 * 2
open(f"{tmp}/expected", "w").write(str(sharing))
PY
if $MT --image "$TMP/a.img" --image "$TMP/b.img" $FAST --json "$TMP/img.json" 2>"$TMP/err" &&
	converges "$TMP/img.json" &&
	[ "$(jget "$TMP/img.json" 'd["result"]["pages_sharing"]')" = "$(cat "$TMP/expected")" ] &&
	[ "$(jget "$TMP/img.json" 'd["params"]["image_zero_pages"]')" = 50 ]; then
	ok "two images replay: pages_sharing matches an independent count, 50 zero pages unmapped"
else
	diag "$(cat "$TMP/err")"
	not_ok "two images replay: pages_sharing matches an independent count, 50 zero pages unmapped"
fi

# Negative control: corrupting 3 pages in each of 2 processes must give
# exactly 6 integrity errors and exit status 1.
$MT --profile distinct-pairs --size-mib 16 --procs 2 --negative-control 3 $FAST \
	--json "$TMP/neg.json" 2>"$TMP/err"
rc=$?
errs=$(jget "$TMP/neg.json" 'd["result"]["integrity_errors"]' 2>/dev/null)
if [ $rc = 1 ] && [ "$errs" = 6 ] && grep -q CORRUPT "$TMP/err"; then
	ok "negative control: 6 corrupted pages found, exit 1"
else
	diag "rc=$rc integrity_errors=$errs"
	not_ok "negative control: 6 corrupted pages found, exit 1"
fi

# --collisions: crafted pages with the XXH64 of the zero page and of the
# most common content.  Phase 1 writes the profile, phase 2 plants them as
# merged pairs (and singles) in one more process, phase 3 writes E new
# copies of both targets in every profile process; each phase converges to
# the exact count of everything written so far.  (The order is what hurts
# an index that looks at a checksum's first few nodes, newest first: the
# planted nodes hide the genuine one from the new copies.  Stock KSM
# compares contents and must converge exactly.)
# cget FILE EXPR: jget with r, the result, c, the "collisions" object, and
# p, its phases in the order run
cget() {
	jget "$1" "(lambda r, c: (lambda p: $2)(sorted(c.get('phases', {}).values(),
		key=lambda x: x['index'])))(d['result'], d.get('collisions', {}))"
}
# collides JSON N SINGLES EXTRA PROCS ORDER: what the planting must show
# besides converges.  Phase 3's count is checked against an independent
# one: n copies make n//M full KSM pages and one of the rest if >= 2.
collides() {
	cget "$1" '
(lambda M, f: all(x["converged"] is True and x["stop_reason"] == "converged"
                  and x["pages_sharing"] == x["expected_pages_sharing"]
                  and x["pages_shared"] == x["expected_pages_shared"] for x in p)
and c["converged"] is True and c["order"] == "'"$6"'"
and list(c["phases"]) == (["profile", "plant", "extra"] if "'"$6"'" == "after"
                          else ["plant", "profile", "extra"])
and c["phases"]["plant"]["expected_pages_sharing"] - (c["phases"]["profile"]["expected_pages_sharing"]
    if "'"$6"'" == "after" else 0) == 2 * '"$2"'
and p[2]["expected_pages_sharing"] - p[1]["expected_pages_sharing"]
    == sum(f(t["profile_pages"] + t["extra_pages"]) - f(t["profile_pages"]) for t in c["targets"])
and all(t["extra_pages"] == '"$4"' * '"$5"' for t in c["targets"])
and c["planted_pages"] == 2 * (2 * '"$2"' + '"$3"') and c["planted_ksm_merging_pages"] == 4 * '"$2"'
and c["extra_pages"] == 2 * '"$4"' * '"$5"'
and c["total_pages_sharing"] == c["expected_total_pages_sharing"] == p[2]["pages_sharing"]
and c["total_pages_shared"] == c["expected_total_pages_shared"] == p[2]["pages_shared"]
and r["pages_sharing"] == r["expected_pages_sharing"] == p[2]["pages_sharing"] - p[1]["pages_sharing"]
and r["converged"] is True and r["integrity_errors"] == 0 and r["foreign_ksm_pages"] in (0, None)
and r["verified_pages"] == d["params"]["pages"] + c["planted_pages"] + c["extra_pages"]
and [t["name"] for t in c["targets"]] == ["zero", "most_common"]
and c["targets"][1]["profile_pages"] >= 2)(int(d["ksm_before"]["max_page_sharing"]),
    lambda n, M=int(d["ksm_before"]["max_page_sharing"]):
        n // M * (M - 1) + (n % M - 1 if n % M >= 2 else 0))' \
		| grep -qx True && return 0
	diag "$(cget "$1" '(r, c)')"
	return 1
}
# plant NAME N SINGLES EXTRA PROCS ORDER ARGS...
plant() {
	name=$1 n=$2 singles=$3 extra=$4 procs=$5 order=$6; shift 6
	if $MT "$@" $FAST --json "$TMP/plant.json" 2>"$TMP/err" &&
		collides "$TMP/plant.json" "$n" "$singles" "$extra" "$procs" "$order" &&
		knobs_unchanged; then
		counts=$(cget "$TMP/plant.json" \
			'", ".join("%s %d" % (x, c["phases"][x]["pages_sharing"]) for x in c["phases"])')
		ok "$name: each of 3 phases ($order) exactly ($counts), 0 integrity errors"
	else
		diag "$(cat "$TMP/err")"
		not_ok "$name: each of 3 phases ($order) exactly, 0 integrity errors"
	fi
}
plant "zipf 64 MiB, 16 seed0 pairs per target, 64 new copies" 16 0 64 1 after \
	--profile zipf --size-mib 64 --collisions 16 --collision-kind seed0
if [ "$(cget "$TMP/plant.json" '[t["planted_colliding_seed0"] for t in c["targets"]]')" = "[16, 16]" ]; then
	ok "every seed0 page planted has its target's XXH64 (seed 0)"
else
	not_ok "every seed0 page planted has its target's XXH64 (seed 0)"
fi
plant "zipf 32 MiB, 16 control pairs per target (near-copies, none colliding)" 16 0 64 1 after \
	--profile zipf --size-mib 32 --collisions 16 --collision-kind control
if [ "$(cget "$TMP/plant.json" '[t["planted_colliding_seed0"] for t in c["targets"]] + [c["kind"]]')" = "[0, 0, 'control']" ]; then
	ok "no control page planted has its target's XXH64 (seed 0)"
else
	not_ok "no control page planted has its target's XXH64 (seed 0)"
fi
plant "zipf 32 MiB x2, 16 seed-independent pairs and 16 singles per target" 16 16 32 2 after \
	--profile zipf --size-mib 32 --procs 2 --collisions 16 --collision-kind seed-independent \
	--collision-singles 16 --collision-extra 32
plant "distinct-pairs 32 MiB, 64 seed0 singles per target, no pairs" 0 64 64 1 after \
	--profile distinct-pairs --size-mib 32 --collision-singles 64
plant "zipf 32 MiB x3, planted first (the old order), 8 new copies" 12 0 8 3 first \
	--profile zipf --size-mib 32 --procs 3 --collisions 12 --collision-order first \
	--collision-extra 8
plant "zipf 16 MiB, max_page_sharing=16 (chains), 40 new copies" 10 0 40 1 after \
	--profile zipf --size-mib 16 --collisions 10 --collision-extra 40 --set max_page_sharing=16

# A phase that does not converge ends cleanly: 1 s per phase is less than
# a full scan at 100 pages per 20 ms, so each phase times out; the run
# goes on to the next, reports all three, verifies, restores, exits 1.
$MT --profile zipf --size-mib 32 --collisions 16 --pages-to-scan 100 --sleep-ms 20 \
	--timeout-s 1 -q --json "$TMP/slow.json" 2>"$TMP/err"
rc=$?
if [ $rc = 1 ] && cget "$TMP/slow.json" '
[x["stop_reason"] for x in p] == ["timeout"] * 3 and c["converged"] is False
and r["converged"] is False and r["integrity_errors"] == 0
and r["verified_pages"] == d["params"]["pages"] + c["planted_pages"] + c["extra_pages"]' |
	grep -qx True && knobs_unchanged; then
	ok "phases that time out: reported, pages verified, knobs restored, exit 1"
else
	diag "rc=$rc" "$(cat "$TMP/err")"
	not_ok "phases that time out: reported, pages verified, knobs restored, exit 1"
fi
bad_input "--collisions with an image" $MT --image "$TMP/a.img" --collisions 4
bad_input "--collision-kind without --collisions" $MT --profile zipf --size-mib 8 \
	--collision-kind seed0
bad_input "--collision-extra without --collisions" $MT --profile zipf --size-mib 8 \
	--collision-extra 8
bad_input "an unknown --collision-order" $MT --profile zipf --size-mib 8 --collisions 4 \
	--collision-order before
bad_input "too many --collision-extra pages" $MT --profile zipf --size-mib 8 --collisions 4 \
	--collision-extra 65537
bad_input "--collisions with use_zero_pages=1" $MT --profile zipf --size-mib 8 \
	--collisions 4 --set use_zero_pages=1
bad_input "an unknown --collision-kind" $MT --profile zipf --size-mib 8 --collisions 4 \
	--collision-kind seed1
bad_input "more seed-independent pages than there are" $MT --profile zipf --size-mib 8 \
	--collisions 1000 --collision-singles 17 --collision-kind seed-independent
bad_input "a negative --collisions" $MT --profile zipf --size-mib 8 --collisions -1
bad_input "--negative-control with --collisions" $MT --profile zipf --size-mib 8 \
	--collisions 4 --negative-control 1

# Bad input: exit 2, a message, nothing changed (bad_input).
bad_input "an unknown profile" $MT --profile nosuch --size-mib 8
bad_input "size 0" $MT --profile identical --size-mib 0
bad_input "a negative size" $MT --profile identical --size-mib -5
bad_input "a missing size" $MT --profile identical
bad_input "an unknown option" $MT --profile identical --size-mib 8 --bogus
bad_input "a bad --set" $MT --profile identical --size-mib 8 --set pages_to_scan
bad_input "a knob the kernel refuses" $MT --profile identical --size-mib 8 --set max_page_sharing=1
bad_input "a --set of a knob the run sets itself" $MT --profile identical --size-mib 8 --set pages_to_scan=10
bad_input "a --set of run" $MT --profile identical --size-mib 8 --set run=1
# the message names the option at fault, not the argument it was in
$MT -qx >/dev/null 2>"$TMP/err"
check "an unknown short option in '-qx' is named as '-x'" grep -q "unknown option '-x'" "$TMP/err"
$MT --profile identical --thp=1 >/dev/null 2>"$TMP/err"
check "a value given to --thp is named" grep -q "option '--thp' takes no value" "$TMP/err"
bad_input "a missing image" $MT --image "$TMP/nonexistent.img"
# a --json path that cannot be written fails before the run, not after it
start=$(date +%s)
bad_input "an unwritable --json path (before the run)" $MT --profile worst-case --size-mib 32 --pages-to-scan 100 --json /nonexistent/dir/out.json
[ $(($(date +%s) - start)) -le 2 ] && ok "the --json path failed in the first seconds" ||
	not_ok "the --json path failed in the first seconds ($(($(date +%s) - start)) s)"

bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups \
	$MT --profile identical --size-mib 8
KSMBENCH_SYSFS_DIR=$TMP/no-ksm bad_input "a kernel without KSM" \
	$MT --profile identical --size-mib 8

# Signals: interrupt a slow run mid-merge.  32 MiB at 5,000 pages/s: the
# first scan ends at 1.6 s, merging near 3.3 s; the first progress line
# (2 s, "full_scans") comes mid-merge.
signal_tests full_scans $MT --profile worst-case --size-mib 32 --pages-to-scan 100 --sleep-ms 20
stale=$(cat "$KSM_DIR/pages_sharing")
# KSM still counts the killed run's pages until ksmd rescans; the next run
# must settle them and still converge to its own exact count.
if $MT --profile distinct-pairs --size-mib 16 $FAST --json "$TMP/next.json" 2>"$TMP/err" &&
	converges "$TMP/next.json" && knobs_unchanged; then
	ok "the run after a SIGKILL (stale pages_sharing $stale) converges exactly"
else
	diag "$(cat "$TMP/err")"
	not_ok "the run after a SIGKILL (stale pages_sharing $stale) converges exactly"
fi

tap_done
