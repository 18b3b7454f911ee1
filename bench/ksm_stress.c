// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_stress - everything that can happen to KSM-merged memory, at once,
 * with every byte checked.
 *
 * P worker processes (like VMs) of T threads each own a MADV_MERGEABLE,
 * THP-enabled area filled with a few dozen distinct contents, so KSM keeps
 * merging it.  Each thread owns a slice of its process's area and a shadow
 * of what every page of the slice must hold; it loops over random
 * operations on random ranges of its slice and verifies the range after
 * each: rewrite pages, MADV_UNMERGEABLE and back, MADV_DONTNEED, mprotect
 * read-only and back (splitting THPs), mremap away and back, munmap and
 * mmap afresh, MADV_COLLAPSE, fork a child that checks and dirties its
 * copy (COW of KSM pages), O_DIRECT reads into the pages (the pin check),
 * and move_pages() to another NUMA node where there is one.  Every 64
 * operations and at exit it verifies the whole slice.
 *
 * The main process meanwhile changes KSM's knobs at random (scan rate,
 * use_zero_pages, max_page_sharing, merge_across_nodes, chain pruning,
 * the number of ksmd workers),
 * runs run=2 unmerge cycles, compacts memory (migrating KSM pages), and
 * retires workers - by asking them to exit or with SIGKILL - and starts
 * new ones.
 *
 * Exit status: 0 every page held what it should, 1 a mismatch (each is
 * printed with its address, expected content and first wrong byte) or a
 * worker that died on its own, 2 bad usage or missing privileges.  KSM
 * settings are restored on exit and on signals.  --inject-corruption is
 * the check's own negative control: one page is changed behind the
 * shadow's back and the run must fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/json.h"
#include "lib/ksm_host.h"
#include "lib/ksm_sysfs.h"
#include "lib/pagegen.h"
#include "lib/timing.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#define MPOL_MF_MOVE	(1 << 1)

#define HPAGE		(2ul << 20)
#define MAX_RANGE	64		/* pages one operation touches at most */
#define MAX_WORKERS	64
#define N_CONTENTS	48		/* distinct non-zero contents */
#define DIO_BLOCKS	256		/* blocks of the O_DIRECT file */

static const char *prog = "ksm_stress";
static pid_t main_pid;

enum op {
	OP_WRITE, OP_UNMERGE, OP_DONTNEED, OP_MPROTECT, OP_MREMAP, OP_REMAP,
	OP_COLLAPSE, OP_FORK, OP_ODIRECT, OP_MIGRATE, OP_NR
};
static const char *const op_name[OP_NR] = {
	"write", "unmergeable", "dontneed", "mprotect", "mremap", "munmap+mmap", "collapse",
	"fork", "odirect", "move_pages",
};
/* relative frequency of each operation */
static const unsigned int op_weight[OP_NR] = { 40, 6, 6, 8, 6, 4, 2, 2, 20, 10 };

struct opts {
	uint64_t seconds, procs, threads, mib, seed;
	uint64_t ksmd_workers;		/* 0: one per online CPU */
	const char *dio_path;
	const char *json;
	bool knobs, inject, quiet, shared_host;
};

/* Counters shared by every process (a MAP_SHARED page). */
struct stats {
	atomic_uint_least64_t ops[OP_NR];
	atomic_uint_least64_t op_errors[OP_NR];	/* refused by the kernel */
	atomic_uint_least64_t verified_pages;
	atomic_uint_least64_t mismatches;
	atomic_bool stop_all;
	atomic_bool stop[MAX_WORKERS];
	atomic_bool injected;
};

struct proc {
	const struct opts *o;
	struct stats *st;
	/*
	 * One mremap at a time: a range moved away leaves a hole another
	 * thread's mmap() could take before the range moves back.
	 */
	pthread_mutex_t mremap_lock;
	int slot, dio_fd, nodes;
	size_t page, slice;		/* bytes per page, pages per thread */
	char *area;
};

