/*
 * arm.c - ARM calls: paging, errors, version fallback, evidence records.
 */
#include "arm/arm.h"
#include "model/resid.h"
#include "net/retry.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/redact.h"
#include "net/url.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct arm_call {
	struct arm *arm;
	char *path;
	const char *const *versions;
	size_t vi;		/* index of the version being tried */
	arm_page_fn on_page;
	const char *const *bare_array_versions;
	arm_done_fn done;
	void *ctx;
	unsigned pages;
	char *url;		/* of the request in flight */
	char *scope;		/* throttling scope, see scope_of() */
	struct arm_result res;
	size_t ev_alloc;
};

void arm_init(struct arm *arm, struct http *h, struct credential *cred,
	      const char *endpoint)
{
	arm->http = h;
	arm->cred = cred;
	arm->endpoint = xstrdup(endpoint);
	arm->max_pages = ARM_MAX_PAGES;
}

void arm_release(struct arm *arm)
{
	free(arm->endpoint);
	arm->endpoint = NULL;
}

int arm_id_is(const char *id, const char *type)
{
	const char *seg[64];
	size_t len[64], n = 0, i, prov = 0, pos = 0;
	struct buf t = BUF_INIT;
	const char *p;
	int ok;

	if (!id || *id != '/' || strlen(id) > 1024)
		return 0;
	for (p = id; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '?' ||
		    *p == '#' || *p == '\\')
			return 0;
	for (p = id + 1; n < 64; ) {
		const char *slash = strchr(p, '/');
		size_t l = slash ? (size_t)(slash - p) : strlen(p);

		if (!l || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		seg[n] = p;
		len[n++] = l;
		if (!slash)
			break;
		p = slash + 1;
	}
	if (n >= 64 || n < 8 || len[0] != 13 || strncasecmp(seg[0], "subscriptions", 13) ||
	    !resid_is_guid(seg[1], len[1]) || len[2] != 14 ||
	    strncasecmp(seg[2], "resourceGroups", 14) || len[4] != 9 ||
	    strncasecmp(seg[4], "providers", 9))
		return 0;
	for (i = 4; i < n; i++)
		if (len[i] == 9 && !strncasecmp(seg[i], "providers", 9))
			prov = i;
	/* After the last "providers": namespace, then (type, name) pairs. */
	if ((n - prov - 2) % 2 || n - prov < 4)
		return 0;
	buf_addn(&t, seg[prov + 1], len[prov + 1]);
	for (pos = prov + 2; pos < n; pos += 2) {
		buf_addch(&t, '/');
		buf_addn(&t, seg[pos], len[pos]);
	}
	ok = !strcasecmp(t.buf, type);
	buf_release(&t);
	return ok;
}

int arm_is_version_error(long status, const char *code)
{
	return status == 400 && code &&
	       (!strcasecmp(code, "InvalidApiVersionParameter") ||
		!strcasecmp(code, "NoRegisteredProviderFound"));
}

void arm_parse_error(const char *body, size_t len, char **code, char **message)
{
	cJSON *root = json_parse(body, len);
	const cJSON *e = json_obj(root, "error");
	const cJSON *src = e ? e : root;

	*code = *message = NULL;
	if (root) {
		*code = xstrdup_or_null(json_str(src, "code"));
		*message = xstrdup_or_null(json_str(src, "message"));
		if (!e && !*code && json_str(root, "error")) {
			/* Entra-style {"error": "x", "error_description": "..."} */
			free(*message);
			*code = xstrdup(json_str(root, "error"));
			*message = xstrdup_or_null(json_str(root, "error_description"));
		}
	}
	cJSON_Delete(root);
}

static int prepare_cb(void *ctx, struct strvec *headers, struct buf *err)
{
	struct arm_call *call = ctx;

	return cred_authorize(call->arm->cred, headers, err);
}

static void response_cb(void *ctx, struct http_response *r);

static void submit(struct arm_call *call, const char *url)
{
	struct http_request req;

	free(call->url);
	call->url = xstrdup(url);
	req = (struct http_request){
		.method = "GET", .url = call->url, .prepare = prepare_cb,
		.on_done = response_cb, .ctx = call, .scope = call->scope, .record = 1,
	};
	http_submit(call->arm->http, &req);
}

static void submit_first_page(struct arm_call *call)
{
	struct buf url = BUF_INIT;

	buf_addf(&url, "%s%s?api-version=%s", call->arm->endpoint, call->path,
		 call->versions[call->vi]);
	submit(call, url.buf);
	buf_release(&url);
}

/* Copy s to *at, move *at past it; NULL stays NULL. */
static char *pack_str(char **at, const char *s)
{
	char *out;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	out = memcpy(*at, s, n);
	*at += n;
	return out;
}

/*
 * The record and its strings in one block, freed by one free(): a scan
 * keeps a few thousand of them until the last report is written.
 */
/* The version's bytes at the end of the URL ("...?api-version=V"), or NULL. */
static const char *version_at_end(const char *url, const char *version)
{
	size_t u = strlen(url), v = version ? strlen(version) : 0;
	static const char key[] = "api-version=";

	if (!v || u < v + sizeof(key) - 1 || strcmp(url + u - v, version) ||
	    strncmp(url + u - v - (sizeof(key) - 1), key, sizeof(key) - 1))
		return NULL;
	return url + u - v;
}

struct evidence *arm_evidence(const char *method, const char *url,
			       const struct http_response *r)
{
	struct buf u = BUF_INIT;
	char *version = url_query_param(url, "api-version");
	const char *error = r->transport_failed ? r->error : NULL;
	/* The method is the caller's literal; the version, when it ends the
	 * URL (it always does for irscan's requests), shares the URL's bytes. */
	const char *strs[] = { NULL, NULL, version, r->request_id,
			       r->correlation_id, r->date, error,
			       r->file[0] ? r->file : NULL, r->sha256[0] ? r->sha256 : NULL };
	size_t i, total = sizeof(struct evidence);
	struct evidence *e;
	char *at;

	redact_url(&u, url);
	strs[1] = u.buf ? u.buf : "";
	if (version_at_end(strs[1], version))
		strs[2] = NULL;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strs[i])
			total = xsize_add(total, strlen(strs[i]) + 1);
	e = xcalloc(1, total);
	at = (char *)(e + 1);
	e->method = method;
	e->url = pack_str(&at, strs[1]);
	e->api_version = strs[2] ? pack_str(&at, strs[2]) : version_at_end(e->url, version);
	e->request_id = pack_str(&at, strs[3]);
	e->correlation_id = pack_str(&at, strs[4]);
	e->date = pack_str(&at, strs[5]);
	e->error = pack_str(&at, strs[6]);
	e->file = pack_str(&at, strs[7]);
	e->sha256 = pack_str(&at, strs[8]);
	e->entry = r->entry;
	e->status = r->status;
	e->retries = r->retries;
	e->duration_ms = r->elapsed_ms;
	e->waited_ms = r->waited_ms;
	e->at_wall_ms = r->started_wall_ms;
	e->body_bytes = r->body.len;
	buf_release(&u);
	free(version);
	return e;
}

