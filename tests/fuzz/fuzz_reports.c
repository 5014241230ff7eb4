/*
 * fuzz_reports.c - every report writer on a report made from the
 * fuzzer's bytes, put together the way scan.c puts one together: a
 * snapshot of one to three subscriptions (some skipped, some datasets
 * unreadable, with evidence), findings of the checks the framework
 * selects, waivers and attestations, then policy_decide().  Every string
 * that comes from Azure or a file in a real scan comes from the input
 * here, so hostile ones (markup, "]]>", control characters, invalid
 * UTF-8) reach every writer.
 *
 * What each output must be: JSON and SARIF valid UTF-8 JSON with their
 * top-level shape, JUnit well-formed XML (libxml2, no network), HTML made
 * only of the writer's own tags with every '&' an entity and every
 * string escaped, and the console summary free of control characters
 * but its own colours.
 */
#include "fuzz.h"
#include "model/attestations.h"
#include "checks/check.h"
#include "model/config.h"
#include "policy/policy.h"
#include "reports/report.h"
#include "scan.h"
#include "policy/waivers.h"
#include "util/xmalloc.h"

#include <cJSON.h>
#include <ctype.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int xml_errors;

static void xml_error_cb(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
	xml_errors++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	xmlSetStructuredErrorFunc(NULL, xml_error_cb);
	return 0;
}

/* Observed keys are string literals of the checks. */
static const char *const obs_keys[] = { "email", "state", "automation", "http_status",
					"plan", "tag" };

/*
 * A subscription id: always a GUID, as everywhere ids come from (cli.c,
 * collect/collect.c and offline.c refuse anything else), one of three most
 * of the time, else made of the input's bytes (in either case).
 */
static const char *sub_id(struct fuzz_in *in, unsigned i)
{
	static const char *const ids[] = {
		"00000000-0000-0000-0000-000000000001", "b2c3d4e5-0000-4000-8000-00000000000a",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
	};
	static const char hex[] = "0123456789abcdefABCDEF";
	char guid[37];
	size_t k;

	if (fuzz_byte(in) % 4)
		return ids[i % 3];
	for (k = 0; k < 36; k++)
		guid[k] = k == 8 || k == 13 || k == 18 || k == 23 ? '-' :
			  hex[fuzz_byte(in) % (sizeof(hex) - 1)];
	guid[36] = '\0';
	strvec_push(&in->keep, guid);
	return in->keep.v[in->keep.n - 1];
}

/* An evidence record in one block (evidence_free frees it whole). */
static struct evidence *make_evidence(struct fuzz_in *in)
{
	const char *s[7];
	size_t i, total = sizeof(struct evidence);
	struct evidence *e;
	char *at;

	s[0] = fuzz_byte(in) % 2 ? "POST" : "GET";
	for (i = 1; i < 7; i++) {
		s[i] = i == 1 ? fuzz_str(in) : fuzz_str_or_null(in);
		total += s[i] ? strlen(s[i]) + 1 : 0;
	}
	e = xcalloc(1, total);
	at = (char *)(e + 1);
	for (i = 0; i < 7; i++) {
		char *copy = NULL;

		if (s[i] && i) {
			copy = strcpy(at, s[i]);
			at += strlen(s[i]) + 1;
		}
		switch (i) {
		case 0: e->method = s[0]; break;
		case 1: e->url = copy; break;
		case 2: e->api_version = copy; break;
		case 3: e->request_id = copy; break;
		case 4: e->correlation_id = copy; break;
		case 5: e->error = copy; break;
		case 6: e->file = copy; e->sha256 = copy; break;
		}
	}
	e->status = (long)fuzz_byte(in) * 3;
	e->entry = fuzz_byte(in);
	e->retries = fuzz_byte(in) % 4;
	e->duration_ms = fuzz_byte(in) * 10;
	e->at_wall_ms = fuzz_byte(in) % 2 ? 1780000000123LL : 0;
	return e;
}

