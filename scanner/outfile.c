/*
 * outfile.c - checking and writing report destinations, see outfile.h.
 */
#include "outfile.h"
#include "util/interrupt.h"
#include "reports/report.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What one output is, for the same-file comparison. */
struct identity {
	dev_t dev;
	ino_t ino;
	int exists;		/* dev/ino valid */
};

/* The directory part of path ("." when it has none), malloc'ed. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* dir/<before><base><after>, malloc'ed. */
static char *join(const char *dir, const char *before, const char *base,
		  const char *after)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s%s%s%s%s", dir, strcmp(dir, "/") ? "/" : "", before, base, after);
	return buf_detach(&b, NULL);
}

static int bad_path(const struct output *o, const char *why)
{
	return msg_usage("cannot write the %s to '%s': %s",
			 o->format->label, o->path, why);
}

/* A new or regular file: its resolved path into o->target. */
static int resolve_file(struct output *o, int exists)
{
	char real[PATH_MAX];
	char *dir;
	struct stat st;

	if (exists) {
		if (!realpath(o->path, real))
			return bad_path(o, strerror(errno));
		o->target = xstrdup(real);
		dir = dir_of(o->target);
	} else {
		dir = dir_of(o->path);
		if (!*base_of(o->path) || !strcmp(base_of(o->path), ".") ||
		    !strcmp(base_of(o->path), "..")) {
			free(dir);
			return bad_path(o, "not a file name");
		}
		if (!realpath(dir, real)) {
			int e = errno;
			struct buf why = BUF_INIT;

			buf_addf(&why, "directory '%s': %s", dir, strerror(e));
			free(dir);
			bad_path(o, why.buf);
			buf_release(&why);
			return -1;
		}
		free(dir);
		dir = xstrdup(real);
		o->target = join(dir, "", base_of(o->path), "");
	}
	/* The temporary file is created there, then renamed. */
	if (stat(dir, &st) || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK)) {
		struct buf why = BUF_INIT;

		buf_addf(&why, "cannot create a file in directory '%s': %s", dir,
			 errno ? strerror(errno) : "not a directory");
		free(dir);
		bad_path(o, why.buf);
		buf_release(&why);
		return -1;
	}
	free(dir);
	return 0;
}

/* Resolve one output and learn its identity; 0 or -1 after a message. */
static int check_one(struct output *o, struct identity *id)
{
	struct stat st;

	*id = (struct identity){ .exists = 0 };
	if (!o->path) {
		if (fstat(STDOUT_FILENO, &st))
			return msg_usage("cannot write the %s to standard output: %s",
					 o->format->label, strerror(errno));
		*id = (struct identity){ .dev = st.st_dev, .ino = st.st_ino, .exists = 1 };
		return 0;
	}
	if (stat(o->path, &st)) {
		if (errno != ENOENT)
			return bad_path(o, strerror(errno));
		errno = 0;
		return resolve_file(o, 0);
	}
	*id = (struct identity){ .dev = st.st_dev, .ino = st.st_ino, .exists = 1 };
	if (S_ISDIR(st.st_mode))
		return bad_path(o, "it is a directory");
	if (S_ISREG(st.st_mode)) {
		errno = 0;
		return resolve_file(o, 1);
	}
	/* A device, FIFO or socket: written in place. */
	o->direct = 1;
	if (access(o->path, W_OK))
		return bad_path(o, strerror(errno));
	return 0;
}

static int same_file(const struct output *a, const struct identity *ia,
		     const struct output *b, const struct identity *ib)
{
	if (ia->exists && ib->exists)
		return ia->dev == ib->dev && ia->ino == ib->ino;
	return a->target && b->target && !strcmp(a->target, b->target);
}

int outfile_check(struct config *cfg)
{
	struct identity *ids = xcalloc(cfg->outputs_n + 1, sizeof(*ids));
	size_t i, j;
	int rc = 0;

	for (i = 0; i < cfg->outputs_n && !rc; i++)
		rc = check_one(&cfg->outputs[i], &ids[i]);
	for (i = 0; i < cfg->outputs_n && !rc; i++)
		for (j = 0; j < i && !rc; j++)
			if (same_file(&cfg->outputs[j], &ids[j], &cfg->outputs[i], &ids[i]))
				rc = msg_usage("the %s and the %s would both be written "
					       "to %s%s%s: give each its own file",
					       cfg->outputs[j].format->label,
					       cfg->outputs[i].format->label,
					       cfg->outputs[i].path ? "'" : "",
					       outfile_name(&cfg->outputs[i]),
					       cfg->outputs[i].path ? "'" : "");
	free(ids);
	return rc;
}

