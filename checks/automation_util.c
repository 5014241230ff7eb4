/*
 * automation_util.c - shared plumbing of the automation checks.
 *
 * A target that answers 404 does not exist (the automation points at a
 * deleted resource): that is a finding about the configuration, a fail.
 * Any other failure to read it (403, 5xx, timeout) proves nothing either
 * way: an error, with the reason.
 */
#include "checks/automation_util.h"
#include "util/buf.h"

#include <string.h>
#include <strings.h>

const struct automation_list *automations_for_check(const struct check *c,
						    const struct sub_snapshot *sub,
						    struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];

	if (finding_unreadable(out, c, sub, d, need_name(NEED_AUTOMATIONS),
			       AUTOMATIONS_PERMISSION))
		return NULL;
	return d->data;
}

void automation_why_not_high(const struct automation *a, enum stream s, const char *verb,
			     const char *why, struct buf *b)
{
	struct buf sev = BUF_INIT, other = BUF_INIT;
	size_t n = automation_severities(a, s, &sev);
	size_t word = strcspn(verb, " ");
	const char *what = s == STREAM_ALERTS ? "alert" : "unhealthy recommendation";

	if (!automation_other_filters(a, s, &other) && n)
		buf_addf(b, "%.*ss%s only %s of severity %s, not High (its rule sets)",
			 (int)word, verb, verb + word, stream_name(s), sev.buf);
	else
		buf_addf(b, "does not %s every High severity %s: %s (severities it "
			 "takes whole: %s)", verb, what, why, sev.buf);
	buf_release(&sev);
	buf_release(&other);
}

/* The words of a stream in messages. */
static const struct {
	const char *one, *many, *source;
} nouns[] = {
	[STREAM_ALERTS] = { "alert", "alerts", "Alerts" },
	[STREAM_RECOMMENDATIONS] = { "recommendation", "recommendations", "Assessments" },
	[STREAM_RECOMMENDATION_SNAPSHOTS] = { "recommendation", "recommendations",
					      "AssessmentsSnapshot" },
};

/* The export wording ("alert export 'X' is disabled"). */
static int why_not_export(const struct automation *a, enum stream s, const char *sub_id,
			  enum admit admits, const char *why, struct buf *b)
{
	const char *name = a->name ? a->name : "?";

	if (!automation_has_source(a, s)) {
		buf_addf(b, "export '%s' sends ", name);
		if (!automation_list_sources(a, b))
			buf_add(b, "no event source");
		else
			buf_addf(b, ", not %s", nouns[s].source);
		return 0;
	}
	if (a->enabled_malformed) {
		buf_addf(b, "%s export '%s' has an isEnabled flag that is neither true nor "
			 "false", nouns[s].one, name);
		return automation_covers_subscription(a, sub_id) && admits != ADMIT_NOT_PROVEN;
	}
	if (!a->enabled) {
		buf_addf(b, "%s export '%s' is disabled", nouns[s].one, name);
	} else if (!automation_covers_subscription(a, sub_id)) {
		buf_addf(b, "%s export '%s' covers only ", nouns[s].one, name);
		automation_scope_text(a, b);
	} else if (admits == ADMIT_UNREADABLE) {
		buf_addf(b, "%s export '%s': %s", nouns[s].one, name, why);
		return 1;
	} else if (admits == ADMIT_NOT_PROVEN) {
		buf_addf(b, "%s export '%s' ", nouns[s].one, name);
		automation_why_not_high(a, s, "export", why, b);
	}
	return 0;
}

/* The Logic App wording ("'X' would run a Logic App on alerts but is disabled"). */
static int why_not_logic_app(const struct automation *a, enum stream s, const char *sub_id,
			     enum admit admits, const char *why, struct buf *b)
{
	int covers = automation_covers_subscription(a, sub_id);

