/*
 * finding_store.c - findings kept out of memory between evaluation and
 * the reports (finding_store.h says why), and read back one subscription
 * at a time.
 *
 * A block is one subscription's findings, encoded back to back, after the
 * evidence records they cite when the store retires the evidence (and has
 * a file to retire it to: b->copies):
 *
 *   (copies)        a 32-bit count, then each distinct record cited:
 *                   a byte 1 and a copy (model/evidence_codec.h), or a
 *                   byte 0 and its address (a record pinned in memory)
 *   struct record   (the fixed fields; pointers into the snapshot,
 *                    catalogue and waiver list, which outlive the store)
 *   controls        FW__COUNT ids, when the finding has its own
 *   evidence        ev_n pointers, or (copies) 32-bit slots of the
 *                   records above
 *   resource        NUL-terminated, unless it is the subscription's path
 *   message         NUL-terminated, unless NULL
 *   observed        obs_n pairs of NUL-terminated key and value
 *
 * Everything is copied with memcpy, so nothing in a block needs alignment;
 * the strings read back point into the block's buffer.
 */
#include "policy/finding_store.h"
#include "model/evidence_codec.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct finding_block {
	const struct sub_snapshot *sub;
	size_t seq;			/* order added, for a stable sort */
	size_t n, first;		/* findings, and the first one's index */
	const struct finding *items;	/* wrapped list: its run */
	unsigned long long at;		/* temporary file: where */
	size_t bytes;
	char *mem;			/* no temporary file: the block itself */
	int copies;			/* it carries copies of the evidence */
};

#define NO_STRING UINT32_MAX		/* message NULL, resource = sub->path */

struct record {
	const struct check *check;
	const struct sub_snapshot *sub;
	const struct waiver *waiver;
	const char *const *controls;	/* the check's own, or NULL: they follow */
	uint32_t status, waived_from, waiver_expired;
	uint32_t obs_n, ev_n;
	uint32_t resource_len, message_len;
};

void finding_store_init(struct finding_store *s)
{
	memset(s, 0, sizeof(*s));
}

static struct finding_block *new_block(struct finding_store *s, const struct sub_snapshot *sub)
{
	struct finding_block *b;

	s->blocks = xgrow(s->blocks, &s->blocks_alloc, s->blocks_n + 1, sizeof(*s->blocks));
	b = &s->blocks[s->blocks_n];
	*b = (struct finding_block){ .sub = sub, .seq = s->blocks_n };
	s->blocks_n++;
	return b;
}

void finding_store_wrap(struct finding_store *s, struct findings *fs)
{
	struct finding_block *b = NULL;
	size_t i;

	finding_store_init(s);
	for (i = 0; i < fs->n; i++) {
		fs->items[i].index = (unsigned)i;
		if (!b || fs->items[i].sub != b->sub) {
			b = new_block(s, fs->items[i].sub);
			b->items = &fs->items[i];
			b->first = i;
		}
		b->n++;
	}
	s->n = fs->n;
	s->sealed = 1;
}

static uint32_t string_len(const char *str)
{
	size_t n = str ? strlen(str) : 0;

	if (!str)
		return NO_STRING;
	if (n >= NO_STRING)
		die("a finding's string is too long to keep");
	return (uint32_t)n;
}

/* The distinct evidence records a block cites, sorted by address. */
struct cited {
	const struct evidence **ev;
	size_t n, alloc;
};

static int ptr_cmp(const void *a, const void *b)
{
	const struct evidence *x = *(const struct evidence *const *)a;
	const struct evidence *y = *(const struct evidence *const *)b;

	return x < y ? -1 : x > y;
}

/* Gather and encode the records findings[0..n) cite. */
static void encode_cited(struct buf *out, struct cited *c, const struct snapshot *snap,
			 const struct finding *f, size_t n)
{
	size_t i, k, u = 0;
	uint32_t count;

	c->n = 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < f[i].ev_n; k++) {
			c->ev = xgrow(c->ev, &c->alloc, c->n + 1, sizeof(*c->ev));
			c->ev[c->n++] = f[i].ev[k];
		}
	if (c->n > 1)
		qsort(c->ev, c->n, sizeof(*c->ev), ptr_cmp);
	for (i = 0; i < c->n; i++)
		if (!u || c->ev[u - 1] != c->ev[i])
			c->ev[u++] = c->ev[i];
	c->n = u;
	if (u > UINT32_MAX)
		die("too many evidence records for one subscription");
	count = (uint32_t)u;
	buf_addn(out, &count, sizeof(count));
	for (i = 0; i < u; i++) {
		/* A copy, but of a record the snapshot holds: one of a list
		 * call still running has no index yet, so its address is kept
		 * and it must stay where it is (pinned, never retired). */
		unsigned char copy = snapshot_owns(snap, c->ev[i]);

		buf_addn(out, &copy, 1);
		if (copy) {
			evidence_encode(out, c->ev[i]);
		} else {
			((struct evidence *)c->ev[i])->pinned = 1;	/* the snapshot's, not const */
			buf_addn(out, &c->ev[i], sizeof(c->ev[i]));
		}
	}
}

