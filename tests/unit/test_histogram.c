// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/histogram.h"

TEST(hist_buckets_cover_every_value)
{
	/* each value lands in a bucket whose bounds hold it, within 1/64 */
	uint64_t probes[] = { 0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 1000,
			      4095, 4096, 123456789, (1ull << 40) + 12345, UINT64_MAX };

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t v = probes[i];
		unsigned int b = hist_bucket_of(v);

		CHECK(b < HIST_BUCKETS);
		CHECK(hist_bucket_low(b) <= v);
		CHECK(hist_bucket_high(b) >= v);
		CHECK(hist_bucket_high(b) - hist_bucket_low(b) <= v / 64);
	}
}

TEST(hist_buckets_are_contiguous)
{
	for (unsigned int b = 1; b < HIST_BUCKETS; b++)
		CHECK_EQ_U64(hist_bucket_low(b), hist_bucket_high(b - 1) + 1);
	CHECK_EQ_U64(hist_bucket_high(HIST_BUCKETS - 1), UINT64_MAX);
}

/* The reported value of a bucket is within 1% of any sample in it (fio's bound) */
TEST(hist_percentile_error_is_under_one_percent)
{
	struct histogram *h = malloc(sizeof(*h));
	double worst = 0;

	for (uint64_t v = 1; v < (1ull << 40); v += v / 7 + 1) {
		/* the sample at the bottom of its bucket, the worst case for a midpoint */
		uint64_t lo = hist_bucket_low(hist_bucket_of(v));

		hist_init(h);
		hist_add(h, lo);
		hist_add(h, hist_bucket_high(hist_bucket_of(v)) + 1000);	/* max above */
		hist_add(h, 0);						/* min below */
		if (fabs((double)hist_percentile(h, 50) - (double)lo) / (double)lo > worst)
			worst = fabs((double)hist_percentile(h, 50) - (double)lo) / (double)lo;
	}
	CHECK(worst <= 1.0 / 128);
	CHECK(worst > 0);	/* the probe did reach multi-value buckets */
	free(h);
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
	/* true p50 is 5000, p99 9900: the bucket midpoint is within 1/128 */
	CHECK(fabs((double)hist_percentile(h, 50) - 5000) <= 5000.0 / 128);
	CHECK(fabs((double)hist_percentile(h, 99) - 9900) <= 9900.0 / 128);
	CHECK_EQ_U64(hist_percentile(h, 100), 10000);
	CHECK_EQ_U64(hist_percentile(h, 0.0001), 1);
	CHECK(hist_mean(h) > 5000.4 && hist_mean(h) < 5000.6);
	/* population standard deviation of 1..n: sqrt((n^2 - 1) / 12) */
	CHECK(fabs(hist_stddev(h) - sqrt((1e8 - 1) / 12)) < 1e-6);
	free(h);
}

TEST(hist_tail_is_not_hidden)
{
	struct histogram *h = malloc(sizeof(*h));

	hist_init(h);
	for (int i = 0; i < 999; i++)
		hist_add(h, 1000);
	hist_add(h, 1000000);
	/* 1000 lies in bucket [1000, 1007]: its midpoint is reported */
	CHECK_EQ_U64(hist_percentile(h, 99.9), 1003);
	CHECK_EQ_U64(hist_percentile(h, 99.95), 1000000);	/* clamped to max */
	CHECK_EQ_U64(hist_percentile(h, 50), 1003);
	free(h);
}

TEST(hist_empty_and_merge)
{
	struct histogram *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct histogram *all = malloc(sizeof(*all));

	hist_init(a);
	hist_init(b);
	hist_init(all);
	CHECK_EQ_U64(hist_percentile(a, 99), 0);
	CHECK(isnan(hist_mean(a)) && isnan(hist_stddev(a)));
	hist_add(a, 5);
	hist_add(b, 500);
	hist_add(b, 7);
	hist_merge(a, b);
	CHECK_EQ_U64(a->count, 3);
	CHECK_EQ_U64(a->min, 5);
	CHECK_EQ_U64(a->max, 500);
	CHECK_EQ_U64(hist_percentile(a, 50), 7);
	/* merged halves have the whole's mean and standard deviation */
	hist_init(a);
	hist_init(b);
	for (uint64_t v = 1; v <= 1000; v++) {
		hist_add(v % 3 ? a : b, v * v);
		hist_add(all, v * v);
	}
	hist_merge(a, b);
	CHECK(fabs(hist_mean(a) - hist_mean(all)) < 1e-6);
	CHECK(fabs(hist_stddev(a) - hist_stddev(all)) < 1e-6 * hist_stddev(all));
	hist_init(b);
	hist_merge(a, b);	/* an empty one changes nothing */
	CHECK(fabs(hist_stddev(a) - hist_stddev(all)) < 1e-6 * hist_stddev(all));
	free(a);
	free(b);
	free(all);
}

TEST(hist_empty_json_has_no_zeros)
{
	struct histogram *h = malloc(sizeof(*h));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w;

	hist_init(h);
	json_init(&w, f);
	hist_write_json(&w, NULL, h);
	CHECK(json_finish(&w) == 0);
	fclose(f);
	CHECK(strstr(buf, "\"count\": 0") != NULL);
	CHECK(strstr(buf, "\"p99\": null") && strstr(buf, "\"min\": null") &&
	      strstr(buf, "\"mean\": null") && strstr(buf, "\"stddev\": null"));
	CHECK(strstr(buf, "\"percentile\": \"bucket_midpoint\"") != NULL);
	free(buf);
	free(h);
}
