// SPDX-License-Identifier: GPL-2.0
#include "cliparse.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
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

int cli_list(const char *prog, const char *opt, char *arg, char **items, int max)
{
	char msg[128], whole[256];
	int n = 0;

	snprintf(msg, sizeof(msg), "%s wants a comma-separated list without empty "
		 "items, got '%%s'", opt);
	snprintf(whole, sizeof(whole), "%s", arg);	/* as given, for the message */
	if (!*arg)
		cli_die(prog, msg, whole);
	for (char *p = arg;;) {
		char *comma = strchr(p, ',');

		if (comma == p || !*p)
			cli_die(prog, msg, whole);	/* ",x", "x,,y", "x," */
		if (n == max) {
			snprintf(msg, sizeof(msg), "%s: at most %d items", opt, max);
			cli_die(prog, "%s", msg);
		}
		items[n++] = p;
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

int cli_phases(const char *prog, char *arg, const char **out, int max)
{
	char *items[16];
	int n = cli_list(prog, "--phases", arg, items, max < 16 ? max : 16);

	for (int i = 0; i < n; i++) {
		if (strcmp(items[i], "off") && strcmp(items[i], "on"))
			cli_die(prog, "--phases takes off and on, got '%s'", items[i]);
		out[i] = items[i];
	}
	return n;
}

static const char *long_name(const struct option *lo, int val)
{
	for (; lo && lo->name; lo++)
		if (lo->val == val && !lo->flag)
			return lo->name;
	return NULL;
}

void cli_option_error(const struct option *lo, int c, int optopt, const char *arg,
		      char *msg, size_t len)
{
	const char *name = long_name(lo, optopt);
	bool is_long = arg && !strncmp(arg, "--", 2);

	if (is_long && name && c == ':')
		snprintf(msg, len, "option '--%s' needs a value", name);
	else if (is_long && name)
		snprintf(msg, len, "option '--%s' takes no value", name);
	else if (is_long)
		snprintf(msg, len, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
	else if (c == ':')
		snprintf(msg, len, "option '-%c' needs a value", optopt);
	else if (optopt > 0x20 && optopt < 0x7f)
		snprintf(msg, len, "unknown option '-%c'", optopt);
	else
		snprintf(msg, len, "unknown option '%s'", arg ? arg : "?");
}

void cli_bad_option(const char *prog, const struct option *lo, int c, char **argv)
{
	char msg[160];

	cli_option_error(lo, c, optopt, optind > 0 ? argv[optind - 1] : NULL, msg, sizeof(msg));
	cli_die(prog, "%s", msg);
}
