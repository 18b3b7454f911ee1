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

/* What removing a probe writes, made when it is added: the removal is async-signal-safe */
struct probe {
	char enable[512];	/* its enable file */
	char remove[96];	/* "-:GROUP/NAME\n" for kprobe_events */
};
static struct probe probes[MAX_PROBES];
static char events_path[512];	/* kprobe_events, as the probes were added */
static volatile int nprobes;

void kprobe_set_tracefs(const char *dir)
{
	tracefs = dir;
}

/* Writes @text to @path with open/write/close only; O_APPEND keeps other probes. */
static int write_file(const char *path, const char *text, int flags)
{
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags);

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

static int tracefs_write(const char *rel, const char *text, int flags)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tracefs, rel);
	return write_file(path, text, flags);
}

int kprobe_count_add(const char *name, const char *symbol)
{
	char line[256];
	struct probe *p;
	int err;

	if (nprobes == MAX_PROBES || strlen(name) >= 64)
		return -EINVAL;
	p = &probes[nprobes];
	/* a probe of the same name left by a killed run goes first */
	snprintf(p->remove, sizeof(p->remove), "-:%s/%s\n", GROUP, name);
	tracefs_write("kprobe_events", p->remove, O_APPEND);
	snprintf(line, sizeof(line), "p:%s/%s %s\n", GROUP, name, symbol);
	err = tracefs_write("kprobe_events", line, O_APPEND);
	if (err)
		return err;
	snprintf(events_path, sizeof(events_path), "%s/kprobe_events", tracefs);
	snprintf(p->enable, sizeof(p->enable), "%s/events/%s/%s/enable", tracefs, GROUP, name);
	nprobes++;
	return write_file(p->enable, "1\n", 0);
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
	for (; nprobes > 0; nprobes--) {
		const struct probe *p = &probes[nprobes - 1];

		write_file(p->enable, "0\n", 0);
		write_file(events_path, p->remove, O_APPEND);
	}
}
