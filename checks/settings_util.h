/*
 * settings_util.h - what the checks on Defender for Cloud's settings
 * (Microsoft.Security/settings) share: reading one setting, or an error
 * finding that says why it could not be.
 */
#ifndef IRSCAN_SETTINGS_UTIL_H
#define IRSCAN_SETTINGS_UTIL_H

#include "checks/check.h"
#include "model/settings.h"

#define SETTINGS_PERMISSION "Microsoft.Security/settings/read"

/*
 * The setting `name` of sub, or NULL after an error finding: the list
 * could not be read, has no such entry, or its `enabled` flag is not a
 * boolean.  `what` names it for people ("the integration with Microsoft
 * Defender for Endpoint").
 */
const struct security_setting *setting_for_check(const struct check *c,
						 const struct sub_snapshot *sub,
						 const char *name, const char *what,
						 struct findings *out);

/*
 * A data-export integration check (WDATP, MCAS): pass when the setting
 * is enabled, fail when it is off, error when unreadable.
 */
void eval_integration_setting(const struct check *self, const struct sub_snapshot *sub,
			      const char *name, const char *what, const char *consequence,
			      struct findings *out);

struct buf;
struct fix_ctx;
/*
 * The remediation script's block of such a check: setting `name` (of
 * `kind`, e.g. DataExportSettings) on; `what` names it for people.
 */
void setting_fix(struct buf *b, const struct fix_ctx *x, const char *name,
		 const char *kind, const char *what);

#endif
