/*
 * sentinel_util.c - routes of alerts into Microsoft Sentinel, gaps of
 * the search, and its evidence, see sentinel_util.h.
 */
#include "checks/sentinel_util.h"
#include "checks/attest_util.h"
#include "checks/automation_util.h"
#include "util/buf.h"
#include "model/resid.h"

#include <string.h>
#include <strings.h>

/* Is resource id inside subscription sub_id? */
static int in_subscription(const char *id, const char *sub_id)
{
	size_t n;
	const char *p = resid_subscription(id, &n);

	return p && n == strlen(sub_id) && !strncasecmp(p, sub_id, n) && p[n] == '/';
}

static int enabled(const char *state)
{
	return state && !strcasecmp(state, "Enabled");
}

/* Does connector c take sub's alerts, and how? */
static enum sentinel_route_kind route_of(const struct sentinel_connector *c,
					 const struct sub_snapshot *sub)
{
	switch (c->kind) {
	case CONNECTOR_ASC:
		return c->subscription_id && !strcasecmp(c->subscription_id, sub->id) &&
		       enabled(c->alerts_state) ? ROUTE_SUBSCRIPTION : ROUTE_NONE;
	case CONNECTOR_XDR:
	case CONNECTOR_MDC_TENANT:
		/* Another tenant's connector carries nothing of this one. */
		if (c->tenant_id && sub->tenant_id && strcasecmp(c->tenant_id, sub->tenant_id))
			return ROUTE_NONE;
		if (c->kind == CONNECTOR_XDR)
			return enabled(c->incidents_state) || enabled(c->alerts_state) ?
			       ROUTE_TENANT : ROUTE_NONE;
		/* Its shape is not in the REST specification: any state but off. */
		return (!c->alerts_state || enabled(c->alerts_state)) &&
		       (!c->incidents_state || enabled(c->incidents_state)) ?
		       ROUTE_TENANT : ROUTE_NONE;
	}
	return ROUTE_NONE;
}

size_t sentinel_routes(const struct sub_snapshot *sub, struct sentinel_route *out,
		       size_t max)
{
	const struct snapshot *snap = sub->snap;
	size_t i, j, n = 0;
	int pass;

	for (pass = ROUTE_SUBSCRIPTION; pass <= ROUTE_TENANT; pass++)
		for (i = 0; i < snap->n_workspaces; i++) {
			const struct sentinel_workspace *w = snap->workspaces[i];
			const struct connector_list *l = w->connectors.data;

			if (w->connectors.state != DATA_OK || !l)
				continue;
			for (j = 0; j < l->n; j++) {
				if ((int)route_of(&l->items[j], sub) != pass)
					continue;
				if (n < max) {
					out[n].kind = (enum sentinel_route_kind)pass;
					out[n].ws = w;
					out[n].conn = &l->items[j];
				}
				n++;
				break;	/* one route per workspace and kind */
			}
		}
	return n;
}

struct sentinel_route sentinel_best_route(const struct sub_snapshot *sub)
{
	struct sentinel_route r;

	memset(&r, 0, sizeof(r));
	sentinel_routes(sub, &r, 1);
	return r;
}

const char *sentinel_connector_label(const struct sentinel_connector *c)
{
	switch (c->kind) {
	case CONNECTOR_ASC:
		return "the subscription-based Defender for Cloud connector (AzureSecurityCenter)";
	case CONNECTOR_XDR:
		return "the Microsoft Defender XDR connector (MicrosoftThreatProtection)";
	case CONNECTOR_MDC_TENANT:
		return "the tenant-based Defender for Cloud connector "
		       "(MicrosoftDefenderForCloudTenantBased)";
	}
	return "a connector";
}

/*
 * A workspace list that failed because Microsoft.OperationalInsights is
 * not registered in the subscription proves there is no workspace there:
 * not a gap in the search.
 */
int sentinel_no_workspaces_possible(const struct dataset *d)
{
	return d->err.code && !strcasecmp(d->err.code, "MissingSubscriptionRegistration");
}

#define SENTINEL_GAPS_SHOWN 3

static void add_gap(struct buf *b, const char *what, const char *id,
		    const struct fetch_error *e, const char *permission)
{
	buf_addf(b, "%s%s %s: ", b->len ? "; " : "", what, id);
	finding_error_reason(b, e);
	if (e->status == 403)
		buf_addf(b, " (the identity needs permission %s)", permission);
}

/*
 * The next subscription the Sentinel search covered, in id order: this
 * scan's, and with --shard the other shards' (snapshot.h), merged as an
 * unsharded scan lists them, so a shard words its gaps as that scan does.
 */
