// SPDX-License-Identifier: GPL-2.0
/*
 * odirect_latency - O_DIRECT latency and data integrity under KSM.
 *
 * The seed of this project (LKML, 2008-11-11): O_DIRECT pins user pages
 * with get_user_pages_fast(), which takes no lock.  If KSM merged a page
 * while a read into it is in flight, the device would write into the old
 * page and the process would read the merged copy: silent corruption.
 * write_protect_page()'s pin check, made after the PTE is cleared and
 * flushed, is what prevents it.
 *
 * T threads issue O_DIRECT reads and writes of stamped blocks (block
 * number, generation, checksum) between a file or block device and
 * buffers in a MADV_MERGEABLE area.  Before every read the buffer is
 * filled with the same "idle" contents as thousands of filler pages
 * around it, so KSM keeps trying to merge the very page the read is
 * going into.  Every block read is verified; every block is read back and
 * verified at the end.  Phases run with KSM off, then on, in one run.
 * Reported per phase: IOPS, read and write latency histograms (p50, p99,
 * p99.9, max), verified reads, corrupted blocks, KSM counters; JSON on
 * stdout or --json, a summary and progress on stderr.
 *
 * The seed thread's other race is fork's: a read in flight holds its page
 * with a reference (6.1's block direct I/O takes it with FOLL_GET, not
 * FOLL_PIN, so fork does not copy the page for the parent), fork
 * write-protects it, and the next write to that page by any thread of the
 * parent copies it: the device then writes into the old page, and the
 * read returns stale data.  --fork runs a thread that forks in a loop
 * (the child exits at once); --buffer-offset puts every buffer that many
 * bytes past a page boundary, so a block's last bytes share a page with
 * the next buffer, which its own thread fills before each I/O: the write
 * that breaks COW under a read in flight.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <liburing.h>
#include <linux/fs.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/histogram.h"
#include "lib/json.h"
#include "lib/ksm_control.h"
#include "lib/ksm_sysfs.h"
#include "lib/mergeable.h"
#include "lib/phase_cost.h"
#include "lib/pagegen.h"
#include "lib/proc_stats.h"
#include "lib/stamp.h"
#include "lib/thread.h"
#include "lib/timing.h"

#define MAX_THREADS	64
#define MAX_DEPTH	64
#define MAX_PHASES	4
#define MAX_SHOWN	10		/* corrupted blocks printed in full */
#define IDLE_CONTENT	0x1d1e1d1e1d1eull	/* what buffers hold between I/Os */

struct options {
	const char *path;
	uint64_t size_mib;
	uint64_t threads;
	uint64_t seconds;
	uint64_t writes_pct;
	uint64_t filler_pages;
	uint64_t pages_to_scan;
	uint64_t sleep_ms;
	uint64_t seed;
	uint64_t negative_control;
	uint64_t iodepth;
	uint64_t buffer_offset;	/* bytes past a page boundary */
	bool fork;		/* a thread forks in a loop */
	bool uring;
	const char *phases[MAX_PHASES];
	int nphases;
	const char *json_path;
	FILE *json_out;		/* opened at start: a bad path fails at once */
	bool quiet;
	bool shared_host;
};

struct phase_result {
	const char *name;
	bool ksm;
	double seconds;
	uint64_t reads, writes, verified_reads, corrupted;
	uint64_t forks;			/* children forked during the phase */
	struct histogram read_lat, write_lat;
	struct ksm_snapshot before, after;
	struct phase_cost cost;		/* TLB IPIs, ksmd CPU; null if not measured */
};

struct shared {
	int fd;
	size_t bs;
	uint64_t nblocks;
	uint32_t *gen;			/* expected generation of each block */
	char *area;			/* mergeable: fillers, then buffers */
	size_t page_size;
	const struct options *o;
	atomic_bool stop;
	atomic_uint_fast64_t shown;	/* corrupted blocks printed so far */
	uint64_t forks;			/* the forking thread's count */
	bool fork_failed;
};

struct worker {
	pthread_t tid;
	int idx;
	struct shared *sh;
	char *buf;			/* this thread's iodepth pages in the area */
	uint64_t rng;
	uint64_t reads, writes, verified_reads, corrupted, errors;
	struct histogram read_lat, write_lat;
};

