// SPDX-License-Identifier: GPL-2.0
/* The run lock: a held lock is refused with its holder named; a free one is taken and described. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "lib/run_lock.h"

TEST(run_lock_names_the_holder_then_takes_a_free_lock)
{
	char dir[] = "/tmp/ksmbench-lock-XXXXXX", path[128], holder[256] = "", text[256] = "";
	char want[64];
	int fd;
	ssize_t n;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/sub/lock", dir);	/* the directory is made too */
	setenv("KSMBENCH_LOCK_FILE", path, 1);
	CHECK_STR(run_lock_path(), path);
	/* another run holds it */
	snprintf(text, sizeof(text), "%s/sub", dir);
	CHECK(mkdir(text, 0755) == 0);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(flock(fd, LOCK_EX) == 0);
	CHECK(write(fd, "other_tool (pid 42, started then)\n", 34) == 34);
	CHECK(run_lock_take("unit", holder, sizeof(holder)) == -EBUSY);
	CHECK_STR(holder, "other_tool (pid 42, started then)");
	/* it finished: ours now, and the file says so */
	close(fd);
	CHECK(run_lock_take("unit", holder, sizeof(holder)) == 0);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	n = read(fd, text, sizeof(text) - 1);
	text[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "unit (pid %d, started ", (int)getpid());
	CHECK(strncmp(text, want, strlen(want)) == 0);
	/* and a second holder in this process cannot take it */
	CHECK(flock(fd, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	close(fd);
	unlink(path);
	snprintf(text, sizeof(text), "%s/sub", dir);
	rmdir(text);
	/* its directories are made as with mkdir -p (a guest has no /run) */
	snprintf(path, sizeof(path), "%s/x/y/lock", dir);
	run_lock_make_dirs(path);
	snprintf(text, sizeof(text), "%s/x/y", dir);
	CHECK(rmdir(text) == 0);
	snprintf(text, sizeof(text), "%s/x", dir);
	CHECK(rmdir(text) == 0);
	rmdir(dir);
	unsetenv("KSMBENCH_LOCK_FILE");
}
