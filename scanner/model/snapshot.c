/*
 * snapshot.c - ownership and bookkeeping of the snapshot, see snapshot.h.
 */
#include "model/snapshot.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const need_names[] = {
	[NEED_SECURITY_CONTACTS] = "security contacts",
	[NEED_PRICINGS] = "Defender plans (pricings)",
	[NEED_ALERTS] = "security alerts",
	[NEED_AUTOMATIONS] = "workflow automations",
	[NEED_WORKSPACES] = "Log Analytics workspaces",
	[NEED_SETTINGS] = "Defender for Cloud settings",
	[NEED_SUPPRESSION] = "alert suppression rules",
};
_Static_assert(ARRAY_SIZE(need_names) == NEED__COUNT, "need names");

const char *la_table_name(enum la_table t)
{
	return t == TABLE_SECURITY_INCIDENT ? "SecurityIncident" : "SecurityAlert";
}

const char *need_name(enum need n)
{
	return (unsigned)n < NEED__COUNT ? need_names[n] : "data";
}

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

void evidence_free(struct evidence *e)
{
	/* One block: see arm_evidence(). */
	free(e);
}

static void fetch_error_release(struct fetch_error *e)
{
	free(e->code);
	free(e->message);
	free(e->url);
	free(e->request_id);
	memset(e, 0, sizeof(*e));
}

void dataset_release(struct dataset *d)
{
	if (d->data && d->free_data)
		d->free_data(d->data);
	fetch_error_release(&d->err);
	free(d->ev);
	memset(d, 0, sizeof(*d));
}

void dataset_fail(struct dataset *d, long status, const char *code,
		  const char *message, const char *url, const char *request_id)
{
	fetch_error_release(&d->err);
	if (d->data && d->free_data)
		d->free_data(d->data);
	d->data = NULL;
	d->state = DATA_ERROR;
	d->err.status = status;
	d->err.code = xstrdup_or_null(code);
	d->err.message = xstrdup_or_null(message);
	d->err.url = xstrdup_or_null(url);
	d->err.request_id = xstrdup_or_null(request_id);
}

void snapshot_sub_drop_data(struct sub_snapshot *sub)
{
	size_t i;

	for (i = 0; i < NEED__COUNT; i++) {
		struct dataset *d = &sub->sets[i];

		if (d->data && d->free_data)
			d->free_data(d->data);
		d->data = NULL;
		d->dropped = 1;
	}
}

static void sub_free(struct sub_snapshot *sub)
{
	size_t i;

	if (!sub)
		return;
	for (i = 0; i < NEED__COUNT; i++)
		dataset_release(&sub->sets[i]);
	dataset_release(&sub->info);
	strvec_clear(&sub->tag_keys);
	strvec_clear(&sub->tag_values);
	/* id and path are in sub's own block */
	free(sub->name);
	free(sub->state);
	free(sub->tenant_id);
	free(sub);
}

static void target_free(struct target *t)
{
	int i;

	for (i = 0; t->tables && i < TABLE__COUNT; i++)
		dataset_release(&t->tables[i].ds);
	free(t->tables);
	dataset_release(&t->ds);
	free(t->id);
	free(t->state);
	free(t->provisioning_state);
	free(t->waiters);
	free(t);
}

static void workspace_free(struct sentinel_workspace *w)
{
	dataset_release(&w->onboarding);
	dataset_release(&w->connectors);
	dataset_release(&w->rules);
	free(w->id);
	free(w);
}

static void release_maps(struct snapshot *s)
{
	strmap_release(&s->sub_ids);
	strmap_release(&s->other_ids);
	strmap_release(&s->target_ids);
	strmap_release(&s->workspace_ids);
}

void snapshot_release(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		sub_free(s->subs[i]);
	for (i = 0; i < s->n_others; i++)
		sub_free(s->others[i]);
	free(s->others);
	for (i = 0; i < s->n_targets; i++)
		target_free(s->targets[i]);
	for (i = 0; i < s->n_workspaces; i++)
		workspace_free(s->workspaces[i]);
	free(s->targets);
	free(s->workspaces);
	for (i = 0; i < s->ev_n; i++)
		evidence_free(s->evidence[i]);
	free(s->subs);
	free(s->evidence);
	fetch_error_release(&s->scope_error);
	release_maps(s);
	snapshot_init(s);
}

