/*
 * test_cli.c - unit tests of cli.c.
 */
#include "t.h"
#include "cli.h"

#include <stdlib.h>

void test_cli__option_table_sorted(void)
{
	/* cli.c looks options up with bsearch. */
	T_ASSERT(cli_table_sorted());
}

/* cli_parse of "irscan -s SUB [extra]" with the environment as it is. */
static int parse_scan(struct config *cfg, const char *extra1, const char *extra2)
{
	char *argv[] = { "irscan", "-s", "00000000-0000-4000-8000-000000000001",
			 (char *)extra1, (char *)extra2, NULL };
	int argc = 3 + !!extra1 + !!extra2;

	config_init(cfg);
	return cli_parse(argc, argv, cfg);
}

/* PEM CA files (fixtures/tls/README.md); tests run from the top directory. */
#define CA_ONE "fixtures/tls/ca-one.pem"
#define CA_TWO "fixtures/tls/ca-two.pem"

void test_cli__endpoint_environment(void)
{
	struct config cfg;

	unsetenv("IRSCAN_ARM_ENDPOINT");
	unsetenv("IRSCAN_CA_BUNDLE");
	T_EQ_INT("defaults", 0, parse_scan(&cfg, NULL, NULL));
	T_EQ_STR("the cloud's ARM", "https://management.azure.com", cfg.arm_endpoint);
	T_EQ_STR("no CA bundle", NULL, cfg.ca_bundle);
	config_release(&cfg);

	setenv("IRSCAN_ARM_ENDPOINT", "http://127.0.0.1:8080/", 1);
	setenv("IRSCAN_CA_BUNDLE", CA_ONE, 1);
	T_EQ_INT("from the environment", 0, parse_scan(&cfg, NULL, NULL));
	T_EQ_STR("IRSCAN_ARM_ENDPOINT", "http://127.0.0.1:8080", cfg.arm_endpoint);
	T_EQ_STR("IRSCAN_CA_BUNDLE", CA_ONE, cfg.ca_bundle);
	config_release(&cfg);

	T_EQ_INT("options win", 0, parse_scan(&cfg, "--arm-endpoint=https://arm.example.com",
					      "--ca-bundle=" CA_TWO));
	T_EQ_STR("--arm-endpoint wins", "https://arm.example.com", cfg.arm_endpoint);
	T_EQ_STR("--ca-bundle wins", CA_TWO, cfg.ca_bundle);
	config_release(&cfg);

	/* The option is not validated against the environment it replaces. */
	setenv("IRSCAN_ARM_ENDPOINT", "http://arm.example.com", 1);
	T_EQ_INT("a bad variable under the option", 0,
		 parse_scan(&cfg, "--arm-endpoint=https://arm.example.com", NULL));
	config_release(&cfg);
	T_EQ_INT("http:// only to loopback", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	setenv("IRSCAN_ARM_ENDPOINT", "", 1);
	setenv("IRSCAN_CA_BUNDLE", "/nonexistent/ca.pem", 1);
	T_EQ_INT("unreadable IRSCAN_CA_BUNDLE", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	T_EQ_INT("unread under --ca-bundle", 0, parse_scan(&cfg, "--ca-bundle=" CA_ONE, NULL));
	T_EQ_STR("empty variable: the cloud's", "https://management.azure.com", cfg.arm_endpoint);
	config_release(&cfg);
	/* A readable file that holds no certificate is refused up front. */
	setenv("IRSCAN_CA_BUNDLE", "/dev/null", 1);
	T_EQ_INT("IRSCAN_CA_BUNDLE without a certificate", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	unsetenv("IRSCAN_CA_BUNDLE");
	T_EQ_INT("--ca-bundle without a certificate", -1,
		 parse_scan(&cfg, "--ca-bundle=fixtures/tls/README.md", NULL));
	config_release(&cfg);
	unsetenv("IRSCAN_ARM_ENDPOINT");
}
