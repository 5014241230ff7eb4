/*
 * test_rulesets.c - automation rule sets: what they provably let
 * through (every High alert?), the severities reported, the filters
 * named, and malformed rule sets, one row per case.
 */
#include "t.h"
#include "model/automations.h"
#include "util/json.h"

#include <stdlib.h>

/* One enabled automation exporting one `source` whose ruleSets is `sets` (JSON). */
static struct automation_list *one_source(const char *source, const char *sets)
{
	struct buf body = BUF_INIT, err = BUF_INIT;
	struct automation_list *l = automations_new();
	cJSON *root;

	buf_addf(&body, "{\"value\": [{\"id\": \"/subscriptions/s/resourceGroups/r/providers/"
		 "Microsoft.Security/automations/a\", \"name\": \"a\", \"properties\": "
		 "{\"isEnabled\": true, \"scopes\": [{\"scopePath\": \"/subscriptions/s\"}], "
		 "\"sources\": [{\"eventSource\": \"%s\"%s%s}], \"actions\": "
		 "[{\"actionType\": \"Workspace\", \"workspaceResourceId\": \"/x\"}]}}]}",
		 source, sets ? ", \"ruleSets\": " : "", sets ? sets : "");
	root = json_parse(body.buf, body.len);
	if (!root || automations_add_page(l, cJSON_GetObjectItem(root, "value"), "test", &err))
		T_FAIL("cannot read %s", body.buf);
	cJSON_Delete(root);
	buf_release(&body);
	buf_release(&err);
	return l;
}

/* One automation with an Alerts source. */
static struct automation_list *one(const char *sets)
{
	return one_source("Alerts", sets);
}

#define SEV_RULE(v) "{\"propertyJPath\": \"Severity\", \"propertyType\": " \
	"\"string\", \"expectedValue\": \"" v "\", \"operator\": \"Equals\"}"
#define SEV(v) "{\"rules\": [" SEV_RULE(v) "]}"