	buf_addf(b, "'%s' ", a->name ? a->name : "?");
	if (!automation_has_source(a, s)) {
		buf_add(b, "runs a Logic App for ");
		automation_list_sources(a, b);
		buf_addf(b, ", not %s", nouns[s].source);
	} else if (a->enabled_malformed) {
		buf_addf(b, "would run a Logic App on %s but its isEnabled flag is neither "
			 "true nor false", nouns[s].many);
		return covers && admits != ADMIT_NOT_PROVEN;
	} else if (!a->enabled) {
		buf_addf(b, "would run a Logic App on %s but is disabled", nouns[s].many);
	} else if (!covers) {
		buf_addf(b, "runs a Logic App on %s of only ", nouns[s].many);
		automation_scope_text(a, b);
	} else if (admits == ADMIT_UNREADABLE) {
		buf_addf(b, "runs a Logic App on %s, but %s", nouns[s].many, why);
		return 1;
	} else {
		automation_why_not_high(a, s, "run on", why, b);
	}
	return 0;
}

int automation_why_not(const struct automation *a, enum stream s, enum response_kind k,
		       const char *sub_id, struct buf *b)
{
	struct buf why = BUF_INIT;
	enum admit admits = automation_has_source(a, s) ?
			    automation_admits_high(a, s, &why) : ADMIT_NOT_PROVEN;
	int unknown;

	if (b->len)
		buf_add(b, "; ");
	unknown = k == RESPONSE_EXPORT ? why_not_export(a, s, sub_id, admits, why.buf, b) :
		  why_not_logic_app(a, s, sub_id, admits, why.buf, b);
	buf_release(&why);
	return unknown;
}

/* Whether automation a has an action of kind k. */
static int has_response(const struct automation *a, enum response_kind k)
{
	if (k == RESPONSE_LOGIC_APP)
		return automation_has_action(a, ACTION_LOGIC_APP);
	return automation_has_action(a, ACTION_WORKSPACE) ||
	       automation_has_action(a, ACTION_EVENT_HUB);
}

size_t automations_why_none(const struct automation_list *l, enum stream s,
			    enum response_kind k, const char *sub_id, struct buf *b)
{
	size_t i, unknown = 0;

	for (i = 0; l && i < l->n; i++)
		if (has_response(&l->items[i], k))
			unknown += (size_t)automation_why_not(&l->items[i], s, k, sub_id, b);
	return unknown;
}

void automations_observe(struct finding *f, const struct automation_list *l,
			 enum response_kind k, const char *sub_id)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!has_response(a, k))
			continue;
		buf_addf(&b, "%s%s: ", b.len ? "; " : "", a->name ? a->name : "?");
		if (a->enabled_malformed) {
			buf_add(&b, "isEnabled unreadable");
		} else if (!a->enabled) {
			buf_add(&b, "disabled");
		} else if (!automation_covers_subscription(a, sub_id)) {
			buf_add(&b, "enabled, covers only ");
			automation_scope_text(a, &b);
		} else {
			buf_add(&b, "enabled");
		}
	}
	if (l)
		finding_observe(f, k == RESPONSE_EXPORT ? "exports" : "logic_app_automations",
				"%s", b.buf);
	buf_release(&b);
}

void automation_observe_severities(struct finding *f, const struct automation *a,
				   enum stream s)
{
	struct buf b = BUF_INIT;

	automation_severities(a, s, &b);
	finding_observe(f, "exported_severities", "%s", b.buf);
	buf_reset(&b);
	if (automation_other_filters(a, s, &b))
		finding_observe(f, "other_filters", "%s", b.buf);
	buf_release(&b);
}

const char *article(const char *word)
{
	return word && strchr("AEIOUaeiou", *word) && *word ? "an" : "a";
}

const char *resource_name(const char *id)
{
	const char *slash;

	if (!id)
		return "(none)";
	slash = strrchr(id, '/');
	return slash && slash[1] ? slash + 1 : id;
}

