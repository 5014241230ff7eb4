/*
 * fuzz_arm_page.c - one ARM list page, as a response body, through the
 * page parser of one resource kind, then the checks over the result.
 * Built once per kind (-DFUZZ_KIND='"contacts"', a name in kinds[]).
 *
 * The body passes the gate of arm.c first (a JSON object with a `value`
 * array of objects): the parsers never see anything else.  Each page is
 * parsed with every api-version collection may ask for and with none (the
 * parsers accept NULL), and for the kinds read through Resource Graph row
 * by row as rg_batch.c's rows_cb hands rows over; it is added twice, as
 * a second page would be.  The parsed data then goes where collection
 * puts it (a subscription's dataset, the targets of automations, the
 * workspaces of the Sentinel search) and every check runs on it.
 */
#include "fuzz.h"
#include "model/alerts.h"
#include "arm/arm.h"
#include "model/automations.h"
#include "collect/collect_int.h"
#include "model/contacts.h"
#include "util/json.h"
#include "model/pricings.h"
#include "model/sentinel.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

#define SUB_ID "00000000-0000-0000-0000-000000000001"
#define NOT_NEED (-1)

static const char *const insights_versions[] = {
	"2025-09-01", "2024-03-01", "2021-10-01", NULL,
};

static const struct page_kind {
	const char *name;
	int need;		/* the dataset it fills, or NOT_NEED */
	void *(*new_data)(void);
	int (*add_page)(void *data, const cJSON *value, const char *api_version,
			struct buf *err);
	void (*free_data)(void *);
	const char *const *versions;	/* NULL: collect_kinds[need]'s */
	int rg;			/* also read through Resource Graph (rg_batch.c) */
} kinds[] = {
	{ "contacts", NEED_SECURITY_CONTACTS, NULL, NULL, NULL, NULL, 0 },
	{ "pricings", NEED_PRICINGS, NULL, NULL, NULL, NULL, 1 },
	{ "alerts", NEED_ALERTS, NULL, NULL, NULL, NULL, 1 },
	{ "automations", NEED_AUTOMATIONS, NULL, NULL, NULL, NULL, 1 },
	{ "workspaces", NEED_WORKSPACES, NULL, NULL, NULL, NULL, 0 },
	{ "onboarding", NOT_NEED, onboarding_new, onboarding_add_page, onboarding_free,
	  insights_versions, 0 },
	{ "connectors", NOT_NEED, connectors_new, connectors_add_page, connectors_free,
	  insights_versions, 0 },
	{ "settings", NEED_SETTINGS, NULL, NULL, NULL, NULL, 0 },
	{ "suppression", NEED_SUPPRESSION, NULL, NULL, NULL, NULL, 0 },
	{ "rules", NOT_NEED, auto_rules_new, auto_rules_add_page, auto_rules_free,
	  insights_versions, 0 },
};

#ifndef FUZZ_KIND
#error "build with -DFUZZ_KIND='\"<name in kinds[]>\"'"
#endif
static const struct page_kind *kind;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct page_kind k;
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; strcmp(kinds[i].name, FUZZ_KIND); i++)
		if (i + 1 == sizeof(kinds) / sizeof(kinds[0]))
			fuzz_fail(__FILE__, __LINE__, "kind", "no page kind '%s'", FUZZ_KIND);
	k = kinds[i];
	if (k.need != NOT_NEED) {
		k.new_data = collect_kinds[k.need].new_data;
		k.add_page = collect_kinds[k.need].add_page;
		k.free_data = collect_kinds[k.need].free_data;
		k.versions = collect_kinds[k.need].api_versions;
	}
	kind = &k;
	return 0;
}

/* What targets.c's want_target() does for each alert automation's action. */
static void add_targets(struct snapshot *snap, const struct automation_list *l)
{
	static const char *const types[] = {
		[TARGET_WORKSPACE] = "Microsoft.OperationalInsights/workspaces",
		[TARGET_EVENT_HUB] = "Microsoft.EventHub/namespaces/eventhubs",
		[TARGET_LOGIC_APP] = "Microsoft.Logic/workflows",
	};
	size_t i, j;

	for (i = 0; i < l->n; i++)
		for (j = 0; j < l->items[i].n_actions; j++) {
			const struct automation_action *x = &l->items[i].actions[j];
			enum target_kind k = x->type == ACTION_WORKSPACE ? TARGET_WORKSPACE :
					     x->type == ACTION_EVENT_HUB ? TARGET_EVENT_HUB :
					     TARGET_LOGIC_APP;
			struct target *t;

			if (!x->target || snapshot_target(snap, x->target))
				continue;
			t = snapshot_add_target(snap, x->target, k);
			t->id_valid = arm_id_is(x->target, types[k]);
			if (!t->id_valid)
				continue;
			/* Alternately there and gone, so both verdicts are reached. */
			if (snap->n_targets % 2) {
				t->ds.state = DATA_OK;
				t->state = xstrdup(snap->n_targets % 4 == 1 ? "Enabled" : "Disabled");
				t->provisioning_state = xstrdup("Succeeded");
			} else {
				dataset_fail(&t->ds, 404, "ResourceNotFound", "gone", NULL, NULL);
			}
		}
}

