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
 * string escaped, the console summary free of control characters
 * but its own colours, the Markdown summary free of any markup of
 * Azure's (no '<', '>', bare '&', link or table cell of its own) and
 * bounded, and the CSV report RFC 4180 with no formula in any cell.
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
						  report_html, report_markdown, report_csv };
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	*rc = 0;
	if (which < (int)ARRAY_SIZE(writers))
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

/* Is text[i] escaped: an odd number of backslashes before it? */
static int escaped(const char *text, size_t i)
{
	size_t n = 0;

	while (n < i && text[i - n - 1] == '\\')
		n++;
	return n % 2;
}

/* The '|' of a table line that are not escaped: its cell borders. */
static size_t cell_borders(const char *line, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += line[i] == '|' && !escaped(line, i);
	return k;
}

/* One line of the summary outside a code block (irscan's remediation). */
static void check_markdown_line(const char *text, size_t len, size_t at, size_t n)
{
	static const char link[] = "](" REPORT_HELP_URI ")";
	size_t i;

	for (i = at; i < at + n; i++) {
		unsigned char c = (unsigned char)text[i];

		FUZZ_CHECK(c >= 0x20 && c != 0x7f,
			   "control character 0x%02x in the markdown summary", c);
		FUZZ_CHECK(c != '<' && c != '>', "'%c' in the markdown summary: %.40s", c, text + i);
		FUZZ_CHECK(c != '&' || !strncmp(text + i, "&amp;", 5) || !strncmp(text + i, "&lt;", 4) ||
			   !strncmp(text + i, "&gt;", 4) || !strncmp(text + i, "&quot;", 6),
			   "bare '&' in the markdown summary: %.40s", text + i);
		FUZZ_CHECK(c != ']' || escaped(text, i) || i + 1 >= len || text[i + 1] != '(' ||
			   !strncmp(text + i, link, strlen(link)),
			   "a link not irscan's in the markdown summary: %.60s", text + i);
	}
}

static void check_markdown(const char *text, size_t len)
{
	size_t at, header = 0;
	int code = 0;

	FUZZ_CHECK_UTF8("markdown summary", text, len);
	FUZZ_CHECK(len < 1024 * 1024, "markdown summary of %zu bytes", len);
	for (at = 0; at < len; ) {
		size_t n = strcspn(text + at, "\n");
		size_t lead = strspn(text + at, " ");

		/* Fences are irscan's: a string's backtick is escaped, its line breaks spaces. */
		if (!strncmp(text + at + lead, "```", 3))
			code = !code;
		else if (!code)
			check_markdown_line(text, len, at, n);
		/* Each table's rows have as many cell borders as its header. */
		if (n && text[at] == '|') {
			if (!header)
				header = cell_borders(text + at, n);
			FUZZ_CHECK(cell_borders(text + at, n) == header, "a table row with %zu cell "
				   "borders, its header %zu: %.60s", cell_borders(text + at, n), header,
				   text + at);
		} else {
			header = 0;
		}
		at += n + 1;
	}
	FUZZ_CHECK(!code, "a code block never closes");
}

/* RFC 4180 with CRLF: every record 11 fields, no cell a formula. */
static void check_csv(const char *text, size_t len, const struct report *r)
{
	size_t i = 0, fields = 0, records = 0;

	FUZZ_CHECK_UTF8("CSV report", text, len);
	while (i < len) {
		/* Unquoted, a CR is the record's end: a cell's CR is quoted. */
		FUZZ_CHECK(!strchr("=+-@\t", text[i]) || text[i] == '\0',
			   "CSV cell starts with 0x%02x: %.40s", (unsigned char)text[i], text + i);
		if (text[i] == '"') {
			FUZZ_CHECK(i + 1 < len && (!strchr("=+-@\t\r", text[i + 1]) || !text[i + 1]),
				   "CSV cell starts with 0x%02x: %.40s", (unsigned char)text[i + 1], text + i);
			for (i++; i < len && (text[i] != '"' || (i + 1 < len && text[i + 1] == '"'));
			     i += text[i] == '"' ? 2 : 1)
				;
			FUZZ_CHECK(i < len, "CSV quote never closes");
			i++;
		} else {
			while (i < len && text[i] != ',' && text[i] != '\r') {
				FUZZ_CHECK(text[i] != '"' && text[i] != '\n', "CSV: bare '%c' in a field",
					   text[i]);
				i++;
			}
		}
		fields++;
		FUZZ_CHECK(i < len, "CSV record without CRLF");
		if (text[i] == ',') {
			i++;
			continue;
		}
		FUZZ_CHECK(i + 1 < len && text[i] == '\r' && text[i + 1] == '\n', "CSV: not CRLF");
		FUZZ_CHECK(fields == 11, "CSV record of %zu fields", fields);
		fields = 0;
		records++;
		i += 2;
	}
	FUZZ_CHECK(records == 1 + r->findings->n, "CSV: %zu records for %zu findings", records,
		   r->findings->n);
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
	struct finding_store store;
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
	finding_store_init(&store);
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
	r.findings = &store;
	r.checks = checks;
	r.waivers = flags & 4 ? &wl : NULL;
	r.attestations = flags & 8 ? &al : NULL;
	r.requests = snap.ev_n;
	r.retries = flags & 16 ? 3 : 0;
	r.fatal = flags & 32 ? xstrdup(fuzz_str(&in)) : NULL;
	add_findings(&in, &r, checks, &wl, &fs);
	/* Through the temporary file, as a scan keeps them: encoded and read back. */
	finding_store_add(&store, &fs);
	finding_store_seal(&store);
	snapshot_sort(&snap);
	policy_decide(&r, cfg.fail_on);
	color = (flags & 64) != 0;
	for (which = 0; which < 7; which++) {
		size_t len = 0;
		char *text = render(&r, which, color, &len, &rc);

		FUZZ_CHECK(!rc, "writer %d failed", which);
		FUZZ_CHECK(strlen(text) == len, "writer %d wrote a NUL", which);
		switch (which) {
		case 0: check_json(text, len, &r); break;
		case 1: check_junit(text, len); break;
		case 2: check_sarif(text, len); break;
		case 3: check_html(text, len); break;
		case 4: check_markdown(text, len); break;
		case 5: check_csv(text, len, &r); break;
		default: check_console(text, len, color); break;
		}
		free(text);
	}
	policy_release(&r);
	free(r.fatal);
	finding_store_release(&store);
	waivers_release(&wl);
	attestations_release(&al);
	snapshot_release(&snap);
	free(checks);
	config_release(&cfg);
	fuzz_in_release(&in);
	return 0;
}
