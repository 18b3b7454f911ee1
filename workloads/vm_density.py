#!/usr/bin/env python3
"""vm_density.py - N QEMU guests running one workload (or a mix) on the
running kernel: how much RAM does the host's KSM save them, how fast, and
at what ksmd CPU cost.

usage: workloads/vm_density.py [--workload idle|web|db|build|mix|A,B,...]
           [--guests N] [--mem-mib M] [--vcpus V] [--duration-s S]
           [--interval-s S] [--pages-to-scan N] [--sleep-ms N]
           [--settle-timeout-s S] [--capture] [--no-mem-merge] [--out DIR]

Each guest boots the project's 6.1 kernel (kernel/build.sh stock vmguest)
on the cached Debian image (workloads/build-image.sh, read-only: every
guest starts from the same bytes) and runs the workload profile of
workloads/guest/profiles/ with guest RAM mergeable (QEMU mem-merge=on).
KSM is started (run=1) when the guests are launched, t=0; every
--interval-s the tool samples KSM's counters, every QEMU's RSS and PSS, and
ksmd's CPU time.  The run lasts until every guest has settled (its
profile's setup finished) and --duration-s more.

Memory saved = pages_sharing x page size (KSM's own definition: pages that
would each need a frame without KSM); with general_profit (6.7+) also the
saving net of KSM's metadata.  Per guest, the RSS and PSS of its guest RAM
(the QEMU mappings marked mergeable): PSS summed over the guests is the RAM
their memory really occupies, RSS minus PSS what sharing saves them; and
the QEMU process's whole RSS (under TCG it holds the translation cache).

--capture stops all guests at the end (together, so their contents are of
one instant), saves each one's RAM with QMP pmemsave into
$KSMBENCH_CACHE/vm/images/<run>/gN.ram, and records their sha256 in the
result: bin/merge_throughput --image replays them (kernel/ab/vm-images.*).

Output DIR (default results/vm/<UTC date>-<workload>-n<N>): density.json
(environment, parameters, every KSM knob before/after, summary, per-guest
settle times), timeseries.csv, and each guest's console (gN.console).
Progress on stderr.  Exit status: 0 all guests settled and the run
completed, 1 a guest failed or never settled, 2 bad usage / not root / no
KSM / another run holds the run lock / KSM holds other processes' pages
without --shared-host.  KSM's knobs are written through bin/ksm_reset
--guard, the benchmarks' own save/restore: restored on every exit, SIGKILL
included; the QEMU guests die with this script too.
"""
import argparse
import csv
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KSM = "/sys/kernel/mm/ksm"
CACHE = os.environ.get("KSMBENCH_CACHE", "/var/cache/ksmbench")
PROFILES = ("idle", "web", "db", "build")
SETTLED = "ksmbench-workload: settled"
FAILED = "ksmbench-workload: error"
PAGE = os.sysconf("SC_PAGESIZE")
COUNTERS = ("pages_shared", "pages_sharing", "pages_unshared", "pages_volatile",
            "full_scans")


def fail(msg, code=1):
    print(f"vm_density: {msg}", file=sys.stderr)
    sys.exit(code)


def progress(msg):
    print(f"vm_density: {msg}", file=sys.stderr, flush=True)


def read_int(path):
    try:
        with open(path) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def ksm_knobs():
    """Every readable file of /sys/kernel/mm/ksm, as text."""
    out = {}
    for name in sorted(os.listdir(KSM)):
        try:
            with open(os.path.join(KSM, name)) as f:
                out[name] = f.read().strip()
        except OSError:
            pass
    return out


class GuardRefused(Exception):
    """The guard would not start (its message is on stderr); .code is its exit status."""
    def __init__(self, code):
        super().__init__(f"ksm_reset --guard exited {code}")
        self.code = code


