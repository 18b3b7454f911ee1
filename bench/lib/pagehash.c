// SPDX-License-Identifier: GPL-2.0
/* pagehash.c - see pagehash.h */
#include "pagehash.h"

#include <string.h>

#include "pagegen.h"
#include "xxh64.h"

/* The kernel is built without vector registers: so are NH and SipHash */
#if defined(__GNUC__) && !defined(__clang__)
#define SCALAR __attribute__((optimize("no-tree-vectorize")))
#else
#define SCALAR
#endif

static const char *const names[] = {
	[PAGE_HASH_XXH64] = "xxh64",
	[PAGE_HASH_NH] = "nh",
	[PAGE_HASH_SIPHASH24] = "siphash24",
	[PAGE_HASH_SIPHASH13] = "siphash13",
};

bool page_hash_parse(const char *name, enum page_hash *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*out = (enum page_hash)i;
			return true;
		}
	return false;
}

const char *page_hash_name(enum page_hash h)
{
	return names[h];
}

const char *page_hash_names(void)
{
	return "xxh64, nh, siphash24, siphash13";
}

void page_hash_key_init(struct page_hash_key *key, uint64_t seed)
{
	for (size_t i = 0; i < sizeof(key->nh) / sizeof(key->nh[0]); i++)
		key->nh[i] = (uint32_t)splitmix64(&seed);
	key->sip[0] = splitmix64(&seed);
	key->sip[1] = splitmix64(&seed);
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t load32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * mm/ksm.c's calc_checksum(), before its hash_64(): the page's 32-bit words
 * in pairs, each added to its key word (wrapping at 32 bits), the two sums
 * multiplied (64-bit product), the products added up (wrapping at 64 bits)
 */
SCALAR uint64_t nh_page(const uint32_t *key, const void *page, size_t len)
{
	const unsigned char *p = page;
	uint64_t sum0 = 0, sum1 = 0;
	size_t i, n = len / 4;

	/* two sums: the additions need not wait for each other */
	for (i = 0; i + 4 <= n; i += 4) {
		sum0 += (uint64_t)(uint32_t)(load32(p + 4 * i) + key[i]) *
			(uint32_t)(load32(p + 4 * i + 4) + key[i + 1]);
		sum1 += (uint64_t)(uint32_t)(load32(p + 4 * i + 8) + key[i + 2]) *
			(uint32_t)(load32(p + 4 * i + 12) + key[i + 3]);
	}
	for (; i + 2 <= n; i += 2)
		sum0 += (uint64_t)(uint32_t)(load32(p + 4 * i) + key[i]) *
			(uint32_t)(load32(p + 4 * i + 4) + key[i + 1]);
	return sum0 + sum1;
}

static uint64_t rotl64(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND do {							\
	v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);	\
	v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);	\
} while (0)

/* SipHash-c-d of @len bytes (any length), as the reference does */
SCALAR uint64_t siphash_words(const uint64_t key[2], const void *data, size_t len,
			      int c_rounds, int d_rounds)
{
	const unsigned char *p = data;
	uint64_t v0 = 0x736f6d6570736575ull ^ key[0], v1 = 0x646f72616e646f6dull ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ull ^ key[0], v3 = 0x7465646279746573ull ^ key[1];
	uint64_t b = (uint64_t)len << 56;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t m = load64(p + i);

		v3 ^= m;
		for (int r = 0; r < c_rounds; r++)
			SIPROUND;
		v0 ^= m;
	}
	for (size_t j = 0; i + j < len; j++)
		b |= (uint64_t)p[i + j] << (8 * j);
	v3 ^= b;
	for (int r = 0; r < c_rounds; r++)
		SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	for (int r = 0; r < d_rounds; r++)
		SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t page_hash(enum page_hash h, const struct page_hash_key *key,
		   const void *page, size_t len)
{
	switch (h) {
	case PAGE_HASH_NH:
		/* hash_64(sum, 64) */
		return nh_page(key->nh, page, len) * 0x61C8864680B583EBull;
	case PAGE_HASH_SIPHASH24:
		return siphash_words(key->sip, page, len, 2, 4);
	case PAGE_HASH_SIPHASH13:
		return siphash_words(key->sip, page, len, 1, 3);
	case PAGE_HASH_XXH64:
	default:
		return xxh64(page, len, 0);
	}
}
