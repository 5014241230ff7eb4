/*
 * automation_util.h - what the control 10.4 and 10.5 checks share:
 * reading the automations (or an error finding), naming resources, and
 * judging a target read (exists / deleted / unreadable).
 */
#ifndef IRSCAN_AUTOMATION_UTIL_H
#define IRSCAN_AUTOMATION_UTIL_H

#include "check.h"
#include "automations.h"

#define AUTOMATIONS_PERMISSION "Microsoft.Security/automations/read"

/* The subscription's automations, or NULL after an error finding. */
const struct automation_list *automations_for_check(const struct check *c,
						    const struct sub_snapshot *sub,
						    struct findings *out);
/* The last segment of a resource id ("name"), for messages. */
const char *resource_name(const char *id);
/*
 * Judge target t (read by collection) into finding f: STATUS_UNSET when
 * it exists (the caller decides), STATUS_FAIL for an invalid id or 404
 * (it does not exist), STATUS_ERROR when it could not be read.  Sets the
 * message in the non-UNSET cases.  `what` names it ("Logic App").
 */
enum status target_verdict(const struct target *t, struct finding *f,
			   const char *what, const char *permission);

#endif
