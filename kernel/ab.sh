#!/bin/sh
# ab.sh - stock vs patched Linux 6.1 in QEMU guests, same run, alternating.
#
# usage: ab.sh [--matrix FILE] [--reps N] [--mem MiB] [--smp N] [--id NAME]
#              [--out DIR] [--timeout S] [--perf] [--disk FILE]...
#              (--out DIR of an earlier run resumes it, below)
#
# Both kernels are built from the same linux-source-6.1 tree with the same
# config; only kernel/patches/series differs.  Each repetition boots both,
# in ABBA order (stock first in odd repetitions, patched first in even ones)
# so slow drift of the host weighs on both alike, and runs every case of the
# matrix (default kernel/ab/default.matrix) in the same guest size.  Output:
# results/ab/<date>-<id>/raw/<kernel>-r<rep>/ (every JSON, plan log, kernel
# log, run.env) and summary.json (scripts/ab_summary.py).  --perf records
# every case with perf in the guest (cpu-clock) and keeps ksmd's profile as
# text beside each JSON (NAME.perf.txt, NAME.folded); sampling costs time,
# so keep throughput A/B runs and perf runs apart.  --disk attaches a file
# read-only to every guest (/dev/vdc, /dev/vdd, ... in order): RAM images
# for merge_throughput --image (workloads/ab-replay.sh).
#
# Resumable: --out DIR of an earlier run (same matrix, series, guest size)
# runs only the boots it lacks.  A boot (one kernel, one repetition) is
# complete when its guest finished the plan: raw/<kernel>-r<rep>/plan.log
# ends with the TAP summary line, whatever its cases' results (a failed
# case is a result).  A boot that did not finish (stopped, timed out, the
# host went down) is moved to DIR/incomplete/<kernel>-r<rep>-<time>/ and
# run again; cases are never split from their boot.  More --reps than
# before adds boots.  Progress on stderr.  KSMBENCH_AB_RUNNER replaces
# kernel/run-guest.sh (same options) and skips the kernel builds: tests.
. "$(dirname "$0")/common.sh"

matrix=$KSMBENCH_ROOT/kernel/ab/default.matrix reps=3 mem=4096 smp=2 id="" out=""
timeout=5400 perf=0 disks=""
while [ $# -gt 0 ]; do
	case $1 in
	--matrix) matrix=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--id) id=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--perf) perf=1; shift ;;
	--disk) [ -r "$2" ] || die "no disk image $2"; disks="$disks --disk $2"; shift 2 ;;
	*) die "unknown option $1 (see the header of $0)" ;;
	esac
done
[ -f "$matrix" ] || die "no matrix file $matrix"
case $reps in ''|*[!0-9]*|0) die "--reps wants a positive number" ;; esac

sha=$(series_sha256)
[ -n "$id" ] || id=$(basename "$matrix" .matrix)$KSMBENCH_BASE_SUFFIX-$(echo "$sha" | cut -c1-8)
[ -n "$out" ] || out=$KSMBENCH_ROOT/results/ab/$(date -u +%Y%m%d-%H%M)-$id
runner=${KSMBENCH_AB_RUNNER:-$KSMBENCH_ROOT/kernel/run-guest.sh}

# boot_complete DIR: the guest of raw/<kernel>-r<rep> finished its plan
boot_complete() {
	grep -Eq '^# [0-9]+ passed, [0-9]+ failed' "$1/plan.log" 2>/dev/null
}
# ab_meta KEY: the first KEY line of an earlier run's ab.txt
ab_meta() { sed -n "s/^$1: //p" "$out/ab.txt" | head -n 1; }

resumed=0
if [ -f "$out/ab.txt" ]; then
	resumed=1
	cmp -s "$matrix" "$out/matrix" ||
		die "$out was run with another matrix ($out/matrix): resume it with that one, or use a new --out"
	was_base=$(ab_meta base)
	[ "${was_base:-6.1}" = "$KSMBENCH_BASE" ] ||
		die "$out measured base ${was_base:-6.1}: resume it with BASE=${was_base:-6.1}"
	[ "$(ab_meta series_sha256)" = "$sha" ] ||
		die "$out measured series $(ab_meta series_sha256), $KSMBENCH_PATCHES is $sha now: use a new --out"
	if [ "$(ab_meta guest_mem_mib)" != "$mem" ] || [ "$(ab_meta guest_vcpus)" != "$smp" ]; then
		die "$out ran guests of $(ab_meta guest_mem_mib) MiB, $(ab_meta guest_vcpus) vCPUs: resume with --mem $(ab_meta guest_mem_mib) --smp $(ab_meta guest_vcpus)"
	fi
	case "$(ab_meta command) " in *" --perf "*) was_perf=1 ;; *) was_perf=0 ;; esac
	[ "$was_perf" = "$perf" ] || die "$out was run $([ "$was_perf" = 1 ] || echo 'without ')with --perf: resume it the same way"
