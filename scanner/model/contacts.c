/*
 * contacts.c - read securityContacts of any API version, see contacts.h.
 *
 * The shape is taken from the api-version that answered, because the
 * same property name means different things across versions (2017's
 * `alertNotifications` is a string, 2020's an object).  When the version
 * is not one we know (a bundle from elsewhere), the content decides.
 */
#include "model/contacts.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

enum level level_parse(const char *s)
{
	if (!s)
		return LEVEL_UNSET;
	if (!strcasecmp(s, "Low"))
		return LEVEL_LOW;
	if (!strcasecmp(s, "Medium"))
		return LEVEL_MEDIUM;
	if (!strcasecmp(s, "High"))
		return LEVEL_HIGH;
	if (!strcasecmp(s, "Critical"))
		return LEVEL_CRITICAL;
	return LEVEL_OTHER;
}

const char *level_name(enum level l)
{
	switch (l) {
	case LEVEL_LOW: return "Low";
	case LEVEL_MEDIUM: return "Medium";
	case LEVEL_HIGH: return "High";
	case LEVEL_CRITICAL: return "Critical";
	case LEVEL_OTHER: return "unrecognised";
	case LEVEL_UNSET: break;
	}
	return "unset";
}

int onoff_parse(const char *s)
{
	if (!s)
		return ON_UNSET;
	if (!strcasecmp(s, "On"))
		return ON_ON;
	if (!strcasecmp(s, "Off"))
		return ON_OFF;
	return ON_OTHER;
}

static enum contact_shape shape_of(const char *api_version, const cJSON *props)
{
	const cJSON *an;

	if (api_version) {
		if (!strcasecmp(api_version, "2017-08-01-preview"))
			return SHAPE_2017;
		if (!strcasecmp(api_version, "2020-01-01-preview"))
			return SHAPE_2020;
		if (!strcasecmp(api_version, "2023-12-01-preview"))
			return SHAPE_2023;
	}
	if (json_get(props, "notificationsSources") || json_get(props, "isEnabled"))
		return SHAPE_2023;
	an = json_get(props, "alertNotifications");
	if (cJSON_IsObject(an))
		return SHAPE_2020;
	if (cJSON_IsString(an) || json_get(props, "alertsToAdmins"))
		return SHAPE_2017;
	return SHAPE_UNKNOWN;
}

/*
 * `emails` may be a separated string or (seen in examples) an array.
 * The API's examples and the original specification separate addresses
 * with ';' ("Emails will be provided as string, separated by delimiter
 * ;", Azure/azure-rest-api-specs PR 8493), the portal asks for "email
 * addresses separated by commas" (MicrosoftDocs/azure-docs articles/
 * defender-for-cloud/configure-email-notifications.md @0aa2b14a): both
 * are separators, blanks around an address are trimmed.
 */
#define EMAIL_SEPARATORS ";,"
static void read_emails(struct security_contact *c, const cJSON *props)
{
	const cJSON *v = json_get(props, "emails"), *it;

	if (!v)
		v = json_get(props, "email");
	if (cJSON_IsString(v)) {
		strvec_split_any(&c->emails, v->valuestring, EMAIL_SEPARATORS);
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v) {
			if (cJSON_IsString(it))
				strvec_split_any(&c->emails, it->valuestring, EMAIL_SEPARATORS);
			else
				c->emails_malformed = 1;
		}
	} else if (v && !cJSON_IsNull(v)) {
		c->emails_malformed = 1;
	}
}

static void read_roles(struct security_contact *c, const cJSON *props)
{
	const cJSON *nbr = json_obj(props, "notificationsByRole");
	const cJSON *roles = json_arr(nbr, "roles"), *it;

	c->roles_state = onoff_parse(json_str(nbr, "state"));
	cJSON_ArrayForEach(it, roles)
		if (cJSON_IsString(it))
			strvec_push(&c->roles, it->valuestring);
}

