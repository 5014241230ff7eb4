/*
 * waivers.c - load and apply waivers.
 *
 * A waiver is valid through the whole of its expiry day (UTC).  When
 * several match a finding, an unexpired one wins; among expired ones the
 * latest is reported.  Ids are compared case-insensitively, as ARM does.
 */
#include "policy/waivers.h"
#include "util/inputfile.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

static const char *const waiver_keys[] = {
	"check", "subscription", "resource", "reason", "approved_by", "expires", NULL,
};

/* ctx: the list's pool, for the strings. */
static int load_entry(const struct input_entry *e, void *item, void *ctx, struct buf *err)
{
	struct pool *strings = ctx;
	const char *check, *sub, *res, *reason, *by, *exp;
	time_t day;

	if (input_only_keys(e, waiver_keys, err) ||
	    input_string(e, "check", 1, &check, err) ||
	    input_subscription(e, &sub, err) ||
	    input_string(e, "resource", 0, &res, err) ||
	    input_string(e, "reason", 1, &reason, err) ||
	    input_string(e, "approved_by", 1, &by, err) ||
	    input_date(e, "expires", &exp, &day, err))
		return -1;
	if (!check_find(check)) {
		buf_addf(err, "'%s': waivers[%zu]: field 'check': unknown check '%s'",
			 e->path, e->idx, check);
		return -1;
	}
	*(struct waiver *)item = (struct waiver){
		.check = pool_strdup(strings, check_find(check)->id),
		.subscription = pool_strdup(strings, sub),
		.resource = pool_strdup_or_null(strings, res),
		.reason = pool_strdup(strings, reason),
		.approved_by = pool_strdup(strings, by),
		.expires = pool_strdup(strings, exp),
		.expires_end = day + 86400 - 1,
		.index = e->idx,
	};
	return 0;
}

int waivers_load(const char *path, struct waiver_list *out, struct buf *err)
{
	void *items;

	*out = (struct waiver_list){ .strings = POOL_INIT };
	if (input_load_entries(path, "waivers", sizeof(struct waiver), load_entry,
			       &out->strings, &items, &out->n, err)) {
		out->items = items;
		waivers_release(out);
		return -1;
	}
	out->items = items;
	out->file = pool_strdup(&out->strings, path);
	return 0;
}

void waivers_release(struct waiver_list *l)
{
	pool_release(&l->strings);
	free(l->items);
	*l = (struct waiver_list){ .strings = POOL_INIT };
}

static int matches(const struct waiver *w, const struct finding *f)
{
	return !strcasecmp(w->check, f->check->id) &&
	       (!strcmp(w->subscription, "*") || !strcasecmp(w->subscription, f->sub->id)) &&
	       (!w->resource || !strcasecmp(w->resource, f->resource));
}

void waivers_apply(const struct waiver_list *l, struct findings *fs, time_t now)
{
	size_t i, j;

	for (i = 0; l && i < fs->n; i++) {
		struct finding *f = &fs->items[i];
		const struct waiver *valid = NULL, *expired = NULL;

		if (f->status != STATUS_FAIL && f->status != STATUS_ERROR)
			continue;
		for (j = 0; j < l->n && !valid; j++) {
			const struct waiver *w = &l->items[j];

			if (!matches(w, f))
				continue;
			if (now <= w->expires_end)
				valid = w;
			else if (!expired || w->expires_end > expired->expires_end)
				expired = w;
		}
		if (valid) {
			f->waiver = valid;
			f->waived_from = f->status;
			f->status = STATUS_WAIVED;
		} else if (expired) {
			struct buf m = BUF_INIT;

			f->waiver = expired;
			f->waiver_expired = 1;
			buf_addf(&m, "%s (a waiver matched but expired on %s: %s)",
				 f->message ? f->message : "", expired->expires,
				 expired->reason);
			finding_set_message(f, m.buf);
			buf_release(&m);
		}
	}
}