static void add_subs(struct fuzz_in *in, struct snapshot *snap)
{
	unsigned n = 1 + fuzz_byte(in) % 3, i, k;

	for (i = 0; i < n; i++) {
		size_t before = snap->n;
		struct sub_snapshot *sub = snapshot_sub(snap, sub_id(in, i));
		unsigned flags = fuzz_byte(in);

		if (snap->n == before)
			continue;	/* the same id twice */
		sub->name = xstrdup_or_null(fuzz_str_or_null(in));
		sub->state = xstrdup_or_null(fuzz_str_or_null(in));
		sub->scanned = !(flags & 1) || i == 0;
		sub->info.state = flags & 2 ? DATA_ERROR : DATA_OK;
		if (flags & 2)
			dataset_fail(&sub->info, 403, fuzz_str(in), fuzz_str(in), fuzz_str(in),
				     fuzz_str_or_null(in));
		for (k = 0; k < NEED__COUNT; k++) {
			struct dataset *d = &sub->sets[k];
			unsigned how = fuzz_byte(in) % 3;

			if (how == 0)
				continue;
			snapshot_add_evidence(snap, d, make_evidence(in));
			if (how == 1)
				d->state = DATA_OK;
			else
				dataset_fail(d, (long)fuzz_byte(in) + 300, fuzz_str_or_null(in),
					     fuzz_str_or_null(in), fuzz_str_or_null(in),
					     fuzz_str_or_null(in));
		}
	}
	if (fuzz_byte(in) % 8 == 0) {
		snap->scope_failed = 1;
		snap->scope_error.status = 403;
		snap->scope_error.code = xstrdup(fuzz_str(in));
		snap->scope_error.message = xstrdup(fuzz_str(in));
	}
}

static void make_waivers(struct fuzz_in *in, struct waiver_list *wl)
{
	size_t i;

	*wl = (struct waiver_list){ .n = fuzz_byte(in) % 3, .strings = POOL_INIT };
	wl->items = xcalloc(wl->n + 1, sizeof(*wl->items));
	wl->file = pool_strdup(&wl->strings, fuzz_str(in));
	for (i = 0; i < wl->n; i++) {
		struct waiver *w = &wl->items[i];

		w->check = check_registry[fuzz_byte(in) % 3]->id;
		w->subscription = pool_strdup(&wl->strings, fuzz_str(in));
		w->resource = pool_strdup_or_null(&wl->strings, fuzz_str_or_null(in));
		w->reason = pool_strdup(&wl->strings, fuzz_str(in));
		w->approved_by = pool_strdup(&wl->strings, fuzz_str(in));
		w->expires = pool_strdup(&wl->strings, fuzz_str(in));
		w->index = i;
	}
}

static void make_attestations(struct fuzz_in *in, struct attestation_list *al)
{
	size_t i;

	*al = (struct attestation_list){ .n = fuzz_byte(in) % 3, .strings = POOL_INIT };
	al->items = xcalloc(al->n + 1, sizeof(*al->items));
	al->file = pool_strdup(&al->strings, fuzz_str(in));
	for (i = 0; i < al->n; i++) {
		struct attestation *a = &al->items[i];

		a->framework = (enum framework)(fuzz_byte(in) % FW__COUNT);
		a->control = pool_strdup(&al->strings, fuzz_str(in));
		a->subscription = pool_strdup(&al->strings, fuzz_str(in));
		a->document = pool_strdup(&al->strings, fuzz_str(in));
		a->owner = pool_strdup(&al->strings, fuzz_str(in));
		a->reviewed = pool_strdup(&al->strings, fuzz_str(in));
		a->index = i;
	}
}

/* Findings as checks make them, in scope of the framework, then ordered. */
static void add_findings(struct fuzz_in *in, const struct report *r,
			 const struct check **checks, const struct waiver_list *wl,
			 struct findings *fs)
{
	const struct snapshot *snap = r->snap;
	size_t nchecks = 0, i, n = fuzz_byte(in) % 9, k;

