/*
 * bundle.c - writing evidence bundles, see bundle.h.
 */
#include "evidence/bundle.h"
#include "model/shard.h"
#include "util/clock.h"
#include "model/contacts.h"
#include "util/digest.h"
#include "util/fileio.h"
#include "util/inputfile.h"
#include "util/jstream.h"
#include "util/redact.h"
#include "util/sign.h"
#include "net/url.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRIES_SCRATCH ".entries.jsonl"

struct bundle_input {
	const char *kind;	/* "waivers", "attestations" */
	char *source;		/* the path given on the command line */
	char sha256[SHA256_HEX_LEN + 1];
};

struct bundle {
	char *dir;
	FILE *entries;		/* the scratch list, one entry per line */
	unsigned long n;	/* entries so far */
	struct bundle_input inputs[2];
	size_t n_inputs;
	char *failed;		/* the first write error, or NULL */
};

static void path_in(struct buf *out, const struct bundle *b, const char *name)
{
	buf_reset(out);
	buf_addf(out, "%s/%s", b->dir, name);
}

struct bundle *bundle_create(const char *dir, struct buf *err)
{
	struct bundle *b;
	struct buf path = BUF_INIT;
	struct stat st;

	if (mkdir(dir, 0700)) {
		if (errno != EEXIST || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
			buf_addf(err, "--evidence-dir: cannot create '%s': %s", dir,
				 errno == EEXIST ? "not a directory" : strerror(errno));
			return NULL;
		}
		if (!dir_is_empty(dir)) {
			buf_addf(err, "--evidence-dir: '%s' is not empty (a bundle must "
				 "hold only what this scan read)", dir);
			return NULL;
		}
	}
	b = xcalloc(1, sizeof(*b));
	b->dir = xstrdup(dir);
	path_in(&path, b, ENTRIES_SCRATCH);
	b->entries = fopen(path.buf, "w+");
	if (!b->entries) {
		buf_addf(err, "--evidence-dir: cannot write in '%s': %s", dir, strerror(errno));
		buf_release(&path);
		bundle_free(b);
		return NULL;
	}
	buf_release(&path);
	return b;
}

static void fail(struct bundle *b, struct buf *why)
{
	if (!b->failed)
		b->failed = buf_detach(why, NULL);
	buf_release(why);
}

/* Store data as file `name`; its SHA-256 into sha. 0 or -1 (b->failed set). */
static int store(struct bundle *b, const char *name, const void *data, size_t len,
		 char sha[SHA256_HEX_LEN + 1])
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	int rc;

	path_in(&path, b, name);
	rc = file_write_new(path.buf, data, len, &err);
	buf_release(&path);
	if (rc) {
		fail(b, &err);
		return -1;
	}
	sha256_hex(data, len, sha);
	return 0;
}

static int looks_json(const struct http_response *r)
{
	const char *ct = r->content_type;
	size_t i = 0;

	for (; ct && *ct; ct++)
		if (!strncasecmp(ct, "json", 4))
			return 1;
	while (i < r->body.len && (r->body.buf[i] == ' ' || r->body.buf[i] == '\n' ||
				   r->body.buf[i] == '\r' || r->body.buf[i] == '\t'))
		i++;
	return i < r->body.len && (r->body.buf[i] == '{' || r->body.buf[i] == '[');
}

static void add_num(cJSON *o, const char *key, double v)
{
	js_add(o, key, js_must(cJSON_CreateNumber(v)));
}

void bundle_record(void *bundle, const struct http_exchange *x, struct http_response *r)
{
	struct bundle *b = bundle;
	struct buf url = BUF_INIT, t = BUF_INIT, name = BUF_INIT;
	char req_sha[SHA256_HEX_LEN + 1] = "", *line, *version;
	const char *req_file = NULL;
	cJSON *e;

	r->entry = ++b->n;
	/* A request body (Resource Graph's query) is evidence too. */
	if (x->body) {
		buf_addf(&name, "%06lu.request.json", r->entry);
		if (!store(b, name.buf, x->body, x->body_len, req_sha))
			req_file = name.buf;
	}
	if (r->status) {
		snprintf(r->file, sizeof(r->file), "%06lu.%s", r->entry,
			 looks_json(r) ? "json" : "txt");
		if (store(b, r->file, r->body.buf, r->body.len, r->sha256))
			r->file[0] = r->sha256[0] = '\0';
	}
	redact_url(&url, x->url);
	version = url_query_param(x->url, "api-version");
	clock_add_rfc3339_ms(&t, r->started_wall_ms);
	e = js_must(cJSON_CreateObject());
	add_num(e, "entry", (double)r->entry);
	js_add_str(e, "method", x->method);
	js_add_str(e, "url", url.buf);
	js_add_str(e, "api_version", version);
	add_num(e, "status", (double)r->status);
	js_add_str(e, "request_id", r->request_id);
	js_add_str(e, "correlation_request_id", r->correlation_id);
	js_add_str(e, "date", r->date);
	js_add_str(e, "time", t.buf);
	add_num(e, "retries", (double)r->retries);
	add_num(e, "duration_ms", (double)r->elapsed_ms);
	js_add_str(e, "error", r->transport_failed ? r->error : NULL);
	js_add(e, "body_too_large", js_must(cJSON_CreateBool(r->body_too_large)));
	js_add_str(e, "file", r->file[0] ? r->file : NULL);
	js_add_str(e, "sha256", r->sha256[0] ? r->sha256 : NULL);
	add_num(e, "bytes", (double)r->body.len);
	js_add_str(e, "request_file", req_file);
	js_add_str(e, "request_sha256", req_file ? req_sha : NULL);
	line = cJSON_PrintUnformatted(e);
	if (!line)
		die("out of memory (cJSON)");
	if (fputs(line, b->entries) == EOF || fputc('\n', b->entries) == EOF) {
		struct buf why = BUF_INIT;

		buf_addf(&why, "cannot write in '%s': %s", b->dir, strerror(errno));
		fail(b, &why);
	}
	cJSON_free(line);
	cJSON_Delete(e);
	free(version);
	buf_release(&url);
	buf_release(&t);
	buf_release(&name);
}

