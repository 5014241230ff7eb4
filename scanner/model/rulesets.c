/*
 * rulesets.c - read automation rule sets and decide what they provably
 * let through, see rulesets.h.
 *
 * Only String comparisons with the five text operators are evaluated
 * (case-insensitively, as the API says).  A rule on a stated property
 * that irscan cannot evaluate (a numeric type, GreaterThan on text, an
 * unknown operator) proves nothing: the set does not count, and the
 * reason names the rule.  Nothing here guesses in the scanner's favour.
 */
#include "model/rulesets.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

static void set_malformed(struct auto_source *s, const char *why, size_t set, size_t rule)
{
	struct buf b = BUF_INIT;

	if (s->malformed)
		return;
	buf_addf(&b, "ruleSets[%zu]", set);
	if (rule != (size_t)-1)
		buf_addf(&b, ".rules[%zu]", rule);
	buf_addf(&b, " %s", why);
	s->malformed = buf_detach(&b, NULL);
}

static void read_rule(struct auto_source *s, struct auto_rule *r, const cJSON *rule,
		      size_t set, size_t i)
{
	const char *type = NULL;

	if (!cJSON_IsObject(rule)) {
		set_malformed(s, "is not an object", set, i);
		return;
	}
	r->jpath = xstrdup_or_null(json_str(rule, "propertyJPath"));
	r->expected = xstrdup_or_null(json_str(rule, "expectedValue"));
	r->op = xstrdup_or_null(json_str(rule, "operator"));
	if (json_str_or_null(rule, "propertyType", &type))
		set_malformed(s, "has a propertyType that is not a string", set, i);
	r->type = xstrdup_or_null(type);
	if (!r->jpath || !r->expected || !r->op)
		set_malformed(s, "lacks a propertyJPath, expectedValue or operator string",
			      set, i);
}

static void read_set(struct auto_source *s, struct auto_rule_set *rs, const cJSON *set,
		     size_t si)
{
	const cJSON *rules = json_get(set, "rules"), *rule;
	size_t i = 0;

	if (!cJSON_IsObject(set) || !cJSON_IsArray(rules)) {
		set_malformed(s, "has no 'rules' array", si, (size_t)-1);
		return;
	}
	rs->rules = xcalloc((size_t)cJSON_GetArraySize(rules) + 1, sizeof(*rs->rules));
	cJSON_ArrayForEach(rule, rules) {
		read_rule(s, &rs->rules[i], rule, si, i);
		i++;
	}
	rs->n = i;
}

void auto_source_read(struct auto_source *s, const cJSON *src)
{
	const cJSON *sets = json_get(src, "ruleSets"), *set;
	size_t i = 0;

	s->event_source = xstrdup_or_null(json_str(src, "eventSource"));
	if (!sets || cJSON_IsNull(sets))
		return;
	s->has_rule_sets = 1;
	if (!cJSON_IsArray(sets)) {
		s->malformed = xstrdup("ruleSets is not an array");
		return;
	}
	s->sets = xcalloc((size_t)cJSON_GetArraySize(sets) + 1, sizeof(*s->sets));
	cJSON_ArrayForEach(set, sets) {
		read_set(s, &s->sets[i], set, i);
		i++;
	}
	s->n_sets = i;
}

void auto_source_release(struct auto_source *s)
{
	size_t i, j;

	for (i = 0; i < s->n_sets; i++) {
		for (j = 0; j < s->sets[i].n; j++) {
			free(s->sets[i].rules[j].jpath);
			free(s->sets[i].rules[j].type);
			free(s->sets[i].rules[j].expected);
			free(s->sets[i].rules[j].op);
		}
		free(s->sets[i].rules);
	}
	free(s->sets);
	free(s->event_source);
	free(s->malformed);
	memset(s, 0, sizeof(*s));
}

/* The fact a rule is about, or NULL when it filters on something else. */
static const struct event_fact *fact_of(const struct auto_rule *r,
					const struct event_fact *facts, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; facts[i].jpaths[j]; j++)
			if (!strcasecmp(facts[i].jpaths[j], r->jpath))
				return &facts[i];
	return NULL;
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcasecmp(s + a - b, suffix);
}