struct thread {
	struct proc *p;
	int idx;
	uint64_t rng;
	uint64_t *shadow;		/* content id of every page of the slice */
	char *base;			/* the slice */
	unsigned int since_full;
};

/* A random number below @n (0 when n is 0). */
static uint64_t below(uint64_t *rng, uint64_t n)
{
	return n ? splitmix64(rng) % n : 0;
}

/* A content id: mostly one of a few dozen shared contents, some zero. */
static uint64_t pick_content(uint64_t *rng)
{
	if (below(rng, 10) == 0)
		return CONTENT_ZERO;
	return 1 + below(rng, N_CONTENTS);
}

/* What block b of the O_DIRECT file holds: one of the shared contents. */
static uint64_t dio_content(uint64_t block)
{
	return 1 + block % N_CONTENTS;
}

/* Reports a bad page without stdio locks (a forked child may print too). */
static void report_mismatch(const struct thread *t, const char *where,
			    const char *page, uint64_t id)
{
	char want[4096] __attribute__((aligned(8)));
	size_t off, n = sizeof(want);
	char line[256];
	int len;

	if (t->p->page < n)
		n = t->p->page;
	page_fill(want, n, id);
	for (off = 0; off + 1 < n; off++)	/* the first wrong byte, or the last */
		if (page[off] != want[off])
			break;
	len = snprintf(line, sizeof(line),
		       "%s: MISMATCH worker %d thread %d (%s): page %p should hold content %llu, byte %zu is 0x%02x not 0x%02x\n",
		       prog, t->p->slot, t->idx, where, (const void *)page,
		       (unsigned long long)id, off, (unsigned char)page[off],
		       (unsigned char)want[off]);
	if (len > 0 && write(STDERR_FILENO, line, (size_t)len) < 0)
		return;
}

/*
 * Verifies pages [first, first + n) of the slice as mapped at @at.  A bad
 * page is reported, then (when @writable) rewritten as it should be, so
 * that every corruption is counted once, not at every later check.
 */
static unsigned int verify_at(struct thread *t, char *at, size_t first,
			      size_t n, const char *where, bool writable)
{
	unsigned int bad = 0;

	for (size_t i = 0; i < n; i++) {
		char *pg = at + i * t->p->page;

		if (page_check(pg, t->p->page, t->shadow[first + i]))
			continue;
		report_mismatch(t, where, pg, t->shadow[first + i]);
		if (writable)
			page_fill(pg, t->p->page, t->shadow[first + i]);
		bad++;
	}
	atomic_fetch_add(&t->p->st->verified_pages, n);
	atomic_fetch_add(&t->p->st->mismatches, bad);
	return bad;
}

static unsigned int verify(struct thread *t, size_t first, size_t n, const char *where)
{
	return verify_at(t, t->base + first * t->p->page, first, n, where, true);
}

static void rewrite(struct thread *t, size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		if (splitmix64(&t->rng) & 1)
			continue;
		t->shadow[i] = pick_content(&t->rng);
		page_fill(t->base + i * t->p->page, t->p->page, t->shadow[i]);
	}
}

/* A child of a fork checks its copy, dirties it, checks again. */
static void forked_child(struct thread *t)
{
	unsigned int bad = verify(t, 0, t->p->slice, "forked child");

	rewrite(t, 0, MAX_RANGE);
	bad += verify(t, 0, t->p->slice, "forked child after writes");
	_exit(bad ? 1 : 0);
}

static int op_fork(struct thread *t)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		forked_child(t);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	/* the child's writes must not show here: COW of shared pages */
	verify(t, 0, t->p->slice, "parent after fork");
	return 0;
}

