/*
 * merge_out.c - writing a merged evidence bundle (merge_int.h): each part
 * copied byte for byte into OUT.tmp-XXXXXX/part-NN, the merged manifest
 * beside them (with its .sha256 and, with a key, .sig, as bundle.c seals
 * a scan's), the whole verified there, then renamed to OUT: a merged
 * bundle is whole or absent.
 */
#include "evidence/merge_int.h"
#include "evidence/bundle.h"
#include "util/interrupt.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/jstream.h"
#include "util/sign.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* OUT's directory can take the temporary directory and the rename. */
static int parent_writable(const char *out, struct buf *err)
{
	const char *slash = strrchr(out, '/');
	struct buf parent = BUF_INIT;
	int rc = 0;

	if (!slash)
		buf_add(&parent, ".");
	else
		buf_addn(&parent, out, slash == out ? 1 : (size_t)(slash - out));
	if (access(parent.buf, W_OK | X_OK)) {
		buf_addf(err, "--evidence-dir: cannot write in '%s': %s", parent.buf,
			 strerror(errno));
		rc = -1;
	}
	buf_release(&parent);
	return rc;
}

int merge_out_usable(const char *out, struct buf *err)
{
	struct stat st;

	if (lstat(out, &st)) {
		if (errno == ENOENT)
			return parent_writable(out, err);
		buf_addf(err, "--evidence-dir: cannot use '%s': %s", out, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || !dir_is_empty(out)) {
		buf_addf(err, "--evidence-dir: '%s' %s (a merged bundle holds only its parts)",
			 out, S_ISDIR(st.st_mode) ? "is not empty" : "is not a directory");
		return -1;
	}
	return 0;
}

/* Copy one regular file, not following a symbolic link; 0 or -1 (err). */
static int copy_file(const char *from, const char *to, struct buf *err)
{
	struct buf data = BUF_INIT;
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK), rc = -1;

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > MANIFEST_MAX) {
		buf_addf(err, "cannot copy '%s': %s", from,
			 fd < 0 ? strerror(errno) : "not a regular file of a bundle's size");
		goto done;
	}
	buf_init(&data, MANIFEST_MAX);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_addn_capped(&data, chunk, (size_t)n) < 0)
			break;
	if (n != 0) {
		buf_addf(err, "cannot read '%s'", from);
		goto done;
	}
	rc = file_write_new(to, data.buf, data.len, err);
done:
	if (fd >= 0)
		close(fd);
	buf_release(&data);
	return rc;
}

/* Every file of the part's directory (verified: exactly what it lists). */
static int copy_part(const struct merge_part *p, const char *to, struct buf *err)
{
	struct buf from = BUF_INIT, dst = BUF_INIT;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (mkdir(to, 0700) || !(d = opendir(p->m->dir))) {
		buf_addf(err, "cannot create '%s' or read '%s': %s", to, p->m->dir,
			 strerror(errno));
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (interrupt_signal()) {	/* merge_write removes what was copied */
			buf_add(err, "interrupted");
			rc = -1;
			break;
		}
		buf_reset(&from);
		buf_reset(&dst);
		buf_addf(&from, "%s/%s", p->m->dir, e->d_name);
		buf_addf(&dst, "%s/%s", to, e->d_name);
		rc = copy_file(from.buf, dst.buf, err);
	}
	closedir(d);
	buf_release(&from);
	buf_release(&dst);
	return rc;
}

static cJSON *sha_or_null(const char *hex)
{
	return *hex ? js_str(hex) : js_must(cJSON_CreateNull());
}

/* One entry of "parts": where it is, its hashes, and what the merge read. */
static cJSON *part_json(const struct merge_part *p, size_t i)
{
	cJSON *o = js_must(cJSON_CreateObject()), *subs = js_must(cJSON_CreateArray());
	char name[32];
	size_t k;

	snprintf(name, sizeof(name), "part-%02zu", i + 1);
	js_add_str(o, "directory", name);
	js_add_str(o, "source", p->label);
	js_add(o, "manifest_sha256", sha_or_null(p->manifest_sha256));
	js_add(o, "signature_sha256", sha_or_null(p->signature_sha256));
	js_add_str(o, "tenant", json_str(p->m->scan, "tenant"));
	js_add_str(o, "framework", json_str(json_obj(p->m->scan, "parameters"), "framework"));
	js_add_str(o, "tool_version", p->m->tool_version);
	js_add(o, "started", js_time(p->m->started));
	js_add(o, "finished", js_time(p->m->finished));
	js_add(o, "shard", p->m->shard ? js_must(cJSON_Duplicate(p->m->shard, 1)) :
			   js_must(cJSON_CreateNull()));
	for (k = 0; k < p->m->subscriptions.n; k++)
		js_push(subs, js_str(p->m->subscriptions.v[k]));
	js_add(o, "subscriptions", subs);
	return o;
}

