/*
 * settings_util.c - read one Defender for Cloud setting for a check.
 * An entry that is missing or whose flag is not a boolean is data irscan
 * could not read, never a setting shown as off or on.
 */
#include "checks/settings_util.h"
#include "checks/fix_util.h"

static const char *setting_id(const struct sub_snapshot *sub, const char *name,
			      struct buf *b)
{
	buf_addf(b, "/subscriptions/%s/providers/Microsoft.Security/settings/%s",
		 sub->id, name);
	return b->buf;
}

const struct security_setting *setting_for_check(const struct check *c,
						 const struct sub_snapshot *sub,
						 const char *name, const char *what,
						 struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_SETTINGS];
	const struct security_setting *s;
	struct buf id = BUF_INIT;
	struct finding *f;

	if (finding_unreadable(out, c, sub, d, need_name(NEED_SETTINGS), SETTINGS_PERMISSION))
		return NULL;
	s = settings_find(d->data, name);
	if (s && s->enabled >= 0)
		return s;
	f = findings_add(out, c, sub, STATUS_ERROR, setting_id(sub, name, &id));
	finding_cite(f, d);
	if (d->api_version)
		finding_observe(f, "api_version", "%s", d->api_version);
	if (!s)
		finding_message(f, "could not tell whether %s is on: the settings list "
				"has no '%s' entry", what, name);
	else
		finding_message(f, "could not tell whether %s is on: settings/%s has an "
				"'enabled' flag that is neither true nor false", what, name);
	buf_release(&id);
	return NULL;
}

void eval_integration_setting(const struct check *self, const struct sub_snapshot *sub,
			      const char *name, const char *what, const char *consequence,
			      struct findings *out)
{
	const struct security_setting *s = setting_for_check(self, sub, name, what, out);
	struct buf id = BUF_INIT;
	struct finding *f;

	if (!s)
		return;
	f = findings_add(out, self, sub, s->enabled ? STATUS_PASS : STATUS_FAIL,
			 s->id ? s->id : setting_id(sub, name, &id));
	finding_cite(f, &sub->sets[NEED_SETTINGS]);
	finding_observe(f, "setting", "%s", s->name);
	finding_observe(f, "enabled", "%s", s->enabled ? "true" : "false");
	if (s->kind)
		finding_observe(f, "kind", "%s", s->kind);
	if (s->enabled)
		finding_message(f, "%s is on (settings/%s enabled)", what, s->name);
	else
		finding_message(f, "%s is off (settings/%s enabled false): %s", what,
				s->name, consequence);
	buf_release(&id);
}

void setting_fix(struct buf *b, const struct fix_ctx *x, const char *name,
		 const char *kind, const char *what)
{
	buf_addf(b, "# %s (%s): on.\nput_setting '%s' '%s' '%s'\n\n", what,
		 fix_check(x)->id, x->sub, name, kind);
}
