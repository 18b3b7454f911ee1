#!/bin/sh
# Static analysis of the C userland: clang-tidy (checks in .clang-tidy) and
# cppcheck, both treating any finding as an error.  Prints TAP lines.
# (gupfast_contention.c declares the kernel's struct gup_test, whose members
# only the kernel reads: cppcheck's unusedStructMember is off for it.)
set -u
cd "$(dirname "$0")/.."
srcs=$(ls bench/*.c bench/lib/*.c tests/unit/*.c 2>/dev/null)
status=0

if clang-tidy --quiet $srcs -- -std=c11 -D_GNU_SOURCE -Ibench -pthread \
	>build/clang-tidy.log 2>&1 && ! grep -q 'error:' build/clang-tidy.log; then
	echo "ok 1 clang-tidy"
else
	grep -A6 'error:' build/clang-tidy.log | sed 's/^/# /'
	echo "not ok 1 clang-tidy"
	status=1
fi

if cppcheck --enable=warning,style,performance,portability --std=c11 \
	--error-exitcode=1 --inline-suppr --quiet -D_GNU_SOURCE -Ibench \
	--suppress=missingIncludeSystem \
	--suppress=unusedStructMember:bench/gupfast_contention.c \
	$srcs >build/cppcheck.log 2>&1; then
	echo "ok 2 cppcheck"
else
	sed 's/^/# /' build/cppcheck.log
	echo "not ok 2 cppcheck"
	status=1
fi
exit $status
