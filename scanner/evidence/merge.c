/*
 * merge.c - reading and checking the inputs of `irscan merge --evidence`,
 * see merge.h; merge_out.c writes the result.
 */
#include "evidence/merge_int.h"
#include "evidence/bundle.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The first line of a problem list, for a one-line refusal. */
static void first_line(struct buf *err, const struct buf *problems)
{
	buf_addf(err, "%.*s", (int)strcspn(problems->buf, "\n"), problems->buf);
}

/* Record one part; its manifest's and signature's SHA-256 as they are now. */
static int add_part(struct merge_job *job, const char *label, const struct manifest *m,
		    struct buf *err)
{
	struct merge_part *p;
	struct buf path = BUF_INIT, text = BUF_INIT, why = BUF_INIT;
	int rc = -1;

	if (job->n >= MERGED_MAX_PARTS) {
		buf_addf(err, "merge: more than %d parts", MERGED_MAX_PARTS);
		return -1;
	}
	p = &job->parts[job->n];
	memset(p, 0, sizeof(*p));
	buf_addf(&path, "%s/%s", m->dir, BUNDLE_MANIFEST);
	if (file_read(path.buf, MANIFEST_MAX, &text, &why))
		goto done;
	sha256_hex(text.buf, text.len, p->manifest_sha256);
	if (manifest_is_signed(m)) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", m->dir, BUNDLE_SIGNATURE);
		if (file_read(path.buf, 64 * 1024, &text, &why))
			goto done;
		sha256_hex(text.buf, text.len, p->signature_sha256);
	}
	p->label = xstrdup(label);
	p->m = m;
	job->n++;
	rc = 0;
done:
	if (rc)
		buf_addf(err, "merge: '%s': %s", label, why.buf);
	buf_release(&path);
	buf_release(&text);
	buf_release(&why);
	return rc;
}

static int top_signed(const char *dir)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int yes;

	buf_addf(&path, "%s/%s", dir, BUNDLE_SIGNATURE);
	yes = !lstat(path.buf, &st);
	buf_release(&path);
	return yes;
}

/* A merged input: verified as `irscan verify` would, its parts taken as they are. */
static int load_merged(struct merge_job *job, const char *in, struct buf *err)
{
	struct merged *mb = &job->merged[job->n_merged];
	struct buf problems = BUF_INIT, label = BUF_INIT;
	long count;
	size_t i;
	int rc = -1;

	if (merged_load(mb, in, &problems)) {
		buf_addf(err, "merge: '%s' is not an evidence bundle: %s", in, problems.buf);
		goto done;
	}
	job->n_merged++;
	count = merged_verify(mb, top_signed(in) ? job->rq->verify_keys : NULL, &problems);
	if (count) {
		buf_addf(err, "merge: '%s' does not verify (irscan verify lists the problems): ",
			 in);
		first_line(err, &problems);
		goto done;
	}
	for (i = 0; i < mb->n; i++) {
		buf_reset(&label);
		buf_addf(&label, "%s/%s", in, mb->parts[i].name);
		if (add_part(job, label.buf, &mb->parts[i].m, err))
			goto done;
	}
	rc = 0;
done:
	buf_release(&problems);
	buf_release(&label);
	return rc;
}

static int load_plain(struct merge_job *job, const char *in, struct buf *err)
{
	struct manifest *m = &job->plain[job->n_plain];
	struct buf problems = BUF_INIT;
	long count;
	int rc = -1;

	if (manifest_load(m, in, &problems)) {
		buf_addf(err, "merge: '%s' is not an evidence bundle: %s", in, problems.buf);
		goto done;
	}
	job->n_plain++;
	/* An unsigned input has no signature to check; the merge's own vouches for it. */
	count = manifest_verify(m, manifest_is_signed(m) ? job->rq->verify_keys : NULL, &problems);
	if (count) {
		buf_addf(err, "merge: '%s' does not verify (irscan verify lists the problems): ",
			 in);
		first_line(err, &problems);
		goto done;
	}
	rc = add_part(job, in, m, err);
done:
	buf_release(&problems);
	return rc;
}

