// SPDX-License-Identifier: GPL-2.0
/* merge_throughput --collisions: what is planted, and what KSM must make of each phase. */
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

/* How many pages of @ids are zero, and of the most common non-zero content */
static void count_targets(const uint64_t *ids, size_t n, uint64_t *zeros, uint64_t *best)
{
	uint64_t *sorted = malloc(n * sizeof(*ids));

	*zeros = *best = 0;
	if (!sorted)
		return;
	memcpy(sorted, ids, n * sizeof(*ids));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && sorted[i + run] == sorted[i]; run++)
			;
		if (sorted[i] == CONTENT_ZERO)
			*zeros = run;
		else if (run > *best)
			*best = run;
	}
	free(sorted);
}

TEST(plant_targets_and_pages)
{
	size_t n = 16384;
	uint64_t *ids = profile_generate("zipf", n, 1), zeros, best;
	struct plant_config cfg = { .kind = XXH64_COLLIDE_SEED0, .pairs = 5, .singles = 3,
				    .extra = 4, .procs = 3 };
	struct plant pl;
	unsigned char target[PS];

	CHECK(plant_build(&pl, &cfg, ids, n) == 0);
	count_targets(ids, n, &zeros, &best);
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
	/* each process's extra pages: 4 of each target, alternating */
	CHECK_EQ_U64(pl.nextra, 8);
	for (size_t i = 0; i < pl.nextra; i++)
		CHECK_EQ_U64(pl.extra_ids[i], pl.targets[i % 2].id);
	plant_free(&pl);

	/* seed-independent: 1016 per target at most */
	cfg.kind = XXH64_COLLIDE_SEED_INDEPENDENT;
	cfg.pairs = 1000;
	cfg.singles = 17;
	CHECK(plant_build(&pl, &cfg, ids, n) == -EINVAL);
	plant_free(&pl);
	cfg.singles = 16;
	CHECK(plant_build(&pl, &cfg, ids, n) == 0);
	CHECK_EQ_U64(pl.targets[0].colliding_seed0 + pl.targets[1].colliding_seed0 > 0, 1);
	plant_free(&pl);
	free(ids);
}

/* 5 zero pages, 3 of content 7 (the most common), one of content 9 */
static const uint64_t tiny[] = { 0, 7, 0, 9, 7, 0, 0, 7, 0 };

#define CHECK_PHASE(pl, k, shared, sharing)					\
	do {									\
		CHECK_EQ_U64((pl).phases[k].expect.pages_shared, shared);	\
		CHECK_EQ_U64((pl).phases[k].expect.pages_sharing, sharing);	\
	} while (0)

TEST(plant_phase_expectations)
{
	/* 5 pairs + 3 singles per target; 2 processes add 2 of each target */
	struct plant_config cfg = { .kind = XXH64_COLLIDE_SEED0, .pairs = 5, .singles = 3,
				    .extra = 2, .procs = 2 };
	struct merge_expectation e;
	struct plant pl;

	CHECK(plant_build(&pl, &cfg, tiny, 9) == 0);
	CHECK_EQ_U64(pl.targets[1].id, 7);
	CHECK_STR(plant_step_name(plant_step(&pl, 0)), "profile");
	CHECK_STR(plant_step_name(plant_step(&pl, 1)), "plant");
	CHECK_STR(plant_step_name(plant_step(&pl, 2)), "extra");
	CHECK(plant_expect(&pl, tiny, 9, 256) == 0);
	/* 1: zero x5 (1 + 4), 7 x3 (1 + 2), 9 alone */
	CHECK_PHASE(pl, 0, 2, 6);
	CHECK_EQ_U64(pl.phases[0].expect.pages, 9);
	CHECK_EQ_U64(pl.phases[0].expect.unmergeable, 1);
	/* 2: and 10 planted pairs (10 + 10), 6 planted singles alone */
	CHECK_PHASE(pl, 1, 12, 16);
	CHECK_EQ_U64(pl.phases[1].expect.pages, 35);
	CHECK_EQ_U64(pl.phases[1].expect.unmergeable, 7);
	/* 3: zero x9 (1 + 8), 7 x7 (1 + 6): the new copies join, no new KSM page */
	CHECK_PHASE(pl, 2, 12, 24);
	CHECK_EQ_U64(pl.phases[2].expect.pages, 43);
	CHECK_EQ_U64(pl.phases[2].expect.zero_pages, 9);

	/* what each phase must add, from where the previous one really got */
	pl.phases[0].pages_sharing = 6;
	plant_phase_expect(&pl, 1, &e);
	CHECK_EQ_U64(e.pages_sharing, 10);
	CHECK_EQ_U64(e.pages_shared, 10);
	CHECK_EQ_U64(e.pages, 26);
	CHECK_EQ_U64(e.classes, 16);
	CHECK_EQ_U64(e.unmergeable, 6);
	pl.phases[1].pages_sharing = 16;
	plant_phase_expect(&pl, 2, &e);
	CHECK_EQ_U64(e.pages_sharing, 8);
	CHECK_EQ_U64(e.pages_shared, 0);
	CHECK_EQ_U64(e.pages, 8);
	pl.phases[1].pages_sharing = 15;	/* one left to phase 3 */
	plant_phase_expect(&pl, 2, &e);
	CHECK_EQ_U64(e.pages_sharing, 9);
	plant_phase_expect(&pl, 0, &e);
	CHECK_EQ_U64(e.pages_sharing, 6);

	/* converged: every phase, and the last at the whole's exact count */
	for (int k = 0; k < PLANT_PHASES; k++)
		pl.phases[k].converged = true;
	pl.phases[2].pages_sharing = 24;
	CHECK(plant_converged(&pl));
	pl.phases[2].pages_sharing = 22;	/* v1: a second KSM page per target */
	CHECK(!plant_converged(&pl));
	pl.phases[2].pages_sharing = 24;
	pl.phases[1].converged = false;
	CHECK(!plant_converged(&pl));

	/* max_page_sharing 4: chains; 4 new copies of each need more KSM pages */
	CHECK(plant_expect(&pl, tiny, 9, 4) == 0);
	CHECK_PHASE(pl, 0, 2, 5);	/* zero x5: 1 + 3, and one alone */
	CHECK_PHASE(pl, 1, 12, 15);
	CHECK_PHASE(pl, 2, 14, 21);	/* zero x9: 2 x (1 + 3) + 1 alone; 7 x7: 1 + 3, 1 + 2 */
	plant_free(&pl);
}

