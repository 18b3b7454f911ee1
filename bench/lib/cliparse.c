// SPDX-License-Identifier: GPL-2.0
#include "cliparse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_double(const char *s, double min, double max, double *out)
{
	double v;
	char *end;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void cli_die(const char *prog, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	exit(EXIT_USAGE);
}

void cli_num(const char *prog, const char *opt, const char *arg, uint64_t min,
	     uint64_t max, uint64_t *out)
{
	char msg[128];

	if (!parse_u64(arg, min, max, out))
		return;
	snprintf(msg, sizeof(msg), "%s wants a whole number from %llu to %llu, got '%%s'",
		 opt, (unsigned long long)min, (unsigned long long)max);
	cli_die(prog, msg, arg);
}

int cli_phases(const char *prog, char *arg, const char **out, int max)
{
	char *save = NULL, msg[64];
	int n = 0;

	for (char *p = strtok_r(arg, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (strcmp(p, "off") && strcmp(p, "on"))
			cli_die(prog, "--phases takes off and on, got '%s'", p);
		if (n == max) {
			snprintf(msg, sizeof(msg), "--phases: at most %d phases", max);
			cli_die(prog, "%s", msg);
		}
		out[n++] = p;
	}
	if (!n)
		cli_die(prog, "%s", "--phases: none given");
	return n;
}
