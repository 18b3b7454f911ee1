// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "lib/kmem.h"
#include "lib/proc_stats.h"

static const char meminfo[] =
"MemTotal:        8130108 kB\n"
"Slab:             120000 kB\n"
"SReclaimable:      70000 kB\n"
"SUnreclaim:        50000 kB\n"
"KernelStack:        4000 kB\n"
"VmallocTotal:   34359738367 kB\n"
"VmallocUsed:       14444 kB\n"
"VmallocChunk:          0 kB\n";

static const char slabinfo[] =
"slabinfo - version: 2.1\n"
"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
" : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs>"
" <sharedavail>\n"
"kmalloc-64          8000   8192     64   64    1 : tunables    0    0    0 : slabdata    128    128      0\n"
"ksm_rmap_item     262144 262400     64   64    1 : tunables    0    0    0 : slabdata   4100   4100      0\n"
"ksm_stable_node     1000   1020     80   51    1 : tunables    0    0    0 : slabdata     20     20      0\n"
"aksm_not_ours          5      5     64   64    1 : tunables    0    0    0 : slabdata      1      1      0\n"
"ksm_mm_slot            4     85     48   85    1 : tunables    0    0    0 : slabdata      1      1      0\n"
"ksm_broken  x\n";

TEST(kmem_meminfo_fields_by_exact_key)
{
	struct kmem_snapshot s = { 0 };

	parse_kmem_meminfo(meminfo, &s);
	CHECK(s.have[KMEM_SLAB] && s.have[KMEM_SRECLAIMABLE] && s.have[KMEM_SUNRECLAIM] &&
	      s.have[KMEM_VMALLOC_USED]);
	CHECK_EQ_U64(s.kib[KMEM_SLAB], 120000);
	CHECK_EQ_U64(s.kib[KMEM_SRECLAIMABLE], 70000);
	CHECK_EQ_U64(s.kib[KMEM_SUNRECLAIM], 50000);
	/* not VmallocTotal, which comes first and shares its start */
	CHECK_EQ_U64(s.kib[KMEM_VMALLOC_USED], 14444);
	CHECK_STR(kmem_meminfo_key(KMEM_VMALLOC_USED), "VmallocUsed");
	/* a kernel without a field: that one missing, the others read */
	parse_kmem_meminfo("Slab: 5 kB\nSUnreclaim: 2 kB\n", &s);
	CHECK(s.have[KMEM_SLAB] && !s.have[KMEM_SRECLAIMABLE] && s.have[KMEM_SUNRECLAIM] &&
	      !s.have[KMEM_VMALLOC_USED]);
	parse_kmem_meminfo("", &s);
	for (int f = 0; f < KMEM_FIELDS; f++)
		CHECK(!s.have[f]);
}

TEST(kmem_slabinfo_keeps_ksm_caches)
{
	struct kmem_snapshot s = { 0 };

	CHECK(parse_slabinfo(slabinfo, "ksm", &s) == 0);
	CHECK(s.have_slabinfo);
	CHECK_EQ_U64(s.ncaches, 3);
	CHECK_STR(s.caches[0].name, "ksm_rmap_item");
	CHECK_EQ_U64(s.caches[0].active_objs, 262144);
	CHECK_EQ_U64(s.caches[0].objsize, 64);
	CHECK_STR(s.caches[1].name, "ksm_stable_node");
	CHECK_EQ_U64(s.caches[1].objsize, 80);
	CHECK_STR(s.caches[2].name, "ksm_mm_slot");
	CHECK_EQ_U64(s.caches[2].active_objs, 4);
	/* readable, but every KSM cache merged into another (SLUB): none, not null */
	CHECK(parse_slabinfo("slabinfo - version: 2.1\n# name\nkmalloc-64 1 1 64 64 1\n",
			     "ksm", &s) == 0);
	CHECK(s.have_slabinfo && s.ncaches == 0);
	/* another format (SLOB had none; a 3.x would differ): not understood */
	CHECK(parse_slabinfo("slabinfo - version: 1.1\nksm_rmap_item 1 1 64\n", "ksm", &s) == -1);
	CHECK(!s.have_slabinfo && s.ncaches == 0);
	CHECK(parse_slabinfo("", "ksm", &s) == -1);
}

