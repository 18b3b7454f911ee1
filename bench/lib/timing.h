/* SPDX-License-Identifier: GPL-2.0 */
/* timing.h - monotonic time in nanoseconds. */
#ifndef KSMBENCH_TIMING_H
#define KSMBENCH_TIMING_H

#include <stdint.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double ns_to_s(uint64_t ns)
{
	return (double)ns / 1e9;
}

/* Sleeps @ms milliseconds, resuming after signals. */
static inline void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

/* Sleeps until now_ns() reaches @t, resuming after signals. */
static inline void sleep_until_ns(uint64_t t)
{
	struct timespec ts = { (time_t)(t / 1000000000ull), (long)(t % 1000000000ull) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

#endif
