// SPDX-License-Identifier: GPL-2.0
#include "plant.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksm_sysfs.h"
#include "pagegen.h"
#include "xxh64.h"

#define PS XXH64_COLLIDE_PAGE

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The non-zero id with the most pages in @ids (the smallest on a tie) */
static uint64_t most_common(const uint64_t *ids, size_t n, uint64_t *count)
{
	uint64_t *s = malloc((n ? n : 1) * sizeof(*s)), best = 0, run;

	*count = 0;
	if (!s)
		return 0;
	memcpy(s, ids, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	for (size_t i = 0; i < n; i += run) {
		for (run = 1; i + run < n && s[i + run] == s[i]; run++)
			;
		if (s[i] != CONTENT_ZERO && run > *count) {
			*count = run;
			best = s[i];
		}
	}
	free(s);
	return best;
}

int plant_build(struct plant *pl, enum xxh64_collide_kind kind, uint64_t pairs,
		uint64_t singles, const uint64_t *ids, size_t n)
{
	unsigned char target[PS];
	size_t k = 0, per = (size_t)(2 * pairs + singles);

	memset(pl, 0, sizeof(*pl));
	if (pairs + singles > xxh64_collide_max(kind) || pairs > (1u << 20) ||
	    singles > (1u << 20))
		return -EINVAL;
	pl->kind = kind;
	pl->pairs = pairs;
	pl->singles = singles;
	pl->targets[0] = (struct plant_target){ .name = "zero", .id = CONTENT_ZERO };
	pl->targets[1] = (struct plant_target){ .name = "most_common" };
	pl->targets[1].id = most_common(ids, n, &pl->targets[1].profile_pages);
	if (!pl->targets[1].profile_pages)
		pl->targets[1].id = 1;	/* none: still a content other than zero */
	for (size_t i = 0; i < n; i++)
		pl->targets[0].profile_pages += ids[i] == CONTENT_ZERO;
	pl->npages = PLANT_TARGETS * per;
	pl->pages = malloc((pl->npages ? pl->npages : 1) * PS);
	if (!pl->pages)
		return -ENOMEM;
	/*
	 * First copies of every pair and the singles, then the second copies:
	 * while ksmd scans the first part, the unstable tree fills with
	 * contents of one checksum before any of them has a partner.
	 */
	for (int t = 0; t < PLANT_TARGETS; t++) {
		struct plant_target *pt = &pl->targets[t];

		page_fill(target, PS, pt->id);
		pt->xxh64 = xxh64(target, PS, 0);
		for (uint64_t i = 0; i < pairs + singles; i++, k++) {
			unsigned char *p = pl->pages + k * PS;

			xxh64_collide_page(kind, target, 0, i, p);
			pt->colliding_seed0 += xxh64(p, PS, 0) == pt->xxh64;
		}
	}
	for (int t = 0; t < PLANT_TARGETS; t++) {
		page_fill(target, PS, pl->targets[t].id);
		for (uint64_t i = 0; i < pairs; i++, k++)
			xxh64_collide_page(kind, target, 0, i, pl->pages + k * PS);
	}
	return 0;
}

void plant_free(struct plant *pl)
{
	free(pl->pages);
	pl->pages = NULL;
}

int plant_expect(struct plant *pl, const struct merge_expectation *total)
{
	struct page_key *keys = calloc(pl->npages + 1, sizeof(*keys));
	bool *zero = calloc(pl->npages + 1, sizeof(*zero));	/* crafted pages never are */
	uint64_t mps = 256;
	int err = -ENOMEM;

	pl->total = *total;
	ksm_read_u64("max_page_sharing", &mps);
	if (keys && zero) {
		for (size_t i = 0; i < pl->npages; i++)
			keys[i] = page_hash128(pl->pages + i * PS, PS);
		err = expected_merge(keys, zero, pl->npages, mps, false, &pl->expect);
	}
	free(keys);
	free(zero);
	return err;
}

void plant_phase2_expect(const struct plant *pl, struct merge_expectation *out)
{
	const struct merge_expectation *t = &pl->total, *p = &pl->expect;

	*out = *t;
	out->pages -= p->pages;
	out->classes -= p->classes;
	out->pages_shared -= p->pages_shared;
	out->unmergeable -= p->unmergeable;
	/* a first phase short of its count leaves the rest to this one */
	out->pages_sharing = t->pages_sharing > pl->phase1.pages_sharing ?
			     t->pages_sharing - pl->phase1.pages_sharing : 0;
}

bool plant_converged(const struct plant *pl)
{
	return pl->phase1.converged && pl->total_sharing == pl->total.pages_sharing;
}

static void write_phase1(struct json_writer *w, const struct plant *pl)
{
	const struct plant_phase1 *p1 = &pl->phase1;

	json_begin_object(w, "phase1");
	json_bool(w, "converged", p1->converged);
	json_string(w, "stop_reason", p1->stop_reason ? p1->stop_reason : "not run");
	json_double(w, "seconds", p1->seconds);
	json_double(w, "fill_seconds", p1->fill_seconds);
	json_double(w, "ksmd_cpu_seconds", p1->ksmd_cpu_seconds);
	json_uint(w, "full_scans", p1->full_scans);
	json_uint(w, "pages_shared", p1->pages_shared);
	json_uint(w, "pages_sharing", p1->pages_sharing);
	json_uint(w, "expected_pages_shared", pl->expect.pages_shared);
	json_uint(w, "expected_pages_sharing", pl->expect.pages_sharing);
	json_end_object(w);
}

void plant_write_json(struct json_writer *w, const struct plant *pl)
{
	char hex[20];

	json_begin_object(w, "collisions");
	json_string(w, "kind", xxh64_collide_kind_name(pl->kind));
	json_uint(w, "pairs_per_target", pl->pairs);
	json_uint(w, "singles_per_target", pl->singles);
	json_uint(w, "planted_pages", pl->npages);
	json_uint(w, "planted_contents", pl->expect.classes);
	json_begin_array(w, "targets");
	for (int t = 0; t < PLANT_TARGETS; t++) {
		const struct plant_target *pt = &pl->targets[t];

		json_begin_object(w, NULL);
		json_string(w, "name", pt->name);
		json_uint(w, "content_id", pt->id);
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)pt->xxh64);
		json_string(w, "xxh64_seed0", hex);
		json_uint(w, "profile_pages", pt->profile_pages);
		json_uint(w, "planted_colliding_seed0", pt->colliding_seed0);
		json_end_object(w);
	}
	json_end_array(w);
	write_phase1(w, pl);
	if (pl->planted_merging >= 0)
		json_uint(w, "planted_ksm_merging_pages", (uint64_t)pl->planted_merging);
	else
		json_null(w, "planted_ksm_merging_pages");
	json_uint(w, "expected_total_pages_sharing", pl->total.pages_sharing);
	json_uint(w, "total_pages_sharing", pl->total_sharing);
	json_bool(w, "converged", plant_converged(pl));
	json_end_object(w);
}

void plant_summary(const struct plant *pl)
{
	const struct plant_phase1 *p1 = &pl->phase1;

	fprintf(stderr, "  planted %zu %s pages (%llu pairs + %llu singles for each of the zero"
		" page and content %llu)\n  phase 1 %s after %.2f s: pages_sharing %llu of %llu;"
		" both phases %llu of %llu\n", pl->npages, xxh64_collide_kind_name(pl->kind),
		(unsigned long long)pl->pairs, (unsigned long long)pl->singles,
		(unsigned long long)pl->targets[1].id,
		p1->stop_reason ? p1->stop_reason : "not run", p1->seconds,
		(unsigned long long)p1->pages_sharing,
		(unsigned long long)pl->expect.pages_sharing,
		(unsigned long long)pl->total_sharing,
		(unsigned long long)pl->total.pages_sharing);
}
