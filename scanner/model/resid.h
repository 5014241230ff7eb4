/*
 * resid.h - ARM resource ids as Azure hands them over, made comparable.
 *
 * Azure does not always write an id the way the REST reference does:
 * recorded automations carry an eventHubResourceId of the form
 * "subscriptions/<id>/resourceGroups/..." without the leading slash, and
 * the casing of segments varies between services (a workspace GET
 * answers "/subscriptions/.../resourcegroups/.../microsoft.
 * operationalinsights/..."; azure-arm/README.md §6.3).  Every id taken
 * from an answer or from the command line goes through resid_dup()
 * before it is compared, followed or shown, and ids are compared with
 * resid_eq() (or strcasecmp on normalised ids).
 */
#ifndef IRSCAN_RESID_H
#define IRSCAN_RESID_H

#include <stddef.h>

#include "util/buf.h"
#include "util/pool.h"

/*
 * A malloc'ed copy of id with surrounding blanks removed, a leading '/'
 * added where the id starts with "subscriptions/" or "providers/" (any
 * case), and trailing slashes dropped.  NULL for NULL.
 */
char *resid_dup(const char *id);
/* The same copy in pool p (NULL for NULL). */
char *resid_pool_dup(struct pool *p, const char *id);
/* Are two ids the same resource (both normalised, case-insensitively)? */
int resid_eq(const char *a, const char *b);
/*
 * The subscription segment of a normalised id ("/subscriptions/<this>/..."
 * any case): a pointer into id with its length in *n, or NULL (and *n 0)
 * when id is NULL or does not start so.
 */
const char *resid_subscription(const char *id, size_t *n);
/* Are the n bytes at s a GUID (8-4-4-4-12 hex digits)? */
int resid_is_guid(const char *s, size_t n);
/* Append a resource id to a URL path, percent-encoding unusual bytes. */
void resid_add_path(struct buf *b, const char *id);

#endif
