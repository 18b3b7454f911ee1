// SPDX-License-Identifier: GPL-2.0
/*
 * merge_throughput - how fast does KSM merge a workload whose answer is known?
 *
 * P child processes (like P VMs) each map a share of a MADV_MERGEABLE area
 * and fill it from a profile (or a raw memory image).  Since every page's
 * content is known, so is the number of pages KSM must end up sharing: the
 * parent starts ksmd, waits for exactly that pages_sharing (or a stall or a
 * timeout), then has every child check every byte it wrote.  Reported: time
 * and ksmd CPU to converge, full scans, TLB shootdown IPIs, merges per
 * second and per ksmd CPU-second, integrity errors, and what the kernel's
 * slab and vmalloc use grew by (KSM's rmap_items, stable nodes and
 * indexes); JSON on stdout or --json, a summary and progress on stderr.
 * With --rescans N, then also what N more full scans of the converged
 * memory cost (lib/steady_scan.h); with --unmerge-cost, then what writing
 * run=2 costs (unmerge_cost()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/env.h"
#include "lib/json.h"
#include "lib/kmem.h"
#include "lib/kprobe_count.h"
#include "lib/ksm_control.h"
#include "lib/ksm_host.h"
#include "lib/ksm_sysfs.h"
#include "lib/ksmd_cpu.h"
#include "lib/steady_scan.h"
#include "lib/mergeable.h"
#include "lib/pagegen.h"
#include "lib/plant.h"
#include "lib/proc_stats.h"
#include "lib/profile.h"
#include "lib/thread.h"
#include "lib/timing.h"

#define MAX_PROCS	64
#define MAX_PARTS	(MAX_PROCS + 1)	/* and the planting process (--collisions) */
#define MAX_SETS	16
#define MAX_BAD_SHOWN	5

struct options {
	const char *profile;
	uint64_t size_mib;
	uint64_t procs;
	uint64_t pages_to_scan;
	uint64_t sleep_ms;
	bool advisor;		/* the scan-time advisor sets pages_to_scan */
	uint64_t timeout_s;
	uint64_t stall_scans;
	uint64_t poll_ms;
	uint64_t busy_threads;
	uint64_t seed;
	uint64_t negative_control;
	uint64_t rescans;
	uint64_t collisions, collision_singles;	/* per target */
	uint64_t collision_extra;		/* per target and process */
	enum xxh64_collide_kind collision_kind;
	enum plant_order collision_order;
	bool thp;
	bool quiet;
	bool shared_host;
	bool unmerge_cost;
	const char *json_path;
	FILE *json_out;		/* opened at start: a bad path fails at once */
	const char *images[MAX_PROCS];
	int nimages;
	char set_name[MAX_SETS][KSM_NAME_LEN];
	char set_value[MAX_SETS][KSM_VALUE_LEN];
	int nsets;
};

/*
 * The pages of one child: generated ids, or a window of an image file;
 * then @nextra pages reserved, written only on command (--collisions).
 */
struct part {
	size_t npages;
	const uint64_t *ids;
	size_t nextra;
	const uint64_t *extra_ids;
	const unsigned char *image;
	bool *image_zero;	/* per image page: all zero (scanned once) */
};

struct workload {
	size_t page_size;
	size_t npages;
	uint64_t *ids;
	int nparts;
	int nall;	/* nparts, and the planting process's last (--collisions) */
	struct part parts[MAX_PARTS];
	size_t image_bytes[MAX_PROCS];
	size_t image_zero_pages;	/* left unwritten, see part_fill() */
};

struct child {
	pid_t pid;
	int cmd_fd;	/* parent -> child: 'V'erify, write 'E'xtra pages, e'X'it */
	int res_fd;	/* child -> parent: one int64 per command */
};

struct sample {
	double t;
	uint64_t full_scans, pages_shared, pages_sharing, ksmd_cpu_ns, tlb;
	uint64_t busy_ns;	/* all CPUs, /proc/stat */
	uint64_t own_merging;	/* shared host: our children's ksm_merging_pages */
};

/* Samples kept in the JSON: at most one per SAMPLE_KEEP_S, and the last. */
#define SAMPLE_KEEP_S	0.1

/*
 * The kernel memory peak is sampled with the kept samples, always (no
 * flag: it is cheap), as the other /proc files are: /proc/meminfo with
 * each, /proc/slabinfo (KSM's caches) at most once per SLABINFO_EVERY_S.
 * Measured on a 6.18 host (distinct-pairs 64 MiB, 4 s, 4 runs each), the
 * poller's CPU time went from 8.6 to 10.1 ms per second (medians).
 * meminfo read at every poll (50 Hz) instead cost 1.3 ms/s more, and
 * slabinfo with every kept sample (10 Hz) 8 ms/s more: it costs some 25
 * times what meminfo does (370 against 14 us per read) and takes every
 * cache's locks, those ksmd allocates from included.  KSM's caches only
 * grow while the workload lives, so their peak is never far from the
 * end's; the brief peaks (a resized table's old and new bucket arrays side
 * by side, until an RCU grace period frees the old) are kmalloc and
 * vmalloc memory, which meminfo sees every 0.1 s.
 */
#define SLABINFO_EVERY_S	1.0

struct run_result {
	const char *stop_reason;
	bool converged;
	bool shared;		/* convergence judged by our processes' own counts */
	uint64_t own_target;	/* the ksm_merging_pages they must reach then */
	uint64_t own_final;	/* what they held at the end */
	double seconds, fill_seconds, drain_seconds;
	bool drained;
	struct ksm_snapshot before, after;
	bool have_cpu, have_tlb, have_merging, have_busy;
	uint64_t ksmd_cpu_ns, tlb_ipis, merging_pages, busy_ns;
	uint64_t monitor_cpu_ns;	/* this process polling the counters */
	const struct ksm_snapshot *origin;	/* where our pages grew from: &before */
	struct ksmd_cpu kc;		/* ksmd's threads, per-thread deltas */
	struct kmem_watch *mem;		/* the whole run's kernel memory (every phase's) */
	uint64_t integrity_errors, verified_pages;
	struct sample *samples;
	size_t nsamples, samples_cap;
};

static const char *prog = "merge_throughput";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s --profile NAME --size-mib N [options]\n"
"       %s --image FILE [--image FILE ...] [options]\n"
"\n"
"Fills a MADV_MERGEABLE area from a workload, runs KSM until it has merged\n"
"exactly what the workload allows, verifies every byte, and reports how fast.\n"
"\n"
"  --profile NAME        %s\n"
"  --size-mib N          total size of the area (all processes together)\n"
"  --image FILE          replay a raw memory image; one process per image\n"
"  --procs P             split the area over P processes (default 1, max %d)\n"
"  --busy-threads T      T threads per process spinning on its memory, so TLB\n"
"                        flushes need IPIs, as for a running VM (default 0)\n"
"  --pages-to-scan N     ksmd batch size while measuring (default 5000)\n"
"  --advisor             the scan-time advisor (6.8+) sets pages_to_scan instead,\n"
"                        within advisor_max_cpu of all ksmd threads (its knobs\n"
"                        with --set advisor_max_cpu=N ...)\n"
"  --sleep-ms N          ksmd sleep between batches (default 0)\n"
"  --set KNOB=VALUE      also set /sys/kernel/mm/ksm/KNOB (repeatable; not run,\n"
"                        pages_to_scan, sleep_millisecs, advisor_mode: the run\n"
"                        sets those)\n"
"  --timeout-s N         give up after N seconds (default 600)\n"
"  --stall-scans N       give up after N full scans without progress (default 3)\n"
"  --poll-ms N           counter polling interval; convergence time is\n"
"                        known to within it (default 20)\n"
"  --seed N              content seed (default 1)\n"
"  --collisions N        three phases, each until KSM merged exactly all so\n"
"                        far: the profile; then, in one more process, N pairs\n"
"                        of pages crafted to the XXH64 of the zero page and N\n"
"                        of the profile's most common content (16 is plenty);\n"
"                        then new copies of both in every process (JSON\n"
"                        \"collisions\"; result is the last phase)\n"
"  --collision-extra E   those new copies: E of each per process (default 64)\n"
"  --collision-order O   after (default: plant once the profile merged) or\n"
"                        first (plant before the profile: a control)\n"
"  --collision-kind K    seed0 (default: all collide under seed 0),\n"
"                        seed-independent (half do, under any seed) or\n"
"                        control (the same near-copies, none colliding:\n"
"                        what the planted pages cost without the attack)\n"
"  --collision-singles N also N single colliding pages per target, never\n"
"                        merged: they flood the unstable tree\n"
"  --negative-control N  after KSM converged, overwrite a byte in N pages of\n"
"                        each process, as a broken kernel would: the run must\n"
"                        then report N*P integrity errors (tests the check)\n"
"  --thp                 allow transparent huge pages (default: MADV_NOHUGEPAGE)\n"
"  --rescans N           once converged, N more full scans of the merged memory,\n"
"                        measured on their own (ksmd CPU per scan, lock waits:\n"
"                        JSON \"rescans\"); then every page is verified\n"
"  --unmerge-cost        once every page is verified, write run=2 (unmerge every\n"
"                        KSM page, free every rmap_item) and measure it: the\n"
"                        write's wall and CPU time, SUnreclaim until the frees\n"
"                        RCU defers have landed, RCU softirqs, call_rcu calls\n"
"                        (JSON \"unmerge\"); not on a shared host\n"
"  --shared-host         KSM may hold other processes' pages (VMs): run anyway,\n"
"                        leaving them merged, and judge convergence by this\n"
"                        run's processes (ksm_merging_pages); also\n"
"                        KSMBENCH_SHARED_HOST=1\n"
"  --json PATH           write the JSON result to PATH (default: stdout)\n"
"  -q, --quiet           no progress lines\n"
"  -h, --help            this text\n"
"\n"
"Needs root and /sys/kernel/mm/ksm. Every KSM setting changed is restored on\n"
"exit, error, SIGINT and SIGTERM. One run at a time (/run/ksmbench/lock).\n"
"Exit status: 0 converged with no integrity error, 1 not converged or\n"
"corrupted, 2 bad usage, missing privileges, another run holding the lock,\n"
"or other processes' KSM pages without --shared-host.\n",
		prog, prog, profile_names(), MAX_PROCS);
}

