#!/bin/sh
# End-to-end tests of xxh64_collide: crafted pages written raw collide with
# their target under the system's own xxHash library (libxxhash, an
# independent implementation, when installed), seed0 pages all under seed 0
# and seed-independent ones exactly half under random seeds (one of each
# pair); --check's JSON says so; --first gives disjoint sets; bad input
# exits 2 with a message.  No root needed.
#
# usage: tests/e2e/test_xxh64_collide.sh [BINARY]   (default bin/xxh64_collide)
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh

XC=${1:-bin/xxh64_collide}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# libxx FILE TARGET SEED...: "pages distinct colliding-per-seed..." by libxxhash
libxx() {
	python3 - "$@" <<'PY'
import ctypes, ctypes.util, sys
name = ctypes.util.find_library("xxhash")
if not name:
    print("none")
    sys.exit(0)
f = ctypes.CDLL(name).XXH64
f.restype = ctypes.c_uint64
f.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
data, target = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
pages = [data[i:i + 4096] for i in range(0, len(data), 4096)]
hits = [sum(f(p, 4096, s) == f(target, 4096, s) for p in pages) for s in map(int, sys.argv[3:])]
print(len(pages), len(set(pages) - {target}), *hits)
PY
}

# the zero page and a random one, as targets
head -c 4096 /dev/zero >"$tmp/zero"
head -c 4096 /dev/urandom >"$tmp/rand"

for t in zero rand; do
	if "$XC" --count 300 --target-file "$tmp/$t" --out "$tmp/s0-$t.bin" 2>"$tmp/err"; then
		got=$(libxx "$tmp/s0-$t.bin" "$tmp/$t" 0 1)
		case $got in
		none) skip "seed0 pages for the $t page under libxxhash: no libxxhash" ;;
		"300 300 300 0") ok "300 seed0 pages for the $t page: distinct, all collide under libxxhash seed 0, none under seed 1" ;;
		*) not_ok "300 seed0 pages for the $t page under libxxhash: got '$got'" ;;
		esac
	else
		diag "$(cat "$tmp/err")"
		not_ok "300 seed0 pages for the $t page"
	fi
	"$XC" --kind seed-independent --count 1016 --target-file "$tmp/$t" >"$tmp/si-$t.bin" 2>"$tmp/err"
	got=$(libxx "$tmp/si-$t.bin" "$tmp/$t" 7 123456789 18446744073709551615)
	case $got in
	none) skip "seed-independent pages for the $t page under libxxhash: no libxxhash" ;;
	"1016 1016 508 508 508") ok "1016 seed-independent pages for the $t page (stdout): distinct, 508 collide under each of 3 seeds (libxxhash)" ;;
	*) not_ok "1016 seed-independent pages for the $t page under libxxhash: got '$got'" ;;
	esac
done

# --check: the JSON contract
if "$XC" --count 200 --target-id 5 --check --random-seeds 8 >"$tmp/c.json" 2>"$tmp/c.err" &&
	[ "$(jget "$tmp/c.json" '
d["benchmark"] == "xxh64_collide" and all(k in d for k in ("env", "params", "result"))
and d["params"]["kind"] == "seed0" and d["params"]["target"] == "id:5"
and d["result"]["pages"] == 200 and d["result"]["distinct"] is True
and d["result"]["seed0_colliding"] == 200 and d["result"]["seed_colliding"] == 200
and d["result"]["random_seed_trials"] == 1600 and d["result"]["random_seed_colliding"] == 0')" = True ] &&
	grep -q "200 collide under seed 0" "$tmp/c.err"; then
	ok "--check seed0: JSON says all 200 collide under seed 0, none under 8 random seeds; summary on stderr"
else
	diag "$(cat "$tmp/c.err")"
	not_ok "--check seed0: JSON says all 200 collide under seed 0, none under 8 random seeds"
fi
if "$XC" --count 50 --seed 99 --check --random-seeds 2 -q --out "$tmp/s99.bin" >"$tmp/c.json" &&
	[ "$(jget "$tmp/c.json" 'd["result"]["seed_colliding"] == 50 and d["result"]["seed0_colliding"] == 0')" = True ] &&
	[ "$(wc -c <"$tmp/s99.bin")" = $((50 * 4096)) ]; then
	ok "--seed 99: all collide under seed 99, none under 0; --out with --check writes the pages"
else
	not_ok "--seed 99: all collide under seed 99, none under 0; --out with --check writes the pages"
fi
if "$XC" --kind seed-independent --count 1016 --check --random-seeds 20 -q >"$tmp/si.json" &&
	[ "$(jget "$tmp/si.json" '
d["result"]["random_seed_colliding"] == 1016 * 20 // 2
and d["result"]["random_seed_min_colliding"] == d["result"]["random_seed_max_colliding"] == 508
and d["result"]["seed0_colliding"] == 508 and d["result"]["distinct"] is True')" = True ]; then
	ok "--check seed-independent: exactly 508 of 1016 collide under each of 20 random seeds and seed 0"
else
	diag "$(jget "$tmp/si.json" 'd["result"]')"
	not_ok "--check seed-independent: exactly 508 of 1016 collide under each of 20 random seeds and seed 0"
fi
# the issue's 508 pages alone: about half under random seeds
if "$XC" --kind seed-independent --count 508 --check --random-seeds 40 -q >"$tmp/h.json" &&
	[ "$(jget "$tmp/h.json" '0.45 <= d["result"]["random_seed_fraction"] <= 0.55')" = True ]; then
	ok "the 508 pages of the issue's recipe: $(jget "$tmp/h.json" 'd["result"]["random_seed_colliding"]') of 20320 collide under 40 random seeds (45-55%)"
else
	not_ok "the 508 pages of the issue's recipe collide for about half of 40 random seeds"
fi

# --first: ranges give the same pages, disjoint ranges none in common
"$XC" --count 20 --out "$tmp/a.bin" && "$XC" --first 10 --count 10 --out "$tmp/b.bin" &&
	"$XC" --first 20 --count 10 --out "$tmp/c.bin"
if tail -c $((10 * 4096)) "$tmp/a.bin" | cmp -s - "$tmp/b.bin" &&
	[ "$(python3 -c '
import sys
p = lambda f: {open(f, "rb").read()[i:i + 4096] for i in range(0, 40960 * 2, 4096)} - {b""}
print(len(p(sys.argv[1]) & p(sys.argv[2])))' "$tmp/a.bin" "$tmp/c.bin")" = 0 ]; then
	ok "--first 10 gives the same pages as indexes 10.. of a longer run; --first 20 none of 0..19"
else
	not_ok "--first 10 gives the same pages as indexes 10.. of a longer run; --first 20 none of 0..19"
fi

head -c 4095 /dev/zero >"$tmp/short"
head -c 4097 /dev/zero >"$tmp/long"
for bad in "" "--count 0" "--count x" "--count 1048577" "--kind seed1 --count 1" \
	"--kind seed-independent --count 1017" "--kind seed-independent --first 1000 --count 17" \
	"--count 1 --target-file $tmp/nonexistent" "--count 1 --target-file $tmp/short" \
	"--count 1 --target-file $tmp/long" "--count 1 --target-id -1" \
	"--count 1 --target-id 1 --target-file $tmp/zero" "--count 1 --check --out -" \
	"--count 1 --out $tmp/nodir/x" "--count 1 --random-seeds x" "--count 1 --bogus" \
	"--count 1 extra" "--count"; do
	usage_error "$XC" xxh64_collide "$bad"
done
"$XC" --help >/dev/null && ok "--help exits 0" || not_ok "--help exits 0"
tap_done
