/*
 * automations.c - read automations of either API version (2019-01-01-
 * preview, 2023-12-01-preview: the same shape for what is read here).
 *
 * Ids (the automation's, its targets', its scopes') are normalised
 * (resid.h): Azure has returned an eventHubResourceId without its leading
 * slash.
 *
 * Only an explicit `isEnabled: true` counts as enabled: an automation
 * whose flag is missing or malformed is not shown as exporting.  Enum
 * values (eventSource, actionType) are compared case-insensitively and
 * unknown ones are kept verbatim.
 */
#include "model/automations.h"
#include "util/json.h"
#include "model/resid.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

void *automations_new(void)
{
	return xcalloc(1, sizeof(struct automation_list));
}

static enum action_type action_type_of(const char *s)
{
	if (!s)
		return ACTION_OTHER;
	if (!strcasecmp(s, "LogicApp"))
		return ACTION_LOGIC_APP;
	if (!strcasecmp(s, "Workspace"))
		return ACTION_WORKSPACE;
	if (!strcasecmp(s, "EventHub"))
		return ACTION_EVENT_HUB;
	return ACTION_OTHER;
}

static const char *action_target(const cJSON *act, enum action_type t)
{
	switch (t) {
	case ACTION_LOGIC_APP: return json_str(act, "logicAppResourceId");
	case ACTION_WORKSPACE: return json_str(act, "workspaceResourceId");
	case ACTION_EVENT_HUB: return json_str(act, "eventHubResourceId");
	case ACTION_OTHER: break;
	}
	return NULL;
}

static void read_sources(struct automation *a, const cJSON *props)
{
	const cJSON *srcs = json_arr(props, "sources"), *src;
	size_t n = 0;

	a->sources = xcalloc((size_t)cJSON_GetArraySize(srcs) + 1, sizeof(*a->sources));
	cJSON_ArrayForEach(src, srcs) {
		if (!json_str(src, "eventSource"))
			continue;
		auto_source_read(&a->sources[n], src);
		n++;
	}
	a->n_sources = n;
}

static void read_actions(struct automation *a, const cJSON *props)
{
	const cJSON *acts = json_arr(props, "actions"), *act;
	size_t n = 0;

	a->actions = xcalloc((size_t)cJSON_GetArraySize(acts) + 1, sizeof(*a->actions));
	cJSON_ArrayForEach(act, acts) {
		const char *type = json_str(act, "actionType");
		struct automation_action *x;

		if (!cJSON_IsObject(act))
			continue;
		x = &a->actions[n++];
		x->type = action_type_of(type);
		x->type_raw = xstrdup_or_null(type);
		x->target = resid_dup(action_target(act, x->type));
	}
	a->n_actions = n;
}

int automations_add_page(void *p, const cJSON *value, const char *api_version,
			 struct buf *err)
{
	struct automation_list *l = p;
	const cJSON *it, *sc, *en;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const cJSON *props = json_obj(it, "properties");
		struct automation *a;

		if (!cJSON_IsObject(it))
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		a = &l->items[l->n++];
		memset(a, 0, sizeof(*a));
		strvec_init(&a->scopes);
		a->id = resid_dup(json_str(it, "id"));
		a->name = xstrdup_or_null(json_str(it, "name"));
		en = json_get(props, "isEnabled");
		a->enabled = json_bool(props, "isEnabled") == 1;
		a->enabled_malformed = en && !cJSON_IsNull(en) &&
				       json_bool(props, "isEnabled") < 0;
		read_sources(a, props);
		read_actions(a, props);
		cJSON_ArrayForEach(sc, json_arr(props, "scopes")) {
			const char *path = json_str(sc, "scopePath");

			if (path)
				strvec_push_owned(&a->scopes, resid_dup(path));
		}
	}
	return 0;
}

void automations_free(void *p)
{
	struct automation_list *l = p;
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct automation *a = &l->items[i];

		free(a->id);
		free(a->name);
		for (j = 0; j < a->n_sources; j++)
			auto_source_release(&a->sources[j]);
		free(a->sources);
		strvec_clear(&a->scopes);
		for (j = 0; j < a->n_actions; j++) {
			free(a->actions[j].type_raw);
			free(a->actions[j].target);
		}
		free(a->actions);
	}
	free(l->items);
	free(l);
}

