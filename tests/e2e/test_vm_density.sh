#!/bin/sh
# End-to-end test of the VM workloads on the running kernel: two idle
# Debian guests (the project's 6.1 vmguest kernel, the cached debootstrap
# image) under QEMU for a short run - the host's KSM saves them memory, the
# JSON and the time series hold every field, KSM's knobs are restored and
# no QEMU is left; their captured RAM images replay with merge_throughput
# --image to the exact count, intact; with guest RAM not mergeable nothing
# is saved (the control); Ctrl-C stops guests and restores
# knobs; bad input exits 2.  Builds the image and the kernel on first use
# (minutes, cold).
#
# usage: tests/e2e/test_vm_density.sh [MERGE_THROUGHPUT]   (default bin/merge_throughput)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/e2e/ksm_knobs.sh

MT=${1:-bin/merge_throughput}
VD=workloads/vm_density.py
CACHE=${KSMBENCH_CACHE:-/var/cache/ksmbench}
e2e_begin "vm_density e2e"
run=vmd-e2e-$$
trap 'rm -rf "$TMP" "$CACHE/vm/images/$run"' EXIT

# our guests only: QEMU processes whose command line names this run's image
qemus_left() { pgrep -f "qemu-system-x86_64.*ksmbench.workload" >/dev/null; }

# the image and kernel first, so their build time is not the run's
if ! workloads/build-image.sh >"$TMP/image.path" 2>"$TMP/err" ||
	! kernel/build.sh stock vmguest >/dev/null 2>>"$TMP/err"; then
	diag "$(tail -n 20 "$TMP/err")"
	not_ok "builds the Debian guest image and the vmguest kernel"
	tap_done
	exit 1
fi

$VD --workload idle --guests 2 --mem-mib 384 --duration-s 10 --interval-s 1 \
	--capture --out "$TMP/$run" 2>"$TMP/err"
