// SPDX-License-Identifier: GPL-2.0
/*
 * corunner_latency - what KSM costs a latency-sensitive service whose
 * memory it merges.
 *
 * T worker threads serve requests.  A request reads P pages of a working
 * set in a MADV_MERGEABLE area (every byte of each page checked against
 * the content it should hold) and rewrites a fraction of them, each with
 * one of C contents every other page also holds: a write to a merged page
 * breaks COW, and the page stays mergeable, so ksmd merges it again.
 *
 * Requests arrive open loop (openloop.h): each thread's arrive at a fixed
 * rate, staggered between threads, whatever the thread is doing, and a
 * request's latency runs from its scheduled arrival to its completion.  A
 * thread held up by a fault, a TLB-flush IPI or ksmd taking its CPU is
 * charged the delay on every request that came due meanwhile (no
 * coordinated omission).  The service time (from the moment a thread
 * starts a request) is reported beside it.
 *
 * Phases run KSM off (ksmd stopped, this run's pages unmerged) and on
 * (ksmd at a fixed rate, the working set merged before the clock starts).
 * Per phase: latency percentiles (p50, p99, p99.9, max, mean), requests,
 * KSM counter deltas, ksmd CPU, TLB IPIs, COW breaks of KSM pages
 * (/proc/vmstat cow_ksm); the headline is p99 with KSM on over off.
 * JSON on stdout or --json, a summary and progress on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/histogram.h"
#include "lib/json.h"
#include "lib/ksm_control.h"
#include "lib/ksm_host.h"
#include "lib/ksm_sysfs.h"
#include "lib/mergeable.h"
#include "lib/openloop.h"
#include "lib/pagegen.h"
#include "lib/phase_cost.h"
#include "lib/proc_stats.h"
#include "lib/thread.h"
#include "lib/timing.h"

#define MAX_THREADS	64
#define MAX_PHASES	4
#define MAX_PAGES_PER_REQ 64
#define MAX_CONTENTS	255
#define MAX_SHOWN	10		/* corrupted pages printed in full */
#define CONTENT_BASE	0x636f72756e000000ull	/* "corun": this run's content ids */
#define NEG_BASE	0x6e65676374000000ull	/* negative control: unique pages */
#define PREMERGE_PCT	90		/* "merged": this share of the working set */
#define START_DELAY_NS	10000000ull	/* threads are started before arrival 0 */

/* the KSM counters every phase reports, null where the kernel has none */
static const char *const counters[] = {
	"pages_sharing", "pages_shared", "full_scans", "pages_scanned",
	/* the series' */
	"tlb_flushes", "tlb_flushed_ptes", "pin_check_aborts",
	"checksum_lookups", "checksum_compares", "checksum_mismatches",
};

struct options {
	uint64_t size_mib;
	uint64_t threads;
	uint64_t rate;
	uint64_t pages_per_request;
	double write_fraction;
	uint64_t contents;
	uint64_t seconds;
	uint64_t pages_to_scan;
	uint64_t sleep_ms;
	uint64_t premerge_s;
	uint64_t seed;
	uint64_t negative_control;
	const char *phases[MAX_PHASES];
	int nphases;
	const char *json_path;
	FILE *json_out;		/* opened at start: a bad path fails at once */
	bool quiet;
	bool shared_host;
};

struct phase_result {
	const char *name;
	double seconds;			/* arrival 0 to the last completion */
	uint64_t scheduled, requests, unserved;
	uint64_t pages_read, pages_written, corrupted_reads;
	struct histogram lat, svc;	/* from arrival, from start: to completion */
	double premerge_s;		/* on: ksmd merging before the clock; NAN off */
	int64_t merged_start;		/* own merged pages at arrival 0; -1: n/a */
	double own_merged_mean;		/* NAN: not measured */
	uint64_t cow0, cow_breaks;
	struct ksm_snapshot before, after;
	struct phase_cost cost;		/* TLB IPIs, ksmd CPU; null if not measured */
	bool ksm, premerged, have_cow;
};

