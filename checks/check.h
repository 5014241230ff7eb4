/*
 * check.h - the check catalogue: the `struct check` record and the
 * findings it produces (statuses, severities and frameworks: model/vocab.h).
 *
 * A check is data plus one pure function (tmux's cmd_entry): the record
 * says what it is, how it maps to each framework, what it needs from the
 * snapshot and how to fix a failure (the remediation text for people, and
 * .fix, its block of the remediation script); eval() turns one
 * subscription's snapshot into findings.  eval() does no I/O, reads no
 * globals and always appends at least one finding: when its data could
 * not be read, an error finding that says why, never a pass and never
 * nothing.  Everything about one check is in its own file: adding one is
 * that file and its line in registry.c.
 */
#ifndef IRSCAN_CHECK_H
#define IRSCAN_CHECK_H

#include <stddef.h>
#include <time.h>

#include "model/vocab.h"
#include "util/pool.h"
#include "util/strmap.h"
#include "model/snapshot.h"
#include "model/contacts.h"
#include "util/xmalloc.h"

struct attestation_list;
struct check_fix;
struct waiver;

/* Parameters of the checks, from the command line (SPEC §2). */
struct check_params {
	enum level attack_path_risk;	/* --attack-path-risk, default High */
	time_t now;			/* the scan time, for age limits */
	long alert_max_age_days;	/* --alert-max-age */
	long attestation_max_age_days;	/* --attestation-max-age */
	long min_retention_days;	/* --min-retention-days */
	const struct strvec *criticality_tags;	/* --criticality-tags */
	const struct strvec *required_plans;	/* empty or NULL: all plans */
	const struct attestation_list *attestations;	/* NULL: none given */
};

struct observed {
	const char *key;	/* a string literal of the check */
	const char *value;
};

/*
 * Strings and arrays of a finding live in its list's pool (findings_add
 * sets .list): set them through the finding_* functions below.
 */
struct findings;

struct finding {
	const struct check *check;
	const struct sub_snapshot *sub;	/* borrowed */
	struct findings *list;		/* the list's pool holds what follows */
	const char *resource;		/* ARM id the finding is about */
	/*
	 * Control ids per framework (FW__COUNT of them, NULL: not part of
	 * that framework): the check's own array, unless a check whose items
	 * map to different controls (one per Defender plan in CIS) set them
	 * per finding with finding_set_control().  Shared, because a scan
	 * keeps tens of thousands of findings.
	 */
	const char *const *controls;
	const char *message;
	const struct waiver *waiver;	/* a matching waiver, or NULL */
	enum status status;
	enum status waived_from;	/* status before the waiver applied */
	int waiver_expired;		/* it matched but had expired */
	unsigned index;			/* its place in the report, once stored
					   (policy/finding_store.h) */
	/* Tens of thousands are kept per scan: 32-bit counts. */
	unsigned obs_n, obs_alloc;
	unsigned ev_n, ev_alloc;
	struct observed *obs;
	const struct evidence **ev;	/* borrowed from the snapshot */
};

struct findings {
	struct finding *items;
	size_t n, alloc;
	struct pool pool;	/* the findings' strings and arrays */
	/*
	 * The findings' messages and observed values, each stored once: a scan of 10,000 subscriptions says the same few
	 * dozen things 270,000 times.
	 */
	struct strmap strings;
};

/* The check's findings may carry other control ids than .control. */
#define CHECK_PER_FINDING_CONTROLS 1u

struct check {
	const char *id;		/* stable: SARIF rule id, JUnit test name */
	const char *title;
	enum severity severity;
	const char *control[FW__COUNT];	/* NULL: not in that framework */
	unsigned flags;
	unsigned needs;		/* NEED_BIT() of each dataset read */
	const char *remediation;	/* portal, CLI and ARM/Bicep, for people */
	/*
	 * Its block of --remediation-script (checks/fix_util.h), or NULL:
	 * then its failing findings are listed there but not scripted.
	 */
	const struct check_fix *fix;
	void (*eval)(const struct check *self, const struct sub_snapshot *sub,
		     const struct check_params *p, struct findings *out);
};

/* checks/finding.c */
struct finding *findings_add(struct findings *out, const struct check *c,
			     const struct sub_snapshot *sub, enum status st,
			     const char *resource);
void finding_message(struct finding *f, const char *fmt, ...) PRINTF_LIKE(2, 3);
void finding_set_message(struct finding *f, const char *message);
/* This finding's control in framework fw (a string literal, or NULL). */
void finding_set_control(struct finding *f, enum framework fw, const char *id);
void finding_observe(struct finding *f, const char *key, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* The value observed under key (the first), or "" when none. */
const char *finding_observed(const struct finding *f, const char *key);
/* The same, but NULL when none or f is NULL: "" may be what was observed. */
const char *finding_lookup(const struct finding *f, const char *key);
/* Cite every exchange of dataset d as evidence. */
void finding_cite(struct finding *f, const struct dataset *d);
/*
 * If dataset d could not be read, append an error finding naming the
 * HTTP status, ARM code and permission, and return 1; else return 0.
 */
int finding_unreadable(struct findings *out, const struct check *c,
		       const struct sub_snapshot *sub, const struct dataset *d,
		       const char *what, const char *permission);
struct buf;
/* "HTTP 403 AuthorizationFailed: <message>" (status, code, message as known). */
void finding_error_reason(struct buf *b, const struct fetch_error *e);
/* Remove the finding at index i, keeping the order. */
void findings_drop(struct findings *out, size_t i);
/* Shrink the list to what it holds. */
void findings_fit(struct findings *fs);
void findings_release(struct findings *f);

/*
 * Findings carry no HTTP evidence of their own when the data came from
 * an input file (attestations): `observed` holds what was read.
 */

/* checks/registry.c: the catalogue, in order, NULL-terminated. */
extern const struct check *const check_registry[];
const struct check *check_find(const char *id);
/* The highest severity of any check: --fail-on above it could never fail. */
enum severity check_max_severity(void);
struct config;
/*
 * Every --checks id must exist and every --controls id be a control of
 * the framework; else a usage error and -1.  (--offline runs it again
 * once the bundle's framework is known.)
 */
int check_selection_valid(const struct config *cfg);

/* checks/controls.c: control metadata per framework. */
struct control_info {
	enum framework fw;
	const char *id;
	const char *title;
	const char *cis[4];		/* CIS Controls v7 ids, NULL-terminated */
	const char *responsibility;
	const char *guidance;		/* what the control asks, briefly */
};
const struct control_info *control_lookup(enum framework fw, const char *id);
/* Compare control ids so that "10.10" sorts after "10.9". */
int control_id_cmp(const char *a, const char *b);

#endif
