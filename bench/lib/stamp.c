// SPDX-License-Identifier: GPL-2.0
#include "stamp.h"

#include <string.h>

#include "pagegen.h"

static uint64_t block_checksum(const uint64_t *w, size_t n)
{
	uint64_t h = 0x84222325cbf29ce4ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (i == 3 ? 0 : w[i])) * 0x100000001b3ull;	/* w[3]: the checksum */
	return h;
}

void stamp_fill(void *buf, size_t size, uint64_t block, uint64_t gen)
{
	uint64_t *w = buf, state = (block * 0x9e3779b97f4a7c15ull) ^ (gen << 1) ^ 1;
	size_t n = size / 8;
	struct stamp *s = buf;

	for (size_t i = 4; i < n; i++)
		w[i] = splitmix64(&state);
	s->magic = STAMP_MAGIC;
	s->block = block;
	s->gen = gen;
	s->checksum = block_checksum(w, n);
}

enum stamp_verdict stamp_check(const void *buf, size_t size, uint64_t block,
			       uint64_t gen)
{
	const struct stamp *s = buf;

	if (s->magic != STAMP_MAGIC)
		return STAMP_BAD_MAGIC;
	if (s->checksum != block_checksum(buf, size / 8))
		return STAMP_BAD_CHECKSUM;
	if (s->block != block)
		return STAMP_WRONG_BLOCK;
	if (s->gen != gen)
		return STAMP_WRONG_GEN;
	return STAMP_OK;
}

const char *stamp_verdict_name(enum stamp_verdict v)
{
	static const char * const names[] = {
		[STAMP_OK] = "ok",
		[STAMP_BAD_MAGIC] = "not-a-stamped-block",
		[STAMP_WRONG_BLOCK] = "wrong-block",
		[STAMP_WRONG_GEN] = "wrong-generation",
		[STAMP_BAD_CHECKSUM] = "bad-checksum",
	};

	return v <= STAMP_BAD_CHECKSUM ? names[v] : "?";
}
