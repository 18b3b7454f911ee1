// SPDX-License-Identifier: GPL-2.0
#include <string.h>

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
