/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kprobe_count.h - count calls of kernel functions with kprobe events.
 *
 * kprobe_count_add() registers "p:ksmbench/NAME SYMBOL" in tracefs'
 * kprobe_events and enables it (with tracing itself off, nothing is
 * recorded: the kprobe only counts its hits); kprobe_count_read() returns
 * the hits from kprobe_profile; kprobe_count_remove_all() takes every
 * ksmbench probe away again.  Where tracefs is missing (most hosts here)
 * or the symbol cannot be probed, add fails and the caller reports the
 * count as not measured.
 */
#ifndef KSMBENCH_KPROBE_COUNT_H
#define KSMBENCH_KPROBE_COUNT_H

#include <stdint.h>

/* Points the library at another tracefs directory (tests). */
void kprobe_set_tracefs(const char *dir);
/* Returns 0, or -errno (no tracefs, symbol not probeable, ...). */
int kprobe_count_add(const char *name, const char *symbol);
int kprobe_count_read(const char *name, uint64_t *hits);
/* Async-signal-safe (open, write, close): may run from a signal handler. */
void kprobe_count_remove_all(void);

#endif
