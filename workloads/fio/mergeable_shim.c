// SPDX-License-Identifier: GPL-2.0
/*
 * mergeable_shim.so - LD_PRELOAD shim that marks every private anonymous
 * writable mapping a program makes MADV_MERGEABLE, so KSM scans it.
 *
 * fio has no option to put its I/O buffers in mergeable memory (Linux 6.1
 * has no PR_SET_MEMORY_MERGE either); with iomem=mmap fio maps them with
 * mmap(MAP_PRIVATE | MAP_ANONYMOUS), which this shim intercepts.  Used by
 * scripts/fio-crosscheck.sh for an independent measure of O_DIRECT latency
 * under KSM beside odirect_latency's.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>

typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);

static void *mergeable(void *p, size_t len, int prot, int flags)
{
	if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (flags & MAP_PRIVATE) &&
	    (prot & PROT_WRITE))
		madvise(p, len, MADV_MERGEABLE);
	return p;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static mmap_fn real;

	if (!real)
		real = (mmap_fn)dlsym(RTLD_NEXT, "mmap");
	return mergeable(real(addr, len, prot, flags, fd, off), len, prot, flags);
}

/* what programs built with _FILE_OFFSET_BITS=64 (fio) call */
void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static mmap_fn real;

	if (!real)
		real = (mmap_fn)dlsym(RTLD_NEXT, "mmap64");
	return mergeable(real(addr, len, prot, flags, fd, off), len, prot, flags);
}
