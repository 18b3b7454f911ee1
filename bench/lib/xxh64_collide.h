/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xxh64_collide.h - distinct 4 KiB pages with the XXH64 of a target page,
 * the hash-flooding attack on a page index keyed by xxhash(page, seed).
 *
 * XXH64 runs four 64-bit lanes over the 128 stripes (32 bytes each) of a
 * 4 KiB page, a lane round being acc = rotl64(acc + in * P2, 31) * P1, and
 * only then mixes the lanes: two pages whose four lanes end equal hash
 * equal, whatever the finalizer.  Two kinds of crafted page:
 *
 * seed0 - page i is the target with its first word xored with i + 1 (the
 *   stripes before the last are distinct per page), and its last stripe
 *   solved so that every lane ends where the target's does: the round is
 *   invertible (P1 and P2 are odd, so invertible mod 2^64; rotl is a
 *   permutation).  Collides for the seed it was solved for, and for no other
 *   (but by chance).
 *
 * seed-independent - the target with two words changed, the seed never
 *   used: + 2^63 to lane k's word of stripe j flips the top bit of
 *   x = acc + in * P2 (2^63 * P2 = 2^63 mod 2^64, P2 being odd), so after
 *   rotl 31 bit 30 flips: the lane moves by +2^30 * P1 when bit 63 of x
 *   was 0, by -2^30 * P1 when it was 1.  Lane k's word of stripe j + 1 is
 *   then changed by -2^30 * P1 * P2^-1 (pages 0..507: it cancels the +
 *   case) or by +2^30 * P1 * P2^-1 (pages 508..1015: the - case), so the
 *   lane is back on the target's path exactly when x's top bit, which
 *   depends on the seed, was the one cancelled: for any seed, each page
 *   collides with the target with probability 1/2, and of the two pages of
 *   one (stripe, lane) exactly one does.  127 stripes x 4 lanes x 2 signs:
 *   at most 1016 pages.
 *
 * control - the seed0 pages without the solved last stripe: the target
 *   with its first word xored with i + 1, colliding with nothing (but by
 *   chance).  The same number of near-copies of the target, planted the
 *   same way: what planting costs when nothing collides.
 */
#ifndef KSMBENCH_XXH64_COLLIDE_H
#define KSMBENCH_XXH64_COLLIDE_H

#include <stddef.h>
#include <stdint.h>

#define XXH64_COLLIDE_PAGE	((size_t)4096)
/* seed-independent pages of one sign: (stripes - 1) x lanes */
#define XXH64_COLLIDE_PER_SIGN	((uint64_t)(XXH64_COLLIDE_PAGE / 32 - 1) * 4)

enum xxh64_collide_kind {
	XXH64_COLLIDE_SEED0,
	XXH64_COLLIDE_SEED_INDEPENDENT,
	XXH64_COLLIDE_CONTROL,
};

/* "seed0", "seed-independent" or "control" into @kind: 0, or -1 for anything else */
int xxh64_collide_parse_kind(const char *name, enum xxh64_collide_kind *kind);
const char *xxh64_collide_kind_name(enum xxh64_collide_kind kind);
/* How many distinct pages of @kind there are for one target */
uint64_t xxh64_collide_max(enum xxh64_collide_kind kind);

/*
 * Writes to @out (XXH64_COLLIDE_PAGE bytes, not overlapping @target) the
 * @index-th page of @kind crafted to collide with @target: for seed0, under
 * XXH64 seed @seed; seed-independent and control pages ignore @seed.  Pages of distinct
 * indexes differ from each other and from @target.  Returns 0, or -1 when
 * @index >= xxh64_collide_max(@kind).
 */
int xxh64_collide_page(enum xxh64_collide_kind kind, const void *target,
		       uint64_t seed, uint64_t index, void *out);

/* The inverse of odd @a modulo 2^64 (exposed for the unit tests) */
uint64_t xxh64_collide_inverse(uint64_t a);

#endif
