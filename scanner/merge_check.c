/*
 * merge_check.c - what `irscan merge` refuses (exit 2, one line naming
 * the inputs): reports of different frameworks, or of different checks
 * or parameters that change verdicts; one subscription with different
 * findings in two inputs (a shard given twice from two runs that do not
 * agree); shards of one scan with one missing (unless --allow-partial).
 * One subscription with the same findings twice (a shard given twice)
 * is merged once, and said so.
 */
#include "merge_cmd.h"
#include "util/digest.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_finding(const struct finding *a, const struct finding *b)
{
	unsigned i;

	if (a->check != b->check || a->status != b->status || a->obs_n != b->obs_n ||
	    !same_text(a->resource, b->resource) || !same_text(a->message, b->message))
		return 0;
	for (i = 0; i < a->obs_n; i++)
		if (!same_text(a->obs[i].key, b->obs[i].key) ||
		    !same_text(a->obs[i].value, b->obs[i].value))
			return 0;
	return 1;
}

/* The findings of sub in fs, in order, one at a time: *at is where to go on. */
static const struct finding *next_of(const struct findings *fs, const struct sub_snapshot *sub,
				     size_t *at)
{
	for (; *at < fs->n; (*at)++)
		if (fs->items[*at].sub == sub)
			return &fs->items[(*at)++];
	return NULL;
}

/* The same subscription in two reports: the same findings, in order? */
static int same_findings(const struct loaded_report *a, const struct sub_snapshot *sa,
			 const struct loaded_report *b, const struct sub_snapshot *sb)
{
	size_t i = 0, j = 0;
	const struct finding *x, *y;

	if (sa->scanned != sb->scanned)
		return 0;
	do {
		x = next_of(&a->findings, sa, &i);
		y = next_of(&b->findings, sb, &j);
		if (!x != !y || (x && !same_finding(x, y)))
			return 0;
	} while (x);
	return 1;
}

/* Subscription k of part i, if an earlier part has it: that part's index. */
static int earlier_part(struct loaded_report *const *parts, size_t i,
			const struct sub_snapshot *sub, const struct sub_snapshot **there)
{
	size_t j;

	for (j = 0; j < i; j++)
		if ((*there = snapshot_find(&parts[j]->snap, sub->id)))
			return (int)j;
	return -1;
}

static int check_overlap(struct loaded_report *const *parts, size_t n, unsigned char **skip)
{
	size_t i, k;

	for (i = 1; i < n; i++)
		for (k = 0; k < parts[i]->snap.n; k++) {
			const struct sub_snapshot *sub = parts[i]->snap.subs[k], *there = NULL;
			int j = earlier_part(parts, i, sub, &there);

			if (j < 0)
				continue;
			if (!same_findings(parts[j], there, parts[i], sub)) {
				msg_error("merge: subscription %s is in both '%s' and '%s' with "
					  "different findings: merge reports of one run of each "
					  "subscription", sub->id, parts[j]->file, parts[i]->file);
				return -1;
			}
			msg_warn("merge: subscription %s is in both '%s' and '%s' with the "
				 "same findings: merged once", sub->id, parts[j]->file,
				 parts[i]->file);
			skip[i][k] = 1;
		}
	return 0;
}

static int check_alike(struct loaded_report *const *parts, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (parts[i]->framework != parts[0]->framework) {
			msg_error("merge: '%s' is a %s scan and '%s' a %s scan: merge reports "
				  "of one framework", parts[0]->file,
				  framework_name(parts[0]->framework), parts[i]->file,
				  framework_name(parts[i]->framework));
			return -1;
		}
		if (strcmp(parts[i]->params.verdict_key, parts[0]->params.verdict_key)) {
			msg_error("merge: '%s' and '%s' ran different checks or parameters "
				  "that change verdicts (scan.parameters): merge reports of "
				  "one configuration", parts[0]->file, parts[i]->file);
			return -1;
		}
	}
	return 0;
}

/*
 * The shard of a subscription (the --shard contract): the first 8 bytes
 * of the SHA-256 of its lower-case id, big-endian, mod N, plus 1.
 */
