/*
 * report_read.h - reading fields of an irscan JSON report (SPEC §5), an
 * input file: every field type-checked, and an error that names the file
 * and the field ("'<path>': findings[3].status is not a status this
 * irscan knows").  Shared by the baseline (baseline.c) and `irscan merge`
 * (report_load.c), so both judge a report by the same rules.
 */
#ifndef IRSCAN_REPORT_READ_H
#define IRSCAN_REPORT_READ_H

#include <cJSON.h>
#include <stddef.h>

#include "model/vocab.h"
#include "util/buf.h"
#include "util/pool.h"

/* One file being read: where in it we are, where its strings go, the error. */
struct jread {
	const char *path;
	struct pool *pool;
	struct buf *err;
	char where[48];		/* "findings[12]" */
};

/* Append "'<path>': <where>.<field> <what>" to err; returns -1. */
int jread_bad(struct jread *l, const char *field, const char *what);
/* An optional string field: absent or null is NULL; another type fails. */
int jread_opt_str(struct jread *l, const cJSON *obj, const char *key, const char **out);
/* The same, but missing or empty fails. */
int jread_req_str(struct jread *l, const cJSON *obj, const char *key, const char **out);
/* An optional field that must be of a type (cJSON_IsArray...) when present. */
int jread_opt_typed(struct jread *l, const cJSON *obj, const char *key,
		    cJSON_bool (*is)(const cJSON *), const char *type, const cJSON **out);
/* An array of strings into a NULL-ended pool array (*out, *n). */
int jread_str_list(struct jread *l, const cJSON *arr, const char *key,
		   const char ***out, size_t *n);
/* A status by its report name ("fail"); 0, or -1 for one this irscan does not know. */
int jread_status(const char *s, enum status *out);
/* tool.name is "irscan" (else "not an irscan JSON report"); tool.version into *version. */
int jread_tool(struct jread *l, const cJSON *root, const char **version);

#endif
