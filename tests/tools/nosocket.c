/*
 * nosocket.c - an LD_PRELOAD shim for the --offline test: every attempt
 * to open or connect a socket fails, and is written to $NOSOCKET_LOG, so
 * the test can prove that an offline scan never touched the network.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void note(const char *what)
{
	const char *path = getenv("NOSOCKET_LOG");
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	if (fd < 0)
		return;
	if (write(fd, what, strlen(what)) < 0 || write(fd, "\n", 1) < 0)
		(void)0;
	close(fd);
}

int socket(int domain, int type, int protocol)
{
	(void)domain;
	(void)type;
	(void)protocol;
	note("socket");
	errno = EACCES;
	return -1;
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	(void)domain;
	(void)type;
	(void)protocol;
	(void)sv;
	note("socketpair");
	errno = EACCES;
	return -1;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	(void)fd;
	(void)addr;
	(void)len;
	note("connect");
	errno = EACCES;
	return -1;
}
