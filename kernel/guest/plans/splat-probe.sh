#!/bin/sh
# splat-probe plan: provokes a real kernel WARN through lkdtm.  The harness
# must report this run as failed: it proves kernel.log is really checked.
. /lib/tap.sh
if [ -w /sys/kernel/debug/provoke-crash/DIRECT ]; then
	echo WARNING >/sys/kernel/debug/provoke-crash/DIRECT
	ok "lkdtm WARNING provoked"
else
	not_ok "lkdtm is missing (CONFIG_LKDTM)"
fi
tap_done
