/*
 * pricings.h - Microsoft.Security/pricings (Defender plans), normalised.
 * One entry per plan as the API lists it (azure-arm/README.md §3).
 */
#ifndef IRSCAN_PRICINGS_H
#define IRSCAN_PRICINGS_H

#include <cJSON.h>

#include "util/buf.h"
#include "util/pool.h"
#include "util/strvec.h"

/* Its strings and replaced_by are in the list's pool: read-only. */
struct pricing {
	const char *name;	/* VirtualMachines, StorageAccounts, ... */
	const char *tier;	/* pricingTier: Standard, Free, or anything */
	const char *sub_plan;	/* NULL when absent */
	int deprecated;		/* 1 only when the API says true */
	struct strvec replaced_by;
	const char *enablement_time;
	/*
	 * 2024-01-01 and later: resourcesCoverageStatus (FullyCovered,
	 * PartiallyCovered, NotCovered; subscription level), enforce
	 * ("True"/"False") and inherited ("True"/"False": 1/0, -1 when
	 * absent), inheritedFrom (resource level).  NULL when absent.
	 */
	const char *coverage;
	int enforce;
	int inherited;
	const char *inherited_from;
};

struct pricing_list {
	struct pricing *items;
	size_t n, alloc;
	struct pool strings;	/* every string of the items */
};

void *pricings_new(void);
/* Append one page's `value` items; entries without a name are skipped. */
int pricings_add_page(void *list, const cJSON *value, const char *api_version,
		      struct buf *err);
void pricings_free(void *list);

#endif
