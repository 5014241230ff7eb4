/*
 * main.c - start-up and shutdown only: parse, run, clean up, exit code.
 */
#include "cli.h"
#include "completion.h"
#include "diff_cmd.h"
#include "merge_cmd.h"
#include "merge_evidence_cmd.h"
#include "net/http.h"
#include "util/msg.h"
#include "util/redact.h"
#include "scan.h"
#include "evidence/verify.h"
#include "util/version.h"

#include <stdio.h>
#include <string.h>

static int list_checks(const struct config *cfg)
{
	size_t i;
	int width = 28;

	/* The ids listed set the column (the longest is 31 characters). */
	for (i = 0; check_registry[i]; i++)
		if (check_registry[i]->control[cfg->framework] &&
		    (int)strlen(check_registry[i]->id) > width)
			width = (int)strlen(check_registry[i]->id);
	printf("%-*s %-8s %-8s %s\n", width, "check", "control", "severity", "title");
	for (i = 0; check_registry[i]; i++) {
		const struct check *c = check_registry[i];
		char control[32];

		if (!c->control[cfg->framework])
			continue;
		snprintf(control, sizeof(control), "%s%s", c->control[cfg->framework],
			 c->flags & CHECK_PER_FINDING_CONTROLS ? ".*" : "");
		/* A check mapped per finding shows its section: "2.1.*". */
		printf("%-*s %-8s %-8s %s\n", width, c->id, control,
		       severity_name(c->severity), c->title);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	int rc;

	config_init(&cfg);
	if (cli_parse(argc, argv, &cfg) ||
	    (cfg.command == CMD_COMPLETION && completion_check_shell(cfg.completion_shell))) {
		config_release(&cfg);
		return 2;
	}
	msg_setup(cfg.quiet ? MSG_QUIET : cfg.verbose ? MSG_VERBOSE : MSG_NORMAL,
		  cfg.color);
	switch (cfg.command) {
	case CMD_HELP:
		cli_print_help(stdout);
		rc = 0;
		break;
	case CMD_VERSION:
		printf("irscan %s\n", IRSCAN_VERSION);
		rc = 0;
		break;
	case CMD_LIST_CHECKS:
		rc = list_checks(&cfg);
		break;
	case CMD_VERIFY:
		rc = verify_run(&cfg);
		break;
	case CMD_COMPLETION:
		rc = completion_print(stdout, cfg.completion_shell) ? 3 : 0;
		break;
	case CMD_DIFF:
		rc = diff_run(&cfg);
		break;
	case CMD_MERGE:
		/* Bundles (--evidence) or reports (merge_cmd.c). */
		rc = cfg.merge_evidence ? merge_evidence_cmd(&cfg) : merge_run(&cfg);
		break;
	case CMD_SCAN:
	default:
		if (cfg.offline_dir) {
			/* No network library even initialised. */
			rc = scan_run(&cfg);
			break;
		}
		if (http_global_init()) {
			msg_error("cannot initialise libcurl");
			rc = 3;
			break;
		}
		rc = scan_run(&cfg);
		http_global_cleanup();
		break;
	}
	config_release(&cfg);
	redact_forget_all();
	return rc;
}
