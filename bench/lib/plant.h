/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plant.h - merge_throughput --collisions: pages crafted to share the
 * XXH64 of a profile's common contents (xxh64_collide.h), planted as KSM
 * pages beside the profile's, and new copies of those contents written
 * afterwards.
 *
 * Two targets: the zero page and the profile's most common non-zero
 * content.  For each, @pairs crafted contents written twice (so KSM makes
 * each a KSM page: a stable node under the target's checksum, 1 shared +
 * 1 sharing) and @singles written once (never merged: they stay in the
 * unstable tree, flooding it under the target's checksum).
 *
 * Three phases, each run until KSM holds exactly what every page written
 * so far allows (expected_merge()):
 *   after (default): the profile; then the planted pages; then @extra new
 *     pages of each target in every profile process.  An index that looks
 *     at only the first few nodes of a checksum, newest first, no longer
 *     finds the genuine KSM page behind the planted ones: the new copies
 *     make a second KSM page, and the run never converges exactly.
 *   first: the planted pages, then the profile, then the extra pages (the
 *     genuine node is the newest: harmless to such an index, a control).
 * Stock KSM, whose trees compare contents, converges in both orders.
 *
 * A phase is judged by the global counters, or on a shared host (other
 * processes move those) by the ksm_merging_pages of our processes so far
 * against expect.pages_shared + expect.pages_sharing: every page they hold
 * in the stable tree.  The global counts are still reported beside it.
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
#define PLANT_PHASES	3

enum plant_order { PLANT_AFTER, PLANT_FIRST };
/* What a phase writes before ksmd runs */
enum plant_step { PLANT_STEP_PROFILE, PLANT_STEP_PLANT, PLANT_STEP_EXTRA };

struct plant_target {
	const char *name;		/* "zero", "most_common" */
	uint64_t id;			/* content id (pagegen.h) */
	uint64_t profile_pages;		/* pages of the profile holding it */
	uint64_t xxh64;			/* its checksum, seed 0 */
	uint64_t colliding_seed0;	/* planted contents with that checksum */
};

/* One phase as measured; counts are growth since the first phase started */
struct plant_phase {
	bool ran, converged;
	const char *stop_reason;
	double seconds, fill_seconds, ksmd_cpu_seconds;	/* NAN: unknown */
	const char *ksmd_cpu_source;			/* NULL: unknown */
	uint64_t full_scans, pages_shared, pages_sharing;
	uint64_t own_merging;		/* shared host: our processes' ksm_merging_pages */
	struct merge_expectation expect;	/* of every page written so far */
};

struct plant_config {
	enum xxh64_collide_kind kind;
	enum plant_order order;
	uint64_t pairs, singles;	/* per target */
	uint64_t extra;			/* per target and profile process */
	uint64_t procs;			/* profile processes */
	bool shared;			/* judged by our own ksm_merging_pages */
};

struct plant {
	struct plant_config cfg;
	struct plant_target targets[PLANT_TARGETS];
	unsigned char *pages;		/* what the planting process writes */
	size_t npages;
	uint64_t *extra_ids;		/* what each profile process adds last */
	size_t nextra;			/* PLANT_TARGETS * cfg.extra */
	struct plant_phase phases[PLANT_PHASES];	/* in the order run */
	long long planted_merging;	/* the planter's ksm_merging_pages; -1 unknown */
};

/* "after" or "first" into @out: 0, or -1 for anything else */
int plant_parse_order(const char *s, enum plant_order *out);
const char *plant_order_name(enum plant_order order);
/* What phase @k (0-based, < PLANT_PHASES) writes, and its name */
enum plant_step plant_step(const struct plant *pl, int k);
const char *plant_step_name(enum plant_step step);

/*
 * Crafts the pages for a profile of content ids @ids[0..n) as @cfg says.
 * Returns 0, -EINVAL when pairs + singles exceed what the kind has, or
 * -ENOMEM.
 */
int plant_build(struct plant *pl, const struct plant_config *cfg, const uint64_t *ids,
		size_t n);
void plant_free(struct plant *pl);

/*
 * Every phase's expect: expected_merge() over the pages written up to and
 * including it (profile @ids[0..n), planted, extra), @max_page_sharing as
 * set.  Zero pages count in the stable tree: the caller rejects
 * use_zero_pages=1.  Returns 0 or -ENOMEM.
 */
int plant_expect(struct plant *pl, const uint64_t *ids, size_t n, uint64_t max_page_sharing);

/*
 * What phase @k must add: its expectation less the previous phase's,
 * pages_sharing what takes the counter from where the previous phase
 * really got (phases[k - 1].pages_sharing) to phase @k's exact count; on a
 * shared host, where that counter is not ours alone, from the previous
 * phase's expectation.
 */
void plant_phase_expect(const struct plant *pl, int k, struct merge_expectation *out);

/*
 * The count phase @k is judged by on a shared host: every page our
 * processes must hold in the stable tree then.
 */
uint64_t plant_phase_own_target(const struct plant *pl, int k);

/*
 * True when every phase converged and the last holds exactly the whole's
 * count: pages_sharing, or on a shared host our own ksm_merging_pages
 */
bool plant_converged(const struct plant *pl);

/* The "collisions" object of the JSON: config, targets, phases, totals */
void plant_write_json(struct json_writer *w, const struct plant *pl);
/* Its summary lines on stderr */
void plant_summary(const struct plant *pl);

#endif