TEST(kmem_slabinfo_keeps_at_most_max_caches)
{
	char text[8192];
	struct kmem_snapshot s = { 0 };
	int len = snprintf(text, sizeof(text), "slabinfo - version: 2.1\n");

	for (int i = 0; i < KMEM_MAX_CACHES + 4; i++)
		len += snprintf(text + len, sizeof(text) - (size_t)len,
				"ksm_c%d %d %d 64 64 1 : tunables 0 0 0\n", i, i, i);
	CHECK(parse_slabinfo(text, "ksm", &s) == 0);
	CHECK_EQ_U64(s.ncaches, KMEM_MAX_CACHES);
	CHECK_STR(s.caches[KMEM_MAX_CACHES - 1].name, "ksm_c15");
}

TEST(kmem_peak_is_the_highest_of_each_value)
{
	struct kmem_snapshot peak = { 0 }, a = { 0 }, b = { 0 };

	parse_kmem_meminfo("Slab: 100 kB\nSUnreclaim: 40 kB\nVmallocUsed: 10 kB\n", &a);
	parse_slabinfo("slabinfo - version: 2.1\nksm_rmap_item 50 64 64 64 1\n", "ksm", &a);
	parse_kmem_meminfo("Slab: 90 kB\nSUnreclaim: 60 kB\nSReclaimable: 30 kB\n", &b);
	kmem_peak(&peak, &a);
	kmem_peak(&peak, &b);
	CHECK_EQ_U64(peak.kib[KMEM_SLAB], 100);
	CHECK_EQ_U64(peak.kib[KMEM_SUNRECLAIM], 60);
	CHECK(peak.have[KMEM_SRECLAIMABLE] && peak.kib[KMEM_SRECLAIMABLE] == 30);
	CHECK(peak.have[KMEM_VMALLOC_USED] && peak.kib[KMEM_VMALLOC_USED] == 10);
	/* b read no slabinfo: the caches stay a's */
	CHECK(peak.have_slabinfo && peak.ncaches == 1 && peak.caches[0].active_objs == 50);
	parse_slabinfo("slabinfo - version: 2.1\nksm_rmap_item 70 70 64 64 1\n"
		       "ksm_stable_node 3 3 80 51 1\n", "ksm", &b);
	kmem_peak(&peak, &b);
	CHECK_EQ_U64(peak.ncaches, 2);
	CHECK_EQ_U64(peak.caches[0].active_objs, 70);
	CHECK_STR(peak.caches[1].name, "ksm_stable_node");
	parse_slabinfo("slabinfo - version: 2.1\nksm_rmap_item 20 70 64 64 1\n", "ksm", &b);
	kmem_peak(&peak, &b);
	CHECK_EQ_U64(peak.caches[0].active_objs, 70);
}

TEST(kmem_growth_is_signed_and_needs_both)
{
	struct kmem_snapshot a = { 0 }, b = { 0 };
	int64_t kib = 0;

	parse_kmem_meminfo("Slab: 100 kB\nVmallocUsed: 10 kB\n", &a);
	parse_kmem_meminfo("Slab: 90 kB\nVmallocUsed: 16 kB\n", &b);
	CHECK(kmem_growth(&a, &b, KMEM_SLAB, &kib) && kib == -10);
	CHECK(kmem_growth(&a, &b, KMEM_VMALLOC_USED, &kib) && kib == 6);
	CHECK(!kmem_growth(&a, &b, KMEM_SUNRECLAIM, &kib));
}

