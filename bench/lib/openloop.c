// SPDX-License-Identifier: GPL-2.0
#include "openloop.h"

#define NS_PER_S	1000000000ull

void openloop_init(struct openloop *s, uint64_t t0, uint64_t end, uint64_t rate,
		   unsigned int idx, unsigned int n)
{
	/* the stagger: idx / n of one interval, 10^9 / rate ns */
	s->start_ns = t0 + (uint64_t)idx * NS_PER_S / (rate * (n ? n : 1));
	s->end_ns = end;
	s->rate = rate;
	s->next = 0;
}

uint64_t openloop_at(const struct openloop *s, uint64_t k)
{
	/* k * 10^9 from the arrivals of a day at OPENLOOP_MAX_RATE: < 2^64 */
	return s->start_ns + k * NS_PER_S / s->rate;
}

uint64_t openloop_total(const struct openloop *s)
{
	uint64_t span;

	if (s->end_ns <= s->start_ns)
		return 0;
	span = s->end_ns - s->start_ns;
	/*
	 * arrival k is due before the end iff floor(k * 10^9 / rate) < span,
	 * that is k * 10^9 < span * rate: k < ceil(span * rate / 10^9)
	 */
	return (span * s->rate + NS_PER_S - 1) / NS_PER_S;
}

bool openloop_next(struct openloop *s, uint64_t *at)
{
	uint64_t t = openloop_at(s, s->next);

	if (t >= s->end_ns)
		return false;
	*at = t;
	s->next++;
	return true;
}