static const char *prog = "odirect_latency";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [--file PATH] [options]\n"
"\n"
"O_DIRECT reads and writes of stamped blocks into buffers that KSM keeps\n"
"trying to merge; latency per phase (KSM off, then on) and every block\n"
"verified.\n"
"\n"
"  --file PATH         file or block device (default /var/tmp/ksmbench-odirect.dat;\n"
"                      a file is created and sized; a device is overwritten)\n"
"  --size-mib N        data size (default 256; at most the device's size)\n"
"  --threads T         I/O threads (default 2)\n"
"  --mode sync|uring   pread/pwrite, or io_uring with --iodepth I/Os in\n"
"                      flight per thread (default sync)\n"
"  --iodepth N         I/Os in flight per thread with --mode uring (default 8)\n"
"  --buffer-offset N   each I/O buffer N bytes past a page boundary, a multiple\n"
"                      of 512 below the page size (default 0): a block then\n"
"                      shares its last page with the next buffer\n"
"  --fork              a thread forks in a loop while the I/O runs (each child\n"
"                      exits at once): fork's copy-on-write against reads in\n"
"                      flight, the seed mail's other race\n"
"  --seconds S         length of each phase (default 10)\n"
"  --writes-pct P      percent of writes (default 25)\n"
"  --phases LIST       comma-separated off,on (default off,on)\n"
"  --filler-pages N    pages of the buffers' idle contents beside them (default 4096)\n"
"  --pages-to-scan N   ksmd batch in the on phase (default 1000)\n"
"  --sleep-ms N        ksmd sleep in the on phase (default 0)\n"
"  --seed N            block choice seed (default 1)\n"
"  --negative-control N  rewrite N blocks behind the benchmark's back after\n"
"                      setup: the run must report them corrupted (tests the check)\n"
"  --shared-host       KSM may hold other processes' pages (VMs): run anyway,\n"
"                      leaving them merged; also KSMBENCH_SHARED_HOST=1\n"
"  --json PATH         JSON result (default stdout)\n"
"  -q, --quiet         no progress lines\n"
"  -h, --help          this text\n"
"\n"
"Needs root and /sys/kernel/mm/ksm; KSM settings are restored on exit and\n"
"signals.  Exit status: 0 no corrupted block, 1 corruption or I/O error,\n"
"2 bad usage or missing privileges.\n", prog);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "size-mib", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'M' },
		{ "iodepth", required_argument, NULL, 'D' },
		{ "buffer-offset", required_argument, NULL, 'O' },
		{ "fork", no_argument, NULL, 'k' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "writes-pct", required_argument, NULL, 'w' },
		{ "phases", required_argument, NULL, 'p' },
		{ "filler-pages", required_argument, NULL, 'F' },
		{ "pages-to-scan", required_argument, NULL, 'n' },
		{ "sleep-ms", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 'r' },
		{ "negative-control", required_argument, NULL, 'N' },
		{ "shared-host", no_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char default_phases[] = "off,on";
	int c;

	*o = (struct options){ .path = "/var/tmp/ksmbench-odirect.dat", .size_mib = 256,
			       .threads = 2, .seconds = 10, .writes_pct = 25,
			       .filler_pages = 4096, .pages_to_scan = 1000, .seed = 1,
			       .iodepth = 8 };
	o->nphases = cli_phases(prog, default_phases, o->phases, MAX_PHASES);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->path = optarg; break;
		case 's': cli_num(prog, "--size-mib", optarg, 1, 1 << 20, &o->size_mib); break;
		case 't': cli_num(prog, "--threads", optarg, 1, MAX_THREADS, &o->threads); break;
		case 'M':
			if (strcmp(optarg, "sync") && strcmp(optarg, "uring"))
				cli_die(prog, "--mode takes sync or uring, got '%s'", optarg);
			o->uring = !strcmp(optarg, "uring");
			break;
		case 'D': cli_num(prog, "--iodepth", optarg, 1, MAX_DEPTH, &o->iodepth); break;
		case 'O':
			cli_num(prog, "--buffer-offset", optarg, 0, 65535, &o->buffer_offset);
			if (o->buffer_offset % 512 ||
			    o->buffer_offset >= (uint64_t)sysconf(_SC_PAGESIZE))
				cli_die(prog, "--buffer-offset takes a multiple of 512 below "
					"the page size, got '%s'", optarg);
			break;
		case 'k': o->fork = true; break;
		case 'S': cli_num(prog, "--seconds", optarg, 1, 86400, &o->seconds); break;
		case 'w': cli_num(prog, "--writes-pct", optarg, 0, 100, &o->writes_pct); break;
		case 'p': o->nphases = cli_phases(prog, optarg, o->phases, MAX_PHASES); break;
		case 'F': cli_num(prog, "--filler-pages", optarg, 0, 1 << 24, &o->filler_pages); break;
		case 'n': cli_num(prog, "--pages-to-scan", optarg, 1, 1u << 30, &o->pages_to_scan); break;
		case 'm': cli_num(prog, "--sleep-ms", optarg, 0, 60000, &o->sleep_ms); break;
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
	if (!o->uring)
		o->iodepth = 1;
}

