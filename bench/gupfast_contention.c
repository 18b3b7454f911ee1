// SPDX-License-Identifier: GPL-2.0
/*
 * gupfast_contention - what KSM's write protection costs GUP-fast users.
 *
 * T threads call get_user_pages_fast() on random pages of a MADV_MERGEABLE
 * area as fast as they can, while ksmd keeps merging the area and a churn
 * thread keeps rewriting pages of it, so merges and COW breaks never stop:
 *
 *   odirect   4 KiB O_DIRECT reads from a file or block device into the
 *             pages: GUP for write, so a merged (write-protected) page sends
 *             GUP-fast to the slow path, which breaks COW;
 *   vmsplice  vmsplice() of a page into a pipe, then drained: GUP for read;
 *   gup-test  CONFIG_GUP_TEST's GUP_FAST_BENCHMARK ioctl, one page per
 *             call, for write: GUP-fast alone, no I/O around it.
 *
 * The file's blocks and the area's pages hold the same 16 contents, so
 * pages stay mergeable whatever is read into them.  For each thread count,
 * a KSM-off phase (run=2: nothing merged) and a KSM-on phase report ops/s,
 * per-op latency percentiles, TLB-flush IPIs, ksmd CPU, the pages KSM held
 * merged, and - where tracefs exists - GUP-fast calls and fallbacks to the
 * slow path, counted with kprobes on internal_get_user_pages_fast() and on
 * get_user_pages_unlocked() (the slow path it falls back to).  Elsewhere
 * the counts are reported as not measured.  JSON on stdout or --json.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/histogram.h"
#include "lib/json.h"
#include "lib/kprobe_count.h"
#include "lib/ksm_control.h"
#include "lib/ksm_sysfs.h"
#include "lib/mergeable.h"
#include "lib/phase_cost.h"
#include "lib/pagegen.h"
#include "lib/proc_stats.h"
#include "lib/thread.h"
#include "lib/timing.h"

#define MAX_THREADS	64
#define MAX_COUNTS	8
#define MAX_PHASES	4
#define CONTENTS	16		/* distinct page contents, ids 1..16 */
#define GUP_TEST_PATH	"/sys/kernel/debug/gup_test"
#define FOLL_WRITE_FLAG	0x01		/* include/linux/mm.h FOLL_WRITE, 6.1 */

/* mm/gup_test.h of Linux 6.1 */
struct gup_test {
	uint64_t get_delta_usec;
	uint64_t put_delta_usec;
	uint64_t addr;
	uint64_t size;
	uint32_t nr_pages_per_call;
	uint32_t gup_flags;
	uint32_t test_flags;
	uint32_t which_pages[8];
};
#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_test)

enum mode { MODE_ODIRECT, MODE_VMSPLICE, MODE_GUP_TEST };
static const char *const mode_names[] = { "odirect", "vmsplice", "gup-test" };

struct options {
	enum mode mode;
	const char *path;
	uint64_t size_mib;
	uint64_t file_mib;
	uint64_t threads[MAX_COUNTS];
	int nthreads;
	uint64_t seconds;
	uint64_t churn_per_s;
	uint64_t pages_to_scan;
	uint64_t sleep_ms;
	const char *phases[MAX_PHASES];
	int nphases;
	const char *json_path;
	FILE *json_out;		/* opened at start: a bad path fails at once */
	bool quiet;
	bool shared_host;
};

struct run_result {
	const char *phase;
	uint64_t threads;
	double seconds;
	uint64_t ops, errors;
	struct histogram lat;
	struct phase_cost cost;		/* TLB IPIs, ksmd CPU; null if not measured */
	bool have_gup;
	uint64_t gup_fast_calls, gup_slow_calls;
	double pages_sharing_mean;	/* global: other processes' too */
	double own_merged_mean;		/* /proc/self/ksm_merging_pages; NAN: none */
	struct ksm_snapshot before, after;
};

struct shared {
	const struct options *o;
	char *area;
	size_t npages, page_size;
	int fd;				/* odirect: the file or device */
	uint64_t nblocks;
	atomic_bool stop;
};