static void add_evidence(struct arm_call *call, const struct http_response *r)
{
	call->res.ev = xgrow(call->res.ev, &call->ev_alloc, call->res.ev_n + 1,
			     sizeof(*call->res.ev));
	call->res.ev[call->res.ev_n++] = arm_evidence("GET", call->url, r);
}

static void call_finish(struct arm_call *call)
{
	size_t i;

	call->done(call->ctx, &call->res);
	for (i = 0; i < call->res.ev_n; i++)
		evidence_free(call->res.ev[i]);
	free(call->res.ev);
	cJSON_Delete(call->res.object);
	free(call->res.err.code);
	free(call->res.err.message);
	free(call->res.err.url);
	free(call->res.err.request_id);
	free(call->url);
	free(call->path);
	free(call->scope);
	free(call);
}

static void call_fail(struct arm_call *call, const struct http_response *r,
		      char *code, char *message)
{
	struct buf u = BUF_INIT;

	redact_url(&u, call->url);
	call->res.ok = 0;
	call->res.api_version = call->versions[call->vi];
	call->res.err.status = r ? r->status : 0;
	call->res.err.code = code;
	call->res.err.message = message;
	call->res.err.url = buf_detach(&u, NULL);
	call->res.err.request_id = r ? xstrdup_or_null(r->request_id) : NULL;
	call_finish(call);
}

