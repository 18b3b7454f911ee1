// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_forked_race - lays out, step by step, the interleaving of two ksmd
 * workers behind issue 19's first finding, with the test module ksm_gate
 * (kernel/guest/modules/) holding the workers where it must: the kernel's
 * log then says whether the kernel took the wrong checksum lock.
 *
 * Three processes.  M3 holds Q; P (this one) holds M0, A, B and ME, and
 * forks C, which maps B only (the others are MADV_DONTFORK).  Every page
 * is unique, but for B's page X and Q once Q is rewritten.  The steps:
 *
 *  1. In full scan k, a worker is held at ME3 (just after Q): Q is
 *     rewritten with X's contents, so that Q's first visit with them is in
 *     scan s = k + 1 (nothing merges in s: Q is not in the unstable tree).
 *  2. In scan s, P's worker is held at ME, after A (whose rmap_item keeps
 *     A's old page's checksum S): P moves X from B to A (mremap).  A's
 *     rmap_item now belongs to X's address, with a checksum X never had.
 *  3. In scan s + 1, P's worker is held at M0, before A, while the other
 *     worker inserts Q into the unstable tree and merges X with it: X
 *     becomes a KSM page in place, and that worker is held before it gives
 *     X its stable node (ksm_gate's merge gate), which lets P's go.
 *  4. P's worker goes on to A: it reads X's stable node (none yet), locks
 *     S's mutex and looks X up, where ksm_gate holds it until the other
 *     worker, let go by that lookup, has set X's node, under its own
 *     checksum.  ksm_gate chains 3 and 4 itself: both workers spin then.
 *
 * The series must then refuse the "KSM page forked" shortcut under S's
 * mutex; 6.1's shortcut (kernel/mutations/forked-shortcut-any-lock.patch)
 * appends A's rmap_item to the node under the wrong lock, and lockdep and
 * DEBUG_VM say so.  Either way X ends shared by A, B and Q: one KSM page,
 * pages_sharing 2.  Needs root, the series' workers knob, ksm_gate loaded
 * and two CPUs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/json.h"
#include "lib/ksm_control.h"
#include "lib/ksm_sysfs.h"
#include "lib/pagegen.h"
#include "lib/timing.h"

#define GATE_DIR	"/sys/module/ksm_gate/parameters/"
#define POLL_MS		2

static const char *prog = "ksm_forked_race";
static size_t page_size;

struct options {
	uint64_t timeout_s;	/* per step */
	const char *json_path;
	FILE *json_out;
	bool quiet;
};

/* What the run did (the JSON) */
struct outcome {
	const char *failed_step;	/* NULL: laid out */
	bool moved;			/* X moved from B to A */
	uint64_t race_hits, gate_timeouts, pages_shared, pages_sharing;
	bool content_ok;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [--timeout-s N] [--json PATH] [-q]\n"
"\n"
"Lays out the interleaving of two ksmd workers of issue 19's lock race with\n"
"the test module ksm_gate, then checks that the page ended merged exactly;\n"
"whether the kernel took the right lock is in its log (lockdep, DEBUG_VM).\n"
"\n"
"  --timeout-s N   give up a step after N seconds (default 30)\n"
"  --json PATH     write the JSON result to PATH (default: stdout)\n"
"  -q, --quiet     no progress lines\n"
"  -h, --help      this text\n"
"\n"
"Needs root, /sys/kernel/mm/ksm with the series' workers knob, ksm_gate\n"
"loaded, and two CPUs.  KSM settings and the gates are restored on exit\n"
"and signals.  Exit status: 0 laid out and merged exactly, 1 not, 2 bad\n"
"usage or a missing requirement.\n", prog);
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "timeout-s", required_argument, NULL, 't' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*o = (struct options){ .timeout_s = 30 };
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 't': cli_num(prog, "--timeout-s", optarg, 1, 3600, &o->timeout_s); break;
		case 'j': o->json_path = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
}

/* ---- the gates ---- */

static int gate_write(const char *name, unsigned long v)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), GATE_DIR "%s", name);
	snprintf(buf, sizeof(buf), "%lu", v);
	return sysfs_path_write(path, buf);
}

