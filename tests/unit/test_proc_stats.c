// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "lib/proc_stats.h"

static const char interrupts[] =
"            CPU0       CPU1       \n"
"   0:         27          0   IO-APIC    2-edge      timer\n"
" NMI:          0          0   Non-maskable interrupts\n"
" TLB:       2311       1535   TLB shootdowns\n"
" TRM:          0          0   Thermal event interrupts\n";

TEST(interrupts_tlb_row_is_summed)
{
	uint64_t sum = 0;

	CHECK(parse_interrupts_row(interrupts, "TLB", &sum) == 0);
	CHECK_EQ_U64(sum, 3846);
	CHECK(parse_interrupts_row(interrupts, "NMI", &sum) == 0);
	CHECK_EQ_U64(sum, 0);
	CHECK(parse_interrupts_row(interrupts, "LOC", &sum) == -1);
	CHECK(parse_interrupts_row(interrupts, "TL", &sum) == -1);
}

TEST(stat_busy_counts_all_but_idle)
{
	uint64_t ns = 0;
	long hz = sysconf(_SC_CLK_TCK);

	CHECK(parse_stat_busy("cpu  10 1 20 1000 50 3 4 2 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n",
			      &ns) == 0);
	CHECK_EQ_U64(ns, 40ull * (1000000000ull / (uint64_t)hz));
	CHECK(parse_stat_busy("intr 1 2 3\n", &ns) == -1);
}

TEST(running_kernel_proc_is_readable)
{
	uint64_t ns = 0, kib = 0;

	/* our own CPU time, and MemTotal, exist on every Linux */
	CHECK(proc_cpu_ns(getpid(), &ns) == 0);
	CHECK(proc_meminfo_kib("MemTotal", &kib) == 0 && kib > 0);
	CHECK(proc_meminfo_kib("NoSuchKey", &kib) == -1);
	CHECK(proc_cpu_busy_ns(&ns) == 0 && ns > 0);
}

/* A fake /proc with threads named like ksmd workers, and some that are not */
static const char *const fake_threads[][3] = {
	{ "7", "ksmd\n", "1000 5 6\n" },
	{ "8", "ksmd/1\n", "200 5 6\n" },
	{ "9", "ksmd/12\n", "30 5 6\n" },
	{ "10", "ksmdx\n", "4 5 6\n" },
	{ "11", "ksmd/\n", "5 5 6\n" },
	{ "12", "kworker/1:0-ksmd\n", "6 5 6\n" },
};

/* Creates (@make) or removes the fake thread @t's files under @root */
static int fake_thread(const char *root, const char *const t[3], bool make)
{
	const char *names[] = { "comm", "schedstat" };
	char path[512];
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", root, t[0]);
	if (make && mkdir(path, 0700))
		return -1;
	for (int i = 0; i < 2; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s/%s", root, t[0], names[i]);
		if (!make) {
			err |= unlink(path);
			continue;
		}
		f = fopen(path, "w");
		if (!f)
			return -1;
		err |= fputs(t[1 + i], f) < 0;
		err |= fclose(f);
	}
	snprintf(path, sizeof(path), "%s/%s", root, t[0]);
	if (!make)
		err |= rmdir(path);
	return err ? -1 : 0;
}

TEST(ksmd_cpu_sums_every_worker)
{
	char root[] = "/tmp/ksmbench-proc-XXXXXX";
	size_t n = sizeof(fake_threads) / sizeof(fake_threads[0]);
	uint64_t ns = 1;

	CHECK(mkdtemp(root) != NULL);
	proc_set_root(root);
	CHECK(ksmd_cpu_ns(&ns) == -1);		/* no ksmd at all */
	for (size_t i = 0; i < n; i++)
		CHECK(fake_thread(root, fake_threads[i], true) == 0);
	/* ksmd, ksmd/1 and ksmd/12 only */
	CHECK(ksmd_cpu_ns(&ns) == 0);
	CHECK_EQ_U64(ns, 1230);
	/* a worker gone (the knob lowered): the others are looked for again */
	CHECK(fake_thread(root, fake_threads[2], false) == 0);
	CHECK(ksmd_cpu_ns(&ns) == 0);
	CHECK_EQ_U64(ns, 1200);
	proc_set_root("/proc");
	for (size_t i = 0; i < n; i++)
		CHECK(i == 2 || fake_thread(root, fake_threads[i], false) == 0);
	CHECK(rmdir(root) == 0);
}