/* manifest.json (beginning with MERGED_PREFIX), its .sha256, its .sig. */
static int write_top(const struct merge_job *job, const char *dir, struct buf *err)
{
	cJSON *top = js_must(cJSON_CreateObject()), *tool, *parts;
	struct buf path = BUF_INIT, sig = BUF_INIT;
	char sha[SHA256_HEX_LEN + 1], *text;
	size_t i;
	int rc = -1;

	js_add_str(top, "format", MERGED_FORMAT);
	tool = js_must(cJSON_CreateObject());
	js_add_str(tool, "name", "irscan");
	js_add_str(tool, "version", IRSCAN_VERSION);
	js_add(top, "tool", tool);
	js_add(top, "merged", js_time(time(NULL)));
	js_add_str(top, "partial", job->partial.len ? job->partial.buf : NULL);
	parts = js_must(cJSON_CreateArray());
	for (i = 0; i < job->n; i++)
		js_push(parts, part_json(&job->parts[i], i));
	js_add(top, "parts", parts);
	text = cJSON_PrintUnformatted(top);
	if (!text)
		die("out of memory (cJSON)");
	buf_addf(&path, "%s/%s", dir, BUNDLE_MANIFEST);
	if (file_write_new(path.buf, text, strlen(text), err))
		goto done;
	sha256_hex(text, strlen(text), sha);
	buf_addf(&sig, "%s  %s\n", sha, BUNDLE_MANIFEST);
	buf_reset(&path);
	buf_addf(&path, "%s/%s", dir, BUNDLE_MANIFEST_SHA);
	if (file_write_new(path.buf, sig.buf, sig.len, err))
		goto done;
	buf_reset(&sig);
	rc = 0;
	if (job->rq->sign_key) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, BUNDLE_SIGNATURE);
		rc = sign_data(job->rq->sign_key, text, strlen(text), &sig, err) ||
		     file_write_new(path.buf, sig.buf, sig.len, err) ? -1 : 0;
	}
done:
	cJSON_free(text);
	cJSON_Delete(top);
	buf_release(&path);
	buf_release(&sig);
	return rc;
}

/* Remove what this merge wrote in tmp: files one level down, then the dirs. */
static void remove_tree(const char *tmp)
{
	struct buf path = BUF_INIT;
	DIR *d = opendir(tmp);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", tmp, e->d_name);
		if (unlink(path.buf)) {
			DIR *p = opendir(path.buf);
			struct dirent *f;
			struct buf file = BUF_INIT;

			while (p && (f = readdir(p)))
				if (strcmp(f->d_name, ".") && strcmp(f->d_name, "..")) {
					buf_reset(&file);
					buf_addf(&file, "%s/%s", path.buf, f->d_name);
					unlink(file.buf);
				}
			if (p)
				closedir(p);
			buf_release(&file);
			rmdir(path.buf);
		}
	}
	if (d)
		closedir(d);
	rmdir(tmp);
	buf_release(&path);
}

/* What was written must verify as `irscan verify` would (no key: hashes). */
static int verify_written(const char *tmp, struct buf *err)
{
	struct merged mb;
	struct buf problems = BUF_INIT;
	long count;

	if (merged_load(&mb, tmp, &problems)) {
		buf_addf(err, "the merged bundle does not read back: %s", problems.buf);
		buf_release(&problems);
		return -1;
	}
	count = merged_verify(&mb, NULL, &problems);
	if (count)
		buf_addf(err, "the merged bundle does not verify (an input changed while "
			 "it was copied?): %.*s", (int)strcspn(problems.buf, "\n"), problems.buf);
	merged_release(&mb);
	buf_release(&problems);
	return count ? -1 : 0;
}

int merge_write(const struct merge_job *job, struct buf *err)
{
	struct buf tmp = BUF_INIT, part = BUF_INIT;
	size_t i;
	int rc = -1;

	/* Beside OUT, so that rename() moves it into place at once. */
	buf_addf(&tmp, "%s.tmp-XXXXXX", job->rq->out);
	if (!mkdtemp(tmp.buf)) {
		buf_addf(err, "--evidence-dir: cannot create '%s': %s", tmp.buf, strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	for (i = 0; i < job->n; i++) {
		buf_reset(&part);
		buf_addf(&part, "%s/part-%02zu", tmp.buf, i + 1);
		if (copy_part(&job->parts[i], part.buf, err))
			goto done;
	}
	if (write_top(job, tmp.buf, err) || verify_written(tmp.buf, err))
		goto done;
	/* A signal until here leaves nothing behind; after it, the whole. */
	if (interrupt_signal()) {
		buf_add(err, "interrupted");
		goto done;
	}
	if (rename(tmp.buf, job->rq->out)) {
		buf_addf(err, "--evidence-dir: cannot rename '%s' to '%s': %s", tmp.buf,
			 job->rq->out, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (rc)
		remove_tree(tmp.buf);
	buf_release(&tmp);
	buf_release(&part);
	return rc;
}
