// SPDX-License-Identifier: GPL-2.0
/*
 * xxh64_collide.c - crafting pages with a target page's XXH64; the
 * reasoning is in xxh64_collide.h, and tests/unit/test_xxh64_collide.c
 * checks every page against xxh64().
 */
#include "xxh64_collide.h"

#include <endian.h>
#include <string.h>

#include "xxh64.h"

#define P1	XXH64_PRIME1
#define P2	XXH64_PRIME2
#define STRIPES	(XXH64_COLLIDE_PAGE / 32)
#define TOP	(1ull << 63)

int xxh64_collide_parse_kind(const char *name, enum xxh64_collide_kind *kind)
{
	if (!strcmp(name, "seed0"))
		*kind = XXH64_COLLIDE_SEED0;
	else if (!strcmp(name, "seed-independent"))
		*kind = XXH64_COLLIDE_SEED_INDEPENDENT;
	else if (!strcmp(name, "control"))
		*kind = XXH64_COLLIDE_CONTROL;
	else
		return -1;
	return 0;
}

const char *xxh64_collide_kind_name(enum xxh64_collide_kind kind)
{
	switch (kind) {
	case XXH64_COLLIDE_SEED0:
		return "seed0";
	case XXH64_COLLIDE_SEED_INDEPENDENT:
		return "seed-independent";
	case XXH64_COLLIDE_CONTROL:
		break;
	}
	return "control";
}

uint64_t xxh64_collide_max(enum xxh64_collide_kind kind)
{
	/* seed0, control: any index xored into the first word; keep it 32-bit */
	return kind == XXH64_COLLIDE_SEED_INDEPENDENT ? 2 * XXH64_COLLIDE_PER_SIGN : 1ull << 32;
}

uint64_t xxh64_collide_inverse(uint64_t a)
{
	uint64_t x = a;	/* a * a = 1 mod 8: 3 good bits, doubled per step */

	for (int i = 0; i < 5; i++)
		x *= 2 - a * x;
	return x;
}

/* Word @w of a page, little-endian as XXH64 reads it */
static uint64_t word(const unsigned char *page, size_t w)
{
	uint64_t v;

	memcpy(&v, page + 8 * w, sizeof(v));
	return le64toh(v);
}

static void set_word(unsigned char *page, size_t w, uint64_t v)
{
	v = htole64(v);
	memcpy(page + 8 * w, &v, sizeof(v));
}

/* The four lane accumulators after the first @nstripes stripes of @page */
static void lanes(const unsigned char *page, size_t nstripes, uint64_t seed,
		  uint64_t acc[4])
{
	acc[0] = seed + P1 + P2;
	acc[1] = seed + P2;
	acc[2] = seed;
	acc[3] = seed - P1;
	for (size_t s = 0; s < nstripes; s++)
		for (size_t k = 0; k < 4; k++)
			acc[k] = xxh64_round(acc[k], word(page, 4 * s + k));
}

/* The word that takes a lane from @acc to @want in one round */
static uint64_t round_solve(uint64_t acc, uint64_t want)
{
	uint64_t x = want * xxh64_collide_inverse(P1);

	x = xxh64_rotl(x, 64 - 31);	/* undo rotl 31 */
	return (x - acc) * xxh64_collide_inverse(P2);
}

static void craft_seed0(const unsigned char *target, uint64_t seed, uint64_t index,
			unsigned char *out)
{
	uint64_t want[4], have[4];

	set_word(out, 0, word(target, 0) ^ (index + 1));
	lanes(target, STRIPES, seed, want);
	lanes(out, STRIPES - 1, seed, have);
	for (size_t k = 0; k < 4; k++)
		set_word(out, 4 * (STRIPES - 1) + k, round_solve(have[k], want[k]));
}

static void craft_seed_independent(uint64_t index, unsigned char *out)
{
	uint64_t delta = (1ull << 30) * P1 * xxh64_collide_inverse(P2);
	uint64_t r = index % XXH64_COLLIDE_PER_SIGN;
	size_t w1 = (size_t)r, w2 = w1 + 4;	/* lane r % 4, stripes r / 4 and next */

	set_word(out, w1, word(out, w1) + TOP);
	if (index < XXH64_COLLIDE_PER_SIGN)
		set_word(out, w2, word(out, w2) - delta);	/* cancels +2^30 * P1 */
	else
		set_word(out, w2, word(out, w2) + delta);	/* cancels -2^30 * P1 */
}

int xxh64_collide_page(enum xxh64_collide_kind kind, const void *target,
		       uint64_t seed, uint64_t index, void *out)
{
	if (index >= xxh64_collide_max(kind))
		return -1;
	memcpy(out, target, XXH64_COLLIDE_PAGE);
	if (kind == XXH64_COLLIDE_SEED0)
		craft_seed0(target, seed, index, out);
	else if (kind == XXH64_COLLIDE_SEED_INDEPENDENT)
		craft_seed_independent(index, out);
	else
		set_word(out, 0, word(out, 0) ^ (index + 1));
	return 0;
}
