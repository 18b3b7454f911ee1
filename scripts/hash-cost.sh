#!/bin/sh
# hash-cost.sh [--reps N] [--seconds S] [--out DIR] - what each page hash a
# KSM index could be keyed by costs per 4 KiB page on this machine
# (bin/xxhash_bound --hash): xxh64 (v1's checksum), nh (the series' keyed
# checksum since v2), siphash24 and siphash13 (the kernel's keyed PRFs).
# The hashes alternate, N rounds; each run's JSON goes to DIR (default
# results/hash-cost/<date>/), and DIR/summary.json holds the median pages
# per second of each and its ratio to xxh64's, with every sample.
set -eu
cd "$(dirname "$0")/.."
reps=5 seconds=2 out=""
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "hash-cost.sh: unknown option $1 (--reps N, --seconds S, --out DIR)" >&2; exit 2 ;;
	esac
done
case $reps$seconds in *[!0-9]*) echo "hash-cost.sh: --reps and --seconds take whole numbers" >&2; exit 2 ;; esac
[ -n "$out" ] || out=results/hash-cost/$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
make --no-print-directory bin/xxhash_bound >/dev/null
i=1
while [ "$i" -le "$reps" ]; do
	for h in xxh64 nh siphash24 siphash13; do
		bin/xxhash_bound --hash "$h" --seconds "$seconds" --size-mib 64 \
			--json "$out/xxhash_bound-$h-$i.json"
	done
	i=$((i + 1))
done
python3 - "$out" <<'PY'
import glob, json, statistics, sys
out = sys.argv[1]
runs = {}
env = None
for f in sorted(glob.glob(out + "/xxhash_bound-*.json")):
    d = json.load(open(f))
    env = env or d["env"]
    runs.setdefault(d["params"]["hash"], []).append(d["result"]["pages_per_second"])
med = {h: statistics.median(v) for h, v in runs.items()}
summary = {"env": env, "hashes": {h: {"pages_per_second_median": med[h],
           "ns_per_page_median": 1e9 / med[h], "samples": runs[h],
           "cost_over_xxh64": med["xxh64"] / med[h]} for h in runs}}
json.dump(summary, open(out + "/summary.json", "w"), indent=1)
for h in ("xxh64", "nh", "siphash24", "siphash13"):
    print("%-10s %8.0f ns/page  %5.2fx xxh64's cost  [%s]" % (h, 1e9 / med[h],
          med["xxh64"] / med[h], " ".join("%.0f" % (1e9 / x) for x in runs[h])))
PY