static long shard_of(const char *id, long count)
{
	unsigned char d[32];
	char lower[64];
	uint64_t v = 0;
	size_t i, len = strlen(id);

	if (len >= sizeof(lower))
		len = sizeof(lower) - 1;
	for (i = 0; i < len; i++)
		lower[i] = (char)(id[i] >= 'A' && id[i] <= 'Z' ? id[i] - 'A' + 'a' : id[i]);
	sha256_raw(lower, len, d);
	for (i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return (long)(v % (uint64_t)count) + 1;
}

/* A shard holds only its own subscriptions: a file copied under another index does not. */
static int check_own_subs(const struct loaded_report *p)
{
	size_t k;
	long at;

	for (k = 0; p->shard.index && k < p->snap.n; k++)
		if ((at = shard_of(p->snap.subs[k]->id, p->shard.count)) != p->shard.index) {
			msg_error("merge: '%s' says it is shard %ld/%ld, but its subscription "
				  "%s belongs to shard %ld/%ld", p->file, p->shard.index,
				  p->shard.count, p->snap.subs[k]->id, at, p->shard.count);
			return -1;
		}
	return 0;
}

/* Two shards of one scan: the same count, scope size and tenant. */
static int one_scan(const struct loaded_report *a, const struct loaded_report *b)
{
	return a->shard.index && b->shard.index && a->shard.count == b->shard.count &&
	       a->shard.scope_subscriptions == b->shard.scope_subscriptions &&
	       ((!a->tenant && !b->tenant) ||
		(a->tenant && b->tenant && !strcasecmp(a->tenant, b->tenant)));
}

/* "2, 4" into b, and the missing into *missing. */
static void add_missing(const struct loaded_report *first, const size_t *at, struct buf *b,
			struct report_missing_shard **missing, size_t *missing_n)
{
	long k;

	for (k = 1; k <= first->shard.count; k++) {
		if (at[k] != (size_t)-1)
			continue;
		buf_addf(b, "%s%ld", b->len ? ", " : "", k);
		*missing = xrealloc(*missing, xsize_mul(*missing_n + 1, sizeof(**missing)));
		(*missing)[(*missing_n)++] = (struct report_missing_shard){
			k, first->shard.count, first->tenant };
	}
}

/* The shards of the scan of parts[first]: each index once, none missing. */
static int check_shard_set(const struct config *cfg, struct loaded_report *const *parts,
			   size_t n, size_t first, unsigned char *done,
			   struct report_missing_shard **missing, size_t *missing_n)
{
	const struct loaded_report *f = parts[first];
	size_t *at = xcalloc((size_t)f->shard.count + 1, sizeof(*at)), i, had = *missing_n;
	struct buf b = BUF_INIT;
	int rc = 0;

	memset(at, 0xff, ((size_t)f->shard.count + 1) * sizeof(*at));
	for (i = first; i < n; i++) {
		const struct loaded_report *p = parts[i];

		if (!one_scan(f, p))
			continue;
		done[i] = 1;
		/* Given twice: check_overlap() compares the findings. */
		if (at[p->shard.index] == (size_t)-1)
			at[p->shard.index] = i;
	}
	add_missing(f, at, &b, missing, missing_n);
	if (b.len && !cfg->allow_partial) {
		msg_error("merge: shard%s %s of %ld of the scan of '%s' %s missing: give %s, "
			  "or --allow-partial", *missing_n - had > 1 ? "s" : "", b.buf,
			  f->shard.count, f->file, *missing_n - had > 1 ? "are" : "is",
			  *missing_n - had > 1 ? "them" : "it");
		rc = -1;
	}
	free(at);
	buf_release(&b);
	return rc;
}

int merge_check(const struct config *cfg, struct loaded_report *const *parts, size_t n,
		unsigned char **skip, struct report_missing_shard **missing, size_t *missing_n)
{
	unsigned char *done = xcalloc(n + 1, 1);
	size_t i;
	int rc = check_alike(parts, n);

	for (i = 0; i < n && !rc; i++)
		rc = check_own_subs(parts[i]);

	for (i = 0; i < n && !rc; i++)
		if (parts[i]->shard.index && !done[i])
			rc = check_shard_set(cfg, parts, n, i, done, missing, missing_n);
	free(done);
	return rc ? rc : check_overlap(parts, n, skip);
}
