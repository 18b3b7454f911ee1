// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "lib/ksmd_cpu.h"
#include "lib/proc_stats.h"

static const char interrupts[] =
"            CPU0       CPU1       \n"
"   0:         27          0   IO-APIC    2-edge      timer\n"
" NMI:          0          0   Non-maskable interrupts\n"
" TLB:       2311       1535   TLB shootdowns\n"
" TRM:          0          0   Thermal event interrupts\n";

TEST(vmstat_counter_by_exact_name)
{
	static const char vmstat[] =
		"nr_free_pages 1000\ncow_ksm_extra 5\nnr_cow_ksm 6\ncow_ksm 7\nksm_swpin_copy 0\n";
	uint64_t v = 0;

	CHECK(parse_vmstat(vmstat, "cow_ksm", &v) == 0);
	CHECK_EQ_U64(v, 7);
	CHECK(parse_vmstat(vmstat, "nr_free_pages", &v) == 0);
	CHECK_EQ_U64(v, 1000);
	CHECK(parse_vmstat(vmstat, "ksm_swpin_copy", &v) == 0);
	CHECK_EQ_U64(v, 0);
	CHECK(parse_vmstat(vmstat, "cow", &v) == -1);
	CHECK(parse_vmstat("cow_ksm x\n", "cow_ksm", &v) == -1);
	CHECK(parse_vmstat("", "cow_ksm", &v) == -1);
}

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

TEST(softirqs_rcu_row_is_summed)
{
	static const char softirqs[] =
		"                    CPU0       CPU1       CPU2\n"
		"          HI:          1          0          0\n"
		"       TIMER:     120000      98000      77000\n"
		"     RCU_EXP:          9          9          9\n"
		"         RCU:    3113502    3229313         10\n";
	uint64_t sum = 0;

	CHECK(parse_interrupts_row(softirqs, "RCU", &sum) == 0);
	CHECK_EQ_U64(sum, 6342825);
	CHECK(parse_interrupts_row(softirqs, "RC", &sum) == -1);
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
	CHECK(proc_softirqs("RCU", &ns) == 0);
	CHECK(proc_softirqs("NO_SUCH_SOFTIRQ", &ns) == -1);
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

/* Rewrites fake thread @pid's schedstat with @ns */
static void set_schedstat(const char *root, const char *pid, unsigned long long ns)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/schedstat", root, pid);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%llu 5 6\n", ns);
		fclose(f);
	}
}

TEST(ksmd_cpu_is_per_thread_deltas)
{
	char root[] = "/tmp/ksmbench-proc-XXXXXX";
	size_t n = sizeof(fake_threads) / sizeof(fake_threads[0]);
	const char *const born[3] = { "13", "ksmd/2\n", "50 5 6\n" };
	struct ksmd_cpu *c = malloc(sizeof(*c));
	uint64_t ns = 1;

	CHECK(mkdtemp(root) != NULL);
	proc_set_root(root);
	CHECK(ksmd_cpu_start(c) == -1);		/* no ksmd at all */
	for (size_t i = 0; i < n; i++)
		CHECK(fake_thread(root, fake_threads[i], true) == 0);
	/* ksmd, ksmd/1 and ksmd/12 only, from their time at the start */
	CHECK(ksmd_cpu_start(c) == 0);
	CHECK_EQ_U64(c->n, 3);
	CHECK(ksmd_cpu_read(c, &ns) == 0);
	CHECK_EQ_U64(ns, 0);
	set_schedstat(root, "7", 1500);
	set_schedstat(root, "9", 40);
	CHECK(ksmd_cpu_read(c, &ns) == 0);
	CHECK_EQ_U64(ns, 510);
	/* a worker that exits keeps its last value: the total never drops */
	CHECK(fake_thread(root, fake_threads[2], false) == 0);
	CHECK(ksmd_cpu_read(c, &ns) == 0);
	CHECK_EQ_U64(ns, 510);
	/* a worker born since counts from 0, once /proc is walked again */
	CHECK(fake_thread(root, born, true) == 0);
	c->walked_ns = 0;
	CHECK(ksmd_cpu_read(c, &ns) == 0);
	CHECK_EQ_U64(ns, 560);
	CHECK_STR(ksmd_cpu_source(c), "schedstat");
	proc_set_root("/proc");
	CHECK(fake_thread(root, born, false) == 0);
	for (size_t i = 0; i < n; i++)
		CHECK(i == 2 || fake_thread(root, fake_threads[i], false) == 0);
	CHECK(rmdir(root) == 0);
	free(c);
}

TEST(ksmd_cpu_says_when_it_counts_ticks)
{
	char root[] = "/tmp/ksmbench-proc-XXXXXX", path[512];
	struct ksmd_cpu *c = malloc(sizeof(*c));
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t ns = 0;
	FILE *f;

	/* a kernel without schedstat: utime + stime of /proc/PID/stat */
	CHECK(mkdtemp(root) != NULL);
	snprintf(path, sizeof(path), "%s/7", root);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/7/comm", root);
	f = fopen(path, "w");
	CHECK(f && fputs("ksmd\n", f) >= 0 && fclose(f) == 0);
	snprintf(path, sizeof(path), "%s/7/stat", root);
	f = fopen(path, "w");
	CHECK(f && fputs("7 (ksmd) S 2 0 0 0 -1 0 0 0 0 0 3 4 0 0\n", f) >= 0 && fclose(f) == 0);
	proc_set_root(root);
	CHECK(ksmd_cpu_start(c) == 0);
	CHECK_STR(ksmd_cpu_source(c), "ticks");
	CHECK_EQ_U64(c->last[0], 7ull * (1000000000ull / (uint64_t)hz));
	CHECK(ksmd_cpu_read(c, &ns) == 0 && ns == 0);
	proc_set_root("/proc");
	unlink(path);
	snprintf(path, sizeof(path), "%s/7/comm", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/7", root);
	rmdir(path);
	CHECK(rmdir(root) == 0);
	free(c);
}
