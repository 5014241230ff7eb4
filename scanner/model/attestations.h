/*
 * attestations.h - people's statements for the controls no API can show
 * (SPEC §7): an incident response plan or exercise, its document, owner
 * and review date, for a control of a framework.
 */
#ifndef IRSCAN_ATTESTATIONS_H
#define IRSCAN_ATTESTATIONS_H

#include <time.h>

#include "util/buf.h"
#include "util/pool.h"
#include "model/vocab.h"

/* Its strings are in the list's pool. */
struct attestation {
	const char *control;
	enum framework framework;
	const char *check;	/* optional: only this check */
	const char *subscription;	/* "*" or an id */
	const char *document;
	const char *owner;
	const char *reviewed;	/* YYYY-MM-DD as written */
	time_t reviewed_at;
	size_t index;
};

struct attestation_list {
	struct attestation *items;
	size_t n;
	const char *file;
	struct pool strings;	/* file and every string of the items */
};

/* Free the items and their strings; l is then empty (file NULL). */
void attestations_release(struct attestation_list *l);
#endif
