/*
 * evidence_retire.c - a scan's evidence records out of memory once their
 * subscription's findings are stored (finding_store.h says when), and
 * read back for the one report that lists every request.
 *
 * At 10,000 subscriptions the scan made some 60,000 exchanges, each a
 * record of some 370 bytes kept to the end: more than a third of the
 * scan's memory (docs/performance.md).  The findings' blocks carry
 * copies of the records they cite; a record no dataset cites any longer
 * is written to the temporary file, a 32-bit length before it, and freed.
 */
#include "policy/finding_store.h"
#include "model/evidence_codec.h"
#include "util/xmalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void finding_store_retire_from(struct finding_store *s, struct snapshot *snap)
{
	if (s->blocks_n)
		die("internal error: evidence retired after findings were stored");
	s->retire_from = snap;
}

/* snapshot_sub_drop_evidence's retire: 1 when e is in the file. */
static int retire_one(void *ctx, const struct evidence *e)
{
	struct finding_store *s = ctx;
	struct buf enc = BUF_INIT;
	unsigned long long at;
	uint32_t len = 0;
	int kept;

	buf_addn(&enc, &len, sizeof(len));
	evidence_encode(&enc, e);
	if (enc.len - sizeof(len) > UINT32_MAX)
		die("an evidence record is too large to keep");
	len = (uint32_t)(enc.len - sizeof(len));
	memcpy(enc.buf, &len, sizeof(len));
	kept = !scratch_put(&s->file, enc.buf, enc.len, &at);
	buf_release(&enc);
	if (!kept)
		return 0;	/* no file: the record stays in the snapshot */
	if (e->index >= s->retired_alloc) {
		size_t was = s->retired_alloc;

		s->retired_at = xgrow(s->retired_at, &s->retired_alloc, e->index + 1,
				      sizeof(*s->retired_at));
		memset(s->retired_at + was, 0, (s->retired_alloc - was) * sizeof(*s->retired_at));
	}
	s->retired_at[e->index] = at + 1;
	return 1;
}

void finding_store_retire(struct finding_store *s, struct sub_snapshot *sub)
{
	if (s->retire_from)
		snapshot_sub_drop_evidence(s->retire_from, sub, retire_one, s);
}

const struct evidence *finding_store_evidence(const struct finding_store *s,
					      const struct snapshot *snap, size_t i,
					      struct evidence_reader *rd)
{
	const struct evidence *e;
	const char *p, *end;
	unsigned long long at;
	uint32_t len;

	if (snap->evidence[i])
		return snap->evidence[i];
	if (!s || i >= s->retired_alloc || !s->retired_at[i])
		die("internal error: evidence record %zu is lost", i);
	at = s->retired_at[i] - 1;
	scratch_get(&s->file, &len, sizeof(len), at);
	scratch_get_into(&s->file, &rd->raw, &rd->raw_alloc, len, at + sizeof(len));
	pool_release(&rd->pool);
	p = rd->raw;
	end = p + len;
	if (!(e = evidence_decode(&rd->pool, &p, end)) || p != end || e->index != i)
		die("the findings' temporary file is damaged");
	return e;
}

void evidence_reader_release(struct evidence_reader *rd)
{
	pool_release(&rd->pool);
	free(rd->raw);
	memset(rd, 0, sizeof(*rd));
}
