/*
 * alerts.h - Microsoft.Security/alerts, reduced to what the checks use:
 * how many alerts were read and the Active High ones with their time.
 * The rest of each page is dropped as it arrives.
 */
#ifndef IRSCAN_ALERTS_H
#define IRSCAN_ALERTS_H

#include <cJSON.h>
#include <time.h>

#include "util/buf.h"
#include "util/pool.h"

/* Its strings are in the list's pool. */
struct alert {
	const char *id;
	const char *display_name;	/* alertDisplayName, or NULL */
	const char *time_raw;	/* timeGeneratedUtc (else startTimeUtc) */
	time_t time;		/* parsed, or (time_t)-1 when unparseable */
};

struct alert_list {
	size_t total;		/* alerts read, every status and severity */
	size_t unreadable;	/* without a severity or status string */
	struct alert *active_high;	/* status Active, severity High */
	size_t n, alloc;
	struct pool strings;	/* every string of the alerts */
};

void *alerts_new(void);
int alerts_add_page(void *list, const cJSON *value, const char *api_version,
		    struct buf *err);
void alerts_free(void *list);
/*
 * How many Active High alerts are older than max_days at `now`, or have
 * no readable time (they count against the subscription too).  The one
 * definition of "untriaged" for high-alerts-triaged and for collection.
 */
size_t alerts_stale(const struct alert_list *l, time_t now, long max_days);

#endif
