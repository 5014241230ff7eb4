/*
 * progress.c - the terminal status line, see progress.h.  It is written
 * with \r and erased with "\r\033[K"; it holds only numbers, never a
 * string from Azure.
 */
#include "progress.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/msg.h"

void progress_init(struct progress *p, int enabled)
{
	p->enabled = enabled;
	p->shown = 0;
	p->start_ms = clock_mono_ms();
}

void progress_show(struct progress *p, size_t done, size_t total, int total_final,
		   const struct http_stats *s)
{
	struct buf b = BUF_INIT;

	if (!p->enabled)
		return;
	/* "≥" (UTF-8): the list has more pages to come. */
	buf_addf(&b, "\rirscan: %zu/%s%zu subscriptions, %lu Resource Manager requests",
		 done, total_final ? "" : "\xe2\x89\xa5", total, s->recorded);
	if (s->retries)
		buf_addf(&b, ", %lu retried", s->retries);
	buf_addf(&b, ", %.1f s\033[K",
		 (double)(clock_mono_ms() - p->start_ms) / 1000.0);
	msg_raw(b.buf, b.len);
	p->shown = 1;
	buf_release(&b);
}

void progress_end(struct progress *p)
{
	if (p->shown)
		msg_raw("\r\033[K", 4);
	p->shown = 0;
}
