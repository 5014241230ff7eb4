/*
 * merged.c - loading and verifying merged evidence bundles, see merged.h.
 */
#include "evidence/merged.h"
#include "evidence/bundle.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A merged manifest lists parts, not requests: far smaller than a scan's. */
#define MERGED_MANIFEST_MAX (64u * 1024 * 1024)

int merged_is(const char *dir)
{
	struct buf path = BUF_INIT;
	char head[sizeof(MERGED_PREFIX)];
	size_t got = 0;
	FILE *f;

	buf_addf(&path, "%s/%s", dir, BUNDLE_MANIFEST);
	f = fopen(path.buf, "rb");
	buf_release(&path);
	if (!f)
		return 0;
	got = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	return got == sizeof(head) - 1 && !memcmp(head, MERGED_PREFIX, got);
}

static int sha_or_null(const cJSON *o, const char *key, char out[SHA256_HEX_LEN + 1])
{
	const char *s;

	if (json_str_or_null(o, key, &s) || (s && !manifest_is_sha256(s)))
		return -1;
	snprintf(out, SHA256_HEX_LEN + 1, "%s", s ? s : "");
	return 0;
}

/* One entry of "parts": its directory must be the i-th part's name. */
static int load_part(struct merged *mb, const cJSON *o, size_t i, struct buf *err)
{
	struct merged_part *p = &mb->parts[i];
	struct buf dir = BUF_INIT, why = BUF_INIT;
	const char *name;
	struct stat st;
	int rc = -1;

	snprintf(p->name, sizeof(p->name), "part-%02zu", i + 1);
	if (!cJSON_IsObject(o) || json_str_or_null(o, "directory", &name) || !name ||
	    strcmp(name, p->name) || sha_or_null(o, "manifest_sha256", p->manifest_sha256) ||
	    !p->manifest_sha256[0] || sha_or_null(o, "signature_sha256", p->signature_sha256)) {
		buf_addf(err, "parts[%zu] is malformed (directory %s, manifest_sha256, "
			 "signature_sha256)", i, p->name);
		return -1;
	}
	buf_addf(&dir, "%s/%s", mb->dir, p->name);
	/* No symbolic link may lead the reading outside the bundle. */
	if (lstat(dir.buf, &st) || !S_ISDIR(st.st_mode)) {
		buf_addf(err, "%s: missing or not a directory", p->name);
		goto done;
	}
	if (manifest_load(&p->m, dir.buf, &why)) {
		buf_addf(err, "%s: %s", p->name, why.buf);
		goto done;
	}
	if (!i || p->m.started < mb->started)
		mb->started = p->m.started;
	if (!i || p->m.finished > mb->finished)
		mb->finished = p->m.finished;
	rc = 0;
done:
	buf_release(&dir);
	buf_release(&why);
	return rc;
}

static int load_top(struct merged *mb, struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT, why = BUF_INIT;
	const char *format;
	int rc = -1;

	buf_addf(&path, "%s/%s", mb->dir, BUNDLE_MANIFEST);
	if (file_read(path.buf, MERGED_MANIFEST_MAX, &text, err))
		goto done;
	mb->top = json_parse(text.buf, text.len);
	if (!cJSON_IsObject(mb->top)) {
		buf_addf(err, "'%s' is not a JSON object (truncated or corrupt)", path.buf);
		goto done;
	}
	if (json_check_strict(text.buf, text.len, mb->top, &why)) {
		buf_addf(err, "'%s': %s", path.buf, why.buf);
		goto done;
	}
	if (json_str_or_null(mb->top, "format", &format) || !format ||
	    strcmp(format, MERGED_FORMAT) || json_str_or_null(mb->top, "partial", &mb->partial)) {
		buf_addf(err, "'%s' is not a merged evidence manifest (format %s)", path.buf,
			 MERGED_FORMAT);
		goto done;
	}
	rc = 0;
done:
	buf_release(&path);
	buf_release(&text);
	buf_release(&why);
	return rc;
}

int merged_load(struct merged *mb, const char *dir, struct buf *err)
{
	const cJSON *parts, *it;
	size_t i = 0;

	memset(mb, 0, sizeof(*mb));
	mb->dir = xstrdup(dir);
	if (load_top(mb, err))
		goto fail;
	parts = cJSON_GetObjectItemCaseSensitive(mb->top, "parts");
	if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) < 1 ||
	    cJSON_GetArraySize(parts) > MERGED_MAX_PARTS) {
		buf_addf(err, "'%s/%s': 'parts' must list 1 to %d parts", dir, BUNDLE_MANIFEST,
			 MERGED_MAX_PARTS);
		goto fail;
	}
	mb->parts = xcalloc((size_t)cJSON_GetArraySize(parts), sizeof(*mb->parts));
	cJSON_ArrayForEach(it, parts) {
		if (load_part(mb, it, i, err))
			goto fail;
		mb->n = ++i;
	}
	return 0;
fail:
	merged_release(mb);
	return -1;
}

void merged_release(struct merged *mb)
{
	size_t i;

	for (i = 0; i < mb->n; i++)
		manifest_release(&mb->parts[i].m);
	free(mb->parts);
	cJSON_Delete(mb->top);
	free(mb->dir);
	memset(mb, 0, sizeof(*mb));
}