class KsmGuard:
    """KSM's knobs through `bin/ksm_reset --guard`: the benchmarks' own C
    save/restore protocol - one run at a time (the run lock), a host whose
    KSM holds other processes' pages refused unless shared_host, never
    run=2 then, every knob it wrote restored when restore() closes its
    input or this process dies however it dies (SIGKILL included)."""

    def __init__(self, name, shared_host=False, binary=None):
        cmd = [binary or os.path.join(ROOT, "bin", "ksm_reset"), "--guard", name]
        if shared_host:
            cmd.append("--shared-host")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("ready"):
            raise GuardRefused(self.proc.wait())
        self.shared = line.split()[-1] == "shared=1"

    def set(self, name, value):
        self.proc.stdin.write(f"set {name} {value}\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().strip()
        if reply != "ok":
            raise OSError(reply or "the KSM guard is gone")

    def restore(self):
        """Puts every knob back (once); returns the guard's exit status."""
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        return self.proc.wait()


def die_with_parent():
    """In a child before exec: SIGTERM when this script dies, SIGKILL included."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def is_ksmd_comm(comm):
    """"ksmd", or "ksmd/N": one of the patched kernel's ksmd workers."""
    return comm == "ksmd" or (comm.startswith("ksmd/") and comm[5:].isdigit())


def ksmd_threads(proc="/proc"):
    """{pid: CPU time in ns} of every ksmd thread ("ksmd", "ksmd/N")."""
    threads = {}
    for pid in os.listdir(proc):
        if not pid.isdigit():
            continue
        try:
            with open(f"{proc}/{pid}/comm") as f:
                if not is_ksmd_comm(f.read().strip()):
                    continue
        except OSError:
            continue
        ns = read_int(f"{proc}/{pid}/schedstat")
        if ns is not None:
            threads[int(pid)] = ns
    return threads


def ksmd_cpu_ns(proc="/proc"):
    """CPU time of every ksmd thread in ns (None if there is no ksmd)."""
    threads = ksmd_threads(proc)
    return sum(threads.values()) if threads else None


class KsmdCpu:
    """ksmd's CPU time since the start, as per-thread deltas (the C tools'
    bench/lib/ksmd_cpu.h): a worker that exits keeps its last value, so the
    total never drops; one born since counts from 0.  None: no ksmd."""

    def __init__(self, proc="/proc"):
        self.proc = proc
        self.first = ksmd_threads(proc)
        self.last = dict(self.first)

    def read(self):
        for pid, ns in ksmd_threads(self.proc).items():
            self.first.setdefault(pid, 0)
            if ns >= self.last.get(pid, 0):
                self.last[pid] = ns
        if not self.first:
            return None
        return sum(self.last[p] - self.first[p] for p in self.first)


def proc_kib(pid, path, key):
    """A "Key: N kB" line of /proc/PID/<path>, in KiB (None once it exited)."""
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def guest_ram_kib(pid):
    """(Rss, Pss) in KiB of a QEMU's guest RAM: its mappings marked
    mergeable ("mg" in VmFlags), which QEMU's mem-merge=on gives guest RAM
    and nothing else - not the TCG translation cache, not QEMU's heap."""
    rss = pss = 0
    cur = {}
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("Rss", "Pss"):
                    cur[key] = int(rest.split()[0])
                elif key == "VmFlags":
                    if "mg" in rest.split():
                        rss += cur.get("Rss", 0)
                        pss += cur.get("Pss", 0)
                    cur = {}
    except OSError:
        return None, None
    return rss, pss


def meminfo_kib(key):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def run_text(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()


def environment(argv):
    def first(cmd, default="unknown"):
        try:
            return run_text(cmd) or default
        except (OSError, subprocess.CalledProcessError):
            return default
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    hyp = "none"
    for line in first(["lscpu"], "").splitlines():
        if line.startswith("Hypervisor vendor:"):
            hyp = line.split(":", 1)[1].strip()
    uname = platform.uname()
    return {
        "kernel_release": uname.release,
        "kernel_version": uname.version,
        "machine": uname.machine,
        "hostname": uname.node,
        "kernel_variant": "running",
        "series_sha256": "n/a",
        "virt": "native",
        "hypervisor": hyp,
        "cpu_model": cpu,
        "cpus_online": os.cpu_count(),
        "mem_total_kib": meminfo_kib("MemTotal"),
        "page_size": PAGE,
        "date_utc": datetime.datetime.now(datetime.timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_revision": first(["git", "-C", ROOT, "describe", "--always",
                               "--dirty", "--abbrev=12"]),
        "command_line": " ".join(shlex.quote(a) for a in argv),
    }


class Qmp:
    """The least of QMP: connect, negotiate, execute."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())  # greeting
        self.execute("qmp_capabilities")

    def execute(self, cmd, **args):
        msg = {"execute": cmd}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError(f"QMP {cmd}: {reply['error'].get('desc')}")
            # an asynchronous event: skip it

    def close(self):
        self.sock.close()


class Guest:
    def __init__(self, idx, workload, args, kernel, image, accel, rundir, outdir):
        self.idx = idx
        self.workload = workload
        self.console = os.path.join(outdir, f"g{idx}.console")
        self.qmp_path = os.path.join(rundir, f"g{idx}.qmp")
        self.settled_s = None
        self.failed = False
        accel_args = (["-accel", "tcg,thread=multi", "-cpu", "max"] if accel == "tcg"
                      else ["-accel", "kvm", "-cpu", "host"])
        append = ("console=ttyS0 quiet panic=-1 root=/dev/vda rw rootfstype=ext4 "
                  f"init=/usr/local/sbin/ksmbench-init ksmbench.workload={workload} "
                  f"ksmbench.guest={idx}")
        self.cmd = (["qemu-system-x86_64"] + accel_args + [
            "-machine", f"pc,mem-merge={'off' if args.no_mem_merge else 'on'}",
            "-smp", str(args.vcpus),
            "-m", str(args.mem_mib), "-no-reboot", "-display", "none",
            "-vga", "none", "-nic", "none", "-monitor", "none",
            "-kernel", kernel, "-append", append,
            "-drive", f"file={image},if=virtio,format=raw,snapshot=on",
            "-serial", f"file:{self.console}",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off"])
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, preexec_fn=die_with_parent,
                                     stderr=open(os.path.join(rundir, f"g{idx}.qemu.log"), "w"))

    def poll_console(self, t):
        if self.settled_s is not None or self.failed:
            return
        try:
            with open(self.console, errors="replace") as f:
                text = f.read()
        except OSError:
            return
        if SETTLED in text:
            self.settled_s = t
        elif FAILED in text or self.proc.poll() is not None:
            self.failed = True

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def sample(t, guests, ksmd_cpu, profit):
    row = {"t_s": round(t, 2)}
    for c in COUNTERS:
        row[c] = read_int(os.path.join(KSM, c))
    row["saved_bytes"] = (row["pages_sharing"] or 0) * PAGE
    if profit:
        row["general_profit_bytes"] = read_int(os.path.join(KSM, "general_profit"))
    ns = ksmd_cpu.read()
    row["ksmd_cpu_s"] = round(ns / 1e9, 3) if ns is not None else None
    rss = pss = qemu = 0
    for g in guests:
        r, p = guest_ram_kib(g.proc.pid)
        q = proc_kib(g.proc.pid, "status", "VmRSS")
        row[f"rss_kib_g{g.idx}"] = r
        row[f"pss_kib_g{g.idx}"] = p
        row[f"qemu_rss_kib_g{g.idx}"] = q
        rss += r or 0
        pss += p or 0
        qemu += q or 0
    row["rss_kib_total"] = rss
    row["pss_kib_total"] = pss
    row["qemu_rss_kib_total"] = qemu
    row["mem_available_kib"] = meminfo_kib("MemAvailable")
    row["guests_settled"] = sum(g.settled_s is not None for g in guests)
    return row


def measure(guests, args, t0, ksmd_info, out, rows):
    """Samples into rows every --interval-s until every guest has settled
    and --duration-s more; 0, or 1 when a guest failed or never settled."""
    end = None
    next_t = 0.0
    last_report = -1e9
    while True:
        t = time.monotonic() - t0
        for g in guests:
            g.poll_console(t)
        rows.append(sample(t, guests, *ksmd_info))
        bad = [g.idx for g in guests if g.failed]
        if bad:
            progress(f"guest(s) {bad} failed; see {out}/g*.console")
            return 1
        if end is None and all(g.settled_s is not None for g in guests):
            end = t + args.duration_s
            progress(f"all guests settled at {t:.0f} s; measuring {args.duration_s:.0f} s more")
        if end is None and t > args.settle_timeout_s:
            progress(f"not every guest settled within {args.settle_timeout_s:.0f} s")
            return 1
        if t - last_report >= 10:
            r = rows[-1]
            progress(f"t={t:5.0f} s  saved {(r['saved_bytes'] >> 20):6d} MiB  "
                     f"pss {r['pss_kib_total'] >> 10} MiB  ksmd {r['ksmd_cpu_s']} s  "
                     f"settled {r['guests_settled']}/{args.guests}")
            last_report = t
        if end is not None and t >= end:
            return 0
        next_t += args.interval_s
        time.sleep(max(0.0, next_t - (time.monotonic() - t0)))


def summarize(rows, args, guests, baseline_sharing):
    last = rows[-1]
    guest_ram = args.guests * args.mem_mib << 20
    saved = [(r["t_s"], r["saved_bytes"] - baseline_sharing * PAGE) for r in rows]
    final = saved[-1][1]
    # the first sample at 90% of the final saving
    at90 = next((r for r, (_, s) in zip(rows, saved) if final > 0 and s >= 0.9 * final), None)
    settled = [g.settled_s for g in guests]
    out = {
        "guests": args.guests,
        "guest_mem_mib": args.mem_mib,
        "guest_ram_bytes": guest_ram,
        "samples": len(rows),
        "seconds": last["t_s"],
        "all_settled_s": max(settled) if None not in settled else None,
        "final_saved_bytes": final,
        "final_saved_pct_of_guest_ram": round(100.0 * final / guest_ram, 2),
        # of the guests' resident RAM: what they would occupy without KSM
        "final_saved_pct_of_guest_rss": round(100.0 * final / (last["rss_kib_total"] << 10), 2)
        if last["rss_kib_total"] else None,
        "peak_saved_bytes": max(s for _, s in saved),
        "time_to_90pct_of_final_s": at90["t_s"] if at90 else None,
        "ksmd_cpu_s_to_90pct": at90["ksmd_cpu_s"] if at90 else None,
        "ksmd_cpu_s": last["ksmd_cpu_s"],
        # per-thread schedstat deltas (KsmdCpu), as the C tools' "schedstat"
        "ksmd_cpu_source": "schedstat" if last["ksmd_cpu_s"] is not None else None,
        "final_pages_shared": last["pages_shared"],
        "final_pages_sharing": last["pages_sharing"],
        "final_pages_unshared": last["pages_unshared"],
        "final_pages_volatile": last["pages_volatile"],
        "full_scans": last["full_scans"] - rows[0]["full_scans"],
        "final_rss_kib_total": last["rss_kib_total"],
        "final_pss_kib_total": last["pss_kib_total"],
        "final_qemu_rss_kib_total": last["qemu_rss_kib_total"],
        "baseline_pages_sharing": baseline_sharing,
    }
    if "general_profit_bytes" in last:
        out["final_general_profit_bytes"] = last["general_profit_bytes"]
    return out


def capture(guests, args, run_id):
    """Stops every guest, then saves each one's RAM; returns their records."""
    imgdir = os.path.join(CACHE, "vm", "images", run_id)
    os.makedirs(imgdir, exist_ok=True)
    qmps = [Qmp(g.qmp_path) for g in guests]
    for q in qmps:
        q.execute("stop")
    images = []
    for g, q in zip(guests, qmps):
        path = os.path.join(imgdir, f"g{g.idx}.ram")
        progress(f"saving guest {g.idx}'s RAM into {path}")
        q.execute("pmemsave", val=0, size=args.mem_mib << 20, filename=path)
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        images.append({"guest": g.idx, "workload": g.workload, "path": path,
                       "bytes": os.path.getsize(path), "sha256": h.hexdigest()})
        q.close()
    return images


def guest_packages(image):
    """The versions of the workload packages in the image (and its Debian
    release), from the manifest build-image.sh writes beside it."""
    want = ("base-files", "nginx-light", "wrk", "postgresql-15", "gcc-12", "libc6")
    try:
        with open(image + ".packages") as f:
            pkgs = dict(line.split(None, 1) for line in f if " " in line)
    except OSError:
        return None
    return {p: pkgs[p].strip() for p in want if p in pkgs}


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="vm_density.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workload", default="idle",
                    help="idle, web, db, build, mix (all four in turn), or a comma list")
    ap.add_argument("--guests", type=int, default=4)
    ap.add_argument("--mem-mib", type=int, default=512)
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--duration-s", type=float, default=180,
                    help="how long to run after the last guest settled")
    ap.add_argument("--interval-s", type=float, default=2)
    ap.add_argument("--pages-to-scan", type=int, default=1000)
    ap.add_argument("--sleep-ms", type=int, default=20)
    ap.add_argument("--settle-timeout-s", type=float, default=900)
    ap.add_argument("--capture", action="store_true",
                    help="save every guest's RAM at the end (for merge_throughput --image)")
    ap.add_argument("--no-mem-merge", action="store_true",
                    help="guest RAM not mergeable (QEMU mem-merge=off): the no-KSM control")
    ap.add_argument("--accel", choices=("auto", "tcg", "kvm"), default="auto")
    ap.add_argument("--shared-host", action="store_true",
                    default=os.environ.get("KSMBENCH_SHARED_HOST") == "1",
                    help="KSM may hold other processes' pages (VMs): run beside them "
                    "(also KSMBENCH_SHARED_HOST=1)")
    ap.add_argument("--out", help="result directory (default results/vm/DATE-WORKLOAD-nN)")
    args = ap.parse_args(argv)
    kinds = list(PROFILES) if args.workload == "mix" else args.workload.split(",")
    for k in kinds:
        if k not in PROFILES:
            ap.error(f"unknown workload '{k}' (idle, web, db, build, mix)")
    if not 1 <= args.guests <= 64:
        ap.error("--guests wants 1..64")
    if not 128 <= args.mem_mib <= 65536:
        ap.error("--mem-mib wants 128..65536")
    if args.vcpus < 1 or args.interval_s <= 0 or args.duration_s < 0:
        ap.error("--vcpus, --interval-s want positive numbers, --duration-s >= 0")
    if args.pages_to_scan < 1 or args.sleep_ms < 0:
        ap.error("--pages-to-scan wants >= 1, --sleep-ms >= 0")
    args.kinds = kinds
    return args


