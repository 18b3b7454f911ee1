/* SPDX-License-Identifier: GPL-2.0 */
/*
 * histogram.h - log-bucket latency histogram with percentiles.
 *
 * Values below 16 get a bucket each; above, every power of two is split into
 * 16 sub-buckets, so a reported percentile is within 1/16 (6.25%) of the
 * true sample, and min, max, count and sum are exact.  Constant memory, no
 * allocation: cheap enough to keep one per thread and merge at the end.
 */
#ifndef KSMBENCH_HISTOGRAM_H
#define KSMBENCH_HISTOGRAM_H

#include <stdint.h>

#include "json.h"

#define HIST_SUB_BITS	4
#define HIST_SUB	(1u << HIST_SUB_BITS)
#define HIST_BUCKETS	((64 - HIST_SUB_BITS) * HIST_SUB + HIST_SUB)

struct histogram {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	double sum;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct histogram *h);
void hist_add(struct histogram *h, uint64_t v);
void hist_merge(struct histogram *dst, const struct histogram *src);
unsigned int hist_bucket_of(uint64_t v);
uint64_t hist_bucket_low(unsigned int idx);
uint64_t hist_bucket_high(unsigned int idx);
/*
 * The value at percentile @p (0 < p <= 100): the upper bound of the bucket
 * holding the sample of rank ceil(p/100 * count), clamped to [min, max].
 * Returns 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct histogram *h, double p);
double hist_mean(const struct histogram *h);
/*
 * Writes {count, min, max, mean, p50, p90, p99, p99_9, p99_99, buckets}
 * under @key; buckets lists the non-empty ones as [low, high, count].
 */
void hist_write_json(struct json_writer *w, const char *key,
		     const struct histogram *h);

#endif
