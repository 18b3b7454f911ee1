#!/bin/sh
# run-guest.sh - boot a ksmbench guest kernel under QEMU, run one plan in it,
# and collect what it produced.
#
# usage: run-guest.sh --plan FILE --out DIR [--kernel stock|patched|mutation-NAME]
#          [--config base|debug] [--mem MiB] [--smp N] [--numa] [--icount]
#          [--accel auto|tcg|kvm] [--timeout S] [--scratch-mib N] [--append ARGS]
#          [--job-file FILE]...   (extra files for the plan, in the guest's /job/)
#          [--disk FILE]...       (read-only virtio disks: /dev/vdc, /dev/vdd, ...)
#
# DIR receives kernel.log (the guest kernel's console, ttyS0), guest.log
# (userspace output, ttyS1), qemu.cmd, splats.txt (kernel warnings found in
# kernel.log), and results/ (everything the plan left in the guest's
# /results, including plan.log).  Exit status: 0 the plan's TAP has no
# failure and the kernel log no splat; 1 otherwise; 124 on timeout.
. "$(dirname "$0")/common.sh"

kernel=patched config=base mem=2048 smp=2 numa=0 icount=0 accel=auto
timeout=1800 scratch=1024 append="" plan="" out="" jobfiles="" disks="" boot_timeout=300
while [ $# -gt 0 ]; do
	case $1 in
	--plan) plan=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--numa) numa=1; shift ;;
	--icount) icount=1; shift ;;
	--accel) accel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--scratch-mib) scratch=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--job-file) [ -f "$2" ] || die "no job file $2"; jobfiles="$jobfiles $2"; shift 2 ;;
	--disk) [ -r "$2" ] || die "no disk image $2"; disks="$disks $2"; shift 2 ;;
	*) die "unknown option $1 (see the header of $0)" ;;
	esac
done
[ -n "$plan" ] && [ -f "$plan" ] || die "--plan FILE is required and must exist"
[ -n "$out" ] || die "--out DIR is required"
case $mem$smp$timeout$scratch in *[!0-9]*) die "--mem, --smp, --timeout, --scratch-mib take numbers" ;; esac

bdir=$("$KSMBENCH_ROOT/kernel/build.sh" "$kernel" "$config")
. "$bdir/ksmbench-build.env"
base_cpio=$("$KSMBENCH_ROOT/kernel/initramfs.sh" "$bdir")
[ "$accel" = auto ] && accel=$("$KSMBENCH_ROOT/kernel/detect-accel.sh" "$bdir")
virt=$accel
[ "$icount" = 1 ] && virt=icount

rm -rf "$out"
mkdir -p "$out/results"
run=$(mktemp -d "${TMPDIR:-/tmp}/ksmbench-run.XXXXXX")
trap 'rm -rf "$run"' EXIT

# the job archive: /job/plan.sh, appended to the base initramfs
mkdir -p "$run/job/job"
cp "$plan" "$run/job/job/plan.sh"
for f in $jobfiles; do cp "$f" "$run/job/job/"; done
chmod +x "$run/job/job/plan.sh"
(cd "$run/job" && find . | cpio -o -H newc --quiet | gzip -1) >"$run/job.cpio.gz"
cat "$base_cpio" "$run/job.cpio.gz" >"$run/initrd"
truncate -s 256M "$run/results.img"
truncate -s "${scratch}M" "$run/scratch.img"

case $accel in
tcg) set -- -accel tcg,thread=multi -cpu max ;;
kvm) set -- -accel kvm -cpu host ;;
*) die "unknown accelerator '$accel' (auto, tcg, kvm)" ;;
esac
if [ "$icount" = 1 ]; then
	# deterministic instruction-count time needs one vCPU, single-threaded TCG
	[ "$accel" = tcg ] || die "--icount needs TCG"
	smp=1
	set -- -accel tcg,thread=single -cpu max -icount shift=0
fi
if [ "$numa" = 1 ]; then
	[ "$smp" -ge 2 ] || die "--numa needs --smp 2 or more"
	half=$((mem / 2))
	set -- "$@" -object memory-backend-ram,id=m0,size=${half}M \
		-object memory-backend-ram,id=m1,size=$((mem - half))M \
		-numa node,nodeid=0,cpus=0-$((smp / 2 - 1)),memdev=m0 \
		-numa node,nodeid=1,cpus=$((smp / 2))-$((smp - 1)),memdev=m1
fi
cmdline="console=ttyS0 panic=-1 printk.time=1 ksmbench.kernel=$KSMBENCH_KERNEL"
cmdline="$cmdline ksmbench.virt=$virt ksmbench.series_sha256=$KSMBENCH_SERIES_SHA256"
cmdline="$cmdline ksmbench.source_version=$KSMBENCH_SOURCE_VERSION $append"

