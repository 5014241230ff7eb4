/*
 * finding.c - building findings.  Everything a check allocates goes into
 * the `struct findings` it was given, which the caller releases.
 */
#include "check.h"
#include "buf.h"

#include <stdarg.h>
#include <string.h>

/* ARM messages can be long and are untrusted; keep reports readable. */
#define ERROR_MESSAGE_MAX 600

struct finding *findings_add(struct findings *out, const struct check *c,
			     const struct sub_snapshot *sub, enum status st,
			     const char *resource)
{
	struct finding *f;
	struct buf b = BUF_INIT;

	out->items = xgrow(out->items, &out->alloc, out->n + 1, sizeof(*out->items));
	f = &out->items[out->n++];
	memset(f, 0, sizeof(*f));
	f->check = c;
	f->sub = sub;
	f->status = st;
	memcpy(f->controls, c->control, sizeof(f->controls));
	if (resource && *resource) {
		f->resource = xstrdup(resource);
	} else {
		buf_addf(&b, "/subscriptions/%s", sub->id);
		f->resource = buf_detach(&b, NULL);
	}
	return f;
}

void finding_message(struct finding *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(f->message);
	f->message = buf_detach(&b, NULL);
}

void finding_observe(struct finding *f, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->obs = xgrow(f->obs, &f->obs_alloc, f->obs_n + 1, sizeof(*f->obs));
	f->obs[f->obs_n].key = xstrdup(key);
	f->obs[f->obs_n].value = buf_detach(&b, NULL);
	f->obs_n++;
}

void finding_cite(struct finding *f, const struct dataset *d)
{
	size_t i;

	for (i = 0; i < d->ev_n; i++) {
		f->ev = xgrow(f->ev, &f->ev_alloc, f->ev_n + 1, sizeof(*f->ev));
		f->ev[f->ev_n++] = d->ev[i];
	}
}

static void add_error_reason(struct buf *b, const struct fetch_error *e)
{
	if (e->status)
		buf_addf(b, "HTTP %ld", e->status);
	if (e->code)
		buf_addf(b, "%s%s", b->len ? " " : "", e->code);
	if (e->message) {
		size_t n = strlen(e->message);

		buf_add(b, b->len ? ": " : "");
		buf_addn(b, e->message, n > ERROR_MESSAGE_MAX ? ERROR_MESSAGE_MAX : n);
		if (n > ERROR_MESSAGE_MAX)
			buf_add(b, "...");
	}
	if (!b->len)
		buf_add(b, "no response");
}

int finding_unreadable(struct findings *out, const struct check *c,
		       const struct sub_snapshot *sub, const struct dataset *d,
		       const char *what, const char *permission)
{
	struct finding *f;
	struct buf b = BUF_INIT;

	if (d->state == DATA_OK)
		return 0;
	f = findings_add(out, c, sub, STATUS_ERROR, NULL);
	finding_cite(f, d);
	if (d->state == DATA_UNSET) {
		/* Collection never filled it: a bug, but never a pass. */
		finding_message(f, "could not evaluate: %s: not read", what);
		return 1;
	}
	buf_addf(&b, "could not read %s: ", what);
	add_error_reason(&b, &d->err);
	if (d->err.status == 401)
		buf_add(&b, "; the access token was rejected");
	else if (d->err.status == 403 && permission)
		buf_addf(&b, "; the identity needs permission %s "
			 "(e.g. the Security Reader role)", permission);
	f->message = buf_detach(&b, NULL);
	if (d->err.status)
		finding_observe(f, "http_status", "%ld", d->err.status);
	if (d->err.code)
		finding_observe(f, "error_code", "%s", d->err.code);
	if (permission && (d->err.status == 401 || d->err.status == 403))
		finding_observe(f, "required_permission", "%s", permission);
	return 1;
}

static void finding_release(struct finding *f)
{
	size_t j;

	free(f->resource);
	free(f->message);
	for (j = 0; j < f->obs_n; j++) {
		free(f->obs[j].key);
		free(f->obs[j].value);
	}
	free(f->obs);
	free(f->ev);
}

void findings_drop(struct findings *out, size_t i)
{
	if (i >= out->n)
		return;
	finding_release(&out->items[i]);
	memmove(&out->items[i], &out->items[i + 1],
		(out->n - i - 1) * sizeof(*out->items));
	out->n--;
}

void findings_release(struct findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		finding_release(&fs->items[i]);
	free(fs->items);
	memset(fs, 0, sizeof(*fs));
}