static uint64_t gate_read(const char *name)
{
	char path[128];
	uint64_t v = 0;

	snprintf(path, sizeof(path), GATE_DIR "%s", name);
	return sysfs_path_read_u64(path, &v) ? 0 : v;
}

/* Opens every gate: at exit and on signals (open, write, close only) */
static void gates_open(void)
{
	sysfs_path_write(GATE_DIR "hold_pfn", "0");
	sysfs_path_write(GATE_DIR "merge_pfn", "0");
	sysfs_path_write(GATE_DIR "race_pfn", "0");
}

/* ---- pages ---- */

/* The pages' contents, as page_fill()'s content ids: unique, none zero */
enum { TAG_Q_OLD = 1, TAG_X, TAG_S, TAG_M0, TAG_ME, TAG_ME3 };

/* The page frame @pid maps at @addr, 0 if none (needs root) */
static unsigned long pfn_of(pid_t pid, const void *addr)
{
	char path[64];
	uint64_t e = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), (off_t)((uintptr_t)addr / page_size * sizeof(e))) != sizeof(e))
		e = 0;
	close(fd);
	return (e >> 63) ? (unsigned long)(e & ((1ull << 55) - 1)) : 0;
}

static void *map_pages(int n)
{
	void *p = mmap(NULL, (size_t)n * page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: mmap: %s\n", prog, strerror(errno));
		exit(1);
	}
	madvise(p, (size_t)n * page_size, MADV_NOHUGEPAGE);
	return p;
}

static void mergeable_or_die(void *p, size_t len)
{
	if (madvise(p, len, MADV_MERGEABLE)) {
		fprintf(stderr, "%s: MADV_MERGEABLE: %s\n", prog, strerror(errno));
		exit(1);
	}
}

/* ---- M3, the process holding Q ---- */

struct m3 {
	pid_t pid;
	int cmd, res;		/* pipes: 'W' rewrites Q; its reply */
	char *q;		/* Q, then ME3: the same addresses in M3 */
};

static void m3_main(int cmd, int res, char *q)
{
	char c;

	page_fill(q, page_size, TAG_Q_OLD);
	page_fill(q + page_size, page_size, TAG_ME3);
	mergeable_or_die(q, 2 * page_size);
	c = 'r';
	if (write(res, &c, 1) != 1)
		_exit(1);
	while (read(cmd, &c, 1) == 1) {
		if (c == 'W')
			page_fill(q, page_size, TAG_X);
		if (write(res, &c, 1) != 1)
			_exit(1);
	}
	_exit(0);
}

static void m3_start(struct m3 *m)
{
	int cmd[2], res[2];
	char c;

	if (pipe(cmd) || pipe(res)) {
		fprintf(stderr, "%s: pipe: %s\n", prog, strerror(errno));
		exit(1);
	}
	m->q = map_pages(2);
	m->pid = fork();
	if (m->pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		exit(1);
	}
	if (!m->pid) {
		close(cmd[1]);
		close(res[0]);
		m3_main(cmd[0], res[1], m->q);
	}
	ksm_register_child(m->pid);
	close(cmd[0]);
	close(res[1]);
	m->cmd = cmd[1];
	m->res = res[0];
	munmap(m->q, 2 * page_size);	/* ours is not M3's */
	if (read(m->res, &c, 1) != 1) {
		fprintf(stderr, "%s: the process holding Q died\n", prog);
		exit(1);
	}
}

/* ---- the steps ---- */

static uint64_t full_scans(void)
{
	uint64_t v = 0;

	ksm_read_u64("full_scans", &v);
	return v;
}

/* Polls until @cond(@arg) or @timeout_s: true if it held */
static bool wait_for(bool (*cond)(unsigned long arg), unsigned long arg, uint64_t timeout_s)
{
	uint64_t end = now_ns() + timeout_s * 1000000000ull;

	while (!cond(arg)) {
		if (now_ns() > end)
			return false;
		sleep_ms(POLL_MS);
	}
	return true;
}