/* ---- the device ---- */

static int open_target(const struct options *o, uint64_t *bytes)
{
	struct stat st;
	uint64_t want = o->size_mib << 20, dev;
	int fd = open(o->path, O_RDWR | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: cannot open %s with O_DIRECT: %s\n", prog,
			o->path, strerror(errno));
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &dev)) {
			fprintf(stderr, "%s: cannot size %s: %s\n", prog, o->path,
				strerror(errno));
			close(fd);
			return -1;
		}
		*bytes = want < dev ? want : dev;
	} else if (S_ISREG(st.st_mode)) {
		if (ftruncate(fd, (off_t)want)) {
			fprintf(stderr, "%s: cannot size %s: %s\n", prog, o->path,
				strerror(errno));
			close(fd);
			return -1;
		}
		*bytes = want;
	} else {
		fprintf(stderr, "%s: %s is neither a file nor a block device\n",
			prog, o->path);
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Writes every block, generation 0, 64 blocks per write. */
static int write_all(struct shared *sh)
{
	size_t chunk = 64 * sh->bs;
	char *buf = aligned_alloc(sh->page_size, chunk);
	int err = 0;

	if (!buf)
		return -1;
	for (uint64_t b = 0; b < sh->nblocks && !err; b += 64) {
		uint64_t n = min_u64(sh->nblocks - b, 64);

		for (uint64_t i = 0; i < n; i++)
			stamp_fill(buf + i * sh->bs, sh->bs, b + i, 0);
		if (pwrite(sh->fd, buf, n * sh->bs, (off_t)(b * sh->bs)) != (ssize_t)(n * sh->bs)) {
			fprintf(stderr, "%s: writing block %llu: %s\n", prog,
				(unsigned long long)b, strerror(errno));
			err = -1;
		}
	}
	free(buf);
	return err;
}

/*
 * The negative control: blocks rewritten with a generation the benchmark
 * does not expect, as a lost or misdirected write would leave them.
 */
static int corrupt_blocks(struct shared *sh, uint64_t n)
{
	char *buf = aligned_alloc(sh->page_size, sh->bs);
	int err = 0;

	if (!buf)
		return -1;
	uint64_t step = sh->nblocks / n;

	for (uint64_t i = 0; i < n && i < sh->nblocks && !err; i++) {
		uint64_t b = i * (step ? step : 1);

		stamp_fill(buf, sh->bs, b, 999999);
		if (pwrite(sh->fd, buf, sh->bs, (off_t)(b * sh->bs)) != (ssize_t)sh->bs)
			err = -1;
	}
	free(buf);
	return err;
}

static void report_corrupt(struct shared *sh, int idx, const char *when,
			   uint64_t block, const void *buf, enum stamp_verdict v)
{
	const struct stamp *s = buf;

	if (atomic_fetch_add(&sh->shown, 1) >= MAX_SHOWN)
		return;
	fprintf(stderr, "%s: CORRUPT (%s, thread %d): block %llu at offset %llu "
		"should be generation %u, read %s: magic %#llx block %llu gen %llu\n",
		prog, when, idx, (unsigned long long)block,
		(unsigned long long)block * sh->bs, sh->gen[block], stamp_verdict_name(v),
		(unsigned long long)s->magic, (unsigned long long)s->block,
		(unsigned long long)s->gen);
}

/* ---- the I/O threads ---- */

/* A block this thread owns, chosen at random; @busy[n] are in flight. */
static uint64_t pick_block(struct worker *w, const uint64_t *busy, unsigned int n)
{
	uint64_t threads = w->sh->o->threads;
	uint64_t owned = (w->sh->nblocks - (uint64_t)w->idx + threads - 1) / threads;

	for (;;) {
		uint64_t block = (splitmix64(&w->rng) % owned) * threads + (uint64_t)w->idx;
		unsigned int i;

		for (i = 0; i < n && busy[i] != block; i++)
			;
		if (i == n)
			return block;
	}
}

static bool want_write(struct worker *w)
{
	return (splitmix64(&w->rng) >> 40) % 100 < w->sh->o->writes_pct;
}

/* The buffer of this thread's I/O slot @i: --buffer-offset past its page */
static char *slot_buf(const struct worker *w, unsigned int i)
{
	return w->buf + i * w->sh->page_size + w->sh->o->buffer_offset;
}

/* Before a read: idle contents, so the buffer matches thousands of pages */
static void prepare_read(struct worker *w, char *buf)
{
	page_fill(buf, w->sh->bs, IDLE_CONTENT);
}

static void prepare_write(struct worker *w, char *buf, uint64_t block)
{
	stamp_fill(buf, w->sh->bs, block, w->sh->gen[block] + 1);
}

/* Accounts for one finished I/O of @res bytes (or -errno); verifies reads. */
static void complete_io(struct worker *w, bool write, uint64_t block,
			const char *buf, long long res, uint64_t ns)
{
	struct shared *sh = w->sh;
	enum stamp_verdict v;

	hist_add(write ? &w->write_lat : &w->read_lat, ns);
	if (res != (long long)sh->bs) {
		fprintf(stderr, "%s: %s of block %llu: %s\n", prog, write ? "write" : "read",
			(unsigned long long)block, res < 0 ? strerror((int)-res) : "short");
		w->errors++;
		return;
	}
	if (write) {
		sh->gen[block]++;	/* only this thread owns the block */
		w->writes++;
		return;
	}
	w->reads++;
	v = stamp_check(buf, sh->bs, block, sh->gen[block]);
	w->verified_reads++;
	if (v != STAMP_OK) {
		w->corrupted++;
		report_corrupt(sh, w->idx, "read", block, buf, v);
	}
}

static void *sync_thread(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;

	char *buf = slot_buf(w, 0);

	while (!atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
		uint64_t block = pick_block(w, NULL, 0), t0;
		bool write = want_write(w);
		ssize_t n;

		if (write)
			prepare_write(w, buf, block);
		else
			prepare_read(w, buf);
		t0 = now_ns();
		if (write)
			n = pwrite(sh->fd, buf, sh->bs, (off_t)(block * sh->bs));
		else
			n = pread(sh->fd, buf, sh->bs, (off_t)(block * sh->bs));
		complete_io(w, write, block, buf, n < 0 ? -errno : n, now_ns() - t0);
	}
	return NULL;
}

struct slot {
	uint64_t block, t0;
	bool write;
};

static int uring_submit(struct worker *w, struct io_uring *ring, struct slot *slots,
			uint64_t *busy, unsigned int i)
{
	struct shared *sh = w->sh;
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	char *buf = slot_buf(w, i);
	struct slot *s = &slots[i];

	if (!sqe)
		return -1;
	s->block = pick_block(w, busy, (unsigned int)sh->o->iodepth);
	busy[i] = s->block;
	s->write = want_write(w);
	if (s->write) {
		prepare_write(w, buf, s->block);
		io_uring_prep_write(sqe, sh->fd, buf, (unsigned int)sh->bs,
				    s->block * sh->bs);
	} else {
		prepare_read(w, buf);
		io_uring_prep_read(sqe, sh->fd, buf, (unsigned int)sh->bs,
				   s->block * sh->bs);
	}
	io_uring_sqe_set_data64(sqe, i);
	s->t0 = now_ns();
	return io_uring_submit(ring) == 1 ? 0 : -1;
}

/*
 * iodepth I/Os in flight: each completion is accounted for and its slot
 * reused for a new I/O, until the phase ends and the last ones land.
 */
static void *uring_thread(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	unsigned int depth = (unsigned int)sh->o->iodepth, inflight = 0;
	struct slot slots[MAX_DEPTH];
	uint64_t busy[MAX_DEPTH];
	struct io_uring ring;
	int err = io_uring_queue_init(depth, &ring, 0);

	if (err) {
		fprintf(stderr, "%s: io_uring_queue_init: %s\n", prog, strerror(-err));
		w->errors++;
		return NULL;
	}
	for (unsigned int i = 0; i < depth; i++)
		busy[i] = UINT64_MAX;
	for (unsigned int i = 0; i < depth; i++, inflight++) {
		if (uring_submit(w, &ring, slots, busy, i)) {
			w->errors++;
			break;
		}
	}
	while (inflight) {
		struct io_uring_cqe *cqe;
		unsigned int i;

		if (io_uring_wait_cqe(&ring, &cqe)) {
			w->errors++;
			break;
		}
		i = (unsigned int)io_uring_cqe_get_data64(cqe);
		complete_io(w, slots[i].write, slots[i].block, slot_buf(w, i), cqe->res,
			    now_ns() - slots[i].t0);
		io_uring_cqe_seen(&ring, cqe);
		busy[i] = UINT64_MAX;
		inflight--;
		if (!atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
			if (uring_submit(w, &ring, slots, busy, i))
				w->errors++;
			else
				inflight++;
		}
	}
	io_uring_queue_exit(&ring);
	return NULL;
}

/*
 * --fork: fork in a loop until the phase ends.  The child only calls
 * _exit(), which is all a child of a threaded process may do; fork has
 * already write-protected the parent's private pages by then.
 */
static void *fork_thread(void *arg)
{
	struct shared *sh = arg;

	while (!atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
			sh->fork_failed = true;
			break;
		}
		waitpid(pid, NULL, 0);
		sh->forks++;
	}
	return NULL;
}