static int op_mremap(struct thread *t, char *at, size_t first, size_t n)
{
	size_t len = n * t->p->page;
	void *tmp = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (tmp == MAP_FAILED)
		return -1;
	if (mremap(at, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, tmp) == MAP_FAILED) {
		munmap(tmp, len);
		return -1;
	}
	verify_at(t, tmp, first, n, "moved by mremap", true);
	if (mremap(tmp, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, at) == MAP_FAILED) {
		fprintf(stderr, "%s: mremap back to %p: %s\n", prog, (void *)at, strerror(errno));
		abort();	/* the slice has a hole now: nothing more to check */
	}
	return 0;
}

/*
 * The range unmapped and mapped afresh: one mmap(MAP_FIXED) replaces it
 * without a moment's hole another thread's mmap() could take.  New memory
 * is zero and must be made mergeable again.
 */
static int op_remap(struct thread *t, char *at, size_t first, size_t n)
{
	size_t len = n * t->p->page;
	void *p = mmap(at, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: mmap over %p: %s\n", prog, (void *)at, strerror(errno));
		abort();	/* the slice has a hole now: nothing more to check */
	}
	for (size_t i = first; i < first + n; i++)
		t->shadow[i] = CONTENT_ZERO;
	/* as the rest of the area, so the VMAs can merge again */
	if (madvise(at, len, MADV_HUGEPAGE) && errno != EINVAL)
		return -1;
	return madvise(at, len, MADV_MERGEABLE);
}

static int op_odirect(struct thread *t, char *at, size_t first, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t b = below(&t->rng, DIO_BLOCKS);
		ssize_t r = pread(t->p->dio_fd, at + i * t->p->page, t->p->page,
				  (off_t)(b * t->p->page));

		if (r != (ssize_t)t->p->page) {
			/* a failed read leaves the page undefined: redo it */
			t->shadow[first + i] = CONTENT_ZERO;
			memset(at + i * t->p->page, 0, t->p->page);
			return -1;
		}
		t->shadow[first + i] = dio_content(b);
	}
	return 0;
}

static int op_migrate(struct thread *t, char *at, size_t n)
{
	void *pages[MAX_RANGE];
	int nodes[MAX_RANGE], status[MAX_RANGE];
	int node = (int)below(&t->rng, (uint64_t)t->p->nodes);

	for (size_t i = 0; i < n; i++) {
		pages[i] = at + i * t->p->page;
		nodes[i] = node;
	}
	return (int)syscall(SYS_move_pages, 0, n, pages, nodes, status, MPOL_MF_MOVE);
}

static enum op pick_op(struct thread *t)
{
	unsigned int total = 0, r;

	for (int i = 0; i < OP_NR; i++)
		total += op_weight[i];
	r = (unsigned int)below(&t->rng, total);
	for (int i = 0; i < OP_NR; i++) {
		if (r < op_weight[i])
			return (enum op)i;
		r -= op_weight[i];
	}
	return OP_WRITE;
}

/* One random operation on a random range of the slice; verifies the range. */
static void one_op(struct thread *t)
{
	struct proc *p = t->p;
	enum op op = pick_op(t);
	size_t n = 1 + below(&t->rng, MAX_RANGE);
	size_t first = below(&t->rng, p->slice - n + 1);
	char *at = t->base + first * p->page;
	size_t len = n * p->page;
	int err = 0;

	switch (op) {
	case OP_WRITE:
		rewrite(t, first, n);
		break;
	case OP_UNMERGE:
		err = madvise(at, len, MADV_UNMERGEABLE);
		verify(t, first, n, "unmerged");
		err |= madvise(at, len, MADV_MERGEABLE);
		break;
	case OP_DONTNEED:
		err = madvise(at, len, MADV_DONTNEED);
		for (size_t i = first; i < first + n; i++)
			t->shadow[i] = CONTENT_ZERO;
		break;
	case OP_MPROTECT:
		err = mprotect(at, len, PROT_READ);
		verify_at(t, at, first, n, "read-only", false);
		err |= mprotect(at, len, PROT_READ | PROT_WRITE);
		break;
	case OP_MREMAP:
		pthread_mutex_lock(&p->mremap_lock);
		err = op_mremap(t, at, first, n);
		pthread_mutex_unlock(&p->mremap_lock);
		break;
	case OP_REMAP:
		err = op_remap(t, at, first, n);
		break;
	case OP_COLLAPSE:
		first &= ~(HPAGE / p->page - 1);
		n = HPAGE / p->page;
		at = t->base + first * p->page;
		/* refused for KSM pages and under memory pressure: fine */
		err = madvise(at, HPAGE, MADV_COLLAPSE);
		break;
	case OP_FORK:
		err = op_fork(t);
		break;
	case OP_ODIRECT:
		if (p->dio_fd < 0)
			return;
		err = op_odirect(t, at, first, n);
		break;
	case OP_MIGRATE:
		if (p->nodes < 2)
			return;
		err = op_migrate(t, at, n);
		break;
	case OP_NR:
		return;
	}
	atomic_fetch_add(&p->st->ops[op], 1);
	if (err)
		atomic_fetch_add(&p->st->op_errors[op], 1);
	verify(t, first, n, op_name[op]);
}