static bool is_held(unsigned long pfn)
{
	return gate_read("held_pfn") == pfn;
}

static bool scans_reach(unsigned long n)
{
	return full_scans() >= n;
}

static bool race_hit(unsigned long unused)
{
	(void)unused;
	return gate_read("race_hits") >= 1;
}

/*
 * Holds the worker that scans @pfn when it does so in full scan @scan
 * (full_scans == @scan - 1 then); an earlier scan's visit is let go.
 */
static bool hold_in_scan(unsigned long pfn, uint64_t scan, uint64_t timeout_s)
{
	for (;;) {
		gate_write("hold_pfn", pfn);
		if (!wait_for(is_held, pfn, timeout_s))
			return false;
		if (full_scans() + 1 == scan)
			return true;
		if (full_scans() + 1 > scan)
			return false;	/* missed it */
		gate_write("hold_pfn", 0);
		if (!wait_for(is_held, 0, timeout_s))
			return false;
	}
}

static void progress(const struct options *o, const char *what)
{
	if (!o->quiet)
		fprintf(stderr, "%s: %s (full_scans %llu)\n", prog, what,
			(unsigned long long)full_scans());
}

static const char *lay_out(const struct options *o, struct m3 *m3, char *p, bool *moved)
{
	char *m0 = p, *a = p + page_size, *b = p + 2 * page_size, *me = p + 3 * page_size;
	unsigned long x_pfn;
	uint64_t k;
	char reply;

	progress(o, "every page visited twice");
	if (!wait_for(scans_reach, full_scans() + 3, o->timeout_s))
		return "first scans";
	/* 1: Q rewritten while its scan k visit is over */
	gate_write("hold_pfn", pfn_of(m3->pid, m3->q + page_size));
	if (!wait_for(is_held, pfn_of(m3->pid, m3->q + page_size), o->timeout_s))
		return "1: hold after Q";
	k = full_scans() + 1;
	if (write(m3->cmd, "W", 1) != 1 || read(m3->res, &reply, 1) != 1)
		return "1: rewrite Q";
	gate_write("hold_pfn", 0);
	progress(o, "1: Q rewritten after its visit");
	/* 2: in scan k + 1, P's worker past A: X moves from B to A */
	if (!hold_in_scan(pfn_of(getpid(), me), k + 1, o->timeout_s))
		return "2: hold after A in scan k + 1";
	if (mremap(b, page_size, page_size, MREMAP_MAYMOVE | MREMAP_FIXED, a) != a)
		return "2: mremap";
	*moved = true;
	x_pfn = pfn_of(getpid(), a);
	gate_write("merge_pfn", x_pfn);
	gate_write("race_pfn", x_pfn);
	progress(o, "2: X moved to A after A's visit");
	/*
	 * 3 and 4: P's next visit of M0 is in scan k + 2.  ksm_gate holds P's
	 * worker there until the other worker, merging X with Q, is held
	 * before X gets its stable node; then P's worker looks X up under A's
	 * stale checksum and waits for the node, and the merge goes on.
	 */
	gate_write("hold_pfn", pfn_of(getpid(), m0));
	if (!wait_for(race_hit, 0, o->timeout_s))
		return "3-4: A's lookup of X while another worker merges X";
	gate_write("hold_pfn", 0);
	gate_write("merge_pfn", 0);
	progress(o, "3-4: A's lookup met X mid-merge, both let go");
	return NULL;
}

/* ---- the result ---- */

static int write_json(const struct options *o, const struct outcome *r, int argc, char **argv)
{
	struct json_writer w;
	FILE *f = env_report_open(&w, prog, o->json_out, argc, argv);

	if (!f)
		return -1;
	json_begin_object(&w, "result");
	json_bool(&w, "laid_out", !r->failed_step);
	json_string(&w, "failed_step", r->failed_step);
	json_uint(&w, "race_hits", r->race_hits);
	json_uint(&w, "gate_timeouts", r->gate_timeouts);
	json_uint(&w, "pages_shared", r->pages_shared);
	json_uint(&w, "pages_sharing", r->pages_sharing);
	json_bool(&w, "content_intact", r->content_ok);
	json_end_object(&w);
	return env_report_close(&w, f);
}

