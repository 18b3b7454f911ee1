/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksm_sysfs.h - read, write, save and restore /sys/kernel/mm/ksm.
 *
 * ksm_save_all() records every writable knob the running kernel has.  Each
 * knob the program then writes through ksm_write() is marked changed, and
 * ksm_restore_all() writes those back - at exit, on SIGINT/SIGTERM/SIGHUP
 * (ksm_restore_on_exit()), or by hand.  The restore path only uses
 * open/write/close so it is safe inside a signal handler.
 *
 * A run in shared mode (ksm_host.h) may not write run=2 (-EPERM), and no
 * restore ever writes it: see restore_path().
 *
 * In case the program dies by SIGKILL, the changed knobs are also kept in a
 * state file (KSMBENCH_STATE_DIR, default /run/ksmbench) that the next run,
 * or `ksm_reset`, restores.
 */
#ifndef KSMBENCH_KSM_SYSFS_H
#define KSMBENCH_KSM_SYSFS_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"

#define KSM_SYSFS_DEFAULT_DIR	"/sys/kernel/mm/ksm"
/*
 * A kernel with the series keeps what only measurements need (its
 * counters, merge_batch_pages) in debugfs: the library treats the files of
 * both directories as one set, sysfs first.  Missing on other kernels.
 */
#define KSM_DEBUGFS_DEFAULT_DIR	"/sys/kernel/debug/ksm"
#define KSM_MAX_FILES		64
#define KSM_NAME_LEN		64
#define KSM_VALUE_LEN		64

/*
 * Points the library at another directory (unit tests use a temp dir), and
 * at no debugfs directory until ksm_set_debug_dir() names one.
 */
void ksm_set_dir(const char *dir);
void ksm_set_debug_dir(const char *dir);
const char *ksm_dir(void);
bool ksm_available(void);

/*
 * Extracts a knob's value from its sysfs text: trims whitespace, and for
 * choice files such as advisor_mode ("[none] scan-time") returns the
 * bracketed word.  Returns 0, or -1 when @text holds no value.
 */
int ksm_parse_value(const char *text, char *out, int outlen);

int ksm_read_str(const char *name, char *buf, int len);
/* Returns 0, -ENOENT when the file does not exist, -EINVAL if not a number. */
int ksm_read_u64(const char *name, uint64_t *v);
bool ksm_has(const char *name);
/* Writes @value, marking the knob for restore; returns 0 or -errno. */
int ksm_write(const char *name, const char *value);
int ksm_write_u64(const char *name, uint64_t v);

/*
 * Any sysfs file by its path, with open/read/write/close only
 * (async-signal-safe): nothing marked for restore.  Write returns 0 or
 * -errno; read returns 0, or -1 when the file is missing or holds no
 * number.
 */
int sysfs_path_write(const char *path, const char *value);
int sysfs_path_read_u64(const char *path, uint64_t *v);

/* Returns the number of knobs saved, or -errno. */
int ksm_save_all(void);
/*
 * Writes the saved value back to every knob ksm_write() changed, in an
 * order the kernel accepts (run last, advisor_mode before it).  Returns the
 * number of knobs that could not be restored.  Async-signal-safe.
 */
int ksm_restore_all(void);
/* atexit() + SIGINT/SIGTERM/SIGHUP handlers that restore, then die. */
void ksm_restore_on_exit(void);
/*
 * Something else to undo on those paths, before the knobs (a tracefs
 * probe): @fn must be async-signal-safe.  One at a time; NULL: none.
 */
void ksm_restore_also(void (*fn)(void));
/* Registers a pid the signal handler SIGKILLs before it restores. */
void ksm_register_child(int pid);
/* Forgets a registered child once it has been reaped. */
void ksm_unregister_child(int pid);

/*
 * Restores knobs recorded in state files left by dead processes.  Returns the
 * number of files handled; prints what it did to stderr unless @quiet.
 */
int ksm_recover_stale(bool quiet);

/*
 * The start of every benchmark: exits with status 2 and a message unless
 * the caller is root and KSM exists, or when another run holds the run
 * lock (run_lock.h); restores what a killed earlier run left changed;
 * saves every knob and arms the restore at exit and on signals; then
 * refuses a host whose KSM holds other processes' pages unless
 * @shared_host (ksm_host.h).  KSMBENCH_SYSFS_DIR points it at another
 * directory (tests).
 */
void ksm_bench_start(const char *prog, bool shared_host);

/*
 * How long a restore refused with EBUSY lets ksmd drop the pages of
 * processes that are gone before it writes again (default 10 s).
 */
void ksm_set_busy_wait_ms(unsigned int ms);

/* Every KSM file (knobs and counters) at one moment. */
struct ksm_snapshot {
	int n;
	char name[KSM_MAX_FILES][KSM_NAME_LEN];
	char value[KSM_MAX_FILES][KSM_VALUE_LEN];
};

int ksm_snapshot_take(struct ksm_snapshot *s);
/* The value of @name as a number; @fallback when absent or not numeric. */
uint64_t ksm_snapshot_u64(const struct ksm_snapshot *s, const char *name,
			  uint64_t fallback);
/*
 * Writes, under @key, after - before for every file numeric in both: the
 * counters of any kernel (full_scans, pages_scanned, a patched kernel's
 * new ones) without naming them.
 */
void ksm_snapshot_write_deltas(struct json_writer *w, const char *key,
			       const struct ksm_snapshot *before,
			       const struct ksm_snapshot *after);
/*
 * The same for the @n files @names, each one always written: its delta
 * (negative when a gauge such as pages_sharing fell), or null when either
 * snapshot lacks it (a stock kernel and the series' counters).
 */
void ksm_snapshot_write_named_deltas(struct json_writer *w, const char *key,
				     const struct ksm_snapshot *before,
				     const struct ksm_snapshot *after,
				     const char *const *names, int n);
/* Numbers are written as numbers, choices (advisor_mode) as strings. */
void ksm_snapshot_write_json(struct json_writer *w, const char *key,
			     const struct ksm_snapshot *s);

#endif
