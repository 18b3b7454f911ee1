/* SPDX-License-Identifier: GPL-2.0 */
/* cliparse.h - strict number parsing for command-line options. */
#ifndef KSMBENCH_CLIPARSE_H
#define KSMBENCH_CLIPARSE_H

#include <stddef.h>
#include <stdint.h>

struct option;

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
 * cli_list - splits @arg (modified) at commas into @items, at most @max;
 * returns how many.  cli_die()s naming @opt on an empty list, an empty item
 * ("1,,2", "1,") or too many.
 */
int cli_list(const char *prog, const char *opt, char *arg, char **items, int max);
/*
 * --phases: cli_list() of "off" and "on" into @out, at most @max; returns
 * how many, or cli_die()s on anything else.
 */
int cli_phases(const char *prog, char *arg, const char **out, int max);

/*
 * cli_option_error - what getopt_long() refused (@c ':' or '?'), naming the
 * option: @optopt is the option's val, @arg the argument it was in
 * (argv[optind - 1]).  "--size-mib" when a long option lacks its value or
 * takes none, "-x" for an unknown short option within "-qx", the argument
 * (up to any '=') for an unknown long one.  Writes the message to @msg.
 */
void cli_option_error(const struct option *lo, int c, int optopt, const char *arg,
		      char *msg, size_t len);
/* cli_option_error() for the current getopt_long() state, then cli_die(). */
void cli_bad_option(const char *prog, const struct option *lo, int c, char **argv)
	__attribute__((noreturn));

#endif