static const struct {
	const char *what, *sets;
	enum admit high;
	const char *severities;	/* automation_severities() */
	const char *why;	/* part of the reason when not proven */
} rows[] = {
	{ "no ruleSets member", NULL, ADMIT_PROVEN, "High, Medium, Low, Informational", "" },
	{ "ruleSets null", "null", ADMIT_PROVEN, "High, Medium, Low, Informational", "" },
	{ "ruleSets empty", "[]", ADMIT_PROVEN, "High, Medium, Low, Informational", "" },
	/* As the portal and Azure Policy write them: a set per severity. */
	{ "portal high, medium, low", "[" SEV("high") "," SEV("medium") "," SEV("low") "]",
	  ADMIT_PROVEN, "High, Medium, Low", "" },
	{ "low only", "[" SEV("low") "]", ADMIT_NOT_PROVEN, "Low",
	  "first stopped by Severity Equals 'low'" },
	{ "high and medium", "[" SEV("high") "," SEV("medium") "]", ADMIT_PROVEN,
	  "High, Medium", "" },
	{ "mixed case", "[" SEV("HiGh") "]", ADMIT_PROVEN, "High", "" },
	{ "medium and low", "[" SEV("Medium") "," SEV("LOW") "]", ADMIT_NOT_PROVEN,
	  "Medium, Low", "stopped by Severity Equals 'Medium'" },
	{ "alert type filter",
	  "[{\"rules\": [{\"propertyJPath\": \"AlertType\", \"propertyType\": \"String\", "
	  "\"expectedValue\": \"VM_\", \"operator\": \"StartsWith\"}]}]",
	  ADMIT_NOT_PROVEN, "none", "filter on AlertType StartsWith 'VM_'" },
	{ "severity AND display name (quickstart template shape)",
	  "[{\"rules\": [{\"propertyJPath\": \"AlertDisplayName\", \"propertyType\": "
	  "\"String\", \"expectedValue\": \"Virtual Machine\", \"operator\": \"Contains\"}, "
	  "{\"propertyJPath\": \"Severity\", \"propertyType\": \"String\", \"expectedValue\": "
	  "\"high\", \"operator\": \"Equals\"}]}]",
	  ADMIT_NOT_PROVEN, "none", "AlertDisplayName Contains 'Virtual Machine'" },
	{ "a filtered set OR a plain severity set",
	  "[{\"rules\": [{\"propertyJPath\": \"AlertType\", \"propertyType\": \"String\", "
	  "\"expectedValue\": \"VM_\", \"operator\": \"StartsWith\"}]}," SEV("high") "]",
	  ADMIT_PROVEN, "High", "" },
	{ "NotEquals low",
	  "[{\"rules\": [{\"propertyJPath\": \"severity\", \"propertyType\": \"String\", "
	  "\"expectedValue\": \"Low\", \"operator\": \"NotEquals\"}]}]",
	  ADMIT_PROVEN, "High, Medium, Informational", "" },
	{ "Contains igh",
	  "[{\"rules\": [{\"propertyJPath\": \"Severity\", \"propertyType\": \"String\", "
	  "\"expectedValue\": \"IGH\", \"operator\": \"Contains\"}]}]",
	  ADMIT_PROVEN, "High", "" },
	{ "severity compared as a number",
	  "[{\"rules\": [{\"propertyJPath\": \"Severity\", \"propertyType\": \"Integer\", "
	  "\"expectedValue\": \"3\", \"operator\": \"GreaterThan\"}]}]",
	  ADMIT_NOT_PROVEN, "none", "Severity GreaterThan '3'" },
	{ "an unknown operator",
	  "[{\"rules\": [{\"propertyJPath\": \"Severity\", \"propertyType\": \"String\", "
	  "\"expectedValue\": \"High\", \"operator\": \"Matches\"}]}]",
	  ADMIT_NOT_PROVEN, "none", "Severity Matches 'High'" },
	{ "an empty rule set takes everything", "[{\"rules\": []}]", ADMIT_PROVEN,
	  "High, Medium, Low, Informational", "" },
	{ "ruleSets not an array", "{\"rules\": []}", ADMIT_UNREADABLE, "none",
	  "ruleSets is not an array" },
	{ "a set without rules", "[{\"x\": 1}]", ADMIT_UNREADABLE, "none",
	  "ruleSets[0] has no 'rules' array" },
	{ "a rule without operator",
	  "[{\"rules\": [{\"propertyJPath\": \"Severity\", \"expectedValue\": \"high\"}]}]",
	  ADMIT_UNREADABLE, "none", "ruleSets[0].rules[0] lacks" },
	{ "a rule with a numeric expectedValue",
	  "[{\"rules\": [{\"propertyJPath\": \"Severity\", \"expectedValue\": 3, "
	  "\"operator\": \"Equals\"}]}]",
	  ADMIT_UNREADABLE, "none", "lacks a propertyJPath, expectedValue or operator" },
};

void test_rulesets__alert_rows(void)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct automation_list *l = one(rows[i].sets);
		struct buf why = BUF_INIT, sev = BUF_INIT;
		enum admit got;

		if (l->n != 1) {
			T_FAIL("%s: no automation read", rows[i].what);
			automations_free(l);
			continue;
		}
		got = automation_admits_high(&l->items[0], STREAM_ALERTS, &why);
		T_EQ_INT(rows[i].what, rows[i].high, got);
		T_CONTAINS(rows[i].what, why.buf, rows[i].why);
		automation_severities(&l->items[0], STREAM_ALERTS, &sev);
		T_EQ_STR(rows[i].what, rows[i].severities, sev.buf);
		T_EQ_INT(rows[i].what, rows[i].high == ADMIT_PROVEN,
			 automation_whole(&l->items[0], STREAM_ALERTS, "s"));
		buf_release(&why);
		buf_release(&sev);
		automations_free(l);
	}
}

