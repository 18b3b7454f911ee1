// SPDX-License-Identifier: GPL-2.0
#include "phase_cost.h"

#include <stdio.h>

#include "proc_stats.h"
#include "timing.h"

void phase_cost_start(struct phase_cost *c)
{
	c->have_tlb = !tlb_shootdowns(&c->tlb0);
	c->have_cpu = !ksmd_cpu_start(&c->kc);
	c->tlb_ipis = c->ksmd_cpu_ns = 0;
}

void phase_cost_stop(struct phase_cost *c)
{
	uint64_t tlb1;

	if (c->have_tlb && !tlb_shootdowns(&tlb1))
		c->tlb_ipis = tlb1 - c->tlb0;
	else
		c->have_tlb = false;
	if (c->have_cpu && ksmd_cpu_read(&c->kc, &c->ksmd_cpu_ns))
		c->have_cpu = false;
}

void phase_cost_write_json(struct json_writer *w, const struct phase_cost *c)
{
	if (c->have_tlb)
		json_uint(w, "tlb_ipis", c->tlb_ipis);
	else
		json_null(w, "tlb_ipis");
	if (c->have_cpu)
		json_double(w, "ksmd_cpu_seconds", ns_to_s(c->ksmd_cpu_ns));
	else
		json_null(w, "ksmd_cpu_seconds");
	json_string(w, "ksmd_cpu_source", c->have_cpu ? ksmd_cpu_source(&c->kc) : NULL);
}

const char *phase_cost_tlb_text(const struct phase_cost *c, char *buf, size_t len)
{
	if (c->have_tlb)
		snprintf(buf, len, "%llu", (unsigned long long)c->tlb_ipis);
	else
		snprintf(buf, len, "n/a");
	return buf;
}
