/* SPDX-License-Identifier: GPL-2.0 */
/* cliparse.h - strict number parsing for command-line options. */
#ifndef KSMBENCH_CLIPARSE_H
#define KSMBENCH_CLIPARSE_H

#include <stdint.h>

/*
 * Parses a whole decimal string into [min, max].  Rejects signs, empty
 * strings, trailing junk and overflow.  Returns 0 or -1.
 */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* Same for a finite non-negative decimal fraction. */
int parse_double(const char *s, double min, double max, double *out);

/* Exit status for bad usage, missing privileges or missing KSM. */
#define EXIT_USAGE 2

/*
 * Prints "PROG: " and @fmt (with one %s for @arg), a hint to --help, and
 * exits with EXIT_USAGE.
 */
void cli_die(const char *prog, const char *fmt, const char *arg)
	__attribute__((noreturn));
/* parse_u64() of option @opt's @arg, or cli_die() saying what it wants. */
void cli_num(const char *prog, const char *opt, const char *arg, uint64_t min,
	     uint64_t max, uint64_t *out);
/*
 * --phases: splits @arg (modified) at commas into @out, at most @max of
 * "off" and "on"; returns how many, or cli_die()s on anything else.
 */
int cli_phases(const char *prog, char *arg, const char **out, int max);

#endif
