/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stamp.h - self-describing disk blocks for integrity checks.
 *
 * Every block written carries its block number, a generation (bumped at
 * each rewrite), and a checksum over the rest of the block, so any block
 * read back can be checked on its own: right block, right generation,
 * intact payload.  The payload is generated from (block, generation), so a
 * stale copy of the block (an older generation) is caught as well.
 */
#ifndef KSMBENCH_STAMP_H
#define KSMBENCH_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STAMP_MAGIC 0x6b736d7374616d70ull	/* "ksmstamp" */

struct stamp {
	uint64_t magic;
	uint64_t block;
	uint64_t gen;
	uint64_t checksum;	/* of the whole block with this field zero */
};

/* Fills @buf (@size bytes, a multiple of 8, >= 64) as block @block, @gen. */
void stamp_fill(void *buf, size_t size, uint64_t block, uint64_t gen);

enum stamp_verdict {
	STAMP_OK,
	STAMP_BAD_MAGIC,	/* not a stamped block at all: other data */
	STAMP_WRONG_BLOCK,	/* a stamped block, but another one */
	STAMP_WRONG_GEN,	/* this block, but an older or newer write */
	STAMP_BAD_CHECKSUM,	/* header right, contents damaged */
};

/* Checks @buf is block @block, generation @gen, intact. */
enum stamp_verdict stamp_check(const void *buf, size_t size, uint64_t block,
			       uint64_t gen);
const char *stamp_verdict_name(enum stamp_verdict v);

#endif
