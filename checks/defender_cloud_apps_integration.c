/*
 * defender-cloud-apps-integration (MCSB IR-3; CIS 2.1.20, 3.1.1.2):
 * Defender for Cloud shares its data with Microsoft Defender for Cloud
 * Apps (Microsoft.Security/settings MCAS), so cloud app detections and
 * Defender for Cloud alerts meet in one place.  Ids from turbot/steampipe-
 * mod-azure-compliance (cis_v210/section_2.sp "2.1.20 Ensure that
 * Microsoft Defender for Cloud Apps integration with Microsoft Defender for
 * Cloud is Selected", cis_v300/section_3.pp "3.1.1.2 ..."); CIS 4.0.0 has
 * no such item (cis_v400/section_9.pp @14014a1e).
 */
#include "checks/settings_util.h"
#include "checks/fix_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	(void)p;
	eval_integration_setting(self, sub, "MCAS",
				 "the integration with Microsoft Defender for Cloud Apps",
				 "Defender for Cloud Apps does not receive Defender for "
				 "Cloud's data", out);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	setting_fix(b, x, "MCAS", "DataExportSettings",
		    "integration with Microsoft Defender for Cloud Apps");
}

static const struct check_fix fix = { .order = 100, .write = fix_block };

const struct check check_defender_cloud_apps_integration = {
	.id = "defender-cloud-apps-integration",
	.title = "Defender for Cloud is integrated with Microsoft Defender for Cloud Apps",
	.severity = SEV_LOW,
	.control = {
		[FW_MCSB_V1] = "IR-3", [FW_CIS_AZURE_2_1_0] = "2.1.20",
		[FW_CIS_AZURE_3_0_0] = "3.1.1.2",
	},
	.needs = NEED_BIT(NEED_SETTINGS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Integrations: tick 'Allow Microsoft Defender for "
		"Cloud Apps to access my data', then save.\n"
		"CLI: az security setting update --name MCAS --enabled true\n"
		"ARM/Bicep: Microsoft.Security/settings 'MCAS' at subscription "
		"scope, kind 'DataExportSettings', properties.enabled = true.",
	.fix = &fix,
	.eval = eval,
};
