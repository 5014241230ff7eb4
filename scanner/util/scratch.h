/*
 * scratch.h - the temporary file a run keeps out of memory what it needs
 * again only for the reports: the findings (policy/finding_store.h) and
 * the evidence records their subscriptions no longer cite.
 *
 * Made with mkstemp in TMPDIR (mode 0600) on first use and unlinked at
 * once, so nothing is left behind however the process ends.  When no file
 * can be made, or a write fails (a full disk), the caller keeps what it
 * wanted to write in memory: a warning says so once, and a run is only
 * larger for it.  A read back that fails ends the process with a message:
 * the reports would silently lack what was written otherwise.
 */
#ifndef IRSCAN_SCRATCH_H
#define IRSCAN_SCRATCH_H

#include <stddef.h>

struct scratch {
	/* Not made yet (0), open (1), none could be made (-1), or a write
	 * failed (-2: the fd stays open for what was written before). */
	int state;
	int fd;
	unsigned long long bytes;	/* written to it */
};

/* Append n bytes, *at where they start: 0, or -1 (keep them in memory). */
int scratch_put(struct scratch *s, const void *p, size_t n, unsigned long long *at);
/* n bytes written at `at`, into dst; never returns on failure. */
void scratch_get(const struct scratch *s, void *dst, size_t n, unsigned long long at);
/* The same into *buf, grown to n bytes first (*alloc its size). */
void scratch_get_into(const struct scratch *s, char **buf, size_t *alloc, size_t n,
		      unsigned long long at);
void scratch_close(struct scratch *s);

#endif