static void encode(struct buf *out, const struct finding *f, const struct cited *cited)
{
	struct record r = {
		.check = f->check, .sub = f->sub, .waiver = f->waiver,
		.controls = f->controls == f->check->control ? f->controls : NULL,
		.status = f->status, .waived_from = f->waived_from,
		.waiver_expired = (uint32_t)f->waiver_expired,
		.obs_n = f->obs_n, .ev_n = f->ev_n,
		.resource_len = f->resource == f->sub->path ? NO_STRING : string_len(f->resource),
		.message_len = string_len(f->message),
	};
	unsigned i;

	buf_addn(out, &r, sizeof(r));
	if (!r.controls)
		buf_addn(out, f->controls, FW__COUNT * sizeof(*f->controls));
	for (i = 0; cited && i < f->ev_n; i++) {
		const struct evidence **at = cited->ev ? bsearch(&f->ev[i], cited->ev, cited->n,
								 sizeof(*cited->ev), ptr_cmp) : NULL;
		uint32_t slot;

		if (!at)
			die("internal error: a finding cites a record its block lacks");
		slot = (uint32_t)(at - cited->ev);
		buf_addn(out, &slot, sizeof(slot));
	}
	if (f->ev_n && !cited)
		buf_addn(out, f->ev, f->ev_n * sizeof(*f->ev));
	if (r.resource_len != NO_STRING)
		buf_addn(out, f->resource, r.resource_len + 1);
	if (r.message_len != NO_STRING)
		buf_addn(out, f->message, r.message_len + 1);
	for (i = 0; i < f->obs_n; i++) {
		buf_addn(out, f->obs[i].key, strlen(f->obs[i].key) + 1);
		buf_addn(out, f->obs[i].value, strlen(f->obs[i].value) + 1);
	}
}

/* The encoded block to the file, or kept in memory once the file fails. */
static void keep(struct finding_store *s, struct finding_block *b, struct buf *enc)
{
	b->bytes = enc->len;
	if (!scratch_put(&s->file, enc->buf, enc->len, &b->at))
		return;
	b->mem = buf_detach(enc, NULL);
}

void finding_store_add(struct finding_store *s, struct findings *fs)
{
	struct buf enc = BUF_INIT;
	struct cited cited = { 0 };
	size_t i = 0, end;

	while (i < fs->n) {
		struct finding_block *b = new_block(s, fs->items[i].sub);

		for (end = i; end < fs->n && fs->items[end].sub == b->sub; end++)
			;
		/* Copies only while records can leave memory: with no file
		 * (or once it failed) they stay, and pointers to them do. */
		b->copies = s->retire_from && s->file.state >= 0;
		if (b->copies)
			encode_cited(&enc, &cited, s->retire_from, &fs->items[i], end - i);
		for (; i < end; i++, b->n++)
			encode(&enc, &fs->items[i], b->copies ? &cited : NULL);
		keep(s, b, &enc);
		s->n += b->n;
		buf_reset(&enc);
	}
	buf_release(&enc);
	free(cited.ev);
	findings_release(fs);
}

