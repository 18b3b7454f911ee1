// SPDX-License-Identifier: GPL-2.0
/*
 * xxhash_bound - how many 4 KiB pages one CPU hashes per second with XXH64,
 * the checksum ksmd computes for every page it scans: a bound no ksmd worker
 * can beat on the same machine, since each scanned page costs it at least
 * that hash.  Run it in the same guest as merge_throughput, and compare a
 * worker's scan rate (pages_scanned per second per worker) with it.
 *
 * Fills --size-mib of distinct pages (so the loop reads memory, as ksmd
 * does, rather than one cached page), then hashes them over and over for
 * --seconds.  With --threads N, N threads do so at once, each over its own
 * --size-mib: what N CPUs of this machine hash together, the ceiling for
 * N ksmd workers over one (under TCG, where vCPUs share the host's cores
 * with QEMU itself, it can be well below N).  JSON on stdout or --json
 * FILE; summary on stderr.
 *
 * --hash times another page hash instead (bench/lib/pagehash.h): nh, the
 * keyed hash the series checksums pages with since v2, or SipHash, the
 * kernel's keyed PRF: what each would cost ksmd per page scanned.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/json.h"
#include "lib/pagegen.h"
#include "lib/thread.h"
#include "lib/timing.h"
#include "lib/pagehash.h"

static const char *prog = "xxhash_bound";

struct options {
	uint64_t size_mib, seconds, threads;
	enum page_hash hash;
	const struct page_hash_key *key;
	const char *json_path;
	FILE *json_out;		/* opened at start: a bad path fails at once */
	bool quiet;
};

struct result {
	uint64_t pages, passes, fold;
	double seconds;
};

/* One hashing thread: its pages, and what it hashed */
struct hasher {
	pthread_t tid;
	pthread_barrier_t *start;
	const struct options *o;
	unsigned char *mem;
	size_t npages, page_size;
	uint64_t first_id;	/* of its pages' contents: all threads differ */
	struct result r;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [options]\n"
"  --size-mib N   memory hashed over and over (default 64)\n"
"  --seconds N    how long to hash (default 3)\n"
"  --threads N    hash with N threads at once, each its own --size-mib\n"
"                 (default 1)\n"
"  --hash NAME    %s (default xxh64)\n"
"  --json FILE    write the JSON there instead of stdout\n"
"  -q             no summary on stderr\n"
"  -h, --help     this text\n", prog, page_hash_names());
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "size-mib", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "threads", required_argument, NULL, 't' },
		{ "hash", required_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .size_mib = 64, .seconds = 3, .threads = 1 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': cli_num(prog, "--size-mib", optarg, 1, 1 << 16, &o->size_mib); break;
		case 'S': cli_num(prog, "--seconds", optarg, 1, 3600, &o->seconds); break;
		case 't': cli_num(prog, "--threads", optarg, 1, 256, &o->threads); break;
		case 'H':
			if (!page_hash_parse(optarg, &o->hash))
				cli_die(prog, "--hash: unknown hash '%s' (xxh64, nh, "
					"siphash24, siphash13)", optarg);
			break;
		case 'j': o->json_path = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
}

/* Hashes every page of @mem once per pass until @seconds have passed */
static void hash_loop(const struct options *o, const unsigned char *mem,
		      size_t npages, size_t page_size, struct result *r)
{
	uint64_t seconds = o->seconds;
	uint64_t t0 = now_ns(), limit = seconds * 1000000000ull;

	*r = (struct result){ 0 };
	do {
		for (size_t i = 0; i < npages; i++)
			r->fold += page_hash(o->hash, o->key, mem + i * page_size, page_size);
		r->pages += npages;
		r->passes++;
	} while (now_ns() - t0 < limit);
	r->seconds = ns_to_s(now_ns() - t0);
}

/* A thread: fills its pages, waits for the others, hashes */
static void *hasher_main(void *arg)
{
	struct hasher *h = arg;

	for (size_t i = 0; i < h->npages; i++)
		page_fill(h->mem + i * h->page_size, h->page_size, h->first_id + i);
	pthread_barrier_wait(h->start);
	hash_loop(h->o, h->mem, h->npages, h->page_size, &h->r);
	return NULL;
}