static void parse_set(struct options *o, const char *arg)
{
	static const char *const controlled[][2] = {
		{ "run", "--set %s: the run starts and stops ksmd itself" },
		{ "pages_to_scan", "--set %s: use --pages-to-scan" },
		{ "sleep_millisecs", "--set %s: use --sleep-ms" },
		{ "advisor_mode", "--set %s: use --advisor (or none: the run turns it "
		  "off)" },
	};
	const char *eq = strchr(arg, '=');

	if (o->nsets == MAX_SETS)
		cli_die(prog, "too many --set options (max 16): %s", arg);
	if (!eq || eq == arg || !eq[1] || eq - arg >= KSM_NAME_LEN ||
	    strlen(eq + 1) >= KSM_VALUE_LEN || strchr(arg, '/'))
		cli_die(prog, "--set wants KNOB=VALUE, got '%s'", arg);
	snprintf(o->set_name[o->nsets], KSM_NAME_LEN, "%.*s", (int)(eq - arg), arg);
	snprintf(o->set_value[o->nsets], KSM_VALUE_LEN, "%s", eq + 1);
	/* what the run itself sets would be overwritten without a word */
	for (size_t i = 0; i < sizeof(controlled) / sizeof(controlled[0]); i++)
		if (!strcmp(o->set_name[o->nsets], controlled[i][0]))
			cli_die(prog, controlled[i][1], arg);
	o->nsets++;
}

/* --collisions and its companions: with a profile, within what the kind has */
static void check_collisions(const struct options *o, bool companion_set)
{
	bool on = o->collisions || o->collision_singles;
	char max[24];

	if (!on && companion_set)
		cli_die(prog, "%s", "--collision-kind, --collision-extra and --collision-order need"
			" --collisions or --collision-singles");
	if (!on)
		return;
	if (o->nimages)
		cli_die(prog, "%s", "--collisions plants pages against a --profile, not an --image");
	if (o->negative_control)
		cli_die(prog, "%s", "--negative-control counts on --procs processes: not with"
			" --collisions");
	snprintf(max, sizeof(max), "%llu",
		 (unsigned long long)xxh64_collide_max(o->collision_kind));
	if (o->collisions + o->collision_singles > xxh64_collide_max(o->collision_kind))
		cli_die(prog, "--collisions + --collision-singles: this kind has %s pages"
			" per target", max);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "size-mib", required_argument, NULL, 's' },
		{ "image", required_argument, NULL, 'i' },
		{ "procs", required_argument, NULL, 'P' },
		{ "busy-threads", required_argument, NULL, 'B' },
		{ "pages-to-scan", required_argument, NULL, 'n' },
		{ "sleep-ms", required_argument, NULL, 'S' },
		{ "set", required_argument, NULL, 'k' },
		{ "collisions", required_argument, NULL, 'C' },
		{ "collision-kind", required_argument, NULL, 'K' },
		{ "collision-singles", required_argument, NULL, 'U' },
		{ "collision-extra", required_argument, NULL, 'E' },
		{ "collision-order", required_argument, NULL, 'O' },
		{ "timeout-s", required_argument, NULL, 't' },
		{ "stall-scans", required_argument, NULL, 'z' },
		{ "poll-ms", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 'r' },
		{ "negative-control", required_argument, NULL, 'N' },
		{ "thp", no_argument, NULL, 'H' },
		{ "advisor", no_argument, NULL, 'A' },
		{ "unmerge-cost", no_argument, NULL, 'u' },
		{ "rescans", required_argument, NULL, 'R' },
		{ "shared-host", no_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool companion_set = false, pages_set = false;
	int c;

	*o = (struct options){ .procs = 1, .pages_to_scan = 5000, .timeout_s = 600,
			       .stall_scans = 3, .poll_ms = 20, .seed = 1, .collision_extra = 64 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!profile_known(optarg))
				cli_die(prog, "unknown profile '%s'", optarg);
			o->profile = optarg;
			break;
		case 's': cli_num(prog, "--size-mib", optarg, 1, 1 << 20, &o->size_mib); break;
		case 'i':
			if (o->nimages == MAX_PROCS)
				cli_die(prog, "too many --image options: %s", optarg);
			o->images[o->nimages++] = optarg;
			break;
		case 'P': cli_num(prog, "--procs", optarg, 1, MAX_PROCS, &o->procs); break;
		case 'B': cli_num(prog, "--busy-threads", optarg, 0, 64, &o->busy_threads); break;
		case 'n':
			cli_num(prog, "--pages-to-scan", optarg, 1, 1u << 30, &o->pages_to_scan);
			pages_set = true;
			break;
		case 'S': cli_num(prog, "--sleep-ms", optarg, 0, 60000, &o->sleep_ms); break;
		case 'k': parse_set(o, optarg); break;
		case 'C': cli_num(prog, "--collisions", optarg, 0, 65536, &o->collisions); break;
		case 'K':
			if (xxh64_collide_parse_kind(optarg, &o->collision_kind))
				cli_die(prog, "--collision-kind is seed0, seed-independent or control, got '%s'",
					optarg);
			companion_set = true;
			break;
		case 'U': cli_num(prog, "--collision-singles", optarg, 0, 65536,
				    &o->collision_singles); break;
		case 'E':
			cli_num(prog, "--collision-extra", optarg, 0, 65536, &o->collision_extra);
			companion_set = true;
			break;
		case 'O':
			if (plant_parse_order(optarg, &o->collision_order))
				cli_die(prog, "--collision-order is after or first, got '%s'", optarg);
			companion_set = true;
			break;
		case 't': cli_num(prog, "--timeout-s", optarg, 1, 86400, &o->timeout_s); break;
		case 'z': cli_num(prog, "--stall-scans", optarg, 1, 1000, &o->stall_scans); break;
		case 'm': cli_num(prog, "--poll-ms", optarg, 1, 10000, &o->poll_ms); break;
		case 'r': cli_num(prog, "--seed", optarg, 0, UINT64_MAX, &o->seed); break;
		case 'N': cli_num(prog, "--negative-control", optarg, 0, UINT64_MAX,
				    &o->negative_control); break;
		case 'H': o->thp = true; break;
		case 'A': o->advisor = true; break;
		case 'u': o->unmerge_cost = true; break;
		case 'R': cli_num(prog, "--rescans", optarg, 0, 1000, &o->rescans); break;
		case 'o': o->shared_host = true; break;
		case 'j': o->json_path = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: cli_bad_option(prog, longopts, c, argv);
		}
	}
	if (optind < argc)
		cli_die(prog, "unexpected argument '%s'", argv[optind]);
	if (o->nimages && (o->profile || o->size_mib || o->procs != 1))
		cli_die(prog, "%s", "--image replaces --profile, --size-mib and --procs");
	if (!o->nimages && (!o->profile || !o->size_mib))
		cli_die(prog, "%s", "need --profile and --size-mib (or --image)");
	check_collisions(o, companion_set);
	if (o->advisor && pages_set)
		cli_die(prog, "%s", "--advisor sets pages_to_scan itself: drop --pages-to-scan");
	/* refused before anything changes; ksm_write() would refuse it at the end */
	if (o->unmerge_cost && ksm_host_shared_requested(o->shared_host))
		cli_die(prog, "%s", "--unmerge-cost writes run=2, which unmerges every KSM page of"
			" the host: not with --shared-host or KSMBENCH_SHARED_HOST=1");
}

/* An image's size: st_size for a file, the device's size for a disk. */
static off_t image_size(int fd, const struct stat *st)
{
	return S_ISBLK(st->st_mode) ? lseek(fd, 0, SEEK_END) : st->st_size;
}

