/*
 * automations.h - Microsoft.Security/automations (workflow automation and
 * continuous export), normalised, and the questions the checks ask of
 * them: does an enabled automation take alerts or recommendations, which
 * of them (its rule sets), where does it send them, and does its scope
 * cover the whole subscription.
 */
#ifndef IRSCAN_AUTOMATIONS_H
#define IRSCAN_AUTOMATIONS_H

#include <cJSON.h>

#include "util/buf.h"
#include "model/rulesets.h"
#include "util/strvec.h"

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
 * The event streams the checks ask about: security alerts (eventSource
 * Alerts), recommendations (Assessments: every change of an assessment's
 * state) and the weekly recommendation snapshot (AssessmentsSnapshot).
 */
enum stream {
	STREAM_ALERTS = 0,
	STREAM_RECOMMENDATIONS,
	STREAM_RECOMMENDATION_SNAPSHOTS,
	STREAM__COUNT
};
/* "alerts", "recommendations", "weekly recommendation snapshots". */
const char *stream_name(enum stream s);

/* Has a source of stream s (whatever its rules and state). */
int automation_has_source(const struct automation *a, enum stream s);
/*
 * An enabled automation that takes stream s (of any severity: its
 * targets matter whatever its rules let through).
 */
int automation_takes(const struct automation *a, enum stream s);
/* Has an action of this type. */
int automation_has_action(const struct automation *a, enum action_type t);
/* Takes stream s and exports it to a Workspace or Event Hub. */
int automation_exports(const struct automation *a, enum stream s);
/* Takes or exports alerts or recommendations of either kind. */
int automation_takes_any(const struct automation *a);
int automation_exports_any(const struct automation *a);
/* One of its scopes is the whole subscription sub_id. */
int automation_covers_subscription(const struct automation *a, const char *sub_id);
/*
 * Do its sources of stream s provably take every event that matters
 * most: every High severity alert; every unhealthy High severity
 * recommendation (an assessment of type Microsoft.Security/assessments
 * whose properties.metadata.severity is High and properties.status.code
 * Unhealthy)?  `why` (may be NULL) gets the reason when not.
 */
enum admit automation_admits_high(const struct automation *a, enum stream s, struct buf *why);
/*
 * The severities of stream s it provably takes, most severe first
 * ("High, Medium"), or "none"; appended to b.  Returns how many.
 */
size_t automation_severities(const struct automation *a, enum stream s, struct buf *b);
/*
 * Its filters on stream s on anything but what every such event is known
 * to carry ("AlertType Contains 'VM_'"), appended to b; returns how many.
 */
size_t automation_other_filters(const struct automation *a, enum stream s, struct buf *b);
/* Its scopes, ", "-separated, or "no scope", appended to b. */
void automation_scope_text(const struct automation *a, struct buf *b);
/* Its event sources as sent, ", "-separated, appended to b; how many. */
size_t automation_list_sources(const struct automation *a, struct buf *b);
/*
 * Does this enabled automation count for the whole subscription: it
 * covers sub_id and provably takes every High event of stream s?
 */
int automation_whole(const struct automation *a, enum stream s, const char *sub_id);
/*
 * The first enabled automation exporting every High event of stream s of
 * the whole subscription to a workspace or Event Hub, or NULL.
 */
const struct automation *automations_whole_export(const struct automation_list *l,
						  enum stream s, const char *sub_id);
/*
 * The first enabled automation running a Logic App on every High event
 * of stream s of the whole subscription, or NULL.
 */
const struct automation *automations_whole_response(const struct automation_list *l,
						    enum stream s, const char *sub_id);

#endif
