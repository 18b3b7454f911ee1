/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small streaming JSON writer.
 *
 * Every value call takes the key it is stored under; pass NULL inside arrays
 * and for the top-level value.  Nesting is tracked so commas and indentation
 * come out right; the writer never buffers more than one value.
 */
#ifndef KSMBENCH_JSON_H
#define KSMBENCH_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no member written yet at this depth */
};

void json_init(struct json_writer *w, FILE *f);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *s);
void json_int(struct json_writer *w, const char *key, long long v);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
/* Non-finite doubles are written as null: JSON has no NaN or Infinity. */
void json_double(struct json_writer *w, const char *key, double v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* Ends the document with a newline; returns 0, or -1 on a write error. */
int json_finish(struct json_writer *w);

/* Writes @s as a quoted JSON string (UTF-8 passed through, controls escaped). */
void json_write_escaped(FILE *f, const char *s);

#endif
