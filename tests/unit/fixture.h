/* SPDX-License-Identifier: GPL-2.0 */
/* fixture.h - scratch files for unit tests that fake /sys or /proc. */
#ifndef KSMBENCH_FIXTURE_H
#define KSMBENCH_FIXTURE_H

/* Writes @text to @dir/@name (aborts if it cannot: the test is void). */
void fixture_put(const char *dir, const char *name, const char *text);
/* rm -rf @dir, saying so in a TAP comment if it fails. */
void fixture_rm_tree(const char *dir);

#endif
