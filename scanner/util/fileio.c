/*
 * fileio.c - bounded whole-file I/O, see fileio.h.
 */
#include "util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read(const char *path, size_t max, struct buf *out, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	struct stat st;
	size_t n;

	buf_release(out);
	if (!f) {
		buf_addf(err, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	/* Refuse a huge file before reading any of it. */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max) {
		buf_addf(err, "'%s' is larger than %zu bytes", path, max);
		fclose(f);
		return -1;
	}
	buf_init(out, max);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_addn_capped(out, chunk, n) < 0) {
			buf_addf(err, "'%s' is larger than %zu bytes", path, max);
			fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		buf_addf(err, "cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

int file_write_new(const char *path, const void *data, size_t len, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	const char *p = data;

	if (fd < 0) {
		buf_addf(err, "cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			buf_addf(err, "cannot write '%s': %s", path,
				 w < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd)) {
		buf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}
