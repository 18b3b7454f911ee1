#!/bin/sh
# build-image.sh - the Debian guest the VM workloads run in: debootstrap
# bookworm from Debian's packages, the workload tools installed, the
# project's init and profiles added, as a raw ext4 disk image in the cache.
# Prints the image's path.
#
# usage: workloads/build-image.sh [--rebuild]
#
# Two cached layers under $KSMBENCH_CACHE/vm/: rootfs-<hash>/ (debootstrap
# + packages; the hash covers the suite, mirror and package list) and
# debian-<hash>.img (that rootfs plus workloads/guest/ and the sources the
# build profile compiles; the hash covers all), with every package's
# version in debian-<hash>.img.packages.
# Editing a profile rebuilds only the image, in seconds.  The guest boots it
# read-only (-drive snapshot=on): every guest starts from the same bytes.
. "$(dirname "$0")/../kernel/common.sh"

suite=bookworm
mirror=${KSMBENCH_MIRROR:-http://deb.debian.org/debian}
# idle: nothing; web: nginx + wrk; db: PostgreSQL (pgbench is in the server
# package); build: gcc/make; iproute2 brings loopback up
packages="iproute2 procps nginx-light wrk postgresql-15 gcc make libc6-dev"
rebuild=0
case ${1:-} in
--rebuild) rebuild=1 ;;
"") ;;
*) die "usage: $0 [--rebuild]" ;;
esac
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "debootstrap missing (scripts/setup-deps.sh vm)"

vmdir=$KSMBENCH_CACHE/vm
mkdir -p "$vmdir"
exec 8>"$vmdir/build-image.lock"
flock 8

rootfs_key=$(echo "$suite $mirror $packages v1" | sha256sum | cut -c1-12)
rootfs=$vmdir/rootfs-$rootfs_key
guest_key=$( (echo "$rootfs_key"; cd "$KSMBENCH_ROOT" &&
	find workloads/guest bench -type f | LC_ALL=C sort | xargs sha256sum) |
	sha256sum | cut -c1-12)
image=$vmdir/debian-$suite-$guest_key.img
if [ "$rebuild" = 0 ] && [ -f "$image" ]; then
	[ -f "$image.packages" ] || cp "$rootfs/.packages" "$image.packages"
	echo "$image"
	exit 0
fi

# stop services from starting in the chroot (on the host!) while packages
# are configured: policy-rc.d exit 101 = "not allowed"
chroot_install() {
	dir=$1
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod +x "$dir/usr/sbin/policy-rc.d"
	mount -t proc proc "$dir/proc"
	mount -t tmpfs tmpfs "$dir/dev/shm"
	rc=0
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -q \
		--no-install-recommends $packages >"$dir.log" 2>&1 || rc=$?
	chroot "$dir" apt-get clean
	umount "$dir/dev/shm" "$dir/proc"
	rm -f "$dir/usr/sbin/policy-rc.d"
	[ $rc = 0 ] || { tail -20 "$dir.log" >&2; die "package install failed ($dir.log)"; }
}

if [ "$rebuild" = 1 ] || [ ! -f "$rootfs/.complete" ]; then
	rm -rf "$rootfs" "$rootfs.tmp"
	log "debootstrap $suite ($mirror) into $rootfs"
	mkdir -p "$rootfs.tmp"
	debootstrap --variant=minbase "$suite" "$rootfs.tmp" "$mirror" >"$rootfs.tmp.log" 2>&1 ||
		{ tail -20 "$rootfs.tmp.log" >&2; die "debootstrap failed ($rootfs.tmp.log)"; }
	log "installing $packages"
	chroot_install "$rootfs.tmp"
	chroot "$rootfs.tmp" dpkg-query -W -f='${Package} ${Version}\n' >"$rootfs.tmp/.packages"
	touch "$rootfs.tmp/.complete"
	mv "$rootfs.tmp" "$rootfs"
	mv "$rootfs.tmp.log" "$rootfs.log"
fi

# the image: the rootfs (hard links, no copy) with our files added (new
# paths only, so no file of the cached rootfs is written through a link)
stage=$(mktemp -d "$vmdir/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -al "$rootfs/." "$stage/"
rm -f "$stage/.complete"
install -D -m 755 "$KSMBENCH_ROOT/workloads/guest/init" "$stage/usr/local/sbin/ksmbench-init"
mkdir -p "$stage/usr/local/lib/ksmbench" "$stage/opt/ksmbench-src"
cp -r "$KSMBENCH_ROOT/workloads/guest/profiles" "$KSMBENCH_ROOT/workloads/guest/web.lua" \
	"$stage/usr/local/lib/ksmbench/"
cp -r "$KSMBENCH_ROOT/bench" "$stage/opt/ksmbench-src/"
size_mib=$(( $(du -sm "$stage" | cut -f1) * 3 / 2 + 256 ))
log "making $image (${size_mib} MiB ext4)"
rm -f "$image.tmp"
mke2fs -q -t ext4 -L ksmbench -d "$stage" "$image.tmp" "${size_mib}M"
mv "$image.tmp" "$image"
# every package's version beside the image (vm_density.py records them)
cp "$rootfs/.packages" "$image.packages"
# keep only the newest image of this rootfs
for old in "$vmdir"/debian-"$suite"-*.img; do
	[ "$old" = "$image" ] || rm -f "$old" "$old.packages"
done
echo "$image"
