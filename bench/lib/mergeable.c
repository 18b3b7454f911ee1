// SPDX-License-Identifier: GPL-2.0
#include "mergeable.h"

#include <errno.h>
#include <sys/mman.h>

void *mergeable_alloc(size_t bytes, bool thp)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int err;

	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, bytes, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) && thp)
		goto fail;
	if (madvise(p, bytes, MADV_MERGEABLE))
		goto fail;
	return p;
fail:
	err = errno;
	munmap(p, bytes);
	errno = err;
	return NULL;
}

void mergeable_free(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}
