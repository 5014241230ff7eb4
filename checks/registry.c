/*
 * registry.c - the check catalogue, in catalogue order (SPEC §2).
 * list-checks, --checks, SARIF rules and JUnit names all come from this
 * table: adding a check is one file plus one line here.
 */
#include "check.h"

#include <strings.h>

extern const struct check check_security_contact_email;
extern const struct check check_security_contact_phone;
extern const struct check check_alert_notifications_high;
extern const struct check check_alert_notifications_owners;
extern const struct check check_attack_path_notifications;

const struct check *const check_registry[] = {
	&check_security_contact_email,
	&check_security_contact_phone,
	&check_alert_notifications_high,
	&check_alert_notifications_owners,
	&check_attack_path_notifications,
	NULL,
};

const struct check *check_find(const char *id)
{
	size_t i;

	for (i = 0; check_registry[i]; i++)
		if (!strcasecmp(check_registry[i]->id, id))
			return check_registry[i];
	return NULL;
}