/*
 * What every event of a stream is known to carry, and the severities to
 * list.  Alerts: how the portal and Azure Policy write an alert severity
 * filter - one rule set per chosen severity, each {"propertyJPath":
 * "Severity", "propertyType": "string", "expectedValue": "high",
 * "operator": "Equals"}, the value mapped to lower case ("alertSeverityMap":
 * {"High": "high", ...}).  Recommendations: each rule set holds a rule
 * {"propertyJPath": "type", "expectedValue": "Microsoft.Security/
 * assessments", "operator": "Contains"} and one on "properties.metadata.
 * severity" (Equals High, Medium or Low).  Source: the built-in policy
 * ffb6f416-7bd2-4488-8828-56585fef2be9 "Deploy export to Log Analytics
 * workspace for Microsoft Defender for Cloud data" (Azure/azure-policy,
 * built-in-policies/policyDefinitions/Security Center/ASC_ExportToLog
 * AnalyticsWorkspaceAzureSecurityCenterAlertsAndRecommendations_Deploy.json
 * @04a62e15) and its Event Hub twin cdfcce10-4578-4ecd-9703-530938e4abcb.
 * Alert severities are High, Medium, Low and Informational (alerts API
 * 2022-01-01 properties.severity); an assessment's status.code is Healthy,
 * Unhealthy or NotApplicable (assessments API), and the recommendations
 * that matter are the unhealthy ones.
 */
static const char *const alert_severity_paths[] = { "Severity", NULL };
static const char *const alert_severities[] = { "High", "Medium", "Low", "Informational", NULL };
static const char *const rec_severity_paths[] = { "properties.metadata.severity", NULL };
static const char *const rec_type_paths[] = { "type", NULL };
static const char *const rec_status_paths[] = { "properties.status.code", NULL };
static const char *const rec_severities[] = { "High", "Medium", "Low", NULL };

static const struct stream_info {
	const char *source;		/* eventSource */
	const char *name;
	const char *const *severity_paths;
	const char *const *severities;	/* most severe first */
	int recommendations;		/* also: type and unhealthy status */
} streams[] = {
	[STREAM_ALERTS] = { "Alerts", "alerts", alert_severity_paths, alert_severities, 0 },
	[STREAM_RECOMMENDATIONS] = { "Assessments", "recommendations", rec_severity_paths,
				     rec_severities, 1 },
	[STREAM_RECOMMENDATION_SNAPSHOTS] = { "AssessmentsSnapshot",
					      "weekly recommendation snapshots",
					      rec_severity_paths, rec_severities, 1 },
};
_Static_assert(sizeof(streams) / sizeof(streams[0]) == STREAM__COUNT, "streams");

const char *stream_name(enum stream s)
{
	return streams[s].name;
}

/* The facts of stream s's events at `severity`; returns how many. */
static size_t stream_facts(enum stream s, const char *severity, struct event_fact *f)
{
	f[0].jpaths = streams[s].severity_paths;
	f[0].value = severity;
	if (!streams[s].recommendations)
		return 1;
	f[1].jpaths = rec_type_paths;
	f[1].value = "Microsoft.Security/assessments";
	f[2].jpaths = rec_status_paths;
	f[2].value = "Unhealthy";
	return 3;
}

int automation_has_source(const struct automation *a, enum stream s)
{
	size_t i;

	for (i = 0; i < a->n_sources; i++)
		if (!strcasecmp(a->sources[i].event_source, streams[s].source))
			return 1;
	return 0;
}

int automation_takes(const struct automation *a, enum stream s)
{
	return a->enabled && automation_has_source(a, s);
}

int automation_has_action(const struct automation *a, enum action_type t)
{
	size_t i;

	for (i = 0; i < a->n_actions; i++)
		if (a->actions[i].type == t)
			return 1;
	return 0;
}

int automation_exports(const struct automation *a, enum stream s)
{
	return automation_takes(a, s) &&
	       (automation_has_action(a, ACTION_WORKSPACE) ||
		automation_has_action(a, ACTION_EVENT_HUB));
}

int automation_takes_any(const struct automation *a)
{
	int s;

	for (s = 0; s < STREAM__COUNT; s++)
		if (automation_takes(a, (enum stream)s))
			return 1;
	return 0;
}