struct shared {
	const struct options *o;
	char *area;
	size_t npages, page_size;
	uint8_t *ids;			/* page p's content; p is thread p % T's */
	uint64_t t0, end, drain_end;	/* arrival 0, no arrival after, give up */
	atomic_uint_fast64_t served;	/* requests of the phase so far */
	atomic_uint_fast64_t shown;	/* corrupted pages printed so far */
};

struct worker {
	pthread_t tid;
	unsigned int idx;
	struct shared *sh;
	uint64_t rng;
	uint64_t scheduled, requests, pages_read, pages_written, corrupted;
	uint64_t last_done;
	struct histogram lat, svc;
};

static const char *prog = "corunner_latency";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [options]\n"
"\n"
"Threads serving requests at a fixed arrival rate; each request reads pages\n"
"of a working set KSM merges and rewrites some of them.  Latency from each\n"
"request's scheduled arrival to its completion, per phase (KSM off, then on).\n"
"\n"
"  --size-mib N        working set, MADV_MERGEABLE (default 64)\n"
"  --threads T         worker threads (default 4)\n"
"  --rate R            requests per second per thread, open loop (default 1000;\n"
"                      at most %d)\n"
"  --pages-per-request N  pages each request reads (default 4)\n"
"  --write-fraction F  share of the pages read that a request then rewrites,\n"
"                      0 to 1 (default 0.25)\n"
"  --contents N        distinct page contents of the working set (default 16)\n"
"  --seconds S         arrivals of each phase (default 10)\n"
"  --phases LIST       comma-separated off,on (default off,on)\n"
"  --pages-to-scan N   ksmd batch in on phases (default 1000)\n"
"  --sleep-ms N        ksmd sleep in on phases (default 20)\n"
"  --premerge-s N      on phases: ksmd merges the working set for up to N s\n"
"                      before arrivals start (%d%% of it; default 60, 0: none)\n"
"  --seed N            page choice seed (default 1)\n"
"  --negative-control N  rewrite N pages behind the benchmark's back after\n"
"                      setup: the run must report them corrupted (tests the check)\n"
"  --shared-host       KSM may hold other processes' pages (VMs): run anyway,\n"
"                      leaving them merged; also KSMBENCH_SHARED_HOST=1\n"
"  --json PATH         JSON result (default stdout)\n"
"  -q, --quiet         no progress lines\n"
"  -h, --help          this text\n"
"\n"
"Needs root and /sys/kernel/mm/ksm.  Off phases stop ksmd (run=0) and unmerge\n"
"this run's own pages (MADV_UNMERGEABLE), never other processes'; KSM\n"
"settings are restored on exit and signals.  One run at a time.\n"
"  Exit status: 0 done, 1 a page read back wrong, 2 bad usage or missing\n"
"privileges.\n", prog, OPENLOOP_MAX_RATE, PREMERGE_PCT);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "size-mib", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "rate", required_argument, NULL, 'R' },
		{ "pages-per-request", required_argument, NULL, 'P' },
		{ "write-fraction", required_argument, NULL, 'w' },
		{ "contents", required_argument, NULL, 'C' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "phases", required_argument, NULL, 'p' },
		{ "pages-to-scan", required_argument, NULL, 'n' },
		{ "sleep-ms", required_argument, NULL, 'm' },
		{ "premerge-s", required_argument, NULL, 'M' },
		{ "seed", required_argument, NULL, 'r' },
		{ "negative-control", required_argument, NULL, 'N' },
		{ "shared-host", no_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char default_phases[] = "off,on";
	uint64_t pages;
	int c;

	*o = (struct options){ .size_mib = 64, .threads = 4, .rate = 1000,
			       .pages_per_request = 4, .write_fraction = 0.25,
			       .contents = 16, .seconds = 10, .pages_to_scan = 1000,
			       .sleep_ms = 20, .premerge_s = 60, .seed = 1 };
	o->nphases = cli_phases(prog, default_phases, o->phases, MAX_PHASES);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': cli_num(prog, "--size-mib", optarg, 1, 1 << 20, &o->size_mib); break;
		case 't': cli_num(prog, "--threads", optarg, 1, MAX_THREADS, &o->threads); break;
		case 'R': cli_num(prog, "--rate", optarg, 1, OPENLOOP_MAX_RATE, &o->rate); break;
		case 'P': cli_num(prog, "--pages-per-request", optarg, 1, MAX_PAGES_PER_REQ,
				  &o->pages_per_request); break;
		case 'w':
			if (parse_double(optarg, 0, 1, &o->write_fraction))
				cli_die(prog, "--write-fraction takes a number from 0 to 1, got '%s'",
					optarg);
			break;
		case 'C': cli_num(prog, "--contents", optarg, 1, MAX_CONTENTS, &o->contents); break;
		case 'S': cli_num(prog, "--seconds", optarg, 1, 86400, &o->seconds); break;
		case 'p': o->nphases = cli_phases(prog, optarg, o->phases, MAX_PHASES); break;
		case 'n': cli_num(prog, "--pages-to-scan", optarg, 1, 1u << 30, &o->pages_to_scan); break;
		case 'm': cli_num(prog, "--sleep-ms", optarg, 0, 60000, &o->sleep_ms); break;
		case 'M': cli_num(prog, "--premerge-s", optarg, 0, 86400, &o->premerge_s); break;
		case 'r': cli_num(prog, "--seed", optarg, 0, UINT64_MAX, &o->seed); break;
		case 'N': cli_num(prog, "--negative-control", optarg, 0, 1 << 20,
				  &o->negative_control); break;
		case 'H': o->shared_host = true; break;
		case 'j': o->json_path = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
	pages = (o->size_mib << 20) / (uint64_t)sysconf(_SC_PAGESIZE);
	if (pages < o->threads)
		cli_die(prog, "--size-mib is too small: every thread needs pages of its own%s", "");
	if (o->negative_control > pages)
		cli_die(prog, "--negative-control is larger than the working set%s", "");
}

