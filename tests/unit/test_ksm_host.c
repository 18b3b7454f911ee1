// SPDX-License-Identifier: GPL-2.0
/*
 * Whose KSM pages are on the host (a fake /proc and KSM dir), and that a
 * run in shared mode cannot write run=2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "lib/ksm_host.h"
#include "lib/ksm_sysfs.h"
#include "lib/proc_stats.h"

static void fake_proc(const char *root, const char *pid, const char *comm,
		      const char *merging)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%s", root, pid);
	mkdir(dir, 0755);
	fixture_put(dir, "comm", comm);
	if (merging)
		fixture_put(dir, "ksm_merging_pages", merging);
}

TEST(ksm_host_foreign_pages_are_live_processes_merged_pages)
{
	char ksm[] = "/tmp/ksmbench-host-XXXXXX", proc[64], who[160];

	CHECK(mkdtemp(ksm) != NULL);
	snprintf(proc, sizeof(proc), "%s/proc", ksm);
	mkdir(proc, 0755);
	ksm_set_dir(ksm);
	proc_set_root(proc);
	fixture_put(ksm, "pages_shared", "0\n");
	fixture_put(ksm, "pages_sharing", "0\n");
	fake_proc(proc, "10", "qemu\n", "7\n");
	/* the counters say nothing is merged: nothing to look for */
	CHECK_EQ_U64(ksm_host_foreign_pages(who, sizeof(who)), 0);
	/* merged pages, and a live process holding 7 of them */
	fixture_put(ksm, "pages_shared", "3\n");
	fixture_put(ksm, "pages_sharing", "9\n");
	fake_proc(proc, "11", "bash\n", "0\n");
	fake_proc(proc, "12", "qemu2\n", "5\n");
	CHECK_EQ_U64(ksm_host_foreign_pages(who, sizeof(who)), 12);
	CHECK(strstr(who, "2 process(es)") && strstr(who, "pid 10 (qemu)"));
	/* only processes that are gone (a killed run): not foreign, ksmd settles them */
	fixture_put(proc, "10/ksm_merging_pages", "0\n");
	fixture_put(proc, "12/ksm_merging_pages", "0\n");
	CHECK_EQ_U64(ksm_host_foreign_pages(who, sizeof(who)), 0);
	/* a kernel without per-process counts: the counters decide */
	fixture_rm_tree(proc);
	mkdir(proc, 0755);
	fake_proc(proc, "10", "qemu\n", NULL);
	CHECK_EQ_U64(ksm_host_foreign_pages(who, sizeof(who)), 12);
	CHECK(strstr(who, "cannot name") != NULL);
	proc_set_root("/proc");
	ksm_set_dir(KSM_SYSFS_DEFAULT_DIR);
	fixture_rm_tree(ksm);
}

TEST(ksm_host_shared_mode_refuses_run_2)
{
	char ksm[] = "/tmp/ksmbench-host-XXXXXX", state[64], buf[16] = "";
	FILE *f;

	CHECK(mkdtemp(ksm) != NULL);
	snprintf(state, sizeof(state), "%s/state", ksm);
	setenv("KSMBENCH_STATE_DIR", state, 1);
	fixture_put(ksm, "run", "1\n");
	ksm_set_dir(ksm);
	CHECK(ksm_save_all() == 1);
	ksm_host_set_shared(true);
	CHECK(ksm_write("run", "2") == -EPERM);
	CHECK(ksm_write("run", "0") == 0);
	ksm_host_set_shared(false);
	CHECK(ksm_write("run", "2") == 0);	/* an unshared host may */
	CHECK(ksm_restore_all() == 0);
	snprintf(state, sizeof(state), "%s/run", ksm);
	f = fopen(state, "r");
	CHECK(f && fgets(buf, sizeof(buf), f));
	if (f)
		fclose(f);
	CHECK_STR(buf, "1");
	/* the environment asks for shared mode as the option does */
	unsetenv("KSMBENCH_SHARED_HOST");
	CHECK(!ksm_host_shared_requested(false) && ksm_host_shared_requested(true));
	setenv("KSMBENCH_SHARED_HOST", "1", 1);
	CHECK(ksm_host_shared_requested(false));
	unsetenv("KSMBENCH_SHARED_HOST");
	unsetenv("KSMBENCH_STATE_DIR");
	ksm_set_dir(KSM_SYSFS_DEFAULT_DIR);
	fixture_rm_tree(ksm);
}
