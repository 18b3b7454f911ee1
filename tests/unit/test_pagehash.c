// SPDX-License-Identifier: GPL-2.0
/* The page hashes of xxhash_bound --hash: SipHash against its reference
 * vectors, NH against its definition, and the names. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/pagehash.h"

/* SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e (15 bytes) */
TEST(siphash24_reference_vector)
{
	const uint64_t key[2] = { 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull };
	unsigned char msg[64];

	for (int i = 0; i < 64; i++)
		msg[i] = (unsigned char)i;
	CHECK_EQ_U64(siphash_words(key, msg, 15, 2, 4), 0xa129ca6149be45e5ull);
	/* the reference implementation's vectors.h: empty, and 8 bytes */
	CHECK_EQ_U64(siphash_words(key, msg, 0, 2, 4), 0x726fdb47dd0e0e31ull);
	CHECK_EQ_U64(siphash_words(key, msg, 8, 2, 4), 0x93f5f5799a932462ull);
	/* fewer rounds is another function */
	CHECK(siphash_words(key, msg, 15, 1, 3) != siphash_words(key, msg, 15, 2, 4));
}

TEST(nh_is_its_definition)
{
	const uint32_t key[4] = { 1, 2, 3, 4 };
	/* word pairs (5, 6), (7, 8) */
	const uint32_t page[4] = { 5, 6, 7, 8 };

	/* (5+1)*(6+2) + (7+3)*(8+4) */
	CHECK_EQ_U64(nh_page(key, page, sizeof(page)), 6 * 8 + 10 * 12);
	/* the additions wrap at 32 bits, the products do not */
	const uint32_t k1[2] = { 0xffffffffu, 0xffffffffu }, p1[2] = { 2, 3 };
	CHECK_EQ_U64(nh_page(k1, p1, sizeof(p1)), 1ull * 2);
}

TEST(page_hashes_differ_by_key_and_content)
{
	struct page_hash_key *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	unsigned char page[4096];

	CHECK(a && b);
	if (!a || !b) {
		free(a);
		free(b);
		return;
	}
	page_hash_key_init(a, 1);
	page_hash_key_init(b, 2);
	memset(page, 0, sizeof(page));
	for (int h = PAGE_HASH_NH; h <= PAGE_HASH_SIPHASH13; h++) {
		uint64_t x = page_hash((enum page_hash)h, a, page, sizeof(page));

		CHECK(x != page_hash((enum page_hash)h, b, page, sizeof(page)));
		page[4095] = 1;
		CHECK(x != page_hash((enum page_hash)h, a, page, sizeof(page)));
		page[4095] = 0;
		CHECK_EQ_U64(x, page_hash((enum page_hash)h, a, page, sizeof(page)));
	}
	/* xxh64 ignores the key: seed 0, as v1 used it */
	CHECK_EQ_U64(page_hash(PAGE_HASH_XXH64, a, page, sizeof(page)),
		     page_hash(PAGE_HASH_XXH64, b, page, sizeof(page)));
	free(a);
	free(b);
}

TEST(page_hash_names_parse_back)
{
	enum page_hash h;

	for (int i = PAGE_HASH_XXH64; i <= PAGE_HASH_SIPHASH13; i++) {
		CHECK(page_hash_parse(page_hash_name((enum page_hash)i), &h));
		CHECK(h == (enum page_hash)i);
	}
	CHECK(!page_hash_parse("md5", &h));
	CHECK(!page_hash_parse("", &h));
}
