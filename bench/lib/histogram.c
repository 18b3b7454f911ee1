// SPDX-License-Identifier: GPL-2.0
#include "histogram.h"

#include <math.h>
#include <string.h>

void hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int hist_bucket_of(uint64_t v)
{
	unsigned int msb;

	if (v < HIST_SUB)
		return (unsigned int)v;
	msb = 63u - (unsigned int)__builtin_clzll(v);
	return (msb - HIST_SUB_BITS + 1) * HIST_SUB +
	       (unsigned int)((v >> (msb - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

uint64_t hist_bucket_low(unsigned int idx)
{
	unsigned int shift;

	if (idx < HIST_SUB)
		return idx;
	shift = idx / HIST_SUB - 1;
	return (uint64_t)(HIST_SUB + idx % HIST_SUB) << shift;
}

uint64_t hist_bucket_high(unsigned int idx)
{
	unsigned int shift;

	if (idx < HIST_SUB)
		return idx;
	shift = idx / HIST_SUB - 1;
	return hist_bucket_low(idx) + ((uint64_t)1 << shift) - 1;
}

void hist_add(struct histogram *h, uint64_t v)
{
	double d = (double)v - h->mean;

	h->bucket[hist_bucket_of(v)]++;
	h->count++;
	h->sum += (double)v;
	h->mean += d / (double)h->count;
	h->m2 += d * ((double)v - h->mean);
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void hist_merge(struct histogram *dst, const struct histogram *src)
{
	double n = (double)(dst->count + src->count), d = src->mean - dst->mean;

	if (!src->count)
		return;
	for (unsigned int i = 0; i < HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	/* Chan et al.: the two sets' deviations plus the gap between their means */
	dst->m2 += src->m2 + d * d * (double)dst->count * (double)src->count / n;
	dst->mean += d * (double)src->count / n;
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hist_percentile(const struct histogram *h, double p)
{
	uint64_t rank, seen = 0, v;

	if (!h->count)
		return 0;
	/* the epsilon keeps 99.9% of 1000 at rank 999 despite rounding */
	rank = (uint64_t)ceil(p / 100.0 * (double)h->count - 1e-9);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (unsigned int i = 0; i < HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen < rank)
			continue;
		v = hist_bucket_low(i) + (hist_bucket_high(i) - hist_bucket_low(i)) / 2;
		if (v > h->max)
			v = h->max;
		if (v < h->min)
			v = h->min;
		return v;
	}
	return h->max;
}

double hist_mean(const struct histogram *h)
{
	return h->count ? h->sum / (double)h->count : NAN;
}

double hist_stddev(const struct histogram *h)
{
	return h->count ? sqrt(h->m2 / (double)h->count) : NAN;
}

/* A value of an empty histogram is not 0: null */
static void put_value(struct json_writer *w, const char *key, const struct histogram *h,
		      uint64_t v)
{
	if (h->count)
		json_uint(w, key, v);
	else
		json_null(w, key);
}

void hist_write_json(struct json_writer *w, const char *key,
		     const struct histogram *h)
{
	json_begin_object(w, key);
	json_uint(w, "count", h->count);
	put_value(w, "min", h, h->min);
	put_value(w, "max", h, h->max);
	json_double(w, "mean", hist_mean(h));
	json_double(w, "stddev", hist_stddev(h));
	put_value(w, "p50", h, hist_percentile(h, 50));
	put_value(w, "p90", h, hist_percentile(h, 90));
	put_value(w, "p99", h, hist_percentile(h, 99));
	put_value(w, "p99_9", h, hist_percentile(h, 99.9));
	put_value(w, "p99_99", h, hist_percentile(h, 99.99));
	json_string(w, "percentile", "bucket_midpoint");
	json_begin_array(w, "buckets");
	for (unsigned int i = 0; i < HIST_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		json_begin_array(w, NULL);
		json_uint(w, NULL, hist_bucket_low(i));
		json_uint(w, NULL, hist_bucket_high(i));
		json_uint(w, NULL, h->bucket[i]);
		json_end_array(w);
	}
	json_end_array(w);
	json_end_object(w);
}
