/*
 * sentinel.h - the answers read when looking for Microsoft Sentinel's
 * Defender for Cloud data connector: workspace lists, onboarding states
 * and data connectors (azure-arm/README.md §6).
 */
#ifndef IRSCAN_SENTINEL_H
#define IRSCAN_SENTINEL_H

#include <cJSON.h>
#include <time.h>

#include "util/buf.h"
#include "util/pool.h"
#include "util/strvec.h"

/*
 * The connectors that can bring Defender for Cloud alerts into Sentinel:
 * - AzureSecurityCenter, "Subscription-based Microsoft Defender for Cloud
 *   (Legacy)", one per subscription (properties.subscriptionId);
 * - MicrosoftThreatProtection, the Microsoft Defender XDR connector, which
 *   carries Defender XDR incidents and alerts of the whole tenant, those of
 *   Defender for Cloud among them once the tenant-based Defender for Cloud
 *   integration is on;
 * - MicrosoftDefenderForCloudTenantBased, "Tenant-based Microsoft Defender
 *   for Cloud", the connector Microsoft advises instead of the legacy one
 *   (Azure/Azure-Sentinel Solutions/Microsoft Defender for Cloud/Data
 *   Connectors/, MicrosoftDocs/azure-docs articles/sentinel/
 *   ingest-defender-for-cloud-incidents.md @07cef1b8).
 */
enum connector_kind {
	CONNECTOR_ASC = 1,
	CONNECTOR_XDR,
	CONNECTOR_MDC_TENANT,
};

/* Its strings are in the list's pool. */
struct sentinel_connector {
	const char *id;
	enum connector_kind kind;
	const char *kind_raw;	/* as sent */
	const char *subscription_id;	/* AzureSecurityCenter: properties.subscriptionId */
	const char *alerts_state;	/* properties.dataTypes.alerts.state */
	const char *incidents_state;	/* properties.dataTypes.incidents.state */
	const char *tenant_id;	/* properties.tenantId */
};

/* Only connectors of the three kinds above are kept. */
struct connector_list {
	struct sentinel_connector *items;
	size_t n, alloc;
	struct pool strings;	/* every string of the items */
};

void *connectors_new(void);
int connectors_add_page(void *list, const cJSON *value, const char *api_version,
			struct buf *err);
void connectors_free(void *list);

/*
 * Microsoft.SecurityInsights/automationRules (2024-03-01 and later):
 * what runs when incidents or alerts arrive.  Conditions are kept as
 * sent; checks decide what they let through.  A rule's strings, its
 * conditions and theirs are in the list's pool: read-only.
 */
struct sentinel_condition {
	const char *type;	/* conditionType: Property, PropertyChanged, ... */
	const char *property;	/* conditionProperties.propertyName */
	const char *op;		/* conditionProperties.operator */
	struct strvec values;	/* conditionProperties.propertyValues */
};

struct sentinel_auto_rule {
	const char *id;
	const char *name;	/* displayName, else name */
	int enabled;		/* triggeringLogic.isEnabled: 1, 0, -1 unreadable */
	const char *triggers_on;	/* Incidents, Alerts */
	const char *triggers_when;	/* Created, Updated */
	const char *expiration_raw;	/* triggeringLogic.expirationTimeUtc, or NULL */
	time_t expiration;	/* parsed, or (time_t)-1 */
	const char *playbook;	/* the first RunPlaybook action's logicAppResourceId */
	struct sentinel_condition *conditions;
	size_t n_conditions;
	unsigned malformed : 1;	/* conditions or actions of the wrong shape */
};

struct auto_rule_list {
	struct sentinel_auto_rule *items;
	size_t n, alloc;
	struct pool strings;	/* the rules' strings and conditions */
};

void *auto_rules_new(void);
int auto_rules_add_page(void *list, const cJSON *value, const char *api_version,
			struct buf *err);
void auto_rules_free(void *list);

/* Workspace ids of a workspace list (a struct strvec). */
void *workspace_ids_new(void);
int workspace_ids_add_page(void *ids, const cJSON *value, const char *api_version,
			   struct buf *err);
void workspace_ids_free(void *ids);

/* Onboarding states: only their number matters (0 = not Sentinel). */
void *onboarding_new(void);
int onboarding_add_page(void *count, const cJSON *value, const char *api_version,
			struct buf *err);
void onboarding_free(void *count);

#endif
