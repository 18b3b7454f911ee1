/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run_lock.h - one KSM-changing run at a time on a host.
 *
 * Every tool that writes /sys/kernel/mm/ksm takes an exclusive flock() on
 * one file (KSMBENCH_LOCK_FILE, default /run/ksmbench/lock) and writes into
 * it who holds it: tool, pid and start time.  A second run finds the lock
 * taken and says whose it is.  The kernel drops the lock when the holder
 * and the children it forked are gone, SIGKILL included, so a killed run
 * never leaves it held.  Without the lock, a second run would save the
 * first one's changed knobs as the "originals" and restore those.
 */
#ifndef KSMBENCH_RUN_LOCK_H
#define KSMBENCH_RUN_LOCK_H

#include <stddef.h>

#define RUN_LOCK_DEFAULT	"/run/ksmbench/lock"

/* The lock file's path: KSMBENCH_LOCK_FILE or RUN_LOCK_DEFAULT. */
const char *run_lock_path(void);

/*
 * Takes the lock for @prog without waiting and records the holder.
 * Returns 0; -EBUSY when another run holds it, with its description in
 * @holder (the file's first line, or "unknown"); another -errno when the
 * file cannot be opened.  The lock is kept until the process exits.
 */
int run_lock_take(const char *prog, char *holder, size_t len);

/* Creates every missing directory above the file @path (mkdir -p). */
void run_lock_make_dirs(const char *path);

/* run_lock_take(), or exit 2 with a message naming the holder. */
void run_lock_or_die(const char *prog);

#endif
