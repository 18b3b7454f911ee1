"""run_summary.py - the summary.json of a results directory named on a table script's command line."""
import json
import os
import sys


def load(prog, what):
    """DIR/summary.json for `prog DIR`, or None after a usage line (exit 2 for the caller)"""
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], "summary.json")):
        print("%s: usage: %s DIR (%s)" % (prog, prog, what), file=sys.stderr)
        return None
    with open(os.path.join(sys.argv[1], "summary.json")) as f:
        return json.load(f)