struct worker {
	pthread_t tid;
	struct shared *sh;
	uint64_t rng;
	uint64_t ops, errors;
	struct histogram lat;
};

static const char *prog = "gupfast_contention";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [--mode odirect|vmsplice|gup-test] [options]\n"
"\n"
"Threads calling get_user_pages_fast() on a mergeable area while KSM merges\n"
"it; per thread count, KSM off then on: ops/s, latency, IPIs, GUP-fast\n"
"fallbacks to the slow path (kprobes, where tracefs exists).\n"
"\n"
"  --mode M            odirect (default): O_DIRECT 4 KiB reads into the pages;\n"
"                      vmsplice: vmsplice() of a page into a pipe;\n"
"                      gup-test: " GUP_TEST_PATH " (CONFIG_GUP_TEST)\n"
"  --file PATH         odirect: file or block device to read (default\n"
"                      /var/tmp/ksmbench-gupfast.dat; a file is created, a\n"
"                      device is overwritten)\n"
"  --file-mib N        odirect: data read (default 64; at most the device)\n"
"  --size-mib N        mergeable area (default 64)\n"
"  --threads LIST      comma-separated thread counts (default 1,2,..,2 x CPUs)\n"
"  --seconds S         length of each phase (default 5)\n"
"  --phases LIST       comma-separated off,on (default off,on)\n"
"  --churn-per-s N     pages the churn thread rewrites per second (default 2000)\n"
"  --pages-to-scan N   ksmd batch in on phases (default 1000)\n"
"  --sleep-ms N        ksmd sleep in on phases (default 0)\n"
"  --shared-host       KSM may hold other processes' pages (VMs): run anyway,\n"
"                      leaving them merged; also KSMBENCH_SHARED_HOST=1\n"
"  --json PATH         JSON result (default stdout)\n"
"  -q, --quiet         no progress lines\n"
"  -h, --help          this text\n"
"\n"
"Needs root and /sys/kernel/mm/ksm.  The off phases stop ksmd (run=0) and\n"
"unmerge this run's own area (MADV_UNMERGEABLE), never other processes'\n"
"pages; KSM settings are restored on exit and signals.  One run at a time.\n"
"  Exit status: 0 done, 1 operation errors, 2 bad usage, missing\n"
"privileges or a missing feature (gup-test without CONFIG_GUP_TEST).\n", prog);
}

static void parse_threads(struct options *o, char *arg)
{
	char *items[MAX_COUNTS];

	o->nthreads = cli_list(prog, "--threads", arg, items, MAX_COUNTS);
	for (int i = 0; i < o->nthreads; i++)
		cli_num(prog, "--threads", items[i], 1, MAX_THREADS, &o->threads[i]);
}

static void default_threads(struct options *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	o->nthreads = 0;
	for (uint64_t t = 1; o->nthreads < MAX_COUNTS && t <= (uint64_t)(2 * (cpus > 0 ? cpus : 1)) &&
	     t <= MAX_THREADS; t *= 2)
		o->threads[o->nthreads++] = t;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'M' },
		{ "file", required_argument, NULL, 'f' },
		{ "file-mib", required_argument, NULL, 'F' },
		{ "size-mib", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "phases", required_argument, NULL, 'p' },
		{ "churn-per-s", required_argument, NULL, 'c' },
		{ "pages-to-scan", required_argument, NULL, 'n' },
		{ "sleep-ms", required_argument, NULL, 'm' },
		{ "shared-host", no_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char default_phases[] = "off,on";
	int c;

	*o = (struct options){ .path = "/var/tmp/ksmbench-gupfast.dat", .size_mib = 64,
			       .file_mib = 64, .seconds = 5, .churn_per_s = 2000,
			       .pages_to_scan = 1000 };
	default_threads(o);
	o->nphases = cli_phases(prog, default_phases, o->phases, MAX_PHASES);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'M':
			if (!strcmp(optarg, "odirect"))
				o->mode = MODE_ODIRECT;
			else if (!strcmp(optarg, "vmsplice"))
				o->mode = MODE_VMSPLICE;
			else if (!strcmp(optarg, "gup-test"))
				o->mode = MODE_GUP_TEST;
			else
				cli_die(prog, "--mode takes odirect, vmsplice or gup-test, got '%s'",
					optarg);
			break;
		case 'f': o->path = optarg; break;
		case 'F': cli_num(prog, "--file-mib", optarg, 1, 1 << 20, &o->file_mib); break;
		case 's': cli_num(prog, "--size-mib", optarg, 1, 1 << 20, &o->size_mib); break;
		case 't': parse_threads(o, optarg); break;
		case 'S': cli_num(prog, "--seconds", optarg, 1, 86400, &o->seconds); break;
		case 'p': o->nphases = cli_phases(prog, optarg, o->phases, MAX_PHASES); break;
		case 'c': cli_num(prog, "--churn-per-s", optarg, 0, 1000000, &o->churn_per_s); break;
		case 'n': cli_num(prog, "--pages-to-scan", optarg, 1, 1u << 30, &o->pages_to_scan); break;
		case 'm': cli_num(prog, "--sleep-ms", optarg, 0, 60000, &o->sleep_ms); break;
		case 'H': o->shared_host = true; break;
		case 'j': o->json_path = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
}

