/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - a minimal unit-test harness in the spirit of the kernel's
 * kselftest_harness.h: TEST(name) defines a case, CHECK() records a failed
 * expectation and goes on, TAP lines and an "N passed, N failed" summary.
 */
#ifndef KSMBENCH_HARNESS_H
#define KSMBENCH_HARNESS_H

#include <stdio.h>

struct test_case {
	const char *name;
	void (*fn)(int *failed);
};

#define MAX_TESTS 128
extern struct test_case g_tests[MAX_TESTS];
extern int g_ntests;

#define TEST(name)							\
	static void test_##name(int *failed);				\
	__attribute__((constructor)) static void register_##name(void)	\
	{								\
		if (g_ntests < MAX_TESTS)				\
			g_tests[g_ntests++] = (struct test_case){ #name, test_##name }; \
	}								\
	static void test_##name(int *failed)

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("#   %s:%d: CHECK(%s) failed\n",		\
			       __FILE__, __LINE__, #cond);		\
			(*failed)++;					\
		}							\
	} while (0)

#define CHECK_EQ_U64(a, b)						\
	do {								\
		unsigned long long a_ = (a), b_ = (b);			\
		if (a_ != b_) {						\
			printf("#   %s:%d: %s == %llu, expected %s == %llu\n", \
			       __FILE__, __LINE__, #a, a_, #b, b_);	\
			(*failed)++;					\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (strcmp(a_, b_)) {					\
			printf("#   %s:%d: %s is \"%s\", expected \"%s\"\n", \
			       __FILE__, __LINE__, #a, a_, b_);		\
			(*failed)++;					\
		}							\
	} while (0)

#endif
