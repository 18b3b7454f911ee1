/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksm_control.h - what every benchmark does to KSM around a measurement,
 * on top of ksm_sysfs: set knobs or stop with a message, set the scan
 * rate, and settle what KSM still counts from processes that are gone.
 * The first failure exits with status 2; exit() restores what was set.
 */
#ifndef KSMBENCH_KSM_CONTROL_H
#define KSMBENCH_KSM_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void ksm_set_or_die(const char *prog, const char *name, const char *value);
void ksm_set_u64_or_die(const char *prog, const char *name, uint64_t v);

/*
 * pages_to_scan and sleep_millisecs as given; the 6.8+ advisor, which owns
 * pages_to_scan while active, is turned off first.
 */
void ksm_set_scan_or_die(const char *prog, uint64_t pages_to_scan,
			 uint64_t sleep_ms);

/*
 * sleep_millisecs as given, then the 6.8+ scan-time advisor on, which sets
 * pages_to_scan itself from then on (starting at advisor_min_pages_to_scan);
 * the advisor's other knobs as they are.  Exits 2 with a message on a
 * kernel without the advisor.
 */
void ksm_set_advisor_or_die(const char *prog, uint64_t sleep_ms);

/*
 * ksm_settle - KSM counts the pages of a killed run's processes until its
 * scan reaches their mm_slots.  If it holds anything, run ksmd (with the
 * scan settings in place) until that is gone, or for two full scans if
 * live users remain (their pages then belong to the baseline), at most
 * 60 s; leaves run=0.  Call before the measured processes exist.
 */
void ksm_settle(const char *prog, bool quiet);

/*
 * ksm_unmerge_own - what run=2 does, for this process's area alone: every
 * other process's KSM pages stay merged.  MADV_UNMERGEABLE breaks the
 * merges at once, but KSM drops their rmap_items (and its counters, and
 * /proc/self/ksm_merging_pages) only when ksmd next visits the area, so
 * ksmd runs until this process holds no merged page (at most 30 s), then
 * the area is marked mergeable again.  Leaves run=0; exits 1 on failure.
 */
void ksm_unmerge_own(const char *prog, void *area, size_t bytes);

/*
 * ksm_wait_own_merged - with ksmd running, waits until this process holds
 * @target merged pages (/proc/self/ksm_merging_pages) or @timeout_s have
 * passed; on a kernel without that file (before 5.19), for two full scans
 * at most as long.  Returns the pages merged, or -1 where they cannot be
 * counted.  Other processes' pages do not move it.
 */
int64_t ksm_wait_own_merged(uint64_t target, uint64_t timeout_s);

#endif
