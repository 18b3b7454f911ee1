/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksmd_cpu.h - the CPU time ksmd spent during a measurement.
 *
 * ksmd is one thread, "ksmd", or several on a kernel with workers
 * ("ksmd/N", which come and go with the workers knob).  The time is the sum
 * of per-thread deltas: each thread's CPU time now minus when the
 * measurement started (0 for a thread born since).  A thread that exits
 * keeps the last value read, so the total never goes back (a sum of the
 * threads alive now would drop, and a difference of two such sums wrap).
 * Threads are looked for again in /proc once a second (a walk reads every
 * process's comm: milliseconds under TCG).  The source is schedstat (ns,
 * exact) or, on a kernel without it, /proc/PID/stat clock ticks.
 */
#ifndef KSMBENCH_KSMD_CPU_H
#define KSMBENCH_KSMD_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define KSMD_MAX_THREADS	256

struct ksmd_cpu {
	int n;
	pid_t pid[KSMD_MAX_THREADS];
	uint64_t first[KSMD_MAX_THREADS];	/* at the start (0: born since) */
	uint64_t last[KSMD_MAX_THREADS];	/* the last value read */
	uint64_t walked_ns;
	bool ticks;				/* some thread read from ticks */
};

/* Finds ksmd's threads and their CPU time now: 0, or -1 when there is none. */
int ksmd_cpu_start(struct ksmd_cpu *c);
/* CPU time of every ksmd thread since ksmd_cpu_start(): 0, or -1 if none. */
int ksmd_cpu_read(struct ksmd_cpu *c, uint64_t *ns);
/* "schedstat" or "ticks": where the numbers came from. */
const char *ksmd_cpu_source(const struct ksmd_cpu *c);

#endif
