// SPDX-License-Identifier: GPL-2.0
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "lib/cliparse.h"
#include "lib/env.h"

TEST(parse_u64_strict)
{
	uint64_t v = 7;

	CHECK(parse_u64("42", 0, 100, &v) == 0 && v == 42);
	CHECK(parse_u64("18446744073709551615", 0, UINT64_MAX, &v) == 0 && v == UINT64_MAX);
	v = 7;
	CHECK(parse_u64("18446744073709551616", 0, UINT64_MAX, &v) == -1);
	CHECK(parse_u64("-1", 0, 100, &v) == -1);
	CHECK(parse_u64("+1", 0, 100, &v) == -1);
	CHECK(parse_u64("", 0, 100, &v) == -1);
	CHECK(parse_u64(" 1", 0, 100, &v) == -1);
	CHECK(parse_u64("12x", 0, 100, &v) == -1);
	CHECK(parse_u64("0", 1, 100, &v) == -1);
	CHECK(parse_u64("101", 1, 100, &v) == -1);
	CHECK(parse_u64(NULL, 1, 100, &v) == -1);
	CHECK(v == 7);	/* untouched on error */
}

TEST(parse_double_strict)
{
	double d = 0;

	CHECK(parse_double("0.5", 0, 1, &d) == 0 && d == 0.5);
	CHECK(parse_double("nan", 0, 1, &d) == -1);
	CHECK(parse_double("inf", 0, 1e308, &d) == -1);
	CHECK(parse_double("-0.5", -1, 1, &d) == -1);
	CHECK(parse_double("2", 0, 1, &d) == -1);
	CHECK(parse_double("1e", 0, 10, &d) == -1);
}

TEST(command_line_is_shell_quoted)
{
	char *argv[] = { "bin/x", "--json", "a b.json", "it's", "" };
	char buf[128];

	env_command_line(5, argv, buf, sizeof(buf));
	CHECK_STR(buf, "bin/x --json 'a b.json' 'it'\\''s' ''");
	env_command_line(5, argv, buf, 10);	/* truncates, stays terminated */
	CHECK_STR(buf, "bin/x --j");
}

TEST(phases_are_split_in_order)
{
	char arg[] = "off,on,on";
	const char *ph[4];

	CHECK(cli_phases("t", arg, ph, 4) == 3);
	CHECK(!strcmp(ph[0], "off") && !strcmp(ph[1], "on") && !strcmp(ph[2], "on"));
}

/* cli_list() of @arg in a child: its exit status (0: accepted) */
static int list_status(const char *arg)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		char buf[64], *items[4];

		snprintf(buf, sizeof(buf), "%s", arg);
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		cli_list("t", "--list", buf, items, 4);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(list_items_may_not_be_empty)
{
	char arg[] = "1,22,333";
	char *items[4];

	CHECK(cli_list("t", "--list", arg, items, 4) == 3);
	CHECK(!strcmp(items[0], "1") && !strcmp(items[1], "22") && !strcmp(items[2], "333"));
	CHECK(list_status("7") == 0);
	CHECK(list_status("1,,2") == EXIT_USAGE);
	CHECK(list_status("1,") == EXIT_USAGE);
	CHECK(list_status(",1") == EXIT_USAGE);
	CHECK(list_status("") == EXIT_USAGE);
	CHECK(list_status("1,2,3,4,5") == EXIT_USAGE);	/* more than max */
}

TEST(option_errors_name_the_option)
{
	static const struct option lo[] = {
		{ "size-mib", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	char msg[128];

	/* what getopt_long() leaves in optopt and argv[optind - 1] */
	cli_option_error(lo, ':', 's', "--size-mib", msg, sizeof(msg));
	CHECK_STR(msg, "option '--size-mib' needs a value");
	cli_option_error(lo, ':', 's', "--size", msg, sizeof(msg));	/* abbreviated */
	CHECK_STR(msg, "option '--size-mib' needs a value");
	cli_option_error(lo, '?', 'H', "--thp=1", msg, sizeof(msg));
	CHECK_STR(msg, "option '--thp' takes no value");
	cli_option_error(lo, '?', 0, "--bogus=3", msg, sizeof(msg));
	CHECK_STR(msg, "unknown option '--bogus'");
	cli_option_error(lo, '?', 'x', "-qx", msg, sizeof(msg));
	CHECK_STR(msg, "unknown option '-x'");
	/* 's' is --size-mib's val, not a short option: "-s" is unknown as such */
	cli_option_error(lo, '?', 's', "-s", msg, sizeof(msg));
	CHECK_STR(msg, "unknown option '-s'");
}