static int items_are_objects(const cJSON *value, struct buf *err)
{
	const cJSON *it;
	size_t i = 0;

	cJSON_ArrayForEach(it, value) {
		if (!cJSON_IsObject(it)) {
			buf_addf(err, "item %zu of the list is not an object", i);
			return 0;
		}
		i++;
	}
	return 1;
}

/* Is a bare array an answer of this call's current api-version? */
static int bare_array_ok(const struct arm_call *call)
{
	const char *const *v;

	for (v = call->bare_array_versions; v && *v; v++)
		if (!strcmp(*v, call->versions[call->vi]))
			return 1;
	return 0;
}

/*
 * A list answered with a bare JSON array instead of {"value": [...]},
 * where the caller says the version does that (securityContacts
 * 2020-01-01-preview: "[BUG] Security api version 2020-01-01-preview
 * returns list instead of object when calling the list api",
 * Azure/azure-rest-api-specs issue 29458, and Microsoft's recorded calls
 * in fixtures/recorded/securityContacts/).  Such a body is the one and
 * only page.
 */
static cJSON *list_value(const struct arm_call *call, cJSON *root, const char **next)
{
	if (cJSON_IsArray(root) && bare_array_ok(call)) {
		*next = NULL;
		return root;
	}
	*next = json_str(root, "nextLink");
	return cJSON_GetObjectItem(root, "value");
}

/*
 * Try the next older api-version after an unusable first page of a
 * version that was itself a fallback: the newest version was rejected,
 * and an older one may still answer in a readable shape.
 */
static int retry_older(struct arm_call *call, const char *why)
{
	if (!call->vi || call->pages || !call->versions[call->vi + 1])
		return 0;
	msg_verbose("api-version %s answered unusably (%s), trying %s",
		    call->versions[call->vi], why, call->versions[call->vi + 1]);
	call->vi++;
	submit_first_page(call);
	return 1;
}

static void handle_list_page(struct arm_call *call, struct http_response *r,
			     cJSON *root)
{
	const char *next;
	cJSON *value = list_value(call, root, &next);
	struct buf err = BUF_INIT;

	if (!cJSON_IsArray(value)) {
		cJSON_Delete(root);
		if (retry_older(call, "no 'value' array"))
			return;
		call_fail(call, r, xstrdup("UnexpectedResponse"),
			  xstrdup("the list response has no 'value' array"));
		return;
	}
	/* Every ARM list item is a resource object; anything else is not an answer. */
	if (!items_are_objects(value, &err)) {
		cJSON_Delete(root);
		if (retry_older(call, err.buf)) {
			buf_release(&err);
			return;
		}
		call_fail(call, r, xstrdup("UnexpectedResponse"), buf_detach(&err, NULL));
		return;
	}
	/* response_cb added this page's exchange last. */
	if (call->on_page(call->ctx, value, call->versions[call->vi],
			  call->res.ev[call->res.ev_n - 1], &err)) {
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("UnexpectedResponse"),
			  buf_detach(&err, NULL));
		return;
	}
	buf_release(&err);
	call->pages++;
	if (!next || !*next) {
		cJSON_Delete(root);
		call->res.ok = 1;
		call_finish(call);
		return;
	}
	if (!url_same_origin(next, call->arm->endpoint)) {
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("UnsafeNextLink"),
			  xstrdup("nextLink points to another host than the ARM "
				  "endpoint; not followed, so the token is not sent there"));
		return;
	}
	if (call->pages >= call->arm->max_pages || !strcmp(next, call->url)) {
		struct buf why = BUF_INIT;

		if (call->pages >= call->arm->max_pages)
			buf_addf(&why, "the list has more than %u pages (--max-pages)",
				 call->arm->max_pages);
		else
			buf_add(&why, "nextLink points to the page just read");
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("TooManyPages"), buf_detach(&why, NULL));
		return;
	}
	{
		char *n = xstrdup(next);

		cJSON_Delete(root);
		submit(call, n);
		free(n);
	}
}

