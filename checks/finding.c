/*
 * finding.c - building findings.  Everything a check allocates goes into
 * the `struct findings` it was given, which the caller releases.
 */
#include "checks/check.h"
#include "util/buf.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>

/* ARM messages can be long and are untrusted; keep reports readable. */
#define ERROR_MESSAGE_MAX 600

/*
 * The list's copy of s (n bytes): one per distinct string, since findings
 * repeat their messages and observed values across the scope.  Findings' strings are never changed in place, so sharing is safe.
 */
static const char *intern(struct findings *fs, const char *s, size_t n)
{
	const char *had;
	char *copy;

	fs->strings.exact = 1;
	had = strmap_get(&fs->strings, s);
	if (had)
		return had;
	copy = pool_strndup(&fs->pool, s, n);
	strmap_add(&fs->strings, copy, copy);
	return copy;
}

struct finding *findings_add(struct findings *out, const struct check *c,
			     const struct sub_snapshot *sub, enum status st,
			     const char *resource)
{
	struct finding *f;
	struct buf b = BUF_INIT;

	out->items = xgrow(out->items, &out->alloc, out->n + 1, sizeof(*out->items));
	f = &out->items[out->n++];
	*f = (struct finding){
		.check = c, .sub = sub, .list = out, .status = st,
		.controls = c->control,
	};
	if (resource && *resource) {
		/* Mostly one of a kind (a plan's, a target's id): not interned,
		 * a map entry would cost more than it saves. */
		f->resource = pool_strdup(&out->pool, resource);
	} else if (sub->path) {
		f->resource = sub->path;
	} else {
		buf_addf(&b, "/subscriptions/%s", sub->id);
		f->resource = pool_strndup(&out->pool, b.buf, b.len);
		buf_release(&b);
	}
	return f;
}

void finding_set_control(struct finding *f, enum framework fw, const char *id)
{
	if (f->controls == f->check->control) {
		const char **own = pool_alloc(&f->list->pool, sizeof(*own) * FW__COUNT);

		memcpy(own, f->check->control, sizeof(*own) * FW__COUNT);
		f->controls = own;
	}
	((const char **)f->controls)[fw] = id;
}

void finding_set_message(struct finding *f, const char *message)
{
	/* A replaced message stays in the pool until the list is released. */
	f->message = message ? intern(f->list, message, strlen(message)) : NULL;
}

void finding_message(struct finding *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->message = intern(f->list, b.buf ? b.buf : "", b.len);
	buf_release(&b);
}

/*
 * Make room for one more item in a pool array: start with `first`, then
 * double, copying into a new piece of the pool (the old one stays unused).
 */
static void *pool_grow(struct pool *p, void *items, unsigned *alloc, unsigned n,
		       unsigned first, size_t size)
{
	void *bigger;
	unsigned want;

	if (n < *alloc)
		return items;
	if (*alloc > UINT_MAX / 2)
		die("out of memory: too many items in a finding");
	want = *alloc ? *alloc * 2 : first;
	bigger = pool_alloc(p, xsize_mul(want, size));
	if (n)
		memcpy(bigger, items, n * size);
	*alloc = want;
	return bigger;
}

void finding_observe(struct finding *f, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* Most findings observe two values. */
	f->obs = pool_grow(&f->list->pool, f->obs, &f->obs_alloc, f->obs_n, 2, sizeof(*f->obs));
	f->obs[f->obs_n].key = key;
	f->obs[f->obs_n].value = intern(f->list, b.buf ? b.buf : "", b.len);
	f->obs_n++;
	buf_release(&b);
}

const char *finding_lookup(const struct finding *f, const char *key)
{
	unsigned i;

	for (i = 0; f && i < f->obs_n; i++)
		if (!strcmp(f->obs[i].key, key))
			return f->obs[i].value;
	return NULL;
}

const char *finding_observed(const struct finding *f, const char *key)
{
	const char *v = finding_lookup(f, key);

	return v ? v : "";
}

void finding_cite(struct finding *f, const struct dataset *d)
{
	size_t i;

	for (i = 0; i < d->ev_n; i++) {
		/* Most findings cite one exchange. */
		f->ev = pool_grow(&f->list->pool, f->ev, &f->ev_alloc, f->ev_n, 1, sizeof(*f->ev));
		f->ev[f->ev_n++] = d->ev[i];
	}
}

void finding_error_reason(struct buf *b, const struct fetch_error *e)
{
	size_t start = b->len;

	if (e->status)
		buf_addf(b, "HTTP %ld", e->status);
	if (e->code)
		buf_addf(b, "%s%s", b->len > start ? " " : "", e->code);
	if (e->message) {
		size_t n = strlen(e->message);

		buf_add(b, b->len > start ? ": " : "");
		buf_addn(b, e->message, n > ERROR_MESSAGE_MAX ? ERROR_MESSAGE_MAX : n);
		if (n > ERROR_MESSAGE_MAX)
			buf_add(b, "...");
	}
	if (b->len == start)
		buf_add(b, "no response");
}

int finding_unreadable(struct findings *out, const struct check *c,
		       const struct sub_snapshot *sub, const struct dataset *d,
		       const char *what, const char *permission)
{
	struct finding *f;
	struct buf b = BUF_INIT;

	if (d->state == DATA_OK && !d->dropped)
		return 0;
	f = findings_add(out, c, sub, STATUS_ERROR, NULL);
	finding_cite(f, d);
	if (d->dropped) {
		/* Released after its subscription was evaluated: a bug. */
		finding_message(f, "could not evaluate: %s: already released", what);
		return 1;
	}
	if (d->state == DATA_UNSET) {
		/* Collection never filled it: a bug, but never a pass. */
		finding_message(f, "could not evaluate: %s: not read", what);
		return 1;
	}
	{
		/* The reason on its own, so its separators do not follow the
		 * prefix ("HTTP 403 AuthorizationFailed: ..."). */
		struct buf reason = BUF_INIT;

		finding_error_reason(&reason, &d->err);
		buf_addf(&b, "could not read %s: %s", what, reason.buf);
		buf_release(&reason);
	}
	if (d->err.status == 401)
		buf_add(&b, "; the access token was rejected");
	else if (d->err.status == 403 && permission)
		buf_addf(&b, "; the identity needs permission %s "
			 "(e.g. the Security Reader role)", permission);
	finding_set_message(f, b.buf);
	buf_release(&b);
	if (d->err.status)
		finding_observe(f, "http_status", "%ld", d->err.status);
	if (d->err.code)
		finding_observe(f, "error_code", "%s", d->err.code);
	if (permission && (d->err.status == 401 || d->err.status == 403))
		finding_observe(f, "required_permission", "%s", permission);
	return 1;
}

void findings_drop(struct findings *out, size_t i)
{
	if (i >= out->n)
		return;
	/* Its strings stay in the pool until the list is released. */
	memmove(&out->items[i], &out->items[i + 1],
		(out->n - i - 1) * sizeof(*out->items));
	out->n--;
}

void findings_fit(struct findings *fs)
{
	if (fs->n && fs->n < fs->alloc) {
		fs->items = xrealloc(fs->items, fs->n * sizeof(*fs->items));
		fs->alloc = fs->n;
	}
}

void findings_release(struct findings *fs)
{
	free(fs->items);
	pool_release(&fs->pool);
	strmap_release(&fs->strings);
	memset(fs, 0, sizeof(*fs));
}
