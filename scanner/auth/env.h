/*
 * env.h - the environment variables the credentials read (the Azure
 * SDKs' names, SPEC §4), in one place.
 *
 * The app reads them once per scan (auth_env_read) and hands the struct
 * to the chain, which hands it to each credential's constructor; the
 * same values name the tenant and client in the report.  Nothing else
 * in the auth layer calls getenv() for a credential, so a constructor
 * can be tested with a struct instead of setenv().  The values are as
 * getenv() returns them (NULL when unset, possibly empty): each reader
 * decides what an empty value means, as it did when it read them itself.
 */
#ifndef IRSCAN_AUTH_ENV_H
#define IRSCAN_AUTH_ENV_H

struct auth_env {
	const char *tenant_id;		/* AZURE_TENANT_ID */
	const char *client_id;		/* AZURE_CLIENT_ID */
	const char *client_secret;	/* AZURE_CLIENT_SECRET */
	const char *cert_path;		/* AZURE_CLIENT_CERTIFICATE_PATH */
	const char *cert_password;	/* AZURE_CLIENT_CERTIFICATE_PASSWORD */
	const char *send_cert_chain;	/* AZURE_CLIENT_SEND_CERTIFICATE_CHAIN */
	const char *federated_token_file;	/* AZURE_FEDERATED_TOKEN_FILE */
	const char *identity_endpoint;	/* IDENTITY_ENDPOINT (App Service ...) */
	const char *identity_header;	/* IDENTITY_HEADER, its secret */
	const char *pod_identity_host;	/* AZURE_POD_IDENTITY_AUTHORITY_HOST */
};

/*
 * The variables of this process.  The pointers are borrowed from the
 * environment: valid while it is not changed (irscan never changes it).
 */
struct auth_env auth_env_read(void);

#endif
