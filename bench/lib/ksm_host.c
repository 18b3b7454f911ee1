// SPDX-License-Identifier: GPL-2.0
#include "ksm_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cliparse.h"
#include "ksm_sysfs.h"
#include "proc_stats.h"

static bool g_shared;

bool ksm_host_shared_requested(bool flag)
{
	const char *env = getenv("KSMBENCH_SHARED_HOST");

	return flag || (env && !strcmp(env, "1"));
}

uint64_t ksm_host_foreign_pages(char *who, int len)
{
	uint64_t shared = 0, sharing = 0;
	struct ksm_users u;

	who[0] = '\0';
	ksm_read_u64("pages_shared", &shared);
	ksm_read_u64("pages_sharing", &sharing);
	if (!shared && !sharing)
		return 0;
	if (proc_ksm_users(getpid(), &u)) {
		snprintf(who, len, "processes this kernel cannot name "
			 "(no /proc/PID/ksm_merging_pages)");
		return shared + sharing;
	}
	if (u.pages)
		snprintf(who, len, "%d process(es), the most in pid %d (%s)",
			 u.procs, (int)u.example_pid, u.example_comm);
	return u.pages;
}

void ksm_host_check(const char *prog, bool shared_flag)
{
	char who[160];
	uint64_t foreign = ksm_host_foreign_pages(who, sizeof(who));

	g_shared = ksm_host_shared_requested(shared_flag);
	if (!foreign)
		return;
	if (!g_shared) {
		fprintf(stderr,
			"%s: KSM on this host already holds %llu merged pages of %s.\n"
			"  Measuring here would move them (run=2 unmerges every KSM page) and\n"
			"  they would move the counters this run judges itself by.  Rerun with\n"
			"  --shared-host (or KSMBENCH_SHARED_HOST=1) to measure beside them: no\n"
			"  run=2, this run's own processes counted.\n",
			prog, (unsigned long long)foreign, who);
		exit(EXIT_USAGE);
	}
	fprintf(stderr, "%s: shared host: KSM holds %llu merged pages of %s; "
		"they are left alone\n", prog, (unsigned long long)foreign, who);
}

bool ksm_host_shared(void)
{
	return g_shared;
}

void ksm_host_set_shared(bool shared)
{
	g_shared = shared;
}
