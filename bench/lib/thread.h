/* SPDX-License-Identifier: GPL-2.0 */
/* thread.h - starting the benchmarks' worker threads */
#ifndef KSMBENCH_THREAD_H
#define KSMBENCH_THREAD_H

#include <pthread.h>
#include <stdint.h>

/*
 * pthread_create(@tid, @fn, @arg), or a message naming thread @index and
 * exit(1): a benchmark missing one of its threads measures something else
 * (and threads waiting for it at a barrier would wait forever).
 */
void thread_start_or_die(const char *prog, pthread_t *tid, void *(*fn)(void *),
			 void *arg, uint64_t index);

#endif
