#!/bin/sh
# check-configs.sh [VARIANT [CASE...]] - mm/ksm.c of VARIANT (default patched) builds,
# W=1, in the configurations that take its other #ifdef branches: the guest
# kernel's (tinyconfig + kernel/config/base.config) with one option turned
# around.  The guest kernels all have SYSFS, NUMA and DEBUG_FS, so a
# function left inside the wrong #ifdef (ksm_start_worker() inside
# CONFIG_SYSFS, once) would otherwise only break someone else's build.
# Only mm/ksm.o and what it needs are built, a minute or two per case.
# CASE: -OPT (CONFIG_OPT turned off) or +OPT (on), then, comma-separated,
# what else must turn for kconfig to let it (-SYSFS,-CONFIGFS_FS,
# -BLK_DEV_NULL_BLK: configfs selects sysfs, null_blk configfs; THP selects
# compaction, which selects migration); default
# every case below.  A case kconfig still overrides is a skip.  TAP.
. "$(dirname "$0")/common.sh"
. "$KSMBENCH_ROOT/tests/tap.sh"

variant=${1:-patched}
[ $# -gt 0 ] && shift
cases=${*:-"-SYSFS,-CONFIGFS_FS,-BLK_DEV_NULL_BLK -NUMA -DEBUG_FS -MIGRATION,-COMPACTION,-NUMA_BALANCING,-CMA,-TRANSPARENT_HUGEPAGE
	+DEBUG_VM +MEMORY_HOTREMOVE,+MEMORY_HOTPLUG"}
for c in $cases; do
	for t in $(echo "$c" | tr , ' '); do
		case $t in [-+][A-Z]*) ;; *) die "a case is -OPT or +OPT[,...], got '$c'" ;; esac
	done
done
case $variant in stock|patched|mutation-*) ;; *)
	die "unknown variant '$variant' (stock, patched, mutation-NAME)" ;;
esac
tree=$("$KSMBENCH_ROOT/kernel/prepare-tree.sh" "$variant")
diag "$variant, series_sha256 $(series_sha256), linux-source-$KSMBENCH_BASE $(source_version), $(date -u +%Y-%m-%dT%H:%M:%SZ)"

exec 9>"$KSMBENCH_CACHE/build.lock"
if ! flock -n 9; then
	log "another kernel build is running; waiting for it"
	flock 9
fi

# turn CONFIG CASE: every -OPT / +OPT of CASE in the .config CONFIG
turn() {
	for t in $(echo "$2" | tr , ' '); do
		case $t in
		-*) "$tree/scripts/config" --file "$1" -d "${t#?}" || return 1 ;;
		+*) "$tree/scripts/config" --file "$1" -e "${t#?}" || return 1 ;;
		esac
	done
}

# kmake ARGS: make in $tree, output in $out (the case's directory)
kmake() { make -C "$tree" O="$out" -j"$(nproc)" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

for case in $cases; do
	c=${case%%,*}	# the option under test; the rest only lets it turn
	opt=${c#?}
	want=on; [ "${c%"$opt"}" = - ] && want=off
	out=$KSMBENCH_BUILDS/configs-$variant/$opt
	mkdir -p "$out"
	{
		kmake tinyconfig &&
		# shellcheck disable=SC2046
		KCONFIG_CONFIG=$out/.config "$tree/scripts/kconfig/merge_config.sh" -m -O "$out" \
			"$out/.config" $(base_fragments) &&
		turn "$out/.config" "$case" &&
		kmake olddefconfig
	} >"$out/config.log" 2>&1 || { not_ok "$c: configure (see $out/config.log)"; continue; }
	# a dependency may have put the option back (or kept it off)
	if [ "$want" = off ]; then grep -q "^CONFIG_$opt=" "$out/.config" && got=on || got=off
	else grep -q "^CONFIG_$opt=y" "$out/.config" && got=on || got=off; fi
	if [ "$got" != "$want" ] || ! grep -q '^CONFIG_KSM=y' "$out/.config"; then
		skip "$c: kconfig keeps $opt $got here (or KSM off)"
		continue
	fi
	# W=1 warnings do not fail a build without CONFIG_WERROR: count them
	if kmake prepare >"$out/build.log" 2>&1 && kmake W=1 mm/ksm.o >>"$out/build.log" 2>&1 &&
		! grep -q 'ksm\.[ch]:.*warning' "$out/build.log"; then
		ok "mm/ksm.c of $variant builds W=1 with CONFIG_$opt $want"
	else
		diag "$(grep -E 'error|warning' "$out/build.log" | head -n 10)"
		not_ok "mm/ksm.c of $variant builds W=1 with CONFIG_$opt $want"
	fi
done
tap_done
