// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/histogram.h"

TEST(hist_buckets_cover_every_value)
{
	/* each value lands in a bucket whose bounds hold it, within 1/16 */
	uint64_t probes[] = { 0, 1, 15, 16, 17, 31, 32, 33, 1000, 4095, 4096,
			      123456789, (1ull << 40) + 12345, UINT64_MAX };

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t v = probes[i];
		unsigned int b = hist_bucket_of(v);

		CHECK(b < HIST_BUCKETS);
		CHECK(hist_bucket_low(b) <= v);
		CHECK(hist_bucket_high(b) >= v);
		CHECK(hist_bucket_high(b) - hist_bucket_low(b) <= v / 16);
	}
}

TEST(hist_buckets_are_contiguous)
{
	for (unsigned int b = 1; b < HIST_BUCKETS; b++)
		CHECK_EQ_U64(hist_bucket_low(b), hist_bucket_high(b - 1) + 1);
	CHECK_EQ_U64(hist_bucket_high(HIST_BUCKETS - 1), UINT64_MAX);
}

TEST(hist_percentiles_of_uniform_data)
{
	struct histogram *h = malloc(sizeof(*h));

	hist_init(h);
	for (uint64_t v = 1; v <= 10000; v++)
		hist_add(h, v);
	CHECK_EQ_U64(h->count, 10000);
	CHECK_EQ_U64(h->min, 1);
	CHECK_EQ_U64(h->max, 10000);
	/* true p50 is 5000, p99 9900: the bucket bound is within 6.25% above */
	CHECK(hist_percentile(h, 50) >= 5000 && hist_percentile(h, 50) <= 5000 * 17 / 16);
	CHECK(hist_percentile(h, 99) >= 9900 && hist_percentile(h, 99) <= 10000);
	CHECK_EQ_U64(hist_percentile(h, 100), 10000);
	CHECK_EQ_U64(hist_percentile(h, 0.0001), 1);
	CHECK(hist_mean(h) > 5000.4 && hist_mean(h) < 5000.6);
	free(h);
}

TEST(hist_tail_is_not_hidden)
{
	struct histogram *h = malloc(sizeof(*h));

	hist_init(h);
	for (int i = 0; i < 999; i++)
		hist_add(h, 100);
	hist_add(h, 1000000);
	/* 100 lies in bucket [100, 103]: its upper bound is reported */
	CHECK_EQ_U64(hist_percentile(h, 99.9), 103);
	CHECK_EQ_U64(hist_percentile(h, 99.95), 1000000);
	CHECK_EQ_U64(hist_percentile(h, 50), 103);
	free(h);
}

TEST(hist_empty_and_merge)
{
	struct histogram *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	hist_init(a);
	hist_init(b);
	CHECK_EQ_U64(hist_percentile(a, 99), 0);
	hist_add(a, 5);
	hist_add(b, 500);
	hist_add(b, 7);
	hist_merge(a, b);
	CHECK_EQ_U64(a->count, 3);
	CHECK_EQ_U64(a->min, 5);
	CHECK_EQ_U64(a->max, 500);
	CHECK_EQ_U64(hist_percentile(a, 50), 7);
	free(a);
	free(b);
}
