// SPDX-License-Identifier: GPL-2.0
/* KSM sysfs control against a fake /sys/kernel/mm/ksm in a temp dir. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "lib/ksm_sysfs.h"

static void put(const char *dir, const char *name, const char *text, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void get(const char *dir, const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The pid of a process that has exited: a killed run's, for state files */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* A fresh fake KSM dir and state dir; returns the KSM dir. */
static char *fake_ksm(char *state, size_t len)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/ksmbench-unit-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	put(dir, "run", "0\n", 0644);
	put(dir, "pages_to_scan", "100\n", 0644);
	put(dir, "advisor_mode", "[none] scan-time\n", 0644);
	put(dir, "full_scans", "5\n", 0444);
	snprintf(state, len, "%s/state", dir);
	setenv("KSMBENCH_STATE_DIR", state, 1);
	ksm_set_dir(dir);
	return dir;
}

TEST(ksm_parse_value_forms)
{
	char v[16];

	CHECK(ksm_parse_value("100\n", v, sizeof(v)) == 0);
	CHECK_STR(v, "100");
	CHECK(ksm_parse_value("  7 \n", v, sizeof(v)) == 0);
	CHECK_STR(v, "7");
	CHECK(ksm_parse_value("[none] scan-time\n", v, sizeof(v)) == 0);
	CHECK_STR(v, "none");
	CHECK(ksm_parse_value("none [scan-time]\n", v, sizeof(v)) == 0);
	CHECK_STR(v, "scan-time");
	CHECK(ksm_parse_value("\n", v, sizeof(v)) == -1);
	CHECK(ksm_parse_value("[broken", v, sizeof(v)) == -1);
	CHECK(ksm_parse_value("12345678901234567890", v, sizeof(v)) == -1);
}

TEST(ksm_save_write_restore)
{
	char state[128], v[64], statefile[192];
	char *dir = fake_ksm(state, sizeof(state));
	uint64_t n = 0;

	CHECK(ksm_available());
	CHECK_EQ_U64(ksm_save_all(), 3);	/* full_scans is read-only */
	CHECK(ksm_read_u64("full_scans", &n) == 0 && n == 5);
	CHECK(ksm_read_u64("advisor_mode", &n) == -EINVAL);
	CHECK(ksm_read_u64("missing", &n) == -ENOENT);
	CHECK(ksm_read_str("advisor_mode", v, sizeof(v)) == 0);
	CHECK_STR(v, "none");

	CHECK(ksm_write_u64("pages_to_scan", 5000) == 0);
	CHECK(ksm_write("run", "1") == 0);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "5000");
	snprintf(statefile, sizeof(statefile), "%s/ksm-saved.%d", state, (int)getpid());
	CHECK(exists(statefile));

	CHECK_EQ_U64(ksm_restore_all(), 0);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "100");
	get(dir, "run", v, sizeof(v));
	CHECK_STR(v, "0");
	get(dir, "advisor_mode", v, sizeof(v));	/* never written: untouched */
	CHECK_STR(v, "[none] scan-time");
	CHECK(!exists(statefile));
	fixture_rm_tree(dir);
}

TEST(sysfs_path_io_by_path_marks_nothing)
{
	char state[128], v[64], path[192], statefile[192];
	char *dir = fake_ksm(state, sizeof(state));
	uint64_t n = 7;

	snprintf(path, sizeof(path), "%s/pages_to_scan", dir);
	CHECK(sysfs_path_write(path, "42") == 0);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "42");
	CHECK(sysfs_path_read_u64(path, &n) == 0 && n == 42);
	snprintf(statefile, sizeof(statefile), "%s/ksm-saved.%d", state, (int)getpid());
	CHECK(!exists(statefile));		/* not a knob to restore */
	snprintf(path, sizeof(path), "%s/advisor_mode", dir);
	CHECK(sysfs_path_read_u64(path, &n) == -1);	/* no number */
	snprintf(path, sizeof(path), "%s/missing/x", dir);
	CHECK(sysfs_path_read_u64(path, &n) == -1);
	CHECK(sysfs_path_write(path, "1") == -ENOENT);
	fixture_rm_tree(dir);
}

