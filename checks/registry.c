/*
 * registry.c - the check catalogue, in catalogue order (SPEC §2).
 * list-checks, --checks, SARIF rules and JUnit names all come from this
 * table: adding a check is one file plus one line here.
 */
#include "checks/check.h"
#include "model/config.h"
#include "util/msg.h"

#include <strings.h>

extern const struct check check_ir_plan_attested;
extern const struct check check_ir_exercise_attested;
extern const struct check check_defender_plans_standard;
extern const struct check check_subscription_criticality_tag;
extern const struct check check_high_alerts_triaged;
extern const struct check check_security_contact_email;
extern const struct check check_security_contact_phone;
extern const struct check check_alert_notifications_high;
extern const struct check check_alert_notifications_owners;
extern const struct check check_attack_path_notifications;
extern const struct check check_alerts_exported;
extern const struct check check_export_target_exists;
extern const struct check check_workflow_automation_alerts;
extern const struct check check_logic_app_enabled;
extern const struct check check_recommendations_exported;
extern const struct check check_workflow_automation_recommendations;
extern const struct check check_alert_retention;
extern const struct check check_alert_suppression_reviewed;
extern const struct check check_defender_endpoint_integration;
extern const struct check check_defender_cloud_apps_integration;
extern const struct check check_sentinel_alert_sync;
extern const struct check check_ir_lessons_learned_attested;

const struct check *const check_registry[] = {
	&check_ir_plan_attested,
	&check_ir_exercise_attested,
	&check_defender_plans_standard,
	&check_subscription_criticality_tag,
	&check_high_alerts_triaged,
	&check_security_contact_email,
	&check_security_contact_phone,
	&check_alert_notifications_high,
	&check_alert_notifications_owners,
	&check_attack_path_notifications,
	&check_alerts_exported,
	&check_recommendations_exported,
	&check_export_target_exists,
	&check_workflow_automation_alerts,
	&check_workflow_automation_recommendations,
	&check_logic_app_enabled,
	/* Beyond the seed's controls 10.1-10.5: the MCSB and CIS families. */
	&check_defender_endpoint_integration,
	&check_defender_cloud_apps_integration,
	&check_alert_suppression_reviewed,
	&check_sentinel_alert_sync,
	&check_alert_retention,
	&check_ir_lessons_learned_attested,
	NULL,
};

const struct check *check_find(const char *id)
{
	size_t i;

	for (i = 0; check_registry[i]; i++)
		if (!strcasecmp(check_registry[i]->id, id))
			return check_registry[i];
	return NULL;
}

enum severity check_max_severity(void)
{
	enum severity top = SEV_LOW;
	size_t i;

	for (i = 0; check_registry[i]; i++)
		if (check_registry[i]->severity > top)
			top = check_registry[i]->severity;
	return top;
}

int check_selection_valid(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->checks.n; i++)
		if (!check_find(cfg->checks.v[i]))
			return msg_usage("--checks: unknown check '%s' "
					 "('irscan list-checks' shows the catalogue)",
					 cfg->checks.v[i]);
	for (i = 0; i < cfg->controls.n; i++)
		if (!control_lookup(cfg->framework, cfg->controls.v[i]))
			return msg_usage("--controls: '%s' is not a control of "
					 "framework %s", cfg->controls.v[i],
					 framework_name(cfg->framework));
	return 0;
}
