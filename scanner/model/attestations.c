/*
 * attestations.c - the attestations read from --attestations: freeing
 * them.  Loading (checked against the check catalogue) is
 * policy/attest_file.c's; finding the one for a check, checks/attest_util.c's.
 */
#include "model/attestations.h"

#include <stdlib.h>
#include <string.h>

void attestations_release(struct attestation_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].control);
		free(l->items[i].check);
		free(l->items[i].subscription);
		free(l->items[i].document);
		free(l->items[i].owner);
		free(l->items[i].reviewed);
	}
	free(l->items);
	free(l->file);
	memset(l, 0, sizeof(*l));
}
