#!/bin/sh
# scripts/qemu_hung_regs.py against a fake QEMU monitor: each vCPU's RIP
# from "info registers -a", named by the System.map symbol it falls in;
# a monitor that is not there is said, with exit status 1.
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
TMP=$(mktemp -d /tmp/ksmbench-regs.XXXXXX)
trap 'kill $srv 2>/dev/null; rm -rf "$TMP"' EXIT

cat >"$TMP/System.map" <<'M'
ffffffff81000000 T _stext
ffffffff81234000 t rcu_tasks_wait_gp
ffffffff81234400 T rcu_is_watching
ffffffff81300000 D some_data
M
python3 - "$TMP/mon.sock" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(8)
dump = ("CPU#0\nRAX=0000000000000000 RBX=0000000000000001\nRIP=ffffffff81234010 RFL=00000246\n"
        "CPU#1\nRIP=ffffffff81234420 RFL=00000002\n")
while True:
    c, _ = s.accept()
    c.sendall(b"QEMU 7.2.0 monitor - type 'help' for more information\r\n(qemu) ")
    cmd = c.recv(100)
    if cmd.strip() == b"info registers -a":
        c.sendall(dump.encode() + b"(qemu) ")
    c.close()
PY
srv=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$TMP/mon.sock" ] && break; sleep 0.2; done

if python3 scripts/qemu_hung_regs.py "$TMP/mon.sock" "$TMP/System.map" >"$TMP/out" &&
	[ "$(grep -c '^sample [0-3]: CPU0 rcu_tasks_wait_gp+0x10, CPU1 rcu_is_watching+0x20$' "$TMP/out")" = 4 ] &&
	grep -q '^RIP=ffffffff81234420' "$TMP/out"; then
	ok "each vCPU's RIP named by its symbol, four samples, the raw dump kept"
else
	diag "$(cat "$TMP/out")"
	not_ok "each vCPU's RIP named by its symbol, four samples, the raw dump kept"
fi
if ! python3 scripts/qemu_hung_regs.py "$TMP/none.sock" "$TMP/System.map" >"$TMP/out" &&
	grep -q 'monitor .*none.sock' "$TMP/out"; then
	ok "no monitor: said, exit 1"
else
	diag "$(cat "$TMP/out")"
	not_ok "no monitor: said, exit 1"
fi
tap_done
