/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small streaming JSON writer.
 *
 * Every value call takes the key it is stored under; pass NULL inside arrays
 * and for the top-level value.  Nesting is tracked so commas and indentation
 * come out right; the writer never buffers more than one value.
 *
 * Misuse - a key inside an array, none inside an object, nesting deeper
 * than JSON_MAX_DEPTH, closing what is not open or with the wrong bracket,
 * a document left open - is recorded in w->error (the first one) and makes
 * json_finish() fail: a broken document is never reported as written.
 */
#ifndef KSMBENCH_JSON_H
#define KSMBENCH_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

/*
 * The version of the documents the benchmarks write (top-level
 * "schema_version"); raised when a field changes meaning or goes away.
 * 2: unmeasured metrics are null (never 0), doubles are exact (%.17g),
 * histograms have 64 sub-buckets and a stddev.
 */
#define KSMBENCH_SCHEMA_VERSION 2

struct json_writer {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no member written yet at this depth */
	char kind[JSON_MAX_DEPTH];	/* '{' or '[' open at this depth */
	const char *error;		/* the first misuse, or NULL */
};

void json_init(struct json_writer *w, FILE *f);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *s);
void json_int(struct json_writer *w, const char *key, long long v);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
/*
 * Written with 17 significant digits, so it reads back as the same double;
 * non-finite ones as null: JSON has no NaN or Infinity.
 */
void json_double(struct json_writer *w, const char *key, double v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* json_uint() of @v if @have (it could be measured), else json_null() */
void json_uint_or_null(struct json_writer *w, const char *key, bool have, uint64_t v);
/*
 * Ends the document with a newline; returns 0, or -1 on a write error or a
 * misuse (w->error says which).
 */
int json_finish(struct json_writer *w);

/*
 * Writes @s as a quoted JSON string: valid UTF-8 passed through, controls
 * escaped, and each byte of an invalid UTF-8 sequence written as the code
 * point of its value (\u00XX), so the output is always valid JSON.
 */
void json_write_escaped(FILE *f, const char *s);

#endif
