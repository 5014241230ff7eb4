/*
 * scratch.c - the run's temporary file, see scratch.h.
 */
#include "util/scratch.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Made and unlinked on first use; 0, or -1 when none can be (said once). */
static int scratch_open(struct scratch *s)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;

	if (s->state)
		return s->state > 0 ? 0 : -1;
	buf_addf(&path, "%s/irscan-findings-XXXXXX", dir && *dir ? dir : "/tmp");
	s->fd = mkstemp(path.buf);
	if (s->fd < 0) {
		s->state = -1;
		msg_warn("cannot make a temporary file in %s (%s): the findings stay in memory",
			 dir && *dir ? dir : "/tmp", strerror(errno));
	} else {
		s->state = 1;
		unlink(path.buf);
	}
	buf_release(&path);
	return s->state > 0 ? 0 : -1;
}

static int write_all(int fd, const char *p, size_t n, unsigned long long at)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)at);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		at += (unsigned long long)w;
	}
	return 0;
}

int scratch_put(struct scratch *s, const void *p, size_t n, unsigned long long *at)
{
	if (scratch_open(s))
		return -1;
	if (write_all(s->fd, p, n, s->bytes)) {
		/* The fd stays open: what was written so far is read from it. */
		msg_warn("cannot write the findings' temporary file (%s): "
			 "the rest stay in memory", strerror(errno));
		s->state = -2;
		return -1;
	}
	*at = s->bytes;
	s->bytes += n;
	return 0;
}

void scratch_get(const struct scratch *s, void *dst, size_t n, unsigned long long at)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(s->fd, (char *)dst + got, n - got, (off_t)(at + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("cannot read the findings' temporary file back: %s",
			    r < 0 ? strerror(errno) : "it is shorter than written");
		got += (size_t)r;
	}
}

void scratch_get_into(const struct scratch *s, char **buf, size_t *alloc, size_t n,
		      unsigned long long at)
{
	if (n > *alloc) {
		free(*buf);
		*buf = xmalloc(n);
		*alloc = n;
	}
	scratch_get(s, *buf, n, at);
}

void scratch_close(struct scratch *s)
{
	if (s->state == 1 || s->state == -2)
		close(s->fd);
	memset(s, 0, sizeof(*s));
}
