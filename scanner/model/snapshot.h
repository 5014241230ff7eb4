/*
 * snapshot.h - what collection read, as the checks see it.
 *
 * For every subscription and every dataset a check may need, the
 * snapshot records either the parsed data or the reason it could not be
 * read (HTTP status, ARM error code and message, missing permission), and
 * the HTTP exchanges that are its evidence.  Checks are pure functions of
 * this structure; nothing here does I/O.  The raw response bodies are
 * parsed into small typed structs (contacts.h) and released, so memory
 * grows with what the checks use, not with the JSON that was read.
 */
#ifndef IRSCAN_SNAPSHOT_H
#define IRSCAN_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "util/strmap.h"
#include "util/strvec.h"

/* The datasets checks can ask for; each is fetched once per subscription. */
enum need {
	NEED_SECURITY_CONTACTS = 0,
	NEED_PRICINGS,
	NEED_ALERTS,
	NEED_AUTOMATIONS,
	NEED_WORKSPACES,	/* read only when Sentinel must be searched */
	NEED_SETTINGS,		/* Microsoft.Security/settings */
	NEED_SUPPRESSION,	/* Microsoft.Security/alertsSuppressionRules */
	NEED__COUNT
};
#define NEED_BIT(n) (1u << (n))
/*
 * Reads that follow from other answers, asked for beside NEED_BIT():
 * the targets of alert automations, and Microsoft Sentinel connectors
 * (searched only for subscriptions without a continuous export).
 */
#define NEED_EXPORT_TARGETS (1u << 16)
#define NEED_LOGIC_APPS (1u << 17)
#define NEED_SENTINEL (1u << 18)
/*
 * More reads that follow from answers:
 * - the settings, only for subscriptions with an untriaged High alert
 *   (high-alerts-triaged then says whether alert sync with Sentinel is
 *   off), so a triaged subscription costs nothing more;
 * - the Sentinel search for subscriptions whose alert sync setting is not
 *   on (sentinel-alert-sync: does Sentinel take their alerts?);
 * - the Sentinel search for subscriptions without a whole-subscription
 *   Logic App automation, and the automation rules of the Sentinel
 *   workspaces that take alerts (workflow-automation-alerts: a playbook
 *   run on Defender for Cloud incidents counts);
 * - the retention of every workspace that receives alerts: the workspace
 *   and its SecurityAlert (and, for Sentinel, SecurityIncident) tables.
 */
#define NEED_SETTINGS_IF_STALE (1u << 19)
#define NEED_SENTINEL_SYNC (1u << 20)
#define NEED_SENTINEL_RESPONSE (1u << 21)
#define NEED_RETENTION (1u << 22)
/* "security contacts", ... for messages. */
const char *need_name(enum need n);

/*
 * One HTTP exchange as evidence: what was asked, what came back, when.
 * Made by arm_evidence() as one block with its strings.
 */
struct evidence {
	const char *method;
	const char *url;	/* secrets in the query already redacted */
	const char *api_version;
	long status;		/* 0 when no HTTP response arrived */
	const char *request_id;	/* x-ms-request-id */
	const char *correlation_id;	/* x-ms-correlation-request-id */
	const char *date;	/* server Date header */
	const char *error;	/* transport error text, or NULL */
	/* In the evidence bundle (--evidence-dir, --offline), else 0/NULL: */
	unsigned long entry;	/* manifest entry number */
	const char *file;	/* response body file */
	const char *sha256;	/* of that file */
	unsigned retries;
	/* Datasets citing it; when a scan retires a subscription's evidence
	 * (snapshot_sub_drop_evidence) a record none cites leaves memory,
	 * unless pinned: something holds its address to the end. */
	unsigned cites : 31;
	unsigned pinned : 1;
	int64_t duration_ms;
	int64_t waited_ms;	/* part of duration spent waiting to retry */
	int64_t at_wall_ms;	/* when the first attempt started */
	size_t body_bytes;
	size_t index;		/* position in snapshot.evidence */
};

enum data_state { DATA_UNSET = 0, DATA_OK, DATA_ERROR };

/* Why a dataset could not be read. */
struct fetch_error {
	long status;		/* HTTP status, 0 for transport/parse errors */
	char *code;		/* ARM error code or a short irscan code */
	char *message;
	char *url;		/* redacted */
	char *request_id;
};

