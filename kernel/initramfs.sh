#!/bin/sh
# initramfs.sh BUILDDIR - the guest's base initramfs for the kernel built in
# BUILDDIR: busybox, /init, the suite's benchmarks (static), the 6.1 mm
# selftests built against that tree's headers (static), the TAP helpers.
# Prints the path of the gzipped cpio.  The runner appends a job archive.
. "$(dirname "$0")/common.sh"

bdir=${1:?usage: initramfs.sh BUILDDIR}
. "$bdir/ksmbench-build.env"
tree=$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" "$KSMBENCH_KERNEL")
root=$bdir/initramfs-root
cpio=$bdir/initramfs.cpio.gz

# selftests: rebuilt only when the tree changes
stamp="$(cat "$KSMBENCH_TREES/$KSMBENCH_KERNEL.applied" 2>/dev/null || echo stock) $(sha256sum <"$KSMBENCH_ROOT/kernel/selftests.sh" | cut -c1-16)"
if [ "$(cat "$bdir/selftests/.stamp" 2>/dev/null)" != "$stamp" ]; then
	log "installing headers and building selftests for $KSMBENCH_KERNEL"
	make -C "$tree" O="$bdir" headers_install INSTALL_HDR_PATH="$bdir/hdr" >/dev/null
	rm -rf "$bdir/selftests"
	"$KSMBENCH_ROOT/kernel/selftests.sh" "$tree" "$bdir/hdr" "$bdir/selftests"
	echo "$stamp" >"$bdir/selftests/.stamp"
fi

make -C "$KSMBENCH_ROOT" -s static >&2
rm -rf "$root"
mkdir -p "$root"/bin "$root"/ksmbench "$root"/selftests "$root"/lib \
	"$root"/proc "$root"/sys "$root"/dev "$root"/tmp "$root"/results "$root"/job
cp /bin/busybox "$root/bin/busybox"
cp "$KSMBENCH_ROOT/kernel/guest/init" "$root/init"
cp "$KSMBENCH_ROOT"/build/static/* "$root/ksmbench/"
cp "$KSMBENCH_ROOT/tests/tap.sh" "$root/lib/tap.sh"
cp "$KSMBENCH_ROOT/tests/ksm_sysfs_hostile.sh" "$root/lib/ksm_sysfs_hostile.sh"
cp "$KSMBENCH_ROOT"/kernel/guest/lib/*.sh "$root/lib/"
for t in $(cat "$bdir/selftests/BUILT"); do
	cp "$bdir/selftests/$t" "$root/selftests/"
done
# Debian's perf is the 6.1 tree's tools/perf: bring it with its libraries
# (perf record/report of ksmd inside the guest; cpu-clock under TCG)
if [ -x /usr/bin/perf ] && /usr/bin/perf --version | grep -q '^perf version 6\.1\.'; then
	mkdir -p "$root/usr/bin" "$root/lib64"
	cp /usr/bin/perf "$root/usr/bin/perf"
	ldd /usr/bin/perf | awk '/=> \// {print $3} /^[[:space:]]*\/lib64/ {print $1}' |
		while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$cpio.tmp"
mv "$cpio.tmp" "$cpio"
echo "$cpio"
