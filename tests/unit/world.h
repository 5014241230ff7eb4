/*
 * world.h - the unit tests' one subscription world: a snapshot with one
 * subscription, the default check parameters, datasets filled from list
 * bodies (fixtures/arm/ or inline text), and the findings of one check.
 */
#ifndef IRSCAN_TEST_WORLD_H
#define IRSCAN_TEST_WORLD_H

#include "checks/check.h"

#define SUB "20ff7fc3-e762-44dd-bd96-b71116dcdc23"

/* How to read a list body into a dataset (a model's three functions). */
struct model {
	void *(*new_data)(void);
	int (*add_page)(void *, const cJSON *, const char *, struct buf *);
	void (*free_data)(void *);
};

struct world {
	struct snapshot snap;
	struct sub_snapshot *sub;
	struct check_params p;
	struct strvec tags, plans;
	struct findings out;
};

/* Fill dataset d from a list body given as text ({"value": [...]}). */
void fill_text(struct dataset *d, const struct model *m, const char *text);
/* The same from fixtures/arm/<fixture>. */
void fill_file(struct dataset *d, const struct model *m, const char *fixture);

void world_init(struct world *w);
void world_release(struct world *w);
/* Evaluate check_id on the world's subscription into w->out. */
void world_run(struct world *w, const char *check_id);
/* The one finding whose resource ends in `suffix` (or the only one). */
const struct finding *world_pick(const struct world *w, const char *suffix);
/* f has status st and its message contains part. */
void world_expect(const struct finding *f, enum status st, const char *part);

/* The eval of a check whose findings a test makes by hand: says nothing. */
void world_no_eval(const struct check *self, const struct sub_snapshot *sub,
		   const struct check_params *p, struct findings *out);
/* Such a check: "a", high, under control 10.3 of asb-ir-2019. */
extern const struct check world_hand_check;

#endif
