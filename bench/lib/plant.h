/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plant.h - merge_throughput --collisions: pages crafted to share the
 * XXH64 of a profile's common contents (xxh64_collide.h), planted as KSM
 * pages before the profile's pages exist.
 *
 * Two targets: the zero page and the profile's most common non-zero
 * content.  For each, @pairs crafted contents written twice (so KSM makes
 * each a KSM page: a stable node under the target's checksum, 1 shared +
 * 1 sharing) and @singles written once (never merged: they stay in the
 * unstable tree, flooding it under the target's checksum).  A kernel whose
 * index gives a checksum a few candidates then misses the genuine page;
 * stock KSM, whose trees compare contents, does not care.
 */
#ifndef KSMBENCH_PLANT_H
#define KSMBENCH_PLANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "profile.h"
#include "xxh64_collide.h"

#define PLANT_TARGETS	2

struct plant_target {
	const char *name;		/* "zero", "most_common" */
	uint64_t id;			/* content id (pagegen.h) */
	uint64_t profile_pages;		/* pages of the profile holding it */
	uint64_t xxh64;			/* its checksum, seed 0 */
	uint64_t colliding_seed0;	/* planted contents with that checksum */
};

/* What the run measured while only the planted pages existed */
struct plant_phase1 {
	bool converged;
	const char *stop_reason;
	double seconds, fill_seconds, ksmd_cpu_seconds;	/* NAN: unknown */
	uint64_t full_scans, pages_shared, pages_sharing;
};

struct plant {
	enum xxh64_collide_kind kind;
	uint64_t pairs, singles;	/* per target */
	struct plant_target targets[PLANT_TARGETS];
	unsigned char *pages;		/* what the planting process writes */
	size_t npages;
	/* filled in by the run */
	struct merge_expectation expect;	/* of the planted pages alone */
	struct merge_expectation total;		/* of the whole workload */
	struct plant_phase1 phase1;
	uint64_t total_sharing;		/* pages_sharing growth over both phases */
	long long planted_merging;	/* the planter's ksm_merging_pages; -1 unknown */
};

/*
 * Crafts the pages for a profile of content ids @ids[0..n): @pairs merged
 * pairs and @singles single pages of @kind per target.  Returns 0,
 * -EINVAL when pairs + singles exceed what @kind has, or -ENOMEM.
 */
int plant_build(struct plant *pl, enum xxh64_collide_kind kind, uint64_t pairs,
		uint64_t singles, const uint64_t *ids, size_t n);
void plant_free(struct plant *pl);

/*
 * pl->expect: what KSM makes of the planted pages alone (expected_merge(),
 * max_page_sharing as set now); pl->total = @total, the whole workload's.
 * Returns 0 or -ENOMEM.
 */
int plant_expect(struct plant *pl, const struct merge_expectation *total);

/*
 * What the second phase must add, once the first grew pages_sharing by
 * pl->phase1.pages_sharing: the whole workload's expectation less the
 * planted pages', its pages_sharing what takes the counter from the first
 * phase's start to the whole's exact count.
 */
void plant_phase2_expect(const struct plant *pl, struct merge_expectation *out);

/* True when the first phase converged and the whole grew by exactly its count */
bool plant_converged(const struct plant *pl);

/* The "collisions" object of the JSON: kind, counts, targets, phase 1, totals */
void plant_write_json(struct json_writer *w, const struct plant *pl);
/* Its summary lines on stderr */
void plant_summary(const struct plant *pl);

#endif
