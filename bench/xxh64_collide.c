// SPDX-License-Identifier: GPL-2.0
/*
 * xxh64_collide - crafts N distinct 4 KiB pages whose XXH64 equals a target
 * page's: the hash-flooding attack on a KSM index keyed by xxhash(page, 0)
 * (bench/lib/xxh64_collide.h says how).  Writes the pages raw, one after
 * another, to --out FILE or stdout; --check hashes every page under seed 0,
 * the seed seed0 pages were solved for and K random seeds, and says how
 * many collide (JSON on stdout, a summary on stderr).  No root needed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/json.h"
#include "lib/pagegen.h"
#include "lib/xxh64.h"
#include "lib/xxh64_collide.h"

#define PS XXH64_COLLIDE_PAGE

static const char *prog = "xxh64_collide";

struct options {
	enum xxh64_collide_kind kind;
	uint64_t count, first, seed, target_id, random_seeds, rng_seed;
	const char *target_file, *out;
	bool have_count, check, quiet;
};

struct check {
	uint64_t seed0, at_seed, random, per_seed_min, per_seed_max;
	uint64_t *per_seed;	/* colliding pages per random seed */
	uint64_t *seeds;
	bool distinct;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s --count N [options]\n"
"\n"
"Crafts N distinct 4 KiB pages whose XXH64 equals a target page's and\n"
"writes them raw, one after another.\n"
"\n"
"  --kind K          seed0 (default): the last stripe solved so every page\n"
"                    collides under --seed; seed-independent: two words\n"
"                    changed so that about half collide under any seed;\n"
"                    control: near-copies that collide with nothing\n"
"                    (at most %llu pages)\n"
"  --count N         how many pages\n"
"  --first I         the index of the first page (default 0): runs with\n"
"                    disjoint ranges give disjoint sets of pages\n"
"  --seed S          the XXH64 seed seed0 pages are solved for (default 0,\n"
"                    the seed KSM's xxhash() index uses)\n"
"  --target-id ID    the target: the page of content id ID as\n"
"                    merge_throughput writes it (default 0: the zero page)\n"
"  --target-file F   the target: file F, exactly 4096 bytes\n"
"  --out FILE        write the pages to FILE ('-': stdout, the default\n"
"                    without --check)\n"
"  --check           hash every page under seed 0, --seed and the random\n"
"                    seeds: JSON on stdout, a summary on stderr\n"
"  --random-seeds K  with --check: K random seeds (default 64)\n"
"  --rng-seed R      the PRNG seed they come from (default 1)\n"
"  -q, --quiet       no summary\n"
"  -h, --help        this text\n"
"\n"
"Exit status: 0; 1 when --check finds a seed0 page that does not collide\n"
"under its seed, or two equal pages; 2 bad usage or input.\n",
		prog, (unsigned long long)xxh64_collide_max(XXH64_COLLIDE_SEED_INDEPENDENT));
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "count", required_argument, NULL, 'n' },
		{ "first", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "target-id", required_argument, NULL, 'i' },
		{ "target-file", required_argument, NULL, 'F' },
		{ "out", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "random-seeds", required_argument, NULL, 'K' },
		{ "rng-seed", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_id = false;
	int c;

	*o = (struct options){ .kind = XXH64_COLLIDE_SEED0, .random_seeds = 64, .rng_seed = 1 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (xxh64_collide_parse_kind(optarg, &o->kind))
				cli_die(prog, "--kind is seed0, seed-independent or control, got '%s'", optarg);
			break;
		case 'n':
			cli_num(prog, "--count", optarg, 1, 1u << 20, &o->count);
			o->have_count = true;
			break;
		case 'f': cli_num(prog, "--first", optarg, 0, UINT32_MAX, &o->first); break;
		case 's': cli_num(prog, "--seed", optarg, 0, UINT64_MAX, &o->seed); break;
		case 'i':
			cli_num(prog, "--target-id", optarg, 0, UINT64_MAX, &o->target_id);
			have_id = true;
			break;
		case 'F': o->target_file = optarg; break;
		case 'o': o->out = optarg; break;
		case 'c': o->check = true; break;
		case 'K': cli_num(prog, "--random-seeds", optarg, 0, 1u << 16, &o->random_seeds); break;
		case 'r': cli_num(prog, "--rng-seed", optarg, 0, UINT64_MAX, &o->rng_seed); break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
	if (!o->have_count)
		cli_die(prog, "%s", "need --count N");
	if (have_id && o->target_file)
		cli_die(prog, "%s", "--target-id and --target-file are one or the other");
	if (o->first + o->count > xxh64_collide_max(o->kind)) {
		char msg[160], last[24];

		snprintf(last, sizeof(last), "%llu", (unsigned long long)(o->first + o->count - 1));
		snprintf(msg, sizeof(msg), "--first + --count: the last %s page is index %llu,"
			 " asked for up to %%s", xxh64_collide_kind_name(o->kind),
			 (unsigned long long)xxh64_collide_max(o->kind) - 1);
		cli_die(prog, msg, last);
	}
	if (o->check && o->out && !strcmp(o->out, "-"))
		cli_die(prog, "%s", "--check writes its JSON on stdout: give --out a file");
}

/* The target page into @page: from --target-file or --target-id; 0 or -1 */
static int load_target(const struct options *o, unsigned char *page)
{
	FILE *f;
	size_t n;
	int extra;

	if (!o->target_file) {
		page_fill(page, PS, o->target_id);
		return 0;
	}
	f = fopen(o->target_file, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open --target-file %s: %s\n", prog,
			o->target_file, strerror(errno));
		return -1;
	}
	n = fread(page, 1, PS, f);
	extra = fgetc(f);
	fclose(f);
	if (n != PS || extra != EOF) {
		fprintf(stderr, "%s: --target-file %s is not exactly %zu bytes\n", prog,
			o->target_file, PS);
		return -1;
	}
	return 0;
}

