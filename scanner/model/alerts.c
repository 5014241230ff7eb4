/*
 * alerts.c - keep the Active, High severity alerts of each page.
 * Severity and status are compared case-insensitively; an alert whose
 * time cannot be read is kept with time -1 so the check can say so
 * instead of guessing it is recent.
 */
#include "model/alerts.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

void *alerts_new(void)
{
	return xcalloc(1, sizeof(struct alert_list));
}

/* The alert's time, or (time_t)-1 when absent or unparseable. */
static time_t alert_time(const char *t)
{
	time_t out;

	return t && !clock_parse_iso8601(t, &out) ? out : (time_t)-1;
}

int alerts_add_page(void *p, const cJSON *value, const char *api_version,
		    struct buf *err)
{
	struct alert_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const cJSON *props = json_obj(it, "properties");
		const char *sev = json_str(props, "severity");
		const char *status = json_str(props, "status");
		const char *t = json_str(props, "timeGeneratedUtc");

		l->total++;
		if (!sev || !status) {
			l->unreadable++;
			continue;
		}
		if (strcasecmp(sev, "High") || strcasecmp(status, "Active"))
			continue;
		if (!t)
			t = json_str(props, "startTimeUtc");
		l->active_high = xgrow(l->active_high, &l->alloc, l->n + 1,
				       sizeof(*l->active_high));
		l->active_high[l->n++] = (struct alert){
			.id = pool_strdup_or_null(&l->strings, json_str(it, "id")),
			.display_name = pool_strdup_or_null(&l->strings,
							    json_str(props, "alertDisplayName")),
			.time_raw = pool_strdup_or_null(&l->strings, t),
			.time = alert_time(t),
		};
	}
	return 0;
}

void alerts_free(void *p)
{
	struct alert_list *l = p;

	if (!l)
		return;
	pool_release(&l->strings);
	free(l->active_high);
	free(l);
}

size_t alerts_stale(const struct alert_list *l, time_t now, long max_days)
{
	time_t limit = now - (time_t)(max_days > 0 ? max_days : 7) * 86400;
	size_t i, n = 0;

	for (i = 0; l && i < l->n; i++)
		n += l->active_high[i].time == (time_t)-1 || l->active_high[i].time < limit;
	return n;
}
