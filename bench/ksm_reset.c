// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_reset - restore KSM settings that a benchmark killed by SIGKILL (or a
 * crash) left changed.  Every benchmark records the knobs it changed, with
 * their original values, in a state file; this applies the files of dead
 * processes.  Benchmarks do the same when they start.
 */
#include <stdio.h>
#include <unistd.h>

#include "lib/ksm_sysfs.h"

int main(int argc, char **argv)
{
	int n;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: ksm_reset\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "ksm_reset: must run as root\n");
		return 2;
	}
	n = ksm_recover_stale(false);
	fprintf(stderr, "ksm_reset: %d killed run(s) had settings to restore\n", n);
	return 0;
}