struct dataset {
	enum data_state state;
	/* Small fields together: every subscription keeps NEED__COUNT + 1
	 * datasets to the end of the scan. */
	unsigned ev_n, ev_alloc;
	unsigned char requested;	/* a read was started (collection only) */
	unsigned char dropped;		/* data released after evaluation */
	/* The version that answered: borrowed from the call's table of
	 * versions (static, arm_call_spec), never copied per subscription. */
	const char *api_version;
	void *data;		/* typed, see contacts.h; owned */
	void (*free_data)(void *);
	struct fetch_error err;	/* when state == DATA_ERROR */
	const struct evidence **ev;	/* borrowed from the snapshot */
};

struct snapshot;

struct sub_snapshot {
	const struct snapshot *snap;	/* the whole scan, for shared reads */
	char *id;		/* subscription GUID, lower case (path's tail) */
	char *path;		/* "/subscriptions/<id>": findings share it;
				   both in the record's own block */
	char *name;		/* display name, or NULL when unknown */
	char *state;		/* Enabled, Disabled, ..., or NULL */
	char *tenant_id;
	int scanned;		/* 0: listed but skipped (not Enabled) */
	struct strvec tag_keys, tag_values;	/* subscription tags */
	int tags_malformed;	/* "tags" not an object of strings */
	struct dataset info;	/* the subscription read itself */
	struct dataset sets[NEED__COUNT];
	/* What the exchanges of datasets whose evidence was retired took
	 * (snapshot_sub_drop_evidence); sub_read_ms() adds the rest. */
	int64_t read_ms;
	/* Collection only: */
	size_t targets_pending;	/* its automations' targets still being read */
	int handed_over;	/* complete, given to evaluation */
	/* --shard: another shard's (snapshot.others), read for nothing but
	 * the Sentinel search; `scanned` then says whether it would be. */
	int other_shard;
};

/* A resource an alert automation points at, read once per scan. */
enum target_kind { TARGET_WORKSPACE = 1, TARGET_EVENT_HUB, TARGET_LOGIC_APP };

/* The Log Analytics tables that hold Defender for Cloud alerts and incidents. */
enum la_table { TABLE_SECURITY_ALERT = 0, TABLE_SECURITY_INCIDENT, TABLE__COUNT };
/* "SecurityAlert", "SecurityIncident". */
const char *la_table_name(enum la_table t);

/* A table read (Tables API) and its retention; -1 where the answer has none. */
struct la_table_read {
	struct dataset ds;
	long retention_days;		/* properties.retentionInDays */
	long total_retention_days;	/* properties.totalRetentionInDays */
	int retention_default;		/* retentionInDaysAsDefault: 1, 0, -1 */
};

struct target {
	char *id;		/* as the automation names it */
	enum target_kind kind;
	int id_valid;		/* 0: not a resource id of that kind; not read */
	struct dataset ds;	/* DATA_OK: it exists; else the GET's error */
	char *state;		/* properties.state (Logic Apps) */
	char *provisioning_state;
	long retention_days;	/* workspaces: properties.retentionInDays, or -1 */
	/*
	 * Workspaces, with NEED_RETENTION: TABLE__COUNT table reads, or NULL
	 * when none was asked for (most scans: kept out of every target).
	 */
	struct la_table_read *tables;
	/* Collection only: reads still running, subscriptions waiting. */
	size_t reads_pending;
	struct sub_snapshot **waiters;
	size_t n_waiters, waiters_alloc;
};

/* A Log Analytics workspace searched for a Sentinel Defender connector. */
struct sentinel_workspace {
	char *id;
	int named;		/* given with --sentinel-workspace */
	struct dataset onboarding;	/* onboardingStates list */
	int onboarded;		/* -1 unknown, 0 not Sentinel, 1 Sentinel */
	struct dataset connectors;	/* data: struct connector_list */
	struct dataset rules;	/* automationRules, NEED_SENTINEL_RESPONSE */
};

