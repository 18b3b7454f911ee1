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
		  "    \"none\": null\n"
		  "  },\n"
		  "  \"empty\": [],\n"
		  "  \"list\": [\n"
		  "    1,\n"
		  "    2\n"
		  "  ]\n"
		  "}\n");
	free(buf);
}
