/*
 * test_arm.c - unit tests of arm/arm.c.
 */
#include "t.h"
#include "arm/arm.h"
#include "model/resid.h"
#include "util/buf.h"

#include <stdlib.h>

void test_arm__error_bodies(void)
{
	static const struct {
		const char *body;
		const char *code, *message;
	} cases[] = {
		{ "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}", "AuthorizationFailed", "no" },
		{ "{\"Code\":\"Pascal\",\"Message\":\"case\"}", "Pascal", "case" },
		{ "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS\"}", "invalid_client", "AADSTS" },
		{ "{\"error\":{\"code\":7}}", NULL, NULL },
		/* A message without a code is kept (and not leaked: fuzz corpus). */
		{ "{\"message\":\"top level\"}", NULL, "top level" },
		{ "{\"message\":\"m\",\"error\":\"e\"}", "e", NULL },
		{ "not json", NULL, NULL },
		{ "", NULL, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *code, *message;

		arm_parse_error(cases[i].body, strlen(cases[i].body), &code, &message);
		T_EQ_STR(cases[i].body, cases[i].code, code);
		T_EQ_STR(cases[i].body, cases[i].message, message);
		free(code);
		free(message);
	}
	T_ASSERT(arm_is_version_error(400, "NoRegisteredProviderFound"));
	T_ASSERT(arm_is_version_error(400, "invalidapiversionparameter"));
	T_ASSERT(!arm_is_version_error(404, "NoRegisteredProviderFound"));
	T_ASSERT(!arm_is_version_error(400, "BadRequest"));
}

void test_arm__resource_ids(void)
{
	static const struct {
		const char *id, *type;
		int ok;
	} cases[] = {
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 1 },
		{ "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.logic/WORKFLOWS/la", "Microsoft.Logic/workflows", 1 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/h", "Microsoft.EventHub/namespaces/eventhubs", 1 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns", "Microsoft.EventHub/namespaces/eventhubs", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.OperationalInsights/workspaces", 0 },
		{ "https://evil.example.com/subscriptions/x", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la?x=1", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/../providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg//providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la b", "Microsoft.Logic/workflows", 0 },
		{ "", "Microsoft.Logic/workflows", 0 },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (arm_id_is(cases[i].id, cases[i].type) != cases[i].ok)
			T_FAIL("arm_id_is('%s', '%s'): expected %d", cases[i].id,
			       cases[i].type, cases[i].ok);
	resid_add_path(&b, "/subscriptions/x/resourceGroups/r\xc3\xa9s (1)/a%b");
	T_EQ_STR("path encoding", "/subscriptions/x/resourceGroups/r%C3%A9s%20(1)/a%25b", b.buf);
	buf_release(&b);
}
