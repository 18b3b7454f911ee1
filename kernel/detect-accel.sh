#!/bin/sh
# detect-accel.sh BUILDDIR - "kvm" if KVM really boots the kernel built in
# BUILDDIR, else "tcg".  /dev/kvm existing is not enough: PVM (kvm_pvm) only
# runs specially built guests, a stock kernel hangs in decompression.  So
# KVM is probed by booting the kernel with no root filesystem: a working KVM
# reaches the "Kernel panic" about the missing root within seconds.  The
# answer is cached per kernel image.
. "$(dirname "$0")/common.sh"

bzimage=${1:?usage: detect-accel.sh BUILDDIR}/arch/x86/boot/bzImage
if [ ! -w /dev/kvm ]; then
	log "no usable /dev/kvm: using TCG"
	echo tcg
	exit 0
fi
if [ -d /sys/module/kvm_pvm ]; then
	log "/dev/kvm is PVM (kvm_pvm), which cannot boot a stock kernel: using TCG"
	echo tcg
	exit 0
fi
key=$(sha256sum "$bzimage" | cut -c1-16)
cache=$KSMBENCH_CACHE/accel-probe.$key
if [ ! -f "$cache" ]; then
	tmp=$(mktemp)
	timeout -k 5 60 qemu-system-x86_64 -accel kvm -cpu host -m 256 -no-reboot \
		-kernel "$bzimage" -append "console=ttyS0 panic=-1" -display none \
		-monitor none -serial "file:$tmp" </dev/null >/dev/null 2>&1 || true
	if grep -q "Kernel panic" "$tmp"; then echo kvm; else echo tcg; fi >"$cache"
	rm -f "$tmp"
fi
log "KVM boot probe: $(cat "$cache")"
cat "$cache"