static int load_inputs(struct merge_job *job, struct buf *err)
{
	const struct strvec *in = job->rq->inputs;
	struct stat st;
	size_t i;

	job->plain = xcalloc(in->n + 1, sizeof(*job->plain));
	job->merged = xcalloc(in->n + 1, sizeof(*job->merged));
	job->parts = xcalloc(MERGED_MAX_PARTS, sizeof(*job->parts));
	for (i = 0; i < in->n; i++) {
		if (stat(in->v[i], &st) || !S_ISDIR(st.st_mode)) {
			buf_addf(err, "merge: '%s' is not an evidence bundle (not a directory)",
				 in->v[i]);
			return -1;
		}
		if (merged_is(in->v[i]) ? load_merged(job, in->v[i], err) :
		    load_plain(job, in->v[i], err))
			return -1;
	}
	return 0;
}

/* The first key of a whose value b does not hold the same; NULL: none. */
static const char *differing_key(const cJSON *a, const cJSON *b)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, a)
		if (!cJSON_Compare(it, cJSON_GetObjectItemCaseSensitive(b, it->string), 1))
			return it->string;
	cJSON_ArrayForEach(it, b)
		if (!cJSON_GetObjectItemCaseSensitive(a, it->string))
			return it->string;
	return NULL;
}

static int same_input(const struct manifest_input *a, const struct manifest_input *b)
{
	return !a->file == !b->file && (!a->file || !strcmp(a->sha256, b->sha256));
}

/*
 * One report has one framework, one set of parameters that change
 * verdicts, one cloud and one waivers and attestations file: parts that
 * differ in any cannot be evaluated as one.
 */
static int check_alike(const struct merge_job *job, struct buf *err)
{
	const struct merge_part *a = &job->parts[0];
	const cJSON *pa = json_obj(a->m->scan, "parameters"), *pb;
	const char *fa = json_str(pa, "framework"), *fb, *key, *ca, *cb;
	size_t i;

	for (i = 1; i < job->n; i++) {
		const struct merge_part *b = &job->parts[i];

		pb = json_obj(b->m->scan, "parameters");
		fb = json_str(pb, "framework");
		ca = json_str(a->m->scan, "cloud");
		cb = json_str(b->m->scan, "cloud");
		if (!fa || !fb || strcmp(fa, fb)) {
			buf_addf(err, "merge: '%s' is a scan of framework %s, '%s' of %s: one "
				 "report has one framework", a->label, fa ? fa : "(none)",
				 b->label, fb ? fb : "(none)");
			return -1;
		}
		if ((key = differing_key(pa, pb))) {
			buf_addf(err, "merge: '%s' and '%s' were evaluated with different "
				 "parameters (%s): their findings cannot make one report",
				 a->label, b->label, key);
			return -1;
		}
		if (!ca || !cb || strcmp(ca, cb)) {
			buf_addf(err, "merge: '%s' is a scan of cloud %s, '%s' of %s", a->label,
				 ca ? ca : "(none)", b->label, cb ? cb : "(none)");
			return -1;
		}
		if (!same_input(&a->m->waivers, &b->m->waivers) ||
		    !same_input(&a->m->attestations, &b->m->attestations)) {
			buf_addf(err, "merge: '%s' and '%s' used different waivers or "
				 "attestations files: one report applies one of each",
				 a->label, b->label);
			return -1;
		}
	}
	return 0;
}

/* ---- a subscription in two parts ---- */

struct sub_ref {
	const char *id;
	size_t part;
};