/* Every problem line of `from`, prefixed with the part's name, into problems. */
static void add_prefixed(struct buf *problems, const char *part, const struct buf *from)
{
	const char *s = from->buf;

	while (s && *s) {
		size_t n = strcspn(s, "\n");

		buf_addf(problems, "%s: %.*s\n", part, (int)n, s);
		s += n + (s[n] == '\n');
	}
}

static int listed_top(const struct merged *mb, const char *name)
{
	size_t i;

	if (!strcmp(name, BUNDLE_MANIFEST) || !strcmp(name, BUNDLE_SIGNATURE) ||
	    !strcmp(name, BUNDLE_MANIFEST_SHA))
		return 1;
	for (i = 0; i < mb->n; i++)
		if (!strcmp(name, mb->parts[i].name))
			return 1;
	return 0;
}

/* A part directory or any file the top manifest does not list. */
static long check_extra_top(const struct merged *mb, struct buf *problems)
{
	DIR *d = opendir(mb->dir);
	struct dirent *e;
	long count = 0;

	if (!d) {
		buf_addf(problems, "cannot list %s: %s\n", mb->dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    !listed_top(mb, e->d_name)) {
			buf_add(problems, "extra: ");
			buf_add_repr(problems, e->d_name, strlen(e->d_name));
			buf_add(problems, " (not a part the merged manifest lists)\n");
			count++;
		}
	closedir(d);
	return count;
}

/* The file's SHA-256 against want ("": must be absent); 0 or 1 (a line added). */
static int check_recorded(const char *dir, const char *name, const char *want,
			  struct buf *text, struct buf *problems)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	char got[SHA256_HEX_LEN + 1];
	struct stat st;
	int bad = 0;

	buf_addf(&path, "%s/%s", dir, name);
	buf_reset(text);
	if (!*want) {
		bad = !lstat(path.buf, &st);
		if (bad)
			buf_addf(problems, "extra: %s (the merged manifest records none)\n", name);
	} else if (file_read(path.buf, MANIFEST_MAX, text, &err)) {
		buf_addf(problems, "missing: %s\n", name);
		bad = 1;
	} else {
		sha256_hex(text->buf, text->len, got);
		bad = strcmp(got, want) != 0;
		if (bad)
			buf_addf(problems, "changed: %s (SHA-256 %s, the merged manifest says "
				 "%s)\n", name, got, want);
	}
	buf_release(&path);
	buf_release(&err);
	return bad;
}

/* One part: its manifest and signature as recorded, then as a bundle. */
static long verify_part(const struct merged_part *p, const struct strvec *keys,
			struct buf *problems)
{
	struct buf text = BUF_INIT, own = BUF_INIT, sig = BUF_INIT;
	long count;
	int rc = 0;

	count = check_recorded(p->m.dir, BUNDLE_MANIFEST, p->manifest_sha256, &text, &own);
	count += check_recorded(p->m.dir, BUNDLE_SIGNATURE, p->signature_sha256, &sig, &own);
	add_prefixed(problems, p->name, &own);
	buf_reset(&own);
	count += manifest_verify(&p->m, NULL, &own);
	/* Only a signed part has a signature to check; the top one covers the rest. */
	if (keys && keys->n && manifest_is_signed(&p->m))
		rc = manifest_check_signature(p->m.dir, &text, keys, &own);
	if (rc < 0) {
		buf_reset(problems);
		buf_addf(problems, "%s: %s", p->name, own.buf);
		count = -1;
	} else {
		count += rc;
		add_prefixed(problems, p->name, &own);
	}
	buf_release(&text);
	buf_release(&own);
	buf_release(&sig);
	return count;
}

long merged_verify(const struct merged *mb, const struct strvec *keys, struct buf *problems)
{
	struct buf path = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	long count = 0, c;
	size_t i;
	int rc;

	buf_addf(&path, "%s/%s", mb->dir, BUNDLE_MANIFEST);
	if (file_read(path.buf, MERGED_MANIFEST_MAX, &text, &err)) {
		buf_addf(problems, "%s\n", err.buf);
		count = 1;
		goto done;
	}
	count += manifest_check_sha(mb->dir, &text, problems);
	if (keys && keys->n) {
		rc = manifest_check_signature(mb->dir, &text, keys, problems);
		if (rc < 0) {
			count = -1;
			goto done;
		}
		count += rc;
	}
	count += check_extra_top(mb, problems);
	for (i = 0; i < mb->n; i++) {
		c = verify_part(&mb->parts[i], keys, problems);
		if (c < 0) {
			count = -1;
			goto done;
		}
		count += c;
	}
done:
	buf_release(&path);
	buf_release(&text);
	buf_release(&err);
	return count;
}

int merged_any_signed(const struct merged *mb)
{
	struct buf path = BUF_INIT;
	struct stat st;
	size_t i;
	int any;

	buf_addf(&path, "%s/%s", mb->dir, BUNDLE_SIGNATURE);
	any = !lstat(path.buf, &st);
	buf_release(&path);
	for (i = 0; i < mb->n && !any; i++)
		any = manifest_is_signed(&mb->parts[i].m);
	return any;
}