/* The mode a new report file gets: what fopen() would give, or the old one's. */
static mode_t new_mode(const char *target)
{
	struct stat st;
	mode_t mask;

	if (!stat(target, &st))
		return st.st_mode & 07777;
	mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

int outfile_open(struct output *o, struct buf *err)
{
	int fd;

	errno = 0;
	if (o->fp && o->tmp) {
		/* Written again (the exit code changed): start from empty. */
		rewind(o->fp);
		if (ftruncate(fileno(o->fp), 0)) {
			buf_addf(err, "cannot write '%s': %s", o->tmp, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!o->path) {
		o->fp = stdout;
		return 0;
	}
	if (o->direct) {
		o->fp = fopen(o->path, "w");
		if (!o->fp)
			buf_addf(err, "cannot open '%s': %s", o->path, strerror(errno));
		return o->fp ? 0 : -1;
	}
	{
		char *dir = dir_of(o->target);

		o->tmp = join(dir, ".", base_of(o->target), ".irscan-XXXXXX");
		free(dir);
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		buf_addf(err, "cannot create a temporary file beside '%s': %s",
			 o->path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	if (fchmod(fd, new_mode(o->target)) || !(o->fp = fdopen(fd, "w"))) {
		buf_addf(err, "cannot write '%s': %s", o->tmp, strerror(errno));
		close(fd);
		outfile_discard(o);
		return -1;
	}
	return 0;
}

int outfile_finish(struct output *o, int writer_failed, struct buf *err)
{
	int e = writer_failed ? (errno ? errno : EIO) : 0;

	if (fflush(o->fp) && !e)
		e = errno ? errno : EIO;
	if (ferror(o->fp) && !e)
		e = EIO;
	/* Renamed over the old report only once its bytes are on disk. */
	if (!e && o->tmp && fsync(fileno(o->fp)))
		e = errno;
	if (o->direct) {
		if (fclose(o->fp) && !e)
			e = errno ? errno : EIO;
		o->fp = NULL;
	}
	if (e)
		buf_addf(err, "cannot write the %s to %s%s%s: %s",
			 o->format->label, o->path ? "'" : "",
			 outfile_name(o), o->path ? "'" : "", strerror(e));
	return e;
}

int outfile_commit(struct output *o, struct buf *err)
{
	int rc = 0;

	if (!o->tmp)
		return 0;
	if (fclose(o->fp)) {
		o->fp = NULL;
		buf_addf(err, "cannot write '%s': %s", o->tmp, strerror(errno));
		outfile_discard(o);
		return -1;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->target)) {
		buf_addf(err, "cannot rename '%s' to '%s': %s", o->tmp, o->target,
			 strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

void outfile_discard(struct output *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
}

const char *outfile_name(const struct output *o)
{
	return o->path ? o->path : "standard output";
}

int outfile_write_all(struct config *cfg, outfile_write_fn write, const void *ctx)
{
	struct buf err = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < cfg->outputs_n && !rc && !interrupt_signal(); i++) {
		struct output *o = &cfg->outputs[i];

		if (outfile_open(o, &err) || outfile_finish(o, write(ctx, o) < 0, &err))
			rc = -1;
	}
	/* Stopped by a signal (a command that called interrupt_setup): no
	 * more is put in place, the targets keep what they held. */
	for (i = 0; i < cfg->outputs_n && !rc && !interrupt_signal(); i++)
		if (outfile_commit(&cfg->outputs[i], &err))
			rc = -1;
	if (rc && !interrupt_signal())
		msg_error("%s", err.buf);
	if (interrupt_signal())
		rc = -1;
	for (i = 0; i < cfg->outputs_n; i++)
		outfile_discard(&cfg->outputs[i]);
	buf_release(&err);
	return rc;
}
