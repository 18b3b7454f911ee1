// SPDX-License-Identifier: GPL-2.0
/* Runs every TEST() linked in; exit status 1 if any failed. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct test_case g_tests[MAX_TESTS];
int g_ntests;

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	printf("TAP version 13\n1..%d\n", g_ntests);
	for (int i = 0; i < g_ntests; i++) {
		int f = 0;

		if (argc > 1 && !strstr(g_tests[i].name, argv[1])) {
			printf("ok %d %s # SKIP filtered\n", i + 1, g_tests[i].name);
			continue;
		}
		g_tests[i].fn(&f);
		printf("%sok %d %s\n", f ? "not " : "", i + 1, g_tests[i].name);
		fflush(stdout);
		if (f)
			failed++;
		else
			passed++;
	}
	printf("# %d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
