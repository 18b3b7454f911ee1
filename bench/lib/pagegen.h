/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagegen.h - deterministic page contents from a 64-bit content id.
 *
 * Id 0 is the zero page.  Ids with bit 63 set are the 2009 worst case for
 * KSM's rbtrees: every such page holds the same pseudo-random bytes except
 * its last 8, which hold the id, so telling two apart takes a full-page
 * memcmp.  Any other id seeds a splitmix64 stream filling the whole page.
 * Filling and checking are cheap (one multiply-xorshift per 8 bytes), so a
 * workload can rewrite or verify gigabytes without storing them twice.
 */
#ifndef KSMBENCH_PAGEGEN_H
#define KSMBENCH_PAGEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONTENT_ZERO		0ull
#define CONTENT_TAIL_ONLY	(1ull << 63)

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Fills @size bytes (a multiple of 8) at @page with content @id. */
void page_fill(void *page, size_t size, uint64_t id);
/* True when @page holds exactly content @id. */
bool page_check(const void *page, size_t size, uint64_t id);
bool page_is_zero(const void *page, size_t size);

struct page_key {
	uint64_t a, b;
};

/* A 128-bit fingerprint of a page: equal pages have equal keys. */
struct page_key page_hash128(const void *page, size_t size);
/* qsort() order of struct page_keys */
int page_key_cmp(const void *a, const void *b);

#endif