struct snapshot {
	struct sub_snapshot **subs;
	size_t n, alloc;
	struct target **targets;
	size_t n_targets, targets_alloc;
	struct sentinel_workspace **workspaces;
	size_t n_workspaces, workspaces_alloc;
	int sentinel_searched;	/* the Sentinel search was started */
	/* Owner of every evidence record, by index; a slot is NULL once its
	 * record was retired (snapshot_sub_drop_evidence). */
	struct evidence **evidence;
	size_t ev_n, ev_alloc;
	struct fetch_error scope_error;	/* listing subscriptions failed */
	int scope_failed;
	/* Every subscription of the scope is known, with whether it is
	 * scanned: -s at once; -A after the list's last page; -m after the
	 * descendants' last page and each subscription's read. */
	int scope_complete;
	/*
	 * --shard (model/shard.h): the scope's subscriptions of other shards.
	 * Never reported or evaluated; only their Log Analytics workspaces
	 * are read, by the Sentinel search, which spans the scope as an
	 * unsharded scan's does (a central Sentinel workspace in another
	 * shard's subscription still proves where alerts go).  The scope
	 * before sharding is n + n_others.
	 */
	struct sub_snapshot **others;
	size_t n_others, others_alloc;
	/* The four lists above by id: found once per answer, a search of the
	 * list would make a scan quadratic in its scope. */
	struct strmap sub_ids, other_ids, target_ids, workspace_ids;
};

void snapshot_init(struct snapshot *s);
void snapshot_release(struct snapshot *s);
/* Find or add a subscription (id matched case-insensitively). */
struct sub_snapshot *snapshot_sub(struct snapshot *s, const char *id);
/*
 * Release the parsed data of sub's datasets once its checks ran, keeping
 * their states, errors and evidence.  Checks read only their own
 * subscription's data (of others, at most the state and error).
 */
void snapshot_sub_drop_data(struct sub_snapshot *sub);
struct sub_snapshot *snapshot_find(const struct snapshot *s, const char *id);
/* sub's position in s->subs (0 when it is not there). */
size_t snapshot_sub_index(const struct snapshot *s, const struct sub_snapshot *sub);
/* Find or add another shard's subscription (others, other_shard set). */
struct sub_snapshot *snapshot_other(struct snapshot *s, const char *id, int *added);
/* Is a subscription in this state scanned (not Disabled or Deleted; no state: yes)? */
int sub_state_scanned(const char *state);
/*
 * Move everything of src into dst (src is left empty): subscriptions,
 * targets and workspaces dst does not hold yet (one it holds is freed:
 * a merged bundle's parts may hold the same subscription, with the same
 * answers, evaluated once), and every evidence record, appended.  For
 * --offline over a merged bundle, whose parts are replayed one by one.
 */
void snapshot_absorb(struct snapshot *dst, struct snapshot *src);
/* Stable report order: by subscription id. */
void snapshot_sort(struct snapshot *s);
/* Take ownership of an evidence record and cite it from dataset d. */
void snapshot_add_evidence(struct snapshot *s, struct dataset *d,
			   struct evidence *ev);
/* Cite an evidence record the snapshot owns (or will) from one more
 * dataset: the record counts it (cites). */
void dataset_cite(struct dataset *d, const struct evidence *ev);
/*
 * After sub's findings were stored with copies of the records they cite:
 * take the evidence out of sub's datasets (they cite none from then on),
 * and offer each record no dataset cites any longer to retire(ctx, e),
 * which keeps it elsewhere (1: the record is freed and its slot in
 * s->evidence is NULL) or not (0: it stays).  A record a target, a
 * workspace or another subscription still cites stays.  For the scan's
 * memory: a subscription's exchanges are most of what a scan keeps.
 */
void snapshot_sub_drop_evidence(struct snapshot *s, struct sub_snapshot *sub,
				int (*retire)(void *ctx, const struct evidence *e), void *ctx);
/*
 * Is e in s->evidence yet?  A list call's pages are cited as they arrive
 * but join the snapshot when the call ends (its index is final then).
 */
int snapshot_owns(const struct snapshot *s, const struct evidence *e);
/* Milliseconds the exchanges of sub's own datasets took. */
int64_t sub_read_ms(const struct sub_snapshot *sub);
/* The target with this id (case-insensitive), or NULL. */
struct target *snapshot_target(const struct snapshot *s, const char *id);
struct target *snapshot_add_target(struct snapshot *s, const char *id,
				   enum target_kind kind);
/* Target t's table reads, made (unread, retention -1) when first asked for. */
struct la_table_read *target_tables(struct target *t);
struct sentinel_workspace *snapshot_workspace(const struct snapshot *s,
					      const char *id);
struct sentinel_workspace *snapshot_add_workspace(struct snapshot *s,
						  const char *id);
/* The value of tag `key` (case-insensitive), or NULL. */
const char *sub_tag(const struct sub_snapshot *sub, const char *key);
void dataset_fail(struct dataset *d, long status, const char *code,
		  const char *message, const char *url, const char *request_id);
void dataset_release(struct dataset *d);
void evidence_free(struct evidence *e);

#endif