/* ---- phases ---- */

static void configure_ksm(const struct options *o, bool on)
{
	if (on)
		ksm_set_scan_or_die(prog, o->pages_to_scan, o->sleep_ms);
	ksm_set_or_die(prog, "run", on ? "1" : "0");
}

static int run_phase(struct shared *sh, struct worker *ws, struct phase_result *ph)
{
	const struct options *o = sh->o;
	uint64_t t0, next = 2;
	pthread_t forker;
	int err = 0;

	configure_ksm(o, ph->ksm);
	ksm_snapshot_take(&ph->before);
	phase_cost_start(&ph->cost);
	atomic_store(&sh->stop, false);
	t0 = now_ns();
	for (uint64_t i = 0; i < o->threads; i++) {
		hist_init(&ws[i].read_lat);
		hist_init(&ws[i].write_lat);
		ws[i].reads = ws[i].writes = ws[i].verified_reads = 0;
		ws[i].corrupted = ws[i].errors = 0;
		thread_start_or_die(prog, &ws[i].tid, o->uring ? uring_thread : sync_thread,
				    &ws[i], i);
	}
	sh->forks = 0;
	if (o->fork)
		thread_start_or_die(prog, &forker, fork_thread, sh, o->threads);
	while (ns_to_s(now_ns() - t0) < (double)o->seconds) {
		sleep_ms(100);
		if (!o->quiet && ns_to_s(now_ns() - t0) >= (double)next) {
			uint64_t ops = 0;

			for (uint64_t i = 0; i < o->threads; i++)
				ops += ws[i].reads + ws[i].writes;
			fprintf(stderr, "  KSM %-3s %5.0f s  %llu I/Os\n", ph->name,
				ns_to_s(now_ns() - t0), (unsigned long long)ops);
			next += 2;
		}
	}
	atomic_store(&sh->stop, true);
	for (uint64_t i = 0; i < o->threads; i++)
		pthread_join(ws[i].tid, NULL);
	if (o->fork) {
		pthread_join(forker, NULL);
		ph->forks = sh->forks;
		if (sh->fork_failed)
			err = -1;
	}
	ph->seconds = ns_to_s(now_ns() - t0);
	ksm_snapshot_take(&ph->after);
	phase_cost_stop(&ph->cost);
	hist_init(&ph->read_lat);
	hist_init(&ph->write_lat);
	for (uint64_t i = 0; i < o->threads; i++) {
		hist_merge(&ph->read_lat, &ws[i].read_lat);
		hist_merge(&ph->write_lat, &ws[i].write_lat);
		ph->reads += ws[i].reads;
		ph->writes += ws[i].writes;
		ph->verified_reads += ws[i].verified_reads;
		ph->corrupted += ws[i].corrupted;
		if (ws[i].errors)
			err = -1;
	}
	return err;
}

