// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/json.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_write_escaped(f, s);
	fclose(f);
	return buf;
}

TEST(json_escapes_specials)
{
	struct { const char *in, *out; } cases[] = {
		{ "plain", "\"plain\"" },
		{ "quote\"back\\slash", "\"quote\\\"back\\\\slash\"" },
		{ "line\nfeed\ttab\rcr", "\"line\\nfeed\\ttab\\rcr\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "utf8 \xc3\xa9", "\"utf8 \xc3\xa9\"" },
		{ "", "\"\"" },
		/* valid 3- and 4-byte sequences pass through */
		{ "\xe2\x82\xac \xf0\x9f\x98\x80", "\"\xe2\x82\xac \xf0\x9f\x98\x80\"" },
		/* invalid UTF-8: each byte as its code point, so the JSON stays valid */
		{ "latin1 \xe9!", "\"latin1 \\u00e9!\"" },
		{ "cut \xc3", "\"cut \\u00c3\"" },
		{ "overlong \xc0\xaf", "\"overlong \\u00c0\\u00af\"" },
		{ "surrogate \xed\xa0\x80", "\"surrogate \\u00ed\\u00a0\\u0080\"" },
		{ "too big \xf4\x90\x80\x80", "\"too big \\u00f4\\u0090\\u0080\\u0080\"" },
		{ "stray \x80 x", "\"stray \\u0080 x\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escaped(cases[i].in);

		CHECK_STR(got, cases[i].out);
		free(got);
	}
}

TEST(json_document_shape)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w;

	json_init(&w, f);
	json_begin_object(&w, NULL);
	json_string(&w, "benchmark", "x");
	json_begin_object(&w, "result");
	json_bool(&w, "converged", true);
	json_uint(&w, "n", 18446744073709551615ull);
	json_int(&w, "neg", -3);
	json_double(&w, "nan", NAN);
	json_double(&w, "half", 0.5);
	json_null(&w, "none");
	json_uint_or_null(&w, "known", true, 7);
	json_uint_or_null(&w, "unknown", false, 7);
	json_end_object(&w);
	json_begin_array(&w, "empty");
	json_end_array(&w);
	json_begin_array(&w, "list");
	json_uint(&w, NULL, 1);
	json_uint(&w, NULL, 2);
	json_end_array(&w);
	json_end_object(&w);
	CHECK(json_finish(&w) == 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\n"
		  "  \"benchmark\": \"x\",\n"
		  "  \"result\": {\n"
		  "    \"converged\": true,\n"
		  "    \"n\": 18446744073709551615,\n"
		  "    \"neg\": -3,\n"
		  "    \"nan\": null,\n"
		  "    \"half\": 0.5,\n"
		  "    \"none\": null,\n"
		  "    \"known\": 7,\n"
		  "    \"unknown\": null\n"
		  "  },\n"
		  "  \"empty\": [],\n"
		  "  \"list\": [\n"
		  "    1,\n"
		  "    2\n"
		  "  ]\n"
		  "}\n");
	free(buf);
}

/* Writes a document by @fn into a string; returns json_finish()'s result. */
static int document(void (*fn)(struct json_writer *), char **out, const char **error)
{
	size_t len = 0;
	FILE *f = open_memstream(out, &len);
	struct json_writer w;
	int rc;

	json_init(&w, f);
	fn(&w);
	rc = json_finish(&w);
	fclose(f);
	*error = w.error;
	return rc;
}

static void key_in_array(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_begin_array(w, "list");
	json_uint(w, "oops", 1);
	json_end_array(w);
	json_end_object(w);
}

static void no_key_in_object(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_uint(w, NULL, 1);
	json_end_object(w);
}

static void too_deep(struct json_writer *w)
{
	for (int i = 0; i < JSON_MAX_DEPTH + 2; i++)
		json_begin_array(w, NULL);
	for (int i = 0; i < JSON_MAX_DEPTH + 2; i++)
		json_end_array(w);
}

static void wrong_bracket(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_begin_array(w, "a");
	json_end_object(w);
	json_end_object(w);
}

static void left_open(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_uint(w, "n", 1);
}

static void closed_twice(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_end_object(w);
	json_end_object(w);
}

static void well_formed(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_begin_array(w, "a");
	json_begin_object(w, NULL);
	json_end_object(w);
	json_end_array(w);
	json_end_object(w);
}

TEST(json_misuse_is_caught)
{
	struct { void (*fn)(struct json_writer *); const char *error; } cases[] = {
		{ key_in_array, "a key inside an array" },
		{ no_key_in_object, "a value without a key inside an object" },
		{ too_deep, "nesting deeper than JSON_MAX_DEPTH" },
		{ wrong_bracket, "closing with the wrong bracket" },
		{ left_open, "a document left open" },
		{ closed_twice, "closing what is not open" },
	};
	char *buf = NULL;
	const char *error;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(document(cases[i].fn, &buf, &error) == -1);
		CHECK(error && !strcmp(error, cases[i].error));
		free(buf);
	}
	CHECK(document(well_formed, &buf, &error) == 0 && error == NULL);
	CHECK(!strstr(buf, "oops"));
	free(buf);
}

TEST(json_doubles_read_back_equal)
{
	const double values[] = { 0.1, 1.0 / 3.0, 2.0 / 3.0 * 1e-300, 123456789.123456789,
				  6.02214076e23, -0.0, 5e-324, 1.7976931348623157e308 };

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		struct json_writer w;

		json_init(&w, f);
		json_double(&w, NULL, values[i]);
		CHECK(json_finish(&w) == 0);
		fclose(f);
		CHECK(strtod(buf, NULL) == values[i]);
		free(buf);
	}
}
