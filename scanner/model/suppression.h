/*
 * suppression.h - Microsoft.Security/alertsSuppressionRules (2019-01-01-
 * preview), normalised: rules that dismiss alerts of a type as they are
 * raised, so nobody sees them.
 *
 * Fields (Azure/azure-rest-api-specs Microsoft.Security/preview/
 * 2019-01-01-preview/alertsSuppressionRules.json): alertType ("For all
 * alert types, use '*'"), state (Enabled, Disabled, Expired),
 * expirationDateUtc ("if value is not provided or provided as null this
 * field will default to the maximum allowed expiration date"), reason,
 * comment, and suppressionAlertsScope.allOf ("All the conditions inside
 * need to be true in order to suppress the alert").  Azure answers the
 * date as expirationDateUTC: keys are read case-insensitively.
 */
#ifndef IRSCAN_SUPPRESSION_H
#define IRSCAN_SUPPRESSION_H

#include <cJSON.h>
#include <time.h>

#include "util/buf.h"

struct suppression_rule {
	char *id;
	char *name;
	char *alert_type;	/* NULL when absent */
	char *state;		/* NULL when absent */
	char *reason;
	char *comment;
	char *expiration_raw;	/* as sent, or NULL */
	time_t expiration;	/* parsed, or (time_t)-1 */
	char *scope;		/* the conditions described, or NULL: none */
	unsigned malformed : 1;	/* a field of the wrong type */
};

struct suppression_list {
	struct suppression_rule *items;
	size_t n, alloc;
};

void *suppression_new(void);
int suppression_add_page(void *list, const cJSON *value, const char *api_version,
			 struct buf *err);
void suppression_free(void *list);

#endif