/* Reads every block back and checks it; returns the corrupted count. */
static uint64_t final_check(struct shared *sh, uint64_t *errors)
{
	char *buf = aligned_alloc(sh->page_size, sh->bs);
	uint64_t bad = 0;

	if (!buf) {
		(*errors)++;
		return 0;
	}
	for (uint64_t b = 0; b < sh->nblocks; b++) {
		enum stamp_verdict v;

		if (pread(sh->fd, buf, sh->bs, (off_t)(b * sh->bs)) != (ssize_t)sh->bs) {
			(*errors)++;
			continue;
		}
		v = stamp_check(buf, sh->bs, b, sh->gen[b]);
		if (v != STAMP_OK) {
			bad++;
			report_corrupt(sh, -1, "final re-read", b, buf, v);
		}
	}
	free(buf);
	return bad;
}

/* ---- output ---- */

static void write_phase(struct json_writer *w, const struct phase_result *ph)
{
	json_begin_object(w, NULL);
	json_string(w, "name", ph->name);
	json_bool(w, "ksm", ph->ksm);
	json_double(w, "seconds", ph->seconds);
	json_uint(w, "reads", ph->reads);
	json_uint(w, "writes", ph->writes);
	json_double(w, "iops", ph->seconds > 0 ? (double)(ph->reads + ph->writes) / ph->seconds : 0);
	json_uint(w, "verified_reads", ph->verified_reads);
	json_uint(w, "corrupted_blocks", ph->corrupted);
	json_uint(w, "forks", ph->forks);
	phase_cost_write_json(w, &ph->cost);
	hist_write_json(w, "read_latency_ns", &ph->read_lat);
	hist_write_json(w, "write_latency_ns", &ph->write_lat);
	ksm_snapshot_write_deltas(w, "ksm_deltas", &ph->before, &ph->after);
	json_end_object(w);
}