static int contains_ci(const char *s, const char *part)
{
	size_t n = strlen(part);

	for (; *s; s++)
		if (!strncasecmp(s, part, n))
			return 1;
	return !n;
}

/* 1 true, 0 false, -1 not something irscan evaluates. */
static int rule_holds(const struct auto_rule *r, const char *value)
{
	if (r->type && strcasecmp(r->type, "String"))
		return -1;
	if (!strcasecmp(r->op, "Equals"))
		return !strcasecmp(value, r->expected);
	if (!strcasecmp(r->op, "NotEquals"))
		return strcasecmp(value, r->expected) != 0;
	if (!strcasecmp(r->op, "Contains"))
		return contains_ci(value, r->expected);
	if (!strcasecmp(r->op, "StartsWith"))
		return !strncasecmp(value, r->expected, strlen(r->expected));
	if (!strcasecmp(r->op, "EndsWith"))
		return ends_with_ci(value, r->expected);
	return -1;
}

static void describe_rule(struct buf *b, const struct auto_rule *r)
{
	buf_addf(b, "%s %s '%s'", r->jpath, r->op, r->expected);
}

/*
 * Does set rs let every event with the facts through?  1 yes, 0 no; the
 * first rule that stops it is returned in *stopper.
 */
static int set_proves(const struct auto_rule_set *rs, const struct event_fact *facts,
		      size_t n, const struct auto_rule **stopper)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct auto_rule *r = &rs->rules[i];
		const struct event_fact *f = fact_of(r, facts, n);

		if (!f || rule_holds(r, f->value) != 1) {
			*stopper = r;
			return 0;
		}
	}
	return 1;
}

enum admit auto_source_admits(const struct auto_source *s,
			      const struct event_fact *facts, size_t n,
			      struct buf *why)
{
	const struct auto_rule *stopper = NULL, *first = NULL;
	size_t i;

	if (s->malformed) {
		if (why)
			buf_addf(why, "its rule sets could not be read (%s)", s->malformed);
		return ADMIT_UNREADABLE;
	}
	/* No rule sets (absent, null or []): every event of the source. */
	if (!s->n_sets)
		return ADMIT_PROVEN;
	for (i = 0; i < s->n_sets; i++) {
		if (set_proves(&s->sets[i], facts, n, &stopper))
			return ADMIT_PROVEN;
		if (!first)
			first = stopper;
	}
	if (why) {
		if (auto_source_other_filters(s, facts, n, NULL)) {
			buf_add(why, "its rule sets filter on ");
			auto_source_other_filters(s, facts, n, why);
		} else {
			buf_add(why, "no rule set lets them through (first stopped by ");
			describe_rule(why, first);
			buf_addch(why, ')');
		}
	}
	return ADMIT_NOT_PROVEN;
}

static int described_before(const struct auto_source *s, size_t set, size_t rule)
{
	const struct auto_rule *r = &s->sets[set].rules[rule];
	size_t i, j;

	for (i = 0; i <= set; i++)
		for (j = 0; j < (i == set ? rule : s->sets[i].n); j++) {
			const struct auto_rule *o = &s->sets[i].rules[j];

			if (!strcasecmp(o->jpath, r->jpath) && !strcasecmp(o->op, r->op) &&
			    !strcmp(o->expected, r->expected))
				return 1;
		}
	return 0;
}

size_t auto_source_other_filters(const struct auto_source *s,
				 const struct event_fact *facts, size_t n,
				 struct buf *b)
{
	size_t i, j, count = 0;

	if (s->malformed)
		return 0;
	for (i = 0; i < s->n_sets; i++)
		for (j = 0; j < s->sets[i].n; j++) {
			const struct auto_rule *r = &s->sets[i].rules[j];

			if (fact_of(r, facts, n) || described_before(s, i, j))
				continue;
			if (b) {
				buf_add(b, count ? ", " : "");
				describe_rule(b, r);
			}
			count++;
		}
	return count;
}