/* kmem_take on a fake /proc: what is there read, what is not null */
TEST(kmem_watch_on_a_fake_proc)
{
	char root[] = "/tmp/ksmbench-kmem-XXXXXX";
	static struct kmem_watch watch;
	struct kmem_watch *w = &watch;
	struct json_writer j;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	CHECK(mkdtemp(root) != NULL);
	proc_set_root(root);
	/* nothing there at all: every point all null */
	kmem_watch_point(w, &w->before);
	CHECK(!w->before.have[KMEM_SLAB] && !w->before.have_slabinfo && !w->peak.have[KMEM_SLAB]);
	fixture_put(root, "meminfo", "Slab: 100 kB\nSReclaimable: 60 kB\nSUnreclaim: 40 kB\n");
	kmem_watch_point(w, &w->filled);
	fixture_put(root, "meminfo", "Slab: 130 kB\nSReclaimable: 60 kB\nSUnreclaim: 70 kB\n");
	fixture_put(root, "slabinfo", slabinfo);
	kmem_watch_sample(w, false);	/* meminfo only */
	CHECK(w->peak.kib[KMEM_SLAB] == 130 && !w->peak.have_slabinfo);
	kmem_watch_sample(w, true);
	CHECK(w->peak.have_slabinfo && w->peak.ncaches == 3);
	fixture_put(root, "meminfo", "Slab: 110 kB\nSReclaimable: 60 kB\nSUnreclaim: 50 kB\n");
	kmem_watch_point(w, &w->end);
	proc_set_root("/proc");
	CHECK_EQ_U64(w->end.kib[KMEM_SLAB], 110);
	CHECK_EQ_U64(w->peak.kib[KMEM_SLAB], 130);
	CHECK(w->end.have_slabinfo && w->end.ncaches == 3);

	f = open_memstream(&out, &outlen);
	CHECK(f != NULL);
	json_init(&j, f);
	json_begin_object(&j, NULL);
	kmem_watch_write_points(&j, w);
	json_end_object(&j);
	CHECK(json_finish(&j) == 0);
	fclose(f);
	CHECK(strstr(out, "\"before\": {") && strstr(out, "\"filled\": {") &&
	      strstr(out, "\"peak\": {") && strstr(out, "\"end\": {"));
	CHECK(strstr(out, "\"slab_kib\": null") != NULL);	/* before */
	CHECK(strstr(out, "\"vmalloc_used_kib\": null") != NULL);
	CHECK(strstr(out, "\"slab_caches\": null") != NULL);	/* before and filled */
	CHECK(strstr(out, "\"ksm_rmap_item\"") != NULL);
	CHECK(strstr(out, "\"sunreclaim_kib\": 70") != NULL);	/* the peak */
	free(out);
	fixture_rm_tree(root);
}

TEST(kmem_settle_peak_and_last_new_low_after_the_cause)
{
	struct kmem_settle s;

	kmem_settle_begin(&s, 1000);
	/* while the cause goes on: the peak only, never done */
	CHECK(!kmem_settle_add(&s, 0.01, 1200, -1, 0.5, 10));
	CHECK(!kmem_settle_add(&s, 0.02, 900, -1, 0.5, 10));
	CHECK_EQ_U64(s.peak_kib, 1200);
	/* ended at 0.03 s: 800 then, falling to 500 by 0.13 s, noise above it after */
	CHECK(!kmem_settle_add(&s, 0.04, 800, 0.03, 0.5, 10));
	CHECK_EQ_U64(s.at_end_kib, 800);
	CHECK(!kmem_settle_add(&s, 0.08, 600, 0.03, 0.5, 10));
	CHECK(!kmem_settle_add(&s, 0.13, 500, 0.03, 0.5, 10));
	CHECK(!kmem_settle_add(&s, 0.40, 504, 0.03, 0.5, 10));
	CHECK(!kmem_settle_add(&s, 0.62, 500, 0.03, 0.5, 10));	/* equal: no new low */
	CHECK(kmem_settle_add(&s, 0.63, 502, 0.03, 0.5, 10));
	CHECK(s.settled);
	CHECK(s.fell > 0.099 && s.fell < 0.101);
	CHECK_EQ_U64(s.before_kib, 1000);
	CHECK_EQ_U64(s.peak_kib, 1200);
	CHECK_EQ_U64(s.low_kib, 500);
	CHECK_EQ_U64(s.last_kib, 502);

	/* never falling after the cause: settled @quiet after it, fell 0 */
	kmem_settle_begin(&s, 100);
	CHECK(!kmem_settle_add(&s, 1.0, 90, 1.0, 0.5, 10));
	CHECK(kmem_settle_add(&s, 1.5, 95, 1.0, 0.5, 10));
	CHECK(s.settled && s.fell == 0);
	CHECK_EQ_U64(s.peak_kib, 100);

	/* still falling at @max: done, not settled */
	kmem_settle_begin(&s, 100);
	for (int i = 0; i <= 10; i++)
		if (kmem_settle_add(&s, i * 0.4, (uint64_t)(100 - i), 0, 0.5, 4))
			break;
	CHECK(!s.settled);
	CHECK_EQ_U64(s.last_kib, 90);
}
