/*
 * manifest.c - loading and verifying evidence bundles, see manifest.h.
 */
#include "evidence/manifest.h"
#include "evidence/bundle.h"
#include "model/shard.h"
#include "util/clock.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/sign.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A plain file name of the bundle: no path, no "..", nothing hidden. */
static int safe_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n && n <= 64 && s[0] != '.' &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789._-")] == '\0';
}

int manifest_is_sha256(const char *s)
{
	return s && strlen(s) == SHA256_HEX_LEN &&
	       s[strspn(s, "0123456789abcdef")] == '\0';
}

static int whole_number(const cJSON *o, const char *key, double lo, double hi, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return -1;
	*out = v->valuedouble;
	return 0;
}

/* A file name and its hash: both absent, or a safe name and 64 hex digits. */
static int file_ref(const cJSON *o, const char *name_key, const char *sha_key,
		    const char **name, const char **sha)
{
	if (json_str_or_null(o, name_key, name) || json_str_or_null(o, sha_key, sha))
		return -1;
	if (!*name && !*sha)
		return 0;
	return safe_name(*name) && manifest_is_sha256(*sha) ? 0 : -1;
}

static int load_entry(const cJSON *o, struct manifest_entry *e, unsigned long want)
{
	double num;

	memset(e, 0, sizeof(*e));
	if (!cJSON_IsObject(o) || whole_number(o, "entry", 1, 1e12, &num) ||
	    (unsigned long)num != want)
		return -1;
	e->entry = want;
	if (json_str_or_null(o, "method", &e->method) || !e->method ||
	    (strcmp(e->method, "GET") && strcmp(e->method, "POST")) ||
	    json_str_or_null(o, "url", &e->url) || !e->url ||
	    whole_number(o, "status", 0, 999, &num))
		return -1;
	e->status = (long)num;
	if (json_str_or_null(o, "request_id", &e->request_id) ||
	    json_str_or_null(o, "correlation_request_id", &e->correlation_id) ||
	    json_str_or_null(o, "date", &e->date) || json_str_or_null(o, "time", &e->time) ||
	    json_str_or_null(o, "error", &e->error))
		return -1;
	e->body_too_large = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "body_too_large"));
	if (whole_number(o, "retries", 0, 1000, &num))
		return -1;
	e->retries = (unsigned)num;
	if (whole_number(o, "duration_ms", 0, 1e12, &num))
		return -1;
	e->duration_ms = (long)num;
	if (file_ref(o, "file", "sha256", &e->file, &e->sha256) ||
	    file_ref(o, "request_file", "request_sha256", &e->request_file,
		     &e->request_sha256))
		return -1;
	/* An HTTP answer always has its body file; no answer has none. */
	if (!!e->status != !!e->file)
		return -1;
	return 0;
}

static int load_input(const cJSON *inputs, const char *kind, struct manifest_input *in)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(inputs, kind);

	memset(in, 0, sizeof(*in));
	if (!o || cJSON_IsNull(o))
		return 0;
	if (!cJSON_IsObject(o) || file_ref(o, "file", "sha256", &in->file, &in->sha256) ||
	    !in->file || json_str_or_null(o, "source", &in->source))
		return -1;
	return 0;
}

static int load_time(const cJSON *scan, const char *key, time_t *out)
{
	const char *s;

	return json_str_or_null(scan, key, &s) || !s || clock_parse_iso8601(s, out) ? -1 : 0;
}

/* Copy an entry's strings out of the parsed tree, which is then freed:
 * thousands of entries cost their strings, not a cJSON node each. */
static void keep_strings(struct pool *p, struct manifest_entry *e)
{
	const char **fields[] = {
		&e->method, &e->url, &e->request_id, &e->correlation_id, &e->date,
		&e->time, &e->error, &e->file, &e->sha256, &e->request_file,
		&e->request_sha256,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (*fields[i])
			*fields[i] = pool_strdup(p, *fields[i]);
}

/* "complete": false marks an interrupted scan's manifest; absent (older
 * irscan) or true: complete.  0, or -1 with the reason in err. */
static int load_complete(const cJSON *root, const char *path, struct buf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "complete");

	if (v && !cJSON_IsBool(v)) {
		buf_addf(err, "'%s': 'complete' must be true or false", path);
		return -1;
	}
	if (cJSON_IsFalse(v)) {
		buf_addf(err, "'%s': the evidence bundle is incomplete: the scan that wrote "
			 "it was interrupted", path);
		return -1;
	}
	return 0;
}

/* A whole number from lo to hi, or -1. */
static double whole(const cJSON *o, const char *key, double lo, double hi)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return -1;
	return v->valuedouble;
}

