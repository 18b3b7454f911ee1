"""run_summary.py - the summary.json of a results directory named on a table script's command line."""
import json
import os
import statistics
import sys


def load(prog, what):
    """DIR/summary.json for `prog DIR`, or None after a usage line (exit 2 for the caller)"""
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], "summary.json")):
        print("%s: usage: %s DIR (%s)" % (prog, prog, what), file=sys.stderr)
        return None
    with open(os.path.join(sys.argv[1], "summary.json")) as f:
        return json.load(f)


def by_rep(stat):
    """{rep: value} of a summary row's kernel stat"""
    return dict(zip(stat.get("reps", range(1, stat["n"] + 1)), stat["samples"]))


def median_range(values, fmt):
    """ "median (min-max)" of @values in printf format @fmt; the median
    alone for one value; None for none"""
    if not values:
        return None
    med = fmt % statistics.median(values)
    return med if len(values) < 2 else "%s (%s-%s)" % (med, fmt % min(values), fmt % max(values))


def print_table(prog, header, lines, why_empty):
    """A markdown table of @lines (rows already formatted) under @header
    (column names); returns 0, or 2 after "prog: why_empty" on stderr when
    there are no lines"""
    if not lines:
        print("%s: %s" % (prog, why_empty), file=sys.stderr)
        return 2
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    print("\n".join(lines))
    return 0
