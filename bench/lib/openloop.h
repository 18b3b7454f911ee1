/* SPDX-License-Identifier: GPL-2.0 */
/*
 * openloop.h - an open-loop arrival schedule for a latency benchmark.
 *
 * Requests arrive at a fixed rate whatever the server does: arrival k of
 * a schedule is due at start + k * 10^9 / rate ns (exact integer
 * arithmetic, no drift), and the k-th request's latency counts from that
 * moment, not from when a thread got round to it.  A server that stalls
 * for 100 ms is charged the stall on every request due during it, instead
 * of issuing fewer requests while it is stuck (coordinated omission).
 *
 * Several schedules of the same rate are staggered: schedule @idx of @n
 * starts @idx / @n of an interval after the first, so n threads do not
 * wake together.  Arrivals stop at the end time: the schedule holds
 * exactly openloop_total() of them whatever happens.
 */
#ifndef KSMBENCH_OPENLOOP_H
#define KSMBENCH_OPENLOOP_H

#include <stdbool.h>
#include <stdint.h>

#define OPENLOOP_MAX_RATE	100000	/* per schedule: keeps the arithmetic in 64 bits */

struct openloop {
	uint64_t start_ns;	/* arrival 0 */
	uint64_t end_ns;	/* no arrival at or after it */
	uint64_t rate;		/* arrivals per second */
	uint64_t next;		/* index of the next arrival */
};

/*
 * Schedule @idx of @n (0 <= idx < n) at @rate per second (1 to
 * OPENLOOP_MAX_RATE) from @t0 up to @end (ns, end - t0 at most a day).
 */
void openloop_init(struct openloop *s, uint64_t t0, uint64_t end, uint64_t rate,
		   unsigned int idx, unsigned int n);
/* When arrival @k is due (ns). */
uint64_t openloop_at(const struct openloop *s, uint64_t k);
/* The next arrival's due time in *@at: true, or false when none is left. */
bool openloop_next(struct openloop *s, uint64_t *at);
/* How many arrivals the schedule holds: due in [start, end). */
uint64_t openloop_total(const struct openloop *s);

#endif