int automation_exports_any(const struct automation *a)
{
	int s;

	for (s = 0; s < STREAM__COUNT; s++)
		if (automation_exports(a, (enum stream)s))
			return 1;
	return 0;
}

/* "/subscriptions/<id>" with an optional trailing slash, any case. */
int automation_covers_subscription(const struct automation *a, const char *sub_id)
{
	size_t i, n = strlen(sub_id);

	for (i = 0; i < a->scopes.n; i++) {
		const char *p = a->scopes.v[i];

		if (strncasecmp(p, "/subscriptions/", 15))
			continue;
		p += 15;
		if (!strncasecmp(p, sub_id, n) && (!p[n] || (p[n] == '/' && !p[n + 1])))
			return 1;
	}
	return 0;
}

static enum admit stream_admits(const struct automation *a, enum stream st,
				const char *severity, struct buf *why)
{
	struct event_fact facts[3];
	size_t nf = stream_facts(st, severity, facts);
	enum admit best = ADMIT_NOT_PROVEN;
	size_t i;

	for (i = 0; i < a->n_sources; i++) {
		const struct auto_source *s = &a->sources[i];
		struct buf w = BUF_INIT;
		enum admit r;

		if (strcasecmp(s->event_source, streams[st].source))
			continue;
		r = auto_source_admits(s, facts, nf, &w);
		if (r == ADMIT_PROVEN) {
			buf_release(&w);
			return r;
		}
		/* An unreadable source may be the one that admits them. */
		if (r == ADMIT_UNREADABLE || (why && !why->len)) {
			if (why) {
				buf_reset(why);
				buf_add(why, w.buf);
			}
			if (r == ADMIT_UNREADABLE)
				best = r;
		}
		buf_release(&w);
	}
	if (why && !why->len)
		buf_addf(why, "it has no %s source", streams[st].source);
	return best;
}

enum admit automation_admits_high(const struct automation *a, enum stream s, struct buf *why)
{
	return stream_admits(a, s, "High", why);
}

size_t automation_severities(const struct automation *a, enum stream s, struct buf *b)
{
	size_t i, n = 0;

	for (i = 0; streams[s].severities[i]; i++)
		if (stream_admits(a, s, streams[s].severities[i], NULL) == ADMIT_PROVEN)
			buf_addf(b, "%s%s", n++ ? ", " : "", streams[s].severities[i]);
	if (!n)
		buf_add(b, "none");
	return n;
}

size_t automation_other_filters(const struct automation *a, enum stream s, struct buf *b)
{
	struct event_fact facts[3];
	size_t nf = stream_facts(s, "High", facts), i, k, n = 0;

	for (i = 0; i < a->n_sources; i++) {
		struct buf one = BUF_INIT;

		if (strcasecmp(a->sources[i].event_source, streams[s].source))
			continue;
		k = auto_source_other_filters(&a->sources[i], facts, nf, &one);
		if (k)
			buf_addf(b, "%s%s", n ? ", " : "", one.buf);
		n += k;
		buf_release(&one);
	}
	return n;
}

void automation_scope_text(const struct automation *a, struct buf *b)
{
	size_t i;

	for (i = 0; i < a->scopes.n; i++)
		buf_addf(b, "%s%s", i ? ", " : "", a->scopes.v[i]);
	if (!a->scopes.n)
		buf_add(b, "no scope");
}

size_t automation_list_sources(const struct automation *a, struct buf *b)
{
	size_t i;

	for (i = 0; i < a->n_sources; i++)
		buf_addf(b, "%s%s", i ? ", " : "", a->sources[i].event_source);
	return a->n_sources;
}

int automation_whole(const struct automation *a, enum stream s, const char *sub_id)
{
	return automation_takes(a, s) && automation_covers_subscription(a, sub_id) &&
	       automation_admits_high(a, s, NULL) == ADMIT_PROVEN;
}

const struct automation *automations_whole_export(const struct automation_list *l,
						  enum stream s, const char *sub_id)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (automation_exports(&l->items[i], s) && automation_whole(&l->items[i], s, sub_id))
			return &l->items[i];
	return NULL;
}

const struct automation *automations_whole_response(const struct automation_list *l,
						    enum stream s, const char *sub_id)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (automation_has_action(&l->items[i], ACTION_LOGIC_APP) &&
		    automation_whole(&l->items[i], s, sub_id))
			return &l->items[i];
	return NULL;
}
