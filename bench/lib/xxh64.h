/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xxh64.h - XXH64, the 64-bit xxHash the kernel's xxhash() is on 64-bit
 * machines, so that KSM's page checksum can be timed in userspace.
 */
#ifndef KSMBENCH_XXH64_H
#define KSMBENCH_XXH64_H

#include <stddef.h>
#include <stdint.h>

#define XXH64_PRIME1 0x9E3779B185EBCA87ull
#define XXH64_PRIME2 0xC2B2AE3D27D4EB4Full

static inline uint64_t xxh64_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* One lane's round over one 8-byte word of a 32-byte stripe */
static inline uint64_t xxh64_round(uint64_t acc, uint64_t input)
{
	acc += input * XXH64_PRIME2;
	acc = xxh64_rotl(acc, 31);
	return acc * XXH64_PRIME1;
}

uint64_t xxh64(const void *input, size_t len, uint64_t seed);

#endif
