// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_reset - restore KSM settings that a benchmark killed by SIGKILL (or a
 * crash) left changed.  Every benchmark records the knobs it changed, with
 * their original values, in a state file; this applies the files of dead
 * processes.  Benchmarks do the same when they start.
 *
 * ksm_reset --guard NAME: the same save/restore protocol for a script
 * (workloads/vm_density.py, scripts/fio-crosscheck.sh): it takes the run
 * lock for NAME, checks the host (--shared-host), saves every knob, then
 * writes the knobs the script asks for on its standard input, one command
 * a line, and answers each on its standard output:
 *
 *   set KNOB VALUE    ->  "ok", or "error: why"
 *
 * When its input ends - the script exited, however it died, SIGKILL
 * included - or on SIGTERM/SIGHUP, it restores every knob it changed and
 * exits; killed itself, it leaves its state file for ksm_reset.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lib/cliparse.h"
#include "lib/ksm_host.h"
#include "lib/ksm_sysfs.h"
#include "lib/run_lock.h"
#include "lib/timing.h"

static const char *prog = "ksm_reset";

static void usage(FILE *f)
{
	fprintf(f,
"usage: ksm_reset                     restore what killed runs left changed\n"
"       ksm_reset --guard NAME [--shared-host]\n"
"                                     save/restore KSM knobs for a script:\n"
"                                     'set KNOB VALUE' lines on stdin, 'ok' or\n"
"                                     'error: ...' answers; restores at end of input\n");
}

/* Waits up to 5 s for a killed run's children to let go of the lock. */
static void lock_patiently(void)
{
	char holder[256];

	for (int i = 0; i < 50; i++) {
		if (run_lock_take(prog, holder, sizeof(holder)) != -EBUSY)
			break;
		sleep_ms(100);
	}
	run_lock_or_die(prog);
}

static int reset(void)
{
	int n;

	ksm_set_busy_wait_ms(60000);
	lock_patiently();
	n = ksm_recover_stale(false);
	fprintf(stderr, "ksm_reset: %d killed run(s) had settings to restore\n", n);
	return 0;
}

/* One "set KNOB VALUE" line: writes it, answers on stdout. */
static void guard_command(char *line)
{
	char knob[KSM_NAME_LEN], value[KSM_VALUE_LEN];
	int err;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "set %63s %63s", knob, value) != 2 || strchr(knob, '/')) {
		printf("error: want 'set KNOB VALUE', got '%s'\n", line);
	} else if ((err = ksm_write(knob, value))) {
		printf("error: %s/%s=%s: %s%s\n", ksm_dir(), knob, value, strerror(-err),
		       err == -EPERM ? " (shared host: run=2 would unmerge every "
		       "process's KSM pages)" : "");
	} else {
		printf("ok\n");
	}
	fflush(stdout);
}

static int guard(const char *name, bool shared_host)
{
	char line[256], who[128];
	pid_t parent = getppid();

	/* the lock names the script, whose pid is our parent's */
	snprintf(who, sizeof(who), "%s (script pid %d)", name, (int)parent);
	ksm_bench_start(who, shared_host);
	/* Ctrl-C reaches the whole process group: the script decides when we end */
	signal(SIGINT, SIG_IGN);
	/*
	 * The script's death also ends us when a child of it still holds our
	 * input open: SIGTERM, whose handler restores (if it died already,
	 * our parent is no longer the one we started with).
	 */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		raise(SIGTERM);
	printf("ready shared=%d\n", ksm_host_shared());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin))
		guard_command(line);
	/* what is not restored is retried (and reported) at exit, and kept for ksm_reset */
	return ksm_restore_all() ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		if (geteuid() != 0) {
			fprintf(stderr, "ksm_reset: must run as root\n");
			return EXIT_USAGE;
		}
		return reset();
	}
	if (argc >= 3 && !strcmp(argv[1], "--guard") &&
	    (argc == 3 || (argc == 4 && !strcmp(argv[3], "--shared-host"))))
		return guard(argv[2], argc == 4);
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return EXIT_USAGE;
}