/* What sentinel_ws.c does with each workspace id listed. */
static void add_workspaces(struct snapshot *snap, const struct strvec *ids)
{
	size_t i;

	for (i = 0; i < ids->n; i++) {
		struct sentinel_workspace *w;

		if (snapshot_workspace(snap, ids->v[i]))
			continue;
		w = snapshot_add_workspace(snap, ids->v[i]);
		if (!arm_id_is(ids->v[i], "Microsoft.OperationalInsights/workspaces"))
			dataset_fail(&w->onboarding, 0, "InvalidResourceId",
				     "not a Log Analytics workspace resource id", NULL, NULL);
		else
			dataset_fail(&w->onboarding, 403, "AuthorizationFailed", "denied",
				     NULL, NULL);
	}
}

/* Put data where collection would and run the checks; data is taken. */
static void evaluate(void *data)
{
	struct snapshot snap;
	struct sub_snapshot *sub;
	struct sentinel_workspace *w;
	int n;

	snapshot_init(&snap);
	sub = snapshot_sub(&snap, SUB_ID);
	sub->info.state = DATA_OK;
	for (n = 0; n < NEED__COUNT; n++) {
		struct dataset *d = &sub->sets[n];

		if (n == kind->need) {
			d->state = DATA_OK;
			d->data = data;
			d->free_data = kind->free_data;
		} else {
			dataset_fail(d, 403, "AuthorizationFailed", "denied",
				     "https://management.azure.com/subscriptions/" SUB_ID, NULL);
		}
	}
	if (kind->need == NEED_AUTOMATIONS)
		add_targets(&snap, data);
	if (kind->need == NEED_WORKSPACES)
		add_workspaces(&snap, data);
	if (kind->add_page == connectors_add_page || kind->add_page == auto_rules_add_page) {
		struct dataset *d;

		snap.sentinel_searched = 1;
		w = snapshot_add_workspace(&snap, "/subscriptions/" SUB_ID "/resourceGroups/rg/"
					   "providers/Microsoft.OperationalInsights/workspaces/w");
		w->onboarded = 1;
		w->onboarding.state = DATA_OK;
		d = kind->add_page == connectors_add_page ? &w->connectors : &w->rules;
		d->state = DATA_OK;
		d->data = data;
		d->free_data = kind->free_data;
		/* Rules count only behind a connector that takes the alerts. */
		if (d == &w->rules) {
			struct connector_list *l = connectors_new();

			l->items = xcalloc(1, sizeof(*l->items));
			l->items[0].kind = CONNECTOR_ASC;
			l->items[0].kind_raw = "AzureSecurityCenter";
			l->items[0].subscription_id = SUB_ID;
			l->items[0].alerts_state = "Enabled";
			l->n = l->alloc = 1;
			w->connectors.state = DATA_OK;
			w->connectors.data = l;
			w->connectors.free_data = connectors_free;
		}
	} else if (kind->need == NOT_NEED) {
		kind->free_data(data);
	}
	fuzz_eval_checks(&snap);
	snapshot_release(&snap);
}

/* Resource Graph: each row on its own, as rg_batch.c's rows_cb. */
static int add_rows(void *data, const cJSON *value, struct buf *err)
{
	const cJSON *row;
	int rc = 0;

	cJSON_ArrayForEach(row, value) {
		cJSON *one = cJSON_CreateArray();

		if (!one || !cJSON_AddItemToArray(one, cJSON_Duplicate(row, 1)))
			abort();
		rc = kind->add_page(data, one, "resourcegraph", err);
		cJSON_Delete(one);
		if (rc)
			break;
	}
	return rc;
}

static void parse_page(const cJSON *value, const char *version, int rows)
{
	void *data = kind->new_data();
	struct buf err = BUF_INIT;
	int rc;

	if (rows) {
		rc = add_rows(data, value, &err);
	} else {
		rc = kind->add_page(data, value, version, &err);
		if (!rc)
			rc = kind->add_page(data, value, version, &err);
	}
	/* A refusal says why (arm.c makes it the error message). */
	FUZZ_CHECK(!rc || err.len, "%s: page refused without a reason", kind->name);
	buf_release(&err);
	if (rc)
		kind->free_data(data);
	else
		evaluate(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *root = json_parse((const char *)data, size);
	const cJSON *value = cJSON_GetObjectItem(root, "value"), *it;
	size_t i;

	/* arm.c's handle_list_page(): an object with a `value` array of objects. */
	if (!cJSON_IsObject(root) || !cJSON_IsArray(value))
		goto out;
	cJSON_ArrayForEach(it, value)
		if (!cJSON_IsObject(it))
			goto out;
	for (i = 0; kind->versions[i]; i++)
		parse_page(value, kind->versions[i], 0);
	parse_page(value, NULL, 0);
	if (kind->rg)
		parse_page(value, NULL, 1);
out:
	cJSON_Delete(root);
	return 0;
}
