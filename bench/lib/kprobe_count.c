// SPDX-License-Identifier: GPL-2.0
/* kprobe_count.c - count calls of kernel functions with kprobe events. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kprobe_count.h"

#define GROUP		"ksmbench"
#define MAX_PROBES	8

static const char *tracefs = "/sys/kernel/tracing";
static char names[MAX_PROBES][64];
static int nprobes;

void kprobe_set_tracefs(const char *dir)
{
	tracefs = dir;
}

/* Writes @text to tracefs file @rel; O_APPEND keeps other probes. */
static int tracefs_write(const char *rel, const char *text, int flags)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tracefs, rel);
	fd = open(path, O_WRONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

int kprobe_count_add(const char *name, const char *symbol)
{
	char line[256], rel[256];
	int err;

	if (nprobes == MAX_PROBES || strlen(name) >= sizeof(names[0]))
		return -EINVAL;
	/* a probe of the same name left by a killed run goes first */
	snprintf(line, sizeof(line), "-:%s/%s\n", GROUP, name);
	tracefs_write("kprobe_events", line, O_APPEND);
	snprintf(line, sizeof(line), "p:%s/%s %s\n", GROUP, name, symbol);
	err = tracefs_write("kprobe_events", line, O_APPEND);
	if (err)
		return err;
	snprintf(names[nprobes++], sizeof(names[0]), "%s", name);
	snprintf(rel, sizeof(rel), "events/%s/%s/enable", GROUP, name);
	return tracefs_write(rel, "1\n", 0);
}

int kprobe_count_read(const char *name, uint64_t *hits)
{
	char path[512], line[512], ev[256], want[160];
	uint64_t nhit, nmissed;
	FILE *f;
	int err = -ENOENT;

	snprintf(path, sizeof(path), "%s/kprobe_profile", tracefs);
	snprintf(want, sizeof(want), "%s/%s", GROUP, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		/* "  ksmbench/NAME   NHIT   NMISSED" (older kernels: no group) */
		if (sscanf(line, "%255s %" SCNu64 " %" SCNu64, ev, &nhit, &nmissed) == 3 &&
		    (!strcmp(ev, want) || !strcmp(ev, name))) {
			*hits = nhit;
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

void kprobe_count_remove_all(void)
{
	char line[256], rel[256];

	for (int i = 0; i < nprobes; i++) {
		snprintf(rel, sizeof(rel), "events/%s/%.63s/enable", GROUP, names[i]);
		tracefs_write(rel, "0\n", 0);
		snprintf(line, sizeof(line), "-:%s/%.63s\n", GROUP, names[i]);
		tracefs_write("kprobe_events", line, O_APPEND);
	}
	nprobes = 0;
}
