// SPDX-License-Identifier: GPL-2.0
/*
 * xxh64.c - XXH64 as specified by xxHash (and as lib/xxhash.c computes it):
 * four 64-bit lanes over 32-byte stripes, then the tail, then avalanche.
 */
#include "xxh64.h"

#include <endian.h>
#include <string.h>

#define P1 XXH64_PRIME1
#define P2 XXH64_PRIME2
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

/* little-endian loads, as the specification reads its input: one load each */
static uint64_t read64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static uint32_t read32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint64_t merge_round(uint64_t acc, uint64_t val)
{
	acc ^= xxh64_round(0, val);
	return acc * P1 + P4;
}

uint64_t xxh64(const void *input, size_t len, uint64_t seed)
{
	const unsigned char *p = input, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed;
		uint64_t v4 = seed - P1;

		for (; p + 32 <= end; p += 32) {
			v1 = xxh64_round(v1, read64(p));
			v2 = xxh64_round(v2, read64(p + 8));
			v3 = xxh64_round(v3, read64(p + 16));
			v4 = xxh64_round(v4, read64(p + 24));
		}
		h = xxh64_rotl(v1, 1) + xxh64_rotl(v2, 7) + xxh64_rotl(v3, 12) + xxh64_rotl(v4, 18);
		h = merge_round(h, v1);
		h = merge_round(h, v2);
		h = merge_round(h, v3);
		h = merge_round(h, v4);
	} else {
		h = seed + P5;
	}
	h += (uint64_t)len;
	for (; p + 8 <= end; p += 8) {
		h ^= xxh64_round(0, read64(p));
		h = xxh64_rotl(h, 27) * P1 + P4;
	}
	if (p + 4 <= end) {
		h ^= (uint64_t)read32(p) * P1;
		h = xxh64_rotl(h, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++) {
		h ^= (uint64_t)*p * P5;
		h = xxh64_rotl(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}
