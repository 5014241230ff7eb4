/*
 * defender-endpoint-integration (MCSB IR-3; CIS 2.1.21, 3.1.3.3,
 * 9.1.3.3): Defender for Cloud's integration with Microsoft Defender for
 * Endpoint is on (Microsoft.Security/settings WDATP), so endpoint
 * detections reach Defender for Cloud as alerts and machines get the EDR
 * sensor.  Ids from turbot/steampipe-mod-azure-compliance (cis_v210/
 * section_2.sp "2.1.21 Ensure that Microsoft Defender for Endpoint
 * integration with Microsoft Defender for Cloud is selected", cis_v300/
 * section_3.pp and cis_v400/section_9.pp "Ensure that 'Endpoint
 * protection' component status is set to 'On'", both backed by the WDATP
 * setting).  Not part of the Azure Security Benchmark 2019 or v1
 * incident response controls.
 */
#include "checks/settings_util.h"
#include "checks/fix_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	(void)p;
	eval_integration_setting(self, sub, "WDATP",
				 "the integration with Microsoft Defender for Endpoint",
				 "endpoint detections do not become Defender for Cloud "
				 "alerts and new machines get no Defender for Endpoint "
				 "sensor", out);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	setting_fix(b, x, "WDATP", "DataExportSettings",
		    "integration with Microsoft Defender for Endpoint");
}

static const struct check_fix fix = { .order = 90, .write = fix_block };

const struct check check_defender_endpoint_integration = {
	.id = "defender-endpoint-integration",
	.title = "Defender for Cloud is integrated with Microsoft Defender for Endpoint",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_MCSB_V1] = "IR-3", [FW_CIS_AZURE_2_1_0] = "2.1.21",
		[FW_CIS_AZURE_3_0_0] = "3.1.3.3", [FW_CIS_AZURE_4_0_0] = "9.1.3.3",
	},
	.needs = NEED_BIT(NEED_SETTINGS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Defender plans > Servers > Settings: turn "
		"'Endpoint protection' On (Integrations: allow Microsoft Defender "
		"for Endpoint to access my data), then save.\n"
		"CLI: az security setting update --name WDATP --enabled true\n"
		"ARM/Bicep: Microsoft.Security/settings 'WDATP' at subscription "
		"scope, kind 'DataExportSettings', properties.enabled = true.",
	.fix = &fix,
	.eval = eval,
};