static int write_json(const struct options *o, const struct result *r, size_t page_size,
		      int argc, char **argv)
{
	struct json_writer w;
	FILE *f;
	char fold[32];

	f = env_report_open(&w, prog, o->json_out, argc, argv);
	if (!f)
		return -1;
	json_begin_object(&w, "params");
	json_uint(&w, "size_mib", o->size_mib);
	json_uint(&w, "page_size", page_size);
	json_uint(&w, "seconds", o->seconds);
	json_uint(&w, "threads", o->threads);
	json_string(&w, "hash", page_hash_name(o->hash));
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_uint(&w, "pages_hashed", r->pages);
	json_uint(&w, "passes", r->passes);
	json_double(&w, "seconds", r->seconds);
	/* all threads together */
	json_double(&w, "pages_per_second", (double)r->pages / r->seconds);
	json_double(&w, "pages_per_second_per_thread",
		    (double)r->pages / r->seconds / (double)o->threads);
	json_double(&w, "mib_per_second",
		    (double)r->pages * (double)page_size / (1 << 20) / r->seconds);
	/* the hashes added up: keeps the loop from being optimized out */
	snprintf(fold, sizeof(fold), "%016llx", (unsigned long long)r->fold);
	json_string(&w, "sum_of_hashes", fold);
	json_end_object(&w);
	return env_report_close(&w, f);
}

/* Runs the threads; @r adds up their pages, over the longest one's time */
static int run_hashers(const struct options *o, size_t page_size, struct result *r)
{
	size_t npages = (size_t)(o->size_mib << 20) / page_size;
	struct hasher *h = calloc(o->threads, sizeof(*h));
	pthread_barrier_t start;
	uint64_t i;
	int err = 0;

	*r = (struct result){ 0 };
	if (!h || pthread_barrier_init(&start, NULL, (unsigned int)o->threads)) {
		free(h);
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	/* every thread's memory first: the barrier waits for all of them */
	for (i = 0; i < o->threads; i++) {
		h[i] = (struct hasher){ .start = &start, .o = o, .npages = npages,
					.page_size = page_size, .first_id = i * npages + 1 };
		h[i].mem = malloc(npages * page_size);
		if (!h[i].mem) {
			fprintf(stderr, "%s: cannot allocate %llu MiB x %llu threads\n", prog,
				(unsigned long long)o->size_mib, (unsigned long long)o->threads);
			err = -1;
			goto out;
		}
	}
	for (i = 0; i < o->threads; i++)
		/* exits if it cannot: the others would wait at the barrier */
		thread_start_or_die(prog, &h[i].tid, hasher_main, &h[i], i);
	for (i = 0; i < o->threads; i++) {
		pthread_join(h[i].tid, NULL);
		r->pages += h[i].r.pages;
		r->passes += h[i].r.passes;
		r->fold += h[i].r.fold;
		if (h[i].r.seconds > r->seconds)
			r->seconds = h[i].r.seconds;
	}
out:
	for (i = 0; i < o->threads; i++)
		free(h[i].mem);	/* NULL past a failed allocation (calloc) */
	pthread_barrier_destroy(&start);
	free(h);
	return err;
}

int main(int argc, char **argv)
{
	struct options o;
	struct result r;
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);

	parse(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	if (page_size > PAGE_HASH_MAX_PAGE) {
		fprintf(stderr, "%s: pages of %zu bytes: at most %d supported\n", prog,
			page_size, PAGE_HASH_MAX_PAGE);
		return 1;
	}
	/* a fixed key: the cost does not depend on it */
	struct page_hash_key *key = malloc(sizeof(*key));

	if (!key) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	page_hash_key_init(key, 1);
	o.key = key;
	int err = run_hashers(&o, page_size, &r);

	free(key);
	if (err)
		return 1;
	if (!o.quiet)
		fprintf(stderr, "%s: %s: %.0f pages/s (%.0f MiB/s), %llu thread(s) x %llu MiB, "
			"%llu passes in %.2f s\n",
			prog, page_hash_name(o.hash), (double)r.pages / r.seconds,
			(double)r.pages * (double)page_size / (1 << 20) / r.seconds,
			(unsigned long long)o.threads, (unsigned long long)o.size_mib,
			(unsigned long long)r.passes, r.seconds);
	return write_json(&o, &r, page_size, argc, argv) ? 1 : 0;
}
