/*
 * world.c - the unit tests' one subscription world, see world.h.
 */
#include "t.h"
#include "world.h"
#include "util/json.h"

#include <stdlib.h>
#include <strings.h>
#include <time.h>

/* Fill dataset d from a list body given as text. */
void fill_text(struct dataset *d, const struct model *m, const char *text)
{
	struct buf err = BUF_INIT;
	cJSON *root = json_parse(text, strlen(text));

	if (!root) {
		T_FAIL("not JSON: %s", text);
		return;
	}
	d->data = m->new_data();
	d->free_data = m->free_data;
	if (m->add_page(d->data, cJSON_GetObjectItem(root, "value"), "test", &err))
		T_FAIL("add_page: %s", err.buf);
	d->state = DATA_OK;
	cJSON_Delete(root);
	buf_release(&err);
}

void fill_file(struct dataset *d, const struct model *m, const char *fixture)
{
	struct buf path = BUF_INIT;
	char *text;

	buf_addf(&path, "fixtures/arm/%s", fixture);
	text = t_read_file(path.buf, NULL);
	if (!text)
		T_FAIL("cannot read %s", path.buf);
	else
		fill_text(d, m, text);
	free(text);
	buf_release(&path);
}

void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	snapshot_init(&w->snap);
	w->sub = snapshot_sub(&w->snap, SUB);
	w->sub->info.state = DATA_OK;
	strvec_init(&w->tags);
	strvec_init(&w->plans);
	strvec_split(&w->tags, "criticality,environment,env", ',');
	w->p.attack_path_risk = LEVEL_HIGH;
	w->p.now = time(NULL);
	w->p.alert_max_age_days = 7;
	w->p.attestation_max_age_days = 365;
	w->p.min_retention_days = 90;
	w->p.criticality_tags = &w->tags;
	w->p.required_plans = &w->plans;
}

void world_release(struct world *w)
{
	findings_release(&w->out);
	snapshot_release(&w->snap);
	strvec_clear(&w->tags);
	strvec_clear(&w->plans);
}

void world_run(struct world *w, const char *check_id)
{
	const struct check *c = check_find(check_id);

	findings_release(&w->out);
	if (!c) {
		T_FAIL("no check %s", check_id);
		return;
	}
	c->eval(c, w->sub, &w->p, &w->out);
}

const struct finding *world_pick(const struct world *w, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < w->out.n; i++) {
		const char *r = w->out.items[i].resource;
		size_t rl = strlen(r);

		if (rl >= n && !strcasecmp(r + rl - n, suffix))
			return &w->out.items[i];
	}
	T_FAIL("no finding for resource *%s", suffix);
	return NULL;
}

void world_expect(const struct finding *f, enum status st, const char *part)
{
	if (!f)
		return;
	T_EQ_STR(f->resource, status_name(st), status_name(f->status));
	T_CONTAINS(f->resource, f->message, part);
}

void world_no_eval(const struct check *self, const struct sub_snapshot *sub,
		   const struct check_params *p, struct findings *out)
{
	(void)self; (void)sub; (void)p; (void)out;
}

const struct check world_hand_check = {
	.id = "a", .severity = SEV_HIGH, .control = { [FW_ASB_IR_2019] = "10.3" },
	.eval = world_no_eval,
};