/*
 * "shard" (model/shard.h): absent (older irscan) or null, unsharded; else
 * index 1..count, count 1..SHARD_MAX, and the shard's subscriptions as
 * many as the manifest lists, no more than the scope's.
 */
static int load_shard(struct manifest *m, const cJSON *root, int n_subs,
		      const char *path, struct buf *err)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "shard");
	double count, index, scope, subs;

	if (!o || cJSON_IsNull(o))
		return 0;
	count = whole(o, "count", 1, SHARD_MAX);
	index = whole(o, "index", 1, count < 1 ? 1 : count);
	scope = whole(o, "scope_subscriptions", 0, 1e9);
	subs = whole(o, "subscriptions", n_subs, n_subs);
	if (!cJSON_IsObject(o) || count < 0 || index < 0 || scope < 0 || subs < 0 ||
	    subs > scope) {
		buf_addf(err, "'%s': 'shard' is malformed (index, count, scope_subscriptions "
			 "and subscriptions: whole numbers, 1 <= index <= count <= %d, "
			 "subscriptions as many as listed)", path, SHARD_MAX);
		return -1;
	}
	m->shard_index = (unsigned)index;
	m->shard_count = (unsigned)count;
	m->shard_scope = (size_t)scope;
	return 0;
}

/* tool.version: said when it is not this irscan's (offline.c). */
static int load_tool_version(struct manifest *m, const cJSON *root, const char *path,
			     struct buf *err)
{
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(tool, "version");

	if (!cJSON_IsObject(tool) || !cJSON_IsString(v) || !v->valuestring[0] ||
	    strlen(v->valuestring) > 64) {
		buf_addf(err, "'%s': tool.version is missing or malformed", path);
		return -1;
	}
	m->tool_version = xstrdup(v->valuestring);
	return 0;
}

/* The listed subscriptions' ids, and the shard object when there is one. */
static int load_scope(struct manifest *m, cJSON *root, const cJSON *subs)
{
	const cJSON *it;
	const char *id;

	cJSON_ArrayForEach(it, subs) {
		if (!cJSON_IsObject(it) || json_str_or_null(it, "id", &id) || !id)
			return -1;
		strvec_push(&m->subscriptions, id);
	}
	/* Written by --shard; absent (or null) in an unsharded scan's. */
	m->shard = cJSON_DetachItemFromObjectCaseSensitive(root, "shard");
	if (cJSON_IsNull(m->shard)) {
		cJSON_Delete(m->shard);
		m->shard = NULL;
	}
	return m->shard && !cJSON_IsObject(m->shard) ? -1 : 0;
}

int manifest_load(struct manifest *m, const char *dir, struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT, why = BUF_INIT;
	const cJSON *entries, *it, *inputs, *subs;
	cJSON *root = NULL;
	const char *format;
	size_t i = 0;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->dir = xstrdup(dir);
	buf_addf(&path, "%s/%s", dir, BUNDLE_MANIFEST);
	if (file_read(path.buf, MANIFEST_MAX, &text, err))
		goto done;
	root = json_parse(text.buf, text.len);
	if (!cJSON_IsObject(root)) {
		buf_addf(err, "'%s' is not a JSON object (truncated or corrupt)", path.buf);
		goto done;
	}
	/* A repeated key ("complete" twice) would be read as its first. */
	if (json_check_strict(text.buf, text.len, root, &why)) {
		buf_addf(err, "'%s': %s", path.buf, why.buf);
		goto done;
	}
	buf_release(&text);
	if (json_str_or_null(root, "format", &format) || !format || strcmp(format, BUNDLE_FORMAT)) {
		buf_addf(err, "'%s' is not an irscan evidence manifest (format %s)",
			 path.buf, BUNDLE_FORMAT);
		goto done;
	}
	/* Before the rest: an interrupted scan's manifest may lack it. */
	if (load_complete(root, path.buf, err) || load_tool_version(m, root, path.buf, err))
		goto done;
	m->scan = cJSON_DetachItemFromObjectCaseSensitive(root, "scan");
	subs = cJSON_GetObjectItemCaseSensitive(root, "subscriptions");
	entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
	inputs = cJSON_GetObjectItemCaseSensitive(m->scan, "inputs");
	if (!cJSON_IsObject(m->scan) || !cJSON_IsArray(subs) ||
	    !cJSON_IsArray(entries) || !cJSON_IsObject(inputs) ||
	    load_time(m->scan, "started", &m->started) ||
	    load_time(m->scan, "finished", &m->finished)) {
		buf_addf(err, "'%s': the scan, subscriptions or entries are missing "
			 "or malformed", path.buf);
		goto done;
	}
	if (load_shard(m, root, cJSON_GetArraySize(subs), path.buf, err))
		goto done;
	if (load_scope(m, root, subs)) {
		buf_addf(err, "'%s': the subscriptions or the shard are malformed", path.buf);
		goto done;
	}
	if (load_input(inputs, "waivers", &m->waivers) ||
	    load_input(inputs, "attestations", &m->attestations)) {
		buf_addf(err, "'%s': scan.inputs is malformed", path.buf);
		goto done;
	}
	m->entries = xcalloc((size_t)cJSON_GetArraySize(entries) + 1, sizeof(*m->entries));
	cJSON_ArrayForEach(it, entries) {
		if (load_entry(it, &m->entries[i], (unsigned long)i + 1)) {
			buf_addf(err, "'%s': entry %zu is malformed (fields, numbering, "
				 "or a file name that is not a plain name in the bundle)",
				 path.buf, i + 1);
			goto done;
		}
		keep_strings(&m->strings, &m->entries[i]);
		i++;
	}
	m->n = i;
	rc = 0;
done:
	cJSON_Delete(root);
	buf_release(&path);
	buf_release(&text);
	buf_release(&why);
	if (rc)
		manifest_release(m);
	return rc;
}