static int load_images(const struct options *o, struct workload *wl)
{
	for (int i = 0; i < o->nimages; i++) {
		struct part *p = &wl->parts[i];
		struct stat st;
		off_t size = -1;
		void *map;
		int fd = open(o->images[i], O_RDONLY | O_CLOEXEC);

		if (fd >= 0 && !fstat(fd, &st))
			size = image_size(fd, &st);
		if (size < 0) {
			fprintf(stderr, "%s: cannot open image %s: %s\n", prog,
				o->images[i], strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if ((size_t)size < wl->page_size) {
			fprintf(stderr, "%s: image %s is smaller than a page\n",
				prog, o->images[i]);
			close(fd);
			return -1;
		}
		map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (map == MAP_FAILED) {
			fprintf(stderr, "%s: cannot map image %s: %s\n", prog,
				o->images[i], strerror(errno));
			return -1;
		}
		wl->image_bytes[i] = (size_t)size;
		p->image = map;
		p->npages = (size_t)size / wl->page_size;
		wl->npages += p->npages;
		p->image_zero = calloc(p->npages, sizeof(*p->image_zero));
		if (!p->image_zero) {
			fprintf(stderr, "%s: out of memory for image %s\n", prog, o->images[i]);
			return -1;
		}
		for (size_t j = 0; j < p->npages; j++) {
			p->image_zero[j] = page_is_zero(p->image + j * wl->page_size,
							wl->page_size);
			wl->image_zero_pages += p->image_zero[j];
		}
	}
	wl->nparts = o->nimages;
	return 0;
}

static int load_workload(const struct options *o, struct workload *wl)
{
	size_t first = 0;

	memset(wl, 0, sizeof(*wl));
	wl->page_size = (size_t)sysconf(_SC_PAGESIZE);
	if (o->nimages)
		return load_images(o, wl);
	wl->npages = (size_t)(o->size_mib << 20) / wl->page_size;
	if (wl->npages < o->procs) {
		fprintf(stderr, "%s: --size-mib %llu is too small for %llu processes\n",
			prog, (unsigned long long)o->size_mib, (unsigned long long)o->procs);
		return -1;
	}
	wl->ids = profile_generate(o->profile, wl->npages, o->seed);
	if (!wl->ids) {
		fprintf(stderr, "%s: cannot generate profile: %s\n", prog, strerror(errno));
		return -1;
	}
	wl->nparts = (int)o->procs;
	for (int i = 0; i < wl->nparts; i++) {
		struct part *p = &wl->parts[i];

		p->npages = wl->npages / o->procs + ((size_t)i < wl->npages % o->procs);
		p->ids = wl->ids + first;
		first += p->npages;
	}
	return 0;
}

static void workload_free(struct workload *wl)
{
	free(wl->ids);
	for (int i = 0; i < MAX_PARTS; i++)
		free(wl->parts[i].image_zero);
}

/*
 * An image's all-zero pages are not written: the area's page stays
 * untouched, as guest RAM the guest never wrote stays unallocated in QEMU,
 * so KSM meets in a replay the pages it met in the guests' host.
 */
static void part_fill(const struct part *p, size_t i, void *dst, size_t ps)
{
	if (i >= p->npages)
		page_fill(dst, ps, p->extra_ids[i - p->npages]);
	else if (p->ids)
		page_fill(dst, ps, p->ids[i]);
	else if (!p->image_zero[i])
		memcpy(dst, p->image + i * ps, ps);
}

static bool part_check(const struct part *p, size_t i, const void *src, size_t ps)
{
	if (i >= p->npages)
		return page_check(src, ps, p->extra_ids[i - p->npages]);
	if (p->ids)
		return page_check(src, ps, p->ids[i]);
	return !memcmp(src, p->image + i * ps, ps);
}

/* Pages of every part, the planting process's and the extra ones too */
static size_t all_pages(const struct workload *wl)
{
	size_t n = 0;

	for (int i = 0; i < wl->nall; i++)
		n += wl->parts[i].npages + wl->parts[i].nextra;
	return n;
}

static int compute_expectation(const struct workload *wl, struct merge_expectation *e)
{
	struct page_key *keys = calloc(all_pages(wl) + 1, sizeof(*keys));
	bool *zero = calloc(all_pages(wl) + 1, sizeof(*zero));
	uint64_t mps = 256, uzp = 0;
	int err = -ENOMEM;

	ksm_read_u64("max_page_sharing", &mps);
	ksm_read_u64("use_zero_pages", &uzp);
	if (keys && zero) {
		size_t k = 0;

		for (int i = 0; i < wl->nall; i++) {
			const struct part *p = &wl->parts[i];

			for (size_t j = 0; j < p->npages; j++) {
				if (p->ids) {
					keys[k].a = p->ids[j];
					zero[k++] = p->ids[j] == CONTENT_ZERO;
					continue;
				}
				/* zero pages of an image are never mapped: skip them */
				if (!p->image_zero[j])
					keys[k++] = page_hash128(p->image + j * wl->page_size,
								 wl->page_size);
			}
		}
		err = expected_merge(keys, zero, k, mps, uzp != 0, e);
	}
	free(keys);
	free(zero);
	return err;
}

/* ---- the child processes, each one "VM" ---- */

struct spinner {
	const volatile unsigned char *area;
	size_t bytes, page_size;
};

static volatile unsigned char spin_sink;

/*
 * Keeps the mm live on another CPU, as a VM's vCPU thread would, reading
 * (never writing) its pages: flushing its TLB then takes an IPI.
 */
static void *spin(void *arg)
{
	const struct spinner *s = arg;
	size_t off = 0;

	for (;;) {
		spin_sink ^= s->area[off];
		off += s->page_size * 7;
		if (off >= s->bytes)
			off %= s->page_size * 7;
	}
	return NULL;
}

/* The content id page @i should hold, for messages (0 for an image's) */
static unsigned long long part_id(const struct part *p, size_t i)
{
	if (i >= p->npages)
		return (unsigned long long)p->extra_ids[i - p->npages];
	return p->ids ? (unsigned long long)p->ids[i] : 0ull;
}

/* Checks the first @n pages of @area */
static int64_t verify_part(const struct part *p, int idx, const char *area, size_t n,
			   size_t ps)
{
	int64_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		if (part_check(p, i, area + i * ps, ps))
			continue;
		if (bad++ < MAX_BAD_SHOWN)
			fprintf(stderr, "%s: CORRUPT: process %d page %zu (content id %#llx)"
				" differs from what was written\n", prog, idx, i, part_id(p, i));
	}
	return bad;
}

static void send_i64(int fd, int64_t v)
{
	ssize_t r = write(fd, &v, sizeof(v));

	(void)r;	/* the parent sees a short read as a failed child */
}

static void child_main(const struct workload *wl, int idx, const struct options *o,
		       int cmd_fd, int res_fd)
{
	const struct part *p = &wl->parts[idx];
	size_t ps = wl->page_size, bytes = (p->npages + p->nextra) * ps, written = p->npages;
	struct spinner sp;
	pthread_t t;
	char *area;
	char cmd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_IGN);	/* the parent handles Ctrl-C and kills us */
	area = mergeable_alloc(bytes, o->thp);
	if (!area) {
		fprintf(stderr, "%s: process %d: cannot map %zu MiB mergeable: %s\n",
			prog, idx, bytes >> 20, strerror(errno));
		send_i64(res_fd, -1);
		_exit(1);
	}
	for (size_t i = 0; i < p->npages; i++)
		part_fill(p, i, area + i * ps, ps);
	sp = (struct spinner){ (const unsigned char *)area, bytes, ps };
	for (uint64_t i = 0; i < o->busy_threads; i++)
		if (pthread_create(&t, NULL, spin, &sp) == 0)
			pthread_detach(t);
	send_i64(res_fd, 0);
	/* the reserved pages stay untouched (unmapped, never scanned) until 'E' */
	while (read(cmd_fd, &cmd, 1) == 1 && (cmd == 'V' || cmd == 'E')) {
		if (cmd == 'E') {
			for (; written < p->npages + p->nextra; written++)
				part_fill(p, written, area + written * ps, ps);
			send_i64(res_fd, 0);
			continue;
		}
		for (uint64_t i = 0; i < o->negative_control && i < p->npages; i++)
			area[i * ps] = (char)~area[i * ps];	/* the mutation the check must catch */
		send_i64(res_fd, verify_part(p, idx, area, written, ps));
	}
	_exit(0);
}

static int read_i64(int fd, int64_t *v)
{
	return read(fd, v, sizeof(*v)) == (ssize_t)sizeof(*v) ? 0 : -1;
}

/* Starts the processes of parts [@first, @end) and waits until they filled */
static int spawn_children(const struct workload *wl, const struct options *o,
			  struct child *ch, int first, int end)
{
	for (int i = first; i < end; i++) {
		int cmd[2], res[2];

		if (pipe(cmd) || pipe(res)) {
			perror("pipe");
			return -1;
		}
		ch[i].pid = fork();
		if (ch[i].pid < 0) {
			perror("fork");
			return -1;
		}
		if (ch[i].pid == 0) {
			close(cmd[1]);
			close(res[0]);
			child_main(wl, i, o, cmd[0], res[1]);
		}
		ksm_register_child(ch[i].pid);
		close(cmd[0]);
		close(res[1]);
		ch[i].cmd_fd = cmd[1];
		ch[i].res_fd = res[0];
	}
	for (int i = first; i < end; i++) {
		int64_t st;

		if (read_i64(ch[i].res_fd, &st) || st) {
			fprintf(stderr, "%s: process %d failed to fill its memory\n", prog, i);
			return -1;
		}
	}
	return 0;
}

/* Sends @cmd to the first @n children; adds up their answers in @sum */
static int command_children(struct child *ch, int n, char cmd, uint64_t *sum)
{
	int failed = 0;

	for (int i = 0; i < n; i++)
		if (write(ch[i].cmd_fd, &cmd, 1) != 1)
			failed++;
	for (int i = 0; i < n; i++) {
		int64_t v;

		if (read_i64(ch[i].res_fd, &v) || v < 0)
			failed++;
		else
			*sum += (uint64_t)v;
	}
	return failed ? -1 : 0;
}

static int verify_children(struct child *ch, int n, uint64_t *errors)
{
	return command_children(ch, n, 'V', errors);
}

