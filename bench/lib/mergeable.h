/* SPDX-License-Identifier: GPL-2.0 */
/* mergeable.h - anonymous memory that KSM may merge. */
#ifndef KSMBENCH_MERGEABLE_H
#define KSMBENCH_MERGEABLE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Maps @bytes of private anonymous memory and marks it MADV_MERGEABLE.
 * Transparent huge pages are refused unless @thp: KSM would first have to
 * split them, which is a separate cost from merging.  Returns NULL with
 * errno set on failure.
 */
void *mergeable_alloc(size_t bytes, bool thp);
void mergeable_free(void *p, size_t bytes);

#endif
