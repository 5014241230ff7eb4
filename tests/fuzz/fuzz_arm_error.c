/*
 * fuzz_arm_error.c - an ARM error body ({"error": {"code", "message"}},
 * PascalCase, or Entra's {"error": "x", "error_description": ...}) as
 * arm.c reads every answer that is not 200.
 */
#include "fuzz.h"
#include "arm/arm.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *code = (char *)1, *message = (char *)1;

	arm_parse_error((const char *)data, size, &code, &message);
	FUZZ_CHECK(code != (char *)1 && message != (char *)1, "outputs not set");
	/* The code decides the api-version fallback: a plain string or none. */
	if (code)
		(void)arm_is_version_error(400, code);
	free(code);
	free(message);
	return 0;
}