/* The negative control: a page changed behind the shadow's back. */
static void inject_corruption(struct thread *t)
{
	bool no = false;

	if (!atomic_compare_exchange_strong(&t->p->st->injected, &no, true))
		return;
	t->shadow[0] = t->shadow[0] == 1 ? 2 : 1;	/* the page still holds the old one */
	fprintf(stderr, "%s: --inject-corruption: page %p of worker %d now counts as wrong\n",
		prog, (void *)t->base, t->p->slot);
	verify(t, 0, 1, "injected");
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	struct stats *st = t->p->st;

	while (!atomic_load(&st->stop_all) && !atomic_load(&st->stop[t->p->slot])) {
		one_op(t);
		if (++t->since_full >= 64) {
			t->since_full = 0;
			verify(t, 0, t->p->slice, "periodic");
		}
		if (t->p->o->inject && t->idx == 0)
			inject_corruption(t);
	}
	verify(t, 0, t->p->slice, "final");
	return NULL;
}

/* A worker process: its area, its threads, until told to stop. */
static void worker(const struct opts *o, struct stats *st, int slot, int dio_fd,
		   int nodes, uint64_t seed)
{
	struct proc p = { .o = o, .st = st, .mremap_lock = PTHREAD_MUTEX_INITIALIZER,
			  .slot = slot, .dio_fd = dio_fd, .nodes = nodes };
	size_t bytes = o->mib << 20;
	struct thread *ts = calloc(o->threads, sizeof(*ts));
	pthread_t *tids = calloc(o->threads, sizeof(*tids));
	char *raw;

	/* a SIGKILLed main process takes its workers along */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != main_pid)
		_exit(3);
	p.page = (size_t)sysconf(_SC_PAGESIZE);
	p.slice = (bytes / o->threads / HPAGE) * (HPAGE / p.page);
	raw = mmap(NULL, bytes + HPAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!ts || !tids || raw == MAP_FAILED) {
		fprintf(stderr, "%s: worker %d: out of memory\n", prog, slot);
		_exit(3);
	}
	p.area = raw + ((HPAGE - ((uintptr_t)raw & (HPAGE - 1))) & (HPAGE - 1));
	if (madvise(p.area, bytes, MADV_HUGEPAGE) && errno != EINVAL)
		perror("madvise(MADV_HUGEPAGE)");
	if (madvise(p.area, bytes, MADV_MERGEABLE)) {
		fprintf(stderr, "%s: madvise(MADV_MERGEABLE): %s\n", prog, strerror(errno));
		_exit(3);
	}
	for (uint64_t i = 0; i < o->threads; i++) {
		struct thread *t = &ts[i];

		t->p = &p;
		t->idx = (int)i;
		t->rng = seed * 1000003 + i;
		t->base = p.area + i * p.slice * p.page;
		t->shadow = malloc(p.slice * sizeof(*t->shadow));
		if (!t->shadow) {
			fprintf(stderr, "%s: worker %d: out of memory\n", prog, slot);
			_exit(3);
		}
		for (size_t j = 0; j < p.slice; j++) {
			t->shadow[j] = pick_content(&t->rng);
			page_fill(t->base + j * p.page, p.page, t->shadow[j]);
		}
	}
	for (uint64_t i = 0; i < o->threads; i++)
		if (pthread_create(&tids[i], NULL, thread_main, &ts[i])) {
			fprintf(stderr, "%s: worker %d: pthread_create failed\n", prog, slot);
			_exit(3);
		}
	for (uint64_t i = 0; i < o->threads; i++)
		pthread_join(tids[i], NULL);
	_exit(0);
}

