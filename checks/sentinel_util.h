/*
 * sentinel_util.h - what the checks ask of the Microsoft Sentinel search
 * (collect/sentinel_ws.c): by which connector do a subscription's Defender for Cloud
 * alerts reach which Sentinel workspace, what of the search could not be
 * read, and the evidence to cite.
 */
#ifndef IRSCAN_SENTINEL_UTIL_H
#define IRSCAN_SENTINEL_UTIL_H

#include "checks/check.h"
#include "model/sentinel.h"

enum sentinel_route_kind {
	ROUTE_NONE = 0,
	/* AzureSecurityCenter for this subscription, alerts Enabled. */
	ROUTE_SUBSCRIPTION,
	/*
	 * A tenant-wide connector (Defender XDR with incidents or alerts
	 * Enabled, or the tenant-based Defender for Cloud connector): it
	 * carries Defender for Cloud alerts when the tenant's Defender for
	 * Cloud integration with Defender XDR is on, which no ARM read
	 * shows.  Evidence of a route, not proof.
	 */
	ROUTE_TENANT,
};

struct sentinel_route {
	enum sentinel_route_kind kind;
	const struct sentinel_workspace *ws;
	const struct sentinel_connector *conn;
};

/*
 * The routes of sub's alerts into the Sentinel workspaces searched, at
 * most max of them into out (subscription routes first); returns how
 * many there are.
 */
size_t sentinel_routes(const struct sub_snapshot *sub, struct sentinel_route *out,
		       size_t max);
/* The best route (a subscription route before a tenant one), or kind NONE. */
struct sentinel_route sentinel_best_route(const struct sub_snapshot *sub);
/* "the Defender XDR connector (MicrosoftThreatProtection)" etc. */
const char *sentinel_connector_label(const struct sentinel_connector *c);

/*
 * A tenant-wide route (Defender XDR, tenant-based Defender for Cloud
 * connector) is Microsoft's advised set-up, but whether it carries this
 * subscription's alerts depends on the tenant's Defender XDR integration,
 * which no ARM read shows.  A person confirms it with an attestation
 * naming the check (SPEC §7); until then the finding is manual.  Adds
 * that finding: `done` says what the route achieves ("alerts reach
 * Microsoft Sentinel workspace 'x' through ..."), `why` what irscan did
 * not find otherwise (may be empty).  Returns it for more observations.
 */
struct finding *sentinel_settle_tenant_route(const struct check *self,
					     const struct sub_snapshot *sub,
					     const struct check_params *p,
					     const struct sentinel_route *r,
					     const char *done, const char *why,
					     struct findings *out);

/*
 * An enabled, unexpired automation rule of workspace w that runs a
 * playbook on every incident created from Defender for Cloud alerts, or
 * NULL with the reason for the closest one in why (may be NULL).
 */
const struct sentinel_auto_rule *sentinel_response_rule(const struct sentinel_workspace *w,
						       time_t now, struct buf *why);

/*
 * Describe what of the Sentinel search could not be read, the reads of
 * sub's own subscription first, at most a few of them, into b; returns
 * how many there are.
 */
size_t sentinel_gaps(const struct sub_snapshot *sub, struct buf *b);
/* A workspace list failure that proves there is no workspace at all. */
int sentinel_no_workspaces_possible(const struct dataset *d);
/*
 * Cite the Sentinel search for sub: its own workspace list, the named
 * workspaces, the onboarding states and connector lists (capped: the
 * search is shared by the whole tenant).
 */
void sentinel_cite(struct finding *f, const struct sub_snapshot *sub);

#endif