/* ---- the working set ---- */

static char *page_at(const struct shared *sh, size_t p)
{
	return sh->area + p * sh->page_size;
}

static void report_corrupt(struct shared *sh, const char *when, size_t p)
{
	if (atomic_fetch_add(&sh->shown, 1) >= MAX_SHOWN)
		return;
	fprintf(stderr, "%s: CORRUPT (%s): page %zu of the working set does not hold "
		"content %u\n", prog, when, p, sh->ids[p]);
}

static bool page_ok(const struct shared *sh, size_t p)
{
	return page_check(page_at(sh, p), sh->page_size, CONTENT_BASE + sh->ids[p]);
}

/* Every page of the working set checked: how many are wrong. */
static uint64_t final_check(struct shared *sh)
{
	uint64_t bad = 0;

	for (size_t p = 0; p < sh->npages; p++) {
		if (!page_ok(sh, p)) {
			bad++;
			report_corrupt(sh, "final check", p);
		}
	}
	return bad;
}

/* ---- the workers ---- */

/* A page this thread owns, at random */
static size_t own_page(struct worker *w)
{
	uint64_t t = w->sh->o->threads;
	uint64_t owned = (w->sh->npages - w->idx + t - 1) / t;

	return (size_t)((splitmix64(&w->rng) % owned) * t + w->idx);
}

/* One request: pages read (and checked), a fraction of them rewritten */
static void serve(struct worker *w)
{
	struct shared *sh = w->sh;
	const struct options *o = sh->o;

	for (uint64_t i = 0; i < o->pages_per_request; i++) {
		size_t p = own_page(w);

		if (!page_ok(sh, p)) {
			w->corrupted++;
			report_corrupt(sh, "read", p);
		}
		w->pages_read++;
		if ((double)(splitmix64(&w->rng) >> 11) * 0x1p-53 < o->write_fraction) {
			uint8_t id = (uint8_t)(splitmix64(&w->rng) % o->contents);

			page_fill(page_at(sh, p), sh->page_size, CONTENT_BASE + id);
			sh->ids[p] = id;	/* only this thread owns the page */
			w->pages_written++;
		}
	}
}

