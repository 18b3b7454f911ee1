// SPDX-License-Identifier: GPL-2.0
#include "plant.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const enum plant_step orders[][PLANT_PHASES] = {
	[PLANT_AFTER] = { PLANT_STEP_PROFILE, PLANT_STEP_PLANT, PLANT_STEP_EXTRA },
	[PLANT_FIRST] = { PLANT_STEP_PLANT, PLANT_STEP_PROFILE, PLANT_STEP_EXTRA },
};

int plant_parse_order(const char *s, enum plant_order *out)
{
	if (!strcmp(s, "after"))
		*out = PLANT_AFTER;
	else if (!strcmp(s, "first"))
		*out = PLANT_FIRST;
	else
		return -1;
	return 0;
}

const char *plant_order_name(enum plant_order order)
{
	return order == PLANT_FIRST ? "first" : "after";
}

enum plant_step plant_step(const struct plant *pl, int k)
{
	return orders[pl->cfg.order][k];
}

const char *plant_step_name(enum plant_step step)
{
	static const char *const names[] = {
		[PLANT_STEP_PROFILE] = "profile",
		[PLANT_STEP_PLANT] = "plant",
		[PLANT_STEP_EXTRA] = "extra",
	};

	return names[step];
}

/* The targets, and how many pages of the profile hold each */
static void find_targets(struct plant *pl, const uint64_t *ids, size_t n)
{
	pl->targets[0] = (struct plant_target){ .name = "zero", .id = CONTENT_ZERO };
	pl->targets[1] = (struct plant_target){ .name = "most_common" };
	pl->targets[1].id = most_common(ids, n, &pl->targets[1].profile_pages);
	if (!pl->targets[1].profile_pages)
		pl->targets[1].id = 1;	/* none: still a content other than zero */
	for (size_t i = 0; i < n; i++)
		pl->targets[0].profile_pages += ids[i] == CONTENT_ZERO;
}

/*
 * First copies of every pair and the singles, then the second copies:
 * while ksmd scans the first part, the unstable tree fills with contents
 * of one checksum before any of them has a partner.
 */
static void craft_pages(struct plant *pl)
{
	const struct plant_config *c = &pl->cfg;
	unsigned char target[PS];
	size_t k = 0;

	for (int t = 0; t < PLANT_TARGETS; t++) {
		struct plant_target *pt = &pl->targets[t];

		page_fill(target, PS, pt->id);
		pt->xxh64 = xxh64(target, PS, 0);
		for (uint64_t i = 0; i < c->pairs + c->singles; i++, k++) {
			unsigned char *p = pl->pages + k * PS;

			xxh64_collide_page(c->kind, target, 0, i, p);
			pt->colliding_seed0 += xxh64(p, PS, 0) == pt->xxh64;
		}
	}
	for (int t = 0; t < PLANT_TARGETS; t++) {
		page_fill(target, PS, pl->targets[t].id);
		for (uint64_t i = 0; i < c->pairs; i++, k++)
			xxh64_collide_page(c->kind, target, 0, i, pl->pages + k * PS);
	}
}

int plant_build(struct plant *pl, const struct plant_config *cfg, const uint64_t *ids,
		size_t n)
{
	memset(pl, 0, sizeof(*pl));
	pl->cfg = *cfg;
	pl->planted_merging = -1;
	if (cfg->pairs + cfg->singles > xxh64_collide_max(cfg->kind) ||
	    cfg->pairs > (1u << 20) || cfg->singles > (1u << 20) || cfg->extra > (1u << 20))
		return -EINVAL;
	find_targets(pl, ids, n);
	pl->npages = PLANT_TARGETS * (size_t)(2 * cfg->pairs + cfg->singles);
	pl->nextra = PLANT_TARGETS * (size_t)cfg->extra;
	pl->pages = malloc((pl->npages ? pl->npages : 1) * PS);
	pl->extra_ids = malloc((pl->nextra ? pl->nextra : 1) * sizeof(*pl->extra_ids));
	if (!pl->pages || !pl->extra_ids)
		return -ENOMEM;
	craft_pages(pl);
	/* the targets alternate, so each is spread over the reserved pages */
	for (size_t i = 0; i < pl->nextra; i++)
		pl->extra_ids[i] = pl->targets[i % PLANT_TARGETS].id;
	return 0;
}

