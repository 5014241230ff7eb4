/*
 * merge_text.h - what a report of `irscan merge` says beside a scan's
 * (r->merge): its JSON "merge" object and scan.tenants, the line every
 * people's format carries (the parts, and the shards missing under
 * --allow-partial), and the grouping of subscriptions by tenant when the
 * parts come from several (HTML, Markdown and the console).
 */
#ifndef IRSCAN_MERGE_TEXT_H
#define IRSCAN_MERGE_TEXT_H

#include <cJSON.h>

#include "policy/outcome.h"
#include "util/buf.h"

/* scan.tenants: the tenants of the parts (a merged report only). */
cJSON *report_merge_tenants_json(const struct report *r);
/* "merge": {"parts": [...], "missing_shards": [...]}. */
cJSON *report_merge_json(const struct report *r);
/*
 * "Merged from 4 JSON reports (irscan merge)", then, with shards missing,
 * "; NOT SCANNED: shards 2, 4 of 4 (tenant T) are missing (--allow-partial)".
 * Nothing without r->merge.  Plain text, not escaped.
 */
void report_merge_line(struct buf *b, const struct report *r);
/* Tenants to group by: their number when 2 or more, else 0 (no grouping). */
size_t report_tenant_groups(const struct report *r);
/* The i-th tenant (i < report_tenant_groups()). */
const char *report_tenant_at(const struct report *r, size_t i);
/* Subscription idx of r->snap is the tenant's. */
int report_sub_of_tenant(const struct report *r, size_t idx, const char *tenant);
/*
 * "Tenant T: 3 subscriptions scanned; 10 pass, 2 fail, 0 error, 1 manual"
 * (the findings of its subscriptions).  Plain text, not escaped.
 */
void report_tenant_heading(struct buf *b, const struct report *r, const char *tenant);

#endif
