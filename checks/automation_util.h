/*
 * automation_util.h - what the control 10.4 and 10.5 checks share:
 * reading the automations (or an error finding), naming resources, and
 * judging a target read (exists / deleted / unreadable).
 */
#ifndef IRSCAN_AUTOMATION_UTIL_H
#define IRSCAN_AUTOMATION_UTIL_H

#include "checks/check.h"
#include "model/automations.h"

#define AUTOMATIONS_PERMISSION "Microsoft.Security/automations/read"

/* The subscription's automations, or NULL after an error finding. */
const struct automation_list *automations_for_check(const struct check *c,
						    const struct sub_snapshot *sub,
						    struct findings *out);
/*
 * Why automation a (enabled, covering the subscription) does not count
 * for every High event of stream s, appended to b: "exports only alerts
 * of severity Low, not High" or "does not export every High severity
 * alert: its rule sets filter on AlertType StartsWith 'VM_' (severities it
 * takes whole: none)".  `verb` is what it does with them ("export", "run
 * on"): plain, the third person adds an s to its first word.
 */
void automation_why_not_high(const struct automation *a, enum stream s, const char *verb,
			     const char *why, struct buf *b);
/* Which actions count: continuous export, or a Logic App. */
enum response_kind { RESPONSE_EXPORT, RESPONSE_LOGIC_APP };

/*
 * Why automation a (with an action of that kind) does not count for
 * every High event of stream s of the whole subscription, appended to b
 * ("; "-separated): no such source, disabled, narrower scope, rule sets.
 * Returns 1 when it might count if what could not be read (isEnabled,
 * rule sets) turned out well.
 */
int automation_why_not(const struct automation *a, enum stream s, enum response_kind k,
		       const char *sub_id, struct buf *b);
/*
 * automation_why_not for every automation of l (NULL: none) with an
 * action of kind k (a workspace or Event Hub; a Logic App): why none of
 * them counts.  Returns how many might if what could not be read turned
 * out well.
 */
size_t automations_why_none(const struct automation_list *l, enum stream s,
			    enum response_kind k, const char *sub_id, struct buf *b);

/*
 * Observe every automation of l (NULL: none) with an action of kind k as
 * "exports" (RESPONSE_EXPORT) or "logic_app_automations": "NAME: STATE;
 * ..." where STATE is "enabled", "disabled", "enabled, covers only
 * SCOPES" or "isEnabled unreadable".  Whatever the verdict, so that two
 * scans show what happened to each automation (`irscan diff` compares
 * the lists item by item; policy/diff.c).
 */
void automations_observe(struct finding *f, const struct automation_list *l,
			 enum response_kind k, const char *sub_id);

/*
 * Observe which severities of stream s automation a provably takes
 * ("exported_severities") and its other filters ("other_filters").
 */
void automation_observe_severities(struct finding *f, const struct automation *a,
				   enum stream s);

/* "an" before a vowel ("an Event Hub"), else "a". */
const char *article(const char *word);
/* The last segment of a resource id ("name"), for messages. */
const char *resource_name(const char *id);
/*
 * Judge target t (read by collection) into finding f: STATUS_UNSET when
 * it exists (the caller decides), STATUS_FAIL for a 404 (it does not
 * exist), STATUS_ERROR when it could not be read (an id irscan will not
 * request included: that is not verified either).  Sets the
 * message in the non-UNSET cases.  `what` names it ("Logic App").
 */
enum status target_verdict(const struct target *t, struct finding *f,
			   const char *what, const char *permission);

/*
 * Decides a target that exists: sets f->status and the message.
 */
typedef void (*target_judge_fn)(const struct automation *a, const struct target *t,
				struct finding *f);

struct target_rule {
	enum action_type type, type2;	/* the actions whose targets count */
	int exports_only;	/* only automations exporting alerts */
	const char *what;	/* "Logic App", ... for messages */
	const char *what2;	/* the same for type2 */
	const char *permission, *permission2;
	target_judge_fn judge;
	const char *none;	/* message when there is no such target */
	/*
	 * Added when it does not exist: "<gone_who> '<automation>' sends
	 * <what it exports> <gone>" ("export 'X' sends alerts nowhere").
	 */
	const char *gone_who, *gone;
};

/*
 * One finding per distinct target named by the actions of an enabled
 * automation on alerts or recommendations (the first automation naming it): missing id, invalid id, 404
 * and unreadable are decided here, an existing one by rule->judge.  No
 * such target at all: one not-applicable finding.
 */
void eval_action_targets(const struct check *self, const struct sub_snapshot *sub,
			 struct findings *out, const struct target_rule *rule);

#endif
