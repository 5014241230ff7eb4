/*
 * env.c - the credentials' environment variables, read in one place
 * (see env.h).  AZURE_AUTHORITY_HOST is not here: it is an endpoint,
 * resolved with the other endpoints and options into the config.
 */
#include "auth/env.h"

#include <stdlib.h>

struct auth_env auth_env_read(void)
{
	return (struct auth_env){
		.tenant_id = getenv("AZURE_TENANT_ID"),
		.client_id = getenv("AZURE_CLIENT_ID"),
		.client_secret = getenv("AZURE_CLIENT_SECRET"),
		.cert_path = getenv("AZURE_CLIENT_CERTIFICATE_PATH"),
		.cert_password = getenv("AZURE_CLIENT_CERTIFICATE_PASSWORD"),
		.send_cert_chain = getenv("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"),
		.federated_token_file = getenv("AZURE_FEDERATED_TOKEN_FILE"),
		.identity_endpoint = getenv("IDENTITY_ENDPOINT"),
		.identity_header = getenv("IDENTITY_HEADER"),
		.pod_identity_host = getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST"),
	};
}
