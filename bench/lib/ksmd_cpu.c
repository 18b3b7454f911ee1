// SPDX-License-Identifier: GPL-2.0
#include "ksmd_cpu.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_stats.h"
#include "timing.h"

#define KSMD_REWALK_NS	1000000000ull

/* "ksmd", or "ksmd/" and digits (a worker), with the newline of comm */
static bool is_ksmd_comm(const char *comm)
{
	if (strncmp(comm, "ksmd", 4))
		return false;
	comm += 4;
	if (*comm == '/' && isdigit((unsigned char)comm[1]))
		for (comm++; isdigit((unsigned char)*comm); comm++)
			;
	return !strcmp(comm, "\n");
}

static int find(const struct ksmd_cpu *c, pid_t pid)
{
	for (int i = 0; i < c->n; i++)
		if (c->pid[i] == pid)
			return i;
	return -1;
}

/*
 * Adds the ksmd threads of /proc not yet known; those found at the start
 * begin at their CPU time then, later ones (born since) at 0.
 */
static void walk(struct ksmd_cpu *c, bool at_start)
{
	char path[1024], comm[64];
	struct dirent *de;
	DIR *d = opendir(proc_root());

	c->walked_ns = now_ns();
	if (!d)
		return;
	while ((de = readdir(d)) && c->n < KSMD_MAX_THREADS) {
		pid_t pid = (pid_t)atoi(de->d_name);
		uint64_t ns;
		bool ksmd, ticks;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]) || find(c, pid) >= 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", proc_root(), de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		ksmd = fgets(comm, sizeof(comm), f) && is_ksmd_comm(comm);
		fclose(f);
		if (!ksmd || proc_cpu_ns_src(pid, &ns, &ticks))
			continue;
		c->ticks |= ticks;
		c->pid[c->n] = pid;
		c->first[c->n] = at_start ? ns : 0;
		c->last[c->n] = ns;
		c->n++;
	}
	closedir(d);
}

int ksmd_cpu_start(struct ksmd_cpu *c)
{
	memset(c, 0, sizeof(*c));
	walk(c, true);
	return c->n ? 0 : -1;
}

int ksmd_cpu_read(struct ksmd_cpu *c, uint64_t *ns)
{
	*ns = 0;
	if (now_ns() - c->walked_ns >= KSMD_REWALK_NS)
		walk(c, false);
	for (int i = 0; i < c->n; i++) {
		uint64_t t;
		bool ticks;

		/* gone, or a reused pid gone back in time: keep the last value */
		if (!proc_cpu_ns_src(c->pid[i], &t, &ticks) && t >= c->last[i]) {
			c->last[i] = t;
			c->ticks |= ticks;
		}
		*ns += c->last[i] - c->first[i];
	}
	return c->n ? 0 : -1;
}

const char *ksmd_cpu_source(const struct ksmd_cpu *c)
{
	return c->ticks ? "ticks" : "schedstat";
}