TEST(plant_order_first)
{
	struct plant_config cfg = { .kind = XXH64_COLLIDE_SEED0, .order = PLANT_FIRST,
				    .pairs = 5, .singles = 3, .extra = 2, .procs = 2 };
	enum plant_order order;
	struct plant pl;

	CHECK(plant_parse_order("first", &order) == 0 && order == PLANT_FIRST);
	CHECK(plant_parse_order("after", &order) == 0 && order == PLANT_AFTER);
	CHECK(plant_parse_order("before", &order) == -1);
	CHECK_STR(plant_order_name(PLANT_FIRST), "first");
	CHECK(plant_build(&pl, &cfg, tiny, 9) == 0);
	CHECK_STR(plant_step_name(plant_step(&pl, 0)), "plant");
	CHECK_STR(plant_step_name(plant_step(&pl, 1)), "profile");
	CHECK(plant_expect(&pl, tiny, 9, 256) == 0);
	CHECK_PHASE(pl, 0, 10, 10);	/* the planted pages alone */
	CHECK_PHASE(pl, 1, 12, 16);
	CHECK_PHASE(pl, 2, 12, 24);
	plant_free(&pl);
}

TEST(plant_shared_host)
{
	/* judged by our own ksm_merging_pages: the global counters are not ours */
	struct plant_config cfg = { .kind = XXH64_COLLIDE_SEED0, .pairs = 5, .singles = 3,
				    .extra = 2, .procs = 2, .shared = true };
	struct merge_expectation e;
	struct plant pl;

	CHECK(plant_build(&pl, &cfg, tiny, 9) == 0);
	CHECK(plant_expect(&pl, tiny, 9, 256) == 0);
	/* what our processes hold in all: pages_shared + pages_sharing so far */
	CHECK_EQ_U64(plant_phase_own_target(&pl, 0), 8);
	CHECK_EQ_U64(plant_phase_own_target(&pl, 1), 28);
	CHECK_EQ_U64(plant_phase_own_target(&pl, 2), 36);
	/* another process's merging moved the counter: each phase adds its expected share */
	pl.phases[0].pages_sharing = 106;
	plant_phase_expect(&pl, 1, &e);
	CHECK_EQ_U64(e.pages_sharing, 10);
	pl.phases[1].pages_sharing = 3;
	plant_phase_expect(&pl, 2, &e);
	CHECK_EQ_U64(e.pages_sharing, 8);
	for (int k = 0; k < PLANT_PHASES; k++)
		pl.phases[k].converged = true;
	pl.phases[2].pages_sharing = 500;	/* a cross-check only */
	pl.phases[2].own_merging = 36;
	CHECK(plant_converged(&pl));
	pl.phases[2].own_merging = 35;
	CHECK(!plant_converged(&pl));
	plant_free(&pl);
}