/*
 * Serves the schedule's arrivals in order.  One that is due is served at
 * once, one still ahead is waited for; the latency counts from when it was
 * due either way.  A thread still behind when the phase's drain time is up
 * leaves the rest unserved (counted, not measured).
 */
static void *worker_thread(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	struct openloop ol;
	uint64_t at;

	/* wake-ups within a microsecond of the arrival, not the default 50 us */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	openloop_init(&ol, sh->t0, sh->end, sh->o->rate, w->idx, (unsigned int)sh->o->threads);
	w->scheduled = openloop_total(&ol);
	while (openloop_next(&ol, &at)) {
		uint64_t now = now_ns(), start, done;

		if (now < at)
			sleep_until_ns(at);
		else if (now >= sh->drain_end)
			break;
		start = now_ns();
		serve(w);
		done = now_ns();
		hist_add(&w->lat, done - at);
		hist_add(&w->svc, done - start);
		w->requests++;
		w->last_done = done;
		atomic_fetch_add_explicit(&sh->served, 1, memory_order_relaxed);
	}
	return NULL;
}

/* ---- phases ---- */

/* off: ksmd stopped, our pages unmerged; on: ksmd merging, ours merged first */
static void prepare_phase(struct shared *sh, struct phase_result *ph)
{
	const struct options *o = sh->o;
	uint64_t target = (sh->npages - o->negative_control) * PREMERGE_PCT / 100;
	uint64_t t0;
	int64_t merged;

	ph->premerge_s = NAN;
	if (!ph->ksm) {
		ksm_unmerge_own(prog, sh->area, sh->npages * sh->page_size);
		return;
	}
	ksm_set_scan_or_die(prog, o->pages_to_scan, o->sleep_ms);
	ksm_set_or_die(prog, "run", "1");
	if (!o->premerge_s)
		return;
	if (!o->quiet)
		fprintf(stderr, "%s: KSM %s: merging the working set first (%d%%, at most %llu s)...\n",
			prog, ph->name, PREMERGE_PCT, (unsigned long long)o->premerge_s);
	t0 = now_ns();
	merged = ksm_wait_own_merged(target, o->premerge_s);
	ph->premerge_s = ns_to_s(now_ns() - t0);
	ph->premerged = merged < 0 || (uint64_t)merged >= target;
	if (!ph->premerged)
		fprintf(stderr, "%s: warning: KSM merged %lld of %llu pages in %llu s; "
			"measuring anyway\n", prog, (long long)merged,
			(unsigned long long)target, (unsigned long long)o->premerge_s);
}

static void start_workers(struct shared *sh, struct worker *ws)
{
	for (uint64_t i = 0; i < sh->o->threads; i++) {
		ws[i].scheduled = ws[i].requests = ws[i].last_done = 0;
		ws[i].pages_read = ws[i].pages_written = ws[i].corrupted = 0;
		hist_init(&ws[i].lat);
		hist_init(&ws[i].svc);
		thread_start_or_die(prog, &ws[i].tid, worker_thread, &ws[i], i);
	}
}

/* Until the last arrival: progress, and this run's merged pages sampled */
static void watch_phase(struct shared *sh, struct phase_result *ph)
{
	uint64_t own, own_sum = 0, samples = 0, next = 2;

	while (now_ns() < sh->end) {
		sleep_ms(100);
		if (!proc_ksm_merging_pages(getpid(), &own)) {
			own_sum += own;
			samples++;
		}
		if (!sh->o->quiet && now_ns() >= sh->t0 + next * 1000000000ull) {
			fprintf(stderr, "  KSM %-3s %5llu s  %llu requests\n", ph->name,
				(unsigned long long)next,
				(unsigned long long)atomic_load(&sh->served));
			next += 2;
		}
	}
	ph->own_merged_mean = samples ? (double)own_sum / (double)samples : NAN;
}