int bundle_add_input(struct bundle *b, const char *kind, const char *path, struct buf *err)
{
	struct buf text = BUF_INIT, name = BUF_INIT;
	struct bundle_input *in;
	int rc = -1;

	if (b->n_inputs >= ARRAY_SIZE(b->inputs))
		die("bundle: too many input files");
	if (file_read(path, INPUT_FILE_MAX, &text, err))
		goto done;
	in = &b->inputs[b->n_inputs];
	buf_addf(&name, "%s.json", kind);
	if (store(b, name.buf, text.buf, text.len, in->sha256)) {
		buf_add(err, b->failed);
		goto done;
	}
	in->kind = kind;
	in->source = xstrdup(path);
	b->n_inputs++;
	rc = 0;
done:
	buf_release(&text);
	buf_release(&name);
	return rc;
}

static cJSON *strvec_json(const struct strvec *v)
{
	cJSON *a = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < v->n; i++)
		js_push(a, js_str(v->v[i]));
	return a;
}

/* The scan: scope, endpoints, identity, and every option that changes verdicts. */
static cJSON *scan_json(const struct bundle *b, const struct bundle_scan *s)
{
	const struct config *c = s->cfg;
	cJSON *o = js_must(cJSON_CreateObject()), *scope, *p, *inputs;
	size_t i;

	js_add(o, "started", js_time(s->started));
	js_add(o, "finished", js_time(s->finished));
	js_add_str(o, "cloud", c->cloud->name);
	js_add_str(o, "arm_endpoint", c->arm_endpoint);
	js_add_str(o, "authority_host", c->authority_host);
	js_add_str(o, "tenant", s->tenant);
	js_add_str(o, "client_id", s->client_id);
	js_add_str(o, "credential", s->credential);
	scope = js_must(cJSON_CreateObject());
	js_add(scope, "subscriptions", strvec_json(&c->subscriptions));
	js_add(scope, "all_subscriptions", js_must(cJSON_CreateBool(c->all_subscriptions)));
	js_add_str(scope, "management_group", c->management_group);
	js_add(o, "scope", scope);
	js_add(o, "resource_graph", js_must(cJSON_CreateBool(c->resource_graph)));
	js_add(o, "sentinel_workspaces", strvec_json(&c->sentinel_workspaces));
	p = js_must(cJSON_CreateObject());
	js_add_str(p, "framework", framework_name(c->framework));
	js_add(p, "checks", strvec_json(&c->checks));
	js_add(p, "controls", strvec_json(&c->controls));
	add_num(p, "alert_max_age_days", (double)c->alert_max_age_days);
	add_num(p, "min_retention_days", (double)c->min_retention_days);
	add_num(p, "attestation_max_age_days", (double)c->attestation_max_age_days);
	js_add_str(p, "attack_path_risk", level_name(c->attack_path_risk));
	js_add(p, "criticality_tags", strvec_json(&c->criticality_tags));
	js_add(p, "required_plans", strvec_json(&c->required_plans));
	js_add_str(p, "fail_on", severity_name(c->fail_on));
	js_add(o, "parameters", p);
	inputs = js_must(cJSON_CreateObject());
	for (i = 0; i < b->n_inputs; i++) {
		cJSON *in = js_must(cJSON_CreateObject());
		struct buf name = BUF_INIT;

		buf_addf(&name, "%s.json", b->inputs[i].kind);
		js_add_str(in, "file", name.buf);
		js_add_str(in, "source", b->inputs[i].source);
		js_add_str(in, "sha256", b->inputs[i].sha256);
		js_add(inputs, b->inputs[i].kind, in);
		buf_release(&name);
	}
	js_add(o, "inputs", inputs);
	return o;
}