# one socket per vCPU: with -numa, vCPUs of one socket on two nodes would
# share a last-level cache across nodes, which the kernel WARNs about
# mem-merge=off: the host's own KSM must never merge (and write-protect)
# guest RAM under a measurement
set -- qemu-system-x86_64 "$@" -machine pc,mem-merge=off \
	-smp "$smp,sockets=$smp,cores=1,threads=1" -m "$mem" -no-reboot \
	-kernel "$bdir/arch/x86/boot/bzImage" -initrd "$run/initrd" \
	-append "$cmdline" -display none -monitor "unix:$run/monitor.sock,server=on,wait=off" \
	-serial "file:$out/kernel.log" -serial "file:$out/guest.log" \
	-drive "file=$run/results.img,if=virtio,format=raw" \
	-drive "file=$run/scratch.img,if=virtio,format=raw,cache=none,aio=native"
for d in $disks; do
	set -- "$@" -drive "file=$d,if=virtio,format=raw,readonly=on"
done
echo "$*" >"$out/qemu.cmd"

# Boots once, or twice if the first boot never reaches /init within
# $boot_timeout seconds: TCG very rarely hangs a guest early in boot, and a
# hung boot measures nothing.  The retry is recorded in run.env, and where
# the hung boot's vCPUs were, from the QEMU monitor, in hung-boot.regs.txt
# (scripts/qemu_hung_regs.py: RIPs as kernel symbols).
boot() {
	timeout -k 10 "$timeout" "$@" </dev/null >"$out/qemu.log" 2>&1 &
	qpid=$!
	waited=0
	while kill -0 $qpid 2>/dev/null && ! grep -q "ksmbench guest:" "$out/guest.log" 2>/dev/null; do
		if [ $waited -ge "$boot_timeout" ]; then
			log "no /init after ${boot_timeout} s: the boot hung; vCPUs' registers in hung-boot.regs.txt"
			python3 "$KSMBENCH_ROOT/scripts/qemu_hung_regs.py" "$run/monitor.sock" \
				"$bdir/System.map" >"$out/hung-boot.regs.txt" 2>&1 || true
			kill $qpid 2>/dev/null
			wait $qpid 2>/dev/null
			return 125
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $qpid
}

log "booting $KSMBENCH_KERNEL-$config ($KSMBENCH_KERNEL_RELEASE) under $virt, ${smp} vCPU, ${mem} MiB: $(basename "$plan")"
start=$(date +%s)
retried=0
boot "$@" && rc=0 || rc=$?
if [ $rc = 125 ]; then
	retried=1
	cp "$out/kernel.log" "$out/kernel.hung-boot.log"
	truncate -s 256M "$run/results.img"
	log "booting again"
	boot "$@" && rc=0 || rc=$?
fi
secs=$(($(date +%s) - start))

status=0
if [ $rc = 125 ]; then
	log "the guest hung in boot twice; logs kept in $out"
	status=1
elif [ $rc = 124 ] || [ $rc = 137 ]; then
	log "TIMEOUT after ${timeout} s; logs kept in $out"
	status=124
elif [ $rc != 0 ]; then
	log "qemu exited with status $rc (see $out/qemu.log)"
	status=1
fi
if ! tar -xf "$run/results.img" -C "$out/results" 2>/dev/null; then
	log "the guest wrote no results (see $out/guest.log and $out/kernel.log)"
	[ $status = 0 ] && status=1
fi
"$KSMBENCH_ROOT/kernel/find-splats.sh" "$out/kernel.log" >"$out/splats.txt"
if [ -s "$out/splats.txt" ]; then
	log "the guest kernel reported problems:"
	sed 's/^/    /' "$out/splats.txt" >&2
	[ $status = 0 ] && status=1
fi
planlog=$out/results/plan.log
if [ -f "$planlog" ] && grep '^not ok' "$planlog" | grep -vq '# TODO'; then
	[ $status = 0 ] && status=1
fi
{
	echo "kernel=$KSMBENCH_KERNEL config=$config release=$KSMBENCH_KERNEL_RELEASE"
	echo "virt=$virt smp=$smp mem_mib=$mem numa=$numa seconds=$secs status=$status boot_retried=$retried"
	echo "series_sha256=$KSMBENCH_SERIES_SHA256 base=${KSMBENCH_BASE:-6.1} source_version=$KSMBENCH_SOURCE_VERSION"
} >"$out/run.env"
log "done in ${secs} s, status $status"
exit $status
