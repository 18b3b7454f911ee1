// SPDX-License-Identifier: GPL-2.0
#include "ksm_control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cliparse.h"
#include "ksm_sysfs.h"
#include "proc_stats.h"
#include "timing.h"

void ksm_set_or_die(const char *prog, const char *name, const char *value)
{
	int err = ksm_write(name, value);

	if (!err)
		return;
	fprintf(stderr, "%s: cannot set %s/%s=%s: %s\n", prog, ksm_dir(), name,
		value, strerror(-err));
	exit(EXIT_USAGE);
}

void ksm_set_u64_or_die(const char *prog, const char *name, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	ksm_set_or_die(prog, name, buf);
}

void ksm_set_scan_or_die(const char *prog, uint64_t pages_to_scan,
			 uint64_t sleep_ms)
{
	char mode[KSM_VALUE_LEN];

	if (ksm_read_str("advisor_mode", mode, sizeof(mode)) == 0 && strcmp(mode, "none"))
		ksm_set_or_die(prog, "advisor_mode", "none");
	ksm_set_u64_or_die(prog, "pages_to_scan", pages_to_scan);
	ksm_set_u64_or_die(prog, "sleep_millisecs", sleep_ms);
}

void ksm_set_advisor_or_die(const char *prog, uint64_t sleep_ms)
{
	char mode[KSM_VALUE_LEN];
	uint64_t pages;

	if (ksm_read_str("advisor_mode", mode, sizeof(mode))) {
		fprintf(stderr, "%s: %s/advisor_mode is missing: this kernel has no "
			"scan-time advisor (6.8 and later have one)\n", prog, ksm_dir());
		exit(EXIT_USAGE);
	}
	/* off first: switching it on starts it from its minimum again */
	if (strcmp(mode, "none"))
		ksm_set_or_die(prog, "advisor_mode", "none");
	/* written as it is: the advisor changes it, and it is put back */
	if (!ksm_read_u64("pages_to_scan", &pages))
		ksm_set_u64_or_die(prog, "pages_to_scan", pages);
	ksm_set_u64_or_die(prog, "sleep_millisecs", sleep_ms);
	ksm_set_or_die(prog, "advisor_mode", "scan-time");
}

static bool ksm_holds_pages(uint64_t *shared, uint64_t *sharing, uint64_t *unshared)
{
	*shared = *sharing = *unshared = 0;
	ksm_read_u64("pages_shared", shared);
	ksm_read_u64("pages_sharing", sharing);
	ksm_read_u64("pages_unshared", unshared);
	return *shared || *sharing || *unshared;
}

void ksm_settle(const char *prog, bool quiet)
{
	uint64_t shared, sharing, unshared, fs0 = 0, fs = 0, t0;

	if (!ksm_holds_pages(&shared, &sharing, &unshared))
		return;
	if (!quiet)
		fprintf(stderr, "%s: KSM already tracks %llu shared, %llu sharing, "
			"%llu unshared pages: letting ksmd settle them first\n",
			prog, (unsigned long long)shared, (unsigned long long)sharing,
			(unsigned long long)unshared);
	ksm_read_u64("full_scans", &fs0);
	ksm_set_or_die(prog, "run", "1");
	t0 = now_ns();
	/* done when all was stale, or after two scans if live users remain */
	while (ns_to_s(now_ns() - t0) < 60 &&
	       ksm_holds_pages(&shared, &sharing, &unshared) &&
	       !ksm_read_u64("full_scans", &fs) && fs < fs0 + 2)
		sleep_ms(20);
	ksm_set_or_die(prog, "run", "0");
}

void ksm_unmerge_own(const char *prog, void *area, size_t bytes)
{
	uint64_t merged = 0;

	ksm_set_or_die(prog, "run", "0");
	if (madvise(area, bytes, MADV_UNMERGEABLE)) {
		fprintf(stderr, "%s: cannot unmerge the area: %s\n", prog, strerror(errno));
		exit(1);
	}
	if (!proc_ksm_merging_pages(getpid(), &merged) && merged) {
		uint64_t t0 = now_ns();

		ksm_set_or_die(prog, "run", "1");
		while (ns_to_s(now_ns() - t0) < 30 &&
		       !proc_ksm_merging_pages(getpid(), &merged) && merged)
			sleep_ms(10);
		ksm_set_or_die(prog, "run", "0");
	}
	if (madvise(area, bytes, MADV_MERGEABLE)) {
		fprintf(stderr, "%s: cannot mark the area mergeable: %s\n", prog,
			strerror(errno));
		exit(1);
	}
}

int64_t ksm_wait_own_merged(uint64_t target, uint64_t timeout_s)
{
	uint64_t merged = 0, fs0 = 0, fs = 0, t0 = now_ns();
	bool counted = !proc_ksm_merging_pages(getpid(), &merged);

	ksm_read_u64("full_scans", &fs0);
	while (ns_to_s(now_ns() - t0) < (double)timeout_s) {
		if (counted ? merged >= target :
		    !ksm_read_u64("full_scans", &fs) && fs >= fs0 + 2)
			break;
		sleep_ms(20);
		if (counted && proc_ksm_merging_pages(getpid(), &merged))
			counted = false;
	}
	return counted ? (int64_t)merged : -1;
}
