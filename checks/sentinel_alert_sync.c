/*
 * sentinel-alert-sync (MCSB IR-3): when Microsoft Sentinel takes the
 * subscription's Defender for Cloud alerts, Defender for Cloud's
 * bi-directional alert synchronisation is on (Microsoft.Security/settings
 * Sentinel, kind AlertSyncSettings).  "Enabling bi-directional sync will
 * automatically sync the status of original security alerts with that of
 * the Microsoft Sentinel incidents that contain those alerts. So, for
 * example, when a Microsoft Sentinel incident containing a security
 * alerts is closed, the corresponding original alert will be closed in
 * Microsoft Defender for Cloud automatically" (MicrosoftDocs/azure-docs
 * articles/sentinel/connect-defender-for-cloud.md @07cef1b8).  Without
 * it, alerts handled in Sentinel stay Active in Defender for Cloud and
 * both places disagree about what is open.
 *
 * Sync on: pass, whatever the route.  Off: the Sentinel search decides
 * (collect_needs_sentinel() starts it) - a route makes it a fail, none
 * makes the check not applicable, an incomplete search an error.
 */
#include "checks/sentinel_util.h"
#include "checks/fix_util.h"
#include "checks/settings_util.h"
#include "checks/automation_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_SETTINGS];
	const struct security_setting *s = settings_find(d->state == DATA_OK ? d->data : NULL,
							 "Sentinel");
	struct sentinel_route r;
	struct buf gaps = BUF_INIT;
	struct finding *f;

	(void)p;
	if (finding_unreadable(out, self, sub, d, need_name(NEED_SETTINGS), SETTINGS_PERMISSION))
		return;
	if (s && s->enabled == SETTING_MALFORMED) {
		setting_for_check(self, sub, "Sentinel", "alert sync with Microsoft Sentinel", out);
		return;
	}
	if (s && s->enabled == 1) {
		f = findings_add(out, self, sub, STATUS_PASS, s->id ? s->id : sub->path);
		finding_cite(f, d);
		finding_observe(f, "enabled", "true");
		finding_message(f, "bi-directional alert sync with Microsoft Sentinel is on "
				"(settings/Sentinel enabled)");
		return;
	}
	r = sentinel_best_route(sub);
	f = findings_add(out, self, sub, STATUS_UNSET, s && s->id ? s->id : sub->path);
	finding_cite(f, d);
	sentinel_cite(f, sub);
	finding_observe(f, "enabled", "%s", s ? "false" : "absent");
	if (r.kind != ROUTE_NONE) {
		f->status = STATUS_FAIL;
		finding_observe(f, "sentinel_workspace", "%s", r.ws->id);
		finding_message(f, "alerts reach Microsoft Sentinel workspace '%s' through %s, "
				"but bi-directional alert sync is %s: alerts closed in "
				"Sentinel stay Active in Defender for Cloud",
				resource_name(r.ws->id), sentinel_connector_label(r.conn),
				s ? "off (settings/Sentinel enabled false)" :
				"not set (no settings/Sentinel entry)");
	} else if (!sub->snap->sentinel_searched || sentinel_gaps(sub, &gaps)) {
		f->status = STATUS_ERROR;
		finding_message(f, "alert sync with Microsoft Sentinel is off, and Sentinel "
				"could not be fully searched for a workspace taking this "
				"subscription's alerts: %s",
				gaps.len ? gaps.buf : "the search did not run");
	} else {
		f->status = STATUS_NOT_APPLICABLE;
		finding_message(f, "not applicable: no Microsoft Sentinel workspace (%zu "
				"searched) takes this subscription's alerts, so there is "
				"nothing to synchronise", sub->snap->n_workspaces);
	}
	buf_release(&gaps);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	setting_fix(b, x, "Sentinel", "AlertSyncSettings",
		    "bi-directional alert sync with Microsoft Sentinel");
}

static const struct check_fix fix = { .order = 110, .write = fix_block };

const struct check check_sentinel_alert_sync = {
	.id = "sentinel-alert-sync",
	.title = "Alert status is synchronised between Defender for Cloud and Sentinel",
	.severity = SEV_LOW,
	.control = {
		[FW_MCSB_V1] = "IR-3",
	},
	.needs = NEED_BIT(NEED_SETTINGS) | NEED_SENTINEL_SYNC,
	.remediation =
		"Portal: Microsoft Sentinel > Data connectors > Microsoft Defender "
		"for Cloud > Open connector page: for the subscription, set "
		"'Bi-directional sync' to Enabled.\n"
		"CLI: az security setting update --name Sentinel --enabled true\n"
		"ARM/Bicep: Microsoft.Security/settings 'Sentinel' at subscription "
		"scope, kind 'AlertSyncSettings', properties.enabled = true.",
	.fix = &fix,
	.eval = eval,
};
