// SPDX-License-Identifier: GPL-2.0
#include "pagegen.h"

#include <string.h>

#define TAIL_SEED 0x6b736d62656e6368ull	/* "ksmbench" */

static uint64_t stream_seed(uint64_t id)
{
	return (id & CONTENT_TAIL_ONLY) ? TAIL_SEED : id * 0xd1342543de82ef95ull;
}

/* The 8-byte word @i of content @id, given the stream state so far. */
static inline uint64_t content_word(uint64_t id, size_t i, size_t nwords,
				    uint64_t *state)
{
	uint64_t w = splitmix64(state);

	if ((id & CONTENT_TAIL_ONLY) && i == nwords - 1)
		return id;
	return w;
}

void page_fill(void *page, size_t size, uint64_t id)
{
	uint64_t *p = page, state = stream_seed(id);
	size_t n = size / 8;

	if (id == CONTENT_ZERO) {
		memset(page, 0, size);
		return;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = content_word(id, i, n, &state);
}

bool page_check(const void *page, size_t size, uint64_t id)
{
	const uint64_t *p = page;
	uint64_t state = stream_seed(id);
	size_t n = size / 8;

	if (id == CONTENT_ZERO)
		return page_is_zero(page, size);
	for (size_t i = 0; i < n; i++)
		if (p[i] != content_word(id, i, n, &state))
			return false;
	return true;
}

bool page_is_zero(const void *page, size_t size)
{
	const uint64_t *p = page;

	for (size_t i = 0; i < size / 8; i++)
		if (p[i])
			return false;
	return true;
}

struct page_key page_hash128(const void *page, size_t size)
{
	const uint64_t *p = page;
	uint64_t a = 0x243f6a8885a308d3ull, b = 0x13198a2e03707344ull;

	for (size_t i = 0; i < size / 8; i++) {
		a = (a ^ p[i]) * 0x9e3779b97f4a7c15ull;
		a ^= a >> 29;
		b = (b + p[i]) * 0xc2b2ae3d27d4eb4full;
		b ^= b >> 31;
	}
	a ^= size;
	b ^= splitmix64(&a);
	return (struct page_key){ a, b };
}

int page_key_cmp(const void *a, const void *b)
{
	const struct page_key *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}
