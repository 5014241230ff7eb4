/*
 * attestations.c - the attestations read from --attestations: freeing
 * them.  Loading (checked against the check catalogue) is
 * policy/attest_file.c's; finding the one for a check, checks/attest_util.c's.
 */
#include "model/attestations.h"

#include <stdlib.h>

void attestations_release(struct attestation_list *l)
{
	pool_release(&l->strings);
	free(l->items);
	*l = (struct attestation_list){ .strings = POOL_INIT };
}