void plant_free(struct plant *pl)
{
	free(pl->pages);
	free(pl->extra_ids);
	pl->pages = NULL;
	pl->extra_ids = NULL;
}

struct key_list {
	struct page_key *keys;
	bool *zero;
	size_t n;
};

static void add_id(struct key_list *l, uint64_t id)
{
	l->keys[l->n] = (struct page_key){ .a = id };
	l->zero[l->n++] = id == CONTENT_ZERO;
}

/* Appends the pages @step writes: content ids as merge_throughput keys them */
static void add_step(const struct plant *pl, enum plant_step step, const uint64_t *ids,
		     size_t n, struct key_list *l)
{
	switch (step) {
	case PLANT_STEP_PROFILE:
		for (size_t i = 0; i < n; i++)
			add_id(l, ids[i]);
		break;
	case PLANT_STEP_PLANT:	/* crafted pages are never zero */
		for (size_t i = 0; i < pl->npages; i++) {
			l->keys[l->n] = page_hash128(pl->pages + i * PS, PS);
			l->zero[l->n++] = false;
		}
		break;
	case PLANT_STEP_EXTRA:
		for (uint64_t p = 0; p < pl->cfg.procs; p++)
			for (size_t i = 0; i < pl->nextra; i++)
				add_id(l, pl->extra_ids[i]);
		break;
	}
}

int plant_expect(struct plant *pl, const uint64_t *ids, size_t n, uint64_t max_page_sharing)
{
	size_t all = n + pl->npages + pl->cfg.procs * pl->nextra + 1;
	struct key_list l = { calloc(all, sizeof(*l.keys)), calloc(all, sizeof(*l.zero)), 0 };
	int err = l.keys && l.zero ? 0 : -ENOMEM;

	for (int k = 0; k < PLANT_PHASES && !err; k++) {
		add_step(pl, plant_step(pl, k), ids, n, &l);
		err = expected_merge(l.keys, l.zero, l.n, max_page_sharing, false,
				     &pl->phases[k].expect);
	}
	free(l.keys);
	free(l.zero);
	return err;
}

void plant_phase_expect(const struct plant *pl, int k, struct merge_expectation *out)
{
	const struct merge_expectation *t = &pl->phases[k].expect;
	static const struct merge_expectation none;
	const struct merge_expectation *p = k ? &pl->phases[k - 1].expect : &none;
	uint64_t got = !k ? 0 : pl->cfg.shared ? p->pages_sharing : pl->phases[k - 1].pages_sharing;

	*out = *t;
	out->pages -= p->pages;
	out->classes -= p->classes;
	out->zero_pages -= p->zero_pages;
	out->pages_shared -= p->pages_shared;
	out->unmergeable = t->unmergeable > p->unmergeable ? t->unmergeable - p->unmergeable : 0;
	/* a phase short of its count leaves the rest to the next one */
	out->pages_sharing = t->pages_sharing > got ? t->pages_sharing - got : 0;
}

uint64_t plant_phase_own_target(const struct plant *pl, int k)
{
	return pl->phases[k].expect.pages_shared + pl->phases[k].expect.pages_sharing;
}

bool plant_converged(const struct plant *pl)
{
	const struct plant_phase *last = &pl->phases[PLANT_PHASES - 1];

	for (int k = 0; k < PLANT_PHASES; k++)
		if (!pl->phases[k].converged)
			return false;
	if (pl->cfg.shared)
		return last->own_merging == plant_phase_own_target(pl, PLANT_PHASES - 1);
	return last->pages_sharing == last->expect.pages_sharing;
}

