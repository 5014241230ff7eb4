/*
 * high-alerts-triaged (ASB 10.2): no High severity alert has stayed
 * Active longer than --alert-max-age days (default 7): alerts are
 * triaged by priority.  An Active High alert whose time cannot be read is
 * counted against the subscription, not assumed recent.
 *
 * When alerts are handled in Microsoft Sentinel, Defender for Cloud only
 * learns they were closed through bi-directional alert sync (settings/
 * Sentinel): for a subscription with untriaged alerts, collection reads
 * the settings (NEED_SETTINGS_IF_STALE) and the message says when sync is
 * off, since the alerts may have been closed in Sentinel.  The verdict
 * stays the one Defender for Cloud shows.
 */
#include "checks/check.h"
#include "checks/fix_util.h"
#include "model/alerts.h"
#include "util/buf.h"
#include "util/clock.h"
#include "model/settings.h"

#include <strings.h>

/* "; alert sync with Sentinel is off ..." when the settings say so. */
static const char *sync_note(struct finding *f, const struct sub_snapshot *sub)
{
	const struct dataset *d = &sub->sets[NEED_SETTINGS];
	const struct security_setting *s;

	if (d->state != DATA_OK)
		return "";
	finding_cite(f, d);
	s = settings_find(d->data, "Sentinel");
	if (s && s->enabled == 1)
		return "";
	finding_observe(f, "sentinel_alert_sync", "%s", s ? "off" : "absent");
	return "; Defender for Cloud's bi-directional alert sync with Microsoft Sentinel "
	       "is off, so alerts closed in Sentinel stay Active here";
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_ALERTS];
	const struct alert_list *l;
	const struct alert *oldest = NULL;
	long max_days = p->alert_max_age_days > 0 ? p->alert_max_age_days : 7;
	time_t limit = p->now - (time_t)max_days * 86400;
	size_t i, old = 0, unknown = 0;
	struct finding *f;

	if (finding_unreadable(out, self, sub, d, need_name(NEED_ALERTS),
			       "Microsoft.Security/alerts/read"))
		return;
	l = d->data;
	if (l && l->unreadable) {
		/* An alert whose severity or status is unknown could be Active High. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, d);
		finding_message(f, "%zu of %zu alerts have no readable severity or status",
				l->unreadable, l->total);
		return;
	}
	for (i = 0; l && i < l->n; i++) {
		const struct alert *a = &l->active_high[i];

		if (a->time == (time_t)-1) {
			unknown++;
			continue;
		}
		if (a->time < limit) {
			old++;
			if (!oldest || a->time < oldest->time)
				oldest = a;
		}
	}
	/* The same count as collection's (alerts_stale()), split for the message. */
	f = findings_add(out, self, sub, alerts_stale(l, p->now, max_days) ? STATUS_FAIL :
			 STATUS_PASS, NULL);
	finding_cite(f, d);
	finding_observe(f, "alerts_read", "%zu", l ? l->total : 0);
	finding_observe(f, "active_high", "%zu", l ? l->n : 0);
	finding_observe(f, "active_high_older_than_limit", "%zu", old);
	finding_observe(f, "max_age_days", "%ld", max_days);
	if (!old && !unknown) {
		finding_message(f, "no Active High alert is older than %ld days "
				"(%zu Active High, %zu alerts read)", max_days,
				l ? l->n : 0, l ? l->total : 0);
		return;
	}
	if (oldest) {
		struct buf when = BUF_INIT;

		clock_add_rfc3339(&when, oldest->time);
		finding_observe(f, "oldest", "%s", oldest->display_name ? oldest->display_name : "");
		finding_observe(f, "oldest_time", "%s", when.buf);
		finding_message(f, "%zu Active High alert%s older than %ld days; the oldest, "
				"'%s', was raised %s (%ld days ago)%s%s", old,
				old == 1 ? " is" : "s are", max_days,
				oldest->display_name ? oldest->display_name : "(no name)",
				when.buf, (long)((p->now - oldest->time) / 86400),
				unknown ? "; more Active High alerts have no readable time" : "",
				sync_note(f, sub));
		buf_release(&when);
	} else {
		finding_message(f, "%zu Active High alert%s no readable time, so it cannot "
				"be shown that %s triaged within %ld days%s", unknown,
				unknown == 1 ? " has" : "s have", unknown == 1 ? "it was" :
				"they were", max_days, sync_note(f, sub));
	}
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# High alerts (high-alerts-triaged): triage them in Defender "
		 "for Cloud > Security alerts.\n# Closing or dismissing an alert is "
		 "a decision, not scripted.  To list them:\n# az rest --method get "
		 "--url '/subscriptions/%s/providers/Microsoft.Security/alerts?"
		 "api-version=2022-01-01' --query \"value[?properties.severity=='High' "
		 "&& properties.status=='Active'].[properties.timeGeneratedUtc, "
		 "properties.alertDisplayName]\" --output table\n\n", x->sub);
}

static const struct check_fix fix = { .order = 160, .write = fix_block };

const struct check check_high_alerts_triaged = {
	.id = "high-alerts-triaged",
	.title = "High severity alerts are triaged promptly",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_ASB_IR_2019] = "10.2", [FW_ASB_V1] = "10.2", [FW_MCSB_V1] = "IR-5",
	},
	.needs = NEED_BIT(NEED_ALERTS) | NEED_SETTINGS_IF_STALE,
	.remediation =
		"Portal: Microsoft Defender for Cloud > Security alerts: filter "
		"Severity High, Status Active; investigate each, then set its "
		"status to In progress, Resolved or Dismissed.\n"
		"CLI: az security alert list --query \"[?properties.severity=='High' "
		"&& properties.status=='Active']\"; then az security alert update "
		"--location <loc> --name <alert> --resource-group <rg> --status "
		"resolve\n"
		"ARM/Bicep: not a configuration: alerts change state through "
		"Microsoft.Security/locations/alerts/<name>/resolve (POST).",
	.fix = &fix,
	.eval = eval,
};
