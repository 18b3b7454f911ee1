#!/bin/sh
# setup-deps.sh [GROUP...] - install the Debian packages a part of ksmbench
# needs, only those missing; apt-get update first when anything is.
#
# Groups: base (build, lint, tests on the running kernel; the default), fio,
#         kernel (build Linux and boot it under QEMU: linux-source-6.1, or of
#         the base KSMBENCH_BASE names), plot (gnuplot, and
#         Chromium to check the report renders), vm (kernel + debootstrap:
#         the Debian guests of workloads/).
set -eu

pkgs_base="gcc make libc6-dev liburing-dev clang-tidy cppcheck python3 util-linux procps"
pkgs_kernel="linux-source-${KSMBENCH_BASE:-6.1} linux-perf qemu-system-x86 busybox-static ccache flex bison bc
	libelf-dev libssl-dev cpio xz-utils libnuma-dev kmod rsync"
pkgs_plot="gnuplot-nox chromium"
pkgs_fio="fio libaio1"
pkgs_vm="debootstrap e2fsprogs python3"

[ $# -gt 0 ] || set -- base
want=""
for group in "$@"; do
	case $group in
	base) want="$want $pkgs_base" ;;
	kernel) want="$want $pkgs_base $pkgs_kernel" ;;
	plot) want="$want $pkgs_plot" ;;
	fio) want="$want $pkgs_fio" ;;
	vm) want="$want $pkgs_base $pkgs_kernel $pkgs_vm" ;;
	*) echo "setup-deps: unknown group '$group' (base, kernel, plot, fio, vm)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup-deps: missing packages:$missing; run as root to install them" >&2
	exit 2
fi
echo "setup-deps: installing$missing (apt-get update first)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup-deps: done"