static int write_json(const struct options *o, const struct shared *sh,
		      const struct phase_result *phs, int nph, uint64_t final_bad,
		      uint64_t errors, int argc, char **argv)
{
	struct json_writer w;
	FILE *f;
	uint64_t corrupted = final_bad, verified = sh->nblocks;
	int err;

	for (int i = 0; i < nph; i++) {
		corrupted += phs[i].corrupted;
		verified += phs[i].verified_reads;
	}
	f = env_report_open(&w, prog, o->json_out, argc, argv);
	if (!f)
		return -1;
	json_begin_object(&w, "params");
	json_string(&w, "file", o->path);
	json_uint(&w, "size_mib", (sh->nblocks * sh->bs) >> 20);
	json_uint(&w, "block_size", sh->bs);
	json_uint(&w, "threads", o->threads);
	json_string(&w, "mode", o->uring ? "uring" : "sync");
	json_uint(&w, "iodepth", o->iodepth);
	json_uint(&w, "buffer_offset", o->buffer_offset);
	json_bool(&w, "fork", o->fork);
	json_uint(&w, "seconds_per_phase", o->seconds);
	json_uint(&w, "writes_pct", o->writes_pct);
	json_uint(&w, "filler_pages", o->filler_pages);
	json_uint(&w, "pages_to_scan", o->pages_to_scan);
	json_uint(&w, "sleep_ms", o->sleep_ms);
	json_uint(&w, "seed", o->seed);
	json_uint(&w, "negative_control", o->negative_control);
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_uint(&w, "corrupted_blocks", corrupted);
	json_uint(&w, "verified_reads", verified);
	json_uint(&w, "io_errors", errors);
	json_uint(&w, "final_check_blocks", sh->nblocks);
	json_uint(&w, "final_check_corrupted", final_bad);
	json_begin_array(&w, "phases");
	for (int i = 0; i < nph; i++)
		write_phase(&w, &phs[i]);
	json_end_array(&w);
	json_end_object(&w);
	err = env_report_close(&w, f);
	return err;
}