rc=$?
J=$TMP/$run/density.json
fields=$(jget "$J" '
d["benchmark"] == "vm_density" and d["status"] == "ok" and d["params"]["guests"] == 2
and all(g["settled_s"] is not None for g in d["guests"])
and d["result"]["final_saved_bytes"] > 0 and d["result"]["samples"] >= 10
and d["result"]["time_to_90pct_of_final_s"] is not None
and d["result"]["ksmd_cpu_s"] > 0 and d["result"]["final_pss_kib_total"] > 0
and d["result"]["ksmd_cpu_source"] == "schedstat"
and all(k in d["env"] for k in ("kernel_release", "virt", "cpu_model", "date_utc",
                                "git_revision", "command_line"))
and len(d["images"]) == 2' 2>&1)
if [ $rc = 0 ] && [ "$fields" = True ] && knobs_unchanged && ! qemus_left; then
	ok "2 idle guests: memory saved, every field, knobs restored, no QEMU left"
else
	diag "rc=$rc fields=$fields" "$(tail -n 15 "$TMP/err")"
	not_ok "2 idle guests: memory saved, every field, knobs restored, no QEMU left"
fi

# the time series: one row per sample, the columns the plot and table read
csv_ok=$(python3 - "$TMP/$run" <<'PY' 2>&1
import csv, json, sys
d = json.load(open(sys.argv[1] + "/density.json"))
rows = list(csv.DictReader(open(sys.argv[1] + "/timeseries.csv")))
need = {"t_s", "pages_sharing", "saved_bytes", "ksmd_cpu_s", "rss_kib_g0", "pss_kib_g1",
        "guests_settled"}
t = [float(r["t_s"]) for r in rows]
print(len(rows) == d["result"]["samples"] and need <= set(rows[0]) and t == sorted(t))
PY
)
if [ "$csv_ok" = True ]; then
	ok "timeseries.csv: one row per sample, in time order, every column"
else
	diag "$csv_ok"
	not_ok "timeseries.csv: one row per sample, in time order, every column"
fi

# capture -> replay: the checksums are the files', and the images replay
imgs_ok=$(python3 - "$J" <<'PY' 2>&1
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
print(all(hashlib.sha256(open(i["path"], "rb").read()).hexdigest() == i["sha256"]
          and i["bytes"] == 384 << 20 for i in d["images"]))
PY
)
img0=$CACHE/vm/images/$run/g0.ram img1=$CACHE/vm/images/$run/g1.ram
if [ "$imgs_ok" = True ] &&
	$MT --image "$img0" --image "$img1" --pages-to-scan 5000 --sleep-ms 0 -q \
		--json "$TMP/replay.json" 2>"$TMP/err" &&
	[ "$(jget "$TMP/replay.json" 'd["result"]["pages_sharing"] > 0 and d["params"]["image_zero_pages"] > 0')" = True ]; then
	ok "captured RAM images: checksums match, replay converges exactly, intact"
else
	diag "images: $imgs_ok" "$(tail -n 5 "$TMP/err")"
	not_ok "captured RAM images: checksums match, replay converges exactly, intact"
fi

# The control: guest RAM not mergeable, nothing saved - the "saved > 0"
# check above fails when KSM cannot reach guest RAM
if $VD --workload idle --guests 1 --mem-mib 256 --duration-s 5 --no-mem-merge \
	--out "$TMP/nomerge" 2>"$TMP/err" &&
	[ "$(jget "$TMP/nomerge/density.json" 'd["result"]["final_saved_bytes"]')" = 0 ]; then
	ok "control: with mem-merge=off KSM saves nothing"
else
	diag "$(tail -n 5 "$TMP/err")"
	not_ok "control: with mem-merge=off KSM saves nothing"
fi

# Ctrl-C in the middle: guests stopped, knobs restored, exit 1
$VD --workload idle --guests 1 --mem-mib 256 --duration-s 600 --out "$TMP/int" \
	2>"$TMP/err" &
pid=$!
for _ in $(seq 60); do
	[ -s "$TMP/int/g0.console" ] && break
	sleep 1
done
sleep 2
kill -INT $pid
wait $pid
rc=$?
if [ $rc = 1 ] && grep -q interrupted "$TMP/err" && knobs_unchanged && ! qemus_left &&
	[ "$(jget "$TMP/int/density.json" 'd["status"]')" = failed ]; then
	ok "Ctrl-C: exit 1, guests stopped, knobs restored, JSON says failed"
else
	diag "rc=$rc" "$(tail -n 5 "$TMP/err")"
	not_ok "Ctrl-C: exit 1, guests stopped, knobs restored, JSON says failed"
fi

# ksmd's CPU time sums every ksmd thread (the patched kernel's "ksmd/N"
# workers too) and nothing else, read from a fake /proc
fake=$TMP/proc
for t in 7:ksmd:100 8:ksmd/1:20 9:ksmd/x:4000 10:ksmdx:5000 11:bash:6000; do
	mkdir -p "$fake/${t%%:*}"
	echo "$(echo "$t" | cut -d: -f2)" >"$fake/${t%%:*}/comm"
	echo "$(echo "$t" | cut -d: -f3) 0 0" >"$fake/${t%%:*}/schedstat"
done
mkdir -p "$fake/self"
sum=$(cd workloads && python3 -c 'import sys, vm_density as v
print(v.ksmd_cpu_ns(sys.argv[1]), v.ksmd_cpu_ns(sys.argv[1] + "/11"))' "$fake" 2>&1)
if [ "$sum" = "120 None" ]; then
	ok "ksmd CPU time: ksmd + ksmd/N threads summed, nothing else"
else
	diag "got: $sum"
	not_ok "ksmd CPU time: ksmd + ksmd/N threads summed, nothing else"
fi

# per-thread deltas: a worker that exits keeps its last value, one born counts from 0
delta=$(cd workloads && python3 -c 'import os, sys, vm_density as v
p = sys.argv[1]; c = v.KsmdCpu(p)
open(p + "/7/schedstat", "w").write("150 0 0\n")
a = c.read(); os.remove(p + "/8/schedstat")
os.makedirs(p + "/12"); open(p + "/12/comm", "w").write("ksmd/2\n")
open(p + "/12/schedstat", "w").write("30 0 0\n")
print(a, c.read())' "$fake" 2>&1)
if [ "$delta" = "50 80" ]; then
	ok "ksmd CPU time as per-thread deltas: an exited worker keeps its value"
else
	diag "got: $delta"
	not_ok "ksmd CPU time as per-thread deltas: an exited worker keeps its value"
fi

bad_input "an unknown workload" $VD --workload nosuch
bad_input "0 guests" $VD --guests 0
bad_input "too little memory" $VD --mem-mib 64
bad_input "a non-root user" setpriv --reuid=65534 --regid=65534 --clear-groups $VD
tap_done