def main(argv):
    args = parse_args(argv[1:])
    if os.geteuid() != 0:
        fail("must run as root (it drives /sys/kernel/mm/ksm)", 2)
    if not os.path.isfile(os.path.join(KSM, "run")):
        fail(f"no KSM on this kernel ({KSM} missing: CONFIG_KSM)", 2)
    knobs_before = ksm_knobs()
    try:  # the run lock and the host check first: nothing is built for a refused run
        settings = KsmGuard("vm_density", args.shared_host)
    except GuardRefused as e:
        return e.code
    kernel_dir = run_text([os.path.join(ROOT, "kernel/build.sh"), "stock", "vmguest"])
    image = run_text([os.path.join(ROOT, "workloads/build-image.sh")])
    accel = args.accel
    if accel == "auto":
        accel = run_text([os.path.join(ROOT, "kernel/detect-accel.sh"), kernel_dir])
    kernel = os.path.join(kernel_dir, "arch/x86/boot/bzImage")

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M")
    name = args.workload.replace(",", "+")
    out = args.out or os.path.join(ROOT, "results", "vm", f"{stamp}-{name}-n{args.guests}")
    run_id = os.path.basename(os.path.abspath(out))
    os.makedirs(out, exist_ok=True)
    # QMP sockets and QEMU's stderr: a private directory, gone at exit
    rundir = tempfile.mkdtemp(prefix="ksmbench-vm.")

    env = environment(argv)
    guests = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    # SIGINT too: a shell starts background jobs with it ignored
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    rows, images, status, baseline = [], [], 0, 0
    try:
        settings.set("run", 0)
        settings.set("pages_to_scan", args.pages_to_scan)
        settings.set("sleep_millisecs", args.sleep_ms)
        baseline = read_int(os.path.join(KSM, "pages_sharing")) or 0
        if baseline:
            progress(f"note: KSM already holds {baseline} sharing pages; they are subtracted")
        cpu = KsmdCpu()
        profit = os.path.exists(os.path.join(KSM, "general_profit"))
        progress(f"{args.guests} guest(s) x {args.mem_mib} MiB, {accel}, workload(s) "
                 f"{','.join(args.kinds)}; KSM {args.pages_to_scan} pages / {args.sleep_ms} ms")
        t0 = time.monotonic()
        for i in range(args.guests):
            guests.append(Guest(i, args.kinds[i % len(args.kinds)], args, kernel, image,
                                accel, rundir, out))
        settings.set("run", 1)
        status = measure(guests, args, t0, (cpu, profit), out, rows)
        if status == 0 and args.capture:
            images = capture(guests, args, run_id)
    except KeyboardInterrupt as e:
        status = 1
        progress(f"interrupted ({e or 'Ctrl-C'}); stopping the guests, restoring KSM")
    except (OSError, RuntimeError) as e:  # QEMU or QMP refused something
        status = 1
        progress(f"error: {e}; stopping the guests, restoring KSM")
    finally:
        for g in guests:
            g.stop()
        if settings.restore():
            progress("some KSM settings could not be restored: make ksm-reset")
        for g in guests:
            if g.failed:
                qlog = os.path.join(rundir, f"g{g.idx}.qemu.log")
                with open(qlog, errors="replace") as f:
                    text = f.read().strip()
                if text:
                    progress(f"guest {g.idx}'s QEMU said: {text[-500:]}")
        shutil.rmtree(rundir, ignore_errors=True)

    if rows:
        with open(os.path.join(out, "timeseries.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
    result = {
        "benchmark": "vm_density",
        "schema_version": 2,  # bench/lib/json.h KSMBENCH_SCHEMA_VERSION
        "env": env,
        "params": {"workloads": args.kinds, "guests": args.guests, "mem_mib": args.mem_mib,
                   "vcpus": args.vcpus, "duration_s": args.duration_s,
                   "interval_s": args.interval_s, "pages_to_scan": args.pages_to_scan,
                   "sleep_ms": args.sleep_ms, "guest_accel": accel,
                   "mem_merge": not args.no_mem_merge,
                   "shared_host": settings.shared,
                   "guest_kernel": os.path.basename(kernel_dir),
                   "guest_image": os.path.basename(image),
                   "guest_packages": guest_packages(image),
                   "qemu_command_g0": " ".join(shlex.quote(a) for a in guests[0].cmd)
                   if guests else None},
        "ksm_before": knobs_before,
        "ksm_after": ksm_knobs(),
        "status": "ok" if status == 0 else "failed",
        "result": summarize(rows, args, guests, baseline)
        if rows else None,
        "guests": [{"guest": g.idx, "workload": g.workload, "settled_s": g.settled_s,
                    "failed": g.failed} for g in guests],
        "images": images,
        "timeseries": "timeseries.csv",
    }
    with open(os.path.join(out, "density.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    if result["result"]:
        r = result["result"]
        progress(f"{args.guests} x {name}: saved {r['final_saved_bytes'] / 2**30:.2f} GiB "
                 f"({r['final_saved_pct_of_guest_ram']}% of guest RAM), 90% after "
                 f"{r['time_to_90pct_of_final_s']} s, ksmd {r['ksmd_cpu_s']} CPU-s -> {out}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
