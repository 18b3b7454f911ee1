// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <math.h>

void json_init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->first[0] = true;
	w->kind[0] = 0;
	w->error = NULL;
}

static void misuse(struct json_writer *w, const char *what)
{
	if (!w->error)
		w->error = what;
}

/*
 * The length of the valid UTF-8 sequence of two to four bytes at @p, or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static int utf8_len(const unsigned char *p)
{
	int n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f;	/* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90;	/* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

void json_write_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		switch (*p) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default: {
			int n = *p < 0x80 ? 0 : utf8_len(p);

			if (n) {
				fwrite(p, 1, (size_t)n, f);
				p += n;
				continue;
			}
			/* controls, DEL, and bytes that are not UTF-8 */
			if (*p < 0x20 || *p >= 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
		}
		p++;
	}
	fputc('"', f);
}

/* Separator, indentation and key before a value at the current depth. */
static void json_member(struct json_writer *w, const char *key)
{
	if (w->kind[w->depth] == '[' && key)
		misuse(w, "a key inside an array");
	else if (w->kind[w->depth] == '{' && !key)
		misuse(w, "a value without a key inside an object");
	else if (!w->kind[w->depth] && !w->first[0])
		misuse(w, "a second top-level value");
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	w->first[w->depth] = false;
	if (key && w->kind[w->depth] != '[') {
		json_write_escaped(w->f, key);
		fputs(": ", w->f);
	}
}

static void json_open(struct json_writer *w, const char *key, char c)
{
	json_member(w, key);
	fputc(c, w->f);
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		misuse(w, "nesting deeper than JSON_MAX_DEPTH");
		return;
	}
	w->depth++;
	w->first[w->depth] = true;
	w->kind[w->depth] = c;
}

static void json_close(struct json_writer *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth == 0) {
		misuse(w, "closing what is not open");
		fputc(c, w->f);
		return;
	}
	if ((c == '}') != (w->kind[w->depth] == '{'))
		misuse(w, "closing with the wrong bracket");
	w->depth--;
	if (!empty) {
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	fputc(c, w->f);
}

void json_begin_object(struct json_writer *w, const char *key)
{
	json_open(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	json_close(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	json_open(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	json_close(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	json_member(w, key);
	if (s)
		json_write_escaped(w->f, s);
	else
		fputs("null", w->f);
}

void json_int(struct json_writer *w, const char *key, long long v)
{
	json_member(w, key);
	fprintf(w->f, "%lld", v);
}

void json_uint(struct json_writer *w, const char *key, uint64_t v)
{
	json_member(w, key);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void json_double(struct json_writer *w, const char *key, double v)
{
	json_member(w, key);
	if (isfinite(v))
		fprintf(w->f, "%.17g", v);
	else
		fputs("null", w->f);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	json_member(w, key);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w, const char *key)
{
	json_member(w, key);
	fputs("null", w->f);
}

void json_uint_or_null(struct json_writer *w, const char *key, bool have, uint64_t v)
{
	if (have)
		json_uint(w, key, v);
	else
		json_null(w, key);
}

int json_finish(struct json_writer *w)
{
	if (w->depth)
		misuse(w, "a document left open");
	fputc('\n', w->f);
	return fflush(w->f) == 0 && !ferror(w->f) && !w->error ? 0 : -1;
}
