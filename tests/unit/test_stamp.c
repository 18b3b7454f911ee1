// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "harness.h"
#include "lib/pagegen.h"
#include "lib/stamp.h"

TEST(stamp_round_trip_and_verdicts)
{
	static uint64_t a[512], b[512];

	stamp_fill(a, sizeof(a), 7, 3);
	CHECK(stamp_check(a, sizeof(a), 7, 3) == STAMP_OK);
	CHECK(stamp_check(a, sizeof(a), 8, 3) == STAMP_WRONG_BLOCK);
	CHECK(stamp_check(a, sizeof(a), 7, 2) == STAMP_WRONG_GEN);
	CHECK(stamp_check(a, sizeof(a), 7, 4) == STAMP_WRONG_GEN);

	memcpy(b, a, sizeof(a));
	((unsigned char *)b)[4095] ^= 0x10;	/* one bit of payload */
	CHECK(stamp_check(b, sizeof(b), 7, 3) == STAMP_BAD_CHECKSUM);
	memcpy(b, a, sizeof(a));
	b[2] = 4;				/* a forged generation */
	CHECK(stamp_check(b, sizeof(b), 7, 4) == STAMP_BAD_CHECKSUM);

	page_fill(b, sizeof(b), 0x1d1e1d1e1d1eull);	/* KSM's idle page */
	CHECK(stamp_check(b, sizeof(b), 7, 3) == STAMP_BAD_MAGIC);
	memset(b, 0, sizeof(b));
	CHECK(stamp_check(b, sizeof(b), 0, 0) == STAMP_BAD_MAGIC);
	CHECK(!strcmp(stamp_verdict_name(STAMP_WRONG_GEN), "wrong-generation"));
}

TEST(stamp_generations_differ_in_payload)
{
	static uint64_t a[512], b[512];

	stamp_fill(a, sizeof(a), 1, 1);
	stamp_fill(b, sizeof(b), 1, 2);
	CHECK(memcmp(a + 4, b + 4, sizeof(a) - 32));
	stamp_fill(b, sizeof(b), 2, 1);
	CHECK(memcmp(a + 4, b + 4, sizeof(a) - 32));
}
