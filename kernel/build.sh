#!/bin/sh
# build.sh VARIANT [CONFIG] - build the guest kernel VARIANT (stock, patched,
# mutation-NAME) with config CONFIG (base; debug = base + debug.config;
# kcsan = base + kcsan.config; vmguest = base + vmguest.config, the kernel
# the Debian guests of workloads/ boot)
# into the cache; prints the build directory (bzImage at
# arch/x86/boot/bzImage, metadata in ksmbench-build.env).
#
# Config: `make tinyconfig`, then kernel/config/base.config, the base's
# base-<base>.config (and the CONFIG fragment) merged on top; every option a
# fragment sets is checked in the final .config, so a typo or an unmet
# dependency fails the build instead of silently building something else.
# One kernel build at a time (a lock).
. "$(dirname "$0")/common.sh"

variant=${1:?usage: build.sh stock|patched|mutation-NAME [base|debug|kcsan|vmguest]}
config=${2:-base}
fragments=$(base_fragments)
case $config in
base) ;;
debug|kcsan|vmguest) fragments="$fragments $KSMBENCH_ROOT/kernel/config/$config.config" ;;
*) die "unknown config '$config' (base, debug, kcsan, vmguest)" ;;
esac
for f in $fragments; do [ -f "$f" ] || die "missing config fragment $f"; done

tree=$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" "$variant")
out=$KSMBENCH_BUILDS/$variant-$config
mkdir -p "$out" "$CCACHE_DIR"

exec 9>"$KSMBENCH_CACHE/build.lock"
if ! flock -n 9; then
	log "another kernel build is running; waiting for it"
	flock 9
fi

# A mutation kernel is the patched kernel plus one small patch, yet built in
# its own tree and output directory every object misses ccache (the paths
# are part of what it hashes) and the build takes as long as a cold one.
# So it is built in a private mount namespace in which its tree and output
# directory are mounted over the patched kernel's paths: the compiler sees
# the patched build's command lines, and only the files the mutation
# touches compile.  Nobody else sees the mounts; without unshare(1) or
# mount rights it falls back to a build under its own paths.
alias_tree="" alias_out=""
case $variant in
mutation-*)
	alias_tree=$KSMBENCH_TREES/patched alias_out=$KSMBENCH_BUILDS/patched-$config
	mkdir -p "$alias_out"
	[ -d "$alias_tree" ] && unshare -m true 2>/dev/null || alias_tree=""
	;;
esac

kmake() {
	if [ -n "$alias_tree" ]; then
		unshare -m sh -ec 'mount --make-rprivate / && mount --bind "$1" "$3" &&
			mount --bind "$2" "$4" && shift 4 && exec "$@"' sh \
			"$tree" "$out" "$alias_tree" "$alias_out" \
			make -C "$alias_tree" O="$alias_out" -j"$(nproc)" CC="ccache gcc" \
			HOSTCC="ccache gcc" "$@"
	else
		make -C "$tree" O="$out" -j"$(nproc)" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
	fi
}

# Checks that every CONFIG_X=V (and "# CONFIG_X is not set") of the
# fragments is what .config holds.
verify_config() {
	bad=""
	for f in $fragments; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) grep -qxF "$line" "$out/.config" || bad="$bad ${line}" ;;
			"# CONFIG_"*" is not set")
				opt=${line#\# }; opt=${opt%% *}
				grep -q "^$opt=" "$out/.config" && bad="$bad ${opt}=n" ;;
			esac
		done <"$f"
	done
	[ -z "$bad" ] || die "config options not applied (typo or unmet dependency):$bad"
}

want=$(cat $fragments | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.fragments" 2>/dev/null)" != "$want" ] || [ ! -f "$out/.config" ]; then
	log "configuring $variant-$config (tinyconfig + $(echo $fragments | xargs -n1 basename | xargs))"
	rm -f "$out/.config"
	kmake tinyconfig >/dev/null
	# shellcheck disable=SC2086
	KCONFIG_CONFIG=$out/.config "$tree/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" $fragments >/dev/null
	kmake olddefconfig >/dev/null
	verify_config
	echo "$want" >"$out/.fragments"
fi

start=$(date +%s)
log "building $variant-$config in $out (ccache: $CCACHE_DIR)"
if ! kmake bzImage >"$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -20 >&2
	die "kernel build failed; full log: $out/build.log"
fi
release=$(kmake -s kernelrelease 2>/dev/null | tail -n 1)
cat >"$out/ksmbench-build.env" <<META
KSMBENCH_KERNEL=$variant
KSMBENCH_KCONFIG=$config
KSMBENCH_BASE=$KSMBENCH_BASE
KSMBENCH_SOURCE_VERSION=$(source_version)
KSMBENCH_SERIES_SHA256=$( [ "$variant" = stock ] && echo stock || series_sha256)
KSMBENCH_KERNEL_RELEASE=$release
META
log "built $variant-$config ($release) in $(( $(date +%s) - start )) s"
echo "$out"
