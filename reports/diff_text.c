/*
 * diff_text.c - the words of `irscan diff`, shared by its writers: what
 * a changed observed value means, as a table of the keys the checks
 * observe (labels over code: a new key is a row), and a generic "KEY:
 * OLD → NEW" for the rest.  Plain text: each writer escapes it.
 */
#include "reports/diff_report.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

#define ARROW " \xe2\x86\x92 "	/* " → " */

/*
 * The keys people have words for.  `subject` names what the value is
 * about: another observed key ("plan": its name), "@resource" (the last
 * segment of the finding's resource) or "@item" (the automation of a
 * list key, diff.h); NULL: nothing more.  `check` NULL: any check.
 */
static const struct phrase {
	const char *check, *key, *label, *subject;
} phrases[] = {
	{ NULL, "emails", "security contact e-mail", NULL },
	{ NULL, "valid_emails", "valid security contact e-mails", NULL },
	{ NULL, "phone", "security contact phone", NULL },
	{ NULL, "alert_notifications", "alert e-mail notifications", NULL },
	{ NULL, "minimal_severity", "alert notifications minimal severity", NULL },
	{ NULL, "notify_roles", "roles notified of alerts", NULL },
	{ NULL, "notify_roles_state", "alert notifications to roles", NULL },
	{ NULL, "alerts_to_admins", "alert notifications to subscription admins", NULL },
	{ NULL, "minimal_risk_level", "attack path notifications minimal risk", NULL },
	{ NULL, "is_enabled", "security contact notifications enabled", NULL },
	{ NULL, "pricing_tier", "plan", "plan" },
	{ NULL, "exports", "export", "@item" },
	{ NULL, "logic_app_automations", "workflow automation", "@item" },
	{ "logic-app-enabled", "state", "Logic App", "@resource" },
	{ "export-target-exists", "provisioning_state", "export target", "@resource" },
	{ "subscription-criticality-tag", "value", "tag", "tag" },
};

static const struct phrase *phrase_for(const char *check, const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(phrases); i++)
		if (!strcmp(phrases[i].key, key) &&
		    (!phrases[i].check || !strcasecmp(phrases[i].check, check)))
			return &phrases[i];
	return NULL;
}

static const char *observed_of(const struct baseline_finding *f, const char *key)
{
	size_t i;

	for (i = 0; f && i < f->observed_n; i++)
		if (!strcmp(f->observed[i].key, key))
			return f->observed[i].value;
	return NULL;
}

static const char *last_segment(const char *id)
{
	const char *slash = id ? strrchr(id, '/') : NULL;

	return slash && slash[1] ? slash + 1 : id;
}

static const char *subject_of(const struct phrase *p, const struct diff_change *c,
			      const struct diff_setting *s)
{
	const struct baseline_finding *f = c->cur ? c->cur : c->old;
	const char *v;

	if (!p->subject)
		return NULL;
	if (!strcmp(p->subject, "@item"))
		return s->item;
	if (!strcmp(p->subject, "@resource"))
		return last_segment(f->resource);
	v = observed_of(c->cur, p->subject);
	return v ? v : observed_of(c->old, p->subject);
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* An automation of a list: its state from old to new (diff.h). */
static void item_text(struct buf *b, const char *o, const char *n)
{
	static const char narrow[] = "enabled, covers only ";

	if (!n)
		buf_add(b, " removed");
	else if (!o)
		buf_addf(b, " added (%s)", n);
	else if (!strcmp(n, "disabled"))
		buf_add(b, " disabled");
	else if (!strcmp(o, "disabled") && !strcmp(n, "enabled"))
		buf_add(b, " enabled");
	else if (!strcmp(o, "enabled") && !strncmp(n, narrow, sizeof(narrow) - 1))
		buf_addf(b, " scope narrowed: covers only %s", n + sizeof(narrow) - 1);
	else if (!strncmp(o, narrow, sizeof(narrow) - 1) && !strcmp(n, "enabled"))
		buf_add(b, " scope widened to the whole subscription");
	else
		buf_addf(b, ": %s" ARROW "%s", o, n);
}

void diff_setting_text(struct buf *b, const struct diff_change *c, const struct diff_setting *s)
{
	const char *check = (c->cur ? c->cur : c->old)->check;
	const struct phrase *p = phrase_for(check, s->key);
	const char *subject = p ? subject_of(p, c, s) : NULL;

	if (!p) {
		buf_addf(b, "%s: %s" ARROW "%s", s->key,
			 empty(s->old_value) ? "(none)" : s->old_value,
			 empty(s->new_value) ? "(none)" : s->new_value);
		return;
	}
	buf_add(b, p->label);
	if (!empty(subject))
		buf_addf(b, " %s", subject);
	if (s->item)
		item_text(b, s->old_value, s->new_value);
	else if (empty(s->new_value))
		buf_addf(b, " removed (was %s)", s->old_value);
	else if (empty(s->old_value))
		buf_addf(b, " added: %s", s->new_value);
	else
		buf_addf(b, " %s" ARROW "%s", s->old_value, s->new_value);
}

void diff_verdict_text(struct buf *b, const struct diff_change *c)
{
	switch (c->kind) {
	case DIFF_NEW:
		buf_addf(b, "new: %s", status_name(c->cur->status));
		break;
	case DIFF_GONE:
		buf_addf(b, "gone: was %s", status_name(c->old->status));
		break;
	default:
		if (c->old->status != c->cur->status)
			buf_addf(b, "%s" ARROW "%s", status_name(c->old->status),
				 status_name(c->cur->status));
		else
			buf_addf(b, "still %s", status_name(c->cur->status));
		break;
	}
}

const char *diff_kind_name(enum diff_kind k)
{
	static const char *const names[DIFF__COUNT] = {
		[DIFF_NEW] = "new", [DIFF_GONE] = "gone", [DIFF_CHANGED] = "changed",
	};

	return (unsigned)k < DIFF__COUNT ? names[k] : "changed";
}

const char *diff_trend_name(enum diff_trend t)
{
	return t == DIFF_WORSE ? "worse" : t == DIFF_BETTER ? "better" : "same";
}

int diff_exit_code(const struct diff *d)
{
	return d->worse ? 1 : 0;
}