static void run_phase(struct shared *sh, struct worker *ws, struct phase_result *ph)
{
	const struct options *o = sh->o;
	uint64_t own, cow1, last = 0;

	prepare_phase(sh, ph);
	ph->merged_start = proc_ksm_merging_pages(getpid(), &own) ? -1 : (int64_t)own;
	ksm_snapshot_take(&ph->before);
	phase_cost_start(&ph->cost);
	ph->have_cow = !proc_vmstat("cow_ksm", &ph->cow0);
	atomic_store(&sh->served, 0);
	sh->t0 = now_ns() + START_DELAY_NS;
	sh->end = sh->t0 + o->seconds * 1000000000ull;
	sh->drain_end = sh->end + o->seconds * 1000000000ull;
	start_workers(sh, ws);
	watch_phase(sh, ph);
	hist_init(&ph->lat);
	hist_init(&ph->svc);
	for (uint64_t i = 0; i < o->threads; i++) {
		pthread_join(ws[i].tid, NULL);
		hist_merge(&ph->lat, &ws[i].lat);
		hist_merge(&ph->svc, &ws[i].svc);
		ph->scheduled += ws[i].scheduled;
		ph->requests += ws[i].requests;
		ph->pages_read += ws[i].pages_read;
		ph->pages_written += ws[i].pages_written;
		ph->corrupted_reads += ws[i].corrupted;
		if (ws[i].last_done > last)
			last = ws[i].last_done;
	}
	ph->unserved = ph->scheduled - ph->requests;
	ph->seconds = ns_to_s((last > sh->end ? last : sh->end) - sh->t0);
	ksm_snapshot_take(&ph->after);
	phase_cost_stop(&ph->cost);
	if (ph->have_cow && !proc_vmstat("cow_ksm", &cow1))
		ph->cow_breaks = cow1 - ph->cow0;
	else
		ph->have_cow = false;
}

/* ---- output ---- */

static const struct phase_result *first_phase(const struct phase_result *phs, int n,
					      bool ksm)
{
	for (int i = 0; i < n; i++)
		if (phs[i].ksm == ksm && phs[i].lat.count)
			return &phs[i];
	return NULL;
}

/* Latency percentile @pct of @ph; 0: the mean, 100: the (exact) max */
static double latency(const struct phase_result *ph, double pct)
{
	if (pct <= 0)
		return hist_mean(&ph->lat);
	if (pct >= 100)
		return (double)ph->lat.max;
	return (double)hist_percentile(&ph->lat, pct);
}

/* latency(@pct) with KSM on over off, first phase of each; NAN if none */
static double on_over_off(const struct phase_result *phs, int n, double pct)
{
	const struct phase_result *on = first_phase(phs, n, true);
	const struct phase_result *off = first_phase(phs, n, false);
	double b;

	if (!on || !off)
		return NAN;
	b = latency(off, pct);
	return b > 0 ? latency(on, pct) / b : NAN;
}

static void write_phase(struct json_writer *w, const struct phase_result *ph)
{
	json_begin_object(w, NULL);
	json_string(w, "name", ph->name);
	json_bool(w, "ksm", ph->ksm);
	json_double(w, "seconds", ph->seconds);
	json_uint(w, "requests_scheduled", ph->scheduled);
	json_uint(w, "requests", ph->requests);
	json_uint(w, "unserved_requests", ph->unserved);
	json_double(w, "requests_per_s", ph->seconds > 0 ? (double)ph->requests / ph->seconds : 0);
	json_uint(w, "pages_read", ph->pages_read);
	json_uint(w, "pages_written", ph->pages_written);
	json_uint(w, "corrupted_reads", ph->corrupted_reads);
	hist_write_json(w, "latency_ns", &ph->lat);
	hist_write_json(w, "service_ns", &ph->svc);
	json_double(w, "premerge_seconds", ph->premerge_s);
	if (ph->ksm && isfinite(ph->premerge_s))
		json_bool(w, "premerged", ph->premerged);
	else
		json_null(w, "premerged");
	if (ph->merged_start >= 0)
		json_uint(w, "own_merged_pages_start", (uint64_t)ph->merged_start);
	else
		json_null(w, "own_merged_pages_start");
	json_double(w, "own_merged_pages_mean", ph->own_merged_mean);
	if (ph->have_cow)
		json_uint(w, "cow_breaks", ph->cow_breaks);
	else
		json_null(w, "cow_breaks");
	phase_cost_write_json(w, &ph->cost);
	ksm_snapshot_write_named_deltas(w, "ksm_counters", &ph->before, &ph->after, counters,
					(int)(sizeof(counters) / sizeof(counters[0])));
	ksm_snapshot_write_deltas(w, "ksm_deltas", &ph->before, &ph->after);
	json_end_object(w);
}

