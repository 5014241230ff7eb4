/*
 * finding_store.h - a run's findings in report order, one block per
 * subscription, and the cursor every report and the policy read them with.
 *
 * A scan of 10,000 subscriptions makes some 270,000 findings: kept in
 * memory until the reports are written they were most of the scan's
 * memory (docs/performance.md).  So a scan hands each subscription's
 * findings to the store as soon as they are evaluated; the store encodes
 * them into a temporary file (unlinked at once, in TMPDIR) and frees them,
 * and the cursor reads one subscription's findings back at a time.  If no
 * temporary file can be written, the encoded blocks stay in memory (a
 * warning says so): slower to nothing, only larger.
 *
 * A store can also wrap a list already in memory and in report order
 * (irscan merge, a baseline re-evaluated): the same cursor reads it.
 *
 * The file is this process's own scratch space (util/scratch.h): checks,
 * subscriptions and waivers are written as pointers, valid while the
 * catalogue, snapshot and waiver list live (longer than the store), and
 * evidence records too unless the store retires them (below), when each
 * block holds copies of those its findings cite.
 */
#ifndef IRSCAN_FINDING_STORE_H
#define IRSCAN_FINDING_STORE_H

#include <stddef.h>

#include "checks/check.h"
#include "util/pool.h"
#include "util/scratch.h"

struct finding_block;
struct snapshot;

struct finding_store {
	size_t n;			/* findings, all blocks */
	struct finding_block *blocks;	/* in report order once sealed */
	size_t blocks_n, blocks_alloc;
	struct scratch file;		/* the temporary file */
	/*
	 * Retiring the evidence (finding_store_retire_from): each block
	 * carries copies of the records its findings cite, and a record no
	 * dataset cites any longer is written to the file, where
	 * retired_at[index] - 1 says (0: not retired).
	 */
	struct snapshot *retire_from;
	unsigned long long *retired_at;
	size_t retired_alloc;
	int sealed;
};

/* An empty store that spills to a temporary file (made on first use);
 * a zeroed struct is one too. */
void finding_store_init(struct finding_store *s);
/*
 * Wrap fs, already in report order (scan_order_findings): no copy, fs
 * must outlive the store.  Numbers each finding (.index) in place.
 */
void finding_store_wrap(struct finding_store *s, struct findings *fs);
/*
 * Take one subscription's findings (or several, each sub's in a row):
 * encoded, then fs is emptied for reuse.  Any order of subscriptions.
 */
void finding_store_add(struct finding_store *s, struct findings *fs);
/*
 * From now on (before the first finding_store_add), keep snap's evidence
 * out of memory too: finding_store_retire() after each subscription's
 * findings were added takes its evidence out of the snapshot (a slot of
 * snap->evidence is NULL when its record is in the file) and blocks carry
 * copies of the records they cite.  Not for a snapshot whose evidence is
 * renumbered later (an evidence bundle's, snapshot_sort).
 */
void finding_store_retire_from(struct finding_store *s, struct snapshot *snap);
void finding_store_retire(struct finding_store *s, struct sub_snapshot *sub);
/*
 * Evidence record i of snap (every request, in order, for the HTML
 * report): the snapshot's own, or a retired one read back into rd, valid
 * until the next call with rd.
 */
struct evidence_reader {
	struct pool pool;
	char *raw;
	size_t raw_alloc;
};
const struct evidence *finding_store_evidence(const struct finding_store *s,
					      const struct snapshot *snap, size_t i,
					      struct evidence_reader *rd);
void evidence_reader_release(struct evidence_reader *rd);
/* Blocks in report order (by subscription id, then as added) and
 * numbered: the cursor may read from then on. */
void finding_store_seal(struct finding_store *s);
void finding_store_release(struct finding_store *s);

/*
 * Reading: blocks in order, or findings one by one (one block in memory
 * at a time).  A finding the cursor gave stays valid until the cursor
 * moves to the next block (finding_cursor_block, or _next past the end of
 * this one) or is closed.  A store that could not be read back (an I/O
 * error on the temporary file) ends the process with a message: the
 * reports would silently lack findings otherwise.
 */
struct finding_cursor {
	const struct finding_store *store;
	size_t next_block;
	const struct finding *items;	/* the block read, and its size */
	size_t n, at;
	struct findings decoded;	/* a spilled block read back */
	char *raw;
	size_t raw_alloc;
};

void finding_cursor_open(struct finding_cursor *c, const struct finding_store *s);
/* The next subscription's findings in c->items, c->n; 0 at the end. */
int finding_cursor_block(struct finding_cursor *c);
/* The next finding, reading the next block when this one is done; NULL at the end. */
const struct finding *finding_cursor_next(struct finding_cursor *c);
/* Back to the first finding (a report that reads the findings twice). */
void finding_cursor_rewind(struct finding_cursor *c);
/*
 * Per subscription, in the snapshot's order (both sorted by id): the next
 * block if it holds sub's findings (1), else 0 and the cursor stays.  A
 * subscription read in two bundle parts has two blocks in a row.
 */
int finding_cursor_block_of(struct finding_cursor *c, const struct sub_snapshot *sub);
/* Where the cursor is, and back there: a subscription's blocks read twice. */
size_t finding_cursor_tell(const struct finding_cursor *c);
void finding_cursor_seek(struct finding_cursor *c, size_t mark);
void finding_cursor_close(struct finding_cursor *c);

#endif