static int sub_ref_cmp(const void *x, const void *y)
{
	const struct sub_ref *a = x, *b = y;
	int c = strcasecmp(a->id, b->id);

	return c ? c : (a->part > b->part) - (a->part < b->part);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is url's path /subscriptions/ID or below it (any host, any query)? */
static int url_under(const char *url, const char *id)
{
	const char *p = strstr(url, "://");
	size_t n = strlen(id);

	p = p ? strchr(p + 3, '/') : url;
	if (!p || strncasecmp(p, "/subscriptions/", 15) || strncasecmp(p + 15, id, n))
		return 0;
	p += 15 + n;
	return !*p || *p == '/' || *p == '?';
}

/* What a part recorded about one subscription, as one comparable text:
 * each request under it (path and query), its status and body hash. */
static void answers_of(const struct manifest *m, const char *id, struct buf *out)
{
	struct strvec lines = STRVEC_INIT;
	struct buf line = BUF_INIT;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->entries[i];
		const char *path = strstr(e->url, "://");

		if (!url_under(e->url, id))
			continue;
		path = path ? strchr(path + 3, '/') : e->url;
		buf_reset(&line);
		buf_addf(&line, "%s %s %s %ld %s", e->method, path,
			 e->request_sha256 ? e->request_sha256 : "-", e->status,
			 e->sha256 ? e->sha256 : "-");
		strvec_push(&lines, line.buf);
	}
	if (lines.n > 1)
		qsort(lines.v, lines.n, sizeof(*lines.v), str_cmp);
	buf_reset(out);
	for (i = 0; i < lines.n; i++)
		buf_addf(out, "%s\n", lines.v[i]);
	strvec_clear(&lines);
	buf_release(&line);
}

/* A subscription in two parts: refused unless they recorded the same answers. */
static int check_overlap(const struct merge_job *job, struct buf *err)
{
	struct sub_ref *refs;
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t i, k, n = 0;
	int rc = 0;

	for (i = 0; i < job->n; i++)
		n += job->parts[i].m->subscriptions.n;
	refs = xcalloc(n + 1, sizeof(*refs));
	for (i = 0, n = 0; i < job->n; i++)
		for (k = 0; k < job->parts[i].m->subscriptions.n; k++)
			refs[n++] = (struct sub_ref){ job->parts[i].m->subscriptions.v[k], i };
	if (n > 1)
		qsort(refs, n, sizeof(*refs), sub_ref_cmp);
	for (i = 1; i < n && !rc; i++) {
		const struct merge_part *p = &job->parts[refs[i - 1].part];
		const struct merge_part *q = &job->parts[refs[i].part];

		if (strcasecmp(refs[i - 1].id, refs[i].id) || p == q)
			continue;
		answers_of(p->m, refs[i].id, &a);
		answers_of(q->m, refs[i].id, &b);
		if (strcmp(a.buf, b.buf)) {
			buf_addf(err, "merge: subscription %s is in '%s' and '%s' with different "
				 "recorded answers", refs[i].id, p->label, q->label);
			rc = -1;
		}
	}
	free(refs);
	buf_release(&a);
	buf_release(&b);
	return rc;
}

static void job_release(struct merge_job *job)
{
	size_t i;

	for (i = 0; i < job->n; i++)
		free(job->parts[i].label);
	free(job->parts);
	for (i = 0; i < job->n_plain; i++)
		manifest_release(&job->plain[i]);
	free(job->plain);
	for (i = 0; i < job->n_merged; i++)
		merged_release(&job->merged[i]);
	free(job->merged);
	buf_release(&job->partial);
}

int merge_evidence(const struct merge_request *rq, struct merge_result *res, struct buf *err)
{
	struct merge_job job = { .rq = rq };
	int rc = 2;

	if (merge_out_usable(rq->out, err) || load_inputs(&job, err) || check_alike(&job, err) || check_overlap(&job, err) ||
	    merge_check_shards(&job, err))
		goto done;
	rc = merge_write(&job, err) ? 3 : 0;
	res->parts = job.n;
	if (job.partial.len)
		buf_add(&res->partial, job.partial.buf);
done:
	job_release(&job);
	return rc;
}