static void summary(const struct phase_result *phs, int nph, uint64_t final_bad,
		    uint64_t nblocks)
{
	for (int i = 0; i < nph; i++) {
		const struct phase_result *p = &phs[i];

		fprintf(stderr, "%s: KSM %-3s %.0f IOPS; read p50 %.1f p99 %.1f p99.9 %.1f "
			"max %.1f us; %llu verified reads, %llu corrupted; %llu forks; "
			"pages_sharing %+lld\n",
			prog, p->name, p->seconds > 0 ? (double)(p->reads + p->writes) / p->seconds : 0,
			(double)hist_percentile(&p->read_lat, 50) / 1e3,
			(double)hist_percentile(&p->read_lat, 99) / 1e3,
			(double)hist_percentile(&p->read_lat, 99.9) / 1e3,
			(double)p->read_lat.max / 1e3,
			(unsigned long long)p->verified_reads, (unsigned long long)p->corrupted,
			(unsigned long long)p->forks,
			(long long)(ksm_snapshot_u64(&p->after, "pages_sharing", 0) -
				    ksm_snapshot_u64(&p->before, "pages_sharing", 0)));
	}
	fprintf(stderr, "%s: final re-read of %llu blocks: %llu corrupted\n", prog,
		(unsigned long long)nblocks, (unsigned long long)final_bad);
}

int main(int argc, char **argv)
{
	static struct phase_result phs[MAX_PHASES];
	static struct worker ws[MAX_THREADS];
	static struct shared sh;
	static struct options o;
	uint64_t bytes, errors = 0, final_bad, corrupted = 0;
	size_t area_pages;

	parse_options(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	ksm_bench_start(prog, o.shared_host);
	sh.o = &o;
	sh.page_size = (size_t)sysconf(_SC_PAGESIZE);
	sh.bs = sh.page_size;	/* one block is one page: what KSM merges */
	sh.fd = open_target(&o, &bytes);
	if (sh.fd < 0)
		return EXIT_USAGE;
	sh.nblocks = bytes / sh.bs;
	if (sh.nblocks / o.threads <= o.iodepth) {
		fprintf(stderr, "%s: %s is too small: each thread needs more blocks "
			"than its iodepth\n", prog, o.path);
		return EXIT_USAGE;
	}
	sh.gen = calloc(sh.nblocks, sizeof(*sh.gen));
	/* one page more when buffers straddle pages: the last block's tail */
	area_pages = o.filler_pages + o.threads * o.iodepth + (o.buffer_offset ? 1 : 0);
	sh.area = mergeable_alloc(area_pages * sh.page_size, false);
	if (!sh.gen || !sh.area) {
		fprintf(stderr, "%s: out of memory: %s\n", prog, strerror(errno));
		return 1;
	}
	/* fillers and buffers start with the idle contents */
	for (size_t i = 0; i < area_pages; i++)
		page_fill(sh.area + i * sh.page_size, sh.page_size, IDLE_CONTENT);
	for (uint64_t i = 0; i < o.threads; i++) {
		ws[i] = (struct worker){ .idx = (int)i, .sh = &sh,
					 .buf = sh.area + (o.filler_pages + i * o.iodepth) *
						sh.page_size,
					 .rng = o.seed * 0x9e3779b97f4a7c15ull + i };
	}
	ksm_set_or_die(prog, "run", "0");
	ksm_set_scan_or_die(prog, o.pages_to_scan, o.sleep_ms);
	ksm_settle(prog, o.quiet);	/* per-phase KSM counters must be ours */
	if (!o.quiet)
		fprintf(stderr, "%s: writing %llu blocks of %zu bytes to %s...\n", prog,
			(unsigned long long)sh.nblocks, sh.bs, o.path);
	if (write_all(&sh) || (o.negative_control &&
			       corrupt_blocks(&sh, o.negative_control)))
		return 1;
	for (int i = 0; i < o.nphases; i++) {
		phs[i].name = o.phases[i];
		phs[i].ksm = !strcmp(o.phases[i], "on");
		if (run_phase(&sh, ws, &phs[i]))
			errors++;
		corrupted += phs[i].corrupted;
	}
	ksm_write("run", "0");
	if (!o.quiet)
		fprintf(stderr, "%s: re-reading every block...\n", prog);
	final_bad = final_check(&sh, &errors);
	if (ksm_restore_all())
		fprintf(stderr, "%s: warning: some KSM settings could not be restored\n", prog);
	summary(phs, o.nphases, final_bad, sh.nblocks);
	if (write_json(&o, &sh, phs, o.nphases, final_bad, errors, argc, argv))
		return 1;
	close(sh.fd);
	return corrupted || final_bad || errors ? 1 : 0;
}
