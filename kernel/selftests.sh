#!/bin/sh
# selftests.sh TREE HDRDIR OUTDIR - build the base's mm selftests that
# exercise KSM, GUP and COW paths, statically, for the guest.  Each test that
# does not build is reported and left out; the list of what built is
# OUTDIR/BUILT.
. "$(dirname "$0")/common.sh"

tree=${1:?usage: selftests.sh TREE HDRDIR OUTDIR}
hdr=${2:?}
out=${3:?}
mkdir -p "$out"
: >"$out/BUILT"

# name: extra sources and libraries.
case $KSMBENCH_BASE in
6.1)
	# Not here: split_huge_page_test, whose 6.1 version expects one THP
	# where it faults in four (fixed upstream in 6.2).
	vm=$tree/tools/testing/selftests/vm
	tests="ksm_tests:vm_util.c:-lnuma
gup_test::
madv_populate:vm_util.c:
mremap_test::
mremap_dontunmap::
userfaultfd:vm_util.c:-lpthread
map_populate::
mlock2-tests::
migration::-lnuma"
	;;
*)
	# 6.2 renamed the directory mm; every test links vm_util.c and
	# thp_settings.c; userfaultfd became uffd-stress (uffd-common.c);
	# ksm_functional_tests came in 6.4
	vm=$tree/tools/testing/selftests/mm
	u="vm_util.c thp_settings.c"
	tests="ksm_tests:$u:-lnuma
ksm_functional_tests:$u:
gup_test:$u:
madv_populate:$u:
mremap_test:$u:
mremap_dontunmap:$u:
uffd-stress:$u uffd-common.c:-lpthread
map_populate:$u:
mlock2-tests:$u:
migration:$u:-lnuma"
	;;
esac

echo "$tests" | while IFS=: read -r name extra libs; do
	srcs="$vm/$name.c"
	for e in $extra; do srcs="$srcs $vm/$e"; done
	# shellcheck disable=SC2086
	if gcc -static -O2 -w -I "$hdr/include" -I "$vm" -I "$tree" -I "$tree/tools/include" \
		-I "$tree/tools/testing/selftests" -o "$out/$name" $srcs $libs -lrt -lpthread \
		>"$out/$name.build.log" 2>&1; then
		echo "$name" >>"$out/BUILT"
		rm -f "$out/$name.build.log"
	else
		log "selftest $name does not build statically; left out ($out/$name.build.log)"
	fi
done
log "selftests built: $(tr '\n' ' ' <"$out/BUILT")"
