// SPDX-License-Identifier: GPL-2.0
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>

void thread_start_or_die(const char *prog, pthread_t *tid, void *(*fn)(void *),
			 void *arg, uint64_t index)
{
	if (pthread_create(tid, NULL, fn, arg)) {
		fprintf(stderr, "%s: cannot start thread %llu\n", prog,
			(unsigned long long)index);
		exit(1);
	}
}
