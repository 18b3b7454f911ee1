#!/bin/sh
# collisions plan: the hash-flooding attack of issue 19 as one TAP line.
# merge_throughput --collisions merges zipf 64 MiB exactly (phase 1), then
# plants 16 KSM pages per target crafted to the XXH64 (seed 0) of the zero
# page and of the most common content (phase 2), then writes new copies of
# both (phase 3).  A kernel whose index the planted nodes can hide the
# genuine KSM page behind (v1) never reaches the exact count: phase 3
# stalls (6 full scans without progress) and merge_throughput exits 1,
# which is printed as not ok (the plan itself does not fail); stock and
# v2 converge exactly: ok.  /results/collisions.json has every phase.
. /lib/tap.sh
/ksmbench/merge_throughput --profile zipf --size-mib 64 --collisions 16 \
	--collision-kind seed0 --pages-to-scan 5000 --sleep-ms 0 --stall-scans 6 \
	--timeout-s 600 -q --json /results/collisions.json 2>/results/collisions.err
rc=$?
sed 's/^/# /' /results/collisions.err
if [ $rc = 0 ]; then
	ok "collisions planted after the profile merged: zipf 64 MiB converges exactly in all 3 phases"
else
	not_ok "collisions planted after the profile merged: zipf 64 MiB converges exactly in all 3 phases (exit $rc)"
fi
tap_done
