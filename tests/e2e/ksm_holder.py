#!/usr/bin/env python3
"""ksm_holder.py - another KSM user on the host, for the host-safety tests.

usage: ksm_holder.py STATE [--pages N] [--guard KSM_RESET]

Maps N pages (default 400) of two contents no benchmark writes, marks them
MADV_MERGEABLE, and waits (at most 60 s) until KSM has merged every one
(/proc/self/ksm_merging_pages == N).  With --guard it runs ksmd itself
through `KSM_RESET --guard`, which puts every knob back once the pages are
merged: KSM is stopped again and the pages stay merged.  Without it, some
other run must have ksmd running.

Then it holds them until killed, polling its merged count every 10 ms, and
keeps STATE up to date: "merged N min M now C" - M the fewest pages it saw
merged since: anything that unmerged them, even for a moment, shows there.
"""
import mmap
import os
import subprocess
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def merging():
    with open("/proc/self/ksm_merging_pages") as f:
        return int(f.read())


def write_state(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text + "\n")
    os.rename(path + ".tmp", path)


def main(argv):
    state, pages, guard_bin = argv[1], 400, None
    args = argv[2:]
    while args:
        if args[0] == "--pages":
            pages, args = int(args[1]), args[2:]
        elif args[0] == "--guard":
            guard_bin, args = args[1], args[2:]
        else:
            sys.exit(f"ksm_holder: unknown option {args[0]}")
    area = mmap.mmap(-1, pages * PAGE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    contents = [os.urandom(PAGE), os.urandom(PAGE)]
    for i in range(pages):
        area[i * PAGE:(i + 1) * PAGE] = contents[i % 2]
    area.madvise(mmap.MADV_MERGEABLE)
    guard = None
    if guard_bin:
        guard = subprocess.Popen([guard_bin, "--guard", "ksm_holder"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        if not guard.stdout.readline().startswith("ready"):
            sys.exit("ksm_holder: the guard refused to start")
        for cmd in ("set pages_to_scan 5000", "set sleep_millisecs 0", "set run 1"):
            guard.stdin.write(cmd + "\n")
            guard.stdin.flush()
            reply = guard.stdout.readline().strip()
            if reply != "ok":
                sys.exit(f"ksm_holder: {cmd}: {reply}")
    deadline = time.monotonic() + 60
    while merging() < pages:
        if time.monotonic() > deadline:
            sys.exit(f"ksm_holder: only {merging()} of {pages} pages merged in 60 s")
        time.sleep(0.02)
    if guard:
        guard.stdin.close()
        guard.wait()
    low = now = merging()
    write_state(state, f"merged {pages} min {low} now {now}")
    while True:
        time.sleep(0.01)
        now = merging()
        if now < low:
            low = now
            write_state(state, f"merged {pages} min {low} now {now}")


if __name__ == "__main__":
    main(sys.argv)