/* The main process's side: KSM knobs and the machine, changed at random. */
struct chaos {
	uint64_t rng;
	uint64_t ksmd_workers;		/* what the workers knob mostly holds */
	uint64_t knob_writes, knob_refused, unmerge_cycles, compactions;
	uint64_t retired, killed;
	uint64_t max_pages_sharing;
};

static void set_knob(struct chaos *c, const char *name, uint64_t v)
{
	if (!ksm_has(name))
		return;
	c->knob_writes++;
	if (ksm_write_u64(name, v) < 0)
		c->knob_refused++;	/* EBUSY while pages are shared: expected */
}

static void chaos_step(struct chaos *c)
{
	uint64_t r = splitmix64(&c->rng), v = splitmix64(&c->rng), sharing;
	int fd;

	switch (r % 9) {
	case 0: set_knob(c, "pages_to_scan", 1 + v % 4000); break;
	case 1: set_knob(c, "sleep_millisecs", v % 5); break;
	case 2: set_knob(c, "use_zero_pages", v & 1); break;
	case 3: set_knob(c, "max_page_sharing", 2 + v % 300); break;
	case 4: set_knob(c, "merge_across_nodes", v & 1); break;
	case 5: set_knob(c, "stable_node_chains_prune_millisecs", v % 3000); break;
	case 6:
		/*
		 * Unmerge everything; with nothing shared the two knobs that
		 * rebuild the stable trees can change; then merge again.  On a
		 * shared host only stop ksmd (run=0): run=2 would unmerge
		 * other processes' pages too (the two knobs are then refused).
		 */
		set_knob(c, "run", ksm_host_shared() ? 0 : 2);
		if (v & 2)
			set_knob(c, "merge_across_nodes", v & 1);
		else
			set_knob(c, "max_page_sharing", 2 + (v >> 2) % 300);
		set_knob(c, "run", 1);
		c->unmerge_cycles++;
		break;
	case 8:
		/* ksmd workers (a kernel that has them): mostly all, some of the time one */
		set_knob(c, "workers", v & 3 ? c->ksmd_workers : 1);
		break;
	case 7:
		fd = open("/proc/sys/vm/compact_memory", O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "1\n", 2) == 2)
				c->compactions++;
			close(fd);
		}
		break;
	}
	if (ksm_read_u64("pages_sharing", &sharing) == 0 && sharing > c->max_pages_sharing)
		c->max_pages_sharing = sharing;
}

static int numa_nodes(void)
{
	char path[64];
	int n = 0;

	while (n < 64) {
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d", n);
		if (access(path, F_OK))
			break;
		n++;
	}
	return n ? n : 1;
}

/* The O_DIRECT file: DIO_BLOCKS pages of known contents.  -1: none. */
static int open_dio(const char *path, size_t page)
{
	char buf[4096] __attribute__((aligned(8)));
	int fd;

	if (!path || !*path)
		return -1;
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		exit(2);
	}
	for (uint64_t b = 0; b < DIO_BLOCKS; b++) {
		page_fill(buf, page, dio_content(b));
		if (pwrite(fd, buf, page, (off_t)(b * page)) != (ssize_t)page) {
			fprintf(stderr, "%s: writing %s: %s\n", prog, path, strerror(errno));
			exit(2);
		}
	}
	if (fsync(fd)) {
		fprintf(stderr, "%s: fsync %s: %s\n", prog, path, strerror(errno));
		exit(2);
	}
	close(fd);
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "%s: %s with O_DIRECT: %s\n", prog, path, strerror(errno));
		exit(2);
	}
	return fd;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: ksm_stress [options]\n"
