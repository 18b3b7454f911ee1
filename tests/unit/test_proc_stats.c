// SPDX-License-Identifier: GPL-2.0
#include <string.h>
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