static int write_json(const struct options *o, const struct shared *sh,
		      const struct phase_result *phs, int nph, uint64_t final_bad,
		      const struct ksm_snapshot *before, const struct ksm_snapshot *after,
		      int argc, char **argv)
{
	struct json_writer w;
	uint64_t requests = 0, unserved = 0, corrupted = 0;
	FILE *f;

	for (int i = 0; i < nph; i++) {
		requests += phs[i].requests;
		unserved += phs[i].unserved;
		corrupted += phs[i].corrupted_reads;
	}
	f = env_report_open(&w, prog, o->json_out, argc, argv);
	if (!f)
		return -1;
	json_begin_object(&w, "params");
	json_uint(&w, "size_mib", o->size_mib);
	json_uint(&w, "pages", sh->npages);
	json_uint(&w, "contents", o->contents);
	json_uint(&w, "threads", o->threads);
	json_uint(&w, "rate_per_thread", o->rate);
	json_uint(&w, "pages_per_request", o->pages_per_request);
	json_double(&w, "write_fraction", o->write_fraction);
	json_uint(&w, "seconds_per_phase", o->seconds);
	json_uint(&w, "pages_to_scan", o->pages_to_scan);
	json_uint(&w, "sleep_ms", o->sleep_ms);
	json_uint(&w, "premerge_timeout_s", o->premerge_s);
	json_uint(&w, "premerge_target_pct", PREMERGE_PCT);
	json_uint(&w, "seed", o->seed);
	json_uint(&w, "negative_control", o->negative_control);
	json_bool(&w, "shared_host", ksm_host_shared());
	json_string(&w, "arrivals", "open loop, fixed rate per thread, threads staggered");
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_double(&w, "ratio", on_over_off(phs, nph, 99));
	json_string(&w, "ratio_of", "latency_ns.p99 of the first on phase over the first off phase");
	json_begin_object(&w, "ratios");
	json_double(&w, "mean", on_over_off(phs, nph, 0));
	json_double(&w, "p50", on_over_off(phs, nph, 50));
	json_double(&w, "p99", on_over_off(phs, nph, 99));
	json_double(&w, "p99_9", on_over_off(phs, nph, 99.9));
	json_double(&w, "max", on_over_off(phs, nph, 100));
	json_end_object(&w);
	json_uint(&w, "requests", requests);
	json_uint(&w, "unserved_requests", unserved);
	json_uint(&w, "corrupted_reads", corrupted);
	json_uint(&w, "final_check_pages", sh->npages);
	json_uint(&w, "final_check_corrupted", final_bad);
	json_begin_array(&w, "phases");
	for (int i = 0; i < nph; i++)
		write_phase(&w, &phs[i]);
	json_end_array(&w);
	json_end_object(&w);
	ksm_snapshot_write_json(&w, "ksm_before", before);
	ksm_snapshot_write_json(&w, "ksm_after", after);
	return env_report_close(&w, f);
}