TEST(ksm_restore_is_a_noop_in_children)
{
	char state[128], v[64];
	char *dir = fake_ksm(state, sizeof(state));
	pid_t pid;
	int status = 0;

	ksm_save_all();
	ksm_write("pages_to_scan", "777");
	pid = fork();
	if (pid == 0)
		_exit(ksm_restore_all() == 0 ? 0 : 1);
	waitpid(pid, &status, 0);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "777");	/* the child did not restore */
	CHECK(ksm_restore_all() == 0);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "100");
	fixture_rm_tree(dir);
}

static char also_mark[192];

/* ksm_restore_also()'s hook: leaves a file, with calls safe in a signal handler */
static void mark_also(void)
{
	int fd = open(also_mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
}

/* A child that changes a knob, arms the restore and the hook, then dies by @sig (0: exit()) */
static int die_with_hook(int sig)
{
	pid_t pid;
	int status = 0;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, STDERR_FILENO);	/* "interrupted: restoring ..." */
		ksm_save_all();
		ksm_write("pages_to_scan", "777");
		ksm_restore_on_exit();
		ksm_restore_also(mark_also);
		if (sig)
			raise(sig);
		exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

TEST(ksm_restore_also_runs_on_signals_and_exit)
{
	char state[128], v[64];
	char *dir = fake_ksm(state, sizeof(state));
	int status;

	snprintf(also_mark, sizeof(also_mark), "%s/also", dir);
	status = die_with_hook(SIGTERM);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(exists(also_mark));
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "100");
	unlink(also_mark);
	status = die_with_hook(0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(exists(also_mark));
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "100");
	fixture_rm_tree(dir);
}

TEST(ksm_snapshot_numbers_and_choices)
{
	char state[128];
	char *dir = fake_ksm(state, sizeof(state));
	struct ksm_snapshot *s = malloc(sizeof(*s));

	CHECK(ksm_snapshot_take(s) == 0);
	CHECK_EQ_U64(s->n, 4);
	CHECK_EQ_U64(ksm_snapshot_u64(s, "full_scans", 0), 5);
	CHECK_EQ_U64(ksm_snapshot_u64(s, "advisor_mode", 99), 99);
	CHECK_EQ_U64(ksm_snapshot_u64(s, "nonexistent", 42), 42);
	free(s);
	fixture_rm_tree(dir);
}

static void snap_put(struct ksm_snapshot *s, const char *name, const char *value)
{
	snprintf(s->name[s->n], KSM_NAME_LEN, "%s", name);
	snprintf(s->value[s->n], KSM_VALUE_LEN, "%s", value);
	s->n++;
}

TEST(ksm_named_deltas_signed_or_null)
{
	static const char *const names[] = { "pages_sharing", "full_scans", "tlb_flushes",
					     "advisor_mode" };
	struct ksm_snapshot *b = calloc(2, sizeof(*b)), *a = b + 1;
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	snap_put(b, "pages_sharing", "10");
	snap_put(b, "full_scans", "1");
	snap_put(b, "advisor_mode", "none");
	snap_put(a, "pages_sharing", "4");
	snap_put(a, "full_scans", "3");
	snap_put(a, "advisor_mode", "scan-time");
	snap_put(a, "tlb_flushes", "9");	/* only after: no delta */
	json_init(&w, f);
	json_begin_object(&w, NULL);
	ksm_snapshot_write_named_deltas(&w, "k", b, a, names, 4);
	json_end_object(&w);
	CHECK(json_finish(&w) == 0);
	fclose(f);
	CHECK(strstr(buf, "\"pages_sharing\": -6") != NULL);
	CHECK(strstr(buf, "\"full_scans\": 2") != NULL);
	CHECK(strstr(buf, "\"tlb_flushes\": null") != NULL);
	CHECK(strstr(buf, "\"advisor_mode\": null") != NULL);
	free(buf);
	free(b);
}

