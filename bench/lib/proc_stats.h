/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proc_stats.h - what /proc says about KSM's cost: CPU time, TLB shootdown
 * IPIs, and per-process merged pages (ksmd's CPU: ksmd_cpu.h).
 */
#ifndef KSMBENCH_PROC_STATS_H
#define KSMBENCH_PROC_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Points the library at another /proc (unit tests). */
void proc_set_root(const char *root);
const char *proc_root(void);

/*
 * CPU time of @pid in nanoseconds: /proc/PID/schedstat (exact) when the
 * kernel has it, else utime+stime from /proc/PID/stat (clock ticks; then
 * proc_cpu_ns_src() sets *@ticks).
 */
int proc_cpu_ns(pid_t pid, uint64_t *ns);
int proc_cpu_ns_src(pid_t pid, uint64_t *ns, bool *ticks);

/*
 * Sums the per-CPU counts of row @row (e.g. "TLB") in /proc/interrupts text.
 * Returns 0, or -1 when the row is missing.
 */
int parse_interrupts_row(const char *text, const char *row, uint64_t *sum);
/* TLB shootdown IPIs received so far by all CPUs; -1 when not available. */
int tlb_shootdowns(uint64_t *sum);
/*
 * Softirqs of kind @row ("RCU": RCU callbacks run, "TIMER", ...) raised so
 * far on all CPUs, /proc/softirqs (the same layout); -1 when missing.
 */
int proc_softirqs(const char *row, uint64_t *sum);

/*
 * Busy time of all CPUs so far (user, nice, system, irq, softirq, steal
 * from the "cpu" line of /proc/stat), in nanoseconds: what every thread,
 * kworkers included, cost.  parse_stat_busy() reads it from @text.
 */
int parse_stat_busy(const char *text, uint64_t *ns);
int proc_cpu_busy_ns(uint64_t *ns);

/* /proc/PID/ksm_merging_pages; -1 when the kernel lacks it. */
int proc_ksm_merging_pages(pid_t pid, uint64_t *pages);

/* Who holds KSM-merged pages on the host, from every /proc/PID. */
struct ksm_users {
	uint64_t pages;		/* sum of ksm_merging_pages */
	int procs;		/* processes with at least one */
	pid_t example_pid;	/* the one holding the most, and its comm */
	char example_comm[32];
};

/*
 * Sums ksm_merging_pages over every process but @exclude.  Returns 0, or
 * -1 when no process has the file (a kernel older than 5.19: the caller
 * must fall back on the global counters).
 */
int proc_ksm_users(pid_t exclude, struct ksm_users *u);

/* The whole of /proc/@name (under proc_root()), malloc'd; NULL on error. */
char *proc_read(const char *name);

/*
 * A "Key: N kB" line of /proc/meminfo, in KiB; -1 when missing.
 * parse_meminfo() reads it from @text (one read for several keys).
 */
int parse_meminfo(const char *text, const char *key, uint64_t *kib);
int proc_meminfo_kib(const char *key, uint64_t *kib);

/*
 * An event counter of /proc/vmstat ("cow_ksm": COW breaks of KSM pages,
 * every process's), -1 when the kernel lacks it; parse_vmstat() reads it
 * from @text.
 */
int parse_vmstat(const char *text, const char *key, uint64_t *v);
int proc_vmstat(const char *key, uint64_t *v);

#endif