void manifest_release(struct manifest *m)
{
	free(m->tool_version);
	cJSON_Delete(m->scan);
	cJSON_Delete(m->shard);
	strvec_clear(&m->subscriptions);
	pool_release(&m->strings);
	free(m->entries);
	free(m->dir);
	memset(m, 0, sizeof(*m));
}

int manifest_read_file(const struct manifest *m, const char *name, const char *sha256,
		       struct buf *out, struct buf *err)
{
	struct buf path = BUF_INIT;
	char got[SHA256_HEX_LEN + 1];
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd, rc = -1;

	buf_release(out);
	if (!safe_name(name)) {
		buf_addf(err, "'%s' is not a plain file name of the bundle", name);
		return -1;
	}
	buf_addf(&path, "%s/%s", m->dir, name);
	/* No symbolic link may lead the read outside the bundle. */
	fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		buf_addf(err, "missing: %s (%s)", name, errno == ELOOP ?
			 "a symbolic link" : strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		buf_addf(err, "not a regular file: %s", name);
		goto done;
	}
	if ((unsigned long long)st.st_size > BUNDLE_FILE_MAX) {
		buf_addf(err, "too large: %s (%lld bytes, at most %u)", name,
			 (long long)st.st_size, BUNDLE_FILE_MAX);
		goto done;
	}
	buf_init(out, BUNDLE_FILE_MAX);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_addn_capped(out, chunk, (size_t)n) < 0) {
			buf_addf(err, "too large: %s", name);
			goto done;
		}
	if (n < 0) {
		buf_addf(err, "cannot read %s: %s", name, strerror(errno));
		goto done;
	}
	sha256_hex(out->buf, out->len, got);
	if (strcmp(got, sha256)) {
		buf_addf(err, "changed: %s (SHA-256 %s, the manifest says %s)", name, got, sha256);
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	return rc;
}

/* Is name a file the manifest lists (or the manifest and its signature)? */
static int listed(const struct manifest *m, const char *name)
{
	const struct manifest_entry *e;
	size_t i;

	if (!strcmp(name, BUNDLE_MANIFEST) || !strcmp(name, BUNDLE_SIGNATURE) ||
	    !strcmp(name, BUNDLE_MANIFEST_SHA))
		return 1;
	if ((m->waivers.file && !strcmp(name, m->waivers.file)) ||
	    (m->attestations.file && !strcmp(name, m->attestations.file)))
		return 1;
	/* Entry files are named after their entry: NNNNNN.json, .txt, .request.json. */
	if (name[0] < '0' || name[0] > '9')
		return 0;
	i = strtoul(name, NULL, 10);
	if (i < 1 || i > m->n)
		return 0;
	e = &m->entries[i - 1];
	return (e->file && !strcmp(name, e->file)) ||
	       (e->request_file && !strcmp(name, e->request_file));
}

static void check_file(const struct manifest *m, const char *name, const char *sha,
		       struct buf *content, struct buf *problems, long *count)
{
	struct buf err = BUF_INIT;

