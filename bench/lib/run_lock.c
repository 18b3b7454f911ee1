// SPDX-License-Identifier: GPL-2.0
#include "run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cliparse.h"

static int g_lock_fd = -1;	/* held until exit: never closed */

const char *run_lock_path(void)
{
	const char *p = getenv("KSMBENCH_LOCK_FILE");

	return p && *p ? p : RUN_LOCK_DEFAULT;
}

void run_lock_make_dirs(const char *path)
{
	char dir[512];

	snprintf(dir, sizeof(dir), "%s", path);
	/* every directory above the file, as mkdir -p: a guest's initramfs has no /run */
	for (char *slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
}

static void read_holder(int fd, char *holder, size_t len)
{
	ssize_t n = pread(fd, holder, len - 1, 0);

	if (n <= 0) {
		snprintf(holder, len, "unknown (it has not written its name yet)");
		return;
	}
	holder[n] = '\0';
	holder[strcspn(holder, "\n")] = '\0';
}

static void write_holder(int fd, const char *prog)
{
	char line[256], date[32];
	time_t t = time(NULL);
	struct tm tm;
	int n;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s (pid %d, started %s)\n", prog,
		     (int)getpid(), date);
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, line, (size_t)n, 0);
}

int run_lock_take(const char *prog, char *holder, size_t len)
{
	const char *path = run_lock_path();
	int fd;

	if (g_lock_fd >= 0)
		return 0;
	run_lock_make_dirs(path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno ? -errno : -EIO;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno == EWOULDBLOCK ? -EBUSY : -errno;

		if (err == -EBUSY)
			read_holder(fd, holder, len);
		close(fd);
		return err;
	}
	write_holder(fd, prog);
	g_lock_fd = fd;
	return 0;
}

void run_lock_or_die(const char *prog)
{
	char holder[256] = "";
	int err = run_lock_take(prog, holder, sizeof(holder));

	if (err == -EBUSY) {
		fprintf(stderr, "%s: another run is changing KSM on this host: %s "
			"holds %s; wait for it to finish\n", prog, holder, run_lock_path());
		exit(EXIT_USAGE);
	}
	if (err) {
		fprintf(stderr, "%s: cannot open the run lock %s: %s\n", prog,
			run_lock_path(), strerror(-err));
		exit(EXIT_USAGE);
	}
}