/* Other filters are named once each, whatever the set they sit in. */
void test_rulesets__other_filters_named_once(void)
{
	struct automation_list *l = one(
		"[{\"rules\": [{\"propertyJPath\": \"AlertType\", \"propertyType\": \"String\", "
		"\"expectedValue\": \"VM_\", \"operator\": \"StartsWith\"}," SEV_RULE("high") "]},"
		"{\"rules\": [{\"propertyJPath\": \"AlertType\", \"propertyType\": \"String\", "
		"\"expectedValue\": \"VM_\", \"operator\": \"StartsWith\"}," SEV_RULE("medium") "]},"
		"{\"rules\": [{\"propertyJPath\": \"CompromisedEntity\", \"propertyType\": "
		"\"String\", \"expectedValue\": \"prod\", \"operator\": \"Contains\"}]}]");
	struct buf b = BUF_INIT;

	T_EQ_INT("filters", 2, automation_other_filters(&l->items[0], STREAM_ALERTS, &b));
	T_EQ_STR("filters", "AlertType StartsWith 'VM_', CompromisedEntity Contains 'prod'",
		 b.buf);
	buf_release(&b);
	automations_free(l);
}

/* An automation narrower than the subscription never counts. */
void test_rulesets__scope_must_cover_subscription(void)
{
	struct automation_list *l = one(NULL);

	T_EQ_INT("own subscription", 1, automation_whole(&l->items[0], STREAM_ALERTS, "s"));
	T_EQ_INT("another subscription", 0, automation_whole(&l->items[0], STREAM_ALERTS, "t"));
	automations_free(l);
}

#define REC_RULE(path, op, v) "{\"propertyJPath\": \"" path "\", \"propertyType\": \"String\", " \
	"\"expectedValue\": \"" v "\", \"operator\": \"" op "\"}"
/* As the built-in export policy writes a recommendation rule set. */
#define REC_POLICY(sev) "{\"rules\": [" REC_RULE("type", "Contains", "Microsoft.Security/assessments") \
	", " REC_RULE("properties.metadata.severity", "Equals", sev) "]}"

/* Recommendations: every unhealthy High severity one must provably pass. */
void test_rulesets__recommendation_rows(void)
{
	static const struct {
		const char *what, *source, *sets;
		int whole, snapshot_whole;
		const char *severities;
	} recs[] = {
		{ "no rule sets", "Assessments", NULL, 1, 0, "High, Medium, Low" },
		{ "the policy's sets, every severity", "Assessments",
		  "[" REC_POLICY("High") "," REC_POLICY("Medium") "," REC_POLICY("Low") "]", 1, 0,
		  "High, Medium, Low" },
		{ "the policy's sets, Medium and Low only", "Assessments",
		  "[" REC_POLICY("Medium") "," REC_POLICY("Low") "]", 0, 0, "Medium, Low" },
		{ "unhealthy only", "Assessments",
		  "[{\"rules\": [" REC_RULE("properties.status.code", "Equals", "Unhealthy") "]}]",
		  1, 0, "High, Medium, Low" },
		{ "healthy only", "Assessments",
		  "[{\"rules\": [" REC_RULE("properties.status.code", "Equals", "Healthy") "]}]",
		  0, 0, "none" },
		{ "one recommendation by name", "Assessments",
		  "[{\"rules\": [" REC_RULE("name", "Contains", "a27e854a") "]}]", 0, 0, "none" },
		{ "the weekly snapshot only", "AssessmentsSnapshot", NULL, 0, 1, "none" },
	};
	size_t i;

	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		struct automation_list *l = one_source(recs[i].source, recs[i].sets);
		struct buf sev = BUF_INIT;

		T_EQ_INT(recs[i].what, recs[i].whole,
			 automation_whole(&l->items[0], STREAM_RECOMMENDATIONS, "s"));
		T_EQ_INT(recs[i].what, recs[i].snapshot_whole,
			 automation_whole(&l->items[0], STREAM_RECOMMENDATION_SNAPSHOTS, "s"));
		T_EQ_INT(recs[i].what, 0, automation_whole(&l->items[0], STREAM_ALERTS, "s"));
		automation_severities(&l->items[0], STREAM_RECOMMENDATIONS, &sev);
		T_EQ_STR(recs[i].what, recs[i].severities, sev.buf);
		T_EQ_INT(recs[i].what, 1, automation_exports_any(&l->items[0]));
		buf_release(&sev);
		automations_free(l);
	}
}
