/*
 * json.h - typed, NULL-safe reads from untrusted cJSON trees.
 *
 * Every read of a value that came from the network or a file goes through
 * these helpers, so the type check happens once, here, instead of at each
 * `->valuestring`.  Keys are looked up case-insensitively (ARM property
 * names are camelCase, but some resource providers answer in PascalCase,
 * e.g. {"Code": ..., "Message": ...}).  All returned pointers are borrowed
 * from the tree and die with it.
 */
#ifndef IRSCAN_JSON_H
#define IRSCAN_JSON_H

#include <cJSON.h>
#include <stddef.h>

#include "util/buf.h"

/* Parse at most len bytes; NULL on malformed input. */
cJSON *json_parse(const char *data, size_t len);
/*
 * What cJSON lets pass silently in a document json_parse accepted (root,
 * parsed from these len bytes of text): a key given twice in one object
 * (lookups only ever see the first) and a NUL in a string, escaped
 * (\u0000) or raw (the C string ends there).  For input files, where a
 * value read differently from what its author wrote must be an error.
 * 0 when there is neither; else -1 with where and what in err, as
 * "waivers[2]: field 'document' holds a NUL character (\u0000)" or
 * "field 'waivers' appears twice" (keys shown escaped).
 */
int json_check_strict(const char *text, size_t len, const cJSON *root, struct buf *err);

/*
 * A large document read member by member instead of as one tree: the
 * top-level object's members are parsed one at a time and handed to
 * on_member (which owns the value), except the array under stream_key,
 * whose elements go one by one to on_element (which owns each; then
 * on_member gets that key with a NULL value, even for an empty array) -- a
 * report of a thousand subscriptions is 50 MB of text and four times that
 * as one tree.  Each value is checked as json_check_strict() checks a
 * document, and a member named twice is refused.  0; -1 after a callback
 * failed (it said why) or a strict check did (err says where, as
 * "findings[3]: field 'x' appears twice"); -2 when the text is not one
 * JSON object (err untouched).
 */
struct json_stream {
	const char *stream_key;
	int (*on_member)(void *ctx, const char *key, cJSON *value);
	int (*on_element)(void *ctx, size_t index, cJSON *value);
	void *ctx;
};
int json_stream_object(const char *text, size_t len, const struct json_stream *s,
		       struct buf *err);

const cJSON *json_get(const cJSON *obj, const char *key);
/* The string value, or NULL when absent or not a string. */
const char *json_str(const cJSON *obj, const char *key);
/*
 * An optional string: *out is the string, or NULL when the key is absent
 * or null; returns -1 (and *out NULL) when it holds another type.
 */
int json_str_or_null(const cJSON *obj, const char *key, const char **out);
/* The object/array value, or NULL when absent or of another type. */
const cJSON *json_obj(const cJSON *obj, const char *key);
const cJSON *json_arr(const cJSON *obj, const char *key);
/*
 * A boolean that some APIs send as a string: returns 1 or 0, or -1 when
 * the key is absent or holds anything else ("True"/"False" accepted).
 */
int json_bool(const cJSON *obj, const char *key);
/* A number (or a numeric string, as IMDS sends); 0 on success. */
int json_num(const cJSON *obj, const char *key, double *out);

#endif
