# common.sh - shared settings of the kernel scripts (sourced).
#
# The base, KSMBENCH_BASE (`make ... BASE=`): 6.1 (the default) or 6.12,
# Debian's linux-source-<base>.  Its series is kernel/patches/ (6.1) or
# kernel/patches-<base>/, its mutations kernel/mutations/ or
# kernel/mutations-<base>/.
#
# Everything large lives in the cache, never in the repository:
#   $KSMBENCH_CACHE/src/<version>/linux   extracted linux-source-<base> (git, tag "stock")
#   $KSMBENCH_TREES/<variant>             git worktrees with a series applied
#   $KSMBENCH_BUILDS/<variant>-<config>   out-of-tree builds (bzImage)
#   $KSMBENCH_CACHE/ccache                compiler cache
# TREES and BUILDS are $KSMBENCH_CACHE/trees and build for 6.1, and
# $KSMBENCH_CACHE/<base>/trees and build for another base.  The cache is
# only an accelerator: deleting it costs a cold rebuild.
set -eu

KSMBENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSMBENCH_CACHE=${KSMBENCH_CACHE:-/var/cache/ksmbench}
export CCACHE_DIR=${CCACHE_DIR:-$KSMBENCH_CACHE/ccache}
# Reproducible builds: the same source gives the same objects (and ccache hits).
export KBUILD_BUILD_USER=ksmbench KBUILD_BUILD_HOST=ksmbench
export KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00 UTC"

log() { echo "$(basename "$0"): $*" >&2; }
die() { echo "$(basename "$0"): error: $*" >&2; exit 1; }

KSMBENCH_BASE=${KSMBENCH_BASE:-6.1}
# what names a base's own files: nothing for 6.1, "-<base>" for another
case $KSMBENCH_BASE in
6.1) KSMBENCH_BASE_SUFFIX="" base_cache=$KSMBENCH_CACHE ;;
6.12) KSMBENCH_BASE_SUFFIX=-$KSMBENCH_BASE base_cache=$KSMBENCH_CACHE/$KSMBENCH_BASE ;;
*) die "unknown base '$KSMBENCH_BASE' (BASE=6.1 or BASE=6.12)" ;;
esac
KSMBENCH_PATCHES=$KSMBENCH_ROOT/kernel/patches$KSMBENCH_BASE_SUFFIX
KSMBENCH_MUTATIONS=$KSMBENCH_ROOT/kernel/mutations$KSMBENCH_BASE_SUFFIX
KSMBENCH_TREES=$base_cache/trees KSMBENCH_BUILDS=$base_cache/build
export KSMBENCH_BASE

# The config fragments of the lean guest kernel on this base: base.config,
# then what the base names or sets otherwise (build.sh, check-configs.sh)
base_fragments() {
	echo "$KSMBENCH_ROOT/kernel/config/base.config $KSMBENCH_ROOT/kernel/config/base-$KSMBENCH_BASE.config"
}

# The linux-source-<base> version installed (e.g. 6.1.192-2).
source_version() {
	dpkg-query -W -f='${Version}' "linux-source-$KSMBENCH_BASE" 2>/dev/null ||
		die "linux-source-$KSMBENCH_BASE is not installed (scripts/setup-deps.sh kernel)"
}

src_dir() { echo "$KSMBENCH_CACHE/src/$(source_version)/linux"; }

# The patch names the base's series file lists, in order; only the first
# KSMBENCH_SERIES_LIMIT of them when that is set (kernel/check-series.sh
# builds and boots every prefix of the series).
series_names() {
	series=$KSMBENCH_PATCHES/series
	[ -f "$series" ] || return 0
	grep -v '^[[:space:]]*\(#\|$\)' "$series" | head -n "${KSMBENCH_SERIES_LIMIT:-100000}"
}

# sha256 of the series' patch files concatenated in series order: ties a
# result to the exact patches it measured.  An empty series hashes "".
series_sha256() {
	series_names | while read -r p; do
		cat "$KSMBENCH_PATCHES/$p"
	done | sha256sum | cut -d' ' -f1
}

# The patches of the series, one path per line, in order; dies naming a
# patch the series lists but the directory lacks.
series_patches() {
	series_names | while read -r p; do
		[ -f "$KSMBENCH_PATCHES/$p" ] ||
			die "$KSMBENCH_PATCHES/series lists $p, which does not exist"
		echo "$KSMBENCH_PATCHES/$p"
	done
}

# checkpatch_strict SRC PATCH: SRC's scripts/checkpatch.pl --strict on PATCH;
# prints what it found, succeeds only when it found nothing
checkpatch_strict() {
	cp_out=$("$1/scripts/checkpatch.pl" --strict --no-tree -q "$2" 2>&1) && cp_rc=0 || cp_rc=$?
	printf '%s' "$cp_out"
	[ "$cp_rc" = 0 ] && [ -z "$cp_out" ]
}

# keep_run RUN DIR: a guest run's records (run-guest.sh --out RUN) into DIR,
# then RUN goes with its disk images: the text its plan left in results/
# (JSON, logs, TAP, perf reports, stderr), the guest's config.gz, run.env,
# qemu.cmd, the kernel log and its splats, and the log and the vCPUs'
# registers of a boot that hung and was retried
keep_run() {
	mkdir -p "$2"
	for f in "$1"/results/*.json "$1"/results/*.log "$1"/results/*.err \
		"$1"/results/*.txt "$1"/results/*.tap "$1"/results/*.folded \
		"$1"/results/config.gz "$1"/run.env "$1"/qemu.cmd "$1"/splats.txt \
		"$1"/kernel.log "$1"/kernel.hung-boot.log "$1"/hung-boot.regs.txt; do
		if [ -f "$f" ]; then cp "$f" "$2/"; fi
	done
	rm -rf "$1"
}
