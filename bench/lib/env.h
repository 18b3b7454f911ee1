/* SPDX-License-Identifier: GPL-2.0 */
/*
 * env.h - the environment a result was measured in (DESIGN.md §6).
 *
 * virt is "native" when the benchmark runs on the machine's own kernel, or
 * what the runner that booted a guest says through KSMBENCH_VIRT (tcg, kvm,
 * icount); hypervisor is the CPUID signature the CPU reports, so a "native"
 * run on a cloud VM still says what it runs on.  The kernel harness passes
 * KSMBENCH_KERNEL (stock/patched) and KSMBENCH_SERIES_SHA256.
 */
#ifndef KSMBENCH_ENV_H
#define KSMBENCH_ENV_H

#include <stddef.h>
#include <stdio.h>

#include "json.h"

/* Joins argv into one shell-quoted line. */
void env_command_line(int argc, char **argv, char *buf, size_t len);
/* The CPUID hypervisor signature ("KVMKVMKVM", "TCGTCGTCGTCG"), or "none". */
void env_hypervisor(char *buf, size_t len);
void env_write_json(struct json_writer *w, const char *key, int argc, char **argv);

/*
 * env_json_open - opens --json @path for writing (stdout if NULL) when the
 * program starts, so a path it cannot write fails in the first second, not
 * after the run: exits with status 2 and a message.  An existing file is
 * not truncated until the report is written.
 */
FILE *env_json_open(const char *prog, const char *path);

/*
 * env_report_open - starts @prog's JSON document in @f (env_json_open()'s):
 * the top-level object with "benchmark" (@prog), "schema_version" and
 * "env".  Returns @f, or NULL with a message on stderr.
 */
FILE *env_report_open(struct json_writer *w, const char *prog, FILE *f,
		      int argc, char **argv);
/* env_report_close - ends the document, closes @f unless stdout: 0 or -1 */
int env_report_close(struct json_writer *w, FILE *f);

#endif
