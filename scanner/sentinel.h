/*
 * sentinel.h - the answers read when looking for Microsoft Sentinel's
 * Defender for Cloud data connector: workspace lists, onboarding states
 * and data connectors (azure-arm/README.md §6).
 */
#ifndef IRSCAN_SENTINEL_H
#define IRSCAN_SENTINEL_H

#include <cJSON.h>

#include "buf.h"
#include "strvec.h"

struct sentinel_connector {
	char *id;
	char *subscription_id;	/* properties.subscriptionId */
	char *alerts_state;	/* properties.dataTypes.alerts.state */
};

/* Only connectors of kind AzureSecurityCenter are kept. */
struct connector_list {
	struct sentinel_connector *items;
	size_t n, alloc;
};

void *connectors_new(void);
int connectors_add_page(void *list, const cJSON *value, const char *api_version,
			struct buf *err);
void connectors_free(void *list);

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
