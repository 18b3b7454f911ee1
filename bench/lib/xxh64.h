/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xxh64.h - XXH64, the 64-bit xxHash the kernel's xxhash() is on 64-bit
 * machines, so that KSM's page checksum can be timed in userspace.
 */
#ifndef KSMBENCH_XXH64_H
#define KSMBENCH_XXH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t xxh64(const void *input, size_t len, uint64_t seed);

#endif