/* ---- setup ---- */

/* odirect: the file or device, every block one of the area's contents */
static int open_target(struct shared *sh)
{
	const struct options *o = sh->o;
	uint64_t want = o->file_mib << 20, dev;
	size_t ps = sh->page_size;
	struct stat st;
	char *buf;
	int fd = open(o->path, O_RDWR | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: cannot open %s for O_DIRECT: %s\n", prog, o->path,
			strerror(errno));
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &dev)) {
			fprintf(stderr, "%s: cannot size %s: %s\n", prog, o->path, strerror(errno));
			return -1;
		}
		if (dev < want)
			want = dev;
	} else if (ftruncate(fd, (off_t)want)) {
		fprintf(stderr, "%s: cannot size %s: %s\n", prog, o->path, strerror(errno));
		return -1;
	}
	sh->nblocks = want / ps;
	buf = aligned_alloc(ps, ps);
	if (!buf || !sh->nblocks)
		return -1;
	for (uint64_t b = 0; b < sh->nblocks; b++) {
		page_fill(buf, ps, 1 + b % CONTENTS);
		if (pwrite(fd, buf, ps, (off_t)(b * ps)) != (ssize_t)ps) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, o->path, strerror(errno));
			free(buf);
			return -1;
		}
	}
	free(buf);
	return fd;
}

/* ---- the threads ---- */

static size_t random_page(struct worker *w)
{
	return (size_t)(splitmix64(&w->rng) % w->sh->npages);
}

static int op_odirect(struct worker *w, char *page)
{
	struct shared *sh = w->sh;
	off_t off = (off_t)((splitmix64(&w->rng) % sh->nblocks) * sh->page_size);

	return pread(sh->fd, page, sh->page_size, off) == (ssize_t)sh->page_size ? 0 : -1;
}

static int op_vmsplice(struct worker *w, char *page, const int *pipefd, char *scratch)
{
	struct iovec iov = { page, w->sh->page_size };

	if (vmsplice(pipefd[1], &iov, 1, 0) != (ssize_t)iov.iov_len)
		return -1;
	return read(pipefd[0], scratch, iov.iov_len) == (ssize_t)iov.iov_len ? 0 : -1;
}

static int op_gup_test(struct worker *w, char *page, int gupfd)
{
	struct gup_test g = {
		.addr = (uint64_t)(uintptr_t)page,
		.size = w->sh->page_size,
		.nr_pages_per_call = 1,
		.gup_flags = FOLL_WRITE_FLAG,
	};

	return ioctl(gupfd, GUP_FAST_BENCHMARK, &g);
}

