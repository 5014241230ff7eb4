/*
 * merge_errors.c - the errors of a merged report, in the order a scan
 * lists them (report_each_error): the tenant's own reads, each
 * subscription's (sorted like the subscriptions), then the shared reads
 * (automation targets, workspaces).  Shards read the tenant's and the
 * shared resources again: those errors are listed once.  A subscription
 * merged from an earlier part brings its errors from there.
 */
#include "merge_cmd.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

/* 0 the tenant's reads, 1 a subscription's own, 2 shared reads. */
static int error_group(const struct report_error *e)
{
	size_t n;

	if (!e->sub)
		return !strcmp(e->what, "subscriptions") ? 0 : 2;
	if (!strcmp(e->what, "subscription"))
		return 1;
	for (n = 0; n < NEED__COUNT; n++)
		if (!strcmp(e->what, need_name((enum need)n)))
			return 1;
	return 2;
}

static int same_text(const char *a, const char *b, int (*cmp)(const char *, const char *))
{
	return a == b || (a && b && !cmp(a, b));
}

static int same_error(const struct report_error *a, const struct report_error *b)
{
	return a->e.status == b->e.status && !strcmp(a->what, b->what) &&
	       same_text(a->sub, b->sub, strcasecmp) && same_text(a->e.url, b->e.url, strcmp) &&
	       same_text(a->e.code, b->e.code, strcmp) &&
	       same_text(a->e.message, b->e.message, strcmp);
}

/* Subscription id of part p was merged from an earlier part. */
static int skipped(const struct loaded_report *p, const unsigned char *skip, const char *id)
{
	size_t k;

	for (k = 0; k < p->snap.n; k++)
		if (!strcasecmp(p->snap.subs[k]->id, id))
			return skip[k];
	return 0;
}

struct ranked {
	const struct report_error *e;
	size_t at;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcasecmp(x->e->sub, y->e->sub);

	return c ? c : x->at < y->at ? -1 : x->at > y->at;
}

void merge_errors(struct loaded_report *const *parts, size_t n, unsigned char *const *skip,
		  struct report_error **out, size_t *out_n)
{
	struct ranked *subs;
	size_t i, j, total = 0, ns = 0;
	int group;

	for (i = 0; i < n; i++)
		total += parts[i]->errors_n;
	subs = xcalloc(total + 1, sizeof(*subs));
	*out = xcalloc(total + 1, sizeof(**out));
	*out_n = 0;
	for (group = 0; group < 3; group++) {
		for (i = 0; i < n; i++)
			for (j = 0; j < parts[i]->errors_n; j++) {
				const struct report_error *e = &parts[i]->errors[j];
				size_t k;

				if (error_group(e) != group)
					continue;
				if (group == 1) {
					if (!skipped(parts[i], skip[i], e->sub)) {
						subs[ns] = (struct ranked){ e, ns };
						ns++;
					}
					continue;
				}
				for (k = 0; k < *out_n && !same_error(&(*out)[k], e); k++)
					;
				if (k == *out_n)
					(*out)[(*out_n)++] = *e;
			}
		if (group != 1)
			continue;
		qsort(subs, ns, sizeof(*subs), ranked_cmp);
		for (i = 0; i < ns; i++)
			(*out)[(*out_n)++] = *subs[i].e;
	}
	free(subs);
}