static void reap_children(struct child *ch, int n)
{
	for (int i = 0; i < n; i++) {
		if (ch[i].pid <= 0)
			continue;
		if (write(ch[i].cmd_fd, "X", 1) != 1)
			kill(ch[i].pid, SIGKILL);
		close(ch[i].cmd_fd);
		close(ch[i].res_fd);
	}
	for (int i = 0; i < n; i++)
		if (ch[i].pid > 0)
			waitpid(ch[i].pid, NULL, 0);
}

/* ---- measuring ---- */

/*
 * ksm_merging_pages of the first @n processes summed into @sum: the pages
 * of ours KSM merged.  False if some process's is unknown (not counted).
 */
static bool merging_pages(const struct child *ch, int n, uint64_t *sum)
{
	bool have = true;

	*sum = 0;
	for (int i = 0; i < n; i++) {
		uint64_t m;

		if (proc_ksm_merging_pages(ch[i].pid, &m))
			have = false;
		else
			*sum += m;
	}
	return have;
}

/*
 * What every poll reads: the three KSM counters convergence is judged by,
 * and on a shared host our processes' own merged pages, which it is then
 * judged by instead (other processes move the global counters).
 */
static void take_counts(uint64_t t0, const struct child *ch, int n, bool shared,
			struct sample *s)
{
	s->t = ns_to_s(now_ns() - t0);
	ksm_read_u64("full_scans", &s->full_scans);
	ksm_read_u64("pages_shared", &s->pages_shared);
	ksm_read_u64("pages_sharing", &s->pages_sharing);
	s->own_merging = 0;
	if (shared)
		merging_pages(ch, n, &s->own_merging);
}

/*
 * Progress toward convergence and its target: the growth of pages_sharing,
 * or on a shared host our pages in the stable tree (ksm_merging_pages
 * counts the KSM page itself and its sharers: pages_shared + pages_sharing
 * of a workload whose contents no other process has), all our processes
 * hold, r->own_target.
 */
static uint64_t progress_count(const struct run_result *r, const struct sample *s,
			       const struct sample *s0)
{
	return r->shared ? s->own_merging : s->pages_sharing - s0->pages_sharing;
}

static uint64_t progress_target(const struct run_result *r,
				const struct merge_expectation *e)
{
	return r->shared ? r->own_target : e->pages_sharing;
}

/*
 * What only a kept sample reads: ksmd's CPU, TLB IPIs and busy CPU come
 * from /proc files that cost the guest far more to produce than the
 * counters do; read every poll, they would take CPU from ksmd itself once
 * its workers keep every vCPU busy.
 */
static void take_costs(struct run_result *r, struct sample *s)
{
	if (r->have_cpu && ksmd_cpu_read(&r->kc, &s->ksmd_cpu_ns))
		r->have_cpu = false;
	if (r->have_tlb && tlb_shootdowns(&s->tlb))
		r->have_tlb = false;
	if (r->have_busy && proc_cpu_busy_ns(&s->busy_ns))
		r->have_busy = false;
}

/* Whether keep_sample() would keep @s */
static bool sample_due(const struct run_result *r, const struct sample *s)
{
	return !r->nsamples || s->t - r->samples[r->nsamples - 1].t >= SAMPLE_KEEP_S;
}