static void *worker_thread(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	int pipefd[2] = { -1, -1 }, gupfd = -1;
	char *scratch = malloc(sh->page_size);
	bool ready = scratch != NULL;

	if (sh->o->mode == MODE_VMSPLICE && pipe(pipefd))
		ready = false;
	if (sh->o->mode == MODE_GUP_TEST && (gupfd = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC)) < 0)
		ready = false;
	if (!ready)
		w->errors++;
	while (ready && !atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
		char *page = sh->area + random_page(w) * sh->page_size;
		uint64_t t0 = now_ns();
		int err;

		switch (sh->o->mode) {
		case MODE_ODIRECT: err = op_odirect(w, page); break;
		case MODE_VMSPLICE: err = op_vmsplice(w, page, pipefd, scratch); break;
		default: err = op_gup_test(w, page, gupfd); break;
		}
		if (err)
			w->errors++;
		else
			hist_add(&w->lat, now_ns() - t0);
		w->ops++;
	}
	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		close(pipefd[1]);
	}
	if (gupfd >= 0)
		close(gupfd);
	free(scratch);
	return NULL;
}

/* Rewrites random pages with random contents: COW breaks and new merges */
static void *churn_thread(void *arg)
{
	struct shared *sh = arg;
	uint64_t rng = 42, per_ms = sh->o->churn_per_s / 1000, rest = sh->o->churn_per_s % 1000;

	while (!atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
		uint64_t n = per_ms + (splitmix64(&rng) % 1000 < rest);

		for (uint64_t i = 0; i < n; i++) {
			size_t p = (size_t)(splitmix64(&rng) % sh->npages);

			page_fill(sh->area + p * sh->page_size, sh->page_size,
				  1 + splitmix64(&rng) % CONTENTS);
		}
		sleep_ms(1);
	}
	return NULL;
}

/* ---- one run: T threads, one phase ---- */

static bool gup_counts(uint64_t *fast, uint64_t *slow)
{
	return !kprobe_count_read("gup_fast", fast) && !kprobe_count_read("gup_slow", slow);
}

static int run_one(struct shared *sh, struct worker *ws, bool have_gup, struct run_result *r)
{
	const struct options *o = sh->o;
	uint64_t t0, f0 = 0, s0 = 0, f1 = 0, s1 = 0;
	uint64_t samples = 0, sharing_sum = 0, sharing, own, own_sum = 0, own_samples = 0;
	pthread_t churn;
	bool on = !strcmp(r->phase, "on");

	/*
	 * off: ksmd stopped and nothing of ours merged (our area unmerged, not
	 * the host's other KSM pages, as run=2 would); on: merging
	 */
	if (on) {
		ksm_set_scan_or_die(prog, o->pages_to_scan, o->sleep_ms);
		ksm_set_or_die(prog, "run", "1");
	} else {
		ksm_unmerge_own(prog, sh->area, sh->npages * sh->page_size);
	}
	ksm_snapshot_take(&r->before);
	phase_cost_start(&r->cost);
	r->have_gup = have_gup && gup_counts(&f0, &s0);
	atomic_store(&sh->stop, false);
	if (o->churn_per_s && pthread_create(&churn, NULL, churn_thread, sh)) {
		fprintf(stderr, "%s: cannot start the churn thread\n", prog);
		exit(1);
	}
	t0 = now_ns();
	for (uint64_t i = 0; i < r->threads; i++) {
		ws[i].ops = ws[i].errors = 0;
		hist_init(&ws[i].lat);
		thread_start_or_die(prog, &ws[i].tid, worker_thread, &ws[i], i);
	}
	while (ns_to_s(now_ns() - t0) < (double)o->seconds) {
		sleep_ms(100);
		if (!ksm_read_u64("pages_sharing", &sharing)) {
			sharing_sum += sharing;
			samples++;
		}
		if (!proc_ksm_merging_pages(getpid(), &own)) {
			own_sum += own;
			own_samples++;
		}
	}
	atomic_store(&sh->stop, true);
	for (uint64_t i = 0; i < r->threads; i++)
		pthread_join(ws[i].tid, NULL);
	if (o->churn_per_s)
		pthread_join(churn, NULL);
	r->seconds = ns_to_s(now_ns() - t0);
	ksm_snapshot_take(&r->after);
	phase_cost_stop(&r->cost);
	if (r->have_gup && gup_counts(&f1, &s1)) {
		r->gup_fast_calls = f1 - f0;
		r->gup_slow_calls = s1 - s0;
	} else {
		r->have_gup = false;
	}
	r->pages_sharing_mean = samples ? (double)sharing_sum / (double)samples : NAN;
	r->own_merged_mean = own_samples ? (double)own_sum / (double)own_samples : NAN;
	hist_init(&r->lat);
	for (uint64_t i = 0; i < r->threads; i++) {
		hist_merge(&r->lat, &ws[i].lat);
		r->ops += ws[i].ops;
		r->errors += ws[i].errors;
	}
	return r->errors ? -1 : 0;
}

