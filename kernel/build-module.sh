#!/bin/sh
# build-module.sh BUILDDIR [NAME] - builds the test-only modules
# (kernel/guest/modules/: ksm_gate, ksm_link_walker) against the kernel
# built in BUILDDIR (kernel/build.sh prints it) and prints the path of
# module NAME (default ksm_gate), in BUILDDIR/ksmbench-modules/.
# The kernel's own build makes bzImage only: the first module build also
# makes what out-of-tree modules need (modules_prepare).  No Module.symvers:
# the guest configs have no MODVERSIONS, so modpost's unresolved-symbol
# warnings are expected and the kernel resolves the symbols at insmod.
. "$(dirname "$0")/common.sh"

bdir=${1:?usage: build-module.sh BUILDDIR [NAME]}
name=${2:-ksm_gate}
[ -f "$bdir/.config" ] || die "no kernel build in $bdir"
! grep -q '^CONFIG_MODVERSIONS=y' "$bdir/.config" || die "$bdir has MODVERSIONS: build the kernel's modules first"
grep -q '^CONFIG_MODULES=y' "$bdir/.config" || die "$bdir's kernel has no module support"
mdir=$bdir/ksmbench-modules
mkdir -p "$mdir"
cp "$KSMBENCH_ROOT"/kernel/guest/modules/*.c "$KSMBENCH_ROOT"/kernel/guest/modules/Kbuild "$mdir/"

exec 9>"$KSMBENCH_CACHE/build.lock"
flock 9
[ -f "$bdir/scripts/module.lds" ] ||
	make -s -C "$bdir" modules_prepare >"$mdir/build.log" 2>&1 ||
	die "modules_prepare failed in $bdir (see $mdir/build.log)"
make -C "$bdir" M="$mdir" KBUILD_MODPOST_WARN=1 modules >>"$mdir/build.log" 2>&1 ||
	die "the test modules did not build against $bdir (see $mdir/build.log)"
[ -f "$mdir/$name.ko" ] || die "no module $name in kernel/guest/modules/"
echo "$mdir/$name.ko"
