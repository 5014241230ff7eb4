/*
 * fuzz_util.c - the helpers every fuzz target links, see fuzz.h.
 */
#include "fuzz.h"
#include "checks/check.h"
#include "model/config.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *scratch;

static void remove_scratch(void)
{
	if (!scratch)
		return;
	fuzz_clear_dir(scratch);
	rmdir(scratch);
	free(scratch);
	scratch = NULL;
}

const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];

	if (scratch)
		return scratch;
	snprintf(path, sizeof(path), "%s/irscan-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(path)) {
		perror("mkdtemp");
		abort();
	}
	scratch = xstrdup(path);
	atexit(remove_scratch);
	return scratch;
}

void fuzz_clear_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path))
			rmdir(path);
	}
	closedir(d);
}

void fuzz_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f)) {
		perror(path);
		abort();
	}
}

void fuzz_in_init(struct fuzz_in *in, const uint8_t *data, size_t size)
{
	in->p = data;
	in->n = size;
	strvec_init(&in->keep);
}

void fuzz_in_release(struct fuzz_in *in)
{
	strvec_clear(&in->keep);
}

unsigned fuzz_byte(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

const char *fuzz_str(struct fuzz_in *in)
{
	size_t len = fuzz_byte(in), i;

	if (len > in->n)
		len = in->n;
	for (i = 0; i < len && in->p[i]; i++)
		;
	strvec_pushn(&in->keep, (const char *)in->p, i);
	in->p += len;
	in->n -= len;
	return in->keep.v[in->keep.n - 1];
}

const char *fuzz_str_or_null(struct fuzz_in *in)
{
	return fuzz_byte(in) & 1 ? NULL : fuzz_str(in);
}

void fuzz_eval_checks(struct snapshot *snap)
{
	struct check_params params;
	struct strvec tags = STRVEC_INIT, plans = STRVEC_INIT;
	struct findings out;
	size_t i, j, k;

	memset(&params, 0, sizeof(params));
	memset(&out, 0, sizeof(out));
	strvec_split(&tags, "criticality,environment,env", ',');
	params.attack_path_risk = LEVEL_HIGH;
	params.now = 1780000000;	/* 2026-05-28 */
	params.alert_max_age_days = 7;
	params.attestation_max_age_days = 365;
	params.criticality_tags = &tags;
	params.required_plans = &plans;
	for (i = 0; i < snap->n; i++) {
		struct sub_snapshot *sub = snap->subs[i];

		if (!sub->scanned)
			continue;
		for (j = 0; check_registry[j]; j++) {
			const struct check *c = check_registry[j];
			size_t before = out.n;

			c->eval(c, sub, &params, &out);
			/* check.h: eval() always says something, with a real status. */
			FUZZ_CHECK(out.n > before, "check %s produced no finding", c->id);
			for (k = before; k < out.n; k++)
				FUZZ_CHECK(out.items[k].status > STATUS_UNSET &&
					   out.items[k].status < STATUS__COUNT &&
					   out.items[k].resource,
					   "check %s: finding %zu has status %d", c->id, k,
					   (int)out.items[k].status);
		}
		snapshot_sub_drop_data(sub);
	}
	findings_release(&out);
	strvec_clear(&tags);
}

size_t fuzz_utf8_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len, k;
	unsigned cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] < 0xC2 || s[i] > 0xF4)
			return i;
		len = s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
		if (i + len > n)
			return i;
		cp = s[i] & (0x7Fu >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return i;
		i += len;
	}
	return n;
}

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant broken: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
