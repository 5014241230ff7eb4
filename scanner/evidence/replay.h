/*
 * replay.h - --offline: answer the scan's requests from an evidence
 * bundle instead of the network (http_options.replay).
 *
 * The collection code runs exactly as in the live scan and asks for the
 * same URLs; each request is matched to the next unused manifest entry
 * with the same method, URL and (for Resource Graph) request body, and
 * gets that entry's status, headers, timing and body (re-checked against
 * its SHA-256 as it is read).  A request the bundle does not hold fails
 * like an unreachable server, so its checks report `error`, never `pass`.
 */
#ifndef IRSCAN_REPLAY_H
#define IRSCAN_REPLAY_H

#include "net/http.h"
#include "evidence/manifest.h"

struct replay;

struct replay *replay_new(const struct manifest *m);
/* The same for a part of a merged bundle: the answers' files are named
 * "part/000012.json", as they are found from the merged bundle's top. */
struct replay *replay_new_part(const struct manifest *m, const char *part);
void replay_free(struct replay *r);
/* http_options.replay */
void replay_answer(void *replay, const struct http_exchange *x, struct http_response *resp);

#endif
