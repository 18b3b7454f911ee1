// SPDX-License-Identifier: GPL-2.0
/* merge_throughput --collisions: what is planted, and what KSM must make of it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/pagegen.h"
#include "lib/plant.h"
#include "lib/xxh64.h"

#define PS XXH64_COLLIDE_PAGE

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

TEST(plant_targets_pages_and_expectations)
{
	size_t n = 16384;
	uint64_t *ids = profile_generate("zipf", n, 1), *sorted = malloc(n * sizeof(*ids));
	uint64_t zeros = 0, best = 0;
	struct merge_expectation total = { .pages = 1000, .classes = 300, .pages_shared = 300,
					   .pages_sharing = 600, .unmergeable = 100 };
	struct merge_expectation e2;
	struct plant pl;
	unsigned char target[PS];

	CHECK(plant_build(&pl, XXH64_COLLIDE_SEED0, 5, 3, ids, n) == 0);
	memcpy(sorted, ids, n * sizeof(*ids));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && sorted[i + run] == sorted[i]; run++)
			;
		if (sorted[i] == CONTENT_ZERO)
			zeros = run;
		else if (run > best)
			best = run;
	}
	CHECK_STR(pl.targets[0].name, "zero");
	CHECK_EQ_U64(pl.targets[0].profile_pages, zeros);
	CHECK_EQ_U64(pl.targets[1].profile_pages, best);
	CHECK(pl.targets[1].id != CONTENT_ZERO);
	CHECK_EQ_U64(pl.npages, 26);	/* 2 targets x (5 pairs + 3 singles) */
	/* every page has its target's checksum; first copies, singles, second copies */
	for (size_t t = 0; t < PLANT_TARGETS; t++) {
		page_fill(target, PS, pl.targets[t].id);
		CHECK_EQ_U64(pl.targets[t].xxh64, xxh64(target, PS, 0));
		CHECK_EQ_U64(pl.targets[t].colliding_seed0, 8);
		for (size_t i = 0; i < 8; i++)
			CHECK_EQ_U64(xxh64(pl.pages + (t * 8 + i) * PS, PS, 0), pl.targets[t].xxh64);
		for (size_t i = 0; i < 5; i++)
			CHECK(!memcmp(pl.pages + (t * 8 + i) * PS, pl.pages + (16 + t * 5 + i) * PS, PS));
	}
	/* 10 pairs, 6 singles: 10 KSM pages, 10 sharing, 6 alone */
	CHECK(plant_expect(&pl, &total) == 0);
	CHECK_EQ_U64(pl.expect.pages, 26);
	CHECK_EQ_U64(pl.expect.classes, 16);
	CHECK_EQ_U64(pl.expect.pages_shared, 10);
	CHECK_EQ_U64(pl.expect.pages_sharing, 10);
	CHECK_EQ_U64(pl.expect.unmergeable, 6);
	/* phase 2: the rest of the whole, from where phase 1 got */
	pl.phase1.pages_sharing = 10;
	plant_phase2_expect(&pl, &e2);
	CHECK_EQ_U64(e2.pages_sharing, 590);
	CHECK_EQ_U64(e2.pages_shared, 290);
	CHECK_EQ_U64(e2.pages, 974);
	CHECK_EQ_U64(e2.unmergeable, 94);
	pl.phase1.pages_sharing = 7;	/* three pairs left to phase 2 */
	plant_phase2_expect(&pl, &e2);
	CHECK_EQ_U64(e2.pages_sharing, 593);
	pl.phase1.converged = true;
	pl.total_sharing = 600;
	CHECK(plant_converged(&pl));
	pl.total_sharing = 599;
	CHECK(!plant_converged(&pl));
	plant_free(&pl);

	/* seed-independent: 1016 per target at most */
	CHECK(plant_build(&pl, XXH64_COLLIDE_SEED_INDEPENDENT, 1000, 17, ids, n) == -EINVAL);
	plant_free(&pl);
	CHECK(plant_build(&pl, XXH64_COLLIDE_SEED_INDEPENDENT, 1000, 16, ids, n) == 0);
	CHECK_EQ_U64(pl.targets[0].colliding_seed0 + pl.targets[1].colliding_seed0 > 0, 1);
	plant_free(&pl);
	free(ids);
	free(sorted);
}
