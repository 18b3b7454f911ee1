/* SPDX-License-Identifier: GPL-2.0 */
/*
 * profile.h - workload profiles for merge benchmarks, and what KSM should
 * make of them.
 *
 * A profile is a list of content ids, one per page, shuffled so copies are
 * spread over the whole area (and over every process sharing it).  Because
 * the contents are known, so is the exact number of pages KSM must merge:
 * see expected_merge().
 */
#ifndef KSMBENCH_PROFILE_H
#define KSMBENCH_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagegen.h"

/* Returns the ids of @npages pages of profile @name, or NULL (errno set). */
uint64_t *profile_generate(const char *name, size_t npages, uint64_t seed);
bool profile_known(const char *name);
/* "identical, distinct-pairs, worst-case, zipf, unique" for messages. */
const char *profile_names(void);

struct merge_expectation {
	uint64_t pages;		/* pages in the workload */
	uint64_t classes;	/* distinct non-zero contents */
	uint64_t zero_pages;
	uint64_t pages_shared;	/* KSM pages (stable nodes and dups) */
	uint64_t pages_sharing;	/* extra mappings of them: the pages saved */
	uint64_t zero_merged;	/* pages mapped to the zero page (use_zero_pages) */
	uint64_t unmergeable;	/* pages that stay on their own */
};

/*
 * What a converged KSM holds for the contents @keys (one per page, zero
 * pages flagged in @is_zero) when each KSM page may have at most
 * @max_page_sharing mappers.  KSM fills the fullest non-full dup of a chain
 * first, so n copies of one content become floor(n/M) full KSM pages plus
 * one holding the rest - unless the rest is a single page, which has no
 * partner and stays unshared.  With @use_zero_pages, zero pages map the
 * kernel's zero page and count in no stable tree.  Returns 0 or -ENOMEM.
 */
int expected_merge(const struct page_key *keys, const bool *is_zero, size_t n,
		   uint64_t max_page_sharing, bool use_zero_pages,
		   struct merge_expectation *out);

/* The same for @n copies of one content; exposed for unit tests. */
void expected_class(uint64_t n, uint64_t max_page_sharing,
		    uint64_t *shared, uint64_t *sharing);

#endif