	while (checks[nchecks])
		nchecks++;
	for (i = 0; i < n; i++) {
		const struct check *c = checks[fuzz_byte(in) % nchecks];
		const struct sub_snapshot *sub = snap->subs[fuzz_byte(in) % snap->n];
		enum status st = (enum status)(STATUS_PASS + fuzz_byte(in) % (STATUS__COUNT - 1));
		struct finding *f;
		unsigned obs;

		if (!sub->scanned)
			continue;	/* scan.c evaluates scanned subscriptions only */
		f = findings_add(fs, c, sub, st, fuzz_str_or_null(in));
		if (fuzz_byte(in) % 2)
			finding_set_message(f, fuzz_str(in));
		else
			finding_message(f, "%s: %s", c->id, fuzz_str(in));
		for (obs = fuzz_byte(in) % 4, k = 0; k < obs; k++)
			finding_observe(f, obs_keys[fuzz_byte(in) % ARRAY_SIZE(obs_keys)], "%s",
					fuzz_str(in));
		if (fuzz_byte(in) % 2)
			finding_cite(f, &sub->sets[fuzz_byte(in) % NEED__COUNT]);
		if (st == STATUS_WAIVED) {
			/* waivers.c: only a fail or an error is waived, by a waiver. */
			f->waived_from = fuzz_byte(in) % 2 ? STATUS_FAIL : STATUS_ERROR;
			f->waiver = wl->n ? &wl->items[fuzz_byte(in) % wl->n] : NULL;
			if (!f->waiver)
				f->status = f->waived_from;
		} else if ((st == STATUS_FAIL || st == STATUS_ERROR) && wl->n &&
			   fuzz_byte(in) % 2) {
			f->waiver = &wl->items[fuzz_byte(in) % wl->n];
			f->waiver_expired = 1;
		}
	}
	scan_order_findings(fs);
	findings_fit(fs);
}

/* Write one report into memory; the writer's return value in *rc. */
static char *render(const struct report *r, int which, int color, size_t *len, int *rc)
{
	static const report_writer writers[] = { report_json, report_junit, report_sarif,
						  report_html };
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	*rc = 0;
	if (which < 4)
		*rc = writers[which](r, f);
	else
		report_console(r, f, color);
	if (fclose(f))
		abort();
	return text;
}

static const cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static void check_json(const char *text, size_t len, const struct report *r)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	static const char *const keys[] = { "tool", "scan", "subscriptions", "controls",
					    "findings", "errors", "summary" };
	size_t i;

	FUZZ_CHECK_UTF8("JSON report", text, len);
	FUZZ_CHECK(root, "JSON report does not parse");
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		FUZZ_CHECK(member(root, keys[i]), "JSON report without '%s'", keys[i]);
	FUZZ_CHECK((size_t)cJSON_GetArraySize(member(root, "findings")) == r->findings->n,
		   "JSON report has %d findings of %zu",
		   cJSON_GetArraySize(member(root, "findings")), r->findings->n);
	FUZZ_CHECK((size_t)cJSON_GetArraySize(member(root, "subscriptions")) == r->snap->n,
		   "JSON report has the wrong subscriptions");
	cJSON_Delete(root);
}

static void check_sarif(const char *text, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *runs;

	FUZZ_CHECK_UTF8("SARIF report", text, len);
	FUZZ_CHECK(root, "SARIF report does not parse");
	FUZZ_CHECK(cJSON_IsString(member(root, "version")) &&
		   !strcmp(member(root, "version")->valuestring, "2.1.0"), "SARIF version");
	runs = member(root, "runs");
	FUZZ_CHECK(cJSON_GetArraySize(runs) == 1 &&
		   cJSON_IsArray(member(cJSON_GetArrayItem(runs, 0), "results")),
		   "SARIF runs");
	cJSON_Delete(root);
}

static void check_junit(const char *text, size_t len)
{
	xmlDocPtr doc;
	xmlNodePtr root;

	xml_errors = 0;
	doc = xmlReadMemory(text, (int)len, "report.xml", NULL, XML_PARSE_NONET);
	FUZZ_CHECK(doc && !xml_errors, "JUnit report is not well-formed XML (%d errors)",
		   xml_errors);
	root = xmlDocGetRootElement(doc);
	FUZZ_CHECK(root && !strcmp((const char *)root->name, "testsuites"), "JUnit root");
	xmlFreeDoc(doc);
}

