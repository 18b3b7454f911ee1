// SPDX-License-Identifier: GPL-2.0
#include "env.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "cliparse.h"
#include "proc_stats.h"

#ifndef KSMBENCH_GIT_REV
#define KSMBENCH_GIT_REV "unknown"
#endif

static const char *getenv_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/* Appends @n bytes of @s, truncating at the end of @buf. */
static void append(char *buf, size_t len, size_t *used, const char *s, size_t n)
{
	if (*used + n >= len)
		n = len - 1 - *used;
	memcpy(buf + *used, s, n);
	*used += n;
	buf[*used] = '\0';
}

static bool shell_plain(const char *a)
{
	return *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_./=:,+%@") == strlen(a);
}

void env_command_line(int argc, char **argv, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i)
			append(buf, len, &used, " ", 1);
		if (shell_plain(a)) {
			append(buf, len, &used, a, strlen(a));
			continue;
		}
		append(buf, len, &used, "'", 1);
		for (const char *p = a; *p; p++) {
			if (*p == '\'')
				append(buf, len, &used, "'\\''", 4);
			else
				append(buf, len, &used, p, 1);
		}
		append(buf, len, &used, "'", 1);
	}
}

void env_hypervisor(char *buf, size_t len)
{
	snprintf(buf, len, "none");
#if defined(__x86_64__) || defined(__i386__)
	{
		unsigned int a, b, c, d;
		char sig[13];

		if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 31)))
			return;
		__cpuid(0x40000000, a, b, c, d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
		sig[12] = '\0';
		snprintf(buf, len, "%s", sig[0] ? sig : "unknown");
	}
#endif
}

static void cpu_model(char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 2;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, len, "%s", colon);
		break;
	}
	fclose(f);
}

void env_write_json(struct json_writer *w, const char *key, int argc, char **argv)
{
	struct utsname u;
	char buf[4096];
	uint64_t memkib = 0;
	time_t t = time(NULL);
	struct tm tm;

	json_begin_object(w, key);
	if (uname(&u) == 0) {
		json_string(w, "kernel_release", u.release);
		json_string(w, "kernel_version", u.version);
		json_string(w, "machine", u.machine);
		json_string(w, "hostname", u.nodename);
	}
	json_string(w, "kernel_variant", getenv_or("KSMBENCH_KERNEL", "running"));
	json_string(w, "series_sha256", getenv_or("KSMBENCH_SERIES_SHA256", "n/a"));
	json_string(w, "virt", getenv_or("KSMBENCH_VIRT", "native"));
	env_hypervisor(buf, sizeof(buf));
	json_string(w, "hypervisor", buf);
	cpu_model(buf, sizeof(buf));
	json_string(w, "cpu_model", buf);
	json_int(w, "cpus_online", sysconf(_SC_NPROCESSORS_ONLN));
	if (proc_meminfo_kib("MemTotal", &memkib) == 0)
		json_uint(w, "mem_total_kib", memkib);
	json_int(w, "page_size", sysconf(_SC_PAGESIZE));
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_string(w, "date_utc", buf);
	json_string(w, "git_revision", KSMBENCH_GIT_REV);
	env_command_line(argc, argv, buf, sizeof(buf));
	json_string(w, "command_line", buf);
	json_end_object(w);
}

FILE *env_json_open(const char *prog, const char *path)
{
	FILE *f = NULL;
	int fd;

	if (!path)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		f = fdopen(fd, "w");	/* "w" of fdopen() does not truncate */
	if (!f) {
		fprintf(stderr, "%s: cannot write --json %s: %s\n", prog, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		exit(EXIT_USAGE);
	}
	return f;
}

FILE *env_report_open(struct json_writer *w, const char *prog, FILE *f,
		      int argc, char **argv)
{
	if (f != stdout && (ftruncate(fileno(f), 0) || fseek(f, 0, SEEK_SET))) {
		fprintf(stderr, "%s: cannot rewrite the JSON file: %s\n", prog, strerror(errno));
		return NULL;
	}
	json_init(w, f);
	json_begin_object(w, NULL);
	json_string(w, "benchmark", prog);
	json_uint(w, "schema_version", KSMBENCH_SCHEMA_VERSION);
	env_write_json(w, "env", argc, argv);
	return f;
}

int env_report_close(struct json_writer *w, FILE *f)
{
	int err;

	json_end_object(w);
	err = json_finish(w);
	if (f != stdout && fclose(f))
		err = -1;
	return err;
}