fi
todo=0
for rep in $(seq "$reps"); do
	for k in stock patched; do
		boot_complete "$out/raw/$k-r$rep" || todo=$((todo + 1))
	done
done
mkdir -p "$out/raw"
log "A/B into $out: $reps repetition(s) x stock,patched; matrix $(basename "$matrix"); series $sha;" \
	"$todo of $((2 * reps)) boot(s) to run"

if [ "$todo" -gt 0 ] && [ -z "${KSMBENCH_AB_RUNNER:-}" ]; then
	# build both first, so build time never lands inside a measurement
	"$KSMBENCH_ROOT/kernel/build.sh" stock base >/dev/null
	"$KSMBENCH_ROOT/kernel/build.sh" patched base >/dev/null
fi
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cp "$matrix" "$job/matrix"
perfjob=""
if [ "$perf" = 1 ]; then
	echo 1 >"$job/perf"
	perfjob="--job-file $job/perf"
fi
if [ "$resumed" = 1 ]; then
	echo "resumed_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ) ($todo boot(s) to run, --reps $reps)" >>"$out/ab.txt"
else
	cp "$matrix" "$out/matrix"
	{
		echo "command: kernel/ab.sh --matrix $(basename "$matrix") --reps $reps --mem $mem --smp $smp$([ "$perf" = 1 ] && echo ' --perf')$disks"
		echo "git_revision: $(git -C "$KSMBENCH_ROOT" describe --always --dirty --abbrev=12)"
		echo "series_sha256: $sha"
		echo "started_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "host_kernel: $(uname -r)"
		echo "host_cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
		echo "host_cpus: $(nproc)"
		echo "host_mem_kib: $(awk '/MemTotal/ {print $2}' /proc/meminfo)"
		echo "guest_mem_mib: $mem"
		echo "guest_vcpus: $smp"
		echo "base: $KSMBENCH_BASE"
		echo "stock_version: $(source_version 2>/dev/null || echo unknown)"
	} >"$out/ab.txt"
fi

failed=0 n=0
for rep in $(seq "$reps"); do
	if [ $((rep % 2)) = 1 ]; then order="stock patched"; else order="patched stock"; fi
	for k in $order; do
		n=$((n + 1))
		dir=$out/raw/$k-r$rep
		if boot_complete "$dir"; then
			log "[$n/$((2 * reps))] $k r$rep: complete in $dir, not run again"
			continue
		fi
		if [ -e "$dir" ]; then
			mkdir -p "$out/incomplete"
			mv "$dir" "$out/incomplete/$k-r$rep-$(date -u +%Y%m%dT%H%M%S)"
			log "[$n/$((2 * reps))] $k r$rep: an unfinished earlier boot moved to $out/incomplete/"
		fi
		log "[$n/$((2 * reps))] $k r$rep: booting ($(basename "$matrix"))"
		if ! "$runner" --kernel "$k" --plan \
			"$KSMBENCH_ROOT/kernel/guest/plans/matrix.sh" --job-file "$job/matrix" $perfjob $disks \
			--out "$dir.run" --mem "$mem" --smp "$smp" --timeout "$timeout"; then
			failed=$((failed + 1))
			log "$k repetition $rep FAILED (logs in $dir)"
		fi
		keep_run "$dir.run" "$dir"
		boot_complete "$dir" || log "$k r$rep: the guest did not finish its plan; a resume runs it again"
	done
done
echo "finished_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$out/ab.txt"
python3 "$KSMBENCH_ROOT/scripts/ab_summary.py" "$out"
[ "$failed" = 0 ] || die "$failed guest run(s) failed; see $out/raw/"
