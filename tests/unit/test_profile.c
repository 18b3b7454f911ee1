// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/pagegen.h"
#include "lib/profile.h"

TEST(expected_class_with_max_page_sharing)
{
	static const struct { uint64_t n, m, shared, sharing; } cases[] = {
		{ 0, 256, 0, 0 }, { 1, 256, 0, 0 }, { 2, 256, 1, 1 },
		{ 256, 256, 1, 255 }, { 257, 256, 1, 255 },	/* lone leftover */
		{ 258, 256, 2, 256 }, { 512, 256, 2, 510 },
		{ 32768, 256, 128, 32640 }, { 5, 2, 2, 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t shared, sharing;

		expected_class(cases[i].n, cases[i].m, &shared, &sharing);
		CHECK_EQ_U64(shared, cases[i].shared);
		CHECK_EQ_U64(sharing, cases[i].sharing);
	}
}

static void expect_profile(int *failed, const char *name, size_t n,
			   uint64_t sharing, uint64_t zero, bool uzp)
{
	uint64_t *ids = profile_generate(name, n, 1);
	struct page_key *keys = calloc(n, sizeof(*keys));
	bool *zero_flags = calloc(n, sizeof(*zero_flags));
	struct merge_expectation e;

	for (size_t i = 0; i < n; i++) {
		keys[i].a = ids[i];
		zero_flags[i] = ids[i] == CONTENT_ZERO;
	}
	CHECK(expected_merge(keys, zero_flags, n, 256, uzp, &e) == 0);
	CHECK_EQ_U64(e.pages_sharing, sharing);
	CHECK_EQ_U64(e.zero_pages, zero);
	CHECK_EQ_U64(e.pages, n);
	CHECK_EQ_U64(e.pages_shared + e.pages_sharing + e.unmergeable + e.zero_merged, n);
	free(ids);
	free(keys);
	free(zero_flags);
}

TEST(profiles_have_known_answers)
{
	expect_profile(failed, "identical", 32768, 32640, 0, false);
	expect_profile(failed, "distinct-pairs", 16384, 8192, 0, false);
	expect_profile(failed, "distinct-pairs", 16385, 8192, 0, false);
	expect_profile(failed, "worst-case", 1000, 500, 0, false);
	expect_profile(failed, "unique", 1000, 0, 0, false);
}

TEST(zipf_profile_shape)
{
	size_t n = 262144;
	uint64_t *ids = profile_generate("zipf", n, 3);
	struct page_key *keys = calloc(n, sizeof(*keys));
	bool *z = calloc(n, sizeof(*z));
	struct merge_expectation e, ez;

	for (size_t i = 0; i < n; i++) {
		keys[i].a = ids[i];
		z[i] = ids[i] == CONTENT_ZERO;
	}
	expected_merge(keys, z, n, 256, false, &e);
	expected_merge(keys, z, n, 256, true, &ez);
	CHECK_EQ_U64(e.zero_pages, n / 10);
	/* 70% of pages are duplicates, spread over classes of 2..256 */
	CHECK(e.pages_sharing > n / 2 && e.pages_sharing < n * 8 / 10);
	CHECK(e.classes > n / 10);
	/* with use_zero_pages the zero pages leave the stable tree */
	CHECK_EQ_U64(ez.zero_merged, n / 10);
	CHECK(ez.pages_sharing < e.pages_sharing);
	free(ids);
	free(keys);
	free(z);
}

TEST(profiles_are_deterministic_and_shuffled)
{
	uint64_t *a = profile_generate("distinct-pairs", 1000, 7);
	uint64_t *b = profile_generate("distinct-pairs", 1000, 7);
	uint64_t *c = profile_generate("distinct-pairs", 1000, 8);
	size_t adjacent = 0;

	CHECK(!memcmp(a, b, 1000 * sizeof(*a)));
	CHECK(memcmp(a, c, 1000 * sizeof(*a)));
	for (size_t i = 0; i + 1 < 1000; i++)
		adjacent += a[i] == a[i + 1];
	CHECK(adjacent < 10);	/* copies are spread, not side by side */
	CHECK(profile_generate("bogus", 10, 1) == NULL);
	CHECK(profile_generate("identical", 0, 1) == NULL);
	free(a);
	free(b);
	free(c);
}

TEST(pagegen_fill_and_check)
{
	static uint64_t page[512], other[512];

	page_fill(page, sizeof(page), 42);
	CHECK(page_check(page, sizeof(page), 42));
	CHECK(!page_check(page, sizeof(page), 43));
	((unsigned char *)page)[4095] ^= 1;	/* one flipped bit is caught */
	CHECK(!page_check(page, sizeof(page), 42));

	page_fill(page, sizeof(page), CONTENT_ZERO);
	CHECK(page_is_zero(page, sizeof(page)));
	CHECK(page_check(page, sizeof(page), CONTENT_ZERO));

	/* worst case: equal but for the last 8 bytes */
	page_fill(page, sizeof(page), CONTENT_TAIL_ONLY | 1);
	page_fill(other, sizeof(other), CONTENT_TAIL_ONLY | 2);
	CHECK(!memcmp(page, other, sizeof(page) - 8));
	CHECK(memcmp(page, other, sizeof(page)));
	CHECK(page_check(other, sizeof(other), CONTENT_TAIL_ONLY | 2));
}

TEST(page_hash_tells_pages_apart)
{
	static uint64_t a[512], b[512];
	struct page_key ka, kb;

	page_fill(a, sizeof(a), CONTENT_TAIL_ONLY | 1);
	page_fill(b, sizeof(b), CONTENT_TAIL_ONLY | 1);
	ka = page_hash128(a, sizeof(a));
	kb = page_hash128(b, sizeof(b));
	CHECK(ka.a == kb.a && ka.b == kb.b);
	b[0] ^= 1;
	kb = page_hash128(b, sizeof(b));
	CHECK(ka.a != kb.a && ka.b != kb.b);
}
