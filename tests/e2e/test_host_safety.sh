#!/bin/sh
# What the tools may do to a host they share: one KSM-changing run at a
# time (the run lock), a host whose KSM holds another process's pages
# refused unless --shared-host, and with it those pages never unmerged -
# not by a benchmark, not by a restore the kernel refuses with EBUSY, not
# by gupfast_contention's or corunner_latency's off phases or ksm_stress's
# cycles - while merge_throughput still converges to its exact count.  The other KSM user
# is tests/e2e/ksm_holder.py, a process holding 400 merged pages that
# records the fewest it ever had merged.  Also the save/restore the scripts
# share with the benchmarks (ksm_reset --guard): restored when a script
# is SIGKILLed, from the shell helper, vm_density.py's class and
# fio-crosscheck.sh, whose sampler dies with it.
#
# usage: tests/e2e/test_host_safety.sh [BINDIR]   (default bin)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

B=${1:-bin}
MT=$B/merge_throughput
e2e_begin "host safety e2e"
FAST="--pages-to-scan 5000 --sleep-ms 0 --timeout-s 120 -q"
HOLDER_PID=

cleanup() {
	[ -n "$HOLDER_PID" ] && kill "$HOLDER_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# holder_start [ARGS]: the other KSM user, its 400 pages merged
holder_start() {
	rm -f "$TMP/holder"
	# not holding a guard's input open (fds 8, 9): the guard ends with its script
	python3 tests/e2e/ksm_holder.py "$TMP/holder" "$@" 2>"$TMP/holder.err" 8>&- 9<&- &
	HOLDER_PID=$!
	for _ in $(seq 300); do
		[ -s "$TMP/holder" ] && return 0
		kill -0 $HOLDER_PID 2>/dev/null || break
		sleep 0.1
	done
	diag "the holder did not get its pages merged:" "$(cat "$TMP/holder.err")"
	return 1
}
holder_stop() { kill "$HOLDER_PID"; wait "$HOLDER_PID" 2>/dev/null; HOLDER_PID=; }
# holder_intact: none of its pages was ever unmerged
holder_intact() {
	grep -qx "merged 400 min 400 now 400" "$TMP/holder" && return 0
	diag "the other KSM user lost merged pages: $(cat "$TMP/holder")"
	return 1
}

# refuses NAME PATTERN CMD...: exit 2, PATTERN in the message, no knob changed
refuses() {
	name=$1 pattern=$2; shift 2
	"$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc = 2 ] && grep -q -- "$pattern" "$TMP/err" && knobs_unchanged; then
		ok "$name"
	else
		diag "rc=$rc" "$(cat "$TMP/err")"
		not_ok "$name"
	fi
}

# ---- the run lock ----

. scripts/ksm_guard.sh
guard_start lock-test
refuses "a run while a script's guard holds the lock exits 2 naming it" \
	"lock-test (script pid $$)" $MT --profile identical --size-mib 8 $FAST
refuses "a second guard exits 2 naming the first" "lock-test" $B/ksm_reset --guard other
guard_stop

$MT --profile worst-case --size-mib 32 --pages-to-scan 100 --sleep-ms 20 --json "$TMP/first.json" \
	2>"$TMP/first.err" &
first=$!
for _ in $(seq 100); do grep -q filling "$TMP/first.err" && break; sleep 0.05; done
$MT --profile identical --size-mib 8 $FAST >/dev/null 2>"$TMP/err"
rc=$?
if [ $rc = 2 ] && grep -q "merge_throughput (pid $first, started" "$TMP/err"; then
	ok "a second merge_throughput exits 2 naming the first (pid $first)"
else
	diag "rc=$rc" "$(cat "$TMP/err")"
	not_ok "a second merge_throughput exits 2 naming the first (pid $first)"
fi
kill -INT $first
wait $first 2>/dev/null
check "the first run still restores every knob" knobs_unchanged

# ---- a restore the kernel refuses (EBUSY) never writes run=2 ----

shared=$(cat "$KSM_DIR/pages_shared")
if [ "$shared" != 0 ]; then
	skip "EBUSY restore: KSM already holds $shared pages (needs an idle KSM)"
else
	guard_start ebusy-test
	guard_set pages_to_scan 5000
	guard_set sleep_millisecs 0
	guard_set max_page_sharing 300
	guard_set run 1
	holder_start	# merged while the guard's ksmd runs
	exec 8>&- 9<&-
	wait $_gpid
	rc=$?
	mps=$(cat "$KSM_DIR/max_page_sharing")
	if [ $rc = 1 ] && [ "$mps" = 300 ] && holder_intact &&
		[ -n "$(ls "$KSMBENCH_STATE_DIR")" ]; then
		ok "restoring max_page_sharing while another process's pages are merged: refused, nothing unmerged, state kept"
	else
		diag "guard rc=$rc max_page_sharing=$mps state: $(ls "$KSMBENCH_STATE_DIR")"
		not_ok "restoring max_page_sharing while another process's pages are merged: refused, nothing unmerged, state kept"
	fi
	holder_stop
	$B/ksm_reset 2>"$TMP/reset.err"
	if knobs_unchanged && [ -z "$(ls "$KSMBENCH_STATE_DIR")" ]; then
		ok "once that process is gone, ksm_reset restores max_page_sharing"
	else
		diag "$(cat "$TMP/reset.err")"
		not_ok "once that process is gone, ksm_reset restores max_page_sharing"
	fi
fi

# ---- another process holds merged pages ----

if ! holder_start --guard $B/ksm_reset; then
	not_ok "a process holds 400 merged pages"
	tap_done
	exit 1
fi
ok "a process holds 400 merged pages (KSM stopped again)"

msg="--shared-host"
refuses "merge_throughput refuses the shared host" "$msg" $MT --profile identical --size-mib 8 $FAST
refuses "odirect_latency refuses it" "$msg" $B/odirect_latency --seconds 1 --file "$TMP/od"
refuses "gupfast_contention refuses it" "$msg" $B/gupfast_contention --seconds 1 --mode vmsplice
refuses "corunner_latency refuses it" "$msg" $B/corunner_latency --seconds 1 --size-mib 8
refuses "ksm_stress refuses it" "$msg" $B/ksm_stress --seconds 1
refuses "a script's guard refuses it" "$msg" $B/ksm_reset --guard script
check "the refusals left its pages merged" holder_intact

# merge_throughput beside it: converges by its own processes, exactly
for how in flag env; do
	if [ $how = flag ]; then
		set -- $MT --shared-host
	else
		set -- env KSMBENCH_SHARED_HOST=1 $MT
	fi
	"$@" --profile zipf --size-mib 16 --procs 2 $FAST --json "$TMP/shared.json" 2>"$TMP/err"
	rc=$?
	if [ $rc = 0 ] && [ "$(jget "$TMP/shared.json" '
d["params"]["shared_host"] is True and d["result"]["converged"] is True
and d["result"]["converged_by"] == "own_ksm_merging_pages"
and d["result"]["ksm_merging_pages"] == d["result"]["expected_ksm_merging_pages"] > 0
and d["result"]["integrity_errors"] == 0')" = True ] && holder_intact && knobs_unchanged; then
		ok "merge_throughput --shared-host ($how) converges exactly by its own pages, the other's intact"
	else
		diag "rc=$rc" "$(cat "$TMP/err")"
		not_ok "merge_throughput --shared-host ($how) converges exactly by its own pages, the other's intact"
	fi
done

# --collisions beside it: each of the 3 phases, in both orders, judged by
# our processes' own ksm_merging_pages against all they must hold then
for order in after first; do
	$MT --shared-host --profile zipf --size-mib 16 --procs 2 --collisions 4 \
		--collision-singles 2 --collision-extra 8 --collision-order $order $FAST \
		--json "$TMP/shared-plant.json" 2>"$TMP/err"
	rc=$?
	if [ $rc = 0 ] && [ "$(jget "$TMP/shared-plant.json" '
(lambda c, r: c["converged"] is True and len(c["phases"]) == 3
 and all(x["converged"] is True and x["converged_by"] == "own_ksm_merging_pages"
         and x["own_ksm_merging_pages"] == x["expected_ksm_merging_pages"] > 0
         for x in c["phases"].values())
 and c["order"] == "'$order'" and r["converged_by"] == "own_ksm_merging_pages"
 and r["own_ksm_merging_pages"] == r["expected_ksm_merging_pages"]
     == c["phases"]["extra"]["expected_ksm_merging_pages"]
 and r["integrity_errors"] == 0)(d["collisions"], d["result"])')" = True ] &&
		holder_intact && knobs_unchanged; then
		ok "merge_throughput --shared-host --collisions ($order): every phase exactly by its own pages, the other's intact"
	else
		diag "rc=$rc" "$(cat "$TMP/err")"
		not_ok "merge_throughput --shared-host --collisions ($order): every phase exactly by its own pages, the other's intact"
	fi
done

# gupfast_contention's off phases unmerge only its own area
if $B/gupfast_contention --shared-host --mode vmsplice --threads 1 --seconds 1 --size-mib 8 -q \
	--json "$TMP/gup.json" 2>"$TMP/err" && holder_intact && knobs_unchanged &&
	[ "$(jget "$TMP/gup.json" '[r["own_merged_pages_mean"] == 0 for r in d["result"]["runs"]]')" = "[True, False]" ]; then
	ok "gupfast_contention --shared-host: off phase unmerges its own pages only"
else
	diag "$(cat "$TMP/err")"
	not_ok "gupfast_contention --shared-host: off phase unmerges its own pages only"
fi

# corunner_latency's off phase unmerges only its own working set, its on
# phase merges it beside the other user's pages
if $B/corunner_latency --shared-host --threads 1 --rate 200 --seconds 1 --size-mib 8 -q \
	--json "$TMP/corun.json" 2>"$TMP/err" && holder_intact && knobs_unchanged &&
	[ "$(jget "$TMP/corun.json" 'd["params"]["shared_host"] is True and [p["own_merged_pages_start"] > 0 for p in d["result"]["phases"]] == [False, True]')" = True ]; then
	ok "corunner_latency --shared-host: off phase unmerges its own pages only"
else
	diag "$(cat "$TMP/err")"
	not_ok "corunner_latency --shared-host: off phase unmerges its own pages only"
fi

# ksm_stress's unmerge cycles are run=0 there
if $B/ksm_stress --shared-host --seconds 4 --procs 1 --threads 1 --mib 2 -q \
	--json "$TMP/stress.json" 2>"$TMP/err" && holder_intact && knobs_unchanged &&
	[ "$(jget "$TMP/stress.json" 'd["params"]["shared_host"] is True and d["result"]["unmerge_cycles"] > 0')" = True ]; then
	ok "ksm_stress --shared-host: its unmerge cycles leave the other's pages merged"
else
	diag "$(cat "$TMP/err")" "$(cat "$TMP/holder")"
	not_ok "ksm_stress --shared-host: its unmerge cycles leave the other's pages merged"
fi

# a script's guard in shared mode refuses run=2
reply=$( (echo "set run 2"; echo "set pages_to_scan 1234") |
	$B/ksm_reset --guard script --shared-host 2>/dev/null | tr '\n' '|')
case $reply in
"ready shared=1|error: "*"shared host"*"|ok|")
	if holder_intact && knobs_unchanged; then
		ok "a shared-host guard refuses run=2, takes the rest, restores at end of input"
	else
		not_ok "a shared-host guard refuses run=2, takes the rest, restores at end of input"
	fi ;;
*) diag "replies: $reply"; not_ok "a shared-host guard refuses run=2, takes the rest, restores at end of input" ;;
esac
holder_stop

# ---- the scripts' save/restore: the C protocol, SIGKILL included ----

# killed_script NAME MARKER CMD...: CMD changes knobs, is SIGKILLed once
# MARKER is on its stdout; every knob must be back within 2 s
killed_script() {
	name=$1 marker=$2; shift 2
	"$@" >"$TMP/script.out" 2>&1 &
	spid=$!
	for _ in $(seq 200); do grep -q "$marker" "$TMP/script.out" && break; sleep 0.05; done
	ksm_knobs >"$TMP/knobs.mid"
	kill -KILL $spid
	wait $spid 2>/dev/null
	for _ in $(seq 40); do
		cmp -s "$TMP/knobs.before" "$(ksm_knobs >"$TMP/knobs.now"; echo "$TMP/knobs.now")" && break
		sleep 0.05
	done
	if ! cmp -s "$TMP/knobs.before" "$TMP/knobs.mid" && knobs_unchanged; then
		ok "$name"
	else
		diag "$(cat "$TMP/script.out")"
		not_ok "$name"
	fi
}

killed_script "a shell script using ksm_guard.sh, SIGKILLed: knobs restored" changed \
	sh -c '. scripts/ksm_guard.sh; guard_start shell-test; guard_set pages_to_scan 1234
		echo changed; sleep 60'
killed_script "vm_density.py's KsmGuard, its script SIGKILLed: knobs restored" changed \
	python3 -c 'import sys, time; sys.path.insert(0, "workloads"); import vm_density as v
g = v.KsmGuard("vm_density-test", binary="'"$B"'/ksm_reset"); g.set("sleep_millisecs", 37)
print("changed", flush=True); time.sleep(60)'

# fio-crosscheck.sh with a stand-in fio that hangs in the KSM-on phase
mkdir -p "$TMP/fakebin"
cat >"$TMP/fakebin/fio" <<'FIO'
#!/bin/sh
echo $$ >>"$FAKE_FIO_PIDS"
[ "$(cat /sys/kernel/mm/ksm/run)" = 1 ] && exec sleep 30
exit 0
FIO
chmod +x "$TMP/fakebin/fio"
export FAKE_FIO_PIDS="$TMP/fio.pids"
killed_script "fio-crosscheck.sh SIGKILLed in its KSM-on phase: knobs restored" "KSM on" \
	env PATH="$TMP/fakebin:$PATH" scripts/fio-crosscheck.sh --out "$TMP/fio" \
	--file "$TMP/fio.dat" --seconds 1 --size-mib 8
sampler=$(cat "$TMP/fio/.sampler.pid" 2>/dev/null)
sleep 0.5
# gone, or a zombie nobody reaps (an orphan's parent is init, which may not)
state=$(ps -o stat= -p "${sampler:-0}")
if [ -n "$sampler" ] && { [ -z "$state" ] || [ "${state#Z}" != "$state" ]; }; then
	ok "fio-crosscheck.sh's sampler died with it"
else
	diag "sampler pid '${sampler}' still there"
	not_ok "fio-crosscheck.sh's sampler died with it"
fi
xargs kill <"$FAKE_FIO_PIDS" 2>/dev/null

tap_done