/* The tags html.c writes; nothing else may appear as markup. */
static const char *const html_tags[] = {
	"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
	"dl", "dt", "dd", "code", "section", "strong", "table", "tr", "th", "td", "a",
	"br", "span", "details", "summary", "p", "pre", "footer", "div", "wbr", NULL,
};

static int known_tag(const char *s, size_t n)
{
	size_t i;

	for (i = 0; html_tags[i]; i++)
		if (strlen(html_tags[i]) == n && !strncmp(html_tags[i], s, n))
			return 1;
	return 0;
}

/* Check one tag at s[0] == '<'; return its length. */
static size_t html_tag(const char *s, size_t left)
{
	size_t i = 1, name;

	if (i < left && s[i] == '/')
		i++;
	for (name = i; i < left && islower((unsigned char)s[i]); i++)
		;
	while (i < left && isdigit((unsigned char)s[i]))
		i++;
	FUZZ_CHECK(known_tag(s + name, i - name), "HTML markup not written by html.c: %.40s",
		   s);
	/*
	 * Attributes: name or name="value", the value without '"' '<' '>';
	 * a link only to an anchor of the page (no javascript: or other URL).
	 */
	for (;;) {
		size_t attr;

		FUZZ_CHECK(i < left, "HTML tag never ends: %.40s", s);
		if (s[i] == '>')
			return i + 1;
		FUZZ_CHECK(s[i] == ' ', "HTML tag broken at '%.20s'", s + i);
		for (attr = ++i; i < left && (islower((unsigned char)s[i]) || s[i] == '-'); i++)
			;
		if (i < left && s[i] == '=') {
			FUZZ_CHECK(i + 1 < left && s[i + 1] == '"', "unquoted attribute: %.40s", s);
			FUZZ_CHECK(i - attr != 4 || strncmp(s + attr, "href", 4) ||
				   (i + 2 < left && s[i + 2] == '#'), "a link out of the page: %.60s", s);
			for (i += 2; i < left && s[i] != '"'; i++)
				FUZZ_CHECK(s[i] != '<' && s[i] != '>', "markup in an attribute: %.60s",
					   s);
			FUZZ_CHECK(i < left, "attribute never closes");
			i++;
		}
	}
}

static void check_html(const char *text, size_t len)
{
	/* Markup, in any case (text may say "javascript:", links are checked). */
	static const char *const never[] = { "<script", "<img", "<svg", "<iframe", "<!--" };
	size_t i, k;

	FUZZ_CHECK_UTF8("HTML report", text, len);
	for (k = 0; k < ARRAY_SIZE(never); k++) {
		const char *p;

		for (p = text; (p = strchr(p, never[k][0])); p++)
			FUZZ_CHECK(strncasecmp(p, never[k], strlen(never[k])),
				   "HTML report contains '%s'", never[k]);
	}
	FUZZ_CHECK(!strncmp(text, "<!DOCTYPE html>\n", 16), "HTML doctype");
	for (i = 16; i < len; ) {
		unsigned char c = (unsigned char)text[i];

		FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t', "control character 0x%02x in HTML",
			   c);
		if (c == '<') {
			i += html_tag(text + i, len - i);
			/* The stylesheet is the writer's own constant. */
			if (!strncmp(text + i - 7, "<style>", 7)) {
				const char *end = strstr(text + i, "</style>");

				FUZZ_CHECK(end, "style never ends");
				i = (size_t)(end - text);
			}
			continue;
		}
		FUZZ_CHECK(c != '>' && c != '"', "bare '%c' in HTML text: %.40s", c, text + i);
		if (c == '&') {
			size_t j = i + 1;

			if (j < len && text[j] == '#')
				for (j++; j < len && isdigit((unsigned char)text[j]); j++)
					;
			else
				for (; j < len && isalpha((unsigned char)text[j]); j++)
					;
			FUZZ_CHECK(j > i + 1 && j < len && text[j] == ';',
				   "bare '&' in HTML: %.40s", text + i);
		}
		i++;
	}
}

