// SPDX-License-Identifier: GPL-2.0
#include "kmem.h"
#include "proc_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const meminfo_keys[KMEM_FIELDS] = {
	[KMEM_SLAB] = "Slab",
	[KMEM_SRECLAIMABLE] = "SReclaimable",
	[KMEM_SUNRECLAIM] = "SUnreclaim",
	[KMEM_VMALLOC_USED] = "VmallocUsed",
};

static const char *const json_keys[KMEM_FIELDS] = {
	[KMEM_SLAB] = "slab_kib",
	[KMEM_SRECLAIMABLE] = "sreclaimable_kib",
	[KMEM_SUNRECLAIM] = "sunreclaim_kib",
	[KMEM_VMALLOC_USED] = "vmalloc_used_kib",
};

const char *kmem_meminfo_key(enum kmem_field f)
{
	return meminfo_keys[f];
}

void parse_kmem_meminfo(const char *text, struct kmem_snapshot *s)
{
	for (int f = 0; f < KMEM_FIELDS; f++)
		s->have[f] = !parse_meminfo(text, meminfo_keys[f], &s->kib[f]);
}

int parse_slabinfo(const char *text, const char *prefix, struct kmem_snapshot *s)
{
	static const char magic[] = "slabinfo - version: 2.";
	size_t pl = strlen(prefix);
	const char *line;

	s->have_slabinfo = false;
	s->ncaches = 0;
	if (strncmp(text, magic, sizeof(magic) - 1))
		return -1;
	s->have_slabinfo = true;
	for (line = strchr(text, '\n'); line; line = strchr(line, '\n')) {
		struct kmem_cache_info *c = &s->caches[s->ncaches];
		unsigned long long active, total, objsize;
		size_t len;

		line++;
		len = strcspn(line, " \t\n");
		/* "# name ..." is the header; a name too long to keep is not KSM's */
		if (line[0] == '#' || len < pl || len >= KMEM_CACHE_NAME ||
		    strncmp(line, prefix, pl) || s->ncaches == KMEM_MAX_CACHES ||
		    sscanf(line + len, "%llu %llu %llu", &active, &total, &objsize) != 3)
			continue;
		memcpy(c->name, line, len);
		c->name[len] = '\0';
		c->active_objs = active;
		c->objsize = objsize;
		s->ncaches++;
	}
	return 0;
}

void kmem_take(struct kmem_snapshot *s, bool slabinfo)
{
	char *text = proc_read("meminfo");

	memset(s, 0, sizeof(*s));
	if (text)
		parse_kmem_meminfo(text, s);
	free(text);
	if (!slabinfo)
		return;
	text = proc_read("slabinfo");
	if (text)
		parse_slabinfo(text, KMEM_CACHE_PREFIX, s);
	free(text);
}

static struct kmem_cache_info *find_cache(struct kmem_snapshot *s, const char *name)
{
	for (int i = 0; i < s->ncaches; i++)
		if (!strcmp(s->caches[i].name, name))
			return &s->caches[i];
	return NULL;
}

void kmem_peak(struct kmem_snapshot *peak, const struct kmem_snapshot *s)
{
	for (int f = 0; f < KMEM_FIELDS; f++) {
		if (!s->have[f] || (peak->have[f] && peak->kib[f] >= s->kib[f]))
			continue;
		peak->have[f] = true;
		peak->kib[f] = s->kib[f];
	}
	if (!s->have_slabinfo)
		return;
	peak->have_slabinfo = true;
	for (int i = 0; i < s->ncaches; i++) {
		struct kmem_cache_info *c = find_cache(peak, s->caches[i].name);

		if (!c && peak->ncaches < KMEM_MAX_CACHES) {
			c = &peak->caches[peak->ncaches++];
			*c = s->caches[i];
		}
		if (!c)
			continue;
		if (s->caches[i].active_objs > c->active_objs)
			c->active_objs = s->caches[i].active_objs;
		c->objsize = s->caches[i].objsize;
	}
}

void kmem_watch_point(struct kmem_watch *w, struct kmem_snapshot *pt)
{
	kmem_take(pt, true);
	if (!w->started)
		memset(&w->peak, 0, sizeof(w->peak));
	w->started = true;
	kmem_peak(&w->peak, pt);
}

void kmem_watch_sample(struct kmem_watch *w, bool slabinfo)
{
	struct kmem_snapshot s;

	kmem_take(&s, slabinfo);
	kmem_peak(&w->peak, &s);
}

bool kmem_growth(const struct kmem_snapshot *from, const struct kmem_snapshot *to,
		 enum kmem_field f, int64_t *kib)
{
	if (!from->have[f] || !to->have[f])
		return false;
	*kib = (int64_t)to->kib[f] - (int64_t)from->kib[f];
	return true;
}

void kmem_settle_begin(struct kmem_settle *s, uint64_t kib)
{
	*s = (struct kmem_settle){ .before_kib = kib, .peak_kib = kib, .at_end_kib = kib,
				   .low_kib = kib, .last_kib = kib, .since = -1 };
}

bool kmem_settle_add(struct kmem_settle *s, double t, uint64_t kib, double since,
		     double quiet, double max)
{
	if (kib > s->peak_kib)
		s->peak_kib = kib;
	s->last_kib = kib;
	if (since < 0)
		return false;
	if (s->since < 0) {
		s->since = since;
		s->at_end_kib = s->low_kib = kib;
	} else if (kib < s->low_kib) {
		s->low_kib = kib;
		s->fell = t - since;
	}
	s->settled = t - since - s->fell >= quiet;
	return s->settled || t - since >= max;
}

static void write_snapshot(struct json_writer *j, const char *key,
			   const struct kmem_snapshot *s)
{
	json_begin_object(j, key);
	for (int f = 0; f < KMEM_FIELDS; f++) {
		if (s->have[f])
			json_uint(j, json_keys[f], s->kib[f]);
		else
			json_null(j, json_keys[f]);
	}
	if (!s->have_slabinfo) {
		json_null(j, "slab_caches");
		json_end_object(j);
		return;
	}
	json_begin_object(j, "slab_caches");
	for (int i = 0; i < s->ncaches; i++) {
		json_begin_object(j, s->caches[i].name);
		json_uint(j, "active_objs", s->caches[i].active_objs);
		json_uint(j, "objsize", s->caches[i].objsize);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

void kmem_watch_write_points(struct json_writer *j, const struct kmem_watch *w)
{
	write_snapshot(j, "before", &w->before);
	write_snapshot(j, "filled", &w->filled);
	write_snapshot(j, "peak", &w->peak);
	write_snapshot(j, "end", &w->end);
}
