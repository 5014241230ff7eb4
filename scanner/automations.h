/*
 * automations.h - Microsoft.Security/automations (workflow automation and
 * continuous export), normalised, and the questions the checks ask of
 * them: does an enabled automation take Alerts, where does it send them,
 * and does its scope cover the whole subscription.
 */
#ifndef IRSCAN_AUTOMATIONS_H
#define IRSCAN_AUTOMATIONS_H

#include <cJSON.h>

#include "buf.h"
#include "rulesets.h"
#include "strvec.h"

enum action_type {
	ACTION_OTHER = 0,
	ACTION_LOGIC_APP,
	ACTION_WORKSPACE,
	ACTION_EVENT_HUB,
};

struct automation_action {
	enum action_type type;
	char *type_raw;		/* actionType as sent */
	char *target;		/* logicAppResourceId / workspaceResourceId /
				   eventHubResourceId, or NULL */
};

struct automation {
	char *id;
	char *name;
	int enabled;		/* 1 only when isEnabled is true */
	int enabled_malformed;	/* isEnabled present but not a boolean */
	int alerts;		/* a source with eventSource Alerts */
	struct auto_source *sources;	/* properties.sources, with rule sets */
	size_t n_sources;
	struct automation_action *actions;
	size_t n_actions;
	struct strvec scopes;	/* scopePath values */
};

struct automation_list {
	struct automation *items;
	size_t n, alloc;
};

void *automations_new(void);
int automations_add_page(void *list, const cJSON *value, const char *api_version,
			 struct buf *err);
void automations_free(void *list);

/*
 * An enabled automation that takes Alerts (of any severity: its targets
 * matter whatever its rules let through).
 */
int automation_takes_alerts(const struct automation *a);
/* Has an action of this type. */
int automation_has_action(const struct automation *a, enum action_type t);
/* An enabled alert automation exporting to a Workspace or Event Hub. */
int automation_exports_alerts(const struct automation *a);
/* One of its scopes is the whole subscription sub_id. */
int automation_covers_subscription(const struct automation *a, const char *sub_id);
/*
 * Do its Alerts sources provably take every High severity alert (some
 * Alerts source whose rule sets admit them all)?  `why` (may be NULL)
 * gets the reason when not.
 */
enum admit automation_admits_high_alerts(const struct automation *a, struct buf *why);
/*
 * The alert severities its Alerts sources provably take, most severe
 * first ("High, Medium"), or "none"; appended to b.  Returns how many.
 */
size_t automation_alert_severities(const struct automation *a, struct buf *b);
/*
 * Its Alerts sources' filters on anything but severity ("AlertType
 * Contains 'VM_'"), appended to b; returns how many.
 */
size_t automation_alert_other_filters(const struct automation *a, struct buf *b);
/* Its scopes, ", "-separated, or "no scope", appended to b. */
void automation_scope_text(const struct automation *a, struct buf *b);
/* Its event sources as sent, ", "-separated, appended to b; how many. */
size_t automation_list_sources(const struct automation *a, struct buf *b);
/*
 * Does this enabled alert automation count for the whole subscription:
 * it covers sub_id and provably takes every High severity alert?
 */
int automation_whole_alerts(const struct automation *a, const char *sub_id);
/*
 * The first enabled automation exporting every High severity alert of
 * the whole subscription, or NULL (the Microsoft Sentinel path is then
 * tried).
 */
const struct automation *automations_whole_export(const struct automation_list *l,
						  const char *sub_id);

/*
 * The first enabled automation running a Logic App on every High
 * severity alert of the whole subscription, or NULL.
 */
const struct automation *automations_whole_response(const struct automation_list *l,
						    const char *sub_id);

#endif
