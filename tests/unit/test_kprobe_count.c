// SPDX-License-Identifier: GPL-2.0
/* kprobe_count against a fake tracefs directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "lib/kprobe_count.h"

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void slurp(const char *dir, const char *rel, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "r");
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

TEST(kprobe_counts_are_registered_read_and_removed)
{
	char dir[] = "/tmp/ksmbench-tracefs.XXXXXX", text[1024], path[600];
	uint64_t hits = 0;

	CHECK(mkdtemp(dir) != NULL);
	kprobe_set_tracefs(dir);
	put(dir, "kprobe_events", "");
	snprintf(path, sizeof(path), "%s/events", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/events/ksmbench", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/events/ksmbench/gup_slow", dir);
	mkdir(path, 0700);
	put(dir, "events/ksmbench/gup_slow/enable", "0\n");

	CHECK(kprobe_count_add("gup_slow", "get_user_pages_unlocked") == 0);
	slurp(dir, "kprobe_events", text, sizeof(text));
	CHECK(strstr(text, "p:ksmbench/gup_slow get_user_pages_unlocked\n") != NULL);
	slurp(dir, "events/ksmbench/gup_slow/enable", text, sizeof(text));
	CHECK(text[0] == '1');

	/* kprobe_profile: "EVENT NHIT NMISSED", the group optional */
	put(dir, "kprobe_profile", "  ksmbench/other   5   0\n  ksmbench/gup_slow   1234   2\n");
	CHECK(kprobe_count_read("gup_slow", &hits) == 0);
	CHECK_EQ_U64(hits, 1234);
	put(dir, "kprobe_profile", "  gup_slow   77   0\n");
	CHECK(kprobe_count_read("gup_slow", &hits) == 0);
	CHECK_EQ_U64(hits, 77);
	CHECK(kprobe_count_read("absent", &hits) == -ENOENT);

	kprobe_count_remove_all();
	slurp(dir, "kprobe_events", text, sizeof(text));
	CHECK(strstr(text, "-:ksmbench/gup_slow\n") != NULL);
	slurp(dir, "events/ksmbench/gup_slow/enable", text, sizeof(text));
	CHECK(text[0] == '0');

	/* no tracefs: adding fails, the caller reports "not measured" */
	kprobe_set_tracefs("/nonexistent-tracefs");
	CHECK(kprobe_count_add("gup_fast", "internal_get_user_pages_fast") < 0);
	CHECK(kprobe_count_read("gup_fast", &hits) < 0);
	kprobe_count_remove_all();
	kprobe_set_tracefs("/sys/kernel/tracing");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}