static void write_phase(struct json_writer *w, const struct plant *pl, int k)
{
	const struct plant_phase *ph = &pl->phases[k];

	json_begin_object(w, plant_step_name(plant_step(pl, k)));
	json_uint(w, "index", (uint64_t)k + 1);
	json_bool(w, "converged", ph->converged);
	json_string(w, "stop_reason", ph->ran ? ph->stop_reason : "not run");
	json_string(w, "converged_by", pl->cfg.shared ? "own_ksm_merging_pages" : "pages_sharing");
	json_double(w, "seconds", ph->seconds);
	json_double(w, "fill_seconds", ph->fill_seconds);
	json_double(w, "ksmd_cpu_seconds", ph->ksmd_cpu_seconds);	/* NAN: null */
	json_string(w, "ksmd_cpu_source", ph->ksmd_cpu_source);
	json_uint(w, "full_scans", ph->full_scans);
	/* what our processes must hold in all; what they held on a shared host */
	json_uint(w, "expected_ksm_merging_pages", plant_phase_own_target(pl, k));
	if (pl->cfg.shared && ph->ran)
		json_uint(w, "own_ksm_merging_pages", ph->own_merging);
	else
		json_null(w, "own_ksm_merging_pages");
	/* since the first phase started: every page written so far (a cross-check when shared) */
	json_uint(w, "pages_shared", ph->pages_shared);
	json_uint(w, "pages_sharing", ph->pages_sharing);
	json_uint(w, "expected_pages_shared", ph->expect.pages_shared);
	json_uint(w, "expected_pages_sharing", ph->expect.pages_sharing);
	json_end_object(w);
}

static void write_targets(struct json_writer *w, const struct plant *pl)
{
	char hex[20];

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
		json_uint(w, "extra_pages", pl->cfg.extra * pl->cfg.procs);
		json_end_object(w);
	}
	json_end_array(w);
}

void plant_write_json(struct json_writer *w, const struct plant *pl)
{
	const struct plant_phase *last = &pl->phases[PLANT_PHASES - 1];

	json_begin_object(w, "collisions");
	json_string(w, "kind", xxh64_collide_kind_name(pl->cfg.kind));
	json_string(w, "order", plant_order_name(pl->cfg.order));
	json_uint(w, "pairs_per_target", pl->cfg.pairs);
	json_uint(w, "singles_per_target", pl->cfg.singles);
	json_uint(w, "extra_per_target_per_process", pl->cfg.extra);
	json_uint(w, "planted_pages", pl->npages);
	json_uint(w, "extra_pages", pl->nextra * pl->cfg.procs);
	write_targets(w, pl);
	json_begin_object(w, "phases");
	for (int k = 0; k < PLANT_PHASES; k++)
		write_phase(w, pl, k);
	json_end_object(w);
	if (pl->planted_merging >= 0)
		json_uint(w, "planted_ksm_merging_pages", (uint64_t)pl->planted_merging);
	else
		json_null(w, "planted_ksm_merging_pages");
	json_uint(w, "expected_total_pages_shared", last->expect.pages_shared);
	json_uint(w, "total_pages_shared", last->pages_shared);
	json_uint(w, "expected_total_pages_sharing", last->expect.pages_sharing);
	json_uint(w, "total_pages_sharing", last->pages_sharing);
	json_bool(w, "converged", plant_converged(pl));
	json_end_object(w);
}

void plant_summary(const struct plant *pl)
{
	fprintf(stderr, "  collisions (%s, order %s): %zu planted pages (%llu pairs + %llu singles"
		" for each of the zero page and content %llu), %llu extra of each per process\n",
		xxh64_collide_kind_name(pl->cfg.kind), plant_order_name(pl->cfg.order),
		pl->npages, (unsigned long long)pl->cfg.pairs, (unsigned long long)pl->cfg.singles,
		(unsigned long long)pl->targets[1].id, (unsigned long long)pl->cfg.extra);
	for (int k = 0; k < PLANT_PHASES; k++) {
		const struct plant_phase *ph = &pl->phases[k];

		fprintf(stderr, "  phase %d %-7s %s after %.2f s: pages_shared %llu of %llu,"
			" pages_sharing %llu of %llu\n", k + 1,
			plant_step_name(plant_step(pl, k)), ph->ran ? ph->stop_reason : "not run",
			ph->seconds, (unsigned long long)ph->pages_shared,
			(unsigned long long)ph->expect.pages_shared,
			(unsigned long long)ph->pages_sharing,
			(unsigned long long)ph->expect.pages_sharing);
		if (pl->cfg.shared)
			fprintf(stderr, "          shared host: own ksm_merging_pages %llu of %llu\n",
				(unsigned long long)ph->own_merging,
				(unsigned long long)plant_phase_own_target(pl, k));
	}
}
