/*
 * attestations.h - people's statements for the controls no API can show
 * (SPEC §7): an incident response plan or exercise, its document, owner
 * and review date, for a control of a framework.
 */
#ifndef IRSCAN_ATTESTATIONS_H
#define IRSCAN_ATTESTATIONS_H

#include <time.h>

#include "util/buf.h"
#include "model/vocab.h"

struct attestation {
	char *control;
	enum framework framework;
	char *check;		/* optional: only this check */
	char *subscription;	/* "*" or an id */
	char *document;
	char *owner;
	char *reviewed;		/* YYYY-MM-DD as written */
	time_t reviewed_at;
	size_t index;
};

struct attestation_list {
	struct attestation *items;
	size_t n;
	char *file;
};

void attestations_release(struct attestation_list *l);
#endif
