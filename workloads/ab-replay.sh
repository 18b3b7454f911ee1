#!/bin/sh
# ab-replay.sh - replay the guest RAM images of VM density runs on stock and
# patched 6.1 (kernel/ab.sh): does the patched kernel save the same memory,
# and how much sooner?
#
# usage: workloads/ab-replay.sh [--reps N] [--mem MiB] [--pages-to-scan N]
#            [--sleep-ms N] [--advisor] [--busy-threads N] [--id NAME]
#            [--out DIR] [--skip-missing] RESULT_DIR...
#
# Each RESULT_DIR is a results/vm/ run made with vm_density.py --capture;
# its density.json names its images (in $KSMBENCH_CACHE/vm/images/) and
# their sha256, which are checked before anything boots.  Every run
# becomes one matrix case, "vm-<workload>[-busy]": merge_throughput with one
# --image (one process, like one VM) per guest, the images attached to the
# A/B guests as read-only disks; --busy-threads gives each replaying
# process threads reading its pages, as running vCPUs would (then every
# TLB flush of a merge is an IPI).  --advisor (6.8+): the scan-time advisor
# sets pages_to_scan instead, at a sleep of 20 ms unless --sleep-ms says
# otherwise, with a target scan time of 1 s, so that it runs at its CPU cap
# (advisor_max_cpu) on both kernels; its cases are "vm-<workload>-adv".
# The result directory (results/ab/...)
# gets images.txt: every image's run, guest, workload, size and sha256.
# Images are never committed: rerun the density runs with --capture to
# regenerate them (their contents differ run to run; the checksums say
# which bytes a result measured).  A run without its images stops the
# replay, or with --skip-missing is left out: its case and the reason go
# to DIR/skipped.txt (exit 3 when no case is left).  --out DIR resumes an
# earlier replay (kernel/ab.sh: the same runs, so the same matrix).
. "$(dirname "$0")/../kernel/common.sh"

reps=3 mem=6144 pts=5000 sleep_ms="" busy=0 id=vm-images out="" skip_missing=0 advisor=0
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--skip-missing) skip_missing=1; shift ;;
	--reps) reps=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--pages-to-scan) pts=$2; shift 2 ;;
	--sleep-ms) sleep_ms=$2; shift 2 ;;
	--busy-threads) busy=$2; shift 2 ;;
	--advisor) advisor=1; shift ;;
	--id) id=$2; shift 2 ;;
	-h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "name at least one results/vm/ directory (see --help)"
# how ksmd's pace is set: a fixed batch, or the advisor (then a 20 ms sleep
# by default, the kernel's: with none its CPU cap could not hold)
if [ "$advisor" = 1 ]; then
	pace="--advisor --sleep-ms ${sleep_ms:-20} --set advisor_target_scan_time=1"
else
	pace="--pages-to-scan $pts --sleep-ms ${sleep_ms:-0}"
fi

job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
matrix=$job/vm-images.matrix
echo "# VM RAM images replayed, one process per guest (workloads/ab-replay.sh)" >"$matrix"
: >"$job/disks"
: >"$job/images.txt"
# unusable DIR: why DIR cannot be replayed (nothing if it can); its case
# name and image list in $job/list
unusable() {
	basename "$1" >"$job/list"
	[ -f "$1/density.json" ] || { echo "no density.json"; return; }
	python3 - "$1/density.json" >"$job/list" <<'PY' || { echo "no captured images (run vm_density.py with --capture)"; return; }
import json, sys
d = json.load(open(sys.argv[1]))
print("+".join(d["params"]["workloads"]))
if not d.get("images"):
    sys.exit(1)
for i in d["images"]:
    print(i["path"], i["sha256"], i["guest"], i["workload"], i["bytes"])
PY
	tail -n +2 "$job/list" | while read -r path sha guest kind bytes; do
		[ -f "$path" ] || { echo "image $path is gone: rerun it with --capture"; return; }
		log "checking $path"
		echo "$sha  $path" | sha256sum -c --quiet - >/dev/null 2>&1 ||
			{ echo "$path changed since it was captured"; return; }
	done
}
: >"$job/skipped"
letter=c
for dir in "$@"; do
	why=$(unusable "$dir")
	name=vm-$(head -n 1 "$job/list")
	[ "$busy" = 0 ] || name=$name-busy	# the IPI plots pick cases by "busy"
	[ "$advisor" = 0 ] || name=$name-adv
	if [ -n "$why" ]; then
		[ "$skip_missing" = 1 ] || die "$dir: $why"
		log "skipping $dir ($name): $why"
		echo "$name $dir: $why" >>"$job/skipped"
		continue
	fi
	args=""
	tail -n +2 "$job/list" | while read -r path sha guest kind bytes; do
		echo "$(basename "$dir") g$guest $kind $bytes $sha" >>"$job/images.txt"
		echo "$path" >>"$job/disks"
	done
	for path in $(tail -n +2 "$job/list" | cut -d' ' -f1); do
		args="$args --image /dev/vd$letter"
		letter=$(echo "$letter" | tr 'a-y' 'b-z')
	done
	echo "$name merge_throughput$args $pace --busy-threads $busy --timeout-s 1800" >>"$matrix"
done
disks=""
while read -r d; do disks="$disks --disk $d"; done <"$job/disks"
sha=$(series_sha256)
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/ab/$(date -u +%Y%m%d-%H%M)-$id-$(echo "$sha" | cut -c1-8)
mkdir -p "$out"
if [ "$skip_missing" = 1 ]; then
	cp "$job/skipped" "$out/skipped.txt"
	if ! grep -q '^[^#]' "$matrix"; then
		log "no run left to replay (each skipped: $out/skipped.txt)"
		exit 3
	fi
fi
{
	echo "# run guest workload bytes sha256 (images in \$KSMBENCH_CACHE/vm/images/<run>/g<guest>.ram)"
	cat "$job/images.txt"
} >"$job/images.head"
# a resumed replay must replay the very same bytes
if [ -f "$out/images.txt" ] && ! cmp -s "$job/images.head" "$out/images.txt"; then
	die "$out replayed other images ($out/images.txt): resume it with the same runs, or use a new --out"
fi
cp "$job/images.head" "$out/images.txt"
cat "$matrix"
# shellcheck disable=SC2086
"$KSMBENCH_ROOT/kernel/ab.sh" --matrix "$matrix" --reps "$reps" --mem "$mem" --out "$out" $disks
