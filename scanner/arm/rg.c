/*
 * rg.c - Resource Graph queries: POST the query, follow $skipToken (the
 * same query and scopes, the token in the body), hand each page's rows
 * over, keep every exchange as evidence.  Throttled under its own scope:
 * Resource Graph has a per-user quota (x-ms-user-quota-remaining), not
 * ARM's per-subscription one.
 */
#include "arm/rg.h"
#include "auth/credential.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <string.h>

static const char *const rg_versions[] = { "2024-04-01", "2022-10-01", "2021-03-01", NULL };

struct rg_call {
	struct arm *arm;
	struct rg_query_spec spec;
	struct strvec subs;
	char *query;
	char *url;
	char *skip_token;
	size_t vi;
	unsigned pages;
	struct arm_result res;
	size_t ev_alloc;
};

static int prepare_cb(void *ctx, struct strvec *headers, struct buf *err)
{
	struct rg_call *call = ctx;

	return cred_authorize(call->arm->cred, headers, err);
}

static void response_cb(void *ctx, struct http_response *r);

static void submit(struct rg_call *call)
{
	cJSON *body = cJSON_CreateObject(), *subs, *opt;
	struct buf url = BUF_INIT;
	char *text;
	size_t i;

	if (!body)
		die("out of memory (cJSON)");
	subs = cJSON_AddArrayToObject(body, "subscriptions");
	for (i = 0; subs && i < call->subs.n; i++)
		cJSON_AddItemToArray(subs, cJSON_CreateString(call->subs.v[i]));
	cJSON_AddStringToObject(body, "query", call->query);
	opt = cJSON_AddObjectToObject(body, "options");
	if (!subs || !opt || !cJSON_AddStringToObject(opt, "resultFormat", "objectArray") ||
	    !cJSON_AddNumberToObject(opt, "$top", 1000) ||
	    (call->skip_token && !cJSON_AddStringToObject(opt, "$skipToken", call->skip_token)))
		die("out of memory (cJSON)");
	text = cJSON_PrintUnformatted(body);
	if (!text)
		die("out of memory (cJSON)");
	buf_addf(&url, "%s/providers/Microsoft.ResourceGraph/resources?api-version=%s",
		 call->arm->endpoint, rg_versions[call->vi]);
	free(call->url);
	call->url = buf_detach(&url, NULL);
	http_submit(call->arm->http, &(const struct http_request){
		.method = "POST",
		.url = call->url,
		.body = text,
		.body_len = strlen(text),
		.content_type = "application/json",
		.prepare = prepare_cb,
		.on_done = response_cb,
		.ctx = call,
		.scope = RG_SCOPE,
		.record = 1,
	});
	cJSON_free(text);
	cJSON_Delete(body);
}

static void finish(struct rg_call *call)
{
	size_t i;

	call->res.api_version = rg_versions[call->vi];
	call->spec.done(call->spec.ctx, &call->res);
	for (i = 0; i < call->res.ev_n; i++)
		evidence_free(call->res.ev[i]);
	free(call->res.ev);
	free(call->res.err.code);
	free(call->res.err.message);
	free(call->res.err.url);
	free(call->res.err.request_id);
	strvec_clear(&call->subs);
	free(call->query);
	free(call->url);
	free(call->skip_token);
	free(call);
}

static void fail(struct rg_call *call, const struct http_response *r, char *code,
		 char *message)
{
	call->res.ok = 0;
	call->res.err.status = r->status;
	call->res.err.code = code;
	call->res.err.message = message;
	call->res.err.url = xstrdup(call->url);
	call->res.err.request_id = xstrdup_or_null(r->request_id);
	finish(call);
}

static void handle_page(struct rg_call *call, struct http_response *r, cJSON *root)
{
	cJSON *data = cJSON_GetObjectItem(root, "data");
	const char *token = json_str(root, "$skipToken");
	const cJSON *it;
	struct buf err = BUF_INIT;

	cJSON_ArrayForEach(it, data)
		if (!cJSON_IsObject(it))
			break;
	if (!cJSON_IsArray(data) || it) {
		cJSON_Delete(root);
		fail(call, r, xstrdup("UnexpectedResponse"),
		     xstrdup("the query answer has no 'data' array of objects"));
		return;
	}
	if (json_bool(root, "resultTruncated") == 1 && !token) {
		cJSON_Delete(root);
		fail(call, r, xstrdup("ResultTruncated"),
		     xstrdup("the query answer was truncated without a $skipToken"));
		return;
	}
	if (call->spec.on_rows(call->spec.ctx, data, &err)) {
		cJSON_Delete(root);
		fail(call, r, xstrdup("UnexpectedResponse"), buf_detach(&err, NULL));
		return;
	}
	buf_release(&err);
	call->pages++;
	if (!token || !*token) {
		cJSON_Delete(root);
		call->res.ok = 1;
		finish(call);
		return;
	}
	if (call->pages >= call->arm->max_pages ||
	    (call->skip_token && !strcmp(call->skip_token, token))) {
		struct buf why = BUF_INIT;

		if (call->pages >= call->arm->max_pages)
			buf_addf(&why, "the query has more than %u pages (--max-pages)",
				 call->arm->max_pages);
		else
			buf_add(&why, "the query's $skipToken does not advance");
		cJSON_Delete(root);
		fail(call, r, xstrdup("TooManyPages"), buf_detach(&why, NULL));
		return;
	}
	free(call->skip_token);
	call->skip_token = xstrdup(token);
	cJSON_Delete(root);
	submit(call);
}

static void response_cb(void *ctx, struct http_response *r)
{
	struct rg_call *call = ctx;
	char *code = NULL, *message = NULL;
	cJSON *root;

	call->res.ev = xgrow(call->res.ev, &call->ev_alloc, call->res.ev_n + 1,
			     sizeof(*call->res.ev));
	call->res.ev[call->res.ev_n++] = arm_evidence("POST", call->url, r);
	if (r->transport_failed) {
		fail(call, r, xstrdup(r->body_too_large ? "ResponseTooLarge" : "TransportError"),
		     xstrdup(r->error));
		return;
	}
	if (r->status != 200) {
		arm_parse_error(r->body.buf, r->body.len, &code, &message);
		if (arm_is_version_error(r->status, code) && !call->pages &&
		    rg_versions[call->vi + 1]) {
			free(code);
			free(message);
			call->vi++;
			submit(call);
			return;
		}
		fail(call, r, code, message ? message : xstrdup("the query failed"));
		return;
	}
	root = json_parse(r->body.buf, r->body.len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		fail(call, r, xstrdup("MalformedResponse"),
		     xstrdup("the query answer is not a JSON object"));
		return;
	}
	handle_page(call, r, root);
}

void rg_query(struct arm *arm, const struct rg_query_spec *spec)
{
	struct rg_call *call = xcalloc(1, sizeof(*call));
	size_t i;

	call->arm = arm;
	call->spec = *spec;
	call->query = xstrdup(spec->query);
	strvec_init(&call->subs);
	for (i = 0; i < spec->subscriptions->n; i++)
		strvec_push(&call->subs, spec->subscriptions->v[i]);
	/*
	 * A page holds up to 1,000 whole resources (about a megabyte, and
	 * several as a parsed tree); the quota allows 15 queries in 5 s
	 * anyway, so a few at a time cost no speed and keep memory flat.
	 */
	http_cap_scope(arm->http, RG_SCOPE, RG_MAX_IN_FLIGHT);
	submit(call);
}
