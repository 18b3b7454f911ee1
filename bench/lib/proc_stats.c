// SPDX-License-Identifier: GPL-2.0
#include "proc_stats.h"
#include "timing.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_root[256] = "/proc";

void proc_set_root(const char *root)
{
	snprintf(g_root, sizeof(g_root), "%s", root);
}

const char *proc_root(void)
{
	return g_root;
}

/* Reads a whole small file into a malloc'd string; NULL on error. */
static char *slurp(const char *path)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *nbuf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len > 1)
			continue;
		cap *= 2;
		nbuf = realloc(buf, cap);
		if (!nbuf) {
			n = -1;
			break;
		}
		buf = nbuf;
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

int proc_cpu_ns(pid_t pid, uint64_t *ns)
{
	bool ticks;

	return proc_cpu_ns_src(pid, ns, &ticks);
}

int proc_cpu_ns_src(pid_t pid, uint64_t *ns, bool *ticks)
{
	char path[512], *text, *p;
	unsigned long long utime, stime;
	long hz = sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof(path), "%s/%d/schedstat", g_root, (int)pid);
	text = slurp(path);
	if (text && sscanf(text, "%llu", &utime) == 1) {
		free(text);
		*ns = utime;
		*ticks = false;
		return 0;
	}
	free(text);
	snprintf(path, sizeof(path), "%s/%d/stat", g_root, (int)pid);
	text = slurp(path);
	if (!text)
		return -1;
	/* comm may hold spaces and parentheses: fields restart after the last ')' */
	p = strrchr(text, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &utime, &stime) != 2 || hz <= 0) {
		free(text);
		return -1;
	}
	free(text);
	*ns = (utime + stime) * (1000000000ull / (unsigned long long)hz);
	*ticks = true;
	return 0;
}

int parse_interrupts_row(const char *text, const char *row, uint64_t *sum)
{
	size_t rl = strlen(row);
	const char *line = text;

	while (line && *line) {
		const char *p = line;

		while (*p == ' ')
			p++;
		if (!strncmp(p, row, rl) && p[rl] == ':') {
			char *end;
			uint64_t total = 0;

			p += rl + 1;
			for (;;) {
				unsigned long long v;

				while (*p == ' ' || *p == '\t')
					p++;
				if (!isdigit((unsigned char)*p))
					break;
				v = strtoull(p, &end, 10);
				total += v;
				p = end;
			}
			*sum = total;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}


int parse_stat_busy(const char *text, uint64_t *ns)
{
	unsigned long long v[8];
	long hz = sysconf(_SC_CLK_TCK);

	if (hz <= 0 || sscanf(text, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
			      &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
		return -1;
	/* all but idle (v[3]) and iowait (v[4]) */
	*ns = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) *
	      (1000000000ull / (unsigned long long)hz);
	return 0;
}

int proc_cpu_busy_ns(uint64_t *ns)
{
	char path[512], *text;
	int ret;

	snprintf(path, sizeof(path), "%s/stat", g_root);
	text = slurp(path);
	if (!text)
		return -1;
	ret = parse_stat_busy(text, ns);
	free(text);
	return ret;
}

int proc_ksm_merging_pages(pid_t pid, uint64_t *pages)
{
	char path[512], *text;
	unsigned long long v;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%d/ksm_merging_pages", g_root, (int)pid);
	text = slurp(path);
	if (text && sscanf(text, "%llu", &v) == 1) {
		*pages = v;
		ret = 0;
	}
	free(text);
	return ret;
}

int proc_ksm_users(pid_t exclude, struct ksm_users *u)
{
	char path[1024];
	struct dirent *de;
	uint64_t most = 0;
	bool any = false;
	DIR *d = opendir(g_root);

	memset(u, 0, sizeof(*u));
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		pid_t pid = (pid_t)atoi(de->d_name);
		uint64_t m;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]) || pid == exclude ||
		    proc_ksm_merging_pages(pid, &m))
			continue;
		any = true;
		if (!m)
			continue;
		u->pages += m;
		u->procs++;
		if (m <= most)
			continue;
		most = m;
		u->example_pid = pid;
		snprintf(path, sizeof(path), "%s/%s/comm", g_root, de->d_name);
		u->example_comm[0] = '\0';
		f = fopen(path, "r");
		if (f) {
			if (fgets(u->example_comm, sizeof(u->example_comm), f))
				u->example_comm[strcspn(u->example_comm, "\n")] = '\0';
			fclose(f);
		}
	}
	closedir(d);
	return any ? 0 : -1;
}

/* The number after "@key@sep" at the start of a line of @text */
static int key_value(const char *text, const char *key, char sep, uint64_t *v)
{
	size_t kl = strlen(key);
	unsigned long long n;

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == sep &&
		    sscanf(p + kl + 1, "%llu", &n) == 1) {
			*v = n;
			return 0;
		}
	}
	return -1;
}

char *proc_read(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", g_root, name);
	return slurp(path);
}

int parse_meminfo(const char *text, const char *key, uint64_t *kib)
{
	return key_value(text, key, ':', kib);
}

/* @parse of /proc/@name, read afresh */
static int proc_parse(const char *name, int (*parse)(const char *, const char *, uint64_t *),
		      const char *key, uint64_t *v)
{
	char *text = proc_read(name);
	int ret = text ? parse(text, key, v) : -1;

	free(text);
	return ret;
}

int proc_meminfo_kib(const char *key, uint64_t *kib)
{
	return proc_parse("meminfo", parse_meminfo, key, kib);
}

int tlb_shootdowns(uint64_t *sum)
{
	return proc_parse("interrupts", parse_interrupts_row, "TLB", sum);
}

int proc_softirqs(const char *row, uint64_t *sum)
{
	return proc_parse("softirqs", parse_interrupts_row, row, sum);
}

int parse_vmstat(const char *text, const char *key, uint64_t *v)
{
	return key_value(text, key, ' ', v);
}

int proc_vmstat(const char *key, uint64_t *v)
{
	return proc_parse("vmstat", parse_vmstat, key, v);
}