static cJSON *sub_json(const struct sub_snapshot *sub)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add_str(o, "id", sub->id);
	js_add_str(o, "name", sub->name);
	js_add_str(o, "state", sub->state);
	js_add(o, "scanned", js_must(cJSON_CreateBool(sub->scanned)));
	return o;
}

/* manifest.json.tmp, then renamed: a manifest is whole or absent. */
static int write_manifest(struct bundle *b, const struct bundle_scan *s, struct buf *err)
{
	struct buf tmp = BUF_INIT, final = BUF_INIT, line = BUF_INIT;
	struct jstream js;
	cJSON *tool;
	FILE *out;
	size_t i;
	int c, rc = -1;

	path_in(&tmp, b, BUNDLE_MANIFEST ".tmp");
	path_in(&final, b, BUNDLE_MANIFEST);
	out = fopen(tmp.buf, "wx");
	if (!out) {
		buf_addf(err, "cannot create '%s': %s", tmp.buf, strerror(errno));
		goto done;
	}
	js_init(&js, out);
	js_begin_object(&js, NULL);
	js_put(&js, "format", js_str(BUNDLE_FORMAT));
	js_put(&js, "complete", js_must(cJSON_CreateBool(s->complete)));
	tool = js_must(cJSON_CreateObject());
	js_add_str(tool, "name", "irscan");
	js_add_str(tool, "version", IRSCAN_VERSION);
	js_put(&js, "tool", tool);
	js_put(&js, "scan", scan_json(b, s));
	/* The same record as the report's scan.shard (null unsharded). */
	js_put(&js, "shard", shard_json(s->cfg, s->snap));
	js_begin_array(&js, "subscriptions");
	for (i = 0; i < s->snap->n; i++)
		js_put(&js, NULL, sub_json(s->snap->subs[i]));
	js_end_array(&js);
	js_begin_array(&js, "entries");
	rewind(b->entries);
	while ((c = fgetc(b->entries)) != EOF) {
		if (c != '\n') {
			buf_addch(&line, (char)c);
			continue;
		}
		js_put_text(&js, NULL, line.buf);
		buf_reset(&line);
	}
	js_end_array(&js);
	js_end_object(&js);
	if (js_finish(&js) | ferror(b->entries) | fclose(out)) {
		buf_addf(err, "cannot write '%s'", tmp.buf);
		goto done;
	}
	if (rename(tmp.buf, final.buf)) {
		buf_addf(err, "cannot rename '%s': %s", tmp.buf, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (rc)
		unlink(tmp.buf);
	buf_release(&tmp);
	buf_release(&final);
	buf_release(&line);
	return rc;
}

/* manifest.json.sha256, and manifest.json.sig with a key. */
static int seal_manifest(struct bundle *b, const char *key, struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT, sig = BUF_INIT;
	char sha[SHA256_HEX_LEN + 1];
	int rc = -1;

	path_in(&path, b, BUNDLE_MANIFEST);
	if (file_read(path.buf, SIZE_MAX / 2, &text, err))
		goto done;
	sha256_hex(text.buf, text.len, sha);
	buf_reset(&sig);
	buf_addf(&sig, "%s  %s\n", sha, BUNDLE_MANIFEST);
	path_in(&path, b, BUNDLE_MANIFEST_SHA);
	if (file_write_new(path.buf, sig.buf, sig.len, err))
		goto done;
	buf_reset(&sig);
	if (!key) {
		rc = 0;
		goto done;
	}
	if (sign_data(key, text.buf, text.len, &sig, err))
		goto done;
	path_in(&path, b, BUNDLE_SIGNATURE);
	rc = file_write_new(path.buf, sig.buf, sig.len, err);
done:
	buf_release(&path);
	buf_release(&text);
	buf_release(&sig);
	return rc;
}

int bundle_finish(struct bundle *b, const struct bundle_scan *s, const char *sign_key,
		  struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc;

	if (b->failed) {
		buf_addf(err, "the evidence bundle is incomplete: %s", b->failed);
		return -1;
	}
	rc = write_manifest(b, s, err);
	if (!rc)
		rc = seal_manifest(b, sign_key, err);
	fclose(b->entries);
	b->entries = NULL;
	path_in(&path, b, ENTRIES_SCRATCH);
	unlink(path.buf);
	buf_release(&path);
	return rc;
}

void bundle_free(struct bundle *b)
{
	size_t i;

	if (!b)
		return;
	if (b->entries) {
		struct buf path = BUF_INIT;

		fclose(b->entries);
		path_in(&path, b, ENTRIES_SCRATCH);
		unlink(path.buf);
		buf_release(&path);
	}
	for (i = 0; i < b->n_inputs; i++)
		free(b->inputs[i].source);
	free(b->failed);
	free(b->dir);
	free(b);
}
