/*
 * test_auth_rules.c - unit tests of the pure access rules of src/auth/auth.h (auth_rules.c):
 * where an account's tree starts (auth_scope_roots) for grants on one place, on nested and on
 * separate subtrees, on the whole database, and for roles without the permission; and that
 * auth_allows covers a subtree and nothing beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "auth/auth.h"

static void grant(struct auth_principal *p, const char *role, int64_t org_id, const char *path)
{
	struct auth_grant *g = &p->grants[p->ngrants++];
	g->role = auth_role_find(role);
	assert_non_null(g->role);
	g->org_id = org_id;
	snprintf(g->path, sizeof(g->path), "%s", path);
}

static int roots(const struct auth_principal *p, int64_t *out)
{
	return auth_scope_roots(p, "org.read", out, AUTH_MAX_GRANTS);
}

static void one_grant_is_one_root(void **state)
{
	(void)state;
	struct auth_principal p = { 0 };
	int64_t out[AUTH_MAX_GRANTS];
	grant(&p, "secretary", 23, "/1/5/23/");
	assert_int_equal(roots(&p, out), 1);
	assert_int_equal(out[0], 23);
}

static void a_grant_inside_another_adds_no_root(void **state)
{
	(void)state;
	struct auth_principal p = { 0 };
	int64_t out[AUTH_MAX_GRANTS];
	grant(&p, "secretary", 23, "/1/5/23/");  /* inside the next one, listed first */
	grant(&p, "org_staff", 5, "/1/5/");
	grant(&p, "organiser", 6, "/1/6/");      /* beside it */
	grant(&p, "discipline", 5, "/1/5/");     /* the same place again */
	grant(&p, "org_staff", 52, "/1/52/");    /* a path that begins like /1/5 but is not under it */
	assert_int_equal(roots(&p, out), 3);
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 6);
	assert_int_equal(out[2], 52);
}

static void the_whole_database_is_its_top(void **state)
{
	(void)state;
	struct auth_principal p = { 0 };
	int64_t out[AUTH_MAX_GRANTS];
	grant(&p, "secretary", 23, "/1/5/23/");
	grant(&p, "org_staff", 0, "");
	assert_int_equal(roots(&p, out), -1);
}

static void roles_without_the_permission_have_no_tree(void **state)
{
	(void)state;
	struct auth_principal p = { 0 };
	int64_t out[AUTH_MAX_GRANTS];
	grant(&p, "sysadmin", 0, "");
	grant(&p, "auditadmin", 0, "");
	assert_int_equal(roots(&p, out), 0);
}

static void allows_covers_the_subtree_only(void **state)
{
	(void)state;
	struct auth_principal p = { 0 };
	grant(&p, "secretary", 5, "/1/5/");
	assert_true(auth_allows(&p, "member.read", "/1/5/"));
	assert_true(auth_allows(&p, "member.read", "/1/5/23/"));
	assert_false(auth_allows(&p, "member.read", "/1/52/"));
	assert_false(auth_allows(&p, "member.read", "/1/"));
	assert_false(auth_allows(&p, "keys.rotate", "/1/5/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_grant_is_one_root),
		cmocka_unit_test(a_grant_inside_another_adds_no_root),
		cmocka_unit_test(the_whole_database_is_its_top),
		cmocka_unit_test(roles_without_the_permission_have_no_tree),
		cmocka_unit_test(allows_covers_the_subtree_only),
	};
	return cmocka_run_group_tests_name("auth rules", tests, NULL, NULL);
}
