#!/bin/sh
# fetch-source.sh - get Debian's linux-source-<base> and extract it, once, into
# the cache as a git repository whose first commit is tagged "stock".
# Prints the source directory.
. "$(dirname "$0")/common.sh"

"$KSMBENCH_ROOT/scripts/setup-deps.sh" kernel >&2
dir=$(src_dir)
if [ -f "$dir/.ksmbench-ready" ]; then
	echo "$dir"
	exit 0
fi
version=$(source_version)
pkg=linux-source-$KSMBENCH_BASE
tarball=/usr/src/$pkg.tar.xz
[ -f "$tarball" ] || die "$tarball missing although $pkg is installed"
log "extracting $pkg $version into $dir (once; about a minute)"
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
tar -xJf "$tarball" -C "$dir.tmp" --strip-components=1
log "recording it as git commit 'stock'"
git -C "$dir.tmp" init -q
git -C "$dir.tmp" -c user.name=ksmbench -c user.email=ksmbench@localhost \
	-c core.autocrlf=false add -A -f  # Debian's .gitignore ignores the top level
git -C "$dir.tmp" -c user.name=ksmbench -c user.email=ksmbench@localhost \
	commit -q -m "$pkg $version (Debian)"
git -C "$dir.tmp" tag stock
echo "$version" >"$dir.tmp/.ksmbench-version"
mv "$dir.tmp" "$dir"
touch "$dir/.ksmbench-ready"
echo "$dir"
