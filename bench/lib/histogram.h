/* SPDX-License-Identifier: GPL-2.0 */
/*
 * histogram.h - log-bucket latency histogram with percentiles.
 *
 * Values below 64 get a bucket each; above, every power of two is split
 * into 64 sub-buckets, as fio does (FIO_IO_U_PLAT_BITS 6): a bucket spans
 * at most 1/64 of its lower bound.  A percentile is reported as the
 * midpoint of the bucket holding it (clamped to [min, max]), so it lies
 * within 1/128 (0.8%) of the true sample.  min, max, count and the mean are
 * exact; the standard deviation is computed from every sample (Welford,
 * merged with Chan's formula).  Constant memory (30 KiB), no allocation:
 * cheap enough to keep one per thread and merge at the end.
 */
#ifndef KSMBENCH_HISTOGRAM_H
#define KSMBENCH_HISTOGRAM_H

#include <stdint.h>

#include "json.h"

#define HIST_SUB_BITS	6
#define HIST_SUB	(1u << HIST_SUB_BITS)
#define HIST_BUCKETS	((64 - HIST_SUB_BITS) * HIST_SUB + HIST_SUB)

struct histogram {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	double sum;
	double mean, m2;	/* running mean, sum of squared deviations */
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct histogram *h);
void hist_add(struct histogram *h, uint64_t v);
void hist_merge(struct histogram *dst, const struct histogram *src);
unsigned int hist_bucket_of(uint64_t v);
uint64_t hist_bucket_low(unsigned int idx);
uint64_t hist_bucket_high(unsigned int idx);
/*
 * The value at percentile @p (0 < p <= 100): the midpoint of the bucket
 * holding the sample of rank ceil(p/100 * count), clamped to [min, max].
 * Returns 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct histogram *h, double p);
/* Mean and (population) standard deviation; NAN for an empty histogram. */
double hist_mean(const struct histogram *h);
double hist_stddev(const struct histogram *h);
/*
 * Writes {count, min, max, mean, stddev, p50, p90, p99, p99_9, p99_99,
 * percentile, buckets} under @key: percentile says how a pNN was taken
 * ("bucket_midpoint"), buckets lists the non-empty ones as [low, high,
 * count].  An empty histogram has null for every value but count.
 */
void hist_write_json(struct json_writer *w, const char *key,
		     const struct histogram *h);

#endif
