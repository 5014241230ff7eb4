/*
 * baseline_cmp.c - matching a run's findings with an earlier run's
 * (baseline.h): one comparison for --baseline and `irscan diff`.
 *
 * Both lists are sorted by their key (check, subscription, resource,
 * case-insensitive; then their place in the report, so that two findings
 * of one key pair up in order) and walked together: n log n for the
 * hundred thousand findings of a large tenant, where comparing each with
 * each would not finish.
 */
#include "policy/baseline.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct key {
	const char *check, *sub, *res;
	size_t idx;
};

static int key_cmp_noidx(const struct key *a, const struct key *b)
{
	int c = strcasecmp(a->check, b->check);

	if (!c)
		c = strcasecmp(a->sub, b->sub);
	return c ? c : strcasecmp(a->res, b->res);
}

static int key_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c = key_cmp_noidx(a, b);

	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* A finding about the subscription itself may name no resource. */
static struct key *keys_of(const struct baseline *b, struct pool *tmp)
{
	struct key *k = xcalloc(b->n ? b->n : 1, sizeof(*k));
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct baseline_finding *f = &b->items[i];

		k[i].check = f->check;
		k[i].sub = f->subscription;
		k[i].res = f->resource;
		if (!k[i].res) {
			char *r = pool_alloc(tmp, strlen(f->subscription) + 16);

			strcpy(r, "/subscriptions/");
			k[i].res = strcat(r, f->subscription);
		}
		k[i].idx = i;
	}
	qsort(k, b->n, sizeof(*k), key_cmp);
	return k;
}

static int str_ci_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **sorted_copy(const char **v, size_t n)
{
	const char **s = xcalloc(n ? n : 1, sizeof(*s));

	if (n)
		memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), str_ci_cmp);
	return s;
}

static int has(const char **sorted, size_t n, const char *s)
{
	return bsearch(&s, sorted, n, sizeof(*sorted), str_ci_cmp) != NULL;
}

/* f's resource is its subscription's own id ("/subscriptions/<id>"). */
static int is_sub_itself(const struct baseline_finding *f, const char *res)
{
	if (!res)
		return 1;	/* no resource: the subscription itself */
	static const char prefix[] = "/subscriptions/";

	return !strncasecmp(res, prefix, sizeof(prefix) - 1) &&
	       !strcasecmp(res + sizeof(prefix) - 1, f->subscription);
}

int baseline_moved(const struct baseline_finding *old, const struct baseline_finding *cur)
{
	/* No resource is the subscription itself, as keys_of() has it. */
	if (!old->resource || !cur->resource) {
		const struct baseline_finding *named = old->resource ? old : cur;

		return named->resource && !is_sub_itself(named, named->resource);
	}
	return strcasecmp(old->resource, cur->resource) != 0;
}

static int same_text(const char *a, const char *b)
{
	return !a || !b ? a == b : !strcmp(a, b);
}

static void pair_up(struct baseline_cmp *c, char *used)
{
	struct pool tmp = POOL_INIT;
	struct key *ok = keys_of(c->old, &tmp), *ck = keys_of(c->cur, &tmp);
	size_t i = 0, j = 0;

	while (i < c->old->n && j < c->cur->n) {
		int d = key_cmp_noidx(&ok[i], &ck[j]);

		if (d < 0) {
			i++;
		} else if (d > 0) {
			j++;
		} else {
			c->prior[ck[j++].idx] = &c->old->items[ok[i].idx];
			used[ok[i++].idx] = 1;
		}
	}
	free(ok);
	free(ck);
	pool_release(&tmp);
}

/* Unmatched findings by check, then subscription (keys without the resource). */
static int place_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c = strcasecmp(a->check, b->check);

	return c ? c : strcasecmp(a->sub, b->sub);
}

static struct key *unmatched(const struct baseline *b, const char *matched, size_t *n)
{
	struct key *k = xcalloc(b->n + 1, sizeof(*k));
	size_t i;

	for (*n = 0, i = 0; i < b->n; i++)
		if (!matched[i])
			k[(*n)++] = (struct key){ .check = b->items[i].check,
						  .sub = b->items[i].subscription, .idx = i };
	qsort(k, *n, sizeof(*k), place_cmp);
	return k;
}

/*
 * A finding that left its resource for another: alerts-exported passes on
 * the export's automation and fails on the subscription once the export
 * is disabled.  When a check and subscription have exactly one finding
 * left unmatched on each side, they are one finding that moved (updated);
 * more than one on a side would be a guess, and those stay new and absent.
 */
