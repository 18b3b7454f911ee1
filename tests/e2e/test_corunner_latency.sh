#!/bin/sh
# End-to-end tests of corunner_latency on the running kernel: a short run
# with KSM off then on reports every field, ordered percentiles and as
# many requests as the arrival rate makes (all served); KSM holds the
# working set merged in the on phase and nothing of it in the off phase;
# an overloaded server is charged its queueing (open loop: latency from
# the scheduled arrival) and counts what it could not serve; the page
# check catches pages rewritten behind its back (negative control); bad
# input exits 2 with a message; every KSM knob reads the same afterwards,
# also after signals.
#
# usage: tests/e2e/test_corunner_latency.sh [BINARY]   (default bin/corunner_latency)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

CR=${1:-bin/corunner_latency}
e2e_begin "corunner_latency e2e"

# 2 threads x 500 requests/s x 2 s: 2000 requests a phase
SHORT="--size-mib 16 --threads 2 --rate 500 --seconds 2 -q"
cow=$(grep -c '^cow_ksm ' /proc/vmstat)
series=$(ls "$KSM_DIR"/tlb_flushes 2>/dev/null | wc -l)

if $CR $SHORT --json "$TMP/run.json" 2>"$TMP/err" && knobs_unchanged &&
	jget "$TMP/run.json" '
d["benchmark"] == "corunner_latency" and d["schema_version"] >= 2
and all(k in d for k in ("env", "params", "result", "ksm_before", "ksm_after"))
and d["params"]["threads"] == 2 and d["params"]["rate_per_thread"] == 500
and [p["name"] for p in d["result"]["phases"]] == ["off", "on"]
and d["result"]["corrupted_reads"] == 0 and d["result"]["final_check_corrupted"] == 0
and d["result"]["final_check_pages"] == d["params"]["pages"] == 4096
and d["result"]["requests"] == sum(p["requests"] for p in d["result"]["phases"])' | grep -qx True; then
	ok "KSM off then on: the JSON contract, no page read back wrong, knobs restored"
else
	diag "$(cat "$TMP/err")"
	not_ok "KSM off then on: the JSON contract, no page read back wrong, knobs restored"
fi

check "percentiles ordered in every phase: p50 <= p99 <= p99.9 <= max, service <= latency" \
	[ "$(jget "$TMP/run.json" 'all(
    h["count"] > 0 and h["min"] <= h["p50"] <= h["p99"] <= h["p99_9"] <= h["max"]
    and h["min"] <= h["mean"] <= h["max"]
    and p["service_ns"]["max"] <= h["max"] and p["service_ns"]["count"] == h["count"]
    for p in d["result"]["phases"] for h in [p["latency_ns"]])')" = True ]

# the schedule holds rate x seconds per thread (to one arrival), all served
check "requests = rate x seconds x threads (within 1%), every one served and timed" \
	[ "$(jget "$TMP/run.json" 'all(
    abs(p["requests_scheduled"] - 2000) <= 20 and p["requests"] == p["requests_scheduled"]
    and p["unserved_requests"] == 0 and p["latency_ns"]["count"] == p["requests"]
    and p["pages_read"] == 4 * p["requests"]
    and 0.15 * p["pages_read"] < p["pages_written"] < 0.35 * p["pages_read"]
    and 1.9 < p["seconds"] < 3
    for p in d["result"]["phases"])')" = True ]

