// SPDX-License-Identifier: GPL-2.0
#include "profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* zipf: 10% zero pages, 20% unique, the rest in duplicate classes */
#define ZIPF_ZERO_PCT		10
#define ZIPF_UNIQUE_PCT		20
#define ZIPF_MAX_CLASS		256

const char *profile_names(void)
{
	return "identical, distinct-pairs, worst-case, zipf, unique";
}

bool profile_known(const char *name)
{
	static const char * const known[] = {
		"identical", "distinct-pairs", "worst-case", "zipf", "unique",
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i]))
			return true;
	return false;
}

/* Fills ids[i..] with @copies copies of each next id; returns the new i. */
static size_t put_class(uint64_t *ids, size_t i, size_t n, uint64_t id,
			size_t copies)
{
	while (copies-- && i < n)
		ids[i++] = id;
	return i;
}

/*
 * Zipf-like duplication: duplicate pages are spread over class sizes 2..256
 * so that the share of pages in classes of size s falls as 1/s (the number
 * of classes of size s as 1/s^2) - many pairs, a long tail of popular
 * contents, as in the RAM of similar VMs.
 */
static size_t fill_zipf(uint64_t *ids, size_t n, uint64_t *next_id)
{
	size_t i = 0, dup_pages = n * (100 - ZIPF_ZERO_PCT - ZIPF_UNIQUE_PCT) / 100;
	double harmonic = 0;

	i = put_class(ids, i, n, CONTENT_ZERO, n * ZIPF_ZERO_PCT / 100);
	for (unsigned int s = 2; s <= ZIPF_MAX_CLASS; s++)
		harmonic += 1.0 / s;
	for (unsigned int s = 2; s <= ZIPF_MAX_CLASS; s++) {
		size_t classes = (size_t)((double)dup_pages / harmonic / s / s);

		while (classes--)
			i = put_class(ids, i, n, (*next_id)++, s);
	}
	return i;	/* the rest is unique */
}

uint64_t *profile_generate(const char *name, size_t npages, uint64_t seed)
{
	uint64_t *ids, next_id = 1, state = seed;
	size_t i = 0;

	if (!profile_known(name) || !npages) {
		errno = EINVAL;
		return NULL;
	}
	ids = malloc(npages * sizeof(*ids));
	if (!ids)
		return NULL;
	if (!strcmp(name, "identical")) {
		i = put_class(ids, 0, npages, next_id, npages);
	} else if (!strcmp(name, "distinct-pairs")) {
		while (i + 1 < npages)
			i = put_class(ids, i, npages, next_id++, 2);
	} else if (!strcmp(name, "worst-case")) {
		while (i + 1 < npages)
			i = put_class(ids, i, npages, CONTENT_TAIL_ONLY | next_id++, 2);
	} else if (!strcmp(name, "zipf")) {
		i = fill_zipf(ids, npages, &next_id);
	}
	while (i < npages)	/* leftovers, and the whole "unique" profile */
		ids[i++] = next_id++;

	/* Fisher-Yates: copies land in different places and processes */
	for (size_t j = npages - 1; j > 0; j--) {
		size_t k = (size_t)(splitmix64(&state) % (j + 1));
		uint64_t t = ids[j];

		ids[j] = ids[k];
		ids[k] = t;
	}
	return ids;
}

void expected_class(uint64_t n, uint64_t max_page_sharing,
		    uint64_t *shared, uint64_t *sharing)
{
	uint64_t full = n / max_page_sharing, rest = n % max_page_sharing;

	if (n < 2) {
		*shared = 0;
		*sharing = 0;
		return;
	}
	if (rest == 1)
		n--;	/* a lone leftover page has no partner */
	*shared = full + (rest >= 2);
	*sharing = n - *shared;
}

int expected_merge(const struct page_key *keys, const bool *is_zero, size_t n,
		   uint64_t max_page_sharing, bool use_zero_pages,
		   struct merge_expectation *out)
{
	struct page_key *sorted = malloc((n ? n : 1) * sizeof(*sorted));
	size_t m = 0, run;
	uint64_t shared, sharing;

	memset(out, 0, sizeof(*out));
	if (!sorted)
		return -ENOMEM;
	out->pages = n;
	if (max_page_sharing < 2)
		max_page_sharing = 2;
	for (size_t i = 0; i < n; i++) {
		if (is_zero[i])
			out->zero_pages++;
		else
			sorted[m++] = keys[i];
	}
	if (use_zero_pages) {
		out->zero_merged = out->zero_pages;
	} else {
		expected_class(out->zero_pages, max_page_sharing, &shared, &sharing);
		out->pages_shared += shared;
		out->pages_sharing += sharing;
		out->unmergeable += out->zero_pages - shared - sharing;
	}
	qsort(sorted, m, sizeof(*sorted), page_key_cmp);
	for (size_t i = 0; i < m; i += run) {
		for (run = 1; i + run < m && !page_key_cmp(&sorted[i], &sorted[i + run]); run++)
			;
		out->classes++;
		expected_class(run, max_page_sharing, &shared, &sharing);
		out->pages_shared += shared;
		out->pages_sharing += sharing;
		out->unmergeable += run - shared - sharing;
	}
	free(sorted);
	return 0;
}