/* This process's own CPU time (the polling), in ns */
static uint64_t self_cpu_ns(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

/* Keeps @s for the JSON if @last, or if SAMPLE_KEEP_S passed since the last kept. */
static void keep_sample(struct run_result *r, const struct sample *s, bool last)
{
	const struct sample *prev = r->nsamples ? &r->samples[r->nsamples - 1] : NULL;

	if (prev && (prev->t == s->t || (!last && s->t - prev->t < SAMPLE_KEEP_S)))
		return;
	if (r->nsamples == r->samples_cap) {
		size_t cap = r->samples_cap ? r->samples_cap * 2 : 256;
		struct sample *n = realloc(r->samples, cap * sizeof(*n));

		if (!n)
			return;
		r->samples = n;
		r->samples_cap = cap;
	}
	if (r->samples)
		r->samples[r->nsamples++] = *s;
}

static void progress(const struct options *o, const struct run_result *r,
		     const struct sample *s, const struct sample *s0, uint64_t expected)
{
	uint64_t got = progress_count(r, s, s0);

	if (o->quiet)
		return;
	fprintf(stderr, "  %7.1f s  full_scans %-4llu %s %llu/%llu (%.0f%%)\n",
		s->t, (unsigned long long)(s->full_scans - s0->full_scans),
		r->shared ? "own ksm_merging_pages" : "pages_sharing",
		(unsigned long long)got,
		(unsigned long long)expected,
		expected ? 100.0 * (double)got / (double)expected : 100.0);
}

/*
 * Runs ksmd until pages_sharing has grown by exactly @e's (converged),
 * stopped growing for --stall-scans full scans (stalled), or the time is
 * up.  A workload with nothing to merge still waits two full scans, so its
 * scanning cost is measured too.  On a shared host, converged is instead
 * our processes @ch[0..nch) holding every page @whole says they must (a
 * phase of --collisions: all written so far; otherwise @whole is @e).
 */
static void run_ksm(const struct options *o, const struct merge_expectation *e,
		    const struct merge_expectation *whole, const struct child *ch, int nch,
		    struct run_result *r)
{
	uint64_t fs0, last_count, last_progress_scan, t0, next_report, self0, target;
	uint64_t min_scans = e->pages_sharing ? 1 : 2;
	double next_slabinfo = SLABINFO_EVERY_S;
	struct sample s0, s;

	r->own_target = whole->pages_shared + whole->pages_sharing;
	target = progress_target(r, e);
	r->have_cpu = !ksmd_cpu_start(&r->kc);
	r->have_tlb = true;
	r->have_busy = true;
	if (!r->mem->have_filled) {	/* the first phase: every page of it written */
		kmem_watch_point(r->mem, &r->mem->filled);
		r->mem->have_filled = true;
	}
	ksm_snapshot_take(&r->before);
	if (!r->origin)
		r->origin = &r->before;
	self0 = self_cpu_ns();
	t0 = now_ns();
	take_counts(t0, ch, nch, r->shared, &s0);
	take_costs(r, &s0);
	keep_sample(r, &s0, true);
	last_count = progress_count(r, &s0, &s0);
	fs0 = last_progress_scan = s0.full_scans;
	next_report = 2;
	ksm_set_or_die(prog, "run", "1");
	for (;;) {
		sleep_ms((unsigned int)o->poll_ms);
		take_counts(t0, ch, nch, r->shared, &s);
		if (progress_count(r, &s, &s0) == target &&
		    s.full_scans - fs0 >= min_scans) {
			r->stop_reason = "converged";
			r->converged = true;
			break;
		}
		if (progress_count(r, &s, &s0) != last_count) {
			last_count = progress_count(r, &s, &s0);
			last_progress_scan = s.full_scans;
		} else if (s.full_scans - last_progress_scan >= o->stall_scans &&
			   s.full_scans - fs0 >= o->stall_scans + min_scans) {
			r->stop_reason = "stalled";
			break;
		}
		if (s.t >= (double)o->timeout_s) {
			r->stop_reason = "timeout";
			break;
		}
		if (sample_due(r, &s)) {
			kmem_watch_sample(r->mem, s.t >= next_slabinfo);
			if (s.t >= next_slabinfo)
				next_slabinfo = s.t + SLABINFO_EVERY_S;
			take_costs(r, &s);
			keep_sample(r, &s, false);
		}
		if (s.t >= (double)next_report) {
			progress(o, r, &s, &s0, target);
			next_report += 2;
		}
	}
	take_costs(r, &s);
	keep_sample(r, &s, true);
	r->own_final = s.own_merging;
	kmem_watch_point(r->mem, &r->mem->end);	/* the last phase's is the run's */
	r->monitor_cpu_ns = self_cpu_ns() - self0;
	ksm_snapshot_take(&r->after);
	r->seconds = s.t;
	r->ksmd_cpu_ns = s.ksmd_cpu_ns - s0.ksmd_cpu_ns;
	r->tlb_ipis = s.tlb - s0.tlb;
	r->busy_ns = s.busy_ns - s0.busy_ns;
}

/*
 * The children are gone; let ksmd drop their rmap_items and stale stable
 * nodes so the next run starts from the counters this one found: until the
 * counters are back where they were, or ksmd has done two full scans since
 * (it drops a dead process's items when its scan reaches them; what is
 * left then is other processes' doing), at most 30 s.
 */
static void drain(struct run_result *r)
{
	uint64_t t0 = now_ns(), shared, sharing, unshared, fs0 = 0, fs;
	uint64_t b_shared = ksm_snapshot_u64(&r->before, "pages_shared", 0);
	uint64_t b_sharing = ksm_snapshot_u64(&r->before, "pages_sharing", 0);
	uint64_t b_unshared = ksm_snapshot_u64(&r->before, "pages_unshared", 0);

	r->drained = false;
	ksm_read_u64("full_scans", &fs0);
	while (ns_to_s(now_ns() - t0) < 30) {
		if (!ksm_read_u64("full_scans", &fs) && fs >= fs0 + 2) {
			r->drained = true;
			break;
		}
		if (!ksm_read_u64("pages_shared", &shared) &&
		    !ksm_read_u64("pages_sharing", &sharing) &&
		    !ksm_read_u64("pages_unshared", &unshared) &&
		    shared <= b_shared && sharing <= b_sharing && unshared <= b_unshared) {
			r->drained = true;
			break;
		}
		sleep_ms(50);
	}
	r->drain_seconds = ns_to_s(now_ns() - t0);
}

/* ---- --unmerge-cost ---- */

/*
 * What writing run=2 costs once every page was verified: the kernel
 * unmerges every KSM page and frees every rmap_item and stable node in
 * the writing thread (a kernel that frees them with call_rcu() leaves
 * them to RCU callbacks, after the write returned).  SUnreclaim (KSM's
 * caches are unreclaimable) is sampled every UNMERGE_SAMPLE_MS from
 * before the write until it has made no new low for UNMERGE_QUIET_S, or
 * UNMERGE_MAX_S after the write; RCU softirqs and call_rcu() calls (all
 * the kernel's, a kprobe where tracefs has them) are counted over that
 * whole window.
 */
#define UNMERGE_SAMPLE_MS	10
#define UNMERGE_QUIET_S		0.5
#define UNMERGE_MAX_S		10.0

struct unmerge_cost {
	uint64_t pages_before;		/* pages_shared + pages_sharing */
	double write_wall_s, write_cpu_s;
	bool have_slab, have_rcu, have_call_rcu;
	struct kmem_settle slab;	/* SUnreclaim, KiB */
	uint64_t rcu_softirqs, call_rcu_calls;
};

/* The sampler thread's view: the write's end (ns after @t0), 0 while it goes on */
struct slab_watch {
	struct kmem_settle *slab;
	uint64_t t0;
	atomic_uint_least64_t write_end;
};

static int read_sunreclaim(uint64_t *kib)
{
	return proc_meminfo_kib(kmem_meminfo_key(KMEM_SUNRECLAIM), kib);
}

/* Samples SUnreclaim until it settled after the write (a failed read: unchanged) */
static void *watch_slab(void *arg)
{
	struct slab_watch *w = arg;

	for (;;) {
		uint64_t end = atomic_load(&w->write_end), kib;

		if (read_sunreclaim(&kib))
			kib = w->slab->last_kib;
		if (kmem_settle_add(w->slab, ns_to_s(now_ns() - w->t0), kib,
				    end ? ns_to_s(end) : -1, UNMERGE_QUIET_S, UNMERGE_MAX_S))
			return NULL;
		sleep_ms(UNMERGE_SAMPLE_MS);
	}
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Counts call_rcu() from now on, if tracefs kprobes allow; its count so far in @calls */
static bool call_rcu_count_start(uint64_t *calls)
{
	ksm_restore_also(kprobe_count_remove_all);	/* a signal must not leave it */
	if (!kprobe_count_add("call_rcu", "call_rcu") && !kprobe_count_read("call_rcu", calls))
		return true;
	kprobe_count_remove_all();
	return false;
}

/* The calls since call_rcu_count_start() into @u (if it counted), and the probe removed */
static void call_rcu_count_end(struct unmerge_cost *u, uint64_t calls0)
{
	uint64_t calls;

	if (u->have_call_rcu && !kprobe_count_read("call_rcu", &calls))
		u->call_rcu_calls = calls - calls0;
	else
		u->have_call_rcu = false;
	kprobe_count_remove_all();
	ksm_restore_also(NULL);
}

/* Writes run=2 (exit 2 if refused), timed; tells @w when it returned */
static void timed_unmerge(struct unmerge_cost *u, struct slab_watch *w)
{
	uint64_t cpu0 = thread_cpu_ns(), t = now_ns(), end;

	ksm_set_or_die(prog, "run", "2");
	end = now_ns();
	u->write_cpu_s = ns_to_s(thread_cpu_ns() - cpu0);
	u->write_wall_s = ns_to_s(end - t);
	atomic_store(&w->write_end, end - w->t0);
}

/* The sampler, with every signal blocked: the handler's restore runs in this thread */
static void start_watch(pthread_t *tid, struct slab_watch *w)
{
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	thread_start_or_die(prog, tid, watch_slab, w, 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void unmerge_cost(struct unmerge_cost *u)
{
	struct slab_watch w = { .slab = &u->slab };
	uint64_t shared = 0, sharing = 0, kib = 0, rcu0 = 0, rcu1 = 0, calls0 = 0;
	pthread_t tid;

	ksm_read_u64("pages_shared", &shared);
	ksm_read_u64("pages_sharing", &sharing);
	u->pages_before = shared + sharing;
	u->have_slab = !read_sunreclaim(&kib);
	kmem_settle_begin(&u->slab, kib);
	u->have_rcu = !proc_softirqs("RCU", &rcu0);
	u->have_call_rcu = call_rcu_count_start(&calls0);
	w.t0 = now_ns();
	atomic_init(&w.write_end, 0);
	if (u->have_slab)
		start_watch(&tid, &w);
	timed_unmerge(u, &w);
	if (u->have_slab)
		pthread_join(tid, NULL);
	u->have_rcu = u->have_rcu && !proc_softirqs("RCU", &rcu1);
	u->rcu_softirqs = rcu1 - rcu0;
	call_rcu_count_end(u, calls0);
}

/* ---- output ---- */

static double per(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/*
 * The pages this run merged, the numerator of every rate: the growth of
 * pages_sharing; on a shared host, where other processes move that
 * counter, the expected count once our own processes converged, and
 * unknown (NAN: null, n/a) otherwise.
 */
static double merged_pages(const struct run_result *r, const struct merge_expectation *e)
{
	if (r->shared)
		return r->converged ? (double)e->pages_sharing : NAN;
	return (double)(ksm_snapshot_u64(&r->after, "pages_sharing", 0) -
			ksm_snapshot_u64(&r->before, "pages_sharing", 0));
}

/*
 * KSM pages that are not ours: the growth of pages_shared + pages_sharing
 * minus our processes' ksm_merging_pages.  Non-zero means another process
 * merged (or unmerged) pages during the run, so the global counters this
 * run reports are not only ours.
 */
static long long foreign_pages(const struct run_result *r)
{
	uint64_t after = ksm_snapshot_u64(&r->after, "pages_shared", 0) +
			 ksm_snapshot_u64(&r->after, "pages_sharing", 0);
	uint64_t before = ksm_snapshot_u64(r->origin, "pages_shared", 0) +
			  ksm_snapshot_u64(r->origin, "pages_sharing", 0);

	return (long long)(after - before) - (long long)r->merging_pages;
}

static void write_params(struct json_writer *w, const struct options *o,
			 const struct workload *wl)
{
	json_begin_object(w, "params");
	json_string(w, "profile", o->profile ? o->profile : "image");
	json_begin_array(w, "images");
	for (int i = 0; i < o->nimages; i++)
		json_string(w, NULL, o->images[i]);
	json_end_array(w);
	json_uint(w, "size_mib", (uint64_t)(wl->npages * wl->page_size) >> 20);
	json_uint(w, "pages", wl->npages);
	json_uint(w, "image_zero_pages", wl->image_zero_pages);
	json_uint(w, "page_size", wl->page_size);
	json_uint(w, "procs", (uint64_t)wl->nparts);
	json_uint(w, "busy_threads", o->busy_threads);
	if (o->advisor)
		json_null(w, "pages_to_scan");	/* the advisor's */
	else
		json_uint(w, "pages_to_scan", o->pages_to_scan);
	json_bool(w, "advisor", o->advisor);
	json_uint(w, "sleep_ms", o->sleep_ms);
	json_uint(w, "timeout_s", o->timeout_s);
	json_uint(w, "stall_scans", o->stall_scans);
	json_uint(w, "poll_ms", o->poll_ms);
	json_uint(w, "seed", o->seed);
	json_uint(w, "negative_control", o->negative_control);
	json_bool(w, "thp", o->thp);
	json_bool(w, "unmerge_cost", o->unmerge_cost);
	json_uint(w, "rescans", o->rescans);
	json_bool(w, "shared_host", ksm_host_shared());
	json_begin_object(w, "set");
	for (int i = 0; i < o->nsets; i++)
		json_string(w, o->set_name[i], o->set_value[i]);
	json_end_object(w);
	json_end_object(w);
}

static void write_result(struct json_writer *w, const struct run_result *r,
			 const struct merge_expectation *e)
{
	uint64_t d_sharing = ksm_snapshot_u64(&r->after, "pages_sharing", 0) -
			     ksm_snapshot_u64(&r->before, "pages_sharing", 0);
	double cpu_s = ns_to_s(r->ksmd_cpu_ns), merged = merged_pages(r, e);

	json_begin_object(w, "result");
	json_bool(w, "converged", r->converged);
	json_string(w, "stop_reason", r->stop_reason);
	/* what convergence was judged by; on a shared host the global counters are a cross-check */
	json_string(w, "converged_by", r->shared ? "own_ksm_merging_pages" : "pages_sharing");
	json_uint(w, "expected_ksm_merging_pages", r->own_target);
	json_uint_or_null(w, "own_ksm_merging_pages", r->shared, r->own_final);
	json_double(w, "seconds", r->seconds);
	json_double(w, "fill_seconds", r->fill_seconds);
	if (r->have_cpu)
		json_double(w, "ksmd_cpu_seconds", cpu_s);
	else
		json_null(w, "ksmd_cpu_seconds");
	json_string(w, "ksmd_cpu_source", r->have_cpu ? ksmd_cpu_source(&r->kc) : NULL);
	/* every CPU's busy time: work a kernel moves to kworkers shows here */
	if (r->have_busy)
		json_double(w, "cpu_busy_seconds", ns_to_s(r->busy_ns));
	else
		json_null(w, "cpu_busy_seconds");
	json_double(w, "monitor_cpu_seconds", ns_to_s(r->monitor_cpu_ns));
	json_uint(w, "full_scans", ksm_snapshot_u64(&r->after, "full_scans", 0) -
		  ksm_snapshot_u64(&r->before, "full_scans", 0));
	json_uint(w, "pages_shared", ksm_snapshot_u64(&r->after, "pages_shared", 0) -
		  ksm_snapshot_u64(&r->before, "pages_shared", 0));
	json_uint(w, "pages_sharing", d_sharing);
	json_uint(w, "pages_unshared", ksm_snapshot_u64(&r->after, "pages_unshared", 0));
	json_uint(w, "pages_volatile", ksm_snapshot_u64(&r->after, "pages_volatile", 0));
	json_uint(w, "expected_pages_sharing", e->pages_sharing);
	json_uint(w, "expected_pages_shared", e->pages_shared);
	json_uint(w, "expected_zero_merged", e->zero_merged);
	json_uint(w, "expected_unmergeable", e->unmergeable);
	json_uint(w, "distinct_contents", e->classes);
	json_uint(w, "zero_pages", e->zero_pages);
	json_uint_or_null(w, "ksm_merging_pages", r->have_merging, r->merging_pages);
	if (r->have_tlb) {
		json_uint(w, "tlb_ipis", r->tlb_ipis);
		json_double(w, "tlb_ipis_per_merged_page", per((double)r->tlb_ipis, merged));
	} else {
		json_null(w, "tlb_ipis");
		json_null(w, "tlb_ipis_per_merged_page");
	}
	json_double(w, "pages_per_second", per(merged, r->seconds));
	json_double(w, "pages_per_ksmd_cpu_second",
		    r->have_cpu ? per(merged, cpu_s) : NAN);
	json_double(w, "pages_per_busy_cpu_second",
		    r->have_busy ? per(merged, ns_to_s(r->busy_ns)) : NAN);
	json_uint(w, "integrity_errors", r->integrity_errors);
	json_uint(w, "verified_pages", r->verified_pages);
	json_double(w, "drain_seconds", r->drain_seconds);
	json_bool(w, "drained", r->drained);
	if (r->have_merging)
		json_int(w, "foreign_ksm_pages", foreign_pages(r));
	else
		json_null(w, "foreign_ksm_pages");
	json_end_object(w);
}

/*
 * The growth of KSM counter @name from where our pages began (phase 1's
 * start with --collisions) to the end, 0 if it fell.
 */
static uint64_t ksm_growth(const struct run_result *r, const char *name)
{
	uint64_t a = ksm_snapshot_u64(&r->after, name, 0), b = ksm_snapshot_u64(r->origin, name, 0);

	return a > b ? a - b : 0;
}

/*
 * The divisor of the per-page memory figures: pages_unshared grown from
 * where our pages began to the end - the pages left in the unstable tree
 * (and its index) when the end's memory was read, in the same instant.
 * It is the index's population; the pages the run scanned (every page,
 * once per full scan) are not.  The numerator is what SUnreclaim or
 * VmallocUsed grew by from "filled" (every page written, ksmd not yet
 * started) to "end" or to the peak: what ksmd allocated - an rmap_item
 * for every page it tracks, stable nodes, and the series' indexes - with
 * the processes' own kernel memory (task, mm, VMAs, stacks) already in
 * "filled".  So it is the cost per unshared page only when every page the
 * run tracks ended unshared (no page of ours merged: the unique profile);
 * then the rmap_items are stock's cost and patched minus stock is the
 * indexes'.  Otherwise (merged pages' rmap_items and stable nodes would
 * be charged to the unshared ones), and on a shared host (other processes'
 * allocations are in the totals), the figures are null.
 */
static uint64_t unshared_divisor(const struct run_result *r, bool *all_unshared)
{
	uint64_t unshared = ksm_growth(r, "pages_unshared");

	*all_unshared = unshared > 0 && !ksm_growth(r, "pages_shared") &&
			!ksm_growth(r, "pages_sharing");
	return unshared;
}

/* @m's growth of field @f from "filled" to @to, and per unshared page (if @per) */
static void write_growth(struct json_writer *w, const struct kmem_watch *m,
			 const struct kmem_snapshot *to, enum kmem_field f,
			 const char *grown_key, const char *per_key, double per_pages)
{
	int64_t kib;

	if (!kmem_growth(&m->filled, to, f, &kib)) {
		json_null(w, grown_key);
		json_null(w, per_key);
		return;
	}
	json_int(w, grown_key, kib);
	json_double(w, per_key, per((double)kib, per_pages));
}

/*
 * "memory": the kernel's slab and vmalloc use before our pages were
 * written, once they were (with --collisions: phase 1's), at its highest
 * (SLABINFO_EVERY_S says how often it is sampled) and at the end, while
 * our processes still held their pages; then what SUnreclaim and
 * VmallocUsed grew by from "filled", and per unshared page
 * (unshared_divisor() says what that divides by).
 * SUnreclaim rather than Slab: KSM's caches and kvmalloc()ed tables are
 * unreclaimable, and SReclaimable moves with dentries and inodes (our own
 * /proc reads among them).
 */
static void write_memory(struct json_writer *w, const struct run_result *r)
{
	const struct kmem_watch *m = r->mem;
	bool all_unshared;
	uint64_t unshared = unshared_divisor(r, &all_unshared);
	double pages = all_unshared && !r->shared ? (double)unshared : NAN;

	json_begin_object(w, "memory");
	kmem_watch_write_points(w, m);
	json_uint(w, "unshared_pages", unshared);
	json_bool(w, "all_unshared", all_unshared);
	write_growth(w, m, &m->end, KMEM_SUNRECLAIM, "sunreclaim_kib_grown",
		     "sunreclaim_kib_per_unshared_page", pages);
	write_growth(w, m, &m->end, KMEM_VMALLOC_USED, "vmalloc_kib_grown",
		     "vmalloc_kib_per_unshared_page", pages);
	write_growth(w, m, &m->peak, KMEM_SUNRECLAIM, "peak_sunreclaim_kib_grown",
		     "peak_sunreclaim_kib_per_unshared_page", pages);
	write_growth(w, m, &m->peak, KMEM_VMALLOC_USED, "peak_vmalloc_kib_grown",
		     "peak_vmalloc_kib_per_unshared_page", pages);
	json_end_object(w);
}

static void write_samples(struct json_writer *w, const struct run_result *r)
{
	json_begin_object(w, "samples");
	json_begin_array(w, "columns");
	json_string(w, NULL, "t_s");
	json_string(w, NULL, "full_scans");
	json_string(w, NULL, "pages_shared");
	json_string(w, NULL, "pages_sharing");
	json_string(w, NULL, "ksmd_cpu_s");
	json_string(w, NULL, "tlb_ipis");
	json_end_array(w);
	json_begin_array(w, "rows");
	for (size_t i = 0; i < r->nsamples; i++) {
		const struct sample *s = &r->samples[i], *s0 = &r->samples[0];

		/* counters as read; CPU time and IPIs since the clock started */
		json_begin_array(w, NULL);
		json_double(w, NULL, s->t);
		json_uint(w, NULL, s->full_scans);
		json_uint(w, NULL, s->pages_shared);
		json_uint(w, NULL, s->pages_sharing);
		if (r->have_cpu)
			json_double(w, NULL, ns_to_s(s->ksmd_cpu_ns - s0->ksmd_cpu_ns));
		else
			json_null(w, NULL);
		if (r->have_tlb)
			json_uint(w, NULL, s->tlb - s0->tlb);
		else
			json_null(w, NULL);
		json_end_array(w);
	}
	json_end_array(w);
	json_end_object(w);
}

/*
 * "unmerge" (--unmerge-cost): SUnreclaim before the write, its peak from
 * then until it settled, when the write returned, and when it settled
 * (slab_settle_s: the last new low, seconds after the write returned; 0:
 * none after it), null where unreadable; slab_settled false when it was
 * still falling UNMERGE_MAX_S after the write.
 */
static void write_unmerge(struct json_writer *w, const struct unmerge_cost *u)
{
	const struct kmem_settle *s = &u->slab;

	json_begin_object(w, "unmerge");
	json_uint(w, "pages_before", u->pages_before);
	json_double(w, "write_wall_s", u->write_wall_s);
	json_double(w, "write_cpu_s", u->write_cpu_s);
	json_uint_or_null(w, "slab_before_kib", u->have_slab, s->before_kib);
	json_uint_or_null(w, "slab_peak_kib", u->have_slab, s->peak_kib);
	json_uint_or_null(w, "slab_at_return_kib", u->have_slab, s->at_end_kib);
	json_uint_or_null(w, "slab_after_kib", u->have_slab, s->last_kib);
	json_double(w, "slab_settle_s", u->have_slab ? s->fell : NAN);
	if (u->have_slab)
		json_bool(w, "slab_settled", s->settled);
	else
		json_null(w, "slab_settled");
	json_uint_or_null(w, "rcu_softirqs", u->have_rcu, u->rcu_softirqs);
	json_uint_or_null(w, "call_rcu_calls", u->have_call_rcu, u->call_rcu_calls);
	json_end_object(w);
}

/* @u: NULL without --unmerge-cost, @ss without --rescans */
static int write_json(const struct options *o, const struct workload *wl,
		      const struct run_result *r, const struct merge_expectation *e,
		      const struct plant *pl, const struct steady_scan *ss,
		      const struct unmerge_cost *u, int argc, char **argv)
{
	struct json_writer w;
	FILE *f;
	int err;

	f = env_report_open(&w, prog, o->json_out, argc, argv);
	if (!f)
		return -1;
	write_params(&w, o, wl);
	write_result(&w, r, e);
	if (pl)
		plant_write_json(&w, pl);
	write_memory(&w, r);
	if (ss)
		steady_scan_write_json(&w, "rescans", ss, all_pages(wl));
	if (u)
		write_unmerge(&w, u);
	ksm_snapshot_write_deltas(&w, "ksm_deltas", &r->before, &r->after);
	ksm_snapshot_write_json(&w, "ksm_before", &r->before);
	ksm_snapshot_write_json(&w, "ksm_after", &r->after);
	write_samples(&w, r);
	err = env_report_close(&w, f);
	if (err)
		fprintf(stderr, "%s: error writing JSON\n", prog);
	return err;
}

/* "%.0f" of @v into @buf, or "n/a" when it could not be measured */
static const char *fmt_or_na(char *buf, size_t len, const char *fmt, double v)
{
	if (isfinite(v))
		snprintf(buf, len, fmt, v);
	else
		snprintf(buf, len, "n/a");
	return buf;
}

/* "+N KiB" of field @f from "filled" to @to, or "n/a" */
static const char *fmt_growth(char *buf, size_t len, const struct kmem_watch *m,
			      const struct kmem_snapshot *to, enum kmem_field f)
{
	int64_t kib;

	if (kmem_growth(&m->filled, to, f, &kib))
		snprintf(buf, len, "%+lld KiB", (long long)kib);
	else
		snprintf(buf, len, "n/a");
	return buf;
}

static void memory_summary(const struct run_result *r)
{
	const struct kmem_watch *m = r->mem;
	char su[32], sp[32], vu[32], vp[32];

	fprintf(stderr, "  kernel memory since filled: SUnreclaim %s (peak %s), "
		"VmallocUsed %s (peak %s)\n",
		fmt_growth(su, sizeof(su), m, &m->end, KMEM_SUNRECLAIM),
		fmt_growth(sp, sizeof(sp), m, &m->peak, KMEM_SUNRECLAIM),
		fmt_growth(vu, sizeof(vu), m, &m->end, KMEM_VMALLOC_USED),
		fmt_growth(vp, sizeof(vp), m, &m->peak, KMEM_VMALLOC_USED));
}

static void unmerge_summary(const struct unmerge_cost *u)
{
	const struct kmem_settle *s = &u->slab;
	char slab[160] = "SUnreclaim n/a", rcu[32], calls[32];

	if (u->have_slab)
		snprintf(slab, sizeof(slab), "SUnreclaim %llu -> %llu KiB (peak %llu, %llu as "
			 "it returned, %s %.2f s later)", (unsigned long long)s->before_kib,
			 (unsigned long long)s->last_kib, (unsigned long long)s->peak_kib,
			 (unsigned long long)s->at_end_kib,
			 s->settled ? "the last fall" : "still falling", s->settled ? s->fell :
			 UNMERGE_MAX_S);
	fprintf(stderr, "  unmerge: run=2 took %.3f s (writer CPU %.3f s) for %llu KSM pages; "
		"%s; RCU softirqs %s, call_rcu calls %s\n", u->write_wall_s, u->write_cpu_s,
		(unsigned long long)u->pages_before, slab,
		fmt_or_na(rcu, sizeof(rcu), "%.0f", u->have_rcu ? (double)u->rcu_softirqs : NAN),
		fmt_or_na(calls, sizeof(calls), "%.0f",
			  u->have_call_rcu ? (double)u->call_rcu_calls : NAN));
}

static void summary(const struct options *o, const struct workload *wl,
		    const struct run_result *r, const struct merge_expectation *e)
{
	uint64_t got = ksm_snapshot_u64(&r->after, "pages_sharing", 0) -
		       ksm_snapshot_u64(&r->before, "pages_sharing", 0);
	double cpu_s = r->have_cpu ? ns_to_s(r->ksmd_cpu_ns) : NAN, merged = merged_pages(r, e);
	char cpu[32], rate[32], rate_cpu[32], tlb[32];

	fprintf(stderr, "%s: %s %zu MiB x%d: %s after %.2f s (fill %.2f s)\n",
		prog, o->profile ? o->profile : "image",
		(wl->npages * wl->page_size) >> 20, wl->nparts, r->stop_reason,
		r->seconds, r->fill_seconds);
	if (r->shared)
		fprintf(stderr, "  shared host: own ksm_merging_pages %llu of %llu expected "
			"(global pages_sharing grew %llu)\n",
			(unsigned long long)r->own_final,
			(unsigned long long)r->own_target,
			(unsigned long long)got);
	else
		fprintf(stderr, "  pages_sharing %llu of %llu expected\n",
			(unsigned long long)got, (unsigned long long)e->pages_sharing);
	fprintf(stderr, "  full_scans %llu, ksmd cpu %s s, %s pages/s, %s pages per ksmd cpu-second\n"
		"  TLB shootdowns %s, integrity errors %llu in %llu pages\n",
		(unsigned long long)(ksm_snapshot_u64(&r->after, "full_scans", 0) -
				     ksm_snapshot_u64(&r->before, "full_scans", 0)),
		fmt_or_na(cpu, sizeof(cpu), "%.2f", cpu_s),
		fmt_or_na(rate, sizeof(rate), "%.0f", per(merged, r->seconds)),
		fmt_or_na(rate_cpu, sizeof(rate_cpu), "%.0f", per(merged, cpu_s)),
		fmt_or_na(tlb, sizeof(tlb), "%.0f", r->have_tlb ? (double)r->tlb_ipis : NAN),
		(unsigned long long)r->integrity_errors,
		(unsigned long long)r->verified_pages);
	memory_summary(r);
	if (!r->drained)
		fprintf(stderr, "  warning: KSM counters did not return to their "
			"starting values within %.0f s\n", r->drain_seconds);
	if (r->have_merging && foreign_pages(r))
		fprintf(stderr, "  warning: %lld KSM pages changed that are not this "
			"run's: another process uses KSM, the counters are not ours alone\n",
			foreign_pages(r));
}

/* ---- --collisions ---- */

/*
 * Zero pages are targets only while they merge into a KSM page: with
 * use_zero_pages=1 they map the kernel's zero page and no stable node
 * exists to hide.  Checked before anything is changed.
 */
static void check_zero_pages(const struct options *o)
{
	uint64_t uzp = 0;

	ksm_read_u64("use_zero_pages", &uzp);
	for (int i = 0; i < o->nsets; i++)	/* the last --set wins, as it is written last */
		if (!strcmp(o->set_name[i], "use_zero_pages") &&
		    parse_u64(o->set_value[i], 0, UINT64_MAX, &uzp))
			uzp = 1;	/* not a number: the kernel refuses it anyway */
	if (uzp)
		cli_die(prog, "%s", "--collisions targets the zero page's KSM page, which"
			" use_zero_pages=1 does not make: run with use_zero_pages=0"
			" (--set use_zero_pages=0)");
}

/* The planting process's pages, a part after the profile's; the extra pages reserved */
static int plant_attach(const struct options *o, struct workload *wl, struct plant *pl)
{
	struct part *p = &wl->parts[wl->nparts];
	struct plant_config cfg = { .kind = o->collision_kind, .order = o->collision_order,
				    .pairs = o->collisions, .singles = o->collision_singles,
				    .extra = o->collision_extra, .procs = (uint64_t)wl->nparts,
				    .shared = ksm_host_shared() };

	wl->nall = wl->nparts;
	if (!o->collisions && !o->collision_singles)
		return 0;
	if (wl->page_size != XXH64_COLLIDE_PAGE) {
		fprintf(stderr, "%s: --collisions crafts 4 KiB pages; this system's are %zu bytes\n",
			prog, wl->page_size);
		return -1;
	}
	if (plant_build(pl, &cfg, wl->ids, wl->npages)) {
		fprintf(stderr, "%s: cannot craft the colliding pages: out of memory\n", prog);
		return -1;
	}
	for (int i = 0; i < wl->nparts; i++) {
		wl->parts[i].nextra = pl->nextra;
		wl->parts[i].extra_ids = pl->extra_ids;
	}
	p->image = pl->pages;
	p->npages = pl->npages;
	p->image_zero = calloc(p->npages + 1, sizeof(*p->image_zero));	/* none is zero */
	if (!p->image_zero) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	wl->nall++;
	return 0;
}

/*
 * What KSM must make of the workload, max_page_sharing as --set left it:
 * @e, or with --collisions every phase's in @pl (measure() sets @e).
 */
static int expectations(const struct workload *wl, struct plant *pl,
			struct merge_expectation *e)
{
	uint64_t mps = 256;

	if (wl->nall == wl->nparts)
		return compute_expectation(wl, e);
	ksm_read_u64("max_page_sharing", &mps);
	return plant_expect(pl, wl->ids, wl->npages, mps);
}

/* Writes what phase @k of a planting run adds, while ksmd is stopped */
static int plant_write(const struct options *o, const struct workload *wl, struct child *ch,
		       const struct plant *pl, int k)
{
	uint64_t none = 0;

	switch (plant_step(pl, k)) {
	case PLANT_STEP_PROFILE:
		return spawn_children(wl, o, ch, 0, wl->nparts);
	case PLANT_STEP_PLANT:
		return spawn_children(wl, o, ch, wl->nparts, wl->nall);
	case PLANT_STEP_EXTRA:
		break;
	}
	return command_children(ch, wl->nparts, 'E', &none);
}

/*
 * The children phase @k counts: every one spawned so far, @first on.  A
 * phase's expectation is of all pages written so far, and so is theirs.
 */
static int phase_children(const struct workload *wl, const struct plant *pl, int k,
			  int *first)
{
	bool profile = false, planter = false;

	for (int j = 0; j <= k; j++) {
		profile |= plant_step(pl, j) == PLANT_STEP_PROFILE;
		planter |= plant_step(pl, j) == PLANT_STEP_PLANT;
	}
	*first = profile ? 0 : wl->nparts;
	return (planter ? wl->nall : wl->nparts) - *first;
}

static void plant_record(struct plant_phase *ph, const struct run_result *r)
{
	ph->ran = true;
	ph->converged = r->converged;
	ph->stop_reason = r->stop_reason;
	ph->seconds = r->seconds;
	ph->fill_seconds = r->fill_seconds;
	ph->ksmd_cpu_seconds = r->have_cpu ? ns_to_s(r->ksmd_cpu_ns) : NAN;
	ph->ksmd_cpu_source = r->have_cpu ? ksmd_cpu_source(&r->kc) : NULL;
	ph->own_merging = r->own_final;
	ph->full_scans = ksm_snapshot_u64(&r->after, "full_scans", 0) -
			 ksm_snapshot_u64(&r->before, "full_scans", 0);
	ph->pages_shared = ksm_snapshot_u64(&r->after, "pages_shared", 0) -
			   ksm_snapshot_u64(r->origin, "pages_shared", 0);
	ph->pages_sharing = ksm_snapshot_u64(&r->after, "pages_sharing", 0) -
			    ksm_snapshot_u64(r->origin, "pages_sharing", 0);
}

/*
 * The three phases (plant.h): each writes its pages with ksmd stopped,
 * then runs it until everything written so far is merged exactly, or
 * stalls, or times out; the run goes on either way, so what one phase
 * left undone shows in the next.  @r[k] is phase k's measurement.  On a
 * shared host a phase is judged by the ksm_merging_pages of our processes
 * so far against all they must hold then (the global counters, which
 * other processes move, are only reported).
 */
static int plant_phases(const struct options *o, const struct workload *wl, struct child *ch,
			struct plant *pl, struct run_result *r)
{
	for (int k = 0; k < PLANT_PHASES; k++) {
		struct merge_expectation want;
		uint64_t t_fill = now_ns();
		int first, n;

		if (!o->quiet)
			fprintf(stderr, "%s: phase %d: %s...\n", prog, k + 1,
				plant_step_name(plant_step(pl, k)));
		if (plant_write(o, wl, ch, pl, k))
			return -1;
		r[k].fill_seconds = ns_to_s(now_ns() - t_fill);
		r[k].origin = &r[0].before;
		plant_phase_expect(pl, k, &want);
		n = phase_children(wl, pl, k, &first);
		run_ksm(o, &want, &pl->phases[k].expect, ch + first, n, &r[k]);
		if (k + 1 < PLANT_PHASES)
			ksm_set_or_die(prog, "run", "0");	/* nothing merges while written */
		plant_record(&pl->phases[k], &r[k]);
	}
	return 0;
}

/*
 * Runs the workload, planted or not: @r[0], or with --collisions @r[0..3)
 * and @e set to what the last phase had to add.
 */
static int measure(const struct options *o, const struct workload *wl, struct child *ch,
		   struct plant *pl, struct run_result *r, struct merge_expectation *e)
{
	uint64_t t_fill = now_ns(), planted;

	if (wl->nall > wl->nparts) {
		if (plant_phases(o, wl, ch, pl, r))
			return -1;
		plant_phase_expect(pl, PLANT_PHASES - 1, e);
		pl->planted_merging = merging_pages(&ch[wl->nparts], 1, &planted) ?
				      (long long)planted : -1;
		/* foreign pages: of every phase, against every process's */
		r[PLANT_PHASES - 1].have_merging = merging_pages(ch, wl->nall,
								 &r[PLANT_PHASES - 1].merging_pages);
		return 0;
	}
	if (!o->quiet)
		fprintf(stderr, "%s: filling %zu pages in %d process(es)...\n",
			prog, wl->npages, wl->nparts);
	if (spawn_children(wl, o, ch, 0, wl->nparts))
		return -1;
	r->fill_seconds = ns_to_s(now_ns() - t_fill);
	run_ksm(o, e, e, ch, wl->nparts, r);
	r->have_merging = merging_pages(ch, wl->nparts, &r->merging_pages);
	return 0;
}

int main(int argc, char **argv)
{
	static struct run_result runs[PLANT_PHASES];
	static struct kmem_watch mem;
	static struct plant pl;
	static struct unmerge_cost um;
	static struct steady_scan ss;
	struct merge_expectation e = { 0 };	/* set by expectations() or measure() */
	struct child ch[MAX_PARTS] = { 0 };
	struct workload wl;
	struct options o;
	struct run_result *r;
	uint64_t self_merging;
	bool planting;
	int rc = 1;

	parse_options(argc, argv, &o);
	o.json_out = env_json_open(prog, o.json_path);
	planting = o.collisions || o.collision_singles;
	r = &runs[planting ? PLANT_PHASES - 1 : 0];
	ksm_bench_start(prog, o.shared_host);
	for (int k = 0; k < PLANT_PHASES; k++) {
		runs[k].shared = ksm_host_shared();
		runs[k].mem = &mem;
	}
	if (r->shared && proc_ksm_merging_pages(getpid(), &self_merging)) {
		fprintf(stderr, "%s: --shared-host judges convergence by "
			"/proc/PID/ksm_merging_pages, which this kernel lacks (5.19+)\n", prog);
		return EXIT_USAGE;
	}
	if (planting)
		check_zero_pages(&o);
	/* a child that died must not kill us through its pipe before we restore */
	signal(SIGPIPE, SIG_IGN);
	if (load_workload(&o, &wl) || plant_attach(&o, &wl, &pl)) {
		workload_free(&wl);
		plant_free(&pl);
		return EXIT_USAGE;
	}
	ksm_set_or_die(prog, "run", "0");	/* nothing merges before the clock starts */
	for (int i = 0; i < o.nsets; i++)
		ksm_set_or_die(prog, o.set_name[i], o.set_value[i]);
	if (o.advisor)
		ksm_set_advisor_or_die(prog, o.sleep_ms);
	else
		ksm_set_scan_or_die(prog, o.pages_to_scan, o.sleep_ms);
	ksm_settle(prog, o.quiet);	/* before our pages exist, so none merge early */
	if (expectations(&wl, &pl, &e)) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out;
	}
	kmem_watch_point(&mem, &mem.before);	/* before any page of ours exists */
	if (measure(&o, &wl, ch, &pl, runs, &e)) {
		reap_children(ch, wl.nall);
		goto out;
	}
	if (o.rescans) {	/* before the verification, which then covers them */
		if (!o.quiet)
			fprintf(stderr, "%s: %llu more full scans of the merged memory...\n",
				prog, (unsigned long long)o.rescans);
		if (steady_scan_measure(&ss, o.rescans, (double)o.timeout_s,
					(unsigned int)o.poll_ms))
			fprintf(stderr, "%s: only %llu of %llu full scans within --timeout-s\n",
				prog, (unsigned long long)ss.scans,
				(unsigned long long)o.rescans);
	}
	if (!o.quiet)
		fprintf(stderr, "%s: verifying every page...\n", prog);
	if (verify_children(ch, wl.nall, &r->integrity_errors)) {
		fprintf(stderr, "%s: a process died before verifying its pages\n", prog);
		r->integrity_errors++;
	}
	r->verified_pages = all_pages(&wl);
	if (o.unmerge_cost) {	/* our processes still hold every page */
		if (!o.quiet)
			fprintf(stderr, "%s: unmerging every KSM page (run=2)...\n", prog);
		unmerge_cost(&um);
	}
	reap_children(ch, wl.nall);
	/* back to the counters from before our first pages */
	drain(&runs[0]);
	r->drained = runs[0].drained;
	r->drain_seconds = runs[0].drain_seconds;
	if (ksm_restore_all())
		fprintf(stderr, "%s: warning: some KSM settings could not be restored\n", prog);
	summary(&o, &wl, r, &e);
	if (planting)
		plant_summary(&pl);
	if (o.rescans)
		steady_scan_summary(&ss, all_pages(&wl));
	if (o.unmerge_cost)
		unmerge_summary(&um);
	if (!write_json(&o, &wl, r, &e, planting ? &pl : NULL, o.rescans ? &ss : NULL,
			o.unmerge_cost ? &um : NULL, argc, argv))
		rc = r->converged && r->integrity_errors == 0 &&
		     (!planting || plant_converged(&pl)) &&
		     ss.scans >= o.rescans ? 0 : 1;
out:
	for (int k = 0; k < PLANT_PHASES; k++)
		free(runs[k].samples);
	workload_free(&wl);
	plant_free(&pl);
	return rc;
}
