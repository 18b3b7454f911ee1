// SPDX-License-Identifier: GPL-2.0
/* XXH64 against the xxHash reference values. */
#include <string.h>

#include "harness.h"
#include "lib/xxh64.h"

TEST(xxh64_reference_values)
{
	CHECK_EQ_U64(xxh64("", 0, 0), 0xEF46DB3751D8E999ull);
	CHECK_EQ_U64(xxh64("a", 1, 0), 0xD24EC4F1A98C6E5Bull);
	CHECK_EQ_U64(xxh64("abc", 3, 0), 0x44BC2CF5AD770999ull);
	/* 43 bytes: the 32-byte stripes, an 8-byte word, a 4-byte word, bytes */
	CHECK_EQ_U64(xxh64("The quick brown fox jumps over the lazy dog", 43, 0),
		     0x0B242D361FDA71BCull);
}

TEST(xxh64_seed_and_every_byte_count)
{
	unsigned char buf[4096];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	CHECK(xxh64(buf, sizeof(buf), 0) != xxh64(buf, sizeof(buf), 1));
	/* each length from 0 to 64 hashes differently (all code paths) */
	for (size_t n = 1; n <= 64; n++)
		CHECK(xxh64(buf, n, 0) != xxh64(buf, n - 1, 0));
}
