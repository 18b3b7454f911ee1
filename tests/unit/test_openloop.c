// SPDX-License-Identifier: GPL-2.0
/* The open-loop arrival schedule: exact counts, no drift, staggering. */
#include "harness.h"
#include "lib/openloop.h"

#define S 1000000000ull

/* Counts what openloop_next() hands out, checking the times rise and stay in range */
static uint64_t drain(struct openloop *s, int *failed)
{
	uint64_t n = 0, at, prev = 0;

	while (openloop_next(s, &at)) {
		CHECK(at >= s->start_ns && at < s->end_ns);
		CHECK(n == 0 || at > prev);
		prev = at;
		n++;
	}
	return n;
}

TEST(openloop_rate_times_seconds)
{
	struct openloop s;

	/* 1000/s for 2 s: 2000 arrivals, one a millisecond, whatever the stagger */
	for (unsigned int idx = 0; idx < 4; idx++) {
		openloop_init(&s, 5 * S, 7 * S, 1000, idx, 4);
		CHECK_EQ_U64(s.start_ns, 5 * S + idx * 250000ull);
		CHECK_EQ_U64(openloop_total(&s), 2000);
		CHECK_EQ_U64(openloop_at(&s, 1) - openloop_at(&s, 0), 1000000);
		CHECK_EQ_U64(drain(&s, failed), 2000);
	}
}

TEST(openloop_total_matches_the_arrivals)
{
	static const uint64_t rates[] = { 1, 3, 7, 999, 1000, 1001, 33333, OPENLOOP_MAX_RATE };
	static const uint64_t spans[] = { 1, 999999, S - 1, S, S + 1, 3 * S + 123457 };
	struct openloop s;

	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
			for (unsigned int idx = 0; idx < 3; idx++) {
				openloop_init(&s, 100, 100 + spans[i], rates[r], idx, 3);
				CHECK_EQ_U64(drain(&s, failed), openloop_total(&s));
			}
		}
	}
}

TEST(openloop_does_not_drift)
{
	struct openloop s;

	/* 3 per second does not divide a second: still exactly 1 s per 3 arrivals */
	openloop_init(&s, 0, 86400 * S, 3, 0, 1);
	CHECK_EQ_U64(openloop_at(&s, 3), S);
	CHECK_EQ_U64(openloop_at(&s, 3ull * 86399), 86399 * S);
	CHECK_EQ_U64(openloop_total(&s), 3ull * 86400);
	/* a day at the highest rate stays within 64 bits */
	openloop_init(&s, 0, 86400 * S, OPENLOOP_MAX_RATE, 0, 1);
	CHECK_EQ_U64(openloop_total(&s), 86400ull * OPENLOOP_MAX_RATE);
	CHECK_EQ_U64(openloop_at(&s, 86400ull * OPENLOOP_MAX_RATE - 1), 86400 * S - 10000);
}

TEST(openloop_empty_schedules)
{
	struct openloop s;
	uint64_t at;

	openloop_init(&s, 10 * S, 10 * S, 1000, 0, 1);
	CHECK_EQ_U64(openloop_total(&s), 0);
	CHECK(!openloop_next(&s, &at));
	/* a stagger past the end leaves nothing */
	openloop_init(&s, 0, 100, 1000, 1, 2);
	CHECK_EQ_U64(openloop_total(&s), 0);
	CHECK(!openloop_next(&s, &at));
}