/* Whether the 128-bit fingerprints @keys[0..n) (pages, then the target) differ */
static bool keys_distinct(struct page_key *keys, size_t n)
{
	qsort(keys, n, sizeof(*keys), page_key_cmp);
	for (size_t i = 1; i < n; i++)
		if (!page_key_cmp(&keys[i - 1], &keys[i]))
			return false;
	return true;
}

/* Crafts the pages, writes them to @out (if any) and checks them (if asked) */
static int run(const struct options *o, const unsigned char *target, FILE *out,
	       struct check *ck)
{
	uint64_t want0 = xxh64(target, PS, 0), want_s = xxh64(target, PS, o->seed);
	uint64_t *want_r = NULL, st = o->rng_seed;
	struct page_key *keys = NULL;
	unsigned char page[PS];
	int err = -1;

	if (o->check) {
		want_r = calloc(o->random_seeds + 1, sizeof(*want_r));
		ck->seeds = calloc(o->random_seeds + 1, sizeof(*ck->seeds));
		ck->per_seed = calloc(o->random_seeds + 1, sizeof(*ck->per_seed));
		keys = calloc(o->count + 1, sizeof(*keys));
		if (!want_r || !ck->seeds || !ck->per_seed || !keys) {
			fprintf(stderr, "%s: out of memory\n", prog);
			goto out;
		}
		for (uint64_t s = 0; s < o->random_seeds; s++) {
			ck->seeds[s] = splitmix64(&st);
			want_r[s] = xxh64(target, PS, ck->seeds[s]);
		}
		keys[o->count] = page_hash128(target, PS);
	}
	for (uint64_t i = 0; i < o->count; i++) {
		if (xxh64_collide_page(o->kind, target, o->seed, o->first + i, page))
			goto out;	/* parse() checked the range */
		if (out && fwrite(page, PS, 1, out) != 1) {
			fprintf(stderr, "%s: cannot write the pages: %s\n", prog, strerror(errno));
			goto out;
		}
		if (!o->check)
			continue;
		keys[i] = page_hash128(page, PS);
		ck->seed0 += xxh64(page, PS, 0) == want0;
		ck->at_seed += xxh64(page, PS, o->seed) == want_s;
		for (uint64_t s = 0; s < o->random_seeds; s++)
			ck->per_seed[s] += xxh64(page, PS, ck->seeds[s]) == want_r[s];
	}
	if (o->check) {
		ck->distinct = keys_distinct(keys, o->count + 1);
		ck->per_seed_min = o->random_seeds ? UINT64_MAX : 0;
		for (uint64_t s = 0; s < o->random_seeds; s++) {
			ck->random += ck->per_seed[s];
			if (ck->per_seed[s] < ck->per_seed_min)
				ck->per_seed_min = ck->per_seed[s];
			if (ck->per_seed[s] > ck->per_seed_max)
				ck->per_seed_max = ck->per_seed[s];
		}
	}
	err = 0;
out:
	free(want_r);
	free(keys);
	return err;
}

