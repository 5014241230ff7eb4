/*
 * rulesets.h - the event filters of Microsoft.Security/automations
 * (continuous export and workflow automation), and the one question the
 * checks ask of them: do they provably let through every event of a
 * given kind (every High severity alert, every unhealthy High severity
 * recommendation)?
 *
 * Semantics, from the automations REST specification (2019-01-01-preview
 * and 2023-12-01-preview, "AutomationSource.ruleSets"): "A set of rules
 * which evaluate upon event interception. A logical disjunction is
 * applied between defined rule sets (logical 'or')", and for a rule set:
 * "A rule set which evaluates all its rules upon an event interception.
 * Only when all the included rules in the rule set will be evaluated as
 * 'true', will the event trigger the defined actions" (logical 'and').
 * A source without rule sets takes every event of its kind.  The
 * operator's description: "A case-insensitive comparison will be applied
 * for String PropertyType."
 *
 * "Provably" is the point: a rule on a property irscan cannot know for
 * every such event (alert type, resource, entity) may exclude some of
 * them, so a set holding one proves nothing.  Only rules on the
 * properties the caller states (severity, status) are evaluated.
 */
#ifndef IRSCAN_RULESETS_H
#define IRSCAN_RULESETS_H

#include <cJSON.h>
#include <stddef.h>

#include "util/buf.h"

/* One rule, its four strings as sent (NULL only in a malformed rule). */
struct auto_rule {
	char *jpath;		/* propertyJPath */
	char *type;		/* propertyType: String, Integer, Number, Boolean */
	char *expected;		/* expectedValue */
	char *op;		/* operator: Equals, NotEquals, Contains, ... */
};

struct auto_rule_set {
	struct auto_rule *rules;
	size_t n;
};

/* One entry of properties.sources. */
struct auto_source {
	char *event_source;	/* Alerts, Assessments, ... as sent */
	struct auto_rule_set *sets;
	size_t n_sets;
	int has_rule_sets;	/* ruleSets present and not null */
	char *malformed;	/* why the rule sets could not be read, or NULL */
};

/*
 * Read one `sources` item into s (zeroed by the caller).  A ruleSets
 * member that is not an array, a set without a `rules` array or a rule
 * whose propertyJPath/expectedValue/operator is not a string makes the
 * source malformed: it then proves nothing and says why.
 */
void auto_source_read(struct auto_source *s, const cJSON *src);
void auto_source_release(struct auto_source *s);

/*
 * What every event of the kind being proven is known to carry: the
 * property at any of `jpaths` (compared case-insensitively) has the
 * value `value`.
 */
struct event_fact {
	const char *const *jpaths;	/* NULL-terminated */
	const char *value;
};

enum admit {
	ADMIT_PROVEN = 0,	/* every such event passes some rule set */
	ADMIT_NOT_PROVEN,	/* a rule excludes them, or filters on other things */
	ADMIT_UNREADABLE,	/* the rule sets are malformed */
};

/*
 * Do the rule sets of s let through every event that has all n facts?
 * When not proven, `why` (may be NULL) gets a short reason naming the
 * filter: "its rule sets filter on AlertType (Contains 'VM_')".
 */
enum admit auto_source_admits(const struct auto_source *s,
			      const struct event_fact *facts, size_t n,
			      struct buf *why);

/*
 * The rule-set filters of s on anything but the facts' properties,
 * described once each ("AlertType Contains 'VM_'"), appended to b
 * separated by ", "; returns how many.
 */
size_t auto_source_other_filters(const struct auto_source *s,
				 const struct event_fact *facts, size_t n,
				 struct buf *b);

#endif