static const struct sub_snapshot *next_searched(const struct snapshot *snap, size_t *i,
						size_t *j)
{
	const struct sub_snapshot *a = *i < snap->n ? snap->subs[*i] : NULL;
	const struct sub_snapshot *o = *j < snap->n_others ? snap->others[*j] : NULL;

	if (a && (!o || strcmp(a->id, o->id) < 0)) {
		++*i;
		return a;
	}
	*j += !!o;
	return o;
}

size_t sentinel_gaps(const struct sub_snapshot *sub, struct buf *b)
{
	const struct snapshot *snap = sub->snap;
	size_t i, j, n = 0;
	int own;

	for (own = 1; own >= 0; own--) {
		const struct sub_snapshot *s;

		for (i = 0, j = 0; (s = next_searched(snap, &i, &j));) {
			const struct dataset *d = &s->sets[NEED_WORKSPACES];

			if ((s == sub) != own || !s->scanned || d->state != DATA_ERROR ||
			    sentinel_no_workspaces_possible(d))
				continue;
			if (n++ < SENTINEL_GAPS_SHOWN)
				add_gap(b, "the Log Analytics workspaces of subscription", s->id,
					&d->err, "Microsoft.OperationalInsights/workspaces/read");
		}
		for (i = 0; i < snap->n_workspaces; i++) {
			const struct sentinel_workspace *w = snap->workspaces[i];
			int onb = w->onboarding.state == DATA_ERROR;
			const struct dataset *d = onb ? &w->onboarding : &w->connectors;

			if (in_subscription(w->id, sub->id) != own || d->state != DATA_ERROR)
				continue;
			if (n++ < SENTINEL_GAPS_SHOWN)
				add_gap(b, onb ? "the Sentinel onboarding state of workspace" :
					"the Sentinel data connectors of workspace", w->id, &d->err,
					onb ? "Microsoft.SecurityInsights/onboardingStates/read" :
					"Microsoft.SecurityInsights/dataConnectors/read");
		}
	}
	if (n > SENTINEL_GAPS_SHOWN)
		buf_addf(b, "; and %zu more", n - SENTINEL_GAPS_SHOWN);
	return n;
}

/*
 * Capped: the search is shared by the whole tenant, and citing every
 * read of it from every finding would make reports grow with the square
 * of the tenant.  The workspaces that matter most come first: those of
 * sub's own subscription and those named with --sentinel-workspace.
 */
#define SENTINEL_CITE_MAX 20

void sentinel_cite(struct finding *f, const struct sub_snapshot *sub)
{
	const struct snapshot *snap = sub->snap;
	size_t i, n = 0;
	int pass;

	finding_cite(f, &sub->sets[NEED_WORKSPACES]);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < snap->n_workspaces && n < SENTINEL_CITE_MAX; i++) {
			const struct sentinel_workspace *w = snap->workspaces[i];
			int first = w->named || in_subscription(w->id, sub->id);

			if (first != !pass)
				continue;
			/* A workspace of another subscription without Sentinel proves nothing. */
			if (!first && w->onboarded == 0)
				continue;
			finding_cite(f, &w->onboarding);
			finding_cite(f, &w->connectors);
			n++;
		}
}

struct finding *sentinel_settle_tenant_route(const struct check *self,
					     const struct sub_snapshot *sub,
					     const struct check_params *p,
					     const struct sentinel_route *r,
					     const char *done, const char *why,
					     struct findings *out)
{
	const struct attestation *at = attestation_for_check(p->attestations, self, sub->id);
	long max = p->attestation_max_age_days > 0 ? p->attestation_max_age_days : 365;
	long age = at ? (long)((p->now - at->reviewed_at) / 86400) : 0;
	int settled = at && age <= max;
	struct finding *f;

	f = findings_add(out, self, sub, settled ? STATUS_PASS : STATUS_MANUAL,
			 r->conn->id ? r->conn->id : r->ws->id);
	sentinel_cite(f, sub);
	finding_observe(f, "sentinel_workspace", "%s", r->ws->id);
	finding_observe(f, "connector", "%s", r->conn->kind_raw);
	if (r->conn->incidents_state)
		finding_observe(f, "incidents_state", "%s", r->conn->incidents_state);
	if (r->conn->alerts_state)
		finding_observe(f, "alerts_state", "%s", r->conn->alerts_state);
	if (at) {
		finding_observe(f, "attestation", "%s, entry %zu", p->attestations->file ?
				p->attestations->file : "-", at->index);
		finding_observe(f, "reviewed", "%s", at->reviewed);
	}
	if (settled)
		finding_message(f, "%s, as attested by %s (owner %s, reviewed %s)", done,
				at->document, at->owner, at->reviewed);
	else
		finding_message(f, "%s%s%s, which carries Defender for Cloud alerts of "
				"the whole tenant only when Defender for Cloud is integrated "
				"with Microsoft Defender XDR: a person must confirm it (an "
				"attestation for check %s%s)", why && *why ? why : "",
				why && *why ? "; " : "", done, self->id,
				at ? "; the one given is older than --attestation-max-age" : "");
	return f;
}

