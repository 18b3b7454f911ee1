// SPDX-License-Identifier: GPL-2.0
/* steady_scan against a fake KSM dir whose full_scans a child bumps. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "lib/ksm_sysfs.h"
#include "lib/steady_scan.h"

/*
 * A child that ends a "full scan" as fast as it can write the file (a
 * host where scans are far shorter than a poll), until killed.
 */
static pid_t bump_full_scans(const char *dir)
{
	pid_t pid = fork();
	char next[96], path[96];

	if (pid != 0)
		return pid;
	snprintf(next, sizeof(next), "%s.next", dir);	/* beside, not in, the dir */
	snprintf(path, sizeof(path), "%s/full_scans", dir);
	for (unsigned long n = 6;; n++) {
		FILE *f = fopen(next, "w");

		if (!f)
			_exit(1);
		fprintf(f, "%lu\n", n);
		fclose(f);
		if (rename(next, path))	/* never a half-written value */
			_exit(1);
	}
}

/*
 * The scans counted are the ones ksm_deltas show: on CI's host a scan
 * took 1.4 ms, one ended between the first read of full_scans and the
 * snapshot, and "rescans" said 14 where its own deltas said 13.
 */
TEST(steady_scan_counts_what_the_snapshots_saw)
{
	char dir[64] = "/tmp/ksmbench-unit-XXXXXX";
	struct steady_scan *s = calloc(1, sizeof(*s));
	pid_t bumper;

	if (!s || !mkdtemp(dir))
		abort();
	fixture_put(dir, "full_scans", "5\n");
	fixture_put(dir, "pages_sharing", "7\n");
	ksm_set_dir(dir);
	bumper = bump_full_scans(dir);
	for (int i = 0; i < 20; i++) {
		CHECK(steady_scan_measure(s, 3, 5.0, 1) == 0);
		CHECK(s->scans >= 3);
		CHECK_EQ_U64(s->scans, ksm_snapshot_u64(&s->after, "full_scans", 0) -
				       ksm_snapshot_u64(&s->before, "full_scans", 0));
	}
	kill(bumper, SIGKILL);
	waitpid(bumper, NULL, 0);
	free(s);
	fixture_rm_tree(dir);
}
