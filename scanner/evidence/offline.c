/*
 * offline.c - set up a scan of an evidence bundle (--offline), see
 * offline.h.
 */
#include "evidence/offline.h"
#include "evidence/bundle.h"
#include "evidence/merged.h"
#include "checks/check.h"
#include "model/contacts.h"
#include "util/json.h"
#include "util/msg.h"
#include "net/url.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <string.h>

/* A list of strings from the manifest into v (cleared first); -1 on a wrong type. */
static int take_list(const cJSON *o, const char *key, struct strvec *v)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key), *it;

	strvec_clear(v);
	if (!a || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsString(it))
			return -1;
		strvec_push(v, it->valuestring);
	}
	return 0;
}

static int take_days(const cJSON *o, const char *key, long max, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > max)
		return -1;
	*out = (long)v->valuedouble;
	return 0;
}

static int take_endpoint(const cJSON *scan, const char *key, int authority, char **slot)
{
	const char *s = json_str(scan, key);
	struct buf err = BUF_INIT;
	char *e;

	/* Only to rebuild the same URLs: nothing is ever sent there. */
	e = s ? url_endpoint(s, authority, &err) : NULL;
	buf_release(&err);
	if (!e)
		return -1;
	free(*slot);
	*slot = e;
	return 0;
}

/* The recorded parameters, where the command line did not give its own. */
static int take_parameters(struct config *cfg, const cJSON *p)
{
	const char *s;

	if (!cJSON_IsObject(p))
		return -1;
	if (!GIVEN(cfg, GIVEN_FRAMEWORK) &&
	    (!(s = json_str(p, "framework")) || framework_parse(s, &cfg->framework)))
		return -1;
	if ((!GIVEN(cfg, GIVEN_CHECKS) && take_list(p, "checks", &cfg->checks)) ||
	    (!GIVEN(cfg, GIVEN_CONTROLS) && take_list(p, "controls", &cfg->controls)) ||
	    (!GIVEN(cfg, GIVEN_CRITICALITY) &&
	     take_list(p, "criticality_tags", &cfg->criticality_tags)) ||
	    (!GIVEN(cfg, GIVEN_PLANS) && take_list(p, "required_plans", &cfg->required_plans)))
		return -1;
	/* Bundles written before alert-retention existed do not record it. */
	if ((!GIVEN(cfg, GIVEN_ALERT_AGE) &&
	     take_days(p, "alert_max_age_days", 3650, &cfg->alert_max_age_days)) ||
	    (!GIVEN(cfg, GIVEN_MIN_RETENTION) && json_get(p, "min_retention_days") &&
	     take_days(p, "min_retention_days", 4383, &cfg->min_retention_days)) ||
	    (!GIVEN(cfg, GIVEN_ATTEST_AGE) &&
	     take_days(p, "attestation_max_age_days", 3650, &cfg->attestation_max_age_days)))
		return -1;
	if (!GIVEN(cfg, GIVEN_ATTACK_RISK)) {
		s = json_str(p, "attack_path_risk");
		cfg->attack_path_risk = s ? level_parse(s) : LEVEL_OTHER;
		if (cfg->attack_path_risk == LEVEL_OTHER || cfg->attack_path_risk == LEVEL_UNSET)
			return -1;
	}
	if (!GIVEN(cfg, GIVEN_FAIL_ON) &&
	    (!(s = json_str(p, "fail_on")) || severity_parse(s, &cfg->fail_on)))
		return -1;
	return 0;
}

/* The bundle's copy of an input file, unless one was given. */
static void take_input(const struct manifest *m, const struct manifest_input *in,
		       int given, char **slot)
{
	struct buf path = BUF_INIT;

	if (given || !in->file)
		return;
	buf_addf(&path, "%s/%s", m->dir, in->file);
	free(*slot);
	*slot = buf_detach(&path, NULL);
}

static int take_scan(struct config *cfg, const struct manifest *m)
{
	const cJSON *scan = m->scan, *scope = json_obj(scan, "scope"), *v;
	const struct cloud *cloud = cloud_find(json_str(scan, "cloud") ?
					       json_str(scan, "cloud") : "");
	const char *mg;

	if (!cloud || !cJSON_IsObject(scope) ||
	    take_endpoint(scan, "arm_endpoint", 0, &cfg->arm_endpoint) ||
	    take_endpoint(scan, "authority_host", 1, &cfg->authority_host))
		return -1;
	cfg->cloud = cloud;
	if (take_list(scope, "subscriptions", &cfg->subscriptions))
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(scope, "all_subscriptions");
	if (!cJSON_IsBool(v))
		return -1;
	cfg->all_subscriptions = cJSON_IsTrue(v);
	if (json_str_or_null(scope, "management_group", &mg))
		return -1;
	free(cfg->management_group);
	cfg->management_group = xstrdup_or_null(mg);
	v = cJSON_GetObjectItemCaseSensitive(scan, "resource_graph");
	if (!cJSON_IsBool(v))
		return -1;
	cfg->resource_graph = cJSON_IsTrue(v);
	if (take_list(scan, "sentinel_workspaces", &cfg->sentinel_workspaces))
		return -1;
	if (!!cfg->all_subscriptions + !!cfg->subscriptions.n + !!cfg->management_group != 1)
		return -1;
	/* A shard's bundle holds that shard's answers: the replay keeps the
	 * same subscriptions (the command line gives none, cli.c). */
	cfg->shard_index = m->shard_index;
	cfg->shard_count = m->shard_count;
	return take_parameters(cfg, json_obj(scan, "parameters"));
}

/*
 * What the report and stderr say about where the bundle comes from: its
 * signature (checked with --verify-key, present but not checked, none)
 * and the irscan that wrote it, when not this one (another version may
 * have read or judged otherwise, so the findings may differ).
 */
