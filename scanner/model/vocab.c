/*
 * vocab.c - names of statuses, severities and frameworks.  Designated
 * initialisers plus a static assert on the count, never `map[e - 1]`,
 * so adding an enum value without a name fails the build.
 */
#include "model/vocab.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

static const char *const status_names[] = {
	[STATUS_UNSET] = "unset",
	[STATUS_PASS] = "pass",
	[STATUS_FAIL] = "fail",
	[STATUS_ERROR] = "error",
	[STATUS_MANUAL] = "manual",
	[STATUS_WAIVED] = "waived",
	[STATUS_NOT_APPLICABLE] = "not-applicable",
};
_Static_assert(ARRAY_SIZE(status_names) == STATUS__COUNT, "status names");

static const char *const severity_names[] = {
	[SEV_UNSET] = "unset",
	[SEV_LOW] = "low",
	[SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
	[SEV_CRITICAL] = "critical",
};
_Static_assert(ARRAY_SIZE(severity_names) == SEV__COUNT, "severity names");

static const char *const framework_names[] = {
	[FW_ASB_IR_2019] = "asb-ir-2019",
	[FW_ASB_V1] = "asb-v1",
	[FW_MCSB_V1] = "mcsb-v1",
	[FW_CIS_AZURE_2_1_0] = "cis-azure-2.1.0",
	[FW_CIS_AZURE_3_0_0] = "cis-azure-3.0.0",
	[FW_CIS_AZURE_4_0_0] = "cis-azure-4.0.0",
};
_Static_assert(ARRAY_SIZE(framework_names) == FW__COUNT, "framework names");

const char *status_name(enum status s)
{
	return (unsigned)s < STATUS__COUNT ? status_names[s] : "unset";
}

const char *severity_name(enum severity s)
{
	if (s == SEV_NEVER)
		return "never";
	return (unsigned)s < SEV__COUNT ? severity_names[s] : "unset";
}

int severity_parse(const char *s, enum severity *out)
{
	int i;

	if (!strcasecmp(s, "never")) {
		*out = SEV_NEVER;
		return 0;
	}
	for (i = SEV_LOW; i < SEV__COUNT; i++)
		if (!strcasecmp(s, severity_names[i])) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

const char *framework_name(enum framework f)
{
	return (unsigned)f < FW__COUNT ? framework_names[f] : "unknown";
}

int framework_parse(const char *s, enum framework *out)
{
	int i;

	for (i = 0; i < FW__COUNT; i++)
		if (!strcasecmp(s, framework_names[i])) {
			*out = (enum framework)i;
			return 0;
		}
	return -1;
}