"\n"
"Worker processes hammer MADV_MERGEABLE memory (rewrites, madvise, mprotect,\n"
"mremap, THP collapse, fork, O_DIRECT, move_pages) while KSM merges it and\n"
"its knobs change at random; every page is verified throughout.\n"
"\n"
"  --seconds S        run time (default 60)\n"
"  --procs P          worker processes (default 4)\n"
"  --threads T        threads per worker (default 2)\n"
"  --mib N            memory per worker, at least 2 MiB per thread (default 16)\n"
"  --dio-file PATH    file or block device for O_DIRECT reads (overwritten:\n"
"                     %d pages); default none\n"
"  --no-knobs         leave KSM knobs alone (run=1 only)\n"
"  --ksmd-workers N   on a kernel with several ksmd workers: N of them, but\n"
"                     for the random moments the knobs change it to 1\n"
"                     (default: one per online CPU)\n"
"  --seed N           random seed (default 1)\n"
"  --inject-corruption  negative control: the run must find a bad page\n"
"  --shared-host      KSM may hold other processes' pages (VMs): run anyway,\n"
"                     with run=0 instead of run=2 cycles; also\n"
"                     KSMBENCH_SHARED_HOST=1\n"
"  --json PATH        JSON result (default stdout)\n"
"  -q, --quiet        no progress lines\n"
"  -h, --help         this text\n"
"\n"
"Needs root and /sys/kernel/mm/ksm; KSM settings are restored on exit and\n"
"signals.  Exit status: 0 every page intact, 1 a mismatch or a worker that\n"
"died, 2 bad usage or missing privileges.\n", DIO_BLOCKS);
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "procs", required_argument, NULL, 'P' },
		{ "threads", required_argument, NULL, 'T' },
		{ "mib", required_argument, NULL, 'm' },
		{ "dio-file", required_argument, NULL, 'd' },
		{ "no-knobs", no_argument, NULL, 'K' },
		{ "ksmd-workers", required_argument, NULL, 'W' },
		{ "seed", required_argument, NULL, 'S' },
		{ "inject-corruption", no_argument, NULL, 'I' },
		{ "shared-host", no_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ .seconds = 60, .procs = 4, .threads = 2, .mib = 16,
			    .seed = 1, .knobs = true };
	while ((c = getopt_long(argc, argv, ":qh", lo, NULL)) != -1) {
		switch (c) {
		case 's': cli_num(prog, "--seconds", optarg, 1, 86400, &o->seconds); break;
		case 'P': cli_num(prog, "--procs", optarg, 1, MAX_WORKERS, &o->procs); break;
		case 'T': cli_num(prog, "--threads", optarg, 1, 64, &o->threads); break;
		case 'm': cli_num(prog, "--mib", optarg, 2, 1 << 16, &o->mib); break;
		case 'd': o->dio_path = optarg; break;
		case 'K': o->knobs = false; break;
		case 'W': cli_num(prog, "--ksmd-workers", optarg, 1, 4096, &o->ksmd_workers); break;
		case 'S': cli_num(prog, "--seed", optarg, 0, UINT64_MAX, &o->seed); break;
		case 'I': o->inject = true; break;
		case 'H': o->shared_host = true; break;
		case 'j': o->json = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, lo, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
	if (o->mib < 2 * o->threads) {
		char arg[32];

		snprintf(arg, sizeof(arg), "%llu", (unsigned long long)o->mib);
		cli_die(prog, "--mib %s: every thread needs 2 MiB (--mib >= 2 x --threads)", arg);
	}
}

static pid_t start_worker(const struct opts *o, struct stats *st, int slot,
			  int dio_fd, int nodes, uint64_t seed)
{
	pid_t pid;

	atomic_store(&st->stop[slot], false);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		exit(1);
	}
	if (pid == 0)
		worker(o, st, slot, dio_fd, nodes, seed);
	ksm_register_child(pid);
	return pid;
}

