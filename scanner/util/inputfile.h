/*
 * inputfile.h - reading the JSON files users hand to irscan (waivers,
 * attestations) strictly: bounded size, valid JSON, every entry checked
 * field by field, and an error that names the file, the entry and the
 * field, because a typo in an exception file must never silently waive
 * or attest anything.
 */
#ifndef IRSCAN_INPUTFILE_H
#define IRSCAN_INPUTFILE_H

#include <cJSON.h>
#include <time.h>

#include "util/buf.h"

/* Larger input files are refused. */
#define INPUT_FILE_MAX (4u * 1024 * 1024)

/*
 * Read `path` and return the array under top-level key `list` of the
 * parsed document in *root (caller deletes *root).  NULL with a reason
 * in err on any problem, a key given twice or a NUL in a string too
 * (json_check_strict).
 */
const cJSON *input_load_list(const char *path, const char *list, cJSON **root,
			     struct buf *err);

struct input_entry;

/* Load one entry into *item (zeroed); 0, or -1 with the reason in err. */
typedef int (*input_entry_fn)(const struct input_entry *e, void *item, void *ctx,
			      struct buf *err);

/*
 * Load every entry of the array `list` in file `path` with fn into a new
 * array of item_size elements (*items, *n).  Returns 0, or -1 with the
 * reason in err; *n then counts the entries fully loaded, for the caller
 * to release.
 */
int input_load_entries(const char *path, const char *list, size_t item_size,
		       input_entry_fn fn, void *ctx, void **items, size_t *n,
		       struct buf *err);

/*
 * Field checks for entry `idx` of list `list` in file `path`.  Each
 * returns 0, or -1 after writing "'<path>': <list>[<idx>]: field ..." to
 * err.  Optional fields may be absent (then *out is NULL).
 */
struct input_entry {
	const char *path;
	const char *list;
	size_t idx;
	const cJSON *obj;
};
int input_string(const struct input_entry *e, const char *key, int required,
		 const char **out, struct buf *err);
int input_date(const struct input_entry *e, const char *key, const char **raw,
	       time_t *out, struct buf *err);
/* Only these keys may appear (catches misspelt field names). */
int input_only_keys(const struct input_entry *e, const char *const *keys,
		    struct buf *err);
/* "*" or a subscription GUID. */
int input_subscription(const struct input_entry *e, const char **out,
		       struct buf *err);

#endif