/* message, followed by why it was not asked again; takes message. */
static char *say_wait_refused(char *message, long wait_s)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s (not retried: Azure asked to wait %ld s (Retry-After), longer "
		 "than the %d s irscan waits)", message, wait_s, RETRY_AFTER_MAX_S);
	free(message);
	return buf_detach(&b, NULL);
}

static void response_cb(void *ctx, struct http_response *r)
{
	struct arm_call *call = ctx;
	char *code = NULL, *message = NULL;
	cJSON *root;

	add_evidence(call, r);
	if (r->transport_failed) {
		call_fail(call, r, xstrdup(r->body_too_large ? "ResponseTooLarge"
					   : r->status ? "IncompleteResponse"
					   : "TransportError"),
			  xstrdup(r->error));
		return;
	}
	if (r->status != 200) {
		arm_parse_error(r->body.buf, r->body.len, &code, &message);
		if (arm_is_version_error(r->status, code) && !call->pages &&
		    call->versions[call->vi + 1]) {
			msg_verbose("api-version %s rejected (%s), trying %s",
				    call->versions[call->vi], code,
				    call->versions[call->vi + 1]);
			free(code);
			free(message);
			call->vi++;
			submit_first_page(call);
			return;
		}
		if (!message) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "HTTP %ld without an ARM error body", r->status);
			message = buf_detach(&b, NULL);
		}
		if (r->retry_refused_s)
			message = say_wait_refused(message, r->retry_refused_s);
		call_fail(call, r, code, message);
		return;
	}
	root = json_parse(r->body.buf, r->body.len);
	if (!cJSON_IsObject(root) && !(call->on_page && cJSON_IsArray(root) &&
					bare_array_ok(call))) {
		cJSON_Delete(root);
		if (call->on_page && retry_older(call, "not a JSON object"))
			return;
		call_fail(call, r, xstrdup("MalformedResponse"),
			  xstrdup(r->body.len ? "the response body is not a JSON object"
				  : "the response body is empty"));
		return;
	}
	call->res.api_version = call->versions[call->vi];
	if (call->on_page) {
		handle_list_page(call, r, root);
		return;
	}
	call->res.object = root;
	call->res.ok = 1;
	call_finish(call);
}

/*
 * The throttling scope of a path: ARM counts reads per subscription (the
 * subscription in the path, also for a resource in another subscription
 * than the one scanned) and per tenant for everything else.
 */
static char *scope_of(const char *path)
{
	char *s;
	size_t i;

	if (!strncasecmp(path, "/subscriptions/", 15) && strlen(path) >= 15 + 36) {
		s = xstrndup(path + 15, 36);
		for (i = 0; s[i]; i++)
			s[i] = (char)tolower((unsigned char)s[i]);
		return s;
	}
	return xstrdup("tenant");
}

void arm_call(struct arm *arm, const struct arm_call_spec *spec)
{
	struct arm_call *call = xcalloc(1, sizeof(*call));

	call->arm = arm;
	call->path = xstrdup(spec->path);
	call->scope = scope_of(spec->path);
	call->versions = spec->api_versions;
	call->on_page = spec->on_page;
	call->bare_array_versions = spec->bare_array_versions;
	call->done = spec->done;
	call->ctx = spec->ctx;
	submit_first_page(call);
}