static int block_cmp(const void *a, const void *b)
{
	const struct finding_block *x = a, *y = b;
	int c = strcmp(x->sub->id, y->sub->id);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void finding_store_seal(struct finding_store *s)
{
	size_t i, first = 0;

	if (s->sealed)
		return;
	/* Subscriptions are evaluated as they complete; reports list them
	 * sorted like the snapshot (by id), each one's in check order. */
	if (s->blocks_n > 1)
		qsort(s->blocks, s->blocks_n, sizeof(*s->blocks), block_cmp);
	for (i = 0; i < s->blocks_n; i++) {
		s->blocks[i].first = first;
		first += s->blocks[i].n;
	}
	if (first > UINT32_MAX)
		die("too many findings: %zu", first);
	s->sealed = 1;
}

void finding_store_release(struct finding_store *s)
{
	size_t i;

	for (i = 0; i < s->blocks_n; i++)
		free(s->blocks[i].mem);
	free(s->blocks);
	free(s->retired_at);
	scratch_close(&s->file);
	finding_store_init(s);
}

void finding_cursor_open(struct finding_cursor *c, const struct finding_store *s)
{
	memset(c, 0, sizeof(*c));
	c->store = s;
}

void finding_cursor_rewind(struct finding_cursor *c)
{
	c->next_block = 0;
	c->items = NULL;
	c->n = c->at = 0;
}

void finding_cursor_close(struct finding_cursor *c)
{
	findings_release(&c->decoded);
	free(c->raw);
	memset(c, 0, sizeof(*c));
}

/* The next NUL-terminated string of the block at *p. */
static const char *take_string(const char **p, const char *end)
{
	const char *s = *p, *nul = memchr(s, '\0', (size_t)(end - s));

	if (!nul)
		die("the findings' temporary file is damaged");
	*p = nul + 1;
	return s;
}

static void take(void *dst, size_t n, const char **p, const char *end)
{
	if ((size_t)(end - *p) < n)
		die("the findings' temporary file is damaged");
	memcpy(dst, *p, n);
	*p += n;
}

/* The records a block of a retiring store begins with. */
struct block_cited {
	const struct evidence **ev;
	uint32_t n;
};

static void decode_cited(struct finding_cursor *c, struct block_cited *bc, const char **p,
			 const char *end)
{
	uint32_t i;

	take(&bc->n, sizeof(bc->n), p, end);
	if (bc->n > (size_t)(end - *p))		/* each record is bytes of its own */
		die("the findings' temporary file is damaged");
	bc->ev = pool_alloc(&c->decoded.pool, (bc->n + 1u) * sizeof(*bc->ev));
	for (i = 0; i < bc->n; i++) {
		unsigned char copy;

		take(&copy, 1, p, end);
		if (!copy)
			take(&bc->ev[i], sizeof(bc->ev[i]), p, end);
		else if (!(bc->ev[i] = evidence_decode(&c->decoded.pool, p, end)))
			die("the findings' temporary file is damaged");
	}
}

static void decode_one(struct finding_cursor *c, struct finding *f, const char **p,
		       const char *end, const struct block_cited *bc)
{
	struct record r;
	unsigned i;

	take(&r, sizeof(r), p, end);
	*f = (struct finding){
		.check = r.check, .sub = r.sub, .list = &c->decoded, .waiver = r.waiver,
		.controls = r.controls, .status = (enum status)r.status,
		.waived_from = (enum status)r.waived_from, .waiver_expired = (int)r.waiver_expired,
		.obs_n = r.obs_n, .obs_alloc = r.obs_n, .ev_n = r.ev_n, .ev_alloc = r.ev_n,
	};
	if (!r.controls) {
		const char **own = pool_alloc(&c->decoded.pool, FW__COUNT * sizeof(*own));

		take(own, FW__COUNT * sizeof(*own), p, end);
		f->controls = own;
	}
	if (r.ev_n) {
		const struct evidence **ev = pool_alloc(&c->decoded.pool, r.ev_n * sizeof(*ev));

		for (i = 0; bc && i < r.ev_n; i++) {
			uint32_t slot;

			take(&slot, sizeof(slot), p, end);
			if (slot >= bc->n)
				die("the findings' temporary file is damaged");
			ev[i] = bc->ev[slot];
		}
		if (!bc)
			take(ev, r.ev_n * sizeof(*ev), p, end);
		f->ev = ev;
	}
	f->resource = r.resource_len == NO_STRING ? r.sub->path : take_string(p, end);
	f->message = r.message_len == NO_STRING ? NULL : take_string(p, end);
	if (r.obs_n)
		f->obs = pool_alloc(&c->decoded.pool, r.obs_n * sizeof(*f->obs));
	for (i = 0; i < r.obs_n; i++) {
		f->obs[i].key = take_string(p, end);
		f->obs[i].value = take_string(p, end);
	}
}

/* Block b read back into c->decoded, numbered from b->first. */
static void decode_block(struct finding_cursor *c, const struct finding_block *b)
{
	struct block_cited bc = { 0 };
	const char *p, *end;
	size_t i;

	pool_release(&c->decoded.pool);
	c->decoded.n = 0;
	if (b->mem) {
		p = b->mem;
	} else {
		scratch_get_into(&c->store->file, &c->raw, &c->raw_alloc, b->bytes, b->at);
		p = c->raw;
	}
	end = p + b->bytes;
	if (b->copies)
		decode_cited(c, &bc, &p, end);
	c->decoded.items = xgrow(c->decoded.items, &c->decoded.alloc, b->n,
				 sizeof(*c->decoded.items));
	for (i = 0; i < b->n; i++) {
		decode_one(c, &c->decoded.items[i], &p, end, b->copies ? &bc : NULL);
		c->decoded.items[i].index = (unsigned)(b->first + i);
	}
	c->decoded.n = b->n;
}

int finding_cursor_block(struct finding_cursor *c)
{
	const struct finding_store *s = c->store;
	const struct finding_block *b;

	c->items = NULL;
	c->n = c->at = 0;
	if (!s || c->next_block >= s->blocks_n)
		return 0;
	if (!s->sealed)
		die("internal error: findings read before they were all evaluated");
	b = &s->blocks[c->next_block++];
	if (b->items) {
		c->items = b->items;
	} else {
		decode_block(c, b);
		c->items = c->decoded.items;
	}
	c->n = b->n;
	return 1;
}

const struct finding *finding_cursor_next(struct finding_cursor *c)
{
	while (c->at >= c->n)
		if (!finding_cursor_block(c))
			return NULL;
	return &c->items[c->at++];
}

int finding_cursor_block_of(struct finding_cursor *c, const struct sub_snapshot *sub)
{
	const struct finding_store *s = c->store;

	if (!s || c->next_block >= s->blocks_n || s->blocks[c->next_block].sub != sub)
		return 0;
	return finding_cursor_block(c);
}

size_t finding_cursor_tell(const struct finding_cursor *c)
{
	return c->next_block;
}

void finding_cursor_seek(struct finding_cursor *c, size_t mark)
{
	finding_cursor_rewind(c);
	c->next_block = mark;
}