static void pair_moved(struct baseline_cmp *c, char *used)
{
	char *cur_matched = xcalloc(c->cur->n + 1, 1);
	struct key *ok, *ck;
	size_t on, cn, i = 0, j = 0, i2, j2;

	for (i = 0; i < c->cur->n; i++)
		cur_matched[i] = c->prior[i] != NULL;
	ok = unmatched(c->old, used, &on);
	ck = unmatched(c->cur, cur_matched, &cn);
	for (i = 0; i < on && j < cn;) {
		int d = place_cmp(&ok[i], &ck[j]);

		if (d) {
			d < 0 ? i++ : j++;
			continue;
		}
		for (i2 = i + 1; i2 < on && !place_cmp(&ok[i], &ok[i2]); i2++)
			;
		for (j2 = j + 1; j2 < cn && !place_cmp(&ck[j], &ck[j2]); j2++)
			;
		if (i2 - i == 1 && j2 - j == 1 &&
		    (is_sub_itself(&c->old->items[ok[i].idx], c->old->items[ok[i].idx].resource) ||
		     is_sub_itself(&c->cur->items[ck[j].idx], c->cur->items[ck[j].idx].resource))) {
			c->prior[ck[j].idx] = &c->old->items[ok[i].idx];
			used[ok[i].idx] = 1;
		}
		i = i2;
		j = j2;
	}
	free(ok);
	free(ck);
	free(cur_matched);
}

/* Where this run read its data: (check, subscription) with a finding not an error. */
static struct key *read_places(const struct baseline *cur, size_t *n)
{
	struct key *k = xcalloc(cur->n + 1, sizeof(*k));
	size_t i;

	for (*n = 0, i = 0; i < cur->n; i++)
		if (cur->items[i].status != STATUS_ERROR)
			k[(*n)++] = (struct key){ .check = cur->items[i].check,
						  .sub = cur->items[i].subscription };
	qsort(k, *n, sizeof(*k), place_cmp);
	return k;
}

/* Old findings left unmatched: absent, or not looked at this time. */
static void left_over(struct baseline_cmp *c, const char *used)
{
	const struct baseline *cur = c->cur;
	const char **subs = sorted_copy(cur->subscriptions, cur->subscriptions_n);
	const char **checks = sorted_copy(cur->checks, cur->checks_n);
	const char **controls = sorted_copy(cur->controls, cur->controls_n);
	size_t i, read_n;
	struct key *read = read_places(cur, &read_n);

	for (i = 0; i < c->old->n; i++) {
		const struct baseline_finding *f = &c->old->items[i];
		struct key place = { .check = f->check, .sub = f->subscription };

		if (used[i])
			continue;
		if (has(subs, cur->subscriptions_n, f->subscription) &&
		    has(checks, cur->checks_n, f->check) &&
		    (!cur->controls_n || (f->control && has(controls, cur->controls_n, f->control))) &&
		    bsearch(&place, read, read_n, sizeof(*read), place_cmp))
			c->absent[c->absent_n++] = f;
		else
			c->not_rescanned++;
	}
	free(read);
	free(subs);
	free(checks);
	free(controls);
}

void baseline_compare(const struct baseline *old, const struct baseline *cur,
		      struct baseline_cmp *out)
{
	char *used = xcalloc(old->n + 1, 1);
	size_t i;

	memset(out, 0, sizeof(*out));
	out->old = old;
	out->cur = cur;
	out->states = xcalloc(cur->n + 1, sizeof(*out->states));
	out->prior = xcalloc(cur->n + 1, sizeof(*out->prior));
	out->absent = xcalloc(old->n + 1, sizeof(*out->absent));
	pair_up(out, used);
	pair_moved(out, used);
	for (i = 0; i < cur->n; i++) {
		const struct baseline_finding *p = out->prior[i], *f = &cur->items[i];

		if (!p)
			out->states[i] = BASELINE_NEW;
		else if (p->status != f->status || !same_text(p->message, f->message) ||
			 baseline_moved(p, f))
			out->states[i] = BASELINE_UPDATED;
		else
			out->states[i] = BASELINE_UNCHANGED;
		out->counts[out->states[i]]++;
	}
	left_over(out, used);
	out->counts[BASELINE_ABSENT] = out->absent_n;
	free(used);
}

void baseline_cmp_release(struct baseline_cmp *c)
{
	free(c->states);
	free(c->prior);
	free(c->absent);
	memset(c, 0, sizeof(*c));
}
