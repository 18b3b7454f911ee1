#!/bin/sh
# selftests.sh TREE HDRDIR OUTDIR - build the 6.1 mm selftests that exercise
# KSM, GUP and COW paths, statically, for the guest.  Each test that does
# not build is reported and left out; the list of what built is OUTDIR/BUILT.
. "$(dirname "$0")/common.sh"

tree=${1:?usage: selftests.sh TREE HDRDIR OUTDIR}
hdr=${2:?}
out=${3:?}
vm=$tree/tools/testing/selftests/vm
mkdir -p "$out"
: >"$out/BUILT"

# name: extra sources and libraries.  Not here: split_huge_page_test, whose
# 6.1 version expects one THP where it faults in four (fixed upstream in 6.2).
tests="ksm_tests:vm_util.c:-lnuma
gup_test::
madv_populate:vm_util.c:
mremap_test::
mremap_dontunmap::
userfaultfd:vm_util.c:-lpthread
map_populate::
mlock2-tests::
migration::-lnuma"

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
