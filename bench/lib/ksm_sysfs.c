// SPDX-License-Identifier: GPL-2.0
#include "ksm_sysfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ksm_host.h"
#include "run_lock.h"

#define KSM_PATH_LEN	320
#define KSM_MAX_CHILDREN 256

struct ksm_knob {
	char name[KSM_NAME_LEN];
	char path[KSM_PATH_LEN];	/* precomputed: the restore path is signal-safe */
	char saved[KSM_VALUE_LEN];
	volatile sig_atomic_t changed;
};

static char g_dir[256] = KSM_SYSFS_DEFAULT_DIR;
static char g_dbg_dir[256] = KSM_DEBUGFS_DEFAULT_DIR;	/* empty: none */
static struct ksm_knob g_knobs[KSM_MAX_FILES];
static int g_nknobs;
static pid_t g_owner;			/* only the saving process restores */
static char g_state_path[KSM_PATH_LEN];	/* empty: no state file */
static volatile pid_t g_children[KSM_MAX_CHILDREN];
static volatile sig_atomic_t g_nchildren;

/* -errno of the call that just failed; never 0, so callers can trust it. */
static int neg_errno(void)
{
	return errno ? -errno : -EIO;
}

void ksm_set_dir(const char *dir)
{
	snprintf(g_dir, sizeof(g_dir), "%s", dir);
	g_dbg_dir[0] = '\0';
}

void ksm_set_debug_dir(const char *dir)
{
	snprintf(g_dbg_dir, sizeof(g_dbg_dir), "%s", dir);
}

/*
 * The path of KSM file @name: in @dir, else in @dbg_dir if it is there
 * (and @dbg_dir is not empty), else in @dir (for the error).
 */
static void path_in(const char *dir, const char *dbg_dir, const char *name,
		    char *path, size_t len)
{
	if (dbg_dir[0]) {
		snprintf(path, len, "%s/%s", dir, name);
		if (access(path, F_OK) == 0)
			return;
		snprintf(path, len, "%s/%s", dbg_dir, name);
		if (access(path, F_OK) == 0)
			return;
	}
	snprintf(path, len, "%s/%s", dir, name);
}

static void file_path(const char *name, char *path, size_t len)
{
	path_in(g_dir, g_dbg_dir, name, path, len);
}

const char *ksm_dir(void)
{
	return g_dir;
}

bool ksm_available(void)
{
	char path[KSM_PATH_LEN];

	snprintf(path, sizeof(path), "%s/run", g_dir);
	return access(path, F_OK) == 0;
}

bool ksm_has(const char *name)
{
	char path[KSM_PATH_LEN];

	file_path(name, path, sizeof(path));
	return access(path, F_OK) == 0;
}

int ksm_parse_value(const char *text, char *out, int outlen)
{
	const char *b = strchr(text, '['), *e;

	if (b) {
		b++;
		e = strchr(b, ']');
		if (!e)
			return -1;
	} else {
		b = text;
		while (*b && isspace((unsigned char)*b))
			b++;
		e = b + strlen(b);
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
	}
	if (e == b || e - b >= outlen)
		return -1;
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	return 0;
}

static int read_file(const char *path, char *buf, int len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	buf[0] = '\0';
	if (fd < 0)
		return neg_errno();
	n = read(fd, buf, (size_t)len - 1);
	if (n < 0) {
		n = neg_errno();
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	return 0;
}

int ksm_read_str(const char *name, char *buf, int len)
{
	char path[KSM_PATH_LEN], raw[256];
	int err;

	/* counters are polled: no access() first, debugfs only if sysfs has none */
	snprintf(path, sizeof(path), "%s/%s", g_dir, name);
	err = read_file(path, raw, sizeof(raw));
	if (err == -ENOENT && g_dbg_dir[0]) {
		snprintf(path, sizeof(path), "%s/%s", g_dbg_dir, name);
		err = read_file(path, raw, sizeof(raw));
	}
	if (err)
		return err;
	return ksm_parse_value(raw, buf, len) ? -EINVAL : 0;
}

static int to_u64(const char *buf, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)buf[0]))
		return -1;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return errno || *end ? -1 : 0;
}

