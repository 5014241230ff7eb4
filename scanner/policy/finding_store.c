/*
 * finding_store.c - findings kept out of memory between evaluation and
 * the reports (finding_store.h says why), and read back one subscription
 * at a time.
 *
 * A block is one subscription's findings, encoded back to back:
 *
 *   struct record   (the fixed fields; pointers into the snapshot,
 *                    catalogue and waiver list, which outlive the store)
 *   controls        FW__COUNT ids, when the finding has its own
 *   evidence        ev_n pointers
 *   resource        NUL-terminated, unless it is the subscription's path
 *   message         NUL-terminated, unless NULL
 *   observed        obs_n pairs of NUL-terminated key and value
 *
 * Everything is copied with memcpy, so nothing in a block needs alignment;
 * the strings read back point into the block's buffer.
 */
#include "policy/finding_store.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct finding_block {
	const struct sub_snapshot *sub;
	size_t seq;			/* order added, for a stable sort */
	size_t n, first;		/* findings, and the first one's index */
	const struct finding *items;	/* wrapped list: its run */
	unsigned long long at;		/* temporary file: where */
	size_t bytes;
	char *mem;			/* no temporary file: the block itself */
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
	s->list = fs;
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

static void encode(struct buf *out, const struct finding *f)
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
	if (f->ev_n)
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

/* The temporary file, made and unlinked on first use; 0, or -1 when none
 * can be made (said once). */
static int open_spill(struct finding_store *s)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;

	if (s->spill)
		return s->spill > 0 ? 0 : -1;
	buf_addf(&path, "%s/irscan-findings-XXXXXX", dir && *dir ? dir : "/tmp");
	s->fd = mkstemp(path.buf);
	if (s->fd < 0) {
		s->spill = -1;
		msg_warn("cannot make a temporary file in %s (%s): the findings stay in memory",
			 dir && *dir ? dir : "/tmp", strerror(errno));
	} else {
		s->spill = 1;
		unlink(path.buf);
	}
	buf_release(&path);
	return s->spill > 0 ? 0 : -1;
}

static int write_all(int fd, const char *p, size_t n, unsigned long long at)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)at);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		at += (unsigned long long)w;
	}
	return 0;
}

/* The encoded block to the file, or kept in memory once the file fails. */
static void keep(struct finding_store *s, struct finding_block *b, struct buf *enc)
{
	b->bytes = enc->len;
	if (!open_spill(s)) {
		if (!write_all(s->fd, enc->buf, enc->len, s->file_bytes)) {
			b->at = s->file_bytes;
			s->file_bytes += enc->len;
			return;
		}
		/* The fd stays open: the blocks written so far are read from it. */
		msg_warn("cannot write the findings' temporary file (%s): "
			 "the rest stay in memory", strerror(errno));
		s->spill = -2;
	}
	b->mem = buf_detach(enc, NULL);
}

void finding_store_add(struct finding_store *s, struct findings *fs)
{
	struct buf enc = BUF_INIT;
	size_t i = 0;

	while (i < fs->n) {
		struct finding_block *b = new_block(s, fs->items[i].sub);

		for (; i < fs->n && fs->items[i].sub == b->sub; i++, b->n++)
			encode(&enc, &fs->items[i]);
		keep(s, b, &enc);
		s->n += b->n;
		buf_reset(&enc);
	}
	buf_release(&enc);
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
	if (s->spill == 1 || s->spill == -2)
		close(s->fd);
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

static void read_block(struct finding_cursor *c, const struct finding_block *b)
{
	size_t got = 0;

	if (b->bytes > c->raw_alloc) {
		free(c->raw);
		c->raw = xmalloc(b->bytes);
		c->raw_alloc = b->bytes;
	}
	while (got < b->bytes) {
		ssize_t r = pread(c->store->fd, c->raw + got, b->bytes - got,
				  (off_t)(b->at + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("cannot read the findings' temporary file back: %s",
			    r < 0 ? strerror(errno) : "it is shorter than written");
		got += (size_t)r;
	}
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

static void decode_one(struct finding_cursor *c, struct finding *f, const char **p,
		       const char *end)
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
	const char *p, *end;
	size_t i;

	pool_release(&c->decoded.pool);
	c->decoded.n = 0;
	if (b->mem) {
		p = b->mem;
	} else {
		read_block(c, b);
		p = c->raw;
	}
	end = p + b->bytes;
	c->decoded.items = xgrow(c->decoded.items, &c->decoded.alloc, b->n,
				 sizeof(*c->decoded.items));
	for (i = 0; i < b->n; i++) {
		decode_one(c, &c->decoded.items[i], &p, end);
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
