/*
 * test_strvec.c - unit tests of util/strvec.c.
 */
#include "t.h"
#include "util/strvec.h"

#include <stdlib.h>

void test_strvec__split(void)
{
	struct strvec sv = STRVEC_INIT;

	strvec_split(&sv, " a@x.com ; ;b@y.org;", ';');
	T_EQ_INT("items", 2, sv.n);
	T_EQ_STR("first", "a@x.com", sv.v[0]);
	T_EQ_STR("second", "b@y.org", sv.v[1]);
	T_ASSERT(sv.v[2] == NULL);
	T_EQ_INT("find_ci", 1, strvec_find_ci(&sv, "B@Y.ORG"));
	strvec_clear(&sv);
}
