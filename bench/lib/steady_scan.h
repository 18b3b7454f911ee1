/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steady_scan.h - what ksmd costs once it has merged everything: whole
 * full scans of memory that no longer changes, ksmd's standing cost on a
 * host whose guests have converged.  Every page is looked up again each
 * scan (a KSM page under its stable node's checksum lock), so this is
 * where workers meet on the locks of the most common contents.  The
 * measurement starts when a full scan ends and covers whole scans only.
 */
#ifndef KSMBENCH_STEADY_SCAN_H
#define KSMBENCH_STEADY_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "ksm_sysfs.h"
#include "phase_cost.h"

struct steady_scan {
	uint64_t want;		/* full scans asked for */
	uint64_t scans;		/* measured: fewer than want if timed out */
	double seconds;
	struct phase_cost cost;
	struct ksm_snapshot before, after;
};

/*
 * Waits (KSM running) for the full scan in progress to end, then measures
 * @scans more, polling full_scans every @poll_ms; gives up @timeout_s
 * after the call.  0 when all were measured, -1 otherwise (timed out, or
 * full_scans unreadable: @s->scans says how far it got).
 */
int steady_scan_measure(struct steady_scan *s, uint64_t scans, double timeout_s,
			unsigned int poll_ms);
/*
 * Under @key: "full_scans", "complete", "seconds", "tlb_ipis",
 * "ksmd_cpu_seconds", "ksmd_cpu_source", "ksmd_cpu_seconds_per_scan" and
 * "pages_per_ksmd_cpu_second" (@pages, the workload's, scanned each time;
 * null without CPU time), "ksm_deltas" (every KSM counter's change).
 */
void steady_scan_write_json(struct json_writer *w, const char *key,
			    const struct steady_scan *s, uint64_t pages);
/* One line for a summary on stderr. */
void steady_scan_summary(const struct steady_scan *s, uint64_t pages);

#endif