/* Reaps worker @pid; a death we did not cause is a failure. */
static bool reap(pid_t pid, bool killed)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		return false;
	ksm_unregister_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		return true;
	fprintf(stderr, "%s: worker %d %s %d\n", prog, pid,
		WIFSIGNALED(status) ? "died of signal" : "exited with",
		WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return false;
}

/* KSM's files before and after the run: the counters show what it did */
static struct ksm_snapshot ksm_before, ksm_after;

static int write_json(FILE *f, int argc, char **argv, const struct opts *o,
		      const struct stats *st, const struct chaos *c,
		      double secs, uint64_t dead, int nodes)
{
	struct json_writer w;

	if (!env_report_open(&w, prog, f, argc, argv))
		return -1;
	json_begin_object(&w, "params");
	json_uint(&w, "seconds", o->seconds);
	json_uint(&w, "procs", o->procs);
	json_uint(&w, "threads", o->threads);
	json_uint(&w, "mib", o->mib);
	json_uint(&w, "seed", o->seed);
	json_string(&w, "dio_file", o->dio_path ? o->dio_path : "");
	json_bool(&w, "knobs", o->knobs);
	json_uint(&w, "ksmd_workers", o->ksmd_workers);
	json_bool(&w, "inject_corruption", o->inject);
	json_int(&w, "numa_nodes", nodes);
	json_bool(&w, "shared_host", ksm_host_shared());	/* unmerge cycles are run=0 */
	json_end_object(&w);
	json_begin_object(&w, "result");
	json_double(&w, "seconds", secs);
	json_uint(&w, "mismatches", atomic_load(&st->mismatches));
	json_uint(&w, "verified_pages", atomic_load(&st->verified_pages));
	json_uint(&w, "workers_died", dead);
	json_begin_object(&w, "ops");
	for (int i = 0; i < OP_NR; i++)
		json_uint(&w, op_name[i], atomic_load(&st->ops[i]));
	json_end_object(&w);
	json_begin_object(&w, "ops_refused");
	for (int i = 0; i < OP_NR; i++)
		json_uint(&w, op_name[i], atomic_load(&st->op_errors[i]));
	json_end_object(&w);
	json_uint(&w, "knob_writes", c->knob_writes);
	json_uint(&w, "knob_writes_refused", c->knob_refused);
	json_uint(&w, "unmerge_cycles", c->unmerge_cycles);
	json_uint(&w, "compactions", c->compactions);
	json_uint(&w, "workers_retired", c->retired);
	json_uint(&w, "workers_killed", c->killed);
	json_uint(&w, "max_pages_sharing", c->max_pages_sharing);
	json_end_object(&w);
	ksm_snapshot_write_deltas(&w, "ksm_deltas", &ksm_before, &ksm_after);
	return env_report_close(&w, f);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct chaos c = { 0 };
	struct stats *st;
	pid_t pids[MAX_WORKERS] = { 0 };
	uint64_t t0, next_retire, next_progress, seed, dead = 0;
	int dio_fd, nodes = numa_nodes();
	FILE *out;
	double secs;

	parse_opts(argc, argv, &o);
	if (o.procs < 1 || o.procs > MAX_WORKERS)	/* parse_opts made sure: for the analyzer */
		return EXIT_USAGE;
	out = env_json_open(prog, o.json);
	ksm_bench_start(prog, o.shared_host);
	ksm_snapshot_take(&ksm_before);
	main_pid = getpid();
	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (st == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	dio_fd = open_dio(o.dio_path, (size_t)sysconf(_SC_PAGESIZE));
	if (ksm_write("run", "1") < 0 || ksm_write_u64("pages_to_scan", 1000) < 0 ||
	    ksm_write_u64("sleep_millisecs", 0) < 0) {
		fprintf(stderr, "%s: cannot set KSM knobs: %s\n", prog, strerror(errno));
		return 1;
	}
	c.rng = o.seed;
	if (!o.ksmd_workers)
		o.ksmd_workers = (uint64_t)sysconf(_SC_NPROCESSORS_ONLN);
	c.ksmd_workers = o.ksmd_workers;
	if (ksm_has("workers")) {
		int err = ksm_write_u64("workers", c.ksmd_workers);

		if (err) {
			fprintf(stderr, "%s: the kernel refuses %llu ksmd workers: %s\n", prog,
				(unsigned long long)c.ksmd_workers, strerror(-err));
			return EXIT_USAGE;
		}
	}
	seed = o.seed;
	fflush(NULL);	/* nothing buffered may be written twice by children */
	for (uint64_t i = 0; i < o.procs; i++)
		pids[i] = start_worker(&o, st, (int)i, dio_fd, nodes, ++seed);
	if (!o.quiet)
		fprintf(stderr, "%s: %llu workers x %llu threads x %llu MiB, %llu s, %d NUMA node(s)%s\n",
			prog, (unsigned long long)o.procs, (unsigned long long)o.threads,
			(unsigned long long)o.mib, (unsigned long long)o.seconds, nodes,
			dio_fd >= 0 ? ", O_DIRECT reads" : "");

	t0 = now_ns();
	next_retire = t0 + 5000000000ull;
	next_progress = t0 + 10000000000ull;
	while (now_ns() - t0 < o.seconds * 1000000000ull) {
		sleep_ms(100);
		if (o.knobs)
			chaos_step(&c);
		if (now_ns() >= next_retire) {
			/* one worker leaves, politely or not, and a new one comes */
			int slot = (int)below(&c.rng, o.procs);
			bool kill9 = splitmix64(&c.rng) & 1;

			if (kill9)
				kill(pids[slot], SIGKILL);
			else
				atomic_store(&st->stop[slot], true);
			dead += !reap(pids[slot], kill9);
			if (kill9)
				c.killed++;
			else
				c.retired++;
			fflush(NULL);
			pids[slot] = start_worker(&o, st, slot, dio_fd, nodes, ++seed);
			next_retire += 5000000000ull;
		}
		if (!o.quiet && now_ns() >= next_progress) {
			fprintf(stderr, "  %4.0f s  %llu pages verified, %llu mismatches, pages_sharing up to %llu\n",
				ns_to_s(now_ns() - t0),
				(unsigned long long)atomic_load(&st->verified_pages),
				(unsigned long long)atomic_load(&st->mismatches),
				(unsigned long long)c.max_pages_sharing);
			next_progress += 10000000000ull;
		}
	}
	atomic_store(&st->stop_all, true);
	for (uint64_t i = 0; i < o.procs; i++)
		dead += !reap(pids[i], false);
	secs = ns_to_s(now_ns() - t0);
	ksm_snapshot_take(&ksm_after);

	if (write_json(out, argc, argv, &o, st, &c, secs, dead, nodes)) {
		fprintf(stderr, "%s: error writing JSON\n", prog);
		dead++;	/* exit status 1: the result is lost */
	}
	fprintf(stderr, "%s: %.0f s: %llu pages verified, %llu mismatches, %llu workers died; "
		"%llu knob writes (%llu refused), %llu unmerge cycles, %llu compactions, pages_sharing up to %llu\n",
		prog, secs, (unsigned long long)atomic_load(&st->verified_pages),
		(unsigned long long)atomic_load(&st->mismatches), (unsigned long long)dead,
		(unsigned long long)c.knob_writes, (unsigned long long)c.knob_refused,
		(unsigned long long)c.unmerge_cycles, (unsigned long long)c.compactions,
		(unsigned long long)c.max_pages_sharing);
	return atomic_load(&st->mismatches) || dead ? 1 : 0;
}
