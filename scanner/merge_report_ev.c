/*
 * merge_report_ev.c - the merged report's evidence list (merge_cmd.h).
 */
#include "merge_cmd.h"
#include "util/xmalloc.h"

#include <string.h>

/* One citation: finding i's k-th evidence. */
struct cite {
	const struct evidence *e;
	size_t i, k;
};

static int text_cmp(const char *a, const char *b)
{
	return a == b ? 0 : !a ? -1 : !b ? 1 : strcmp(a, b);
}

/* One exchange: when it started, what it asked, what answered it. */
static int same_cmp(const struct evidence *a, const struct evidence *b)
{
	int c;

	if (a->at_wall_ms != b->at_wall_ms)
		return a->at_wall_ms < b->at_wall_ms ? -1 : 1;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if ((c = text_cmp(a->url, b->url)) || (c = text_cmp(a->request_id, b->request_id)) ||
	    (c = text_cmp(a->method, b->method)))
		return c;
	return a->status < b->status ? -1 : a->status > b->status;
}

/* In a bundle's order (entry), else in the order they were made. */
static int cite_cmp(const void *x, const void *y)
{
	const struct cite *a = x, *b = y;
	int c = same_cmp(a->e, b->e);

	if (c)
		return c;
	return a->i != b->i ? (a->i < b->i ? -1 : 1) : (a->k < b->k ? -1 : a->k > b->k);
}

void merge_report_evidence(struct snapshot *snap, struct findings *fs)
{
	struct cite *c;
	size_t i, n = 0, at = 0;
	unsigned k;

	for (i = 0; i < fs->n; i++)
		n += fs->items[i].ev_n;
	c = xcalloc(n + 1, sizeof(*c));
	for (i = 0; i < fs->n; i++)
		for (k = 0; k < fs->items[i].ev_n; k++)
			c[at++] = (struct cite){ fs->items[i].ev[k], i, k };
	qsort(c, n, sizeof(*c), cite_cmp);
	for (i = 0; i < n; i++) {
		struct evidence *e;

		if (!i || same_cmp(c[i - 1].e, c[i].e)) {
			/* The snapshot frees the record; its strings are the part's. */
			e = xmalloc(sizeof(*e));
			*e = *c[i].e;
			snapshot_add_evidence(snap, NULL, e);
		}
		fs->items[c[i].i].ev[c[i].k] = snap->evidence[snap->ev_n - 1];
	}
	free(c);
}