check "off: nothing of the working set merged; on: merged first (>= 90%), ksmd scanned" \
	[ "$(jget "$TMP/run.json" '
(lambda off, on:
 off["own_merged_pages_start"] == 0 and off["own_merged_pages_mean"] == 0
 and off["premerged"] is None and off["premerge_seconds"] is None
 and on["premerged"] is True and on["own_merged_pages_start"] >= 0.9 * 4096
 and on["own_merged_pages_mean"] > 0 and on["ksm_counters"]["full_scans"] > 0
 and (on["ksmd_cpu_seconds"] is None or on["ksmd_cpu_seconds"] > 0))(*d["result"]["phases"])')" = True ]

# COW breaks where /proc/vmstat counts them; the series' counters where the kernel has them
check "COW breaks counted in the on phase exactly where cow_ksm exists ($cow here), series counters null exactly where absent ($series here)" \
	[ "$(jget "$TMP/run.json" '
((d["result"]["phases"][1]["cow_breaks"] or 0) > 0) == bool('"$cow"')
and all((p["ksm_counters"][k] is None) == (not '"$series"')
        for p in d["result"]["phases"] for k in ("tlb_flushes", "pin_check_aborts"))
and all(p["ksm_counters"]["pages_sharing"] is not None for p in d["result"]["phases"])')" = True ]

check "ratio = p99 on / p99 off" [ "$(jget "$TMP/run.json" '
(lambda off, on, r:
 r is not None and abs(r - on["latency_ns"]["p99"] / off["latency_ns"]["p99"]) < 1e-9
 and r == d["result"]["ratios"]["p99"]
 and abs(d["result"]["ratios"]["max"] - on["latency_ns"]["max"] / off["latency_ns"]["max"]) < 1e-9
)(*d["result"]["phases"], d["result"]["ratio"])')" = True ]

# one phase: no ratio
if $CR $SHORT --phases on --json "$TMP/on.json" 2>"$TMP/err" && knobs_unchanged &&
	[ "$(jget "$TMP/on.json" 'd["result"]["ratio"] is None and len(d["result"]["phases"]) == 1')" = True ]; then
	ok "one phase: ratio null"
else
	diag "$(cat "$TMP/err")"
	not_ok "one phase: ratio null"
fi

# Open loop: 1 thread offered 100000 requests/s of 64 pages each cannot keep
# up; its queueing is charged to the requests (latency far above service
# time) and what is still due when the drain time is up is counted unserved.
$CR --size-mib 16 --threads 1 --rate 100000 --pages-per-request 64 --seconds 1 \
	--phases off -q --json "$TMP/over.json" 2>"$TMP/err"
rc=$?
if [ $rc = 0 ] && knobs_unchanged && [ "$(jget "$TMP/over.json" '
(lambda p:
 p["requests_scheduled"] == 100000 and p["unserved_requests"] > 0
 and p["requests"] + p["unserved_requests"] == 100000
 and p["latency_ns"]["p99"] > 100 * p["service_ns"]["p99"]
 and p["latency_ns"]["max"] > 5e8 and 1.9 < p["seconds"] < 2.5)(d["result"]["phases"][0])')" = True ]; then
	ok "overload: queueing counted from the scheduled arrival, the backlog left unserved and counted"
else
	diag "rc=$rc" "$(cat "$TMP/err")"
	not_ok "overload: queueing counted from the scheduled arrival, the backlog left unserved and counted"
fi

# Negative control: 5 pages rewritten behind the benchmark's back, no
# writes, so the final check must find exactly those 5.
$CR $SHORT --phases off --write-fraction 0 --negative-control 5 --json "$TMP/neg.json" 2>"$TMP/err"
rc=$?
final=$(jget "$TMP/neg.json" 'd["result"]["final_check_corrupted"]' 2>/dev/null)
if [ $rc = 1 ] && [ "$final" = 5 ] && grep -q 'CORRUPT' "$TMP/err" &&
	[ "$(jget "$TMP/neg.json" 'd["result"]["phases"][0]["pages_written"]')" = 0 ]; then
	ok "negative control: 5 rewritten pages reported corrupted, exit 1"
else
	diag "rc=$rc final_check_corrupted=$final" "$(head -n 5 "$TMP/err")"
	not_ok "negative control: 5 rewritten pages reported corrupted, exit 1"
fi

for bad in "--threads 0" "--threads 65" "--rate 0" "--rate 100001" "--rate 1e3" \
	"--pages-per-request 0" "--pages-per-request 65" "--write-fraction 1.5" \
	"--write-fraction -0.1" "--write-fraction x" "--contents 0" "--contents 256" \
	"--size-mib 0" "--seconds 0" "--phases off,sideways" "--phases off,,on" \
	"--negative-control 4097 --size-mib 16" "--sleep-ms x" "--premerge-s -1" \
	"--no-such-option" "extra-argument" "--json"; do
	usage_error "$CR" corunner_latency "$bad"
done
check "bad input changed no knob" knobs_unchanged
# a --json path that cannot be written fails before the run, not after it
start=$(date +%s)
bad_input "an unwritable --json path (before the run)" $CR --seconds 5 --json /nonexistent/dir/out.json
[ $(($(date +%s) - start)) -le 2 ] && ok "the --json path failed in the first seconds" ||
	not_ok "the --json path failed in the first seconds ($(($(date +%s) - start)) s)"
bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups $CR

# Signals in the KSM-on phase (its first progress line, 2 s in)
signal_tests "requests" $CR --size-mib 16 --threads 2 --rate 500 --seconds 10 --phases on

tap_done
