#!/usr/bin/env python3
"""generated.py --check|--update FILE... - text generated from results, kept in step.

A block of FILE between

    <!-- BEGIN GENERATED: python3 scripts/NAME.py ARGS -->
    <!-- END GENERATED -->

is the output of that command, run from the repository's top.  --update
rewrites every block with its command's output; --check (make test) fails,
naming the file and the command, when a block differs from what its
command prints now: no number in a table can drift from its data.  Only
commands of the form "python3 scripts/NAME.py ARGS" are run.
"""
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (.*?) -->\n)(.*?)(<!-- END GENERATED -->)", re.S)


def run(cmd):
    argv = shlex.split(cmd)
    if (len(argv) < 2 or argv[0] != "python3" or
            not re.fullmatch(r"scripts/[a-z0-9_]+\.py", argv[1])):
        raise ValueError("not a python3 scripts/NAME.py command: %s" % cmd)
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError("%s exited %d: %s" % (cmd, out.returncode, out.stderr.strip()))
    return out.stdout


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("--check", "--update"):
        print("generated.py: usage: generated.py --check|--update FILE...", file=sys.stderr)
        return 2
    update = sys.argv[1] == "--update"
    stale = 0
    for path in sys.argv[2:]:
        with open(path) as f:
            text = f.read()
        blocks = 0

        def fill(m):
            nonlocal stale, blocks
            blocks += 1
            body = run(m.group(2))
            if body != m.group(3):
                stale += 1
                print("%s: stale block of `%s`%s" % (path, m.group(2),
                      " (rewritten)" if update else ""))
            return m.group(1) + body + m.group(4)
        try:
            new = BLOCK.sub(fill, text)
        except (ValueError, RuntimeError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            return 1
        if update and new != text:
            with open(path, "w") as f:
                f.write(new)
        print("ok %s: %d generated block(s)%s" % (path, blocks, "" if update or not stale else " (some stale)"))
    return 1 if stale and not update else 0


if __name__ == "__main__":
    sys.exit(main())