static void read_sources(struct security_contact *c, struct pool *strings,
			 const cJSON *props)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, json_arr(props, "notificationsSources")) {
		const char *type = json_str(it, "sourceType");
		const char *lvl;

		if (!type)
			continue;
		if (!strcasecmp(type, "Alert") && c->alerts != ON_ON) {
			lvl = json_str(it, "minimalSeverity");
			c->alerts = ON_ON;
			c->alert_min = level_parse(lvl);
			c->alert_min_raw = pool_strdup_or_null(strings, lvl);
		} else if (!strcasecmp(type, "AttackPath") && c->attack_path != ON_ON) {
			lvl = json_str(it, "minimalRiskLevel");
			c->attack_path = ON_ON;
			c->attack_min = level_parse(lvl);
			c->attack_min_raw = pool_strdup_or_null(strings, lvl);
		}
	}
	/* A 2023 contact without such a source does not send that mail. */
	if (c->alerts == ON_UNSET)
		c->alerts = ON_OFF;
	if (c->attack_path == ON_UNSET)
		c->attack_path = ON_OFF;
}

/* Read one contact into c, its strings into the list's pool. */
static void read_contact(struct security_contact *c, struct pool *strings,
			 const cJSON *item, const char *api_version)
{
	const cJSON *props = json_obj(item, "properties");
	const cJSON *an;
	const char *s = json_str(props, "phone");

	*c = (struct security_contact){
		.id = pool_strdup_or_null(strings, json_str(item, "id")),
		.name = pool_strdup_or_null(strings, json_str(item, "name")),
		.shape = shape_of(api_version, props),
		.emails = STRVEC_INIT,
		.phone = pool_strdup_or_null(strings, s),
		.phone_malformed = !s && json_get(props, "phone") &&
				   !cJSON_IsNull(json_get(props, "phone")),
		.enabled = ON_UNSET,
		.alerts = ON_UNSET,
		.admins = ON_UNSET,
		.roles_state = ON_UNSET,
		.roles = STRVEC_INIT,
		.attack_path = ON_UNSET,
	};
	read_emails(c, props);
	switch (c->shape) {
	case SHAPE_2017:
		c->alerts = onoff_parse(json_str(props, "alertNotifications"));
		c->admins = onoff_parse(json_str(props, "alertsToAdmins"));
		break;
	case SHAPE_2020:
		an = json_obj(props, "alertNotifications");
		c->alerts = onoff_parse(json_str(an, "state"));
		s = json_str(an, "minimalSeverity");
		c->alert_min = level_parse(s);
		c->alert_min_raw = pool_strdup_or_null(strings, s);
		read_roles(c, props);
		break;
	case SHAPE_2023:
		switch (json_bool(props, "isEnabled")) {
		case 1: c->enabled = ON_ON; break;
		case 0: c->enabled = ON_OFF; break;
		default:
			c->enabled = json_get(props, "isEnabled") ? ON_OTHER : ON_UNSET;
		}
		read_roles(c, props);
		read_sources(c, strings, props);
		break;
	case SHAPE_UNKNOWN:
		read_roles(c, props);
		break;
	}
	pool_adopt_strvec(strings, &c->emails);
	pool_adopt_strvec(strings, &c->roles);
}

void *contacts_new(void)
{
	return xcalloc(1, sizeof(struct contact_list));
}

int contacts_add_page(void *p, const cJSON *value, const char *api_version,
		      struct buf *err)
{
	struct contact_list *list = p;
	const cJSON *item;

	if (!cJSON_IsArray(value)) {
		buf_add(err, "'value' is not an array");
		return -1;
	}
	cJSON_ArrayForEach(item, value) {
		if (!cJSON_IsObject(item))
			continue;
		list->items = xgrow(list->items, &list->alloc, list->n + 1,
				    sizeof(*list->items));
		read_contact(&list->items[list->n++], &list->strings, item, api_version);
	}
	return 0;
}

int contacts_parse(const cJSON *value, const char *api_version,
		   struct contact_list **out, struct buf *err)
{
	struct contact_list *list = contacts_new();

	if (contacts_add_page(list, value, api_version, err)) {
		contacts_free(list);
		return -1;
	}
	*out = list;
	return 0;
}

void contacts_free(void *p)
{
	struct contact_list *list = p;

	if (!list)
		return;
	pool_release(&list->strings);
	free(list->items);
	free(list);
}
