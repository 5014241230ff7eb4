/*
 * progress.h - one status line on a terminal while a scan runs:
 * subscriptions done / known, Resource Manager requests, retries, elapsed
 * time.  Shown only
 * when stderr is a terminal and neither -q nor -v is given (-v prints a
 * line per request instead); erased before the summary is printed.
 */
#ifndef IRSCAN_PROGRESS_H
#define IRSCAN_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "net/http.h"

struct progress {
	int enabled;
	int shown;		/* a line is on screen */
	int64_t start_ms;
};

void progress_init(struct progress *p, int enabled);
/* total_final 0: more subscriptions may come (a list still arriving),
 * shown as "done/≥total". */
void progress_show(struct progress *p, size_t done, size_t total, int total_final,
		   const struct http_stats *s);
/* Erase the line (if any). */
void progress_end(struct progress *p);

#endif
