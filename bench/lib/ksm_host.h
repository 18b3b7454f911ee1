/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksm_host.h - is the host's KSM ours alone?
 *
 * A host that already runs VMs with KSM on holds merged pages no benchmark
 * created.  Writing run=2 there unmerges every one of them (on an
 * overcommitted host: an out-of-memory kill), and those VMs merging or
 * unmerging meanwhile move the global counters a run judges itself by.
 * So a tool refuses to start on such a host unless told --shared-host (or
 * KSMBENCH_SHARED_HOST=1); in shared mode ksm_write() refuses run=2, and
 * the tools judge their work by their own processes' ksm_merging_pages.
 *
 * Pages KSM still counts for processes that are gone (a killed run) are not
 * foreign: ksm_settle() lets ksmd drop them.  Foreign means a live process
 * whose /proc/PID/ksm_merging_pages is not 0; on a kernel without that file
 * (before 5.19), any pages_shared or pages_sharing at start.
 */
#ifndef KSMBENCH_KSM_HOST_H
#define KSMBENCH_KSM_HOST_H

#include <stdbool.h>
#include <stdint.h>

/* --shared-host given (@flag) or KSMBENCH_SHARED_HOST=1 in the environment. */
bool ksm_host_shared_requested(bool flag);

/*
 * Looks for merged pages of other live processes.  Returns how many there
 * are (0: the host's KSM is ours), and describes who holds them in @who.
 */
uint64_t ksm_host_foreign_pages(char *who, int len);

/*
 * At the start of a run: decides the mode.  Exits with status 2 and a
 * message when foreign pages exist and shared mode was not asked for.
 */
void ksm_host_check(const char *prog, bool shared_flag);

/* Whether this run is in shared mode (set by ksm_host_check()). */
bool ksm_host_shared(void);
void ksm_host_set_shared(bool shared);	/* unit tests */

#endif
