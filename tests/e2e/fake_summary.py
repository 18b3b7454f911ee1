#!/usr/bin/env python3
"""fake_summary.py FILE CASE:METRIC:STOCK:PATCHED... - a made-up A/B summary.json for the table scripts' tests.

STOCK and PATCHED are comma-separated samples, one per boot (boots 1, 2,
...), or empty for a kernel without the figure (null in the summary).
"""
import json
import statistics
import sys


def stat(vals):
    if not vals:
        return None
    v = [float(x) for x in vals.split(",")]
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v),
            "samples": v, "reps": list(range(1, len(v) + 1))}


rows = []
for arg in sys.argv[2:]:
    case, metric, stock, patched = arg.split(":")
    rows.append({"benchmark": "merge_throughput", "case": case, "metric": metric,
                 "higher_is_better": True, "stock": stat(stock), "patched": stat(patched)})
with open(sys.argv[1], "w") as f:
    json.dump({"env": {}, "rows": rows}, f)