static void require(bool ok, const char *why)
{
	if (!ok) {
		fprintf(stderr, "%s: %s\n", prog, why);
		exit(EXIT_USAGE);
	}
}

int main(int argc, char **argv)
{
	struct outcome r = { 0 };
	struct options o;
	struct m3 m3;
	pid_t c_pid;
	char *p;
	int status;

	page_size = (size_t)sysconf(_SC_PAGESIZE);
	parse(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	ksm_bench_start(prog, false);
	require(ksm_has("workers"), "needs a kernel with the series' workers knob");
	require(access(GATE_DIR "hold_pfn", W_OK) == 0,
		"needs the test module ksm_gate loaded (kernel/guest/modules/)");
	require(sysconf(_SC_NPROCESSORS_ONLN) >= 2, "needs two CPUs, one per worker");
	ksm_restore_also(gates_open);
	gates_open();
	/* M3, P, C enter KSM's list in that order: nothing scans meanwhile */
	ksm_set_or_die(prog, "run", "0");
	ksm_set_or_die(prog, "workers", "2");
	/*
	 * One page per worker every 100 ms: this program must act between two
	 * pages of a worker's walk (a hold let go, the next one set).
	 */
	ksm_set_scan_or_die(prog, 2, 100);
	m3_start(&m3);
	p = map_pages(4);
	page_fill(p, page_size, TAG_M0);
	page_fill(p + page_size, page_size, TAG_S);
	page_fill(p + 2 * page_size, page_size, TAG_X);
	page_fill(p + 3 * page_size, page_size, TAG_ME);
	mergeable_or_die(p, 4 * page_size);
	if (madvise(p, 2 * page_size, MADV_DONTFORK) ||
	    madvise(p + 3 * page_size, page_size, MADV_DONTFORK)) {
		fprintf(stderr, "%s: MADV_DONTFORK: %s\n", prog, strerror(errno));
		return 1;
	}
	c_pid = fork();
	if (c_pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		return 1;
	}
	if (!c_pid) {	/* C: maps B (X) only, until killed */
		for (;;)
			pause();
	}
	ksm_register_child(c_pid);
	ksm_set_or_die(prog, "run", "1");

	r.failed_step = lay_out(&o, &m3, p, &r.moved);
	gates_open();
	if (r.failed_step)
		fprintf(stderr, "%s: could not lay the race out: step %s\n", prog, r.failed_step);
	/* two more full scans: A's rmap_item joins X's node */
	wait_for(scans_reach, full_scans() + 2, o.timeout_s);
	ksm_read_u64("pages_shared", &r.pages_shared);
	ksm_read_u64("pages_sharing", &r.pages_sharing);
	r.race_hits = gate_read("race_hits");
	r.gate_timeouts = gate_read("timeouts");
	r.content_ok = page_check(p, page_size, TAG_M0) &&
		       page_check(p + page_size, page_size, r.moved ? TAG_X : TAG_S) &&
		       page_check(p + 3 * page_size, page_size, TAG_ME);
	kill(c_pid, SIGKILL);
	close(m3.cmd);
	waitpid(c_pid, &status, 0);
	waitpid(m3.pid, &status, 0);
	ksm_unregister_child(c_pid);
	ksm_unregister_child(m3.pid);
	if (!o.quiet)
		fprintf(stderr, "%s: %s; race_hits %llu, gate timeouts %llu, pages_shared %llu, "
			"pages_sharing %llu (want 1 and 2), contents %s\n", prog,
			r.failed_step ? "NOT laid out" : "laid out",
			(unsigned long long)r.race_hits, (unsigned long long)r.gate_timeouts,
			(unsigned long long)r.pages_shared, (unsigned long long)r.pages_sharing,
			r.content_ok ? "intact" : "CORRUPTED");
	if (write_json(&o, &r, argc, argv))
		return 1;
	return !r.failed_step && r.gate_timeouts == 0 && r.content_ok &&
	       r.pages_shared == 1 && r.pages_sharing == 2 ? 0 : 1;
}