static void target_name(const struct options *o, char *buf, size_t len)
{
	if (o->target_file)
		snprintf(buf, len, "file:%s", o->target_file);
	else if (o->target_id == CONTENT_ZERO)
		snprintf(buf, len, "zero");
	else
		snprintf(buf, len, "id:%llu", (unsigned long long)o->target_id);
}

static int write_json(const struct options *o, const unsigned char *target,
		      const struct check *ck, int argc, char **argv)
{
	uint64_t trials = o->count * o->random_seeds;
	struct json_writer w;
	char name[4200], hex[20];
	FILE *f;

	f = env_report_open(&w, prog, stdout, argc, argv);
	if (!f)
		return -1;
	target_name(o, name, sizeof(name));
	json_begin_object(&w, "params");
	json_string(&w, "kind", xxh64_collide_kind_name(o->kind));
	json_uint(&w, "count", o->count);
	json_uint(&w, "first", o->first);
	json_uint(&w, "seed", o->seed);
	json_string(&w, "target", name);
	json_uint(&w, "page_size", PS);
	json_uint(&w, "random_seeds", o->random_seeds);
	json_uint(&w, "rng_seed", o->rng_seed);
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_uint(&w, "pages", o->count);
	json_bool(&w, "distinct", ck->distinct);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)xxh64(target, PS, 0));
	json_string(&w, "target_xxh64_seed0", hex);
	json_uint(&w, "seed0_colliding", ck->seed0);
	json_uint(&w, "seed_colliding", ck->at_seed);
	json_uint(&w, "random_seed_trials", trials);
	json_uint(&w, "random_seed_colliding", ck->random);
	json_double(&w, "random_seed_fraction", trials ? (double)ck->random / (double)trials : 0);
	json_uint(&w, "random_seed_min_colliding", ck->per_seed_min);
	json_uint(&w, "random_seed_max_colliding", ck->per_seed_max);
	json_end_object(&w);
	return env_report_close(&w, f);
}

static void summary(const struct options *o, const struct check *ck)
{
	uint64_t trials = o->count * o->random_seeds;
	char name[4200];

	target_name(o, name, sizeof(name));
	fprintf(stderr, "%s: %llu %s pages for target %s: %llu collide under seed 0",
		prog, (unsigned long long)o->count, xxh64_collide_kind_name(o->kind), name,
		(unsigned long long)ck->seed0);
	if (o->seed)
		fprintf(stderr, ", %llu under seed %llu", (unsigned long long)ck->at_seed,
			(unsigned long long)o->seed);
	fprintf(stderr, "; %llu of %llu (%.1f%%) under %llu random seeds (%llu-%llu per seed);"
		" %s\n", (unsigned long long)ck->random, (unsigned long long)trials,
		trials ? 100.0 * (double)ck->random / (double)trials : 0.0,
		(unsigned long long)o->random_seeds, (unsigned long long)ck->per_seed_min,
		(unsigned long long)ck->per_seed_max,
		ck->distinct ? "all distinct" : "NOT all distinct");
}

int main(int argc, char **argv)
{
	unsigned char target[PS];
	struct check ck = { 0 };
	struct options o;
	FILE *out = NULL;
	int rc = 1;

	parse(argc, argv, &o);
	if (load_target(&o, target))
		return EXIT_USAGE;
	if (o.out && strcmp(o.out, "-")) {
		out = fopen(o.out, "wb");
		if (!out) {
			fprintf(stderr, "%s: cannot create --out %s: %s\n", prog, o.out,
				strerror(errno));
			return EXIT_USAGE;
		}
	} else if (!o.check) {
		if (isatty(STDOUT_FILENO))
			cli_die(prog, "%s", "not writing raw pages to a terminal: give --out FILE"
				" or redirect stdout");
		out = stdout;
	}
	if (run(&o, target, out, &ck))
		goto done;
	if (out) {
		int err = out == stdout ? fflush(out) : fclose(out);

		out = NULL;
		if (err) {
			fprintf(stderr, "%s: cannot write the pages: %s\n", prog, strerror(errno));
			goto done;
		}
	}
	rc = 0;
	if (o.check) {
		if (!o.quiet)
			summary(&o, &ck);
		if (write_json(&o, target, &ck, argc, argv) || !ck.distinct ||
		    (o.kind == XXH64_COLLIDE_SEED0 && ck.at_seed != o.count))
			rc = 1;
	}
done:
	if (out && out != stdout)
		fclose(out);
	free(ck.per_seed);
	free(ck.seeds);
	return rc;
}
