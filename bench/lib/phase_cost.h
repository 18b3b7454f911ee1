/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phase_cost.h - what KSM cost during one phase of a benchmark: TLB
 * shootdown IPIs (the TLB row of /proc/interrupts) and ksmd's CPU time
 * (ksmd_cpu.h).  What could not be measured - no TLB row (arm64), no ksmd
 * thread - is null in the JSON and "n/a" in a summary, never 0.
 */
#ifndef KSMBENCH_PHASE_COST_H
#define KSMBENCH_PHASE_COST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "ksmd_cpu.h"

struct phase_cost {
	struct ksmd_cpu kc;
	bool have_cpu, have_tlb;
	uint64_t tlb0;
	uint64_t tlb_ipis, ksmd_cpu_ns;	/* valid when have_tlb, have_cpu */
};

void phase_cost_start(struct phase_cost *c);
void phase_cost_stop(struct phase_cost *c);
/* "tlb_ipis", "ksmd_cpu_seconds", "ksmd_cpu_source": numbers or null */
void phase_cost_write_json(struct json_writer *w, const struct phase_cost *c);
/* The IPIs as text for a summary: the count, or "n/a" */
const char *phase_cost_tlb_text(const struct phase_cost *c, char *buf, size_t len);

#endif
