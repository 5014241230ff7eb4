/*
 * config.c - defaults, the cloud table and output files of a run.
 */
#include "model/config.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

/* azure-arm/README.md §8.5: the hosts of each national cloud. */
static const struct cloud clouds[] = {
	{ "AzureCloud", "https://management.azure.com",
	  "https://login.microsoftonline.com" },
	{ "AzureUSGovernment", "https://management.usgovcloudapi.net",
	  "https://login.microsoftonline.us" },
	{ "AzureChinaCloud", "https://management.chinacloudapi.cn",
	  "https://login.chinacloudapi.cn" },
};

const struct cloud *cloud_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(clouds); i++)
		if (!strcasecmp(clouds[i].name, name))
			return &clouds[i];
	return NULL;
}

const struct cloud *cloud_at(size_t i)
{
	return i < ARRAY_SIZE(clouds) ? &clouds[i] : NULL;
}

const char *auth_method_name(enum auth_method m)
{
	switch (m) {
	case AUTH_AUTO: return "auto";
	case AUTH_SECRET: return "secret";
	case AUTH_CERTIFICATE: return "certificate";
	case AUTH_FEDERATED: return "federated";
	case AUTH_MANAGED_IDENTITY: return "managed-identity";
	case AUTH_CLI: return "cli";
	}
	return NULL;
}

void config_init(struct config *c)
{
	*c = (struct config){
		.subscriptions = STRVEC_INIT,
		.checks = STRVEC_INIT,
		.controls = STRVEC_INIT,
		.required_plans = STRVEC_INIT,
		.criticality_tags = STRVEC_INIT,
		.sentinel_workspaces = STRVEC_INIT,
		.merge_inputs = STRVEC_INIT,
		.alert_max_age_days = 7,
		.min_retention_days = 90,
		.attestation_max_age_days = 365,
		.concurrency = 64,
		.timeout_ms = 30000,
		.deadline_ms = 15L * 60 * 1000,
		.max_retries = 5,
		/* ARM caps resource provider answers at 4 MB; leave ample room. */
		.max_body_bytes = 32u * 1024 * 1024,
		/* Some 40 times what a tenant of 1,000 subscriptions needs. */
		.max_requests = 250000,
		.max_pages = 1000,
		.framework = FW_ASB_IR_2019,
		.fail_on = SEV_LOW,
		.attack_path_risk = LEVEL_HIGH,
		.cloud = &clouds[0],
	};
	strvec_split(&c->criticality_tags, "criticality,environment,env", ',');
}

void config_release(struct config *c)
{
	size_t i;

	strvec_clear(&c->subscriptions);
	strvec_clear(&c->checks);
	strvec_clear(&c->controls);
	strvec_clear(&c->required_plans);
	strvec_clear(&c->criticality_tags);
	strvec_clear(&c->sentinel_workspaces);
	strvec_clear(&c->verify_keys);
	strvec_clear(&c->merge_inputs);
	free(c->waivers_file);
	free(c->attestations_file);
	free(c->management_group);
	free(c->evidence_dir);
	free(c->offline_dir);
	free(c->baseline);
	free(c->sign_key);
	free(c->verify_dir);
	free(c->diff_old);
	free(c->diff_new);
	free(c->completion_shell);
	free(c->arm_endpoint);
	free(c->authority_host);
	free(c->ca_bundle);
	/* scan.c has closed and removed every temporary file by now. */
	for (i = 0; i < c->outputs_n; i++) {
		free(c->outputs[i].path);
		free(c->outputs[i].target);
		free(c->outputs[i].tmp);
	}
	free(c->outputs);
	memset(c, 0, sizeof(*c));
}

static void copy_list(struct strvec *dst, const struct strvec *src)
{
	size_t i;

	strvec_init(dst);
	for (i = 0; i < src->n; i++)
		strvec_push(dst, src->v[i]);
}

/* The owned fields of config_release(), each duplicated (the same list of them). */
void config_copy(struct config *dst, const struct config *src)
{
	char **const strings[] = {
		&dst->waivers_file, &dst->attestations_file, &dst->management_group,
		&dst->evidence_dir, &dst->offline_dir, &dst->baseline, &dst->sign_key,
		&dst->verify_dir, &dst->diff_old, &dst->diff_new,
		&dst->completion_shell, &dst->arm_endpoint, &dst->authority_host,
		&dst->ca_bundle,
	};
	size_t i;

	*dst = *src;
	copy_list(&dst->subscriptions, &src->subscriptions);
	copy_list(&dst->checks, &src->checks);
	copy_list(&dst->controls, &src->controls);
	copy_list(&dst->required_plans, &src->required_plans);
	copy_list(&dst->criticality_tags, &src->criticality_tags);
	copy_list(&dst->sentinel_workspaces, &src->sentinel_workspaces);
	copy_list(&dst->verify_keys, &src->verify_keys);
	copy_list(&dst->merge_inputs, &src->merge_inputs);
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		*strings[i] = xstrdup_or_null(*strings[i]);
	dst->outputs = NULL;
	dst->outputs_n = 0;
}