struct sub_snapshot *snapshot_find(const struct snapshot *s, const char *id)
{
	return strmap_get(&s->sub_ids, id);
}

static int sub_cmp(const void *a, const void *b);

size_t snapshot_sub_index(const struct snapshot *s, const struct sub_snapshot *sub)
{
	const struct sub_snapshot *const *at;
	size_t i;

	/* Sorted by id (snapshot_sort) when reports are built: a binary
	 * search; the scan in any other order. */
	at = s->n ? bsearch(&sub, s->subs, s->n, sizeof(*s->subs), sub_cmp) : NULL;
	if (at && *at == sub)
		return (size_t)(at - (const struct sub_snapshot *const *)s->subs);
	for (i = 0; i < s->n; i++)
		if (s->subs[i] == sub)
			return i;
	return 0;
}

#define SUB_PATH_PREFIX "/subscriptions/"

/*
 * One block: the record, then its path, whose tail is the id.  A scan
 * keeps every subscription to the end, and 10,000 of them are two fewer
 * allocations each this way.
 */
static struct sub_snapshot *sub_new(struct snapshot *s, const char *id)
{
	size_t n = strlen(id), prefix = sizeof(SUB_PATH_PREFIX) - 1;
	struct sub_snapshot *sub = xcalloc(1, xsize_add(sizeof(*sub), prefix + n + 1));
	char *p;

	sub->snap = s;
	strvec_init(&sub->tag_keys);
	strvec_init(&sub->tag_values);
	sub->path = (char *)(sub + 1);
	memcpy(sub->path, SUB_PATH_PREFIX, prefix);
	sub->id = sub->path + prefix;
	memcpy(sub->id, id, n + 1);
	for (p = sub->id; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	sub->scanned = 1;
	return sub;
}

struct sub_snapshot *snapshot_sub(struct snapshot *s, const char *id)
{
	struct sub_snapshot *sub = snapshot_find(s, id);