enum status target_verdict(const struct target *t, struct finding *f,
			   const char *what, const char *permission)
{
	const struct fetch_error *e = &t->ds.err;
	struct buf m = BUF_INIT;

	finding_cite(f, &t->ds);
	if (!t->id_valid) {
		/*
		 * Not read, so not verified either way: irscan sends no token
		 * to something that is not an ARM id of the expected kind.
		 */
		finding_message(f, "could not read the %s: '%s' is not %s %s resource id, "
				"so irscan did not request it", what, t->id,
				article(what), what);
		return STATUS_ERROR;
	}
	if (t->ds.state == DATA_OK)
		return STATUS_UNSET;
	if (t->ds.state == DATA_UNSET) {
		finding_message(f, "%s '%s' was not read", what, resource_name(t->id));
		return STATUS_ERROR;
	}
	finding_observe(f, "http_status", "%ld", e->status);
	if (e->code)
		finding_observe(f, "error_code", "%s", e->code);
	if (e->status == 404) {
		finding_message(f, "%s '%s' does not exist (HTTP 404 %s)", what,
				resource_name(t->id), e->code ? e->code : "");
		return STATUS_FAIL;
	}
	buf_addf(&m, "could not read %s '%s': ", what, resource_name(t->id));
	if (e->status)
		buf_addf(&m, "HTTP %ld ", e->status);
	buf_addf(&m, "%s%s%s", e->code ? e->code : "", e->code && e->message ? ": " : "",
		 e->message ? e->message : "");
	if (e->status == 403)
		buf_addf(&m, "; the identity needs permission %s there", permission);
	finding_set_message(f, m.buf);
	buf_release(&m);
	return STATUS_ERROR;
}

/* What an export sends: "alerts", "recommendations" or both. */
static const char *exported_text(const struct automation *a)
{
	int alerts = automation_exports(a, STREAM_ALERTS);
	int recs = automation_exports(a, STREAM_RECOMMENDATIONS) ||
		   automation_exports(a, STREAM_RECOMMENDATION_SNAPSHOTS);

	return alerts && recs ? "alerts and recommendations" : recs ? "recommendations" :
	       "alerts";
}

/*
 * Findings from `from` on are this check's on this subscription (a check
 * runs once a subscription): searching those alone keeps the search from
 * growing with the scope.
 */
static int have_finding(const struct findings *out, size_t from, const struct check *self,
			const struct sub_snapshot *sub, const char *resource)
{
	size_t i;

	for (i = from; i < out->n; i++)
		if (out->items[i].check == self && out->items[i].sub == sub &&
		    !strcasecmp(out->items[i].resource, resource))
			return 1;
	return 0;
}

static void eval_target(const struct check *self, const struct sub_snapshot *sub,
			const struct automation *a, const struct automation_action *x,
			struct findings *out, size_t from, const struct target_rule *rule)
{
	int second = x->type == rule->type2 && rule->type2 != rule->type;
	const char *what = second ? rule->what2 : rule->what;
	const struct target *t = snapshot_target(sub->snap, x->target);
	const char *aname = a->name ? a->name : "?";
	struct finding *f;
	enum status st;

	if (x->target && have_finding(out, from, self, sub, x->target))
		return;
	f = findings_add(out, self, sub, STATUS_UNSET, x->target ? x->target : a->id);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	finding_observe(f, "automation", "%s", aname);
	if (!x->target) {
		f->status = STATUS_FAIL;
		finding_message(f, "automation '%s' has %s %s action without %s %s id",
				aname, article(x->type_raw ? x->type_raw : ""),
				x->type_raw ? x->type_raw : "", article(what), what);
		return;
	}
	if (!t) {
		f->status = STATUS_ERROR;
		finding_message(f, "%s '%s' was not read", what, resource_name(x->target));
		return;
	}
	st = target_verdict(t, f, what, second ? rule->permission2 : rule->permission);
	if (st == STATUS_UNSET) {
		rule->judge(a, t, f);
		return;
	}
	f->status = st;
	if (st == STATUS_FAIL && t->id_valid && rule->gone) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "%s: %s '%s' sends %s %s", f->message, rule->gone_who, aname,
			 exported_text(a), rule->gone);
		finding_set_message(f, m.buf);
		buf_release(&m);
	}
}

void eval_action_targets(const struct check *self, const struct sub_snapshot *sub,
			 struct findings *out, const struct target_rule *rule)
{
	size_t i, j, from = out->n;
	const struct automation_list *l = automations_for_check(self, sub, out);
	size_t before = out->n;
	struct finding *f;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!(rule->exports_only ? automation_exports_any(a) : automation_takes_any(a)))
			continue;
		for (j = 0; j < a->n_actions; j++)
			if (a->actions[j].type == rule->type || a->actions[j].type == rule->type2)
				eval_target(self, sub, a, &a->actions[j], out, from, rule);
	}
	if (out->n == before) {
		f = findings_add(out, self, sub, STATUS_NOT_APPLICABLE, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "not applicable: %s", rule->none);
	}
}
