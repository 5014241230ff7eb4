/*
 * jstream.h - write a large JSON document piece by piece.
 *
 * The JSON and SARIF reports hold one record per finding; building the
 * whole document as one cJSON tree and printing it would keep the tree
 * and its text in memory at once (hundreds of MB for a large tenant).
 * Instead the outer structure is written here and each record is built,
 * printed on its own line and freed.  Records are compact (one per line,
 * easy to grep); the output is one valid JSON document.
 */
#ifndef IRSCAN_JSTREAM_H
#define IRSCAN_JSTREAM_H

#include <cJSON.h>
#include <stdio.h>
#include <time.h>

struct jstream {
	FILE *out;
	int depth;
	int first[16];		/* nothing written yet at this depth */
	int failed;		/* a write failed */
};

void js_init(struct jstream *js, FILE *out);
void js_begin_object(struct jstream *js, const char *key);	/* key NULL: value */
void js_begin_array(struct jstream *js, const char *key);
void js_end_object(struct jstream *js);
void js_end_array(struct jstream *js);
/* Write value (under key, or as an array element when key is NULL) and free it. */
void js_put(struct jstream *js, const char *key, cJSON *value);
/* Write an already serialised JSON value (trusted to be valid). */
void js_put_text(struct jstream *js, const char *key, const char *json);
/* 0 when every write succeeded. */
int js_finish(struct jstream *js);

/*
 * Building records.  Allocation failure stops the program (xmalloc.h);
 * js_add/js_push free the item if it cannot be attached.  Strings are
 * made valid UTF-8 first (they come from Azure); NULL becomes JSON null,
 * so every field is always present.
 */
cJSON *js_must(cJSON *item);
void js_add(cJSON *obj, const char *key, cJSON *item);
void js_push(cJSON *arr, cJSON *item);
cJSON *js_str(const char *s);
void js_add_str(cJSON *obj, const char *key, const char *s);
/* A time as an RFC 3339 string in UTC ("2026-12-06T10:00:00Z"). */
cJSON *js_time(time_t t);

#endif