	if (manifest_read_file(m, name, sha, content, &err)) {
		buf_addf(problems, "%s\n", err.buf);
		(*count)++;
	}
	buf_release(&err);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Extra files: everything in the directory the manifest does not list. */
static void check_extra(const struct manifest *m, struct buf *problems, long *count)
{
	DIR *d = opendir(m->dir);
	struct strvec extra = STRVEC_INIT;
	struct dirent *e;
	size_t i;

	if (!d) {
		buf_addf(problems, "cannot list %s: %s\n", m->dir, strerror(errno));
		(*count)++;
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !listed(m, e->d_name))
			strvec_push(&extra, e->d_name);
	closedir(d);
	if (extra.n > 1)
		qsort(extra.v, extra.n, sizeof(*extra.v), name_cmp);
	for (i = 0; i < extra.n; i++) {
		buf_add(problems, "extra: ");
		buf_add_repr(problems, extra.v[i], strlen(extra.v[i]));
		buf_add(problems, "\n");
		(*count)++;
	}
	strvec_clear(&extra);
}

int manifest_check_sha(const char *dir, const struct buf *manifest, struct buf *problems)
{
	struct buf path = BUF_INIT, line = BUF_INIT, err = BUF_INIT;
	char sha[SHA256_HEX_LEN + 1];
	int bad = 1;

	buf_addf(&path, "%s/%s", dir, BUNDLE_MANIFEST_SHA);
	if (file_read(path.buf, 4096, &line, &err)) {
		buf_addf(problems, "missing: %s\n", BUNDLE_MANIFEST_SHA);
	} else {
		sha256_hex(manifest->buf, manifest->len, sha);
		bad = line.len < SHA256_HEX_LEN || strncmp(line.buf, sha, SHA256_HEX_LEN);
		if (bad)
			buf_addf(problems, "changed: %s (SHA-256 %s does not match %s)\n",
				 BUNDLE_MANIFEST, sha, BUNDLE_MANIFEST_SHA);
	}
	buf_release(&path);
	buf_release(&line);
	buf_release(&err);
	return bad;
}

int manifest_is_signed(const struct manifest *m)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int present;

	buf_addf(&path, "%s/%s", m->dir, BUNDLE_SIGNATURE);
	present = !lstat(path.buf, &st);
	buf_release(&path);
	return present;
}

int manifest_check_signature(const char *dir, const struct buf *text,
			     const struct strvec *keys, struct buf *problems)
{
	struct buf path = BUF_INIT, sig = BUF_INIT, err = BUF_INIT;
	size_t i;
	int rc = 1;

	buf_addf(&path, "%s/%s", dir, BUNDLE_SIGNATURE);
	if (file_read(path.buf, 64 * 1024, &sig, &err)) {
		buf_addf(problems, "signature: %s\n", err.buf);
		goto done;
	}
	/* Any one of the keys: a keyring, as ssh's allowed_signers. */
	for (i = 0; i < keys->n && rc > 0; i++) {
		buf_reset(&err);
		rc = sign_verify(keys->v[i], text->buf, text->len, sig.buf, sig.len, &err);
	}
	if (rc < 0) {
		/* Then the reason alone is the answer, one line. */
		buf_reset(problems);
		buf_add(problems, err.buf);
	} else if (rc) {
		buf_addf(problems, "signature: %s is not a valid signature of %s by %s\n",
			 BUNDLE_SIGNATURE, BUNDLE_MANIFEST,
			 keys->n == 1 ? "this key" : "any of these keys");
	}
done:
	buf_release(&path);
	buf_release(&sig);
	buf_release(&err);
	return rc;
}

long manifest_verify(const struct manifest *m, const struct strvec *keys, struct buf *problems)
{
	struct buf content = BUF_INIT, err = BUF_INIT, path = BUF_INIT;
	long count = 0;
	size_t i;
	int rc;

	for (i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (e->file)
			check_file(m, e->file, e->sha256, &content, problems, &count);
		if (e->request_file)
			check_file(m, e->request_file, e->request_sha256, &content, problems,
				   &count);
	}
	if (m->waivers.file)
		check_file(m, m->waivers.file, m->waivers.sha256, &content, problems, &count);
	if (m->attestations.file)
		check_file(m, m->attestations.file, m->attestations.sha256, &content,
			   problems, &count);
	check_extra(m, problems, &count);
	buf_addf(&path, "%s/%s", m->dir, BUNDLE_MANIFEST);
	if (file_read(path.buf, MANIFEST_MAX, &content, &err)) {
		buf_addf(problems, "%s\n", err.buf);
		count++;
		goto done;
	}
	count += manifest_check_sha(m->dir, &content, problems);
	if (keys && keys->n) {
		rc = manifest_check_signature(m->dir, &content, keys, problems);
		if (rc < 0)
			count = -1;
		else
			count += rc;
	}
done:
	buf_release(&content);
	buf_release(&err);
	buf_release(&path);
	return count;
}
