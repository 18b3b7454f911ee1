/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagehash.h - the page hashes a KSM index could be keyed by, as the kernel
 * computes them, so that their cost per 4 KiB page can be timed side by
 * side in userspace (xxhash_bound --hash):
 *
 *   xxh64      xxhash(page, seed 0): v1's checksum; invertible, so pages
 *              with a chosen hash can be made (bench/xxh64_collide)
 *   nh         NH (RFC 4418's UMAC hash) under a random key as long as the
 *              page, then hash_64(): the series' checksum since v2
 *   siphash24  SipHash-2-4 (the kernel's siphash()) under a random key
 *   siphash13  SipHash-1-3 (the kernel's hsiphash() on 64-bit)
 *
 * NH and SipHash are built without vector instructions, as the kernel is.
 */
#ifndef KSMBENCH_PAGEHASH_H
#define KSMBENCH_PAGEHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum page_hash { PAGE_HASH_XXH64, PAGE_HASH_NH, PAGE_HASH_SIPHASH24, PAGE_HASH_SIPHASH13 };

/* The key NH and SipHash use: NH's is as long as the largest page */
#define PAGE_HASH_MAX_PAGE	65536
struct page_hash_key {
	uint32_t nh[PAGE_HASH_MAX_PAGE / sizeof(uint32_t)];
	uint64_t sip[2];
};

/* "xxh64" ... "siphash13" to the enum; false if unknown */
bool page_hash_parse(const char *name, enum page_hash *out);
const char *page_hash_name(enum page_hash h);
/* "xxh64, nh, siphash24, siphash13" for messages */
const char *page_hash_names(void);

/* A key from the 64-bit @seed (splitmix64): reproducible runs */
void page_hash_key_init(struct page_hash_key *key, uint64_t seed);

/* @len: a multiple of 8, at most PAGE_HASH_MAX_PAGE (NH reads 32-bit words) */
uint64_t page_hash(enum page_hash h, const struct page_hash_key *key,
		   const void *page, size_t len);

/* The parts, for tests */
uint64_t nh_page(const uint32_t *key, const void *page, size_t len);
uint64_t siphash_words(const uint64_t key[2], const void *data, size_t len,
		       int c_rounds, int d_rounds);

#endif