/* ---- output ---- */

static double ops_per_s(const struct run_result *r)
{
	return r->seconds > 0 ? (double)r->ops / r->seconds : 0;
}

static void write_run(struct json_writer *w, const struct run_result *r)
{
	json_begin_object(w, NULL);
	json_string(w, "phase", r->phase);
	json_uint(w, "threads", r->threads);
	json_double(w, "seconds", r->seconds);
	json_uint(w, "ops", r->ops);
	json_uint(w, "errors", r->errors);
	json_double(w, "ops_per_s", ops_per_s(r));
	hist_write_json(w, "latency_ns", &r->lat);
	phase_cost_write_json(w, &r->cost);
	json_double(w, "pages_sharing_mean", r->pages_sharing_mean);
	/* this process's pages KSM held merged: not moved by other KSM users */
	json_double(w, "own_merged_pages_mean", r->own_merged_mean);
	if (r->have_gup) {
		json_uint(w, "gup_fast_calls", r->gup_fast_calls);
		json_uint(w, "gup_slow_calls", r->gup_slow_calls);
		if (r->ops)
			json_double(w, "fallbacks_per_op",
				    (double)r->gup_slow_calls / (double)r->ops);
		else	/* no operation: no ratio */
			json_null(w, "fallbacks_per_op");
	} else {
		json_null(w, "gup_fast_calls");
		json_null(w, "gup_slow_calls");
		json_null(w, "fallbacks_per_op");
	}
	ksm_snapshot_write_deltas(w, "ksm_deltas", &r->before, &r->after);
	json_end_object(w);
}

static int write_json(const struct options *o, const struct shared *sh,
		      const struct run_result *rs, int nr, bool have_gup, int argc, char **argv)
{
	struct json_writer w;
	FILE *f;
	int err;

	f = env_report_open(&w, prog, o->json_out, argc, argv);
	if (!f)
		return -1;
	json_begin_object(&w, "params");
	json_string(&w, "mode", mode_names[o->mode]);
	if (o->mode == MODE_ODIRECT) {
		json_string(&w, "file", o->path);
		json_uint(&w, "file_mib", (sh->nblocks * sh->page_size) >> 20);
	}
	json_uint(&w, "size_mib", o->size_mib);
	json_uint(&w, "contents", CONTENTS);
	json_begin_array(&w, "threads");
	for (int i = 0; i < o->nthreads; i++)
		json_uint(&w, NULL, o->threads[i]);
	json_end_array(&w);
	json_uint(&w, "seconds_per_phase", o->seconds);
	json_uint(&w, "churn_per_s", o->churn_per_s);
	json_uint(&w, "pages_to_scan", o->pages_to_scan);
	json_uint(&w, "sleep_ms", o->sleep_ms);
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_bool(&w, "fallbacks_measured", have_gup);
	json_string(&w, "fallbacks_how", have_gup ?
		    "kprobes: internal_get_user_pages_fast (GUP-fast calls), "
		    "get_user_pages_unlocked (its slow path)" :
		    "not measured: no tracefs, or the symbols cannot be probed");
	json_begin_array(&w, "runs");
	for (int i = 0; i < nr; i++)
		write_run(&w, &rs[i]);
	json_end_array(&w);
	json_end_object(&w);
	err = env_report_close(&w, f);
	return err;
}

