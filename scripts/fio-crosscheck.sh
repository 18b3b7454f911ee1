#!/bin/sh
# fio-crosscheck.sh [--out DIR] [--file PATH] [--size-mib N] [--seconds S]
#                   [--shared-host]
#
# O_DIRECT read latency into KSM-merged buffers measured by fio, beside
# odirect_latency: workloads/fio/odirect-randread.fio, with KSM off and on,
# sync (psync) and async (libaio, iodepth 16).  fio's buffers are made
# mergeable by workloads/fio/mergeable_shim.so (LD_PRELOAD).  fio's JSON
# and a summary of its percentiles go to DIR.  KSM knobs are written
# through bin/ksm_reset --guard (scripts/ksm_guard.sh): one run at a time,
# a host whose KSM holds other processes' pages refused unless
# --shared-host, every knob restored however the script ends (SIGKILL too).
set -eu
cd "$(dirname "$0")/.."
. scripts/ksm_guard.sh

out=results/fio-$(uname -r)-$(date -u +%Y%m%d-%H%M) file=/var/tmp/ksmbench-fio.dat
size=256 seconds=20 shared=
while [ $# -gt 0 ]; do
	case $1 in
	--shared-host) shared=--shared-host; shift ;;
	--out) out=$2; shift 2 ;;
	--file) file=$2; shift 2 ;;
	--size-mib) size=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	*) echo "fio-crosscheck: unknown option $1" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "fio-crosscheck: must run as root" >&2; exit 2; }
ksm=/sys/kernel/mm/ksm
[ -e $ksm/run ] || { echo "fio-crosscheck: no KSM in this kernel" >&2; exit 2; }
command -v fio >/dev/null || { echo "fio-crosscheck: fio missing (scripts/setup-deps.sh fio)" >&2; exit 2; }
[ -x bin/ksm_reset ] || { echo "fio-crosscheck: bin/ksm_reset missing (make)" >&2; exit 2; }

mkdir -p "$out" build
shim=build/mergeable_shim.so
cc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$shim" workloads/fio/mergeable_shim.c -ldl

guard_start fio-crosscheck $shared
trap 'rm -f "$file"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for engine in psync libaio; do
	depth=1
	[ "$engine" = libaio ] && depth=16
	for state in off on; do
		if [ $state = on ]; then
			guard_set pages_to_scan 1000; guard_set sleep_millisecs 0; guard_set run 1
		else
			guard_set run 0
		fi
		echo "fio-crosscheck: $engine iodepth $depth, KSM $state, ${seconds} s"
		scans0=$(cat $ksm/full_scans)
		# KSM's work during the run: the most pages shared, sampled (it
		# ends with this script, however the script dies)
		echo 0 >"$out/.max"
		(max=0; while kill -0 $$ 2>/dev/null; do v=$(cat $ksm/pages_sharing)
			[ "$v" -gt "$max" ] && max=$v && echo "$max" >"$out/.max"; sleep 0.2
		done) 8>&- 9<&- &
		sampler=$!
		echo $sampler >"$out/.sampler.pid"
		FILE=$file SIZE=${size}m RUNTIME=$seconds ENGINE=$engine IODEPTH=$depth \
			LD_PRELOAD=$PWD/$shim fio --output-format=json \
			--output="$out/fio-$engine-ksm-$state.json" workloads/fio/odirect-randread.fio \
			8>&- 9<&-
		kill $sampler
		rm -f "$out/.sampler.pid"
		echo "$scans0 $(cat $ksm/full_scans) $(cat "$out/.max")" >"$out/fio-$engine-ksm-$state.ksm"
		rm -f "$out/.max"
		guard_set run 0
	done
done
guard_stop
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
rows = []
for f in sorted(glob.glob(os.path.join(out, "fio-*-ksm-*.json"))):
    d = json.load(open(f))
    job = [j for j in d["jobs"] if j["jobname"] == "randread"][0]
    r = job["read"]
    p = r["clat_ns"]["percentile"]
    fs0, fs1, ps_max = map(int, open(f[:-5] + ".ksm").read().split())
    rows.append({"file": os.path.basename(f), "iops": r["iops"], "ios": r["total_ios"],
                 "ksm_full_scans": fs1 - fs0, "ksm_pages_sharing_max": ps_max,
                 "p50_us": p["50.000000"] / 1e3, "p99_us": p["99.000000"] / 1e3,
                 "p99_9_us": p["99.900000"] / 1e3, "max_us": r["clat_ns"]["max"] / 1e3})
json.dump({"tool": "fio " + d.get("fio version", "?"), "rows": rows},
          open(os.path.join(out, "fio-summary.json"), "w"), indent=1)
for r in rows:
    print("%-28s %8.0f IOPS  p50 %7.1f  p99 %8.1f  p99.9 %8.1f  max %9.1f us  "
          "KSM scans %d, pages_sharing up to %d" %
          (r["file"], r["iops"], r["p50_us"], r["p99_us"], r["p99_9_us"], r["max_us"],
           r["ksm_full_scans"], r["ksm_pages_sharing_max"]))
PY