	if (sub)
		return sub;
	sub = sub_new(s, id);
	s->subs = xgrow(s->subs, &s->alloc, s->n + 1, sizeof(*s->subs));
	s->subs[s->n++] = sub;
	strmap_add(&s->sub_ids, sub->id, sub);
	return sub;
}

struct sub_snapshot *snapshot_other(struct snapshot *s, const char *id, int *added)
{
	struct sub_snapshot *sub;
	*added = 0;
	sub = strmap_get(&s->other_ids, id);
	if (sub)
		return sub;
	sub = sub_new(s, id);
	sub->other_shard = 1;
	s->others = xgrow(s->others, &s->others_alloc, s->n_others + 1, sizeof(*s->others));
	s->others[s->n_others++] = sub;
	strmap_add(&s->other_ids, sub->id, sub);
	*added = 1;
	return sub;
}

int sub_state_scanned(const char *state)
{
	return !state || (strcasecmp(state, "Disabled") && strcasecmp(state, "Deleted"));
}

static int sub_cmp(const void *a, const void *b)
{
	const struct sub_snapshot *x = *(const struct sub_snapshot *const *)a;
	const struct sub_snapshot *y = *(const struct sub_snapshot *const *)b;

	return strcmp(x->id, y->id);
}

static int target_cmp(const void *a, const void *b)
{
	return strcasecmp((*(struct target *const *)a)->id, (*(struct target *const *)b)->id);
}

static int workspace_cmp(const void *a, const void *b)
{
	return strcasecmp((*(struct sentinel_workspace *const *)a)->id,
			  (*(struct sentinel_workspace *const *)b)->id);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct evidence *x = *(const struct evidence *const *)a;
	const struct evidence *y = *(const struct evidence *const *)b;

	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

void snapshot_sort(struct snapshot *s)
{
	size_t i;

	if (s->n > 1)
		qsort(s->subs, s->n, sizeof(*s->subs), sub_cmp);
	if (s->n_others > 1)
		qsort(s->others, s->n_others, sizeof(*s->others), sub_cmp);
	/*
	 * Targets and workspaces are found in the order answers arrive:
	 * by id, the findings that cite them and the errors list read the
	 * same live and offline.
	 */
	if (s->n_targets > 1)
		qsort(s->targets, s->n_targets, sizeof(*s->targets), target_cmp);
	if (s->n_workspaces > 1)
		qsort(s->workspaces, s->n_workspaces, sizeof(*s->workspaces), workspace_cmp);
	/*
	 * Evidence in a bundle is numbered as it arrived in the live scan;
	 * an offline scan replays it in another order.  Listing it by entry
	 * makes both reports agree.
	 */
	for (i = 0; i < s->ev_n && s->evidence[i] && s->evidence[i]->entry; i++)
		;
	if (i < s->ev_n || s->ev_n < 2)
		return;
	qsort(s->evidence, s->ev_n, sizeof(*s->evidence), entry_cmp);
	for (i = 0; i < s->ev_n; i++)
		s->evidence[i]->index = i;
}

void snapshot_add_evidence(struct snapshot *s, struct dataset *d,
			   struct evidence *ev)
{
	size_t alloc = s->ev_alloc;

	s->evidence = xgrow(s->evidence, &alloc, s->ev_n + 1, sizeof(*s->evidence));
	s->ev_alloc = alloc;
	ev->index = s->ev_n;
	s->evidence[s->ev_n++] = ev;
	if (d)
		dataset_cite(d, ev);
}

void dataset_cite(struct dataset *d, const struct evidence *ev)
{
	/* Most datasets are one exchange, and every subscription has several
	 * kept to the end of the scan: grow from one, not xgrow's four. */
	if (d->ev_n == d->ev_alloc) {
		unsigned want = d->ev_alloc ? d->ev_alloc * 2 : 1;

		if (want <= d->ev_alloc)
			die("out of memory: too many exchanges in one dataset");
		d->ev = xrealloc(d->ev, xsize_mul(want, sizeof(*d->ev)));
		d->ev_alloc = want;
	}
	d->ev[d->ev_n++] = ev;
	/* Records are the snapshot's, never const objects: datasets borrow
	 * them read-only, the count is the owner's bookkeeping. */
	((struct evidence *)ev)->cites++;
}

int snapshot_owns(const struct snapshot *s, const struct evidence *e)
{
	return e->index < s->ev_n && s->evidence[e->index] == e;
}

/* Take d's citations away; records none cites any more go to retire. */
static void uncite(struct snapshot *s, struct dataset *d,
		   int (*retire)(void *ctx, const struct evidence *e), void *ctx)
{
	unsigned i;

	for (i = 0; i < d->ev_n; i++) {
		struct evidence *e = (struct evidence *)d->ev[i];

		if (e->cites && --e->cites)
			continue;
		if (!e->pinned && snapshot_owns(s, e) && retire(ctx, e)) {
			s->evidence[e->index] = NULL;
			evidence_free(e);
		}
	}
	free(d->ev);
	d->ev = NULL;
	d->ev_n = d->ev_alloc = 0;
}

static int64_t dataset_ms(const struct dataset *d)
{
	int64_t ms = 0;
	unsigned i;

	for (i = 0; i < d->ev_n; i++)
		ms += d->ev[i]->duration_ms;
	return ms;
}

int64_t sub_read_ms(const struct sub_snapshot *sub)
{
	int64_t ms = sub->read_ms + dataset_ms(&sub->info);
	size_t n;

	for (n = 0; n < NEED__COUNT; n++)
		ms += dataset_ms(&sub->sets[n]);
	return ms;
}

void snapshot_sub_drop_evidence(struct snapshot *s, struct sub_snapshot *sub,
				int (*retire)(void *ctx, const struct evidence *e), void *ctx)
{
	size_t n;

	sub->read_ms = sub_read_ms(sub);
	uncite(s, &sub->info, retire, ctx);
	for (n = 0; n < NEED__COUNT; n++)
		uncite(s, &sub->sets[n], retire, ctx);
}

struct target *snapshot_target(const struct snapshot *s, const char *id)
{
	return strmap_get(&s->target_ids, id);
}

struct target *snapshot_add_target(struct snapshot *s, const char *id,
				   enum target_kind kind)
{
	struct target *t = xcalloc(1, sizeof(*t));

	t->id = xstrdup(id);
	t->kind = kind;
	t->retention_days = -1;
	s->targets = xgrow(s->targets, &s->targets_alloc, s->n_targets + 1,
			   sizeof(*s->targets));
	s->targets[s->n_targets++] = t;
	strmap_add(&s->target_ids, t->id, t);
	return t;
}

struct la_table_read *target_tables(struct target *t)
{
	int i;

	if (t->tables)
		return t->tables;
	t->tables = xcalloc(TABLE__COUNT, sizeof(*t->tables));
	for (i = 0; i < TABLE__COUNT; i++) {
		t->tables[i].retention_days = t->tables[i].total_retention_days = -1;
		t->tables[i].retention_default = -1;
	}
	return t->tables;
}

struct sentinel_workspace *snapshot_workspace(const struct snapshot *s,
					      const char *id)
{
	return strmap_get(&s->workspace_ids, id);
}

struct sentinel_workspace *snapshot_add_workspace(struct snapshot *s,
						  const char *id)
{
	struct sentinel_workspace *w = xcalloc(1, sizeof(*w));

	w->id = xstrdup(id);
	w->onboarded = -1;
	s->workspaces = xgrow(s->workspaces, &s->workspaces_alloc,
			      s->n_workspaces + 1, sizeof(*s->workspaces));
	s->workspaces[s->n_workspaces++] = w;
	strmap_add(&s->workspace_ids, w->id, w);
	return w;
}

const char *sub_tag(const struct sub_snapshot *sub, const char *key)
{
	long i = strvec_find_ci(&sub->tag_keys, key);

	return i < 0 ? NULL : sub->tag_values.v[i];
}

static void absorb_items(struct snapshot *dst, struct snapshot *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct sub_snapshot *sub = src->subs[i];

		if (snapshot_find(dst, sub->id)) {
			sub_free(sub);
			continue;
		}
		sub->snap = dst;
		dst->subs = xgrow(dst->subs, &dst->alloc, dst->n + 1, sizeof(*dst->subs));
		dst->subs[dst->n++] = sub;
		strmap_add(&dst->sub_ids, sub->id, sub);
	}
	for (i = 0; i < src->n_targets; i++) {
		if (snapshot_target(dst, src->targets[i]->id)) {
			target_free(src->targets[i]);
			continue;
		}
		dst->targets = xgrow(dst->targets, &dst->targets_alloc, dst->n_targets + 1,
				     sizeof(*dst->targets));
		dst->targets[dst->n_targets++] = src->targets[i];
		strmap_add(&dst->target_ids, src->targets[i]->id, src->targets[i]);
	}
	for (i = 0; i < src->n_workspaces; i++) {
		if (snapshot_workspace(dst, src->workspaces[i]->id)) {
			workspace_free(src->workspaces[i]);
			continue;
		}
		dst->workspaces = xgrow(dst->workspaces, &dst->workspaces_alloc,
					dst->n_workspaces + 1, sizeof(*dst->workspaces));
		dst->workspaces[dst->n_workspaces++] = src->workspaces[i];
		strmap_add(&dst->workspace_ids, src->workspaces[i]->id, src->workspaces[i]);
	}
}

void snapshot_absorb(struct snapshot *dst, struct snapshot *src)
{
	size_t i;

	absorb_items(dst, src);
	for (i = 0; i < src->ev_n; i++)
		snapshot_add_evidence(dst, NULL, src->evidence[i]);
	dst->sentinel_searched |= src->sentinel_searched;
	if (src->scope_failed && !dst->scope_failed) {
		dst->scope_failed = 1;
		dst->scope_error = src->scope_error;
		memset(&src->scope_error, 0, sizeof(src->scope_error));
	}
	dst->scope_complete = 1;
	/* Another shard's subscriptions (--shard) served only that part's
	 * Sentinel search, done when it was evaluated: the whole holds them
	 * as its own or, in a partial merge, says they are missing. */
	for (i = 0; i < src->n_others; i++)
		sub_free(src->others[i]);
	free(src->others);
	free(src->subs);
	free(src->targets);
	free(src->workspaces);
	free(src->evidence);
	fetch_error_release(&src->scope_error);
	release_maps(src);
	snapshot_init(src);
	/* Subscriptions, targets and workspaces by id, as one scan lists them;
	 * evidence stays in part order (entry numbers repeat across parts). */
	if (dst->n > 1)
		qsort(dst->subs, dst->n, sizeof(*dst->subs), sub_cmp);
	if (dst->n_targets > 1)
		qsort(dst->targets, dst->n_targets, sizeof(*dst->targets), target_cmp);
	if (dst->n_workspaces > 1)
		qsort(dst->workspaces, dst->n_workspaces, sizeof(*dst->workspaces), workspace_cmp);
}
