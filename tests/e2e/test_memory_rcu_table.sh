#!/bin/sh
# Tests of scripts/memory_rcu_table.py on a made-up A/B summary: per case
# and figure, each kernel's median (min-max) over its boots in bytes per
# unshared page, MiB or seconds; the series minus stock (and their ratio
# where it is not per page; a difference that rounds to nothing is 0,
# not -0); RCU's backlog at the write's return from two
# metrics of the same boot; figures no kernel has left out; a run without
# memory or unmerge figures and bad arguments exit 2.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

M=memory U=unmerge
fake_summary "$tmp/a" "u1:$M.sunreclaim_kib_per_unshared_page:0.0625,0.0625,0.0625:0.125,0.1,0.15" \
	"u1:$M.peak_vmalloc_kib_per_unshared_page::0.01,0.02" \
	"dp:$U.write_wall_s:2,4:1,1" "dp:$U.slab_at_return_kib:10240,10240:20480,30720" \
	"dp:$U.slab_after_kib:1024,1024:1024,1024" "dp:$U.call_rcu_calls::100,200" \
	"u2:$M.sunreclaim_kib_per_unshared_page:0.0625:0.06249"
if python3 scripts/memory_rcu_table.py "$tmp/a" >"$tmp/out" 2>"$tmp/err" &&
	grep -qxF '| u1 | slab B/unshared page | 64 (64-64) | 128 (102-154) | 64 |' "$tmp/out" &&
	grep -qxF '| u1 | peak vmalloc B/unshared page | n/a | 15.4 (10.2-20.5) | n/a |' "$tmp/out" &&
	grep -qxF '| dp | run=2 write s | 3.00 (2.00-4.00) | 1.00 (1.00-1.00) | -2.00 (0.33x) |' "$tmp/out" &&
	grep -qxF '| dp | run=2 slab left MiB | 9.0 (9.0-9.0) | 24.0 (19.0-29.0) | 15.0 (2.67x) |' "$tmp/out" &&
	grep -qxF '| dp | run=2 call_rcu | n/a | 150 (100-200) | n/a |' "$tmp/out" &&
	grep -qxF '| u2 | slab B/unshared page | 64 | 64 | 0 |' "$tmp/out" &&
	[ "$(grep -c '^| [a-z]' "$tmp/out")" = 7 ]; then
	ok "medians (min-max) per kernel in bytes/page, MiB, s; series minus stock; backlog per boot"
else
	diag "$(cat "$tmp/out" "$tmp/err")"
	not_ok "medians (min-max) per kernel in bytes/page, MiB, s; series minus stock; backlog per boot"
fi
fake_summary "$tmp/none" "x:pages_sharing:1:1"
usage_error scripts/memory_rcu_table.py memory_rcu_table.py "$tmp/none"
usage_error scripts/memory_rcu_table.py memory_rcu_table.py "$tmp/nosuchdir"
tap_done
