/*
 * arm.c - ARM calls: paging, errors, version fallback, evidence records.
 */
#include "arm.h"
#include "json.h"
#include "msg.h"
#include "redact.h"
#include "url.h"
#include "xmalloc.h"

#include <string.h>
#include <strings.h>

struct arm_call {
	struct arm *arm;
	char *path;
	const char *const *versions;
	size_t vi;		/* index of the version being tried */
	int list;
	arm_done_fn done;
	void *ctx;
	unsigned pages;
	char *url;		/* of the request in flight */
	struct arm_result res;
	size_t ev_alloc;
};

void arm_init(struct arm *arm, struct http *h, struct credential *cred,
	      const char *endpoint)
{
	arm->http = h;
	arm->cred = cred;
	arm->endpoint = xstrdup(endpoint);
}

void arm_release(struct arm *arm)
{
	free(arm->endpoint);
	arm->endpoint = NULL;
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
		if (!e && !*code) {
			/* Entra-style {"error": "x", "error_description": "..."} */
			*code = xstrdup_or_null(json_str(root, "error"));
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
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.url = call->url;
	req.prepare = prepare_cb;
	req.on_done = response_cb;
	req.ctx = call;
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

static void add_evidence(struct arm_call *call, const struct http_response *r)
{
	struct evidence *e = xcalloc(1, sizeof(*e));
	struct buf u = BUF_INIT;

	redact_url(&u, call->url);
	e->method = xstrdup("GET");
	e->url = buf_detach(&u, NULL);
	e->api_version = url_query_param(call->url, "api-version");
	e->status = r->status;
	e->request_id = xstrdup_or_null(r->request_id);
	e->correlation_id = xstrdup_or_null(r->correlation_id);
	e->date = xstrdup_or_null(r->date);
	e->error = r->transport_failed ? xstrdup(r->error) : NULL;
	e->retries = r->retries;
	e->duration_ms = r->elapsed_ms;
	e->waited_ms = r->waited_ms;
	e->at_wall_ms = r->started_wall_ms;
	e->body_bytes = r->body.len;
	call->res.ev = xgrow(call->res.ev, &call->ev_alloc, call->res.ev_n + 1,
			     sizeof(*call->res.ev));
	call->res.ev[call->res.ev_n++] = e;
}

static void call_finish(struct arm_call *call)
{
	size_t i;

	call->done(call->ctx, &call->res);
	for (i = 0; i < call->res.ev_n; i++)
		evidence_free(call->res.ev[i]);
	free(call->res.ev);
	cJSON_Delete(call->res.items);
	cJSON_Delete(call->res.object);
	free(call->res.err.code);
	free(call->res.err.message);
	free(call->res.err.url);
	free(call->res.err.request_id);
	free(call->url);
	free(call->path);
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
	cJSON_Delete(call->res.items);
	call->res.items = NULL;
	call_finish(call);
}

/* Move the items of a page's `value` into the merged array. */
static void merge_page(struct arm_call *call, cJSON *value)
{
	cJSON *it;

	if (!call->res.items)
		call->res.items = cJSON_CreateArray();
	if (!call->res.items)
		die("out of memory (cJSON)");
	while ((it = value->child)) {
		cJSON_DetachItemViaPointer(value, it);
		cJSON_AddItemToArray(call->res.items, it);
	}
}

static void handle_list_page(struct arm_call *call, struct http_response *r,
			     cJSON *root)
{
	cJSON *value = cJSON_GetObjectItem(root, "value");
	const char *next = json_str(root, "nextLink");

	if (!cJSON_IsArray(value)) {
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("UnexpectedResponse"),
			  xstrdup("the list response has no 'value' array"));
		return;
	}
	merge_page(call, value);
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
	if (call->pages >= ARM_MAX_PAGES || !strcmp(next, call->url)) {
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("TooManyPages"),
			  xstrdup(call->pages >= ARM_MAX_PAGES
				  ? "the list has more pages than the limit"
				  : "nextLink points to the page just read"));
		return;
	}
	{
		char *n = xstrdup(next);

		cJSON_Delete(root);
		submit(call, n);
		free(n);
	}
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
		call_fail(call, r, code, message);
		return;
	}
	root = json_parse(r->body.buf, r->body.len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		call_fail(call, r, xstrdup("MalformedResponse"),
			  xstrdup(r->body.len ? "the response body is not a JSON object"
				  : "the response body is empty"));
		return;
	}
	call->res.api_version = call->versions[call->vi];
	if (call->list) {
		handle_list_page(call, r, root);
		return;
	}
	call->res.object = root;
	call->res.ok = 1;
	call_finish(call);
}

void arm_call(struct arm *arm, const struct arm_call_spec *spec)
{
	struct arm_call *call = xcalloc(1, sizeof(*call));

	call->arm = arm;
	call->path = xstrdup(spec->path);
	call->versions = spec->api_versions;
	call->list = spec->list;
	call->done = spec->done;
	call->ctx = spec->ctx;
	submit_first_page(call);
}