static void summary(const struct phase_result *phs, int nph, uint64_t final_bad,
		    uint64_t npages)
{
	double r = on_over_off(phs, nph, 99);

	for (int i = 0; i < nph; i++) {
		const struct phase_result *p = &phs[i];
		char cow[32] = "n/a", cpu[32] = "n/a";

		if (p->have_cow)
			snprintf(cow, sizeof(cow), "%llu", (unsigned long long)p->cow_breaks);
		if (p->cost.have_cpu)
			snprintf(cpu, sizeof(cpu), "%.2f", ns_to_s(p->cost.ksmd_cpu_ns));
		fprintf(stderr, "%s: KSM %-3s %llu requests (%llu unserved); latency p50 %.1f "
			"p99 %.1f p99.9 %.1f max %.1f mean %.1f us; COW breaks %s; ksmd CPU %s s\n",
			prog, p->name, (unsigned long long)p->requests,
			(unsigned long long)p->unserved,
			(double)hist_percentile(&p->lat, 50) / 1e3,
			(double)hist_percentile(&p->lat, 99) / 1e3,
			(double)hist_percentile(&p->lat, 99.9) / 1e3,
			(double)p->lat.max / 1e3, hist_mean(&p->lat) / 1e3, cow, cpu);
	}
	if (isfinite(r))
		fprintf(stderr, "%s: p99 latency KSM on / off: %.3f\n", prog, r);
	fprintf(stderr, "%s: final check of %llu pages: %llu corrupted\n", prog,
		(unsigned long long)npages, (unsigned long long)final_bad);
}

int main(int argc, char **argv)
{
	static struct phase_result phs[MAX_PHASES];
	static struct worker ws[MAX_THREADS];
	static struct ksm_snapshot before, after;
	static struct shared sh;
	static struct options o;
	uint64_t final_bad, corrupted = 0;

	parse_options(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	ksm_bench_start(prog, o.shared_host);
	sh.o = &o;
	sh.page_size = (size_t)sysconf(_SC_PAGESIZE);
	sh.npages = (o.size_mib << 20) / sh.page_size;
	ksm_set_or_die(prog, "run", "0");
	ksm_set_scan_or_die(prog, o.pages_to_scan, o.sleep_ms);
	ksm_settle(prog, o.quiet);	/* per-phase KSM counters must be ours */
	sh.area = mergeable_alloc(sh.npages * sh.page_size, false);
	sh.ids = malloc(sh.npages);
	if (!sh.area || !sh.ids) {
		fprintf(stderr, "%s: cannot map %llu MiB mergeable: %s\n", prog,
			(unsigned long long)o.size_mib, strerror(errno));
		return 1;
	}
	/* every content on npages / C pages, spread over every thread's share */
	for (size_t p = 0; p < sh.npages; p++) {
		sh.ids[p] = (uint8_t)((p / o.threads) % o.contents);
		page_fill(page_at(&sh, p), sh.page_size, CONTENT_BASE + sh.ids[p]);
	}
	/* the negative control: pages that no longer hold what they should */
	for (uint64_t i = 0; i < o.negative_control; i++)
		page_fill(page_at(&sh, (size_t)(i * (sh.npages / o.negative_control))),
			  sh.page_size, NEG_BASE + i);
	for (uint64_t i = 0; i < o.threads; i++)
		ws[i] = (struct worker){ .idx = (unsigned int)i, .sh = &sh,
					 .rng = o.seed * 0x9e3779b97f4a7c15ull + i };
	ksm_snapshot_take(&before);
	for (int i = 0; i < o.nphases; i++) {
		phs[i].name = o.phases[i];
		phs[i].ksm = !strcmp(o.phases[i], "on");
		run_phase(&sh, ws, &phs[i]);
		corrupted += phs[i].corrupted_reads;
	}
	ksm_snapshot_take(&after);
	ksm_set_or_die(prog, "run", "0");
	final_bad = final_check(&sh);
	if (ksm_restore_all())
		fprintf(stderr, "%s: warning: some KSM settings could not be restored\n", prog);
	summary(phs, o.nphases, final_bad, sh.npages);
	if (write_json(&o, &sh, phs, o.nphases, final_bad, &before, &after, argc, argv))
		return 1;
	return corrupted || final_bad ? 1 : 0;
}