int ksm_read_u64(const char *name, uint64_t *v)
{
	char buf[KSM_VALUE_LEN];
	int err = ksm_read_str(name, buf, sizeof(buf));

	if (err)
		return err;
	return to_u64(buf, v) ? -EINVAL : 0;
}

static struct ksm_knob *find_knob(const char *name)
{
	for (int i = 0; i < g_nknobs; i++)
		if (!strcmp(g_knobs[i].name, name))
			return &g_knobs[i];
	return NULL;
}

/*
 * The kernel refuses some orders: run goes last; advisor_mode goes back to
 * none first (the advisor refuses pages_to_scan writes while it is on, and
 * turning it off resets pages_to_scan, which is then restored), and to an
 * advisor mode just before run.
 */
static int restore_rank(const char *name, const char *saved)
{
	if (!strcmp(name, "run"))
		return 2;
	if (!strcmp(name, "advisor_mode"))
		return strcmp(saved, "none") ? 1 : -1;
	return 0;
}

int sysfs_path_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err = 0;
	size_t len = strlen(value);

	if (fd < 0)
		return neg_errno();
	if (write(fd, value, len) != (ssize_t)len)
		err = neg_errno();
	close(fd);
	return err;
}

int sysfs_path_read_u64(const char *path, uint64_t *v)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || buf[0] < '0' || buf[0] > '9')
		return -1;
	*v = 0;
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		*v = *v * 10 + (uint64_t)(buf[i] - '0');
	return 0;
}

/* @dir/@name into @out (KSM_PATH_LEN); -1 if it does not fit. */
static int sibling(char *out, const char *dir, size_t dlen, const char *name)
{
	size_t nlen = strlen(name);

	if (dlen + 1 + nlen + 1 > KSM_PATH_LEN)
		return -1;
	memcpy(out, dir, dlen);
	out[dlen] = '/';
	memcpy(out + dlen + 1, name, nlen + 1);
	return 0;
}

static unsigned int g_busy_wait_ms = 10000;

void ksm_set_busy_wait_ms(unsigned int ms)
{
	g_busy_wait_ms = ms;
}

/*
 * Writes a saved value back.  max_page_sharing and merge_across_nodes
 * rebuild the stable trees, so the kernel refuses them (EBUSY) while any
 * KSM page exists - also one left by processes that just exited, until
 * ksmd next visits them.  Then let ksmd run (run=1) until pages_shared is
 * 0, or two full scans passed (what is left belongs to live processes),
 * or the wait is over; write; put run back as it was.  Never run=2: that
 * would unmerge the pages of every other KSM user on the host.  When other
 * users' pages stay, the knob stays changed (the caller says so, and the
 * state file is kept for `make ksm-reset`).  Async-signal-safe.
 */
