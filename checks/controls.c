/*
 * controls.c - the one table of control metadata: for each framework the
 * controls irscan evaluates, their titles, CIS Controls ids,
 * responsibility and a short summary of what the control asks (written
 * for irscan, not quoted).  Check records refer to controls by id only;
 * reports look titles up here.
 *
 * CIS Controls ids: v7 for the Azure Security Benchmark (as the benchmark
 * cites them), v8 for the Microsoft cloud security benchmark.  The CIS
 * Azure Foundations recommendations are themselves CIS content and carry
 * no separate ids here.
 */
#include "checks/check.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct control_info controls[] = {
	/* Azure Security Benchmark, Incident Response, December 2019. */
	{ FW_ASB_IR_2019, "10.1", "Create incident response guide",
	  { "19.1", "19.2", "19.3" }, "Customer",
	  "Keep a written incident response guide that defines roles and the "
	  "phases of handling an incident, and keep it current." },
	{ FW_ASB_IR_2019, "10.2", "Create incident scoring and prioritization procedure",
	  { "19.8" }, "Customer",
	  "Rank incidents by alert severity and by how critical the affected "
	  "resources are, so the most important ones are handled first." },
	{ FW_ASB_IR_2019, "10.3", "Provide security incident contact details and "
	  "configure alert notifications for security incidents",
	  { "19.5" }, "Customer",
	  "Give Microsoft a security contact it can reach about an incident, "
	  "and have Defender for Cloud e-mail alerts to people who act on them." },
	{ FW_ASB_IR_2019, "10.4", "Incorporate security alerts into your incident "
	  "response system", { "19.6" }, "Customer",
	  "Export Defender for Cloud alerts continuously to the system where "
	  "incidents are handled (a SIEM such as Microsoft Sentinel)." },
	{ FW_ASB_IR_2019, "10.5", "Automate the response to security alerts",
	  { "19" }, "Customer",
	  "Trigger automated responses (workflow automation with Logic Apps) "
	  "when security alerts are raised." },

	/* Azure Security Benchmark v1 (inserted 10.3, renumbered the rest). */
	{ FW_ASB_V1, "10.1", "Create an incident response guide",
	  { "19.1", "19.2", "19.3" }, "Customer",
	  "Keep a written incident response guide that defines roles and the "
	  "phases of handling an incident, and keep it current." },
	{ FW_ASB_V1, "10.2", "Create an incident scoring and prioritization procedure",
	  { "19.8" }, "Customer",
	  "Rank incidents by alert severity and by how critical the affected "
	  "resources are, so the most important ones are handled first." },
	{ FW_ASB_V1, "10.3", "Test security response procedures",
	  { "19.7" }, "Customer",
	  "Exercise the incident response capability regularly and fix the "
	  "gaps the exercises reveal." },
	{ FW_ASB_V1, "10.4", "Provide security incident contact details and "
	  "configure alert notifications for security incidents",
	  { "19.5" }, "Customer",
	  "Give Microsoft a security contact it can reach about an incident, "
	  "and have Defender for Cloud e-mail alerts to people who act on them." },
	{ FW_ASB_V1, "10.5", "Incorporate security alerts into your incident "
	  "response system", { "19.6" }, "Customer",
	  "Export Defender for Cloud alerts continuously to the system where "
	  "incidents are handled (a SIEM such as Microsoft Sentinel)." },
	{ FW_ASB_V1, "10.6", "Automate the response to security alerts",
	  { "19" }, "Customer",
	  "Trigger automated responses (workflow automation with Logic Apps) "
	  "when security alerts are raised." },

	/*
	 * Microsoft cloud security benchmark v1, Incident Response.  Titles as
	 * Microsoft lists them (learn.microsoft.com/security/benchmark/azure/
	 * mcsb-incident-response, quoted in MicrosoftDocs overview pages); the
	 * CIS Controls v8 ids of IR-4 and IR-7 were not confirmed from a
	 * Microsoft source and are left out.
	 */
	{ FW_MCSB_V1, "IR-1", "Preparation - update incident response plan and "
	  "handling process", { "17.4", "17.7" }, "Customer",
	  "Keep the incident response plan and handling process current for "
	  "the cloud, and test it." },
	{ FW_MCSB_V1, "IR-2", "Preparation - setup incident notification",
	  { "17.1", "17.3", "17.6" }, "Customer",
	  "Set up security contacts and alert notifications so the right "
	  "people hear about incidents." },
	{ FW_MCSB_V1, "IR-3", "Detection and analysis - create incidents based on "
	  "high-quality alerts", { "8.11" }, "Customer",
	  "Bring alerts from all sources into one incident system." },
	{ FW_MCSB_V1, "IR-4", "Detection and analysis - investigate an incident",
	  { NULL }, "Customer",
	  "Keep the alerts and incidents analysts need to investigate, in one "
	  "place and for long enough." },
	{ FW_MCSB_V1, "IR-5", "Detection and analysis - prioritize incidents",
	  { "17.4", "17.9" }, "Customer",
	  "Prioritise incidents by severity and by the sensitivity of the "
	  "affected resources." },
	{ FW_MCSB_V1, "IR-6", "Containment, eradication and recovery - automate "
	  "the incident handling", { "17.4", "17.9" }, "Customer",
	  "Automate repetitive response steps to shorten response time." },
	{ FW_MCSB_V1, "IR-7", "Post-incident activity - conduct lesson learned and "
	  "retain evidence", { NULL }, "Customer",
	  "Review each significant incident to improve the response, and keep "
	  "its evidence." },

	/*
	 * CIS Microsoft Azure Foundations Benchmark 2.1.0 (section 2.1).  The
	 * section itself stands for Defender plan findings that could not be
	 * read plan by plan.
	 */
	{ FW_CIS_AZURE_2_1_0, "2.1", "Microsoft Defender for Cloud", { NULL }, "Customer",
	  "Defender for Cloud plans and notifications are configured." },
	{ FW_CIS_AZURE_2_1_0, "2.1.1", "Ensure That Microsoft Defender for Servers Is "
	  "Set to 'On'", { NULL }, "Customer", "The Servers plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.2", "Ensure That Microsoft Defender for App "
	  "Services Is Set To 'On'", { NULL }, "Customer", "The App Service plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.3", "Ensure That Microsoft Defender for (Managed "
	  "Instance) Azure SQL Databases Is Set To 'On'", { NULL }, "Customer",
	  "The Azure SQL Databases plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.4", "Ensure That Microsoft Defender for SQL Servers "
	  "on Machines Is Set To 'On'", { NULL }, "Customer",
	  "The SQL servers on machines plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.5", "Ensure That Microsoft Defender for Open-Source "
	  "Relational Databases Is Set To 'On'", { NULL }, "Customer",
	  "The open-source relational databases plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.6", "Ensure That Microsoft Defender for Azure Cosmos "
	  "DB Is Set To 'On'", { NULL }, "Customer", "The Azure Cosmos DB plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.7", "Ensure That Microsoft Defender for Storage Is "
	  "Set To 'On'", { NULL }, "Customer", "The Storage plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.8", "Ensure That Microsoft Defender for Containers "
	  "Is Set To 'On'", { NULL }, "Customer", "The Containers plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.9", "Ensure That Microsoft Defender for Key Vault Is "
	  "Set To 'On'", { NULL }, "Customer", "The Key Vault plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.10", "[LEGACY] Ensure That Microsoft Defender for "
	  "DNS Is Set To 'On'", { NULL }, "Customer", "The DNS plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.11", "Ensure That Microsoft Defender for Resource "
	  "Manager Is Set To 'On'", { NULL }, "Customer",
	  "The Resource Manager plan is on." },
	{ FW_CIS_AZURE_2_1_0, "2.1.17", "Ensure That 'All users with the following "
	  "roles' is set to 'Owner'", { NULL }, "Customer",
	  "Defender for Cloud notifies subscription owners of security alerts." },
	{ FW_CIS_AZURE_2_1_0, "2.1.18", "Ensure 'Additional email addresses' is "
	  "Configured with a Security Contact Email", { NULL }, "Customer",
	  "A security contact e-mail address is configured." },
	{ FW_CIS_AZURE_2_1_0, "2.1.19", "Ensure That 'Notify about alerts with the "
	  "following severity' is Set to 'High'", { NULL }, "Customer",
	  "Alert e-mails are sent for High severity alerts (or a lower threshold)." },
	{ FW_CIS_AZURE_2_1_0, "2.1.20", "Ensure that Microsoft Defender for Cloud Apps "
	  "integration with Microsoft Defender for Cloud is Selected", { NULL }, "Customer",
	  "Defender for Cloud shares data with Microsoft Defender for Cloud Apps." },
	{ FW_CIS_AZURE_2_1_0, "2.1.21", "Ensure that Microsoft Defender for Endpoint "
	  "integration with Microsoft Defender for Cloud is selected", { NULL }, "Customer",
	  "Defender for Cloud deploys and uses Microsoft Defender for Endpoint." },

	/* CIS Microsoft Azure Foundations Benchmark 3.0.0 (section 3.1). */
	{ FW_CIS_AZURE_3_0_0, "3.1", "Microsoft Defender for Cloud", { NULL }, "Customer",
	  "Defender for Cloud plans and notifications are configured." },
	{ FW_CIS_AZURE_3_0_0, "3.1.1.2", "Ensure that Microsoft Defender for Cloud Apps "
	  "integration with Microsoft Defender for Cloud is Selected", { NULL }, "Customer",
	  "Defender for Cloud shares data with Microsoft Defender for Cloud Apps." },
	{ FW_CIS_AZURE_3_0_0, "3.1.3.1", "Ensure That Microsoft Defender for Servers "
	  "Is Set to 'On'", { NULL }, "Customer", "The Servers plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.3.3", "Ensure that 'Endpoint protection' component "
	  "status is set to 'On'", { NULL }, "Customer",
	  "Defender for Cloud deploys and uses Microsoft Defender for Endpoint." },
	{ FW_CIS_AZURE_3_0_0, "3.1.4.1", "Ensure That Microsoft Defender for "
	  "Containers Is Set To 'On'", { NULL }, "Customer", "The Containers plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.5.1", "Ensure That Microsoft Defender for Storage "
	  "Is Set To 'On'", { NULL }, "Customer", "The Storage plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.6.1", "Ensure That Microsoft Defender for App "
	  "Services Is Set To 'On'", { NULL }, "Customer", "The App Service plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.7.1", "Ensure That Microsoft Defender for Azure "
	  "Cosmos DB Is Set To 'On'", { NULL }, "Customer",
	  "The Azure Cosmos DB plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.7.2", "Ensure That Microsoft Defender for "
	  "Open-Source Relational Databases Is Set To 'On'", { NULL }, "Customer",
	  "The open-source relational databases plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.7.3", "Ensure That Microsoft Defender for (Managed "
	  "Instance) Azure SQL Databases Is Set To 'On'", { NULL }, "Customer",
	  "The Azure SQL Databases plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.7.4", "Ensure That Microsoft Defender for SQL "
	  "Servers on Machines Is Set To 'On'", { NULL }, "Customer",
	  "The SQL servers on machines plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.8.1", "Ensure That Microsoft Defender for Key Vault "
	  "Is Set To 'On'", { NULL }, "Customer", "The Key Vault plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.9.1", "Ensure That Microsoft Defender for Resource "
	  "Manager Is Set To 'On'", { NULL }, "Customer",
	  "The Resource Manager plan is on." },
	{ FW_CIS_AZURE_3_0_0, "3.1.12", "Ensure That 'All users with the following "
	  "roles' is set to 'Owner'", { NULL }, "Customer",
	  "Defender for Cloud notifies subscription owners of security alerts." },
	{ FW_CIS_AZURE_3_0_0, "3.1.13", "Ensure 'Additional email addresses' is "
	  "Configured with a Security Contact Email", { NULL }, "Customer",
	  "A security contact e-mail address is configured." },
	{ FW_CIS_AZURE_3_0_0, "3.1.14", "Ensure That 'Notify about alerts with the "
	  "following severity' is Set to 'High'", { NULL }, "Customer",
	  "Alert e-mails are sent for High severity alerts (or a lower threshold)." },
	{ FW_CIS_AZURE_3_0_0, "3.1.16", "[LEGACY] Ensure That Microsoft Defender for DNS "
	  "Is Set To 'On'", { NULL }, "Customer", "The DNS plan is on." },

	/*
	 * CIS Microsoft Azure Foundations Benchmark 4.0.0 (section 9.1),
	 * titles as in turbot/steampipe-mod-azure-compliance cis_v400/
	 * section_9.pp @14014a1e.  4.0.0 has no Defender for Cloud Apps item.
	 */
	{ FW_CIS_AZURE_4_0_0, "9.1", "Microsoft Defender for Cloud", { NULL }, "Customer",
	  "Defender for Cloud plans and notifications are configured." },
	{ FW_CIS_AZURE_4_0_0, "9.1.3.1", "Ensure that Defender for Servers is set to 'On'",
	  { NULL }, "Customer", "The Servers plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.3.3", "Ensure that 'Endpoint protection' component "
	  "status is set to 'On'", { NULL }, "Customer",
	  "Defender for Cloud deploys and uses Microsoft Defender for Endpoint." },
	{ FW_CIS_AZURE_4_0_0, "9.1.4.1", "Ensure That Microsoft Defender for Containers "
	  "Is Set To 'On'", { NULL }, "Customer", "The Containers plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.5.1", "Ensure That Microsoft Defender for Storage Is "
	  "Set To 'On'", { NULL }, "Customer", "The Storage plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.6.1", "Ensure That Microsoft Defender for App Services "
	  "Is Set To 'On'", { NULL }, "Customer", "The App Service plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.7.1", "Ensure That Microsoft Defender for Azure Cosmos "
	  "DB Is Set To 'On'", { NULL }, "Customer", "The Azure Cosmos DB plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.7.2", "Ensure That Microsoft Defender for Open-Source "
	  "Relational Databases Is Set To 'On'", { NULL }, "Customer",
	  "The open-source relational databases plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.7.3", "Ensure That Microsoft Defender for (Managed "
	  "Instance) Azure SQL Databases Is Set To 'On'", { NULL }, "Customer",
	  "The Azure SQL Databases plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.7.4", "Ensure That Microsoft Defender for SQL Servers "
	  "on Machines Is Set To 'On'", { NULL }, "Customer",
	  "The SQL servers on machines plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.8.1", "Ensure That Microsoft Defender for Key Vault Is "
	  "Set To 'On'", { NULL }, "Customer", "The Key Vault plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.9.1", "Ensure That Microsoft Defender for Resource "
	  "Manager Is Set To 'On'", { NULL }, "Customer",
	  "The Resource Manager plan is on." },
	{ FW_CIS_AZURE_4_0_0, "9.1.12", "Ensure That 'All users with the following roles' "
	  "is set to 'Owner'", { NULL }, "Customer",
	  "Defender for Cloud notifies subscription owners of security alerts." },
	{ FW_CIS_AZURE_4_0_0, "9.1.13", "Ensure 'Additional email addresses' is Configured "
	  "with a Security Contact Email", { NULL }, "Customer",
	  "A security contact e-mail address is configured." },
	{ FW_CIS_AZURE_4_0_0, "9.1.14", "Ensure that 'Notify about alerts with the "
	  "following severity (or higher)' is enabled", { NULL }, "Customer",
	  "Alert e-mails are sent for High severity alerts (or a lower threshold)." },
	{ FW_CIS_AZURE_4_0_0, "9.1.15", "Ensure that 'Notify about attack paths with the "
	  "following risk level (or higher)' is enabled", { NULL }, "Customer",
	  "E-mails are sent about attack paths at the chosen risk level or higher." },
	{ FW_CIS_AZURE_4_0_0, "9.1.17", "[LEGACY] Ensure That Microsoft Defender for DNS "
	  "Is Set To 'On'", { NULL }, "Customer", "The DNS plan is on." },
};

const struct control_info *control_lookup(enum framework fw, const char *id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(controls); i++)
		if (controls[i].fw == fw && !strcasecmp(controls[i].id, id))
			return &controls[i];
	return NULL;
}

/* Compare dotted ids piecewise: numbers numerically, the rest as text. */
int control_id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10);
			unsigned long y = strtoul(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
		} else {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			a++;
			b++;
		}
	}
	return (unsigned char)*a - (unsigned char)*b;
}
