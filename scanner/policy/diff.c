/*
 * diff.c - the changes between two scans (diff.h): baseline_compare()
 * matches the findings (and pairs what moved), this compares the
 * observed values and ranks each change.  It words nothing (reports/ does) and
 * reads nothing (the app layer loads both scans).
 */
#include "policy/diff.h"
#include "policy/policy.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Observed values that list automations, "NAME: STATE; NAME: STATE". */
static const char *const list_keys[] = { "exports", "logic_app_automations" };

static int is_list_key(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(list_keys); i++)
		if (!strcmp(key, list_keys[i]))
			return 1;
	return 0;
}

static const char *observed(const struct baseline_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->observed_n; i++)
		if (!strcmp(f->observed[i].key, key))
			return f->observed[i].value ? f->observed[i].value : "";
	return NULL;
}

/* The settings of one change, grown in a temporary array. */
struct settings {
	struct diff_setting *v;
	size_t n, alloc;
};

static void push(struct settings *s, const char *key, const char *item,
		 const char *old_value, const char *new_value)
{
	s->v = xgrow(s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = (struct diff_setting){ key, item, old_value, new_value };
}

/* One "NAME: STATE" of a list value. */
struct list_item {
	const char *name, *state;
};

/* Split a list value into items (strings in the pool); returns how many. */
static size_t split_list(struct pool *p, const char *v, struct list_item **out)
{
	size_t n = 0, cap = 1;
	const char *s;
	struct list_item *items;

	for (s = v; (s = strstr(s, "; ")); s += 2)
		cap++;
	items = pool_alloc(p, cap * sizeof(*items));
	while (*v) {
		size_t len = strstr(v, "; ") ? (size_t)(strstr(v, "; ") - v) : strlen(v);
		char *one = pool_strndup(p, v, len);
		char *colon = strstr(one, ": ");

		if (colon)
			*colon = '\0';
		items[n].name = one;
		items[n++].state = colon ? colon + 2 : "";
		v += len;
		if (*v)
			v += 2;
	}
	*out = items;
	return n;
}

static const struct list_item *find_item(const struct list_item *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* Item by item: changed or gone in old's order, then the new ones. */
static void compare_list(struct diff *d, struct settings *s, const char *key,
			 const char *a, const char *b)
{
	struct list_item *old_items, *new_items;
	size_t on = split_list(&d->pool, a, &old_items);
	size_t nn = split_list(&d->pool, b, &new_items);
	size_t i;

	for (i = 0; i < on; i++) {
		const struct list_item *m = find_item(new_items, nn, old_items[i].name);

		if (!m || strcmp(m->state, old_items[i].state))
			push(s, key, old_items[i].name, old_items[i].state, m ? m->state : NULL);
	}
	for (i = 0; i < nn; i++)
		if (!find_item(old_items, on, new_items[i].name))
			push(s, key, new_items[i].name, NULL, new_items[i].state);
}

/*
 * The observed values both findings have and that differ.  A key only
 * one side observed is left out: a report of an older irscan, another
 * branch of the check or a finding that moved observes other things,
 * and "added"/"removed" would then be about irscan, not the tenant.
 */
static void compare_observed(struct diff *d, struct diff_change *c)
{
	struct settings s = { 0 };
	size_t i;

	for (i = 0; i < c->old->observed_n; i++) {
		const char *key = c->old->observed[i].key;
		const char *a = observed(c->old, key), *b = observed(c->cur, key);
		size_t j;

		for (j = 0; j < i && strcmp(c->old->observed[j].key, key); j++)
			;
		if (j < i || !b || !strcmp(a, b))
			continue;	/* a key seen before, not observed now, or the same */
		if (is_list_key(key))
			compare_list(d, &s, key, a, b);
		else
			push(&s, key, NULL, a, b);
	}
	if (s.n) {
		c->settings = pool_alloc(&d->pool, s.n * sizeof(*s.v));
		memcpy(c->settings, s.v, s.n * sizeof(*s.v));
		c->settings_n = s.n;
	}
	free(s.v);
}

/* Not applicable ranks as pass: a plan that starts to apply is no worse. */
static int level(const struct baseline_finding *f)
{
	int r = policy_rank(f ? f->status : STATUS_PASS), pass = policy_rank(STATUS_PASS);

	return r > pass ? r : pass;
}

/* Fill in a change of old and cur (either may be NULL); 0 when nothing changed. */
static int settle(struct diff *d, struct diff_change *c)
{
	int a = level(c->old), b = level(c->cur);

	c->trend = b > a ? DIFF_WORSE : b < a ? DIFF_BETTER : DIFF_SAME;
	c->kind = !c->old ? DIFF_NEW : !c->cur ? DIFF_GONE : DIFF_CHANGED;
	if (c->kind != DIFF_CHANGED)
		return 1;
	compare_observed(d, c);
	return c->updated || c->settings_n;
}

/* Growing the change list. */
struct changes {
	struct diff_change *v;
	size_t n, alloc;
};

static struct diff_change *add(struct changes *cs)
{
	cs->v = xgrow(cs->v, &cs->alloc, cs->n + 1, sizeof(*cs->v));
	memset(&cs->v[cs->n], 0, sizeof(*cs->v));
	return &cs->v[cs->n++];
}

static const char *place_res(const struct diff_change *c)
{
	const struct baseline_finding *f = c->cur ? c->cur : c->old;

	return f->resource ? f->resource : "";
}

static int change_cmp(const void *pa, const void *pb)
{
	const struct diff_change *a = pa, *b = pb;
	const struct baseline_finding *fa = a->cur ? a->cur : a->old;
	const struct baseline_finding *fb = b->cur ? b->cur : b->old;
	int c = strcasecmp(fa->subscription, fb->subscription);

	if (!c)
		c = strcasecmp(fa->check, fb->check);
	if (!c)
		c = strcasecmp(place_res(a), place_res(b));
	return c ? c : (int)a->kind - (int)b->kind;
}

/* The candidates: every new, gone and matched finding of the comparison. */
static void collect(struct diff *d, const struct baseline_cmp *cmp, struct changes *cs)
{
	size_t i;

	for (i = 0; i < d->cur->n; i++) {
		struct diff_change *c = add(cs);

		c->old = cmp->prior[i];
		c->cur = &d->cur->items[i];
		c->moved = c->old && baseline_moved(c->old, c->cur);
		c->updated = cmp->states[i] == BASELINE_UPDATED;
	}
	for (i = 0; i < cmp->absent_n; i++)
		add(cs)->old = cmp->absent[i];
	d->not_rescanned = cmp->not_rescanned;
}

/* Keep what changed, in order, in the pool. */
static void keep(struct diff *d, struct changes *cs)
{
	size_t i, n = 0;

	for (i = 0; i < cs->n; i++) {
		struct diff_change *c = &cs->v[i];

		if (!settle(d, c)) {
			d->unchanged++;
			continue;
		}
		cs->v[n++] = *c;
	}
	d->items = pool_alloc(&d->pool, (n ? n : 1) * sizeof(*d->items));
	if (n) {
		qsort(cs->v, n, sizeof(*cs->v), change_cmp);
		memcpy(d->items, cs->v, n * sizeof(*cs->v));
	}
	d->n = n;
	for (i = 0; i < n; i++) {
		d->counts[d->items[i].kind]++;
		d->worse += d->items[i].trend == DIFF_WORSE;
		d->better += d->items[i].trend == DIFF_BETTER;
	}
}

/* The strings of a that b lacks (case-insensitive), into the pool. */
static size_t only_in(struct pool *p, const char **a, size_t an, const char **b,
		      size_t bn, const char ***out)
{
	size_t i, j, n = 0;

	*out = pool_alloc(p, (an ? an : 1) * sizeof(**out));
	for (i = 0; i < an; i++) {
		for (j = 0; j < bn && strcasecmp(a[i], b[j]); j++)
			;
		if (j == bn)
			(*out)[n++] = a[i];
	}
	return n;
}

void diff_compute(const struct baseline *old, const struct baseline *cur, struct diff *out)
{
	struct baseline_cmp cmp;
	struct changes cs = { 0 };

	memset(out, 0, sizeof(*out));
	out->old = old;
	out->cur = cur;
	baseline_compare(old, cur, &cmp);
	collect(out, &cmp, &cs);
	keep(out, &cs);
	free(cs.v);
	baseline_cmp_release(&cmp);
	out->subs_old_only_n = only_in(&out->pool, old->subscriptions, old->subscriptions_n,
				       cur->subscriptions, cur->subscriptions_n,
				       &out->subs_old_only);
	out->subs_new_only_n = only_in(&out->pool, cur->subscriptions, cur->subscriptions_n,
				       old->subscriptions, old->subscriptions_n,
				       &out->subs_new_only);
	out->checks_old_only_n = only_in(&out->pool, old->checks, old->checks_n,
					 cur->checks, cur->checks_n, &out->checks_old_only);
	out->checks_new_only_n = only_in(&out->pool, cur->checks, cur->checks_n,
					 old->checks, old->checks_n, &out->checks_new_only);
}

const char *diff_sub_name(const struct diff *d, const char *sub_id)
{
	const struct baseline *b[2] = { d->cur, d->old };
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < b[k]->n; i++)
			if (b[k]->items[i].subscription_name &&
			    !strcasecmp(b[k]->items[i].subscription, sub_id))
				return b[k]->items[i].subscription_name;
	return NULL;
}

void diff_release(struct diff *d)
{
	pool_release(&d->pool);
	memset(d, 0, sizeof(*d));
}