TEST(ksm_recovers_settings_of_killed_runs)
{
	char state[128], v[64], path[256];
	char *dir = fake_ksm(state, sizeof(state));
	pid_t dead = dead_pid();
	FILE *f;

	mkdir(state, 0755);
	put(dir, "pages_to_scan", "5000\n", 0644);
	put(dir, "run", "1\n", 0644);
	snprintf(path, sizeof(path), "%s/ksm-saved.%d", state, (int)dead);
	f = fopen(path, "w");
	fprintf(f, "pid %d\ndir %s\nknob run 0\nknob pages_to_scan 100\n", (int)dead, dir);
	fclose(f);
	/* a live process's file must be left alone */
	snprintf(path, sizeof(path), "%s/ksm-saved.%d", state, (int)getpid());
	f = fopen(path, "w");
	fprintf(f, "pid %d\ndir %s\nknob pages_to_scan 1\n", (int)getpid(), dir);
	fclose(f);

	CHECK_EQ_U64(ksm_recover_stale(true), 1);
	get(dir, "pages_to_scan", v, sizeof(v));
	CHECK_STR(v, "100");
	get(dir, "run", v, sizeof(v));
	CHECK_STR(v, "0");
	CHECK(exists(path));
	snprintf(path, sizeof(path), "%s/ksm-saved.%d", state, (int)dead);
	CHECK(!exists(path));
	fixture_rm_tree(dir);
}

/* A fake debugfs directory with a counter and a knob beside @dir; its path */
static const char *fake_debugfs(const char *dir)
{
	static char dbg[96];

	snprintf(dbg, sizeof(dbg), "%s/debug", dir);
	mkdir(dbg, 0755);
	put(dbg, "tlb_flushes", "7\n", 0444);
	put(dbg, "merge_batch_pages", "64\n", 0644);
	put(dbg, "run", "9\n", 0644);	/* shadowed by sysfs's */
	ksm_set_debug_dir(dbg);
	return dbg;
}

/* debugfs files join the set: read, snapshot, saved, written, restored */
TEST(ksm_debugfs_files_are_ksm_files)
{
	char state[128], v[64];
	char *dir = fake_ksm(state, sizeof(state));
	const char *dbg = fake_debugfs(dir);
	struct ksm_snapshot *s = malloc(sizeof(*s));
	uint64_t n = 0;

	CHECK(ksm_has("tlb_flushes") && ksm_has("merge_batch_pages"));
	CHECK(ksm_read_u64("tlb_flushes", &n) == 0 && n == 7);
	CHECK(ksm_read_u64("run", &n) == 0 && n == 0);	/* sysfs first */
	CHECK(ksm_snapshot_take(s) == 0);
	CHECK_EQ_U64(s->n, 6);	/* 4 + 2 (run is sysfs's; "debug" is no file) */
	CHECK_EQ_U64(ksm_snapshot_u64(s, "tlb_flushes", 0), 7);
	CHECK_EQ_U64(ksm_save_all(), 4);	/* + merge_batch_pages */
	CHECK(ksm_write_u64("merge_batch_pages", 1) == 0);
	get(dbg, "merge_batch_pages", v, sizeof(v));
	CHECK_STR(v, "1");
	CHECK_EQ_U64(ksm_restore_all(), 0);
	get(dbg, "merge_batch_pages", v, sizeof(v));
	CHECK_STR(v, "64");
	get(dbg, "run", v, sizeof(v));
	CHECK_STR(v, "9");
	free(s);
	ksm_set_debug_dir("");
	fixture_rm_tree(dir);
}

/* a killed run's debugfs knob is put back where it was */
TEST(ksm_recovers_debugfs_knobs_of_killed_runs)
{
	char state[128], v[64], path[256];
	char *dir = fake_ksm(state, sizeof(state));
	const char *dbg = fake_debugfs(dir);
	pid_t dead = dead_pid();
	FILE *f;

	mkdir(state, 0755);
	put(dbg, "merge_batch_pages", "1\n", 0644);
	snprintf(path, sizeof(path), "%s/ksm-saved.%d", state, (int)dead);
	f = fopen(path, "w");
	fprintf(f, "pid %d\ndir %s\ndebugdir %s\nknob merge_batch_pages 64\n",
		(int)dead, dir, dbg);
	fclose(f);
	ksm_set_debug_dir("");	/* the file says where */
	CHECK_EQ_U64(ksm_recover_stale(true), 1);
	get(dbg, "merge_batch_pages", v, sizeof(v));
	CHECK_STR(v, "64");
	CHECK(!exists(path));
	fixture_rm_tree(dir);
}