static void say_provenance(const struct config *cfg, struct manifest *m)
{
	if (cfg->verify_keys.n) {
		m->signature = "valid";
	} else if (manifest_is_signed(m)) {
		m->signature = "not-checked";
		if (!cfg->skip_signature)
			msg_warn("the evidence bundle is signed but its signature was not "
				 "checked: give --verify-key FILE (or --skip-signature)");
	} else {
		m->signature = "none";
	}
	if (strcmp(m->tool_version, IRSCAN_VERSION))
		msg_warn("the evidence bundle was written by irscan %s, this is irscan %s: "
			 "the findings may differ from that scan's", m->tool_version,
			 IRSCAN_VERSION);
}

int offline_open(struct config *cfg, struct manifest *m)
{
	return offline_open_for("--offline", cfg, m);
}

/* Nothing is evaluated from a bundle that is not what it says: 0 when
 * count is; else -1 after a message naming the first problem. */
static int verified(const char *what, const char *dir, long count, struct buf *problems)
{
	if (count < 0)
		msg_error("--verify-key: %.*s", (int)strcspn(problems->buf, "\n"), problems->buf);
	else if (count)
		msg_error("%s: %s does not verify (irscan verify lists the "
			  "problems); first: %.*s", what, dir,
			  (int)strcspn(problems->buf, "\n"), problems->buf);
	buf_release(problems);
	return count ? -1 : 0;
}

int offline_open_for(const char *what, struct config *cfg, struct manifest *m)
{
	struct buf err = BUF_INIT, problems = BUF_INIT;

	if (manifest_load(m, cfg->offline_dir, &err)) {
		msg_error("%s: %s", what, err.buf);
		buf_release(&err);
		return -1;
	}
	if (verified(what, cfg->offline_dir, manifest_verify(m, &cfg->verify_keys, &problems),
		     &problems)) {
		manifest_release(m);
		return -1;
	}
	if (take_scan(cfg, m)) {
		msg_error("%s: %s/%s: the scan's scope, endpoints or parameters "
			  "are missing or malformed", what, cfg->offline_dir, BUNDLE_MANIFEST);
		manifest_release(m);
		return -1;
	}
	take_input(m, &m->waivers, GIVEN(cfg, GIVEN_WAIVERS), &cfg->waivers_file);
	take_input(m, &m->attestations, GIVEN(cfg, GIVEN_ATTESTATIONS),
		   &cfg->attestations_file);
	if (check_selection_valid(cfg) < 0) {
		manifest_release(m);
		return -1;
	}
	say_provenance(cfg, m);
	return 0;
}

/* A merged bundle's provenance: its signatures, and any part of another irscan. */
static void say_merged_provenance(const struct config *cfg, struct merged *mb)
{
	size_t i;

	if (cfg->verify_keys.n) {
		mb->signature = "valid";
	} else if (merged_any_signed(mb)) {
		mb->signature = "not-checked";
		if (!cfg->skip_signature)
			msg_warn("the merged evidence bundle holds signatures that were not "
				 "checked: give --verify-key FILE (or --skip-signature)");
	} else {
		mb->signature = "none";
	}
	for (i = 0; i < mb->n; i++)
		if (strcmp(mb->parts[i].m.tool_version, IRSCAN_VERSION)) {
			msg_warn("%s of the merged evidence bundle was written by irscan %s, "
				 "this is irscan %s: the findings may differ from that scan's",
				 mb->parts[i].name, mb->parts[i].m.tool_version, IRSCAN_VERSION);
			break;
		}
}

int offline_open_merged(struct config *cfg, struct merged *mb)
{
	struct buf err = BUF_INIT, problems = BUF_INIT;
	const struct manifest *first;
	struct config pc;
	size_t i;

	if (merged_load(mb, cfg->offline_dir, &err)) {
		msg_error("--offline: %s", err.buf);
		buf_release(&err);
		return -1;
	}
	if (verified("--offline", cfg->offline_dir,
		     merged_verify(mb, &cfg->verify_keys, &problems), &problems))
		goto fail;
	/* The parts share their parameters and input files (merge made sure):
	 * the first part's stand for all; each part's scope is its own. */
	first = &mb->parts[0].m;
	if (take_scan(cfg, first)) {
		msg_error("--offline: %s/%s/%s: the scan's scope, endpoints or parameters "
			  "are missing or malformed", cfg->offline_dir, mb->parts[0].name,
			  BUNDLE_MANIFEST);
		goto fail;
	}
	/* The whole is no shard: each part replays as its own shard
	 * (offline_part_config), the report covers them all. */
	cfg->shard_index = cfg->shard_count = 0;
	/* Every part's scope and endpoints are read now: a bad one is exit 2. */
	for (i = 1; i < mb->n; i++) {
		if (offline_part_config(&pc, cfg, &mb->parts[i]))
			goto fail;
		config_release(&pc);
	}
	take_input(first, &first->waivers, GIVEN(cfg, GIVEN_WAIVERS), &cfg->waivers_file);
	take_input(first, &first->attestations, GIVEN(cfg, GIVEN_ATTESTATIONS),
		   &cfg->attestations_file);
	if (check_selection_valid(cfg) < 0)
		goto fail;
	say_merged_provenance(cfg, mb);
	return 0;
fail:
	merged_release(mb);
	return -1;
}

int offline_part_config(struct config *pc, const struct config *cfg,
			const struct merged_part *p)
{
	config_copy(pc, cfg);
	if (!take_scan(pc, &p->m))
		return 0;
	msg_error("--offline: %s/%s/%s: the scan's scope, endpoints or parameters are "
		  "missing or malformed", cfg->offline_dir, p->name, BUNDLE_MANIFEST);
	config_release(pc);
	return -1;
}