static void check_console(const char *text, size_t len, int color)
{
	size_t i;

	FUZZ_CHECK_UTF8("console summary", text, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == 0x1b && color) {
			/* Its own colours only: ESC [ digits m */
			size_t j = i + 1;

			FUZZ_CHECK(j < len && text[j] == '[', "escape sequence in the console");
			for (j++; j < len && isdigit((unsigned char)text[j]); j++)
				;
			FUZZ_CHECK(j < len && text[j] == 'm', "escape sequence in the console");
			i = j;
			continue;
		}
		FUZZ_CHECK((c >= 0x20 && c != 0x7f) || c == '\n',
			   "control character 0x%02x in the console summary", c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	struct config cfg;
	struct snapshot snap;
	struct findings fs;
	struct waiver_list wl;
	struct attestation_list al;
	const struct check **checks;
	struct report r;
	unsigned flags;
	int which, rc, color;

	fuzz_in_init(&in, data, size);
	config_init(&cfg);
	snapshot_init(&snap);
	memset(&fs, 0, sizeof(fs));
	memset(&r, 0, sizeof(r));
	flags = fuzz_byte(&in);
	cfg.framework = (enum framework)(fuzz_byte(&in) % FW__COUNT);
	cfg.fail_on = (enum severity)(SEV_LOW + fuzz_byte(&in) % SEV__COUNT);
	if (flags & 1)
		cfg.evidence_dir = xstrdup(fuzz_str(&in));
	else if (flags & 2)
		cfg.offline_dir = xstrdup(fuzz_str(&in));
	checks = scan_select_checks(&cfg);
	if (!checks)
		abort();
	add_subs(&in, &snap);
	make_waivers(&in, &wl);
	make_attestations(&in, &al);
	r.tool_version = "fuzz";
	r.started = 1780000000 + (time_t)fuzz_byte(&in) * 86400;
	r.finished = r.started + fuzz_byte(&in);
	r.evaluated = r.finished;
	r.cloud = "AzureCloud";
	r.tenant = fuzz_str_or_null(&in);
	r.client_id = fuzz_str_or_null(&in);
	r.credential = fuzz_str_or_null(&in);
	r.arm_endpoint = fuzz_str(&in);
	r.authority_host = fuzz_str(&in);
	r.framework = cfg.framework;
	r.offline = cfg.offline_dir != NULL;
	r.cfg = &cfg;
	r.snap = &snap;
	r.findings = &fs;
	r.checks = checks;
	r.waivers = flags & 4 ? &wl : NULL;
	r.attestations = flags & 8 ? &al : NULL;
	r.requests = snap.ev_n;
	r.retries = flags & 16 ? 3 : 0;
	r.fatal = flags & 32 ? xstrdup(fuzz_str(&in)) : NULL;
	add_findings(&in, &r, checks, &wl, &fs);
	snapshot_sort(&snap);
	policy_decide(&r, cfg.fail_on);
	color = (flags & 64) != 0;
	for (which = 0; which < 5; which++) {
		size_t len = 0;
		char *text = render(&r, which, color, &len, &rc);

		FUZZ_CHECK(!rc, "writer %d failed", which);
		FUZZ_CHECK(strlen(text) == len, "writer %d wrote a NUL", which);
		switch (which) {
		case 0: check_json(text, len, &r); break;
		case 1: check_junit(text, len); break;
		case 2: check_sarif(text, len); break;
		case 3: check_html(text, len); break;
		default: check_console(text, len, color); break;
		}
		free(text);
	}
	policy_release(&r);
	free(r.fatal);
	findings_release(&fs);
	waivers_release(&wl);
	attestations_release(&al);
	snapshot_release(&snap);
	free(checks);
	config_release(&cfg);
	fuzz_in_release(&in);
	return 0;
}