static int restore_path(const char *path, const char *value)
{
	char run[KSM_PATH_LEN], shared[KSM_PATH_LEN], scans[KSM_PATH_LEN], old[16];
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	uint64_t v, fs0 = 0, fs;
	int err = sysfs_path_write(path, value), fd;
	ssize_t n;

	if (err != -EBUSY || !slash || sibling(run, path, dlen, "run") ||
	    sibling(shared, path, dlen, "pages_shared") ||
	    sibling(scans, path, dlen, "full_scans"))
		return err;
	fd = open(run, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err;
	n = read(fd, old, sizeof(old) - 1);
	close(fd);
	if (n <= 0)
		return err;
	old[n] = '\0';
	sysfs_path_read_u64(scans, &fs0);
	if (old[0] != '1' && sysfs_path_write(run, "1"))
		return err;
	for (unsigned int waited = 0; waited < g_busy_wait_ms; waited += 20) {
		struct timespec ts = { 0, 20000000L };

		if ((!sysfs_path_read_u64(shared, &v) && v == 0) ||
		    (!sysfs_path_read_u64(scans, &fs) && fs >= fs0 + 2))
			break;
		nanosleep(&ts, NULL);
	}
	err = sysfs_path_write(path, value);
	if (old[0] != '1')
		sysfs_path_write(run, old);
	return err;
}

static void write_state_file(void)
{
	FILE *f;
	char tmp[KSM_PATH_LEN + 8];

	if (!g_state_path[0])
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", g_state_path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "pid %d\ndir %s\n", (int)g_owner, g_dir);
	if (g_dbg_dir[0])
		fprintf(f, "debugdir %s\n", g_dbg_dir);
	for (int i = 0; i < g_nknobs; i++)
		if (g_knobs[i].changed)
			fprintf(f, "knob %s %s\n", g_knobs[i].name, g_knobs[i].saved);
	if (fclose(f) == 0)
		rename(tmp, g_state_path);
}

int ksm_write(const char *name, const char *value)
{
	char path[KSM_PATH_LEN];
	struct ksm_knob *k = find_knob(name);
	bool newly = k && !k->changed && getpid() == g_owner;
	int err;

	/* run=2 unmerges every KSM page of the host, not only ours */
	if (ksm_host_shared() && !strcmp(name, "run") && value[0] == '2')
		return -EPERM;
	if (newly) {
		k->changed = 1;	/* recorded before the write: a kill in between is covered */
		write_state_file();
	}
	file_path(name, path, sizeof(path));
	err = sysfs_path_write(path, value);
	if (err && newly)
		k->changed = 0;
	return err;
}

int ksm_write_u64(const char *name, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return ksm_write(name, buf);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Adds the names of @dir's files not in @v yet; returns the new count. */
static int add_names(const char *dir, char **v, int n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return n;
	while ((de = readdir(d)) && n < KSM_MAX_FILES) {
		bool seen = false;

		if (de->d_name[0] == '.' || strlen(de->d_name) >= KSM_NAME_LEN)
			continue;
		for (int i = 0; i < n && !seen; i++)
			seen = !strcmp(v[i], de->d_name);
		if (!seen && (v[n] = strdup(de->d_name)))
			n++;
	}
	closedir(d);
	return n;
}

/*
 * Sorted names of the KSM files (the sysfs directory's, then the debugfs
 * directory's not in sysfs); caller frees each and the array.
 */
static int list_files(char ***names)
{
	DIR *d = opendir(g_dir);
	char **v;
	int n;

	*names = NULL;
	if (!d)
		return neg_errno();
	closedir(d);
	v = calloc(KSM_MAX_FILES, sizeof(*v));
	if (!v)
		return -ENOMEM;
	n = add_names(g_dir, v, 0);
	if (g_dbg_dir[0])
		n = add_names(g_dbg_dir, v, n);
	qsort(v, (size_t)n, sizeof(*v), cmp_names);
	*names = v;
	return n;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void setup_state_path(void)
{
	const char *dir = getenv("KSMBENCH_STATE_DIR");

	if (!dir || !*dir)
		dir = "/run/ksmbench";
	if (mkdir(dir, 0755) && errno != EEXIST) {
		g_state_path[0] = '\0';
		return;
	}
	snprintf(g_state_path, sizeof(g_state_path), "%s/ksm-saved.%d",
		 dir, (int)g_owner);
}

int ksm_save_all(void)
{
	char **names;
	int n = list_files(&names);

	if (n < 0 || !names)
		return n < 0 ? n : -ENOMEM;
	g_nknobs = 0;
	g_owner = getpid();
	for (int i = 0; i < n; i++) {
		struct ksm_knob *k = &g_knobs[g_nknobs];
		struct stat st;

		file_path(names[i], k->path, sizeof(k->path));
		if (stat(k->path, &st) || !S_ISREG(st.st_mode) ||
		    !(st.st_mode & S_IWUSR))
			continue;
		if (ksm_read_str(names[i], k->saved, sizeof(k->saved)))
			continue;
		snprintf(k->name, sizeof(k->name), "%s", names[i]);
		k->changed = 0;
		g_nknobs++;
	}
	free_names(names, n);
	setup_state_path();
	return g_nknobs;
}

int ksm_restore_all(void)
{
	int failed = 0;

	if (getpid() != g_owner)
		return 0;
	for (int rank = -1; rank <= 2; rank++) {
		for (int i = 0; i < g_nknobs; i++) {
			struct ksm_knob *k = &g_knobs[i];

			if (!k->changed || restore_rank(k->name, k->saved) != rank)
				continue;
			if (restore_path(k->path, k->saved))
				failed++;
			else
				k->changed = 0;
		}
	}
	if (!failed && g_state_path[0])
		unlink(g_state_path);
	return failed;
}

static void (*volatile g_also)(void);

void ksm_restore_also(void (*fn)(void))
{
	g_also = fn;
}

static void restore_at_exit(void)
{
	int failed;

	if (g_also && getpid() == g_owner)
		g_also();
	failed = ksm_restore_all();

	if (failed)
		fprintf(stderr, "warning: %d KSM setting(s) could not be restored; "
			"run `make ksm-reset` once KSM is idle\n", failed);
}

static void restore_and_die(int sig)
{
	static const char msg[] = "\ninterrupted: restoring KSM settings\n";

	if (getpid() == g_owner) {
		ssize_t r;

		for (int i = 0; i < g_nchildren; i++)
			kill(g_children[i], SIGKILL);
		for (int i = 0; i < g_nchildren; i++)
			waitpid(g_children[i], NULL, 0);	/* gone before we are */
		r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
		(void)r;
		if (g_also)
			g_also();
		ksm_restore_all();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void ksm_restore_on_exit(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	atexit(restore_at_exit);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_and_die;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void ksm_register_child(int pid)
{
	if (g_nchildren < KSM_MAX_CHILDREN) {
		g_children[g_nchildren] = pid;
		g_nchildren = g_nchildren + 1;
	}
}

void ksm_unregister_child(int pid)
{
	sigset_t all, old;

	/* the signal handler walks the list: keep it whole meanwhile */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < g_nchildren; i++) {
		if (g_children[i] != pid)
			continue;
		g_children[i] = g_children[g_nchildren - 1];
		g_nchildren = g_nchildren - 1;
		break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Restores one state file; returns 1 if it belonged to a dead process. */
static int recover_file(const char *path, bool quiet)
{
	char line[512], dir[256] = "", dbg_dir[256] = "";
	char name[KSM_NAME_LEN], value[KSM_VALUE_LEN];
	char full[KSM_PATH_LEN + KSM_NAME_LEN];
	int pid = 0, failed = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f) || sscanf(line, "pid %d", &pid) != 1 ||
	    (kill(pid, 0) == 0 || errno != ESRCH) ||
	    !fgets(line, sizeof(line), f) || sscanf(line, "dir %255s", dir) != 1) {
		fclose(f);
		return 0;
	}
	if (fgets(line, sizeof(line), f) && sscanf(line, "debugdir %255s", dbg_dir) != 1)
		dbg_dir[0] = '\0';
	for (int rank = -1; rank <= 2; rank++) {
		rewind(f);
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "knob %63s %63s", name, value) != 2 ||
			    restore_rank(name, value) != rank)
				continue;
			path_in(dir, dbg_dir, name, full, sizeof(full));
			if (!quiet)
				fprintf(stderr, "ksm: restoring %s=%s left by killed run (pid %d)\n",
					name, value, pid);
			if (!restore_path(full, value))
				continue;
			failed++;
			if (!quiet)
				fprintf(stderr, "ksm: could not restore %s (other processes' "
					"KSM pages exist?): kept %s for a later ksm_reset\n",
					full, path);
		}
	}
	fclose(f);
	if (!failed)
		unlink(path);
	return 1;
}

int ksm_recover_stale(bool quiet)
{
	const char *dir = getenv("KSMBENCH_STATE_DIR");
	char path[KSM_PATH_LEN + 256];
	struct dirent *de;
	int handled = 0;
	DIR *d;

	if (!dir || !*dir)
		dir = "/run/ksmbench";
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "ksm-saved.", 10) ||
		    strstr(de->d_name, ".tmp"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		handled += recover_file(path, quiet);
	}
	closedir(d);
	return handled;
}

int ksm_snapshot_take(struct ksm_snapshot *s)
{
	char **names;
	int n = list_files(&names);

	s->n = 0;
	if (n < 0 || !names)
		return n < 0 ? n : -ENOMEM;
	for (int i = 0; i < n; i++) {
		if (ksm_read_str(names[i], s->value[s->n], KSM_VALUE_LEN))
			continue;
		snprintf(s->name[s->n], KSM_NAME_LEN, "%s", names[i]);
		s->n++;
	}
	free_names(names, n);
	return 0;
}

uint64_t ksm_snapshot_u64(const struct ksm_snapshot *s, const char *name,
			  uint64_t fallback)
{
	uint64_t v;

	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return to_u64(s->value[i], &v) ? fallback : v;
	return fallback;
}

void ksm_snapshot_write_deltas(struct json_writer *w, const char *key,
			       const struct ksm_snapshot *before,
			       const struct ksm_snapshot *after)
{
	uint64_t a, b;

	json_begin_object(w, key);
	for (int i = 0; i < after->n; i++) {
		if (to_u64(after->value[i], &a))
			continue;
		b = ksm_snapshot_u64(before, after->name[i], UINT64_MAX);
		if (b != UINT64_MAX)
			json_int(w, after->name[i], (long long)(a - b));
	}
	json_end_object(w);
}

void ksm_snapshot_write_named_deltas(struct json_writer *w, const char *key,
				     const struct ksm_snapshot *before,
				     const struct ksm_snapshot *after,
				     const char *const *names, int n)
{
	json_begin_object(w, key);
	for (int i = 0; i < n; i++) {
		uint64_t a = ksm_snapshot_u64(after, names[i], UINT64_MAX);
		uint64_t b = ksm_snapshot_u64(before, names[i], UINT64_MAX);

		if (a == UINT64_MAX || b == UINT64_MAX)
			json_null(w, names[i]);
		else
			json_int(w, names[i], (long long)(a - b));
	}
	json_end_object(w);
}

void ksm_snapshot_write_json(struct json_writer *w, const char *key,
			     const struct ksm_snapshot *s)
{
	uint64_t v;

	json_begin_object(w, key);
	for (int i = 0; i < s->n; i++) {
		if (to_u64(s->value[i], &v))
			json_string(w, s->name[i], s->value[i]);
		else
			json_uint(w, s->name[i], v);
	}
	json_end_object(w);
}

void ksm_bench_start(const char *prog, bool shared_host)
{
	const char *dir = getenv("KSMBENCH_SYSFS_DIR");
	const char *dbg_dir = getenv("KSMBENCH_DEBUGFS_DIR");

	if (dir && *dir)
		ksm_set_dir(dir);
	if (dbg_dir)
		ksm_set_debug_dir(dbg_dir);
	if (geteuid() != 0) {
		fprintf(stderr, "%s: must run as root: it drives %s\n", prog, g_dir);
		exit(2);
	}
	if (!ksm_available()) {
		fprintf(stderr, "%s: KSM is not available: %s/run is missing "
			"(kernel built without CONFIG_KSM?)\n", prog, g_dir);
		exit(2);
	}
	run_lock_or_die(prog);
	ksm_recover_stale(false);
	if (ksm_save_all() < 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", prog, g_dir, strerror(errno));
		exit(2);
	}
	ksm_restore_on_exit();
	ksm_host_check(prog, shared_host);
}
