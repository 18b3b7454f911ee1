#!/bin/sh
# The build keeps the flags the code needs when a user sets CFLAGS:
# `make CFLAGS=-O3` compiles every program with -O3 and still with C11,
# _GNU_SOURCE, -Werror and the git revision, and succeeds.
#
# usage: tests/e2e/test_build.sh
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

TMP=$(mktemp -d /tmp/ksmbench-build.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
make -n -B CFLAGS=-O3 BIN="$TMP/bin" all >"$TMP/cmds" 2>&1
n=$(grep -c -- '-o '"$TMP"'/bin/' "$TMP/cmds")
kept=$(grep -- '-o '"$TMP"'/bin/' "$TMP/cmds" | grep -- '-O3' | grep -- '-std=c11' |
	grep -- '-D_GNU_SOURCE' | grep -- '-Werror' | grep -c -- '-DKSMBENCH_GIT_REV=')
if [ "$n" -gt 0 ] && [ "$kept" = "$n" ]; then
	ok "make CFLAGS=-O3 keeps -std=c11 -D_GNU_SOURCE -Werror and the revision ($n programs)"
else
	diag "$(head -3 "$TMP/cmds")"
	not_ok "make CFLAGS=-O3 keeps -std=c11 -D_GNU_SOURCE -Werror and the revision ($kept of $n)"
fi
if make -s -j1 CFLAGS=-O3 BIN="$TMP/bin" all >"$TMP/log" 2>&1; then
	ok "make CFLAGS=-O3 builds every program"
else
	diag "$(grep -E 'error|warning' "$TMP/log" | head -5)"
	not_ok "make CFLAGS=-O3 builds every program"
fi
tap_done
