/*
 * settings.h - Microsoft.Security/settings: the Defender for Cloud
 * switches that decide where alerts come from and go to, normalised.
 *
 * One entry per setting as the list answers (2022-05-01 and older):
 * WDATP (integration with Microsoft Defender for Endpoint), MCAS (with
 * Microsoft Defender for Cloud Apps), Sentinel (bi-directional alert
 * synchronisation, kind AlertSyncSettings) and others (WDATP_UNIFIED_
 * SOLUTION, WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW, WDATP_VNEXT).  Entries are
 * keyed by name, never by kind: the 2019-01-01 example writes the kind
 * "DataExportSetting", later ones "DataExportSettings"
 * (Azure/azure-rest-api-specs Microsoft.Security/stable/<version>/settings.json).
 */
#ifndef IRSCAN_SETTINGS_H
#define IRSCAN_SETTINGS_H

#include <cJSON.h>

#include "util/buf.h"

/* properties.enabled: 1 true, 0 false, -1 absent, -2 of another type. */
#define SETTING_ABSENT (-1)
#define SETTING_MALFORMED (-2)

struct security_setting {
	char *id;
	char *name;		/* as sent */
	char *kind;		/* as sent, or NULL */
	int enabled;
};

struct setting_list {
	struct security_setting *items;
	size_t n, alloc;
};

void *settings_new(void);
int settings_add_page(void *list, const cJSON *value, const char *api_version,
		      struct buf *err);
void settings_free(void *list);
/* The setting named `name` (case-insensitive), or NULL. */
const struct security_setting *settings_find(const struct setting_list *l,
					     const char *name);

#endif
