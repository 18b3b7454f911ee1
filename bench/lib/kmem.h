/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmem.h - the kernel's own memory as a run goes: /proc/meminfo's Slab,
 * SReclaimable, SUnreclaim and VmallocUsed, and from /proc/slabinfo (root
 * only, and only on kernels built with it) the caches whose name starts
 * with "ksm" - what KSM's rmap_items, stable nodes and indexes cost.
 *
 * A watch keeps four points of a run (before its pages exist, once they
 * are written, the highest each value reached, the end) and writes them
 * as JSON.  Anything unreadable is null, never an error.
 *
 * SLUB merges caches of one object size unless booted with slab_nomerge,
 * so KSM's caches may not appear in /proc/slabinfo under their own names
 * (they are then counted in the merged cache's, and in the totals).
 */
#ifndef KSMBENCH_KMEM_H
#define KSMBENCH_KMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"

enum kmem_field {
	KMEM_SLAB,
	KMEM_SRECLAIMABLE,
	KMEM_SUNRECLAIM,
	KMEM_VMALLOC_USED,
	KMEM_FIELDS
};

#define KMEM_MAX_CACHES		16
#define KMEM_CACHE_NAME		64
#define KMEM_CACHE_PREFIX	"ksm"

struct kmem_cache_info {
	char name[KMEM_CACHE_NAME];
	uint64_t active_objs, objsize;
};

struct kmem_snapshot {
	bool have[KMEM_FIELDS];
	uint64_t kib[KMEM_FIELDS];
	bool have_slabinfo;	/* /proc/slabinfo read and understood */
	int ncaches;
	struct kmem_cache_info caches[KMEM_MAX_CACHES];
};

/* "Slab", "SReclaimable", ...: the /proc/meminfo key of @f */
const char *kmem_meminfo_key(enum kmem_field f);

/* The fields of @s found in /proc/meminfo text @text (the others: !have) */
void parse_kmem_meminfo(const char *text, struct kmem_snapshot *s);
/*
 * The caches of /proc/slabinfo text @text (version 2.x) whose name starts
 * with @prefix into @s, at most KMEM_MAX_CACHES; -1 (and !have_slabinfo)
 * when @text is not slabinfo 2.x.
 */
int parse_slabinfo(const char *text, const char *prefix, struct kmem_snapshot *s);

/*
 * Reads /proc/meminfo into @s, and /proc/slabinfo too if @slabinfo (it
 * costs some 25 times as much, and takes every cache's locks); what is not
 * read is marked missing.
 */
void kmem_take(struct kmem_snapshot *s, bool slabinfo);

/* Folds @s into @peak: each value the highest either has seen */
void kmem_peak(struct kmem_snapshot *peak, const struct kmem_snapshot *s);

/*
 * A run's points: @before its pages were written, @filled once they are
 * (before ksmd starts), @end before they are freed, and @peak the highest
 * of every sample from @before to @end, those three included (so it is
 * never below any of them).
 */
struct kmem_watch {
	struct kmem_snapshot before, filled, peak, end;
	bool started, have_filled;
};

/* Takes a point (meminfo and slabinfo) into @pt and folds it into the peak */
void kmem_watch_point(struct kmem_watch *w, struct kmem_snapshot *pt);
/* A sample between the points, for the peak only */
void kmem_watch_sample(struct kmem_watch *w, bool slabinfo);

/*
 * @to's field @f minus @from's, in KiB (signed: memory can be freed);
 * false when either lacks it.
 */
bool kmem_growth(const struct kmem_snapshot *from, const struct kmem_snapshot *to,
		 enum kmem_field f, int64_t *kib);

/*
 * kmem_settle - one value (KiB), read again and again around something
 * that frees much of it, some only later (RCU callbacks run after the
 * freeing call returned): its peak over every reading, and when it
 * settled, no new low for a quiet time after the cause ended.
 *
 * kmem_settle_begin() takes the reading from before the cause; each
 * reading then goes to kmem_settle_add() at @t seconds, with @since the
 * time the cause ended on the same clock, or negative while it goes on
 * (those readings count for the peak only).  The first reading after the
 * cause is @at_end; a later one below every reading after the cause is a
 * new low, @fell seconds after @since.  Returns true once settled (@quiet
 * seconds without a new low) or @max seconds after @since.
 */
struct kmem_settle {
	uint64_t before_kib, peak_kib, at_end_kib, low_kib, last_kib;
	double since;	/* when the cause ended; negative: not yet seen */
	double fell;	/* the last new low, seconds after @since (0: none) */
	bool settled;
};

void kmem_settle_begin(struct kmem_settle *s, uint64_t kib);
bool kmem_settle_add(struct kmem_settle *s, double t, uint64_t kib, double since,
		     double quiet, double max);

/*
 * Writes "before", "filled", "peak" and "end" into the open object: each
 * {"slab_kib", "sreclaimable_kib", "sunreclaim_kib", "vmalloc_used_kib",
 * "slab_caches": {NAME: {"active_objs", "objsize"}} or null without
 * slabinfo}, null where missing.
 */
void kmem_watch_write_points(struct json_writer *j, const struct kmem_watch *w);

#endif