static void summary_line(const struct run_result *r)
{
	char merged[32] = "n/a", tlb[32];

	if (isfinite(r->own_merged_mean))
		snprintf(merged, sizeof(merged), "%.0f", r->own_merged_mean);
	fprintf(stderr, "%s: %2llu threads KSM %-3s %9.0f ops/s  p50 %.1f p99 %.1f us  "
		"%s IPIs  %s own pages merged", prog, (unsigned long long)r->threads, r->phase,
		ops_per_s(r), (double)hist_percentile(&r->lat, 50) / 1e3,
		(double)hist_percentile(&r->lat, 99) / 1e3,
		phase_cost_tlb_text(&r->cost, tlb, sizeof(tlb)), merged);
	if (r->have_gup)
		fprintf(stderr, "  fallbacks %.4f/op\n",
			r->ops ? (double)r->gup_slow_calls / (double)r->ops : 0);
	else
		fprintf(stderr, "  fallbacks not measured\n");
}

int main(int argc, char **argv)
{
	static struct run_result rs[MAX_COUNTS * MAX_PHASES];
	static struct worker ws[MAX_THREADS];
	static struct shared sh;
	static struct options o;
	bool have_gup;
	int nr = 0, errors = 0;

	parse_options(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	ksm_bench_start(prog, o.shared_host);
	sh.o = &o;
	sh.fd = -1;
	sh.page_size = (size_t)sysconf(_SC_PAGESIZE);
	if (o.mode == MODE_GUP_TEST && access(GUP_TEST_PATH, R_OK | W_OK)) {
		fprintf(stderr, "%s: --mode gup-test needs %s (CONFIG_GUP_TEST, debugfs "
			"mounted): %s\n", prog, GUP_TEST_PATH, strerror(errno));
		return EXIT_USAGE;
	}
	if (o.mode == MODE_ODIRECT && (sh.fd = open_target(&sh)) < 0)
		return EXIT_USAGE;
	sh.npages = (o.size_mib << 20) / sh.page_size;
	sh.area = mergeable_alloc(sh.npages * sh.page_size, false);
	if (!sh.area) {
		fprintf(stderr, "%s: cannot map %llu MiB mergeable: %s\n", prog,
			(unsigned long long)o.size_mib, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sh.npages; i++)
		page_fill(sh.area + i * sh.page_size, sh.page_size, 1 + i % CONTENTS);
	for (int i = 0; i < MAX_THREADS; i++)
		ws[i] = (struct worker){ .sh = &sh, .rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1) };
	ksm_set_or_die(prog, "run", "0");
	ksm_settle(prog, o.quiet);	/* per-run KSM counters must be ours */
	ksm_restore_also(kprobe_count_remove_all);	/* a signal must not leave them */
	have_gup = !kprobe_count_add("gup_fast", "internal_get_user_pages_fast") &&
		   !kprobe_count_add("gup_slow", "get_user_pages_unlocked");
	if (!have_gup) {
		kprobe_count_remove_all();
		if (!o.quiet)
			fprintf(stderr, "%s: GUP-fast fallbacks not measured (no tracefs kprobes here)\n",
				prog);
	}
	for (int t = 0; t < o.nthreads; t++) {
		for (int p = 0; p < o.nphases; p++) {
			struct run_result *r = &rs[nr++];

			r->phase = o.phases[p];
			r->threads = o.threads[t];
			if (run_one(&sh, ws, have_gup, r))
				errors++;
			if (!o.quiet)
				summary_line(r);
		}
	}
	kprobe_count_remove_all();
	ksm_restore_also(NULL);
	if (ksm_restore_all())
		fprintf(stderr, "%s: warning: some KSM settings could not be restored\n", prog);
	if (o.quiet)
		for (int i = 0; i < nr; i++)
			summary_line(&rs[i]);
	if (write_json(&o, &sh, rs, nr, have_gup, argc, argv))
		return 1;
	if (sh.fd >= 0)
		close(sh.fd);
	return errors ? 1 : 0;
}
