#!/usr/bin/env python3
"""qemu_hung_regs.py MONITOR_SOCKET SYSTEM_MAP - where a hung guest's vCPUs are.

kernel/run-guest.sh calls this when a boot hangs, before it kills QEMU:
it asks the QEMU monitor (a unix socket) for "info registers -a" a few
times, a quarter of a second apart, and prints each vCPU's RIP with the
kernel symbol it falls in (from the build's System.map), then the raw
register dumps.  A vCPU whose RIP stays in one function across the
samples is where the boot spins.  Prints what it got; exit status 1 if
the monitor did not answer.
"""
import bisect
import re
import socket
import sys
import time

SAMPLES = 4
RIP = re.compile(r"\b[RE]IP=([0-9a-f]{8,16})")	# EIP: a vCPU not in long mode


def load_map(path):
    addrs, names = [], []
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[1] in "tTwW":
                    addrs.append(int(parts[0], 16))
                    names.append(parts[2])
    except OSError:
        pass
    order = sorted(range(len(addrs)), key=addrs.__getitem__)
    return [addrs[i] for i in order], [names[i] for i in order]


def symbol(addrs, names, rip):
    i = bisect.bisect_right(addrs, rip) - 1
    return f"{names[i]}+{rip - addrs[i]:#x}" if i >= 0 else "?"


def read_until_prompt(s, out, prompts, deadline):
    """Reads until @out holds @prompts "(qemu)" prompts, or the deadline."""
    while out.count(b"(qemu)") < prompts and time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        out += chunk
    return out


def ask(path, command):
    """@command's answer: the monitor's banner and prompt first, then the
    command (the monitor echoes it as typed), then its output up to the next
    prompt."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(0.25)
    s.connect(path)
    deadline = time.time() + 5
    read_until_prompt(s, b"", 1, deadline)
    s.sendall(command.encode() + b"\r\n")
    out = read_until_prompt(s, b"", 1, deadline)
    s.close()
    text = out.decode(errors="replace").replace("\r", "")
    # the echo ends with the command's last keystroke; the answer follows
    i = text.find("\n")
    answer = text[i + 1:] if i >= 0 else text
    return answer.replace("(qemu)", "").strip()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: qemu_hung_regs.py MONITOR_SOCKET SYSTEM_MAP")
    addrs, names = load_map(sys.argv[2])
    dumps = []
    for n in range(SAMPLES):
        try:
            dumps.append(ask(sys.argv[1], "info registers -a"))
        except OSError as e:
            print(f"qemu_hung_regs: monitor {sys.argv[1]}: {e}")
            return 1
        if n + 1 < SAMPLES:
            time.sleep(0.25)
    for n, d in enumerate(dumps):
        rips = [int(m.group(1), 16) for m in RIP.finditer(d)]
        print(f"sample {n}: " + ", ".join(
            f"CPU{c} {symbol(addrs, names, r)}" for c, r in enumerate(rips)))
    print()
    print(dumps[-1])
    return 0 if any(RIP.search(d) for d in dumps) else 1


if __name__ == "__main__":
    sys.exit(main())