/*
 * The product name Sentinel gives Defender for Cloud alerts: "Azure
 * Security Center", the only one its APIs accept for Defender for Cloud
 * (the MicrosoftSecurityIncidentCreation productFilter values; Microsoft's
 * generated SDKs list it as KnownMicrosoftSecurityProductName).
 */
#define DFC_PRODUCT_NAME "Azure Security Center"

static int ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return !n;
}

/* Does the condition let every Defender for Cloud incident through? */
static int condition_admits_dfc(const struct sentinel_condition *c)
{
	size_t i;
	int eq;

	if (!c->type || strcasecmp(c->type, "Property") || !c->property || !c->op)
		return 0;
	if (strcasecmp(c->property, "IncidentProviderName") &&
	    strcasecmp(c->property, "AlertProductNames"))
		return 0;
	eq = !strcasecmp(c->op, "Equals");
	if (!eq && strcasecmp(c->op, "Contains"))
		return 0;
	for (i = 0; i < c->values.n; i++)
		if (eq ? !strcasecmp(c->values.v[i], DFC_PRODUCT_NAME) :
		    ci_contains(DFC_PRODUCT_NAME, c->values.v[i]))
			return 1;
	return 0;
}

/* 1 when r answers every Defender for Cloud incident; else why. */
static int rule_responds(const struct sentinel_auto_rule *r, time_t now, struct buf *why)
{
	const char *name = r->name ? r->name : "?";
	size_t i;

	if (r->malformed) {
		buf_addf(why, "automation rule '%s' could not be read", name);
		return 0;
	}
	if (r->enabled != 1 || (r->expiration != (time_t)-1 && r->expiration <= now)) {
		buf_addf(why, "automation rule '%s' is %s", name,
			 r->enabled != 1 ? "disabled" : "expired");
		return 0;
	}
	if (!r->playbook) {
		buf_addf(why, "automation rule '%s' runs no playbook", name);
		return 0;
	}
	/*
	 * Alert-triggered rules run for alerts of scheduled analytics rules;
	 * Defender for Cloud's alerts arrive as incidents.
	 */
	if (!r->triggers_on || strcasecmp(r->triggers_on, "Incidents") ||
	    (r->triggers_when && strcasecmp(r->triggers_when, "Created"))) {
		buf_addf(why, "automation rule '%s' runs when %s are %s, not when incidents "
			 "are created", name, r->triggers_on ? r->triggers_on : "?",
			 r->triggers_when ? r->triggers_when : "?");
		return 0;
	}
	for (i = 0; i < r->n_conditions; i++)
		if (!condition_admits_dfc(&r->conditions[i])) {
			buf_addf(why, "automation rule '%s' runs only when %s %s %s", name,
				 r->conditions[i].property ? r->conditions[i].property : "?",
				 r->conditions[i].op ? r->conditions[i].op : "?",
				 r->conditions[i].values.n ? r->conditions[i].values.v[0] : "?");
			return 0;
		}
	return 1;
}

const struct sentinel_auto_rule *sentinel_response_rule(const struct sentinel_workspace *w,
						       time_t now, struct buf *why)
{
	const struct auto_rule_list *l = w->rules.state == DATA_OK ? w->rules.data : NULL;
	struct buf first = BUF_INIT, one = BUF_INIT;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		buf_reset(&one);
		if (rule_responds(&l->items[i], now, &one)) {
			buf_release(&first);
			buf_release(&one);
			return &l->items[i];
		}
		if (!first.len)
			buf_add(&first, one.buf);
	}
	if (why) {
		if (w->rules.state == DATA_ERROR) {
			buf_addf(why, "the automation rules of workspace '%s' could not be read: ",
				 resource_name(w->id));
			finding_error_reason(why, &w->rules.err);
		} else if (first.len) {
			buf_add(why, first.buf);
		} else {
			buf_addf(why, "workspace '%s' has no automation rule", resource_name(w->id));
		}
	}
	buf_release(&first);
	buf_release(&one);
	return NULL;
}
