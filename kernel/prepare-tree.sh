#!/bin/sh
# prepare-tree.sh VARIANT - a source tree for VARIANT; prints its path.
#
#   stock            the extracted linux-source-6.1, untouched
#   patched          stock + kernel/patches/series, applied in order (git am)
#   mutation-NAME    patched + kernel/mutations/NAME.patch (test-only kernels
#                    that break something on purpose; never in the series)
#
# Trees other than stock are git worktrees in the cache, re-applied only
# when the patches change, so unchanged files keep their mtimes and a
# rebuild compiles only what the patches touch.
. "$(dirname "$0")/common.sh"

variant=${1:?usage: prepare-tree.sh stock|patched|mutation-NAME}
src=$("$KSMBENCH_ROOT/kernel/fetch-source.sh")

case $variant in
stock)
	[ -z "$(git -C "$src" status --porcelain -uno)" ] ||
		die "the stock tree $src has local changes; delete it to re-extract"
	echo "$src"
	exit 0
	;;
patched) extra="" ;;
mutation-*)
	extra=$KSMBENCH_MUTATIONS/${variant#mutation-}.patch
	[ -f "$extra" ] || die "no mutation $extra"
	;;
*) die "unknown variant '$variant' (stock, patched, mutation-NAME)" ;;
esac

patches=$(series_patches)
# contents only: two checkouts of the project share the trees
want=$(for p in $patches $extra; do sha256sum <"$p"; done | sha256sum | cut -d' ' -f1)
wt=$KSMBENCH_TREES/$variant
stamp=$KSMBENCH_TREES/$variant.applied
if [ -d "$wt" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	echo "$wt"
	exit 0
fi

mkdir -p "$KSMBENCH_TREES"
if [ ! -d "$wt" ]; then
	log "creating worktree $wt"
	git -C "$src" worktree prune
	git -C "$src" worktree add -q --detach "$wt" stock
fi
rm -f "$stamp"
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" reset -q --hard stock
git -C "$wt" clean -q -fdx
n=0
for p in $patches $extra; do
	n=$((n + 1))
	if ! git -C "$wt" -c user.name=ksmbench -c user.email=ksmbench@localhost \
		am -q --keep-cr --committer-date-is-author-date "$p" >&2; then
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		die "patch $n, $(basename "$p"), does not apply to linux-source-$KSMBENCH_BASE $(source_version)"
	fi
done
log "$variant: $n patch(es) applied on stock"
echo "$want" >"$stamp"
echo "$wt"
