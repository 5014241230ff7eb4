/*
 * contacts.h - Microsoft.Security/securityContacts, normalised.
 *
 * Three API versions answer with three shapes (azure-arm/README.md §1):
 * 2017-08-01-preview (many contacts, one `email`, "On"/"Off" strings),
 * 2020-01-01-preview (`emails` string or array, alertNotifications
 * object) and 2023-12-01-preview (`isEnabled`, notificationsSources).
 * contacts_parse() reads any of them into one struct so the checks never
 * see JSON.  Unknown enum values are kept verbatim (raw strings), never
 * treated as errors, and never mistaken for a known good value.
 */
#ifndef IRSCAN_CONTACTS_H
#define IRSCAN_CONTACTS_H

#include <cJSON.h>

#include "model/vocab.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/strvec.h"

enum contact_shape { SHAPE_UNKNOWN = 0, SHAPE_2017, SHAPE_2020, SHAPE_2023 };

/* -1 absent, 0 off, 1 on; ON_OTHER when present but unrecognised. */
#define ON_UNSET (-1)
#define ON_OFF 0
#define ON_ON 1
#define ON_OTHER 2

/* Its strings and string vectors are in the list's pool: read-only. */
struct security_contact {
	const char *id;
	const char *name;
	enum contact_shape shape;
	struct strvec emails;	/* entries after splitting on ';' or ',', trimmed */
	const char *phone;	/* NULL when absent */
	unsigned emails_malformed : 1;	/* emails of a type not understood */
	unsigned phone_malformed : 1;	/* phone present but not a string */
	int enabled;		/* 2023 isEnabled: ON_* */
	int alerts;		/* 2017 alertNotifications, 2020 .state,
				   2023: ON_ON when an Alert source exists */
	enum level alert_min;	/* 2020 / 2023 minimal severity */
	const char *alert_min_raw;
	int admins;		/* 2017 alertsToAdmins: ON_* */
	int roles_state;	/* notificationsByRole.state: ON_* */
	struct strvec roles;
	int attack_path;	/* 2023: ON_ON when an AttackPath source exists */
	enum level attack_min;
	const char *attack_min_raw;
};

struct contact_list {
	struct security_contact *items;
	size_t n, alloc;
	struct pool strings;	/* every string of the items */
};

/*
 * Page by page, as collection reads them: contacts_new() makes an empty
 * list, contacts_add_page() appends the items of one page's `value`
 * array answered with api_version (items that are not objects are
 * skipped; -1 with a reason in err when `value` is not an array).
 */
void *contacts_new(void);
int contacts_add_page(void *list, const cJSON *value, const char *api_version,
		      struct buf *err);
/* Both at once, for a single page. */
int contacts_parse(const cJSON *value, const char *api_version,
		   struct contact_list **out, struct buf *err);
void contacts_free(void *list);

/* "On"/"Off" case-insensitively. */
int onoff_parse(const char *s);

#endif
