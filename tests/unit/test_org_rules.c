/*
 * test_org_rules.c - unit tests of the pure organisation rules of src/org/org.h (org_rules.c):
 * which type may sit under which (org_type_may_parent), what a record must hold (org_validate:
 * GB/T 2260 division codes, dates in order, dissolution, approval authority), the term in force
 * (org_term_expiry, domain-rules §2.3), and the set-up findings of domain-rules §2.1-2.3 as a
 * table of cases at each boundary (org_findings), with the national rule values of
 * src/rules/national_rules.def filled in by hand. Every finding must cite its article.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "org/org.h"

static void ref(struct rule_ref *r, const char *key, int64_t value, const char *regulation,
		const char *article)
{
	r->key = key;
	r->value = value;
	snprintf(r->regulation, sizeof(r->regulation), "%s", regulation);
	snprintf(r->article, sizeof(r->article), "%s", article);
}

/* The national values of src/rules/national_rules.def. */
static struct org_setup_rules national_rules(void)
{
	struct org_setup_rules r;
	memset(&r, 0, sizeof(r));
	ref(&r.branch_min_full, "org.branch.min_full_members", 3,
	    "中国共产党章程；中国共产党支部工作条例（试行）", "党章第三十二条；条例第四条");
	ref(&r.branch_max, "org.branch.max_members", 50, "中国共产党支部工作条例（试行）", "第四条");
	ref(&r.committee_threshold, "org.branch.committee_threshold", 7,
	    "中国共产党支部工作条例（试行）", "第六章");
	ref(&r.discipline, "org.committee.discipline_member", 1,
	    "中国共产党章程；中国共产党支部工作条例（试行）", "党章第八章；条例第六章");
	ref(&r.joint_max_units, "org.joint_branch.max_units", 5, "中国共产党支部工作条例（试行）",
	    "第二章");
	ref(&r.general_min_members, "org.general_branch.min_members", 50,
	    "中国共产党党和国家机关基层组织工作条例", "第六条");
	ref(&r.general_min_branches, "org.general_branch.min_branches", 2,
	    "中国共产党党和国家机关基层组织工作条例（旗帜网解读）", "第六条");
	ref(&r.primary_min_members, "org.primary_committee.min_members", 100,
	    "中国共产党党和国家机关基层组织工作条例（旗帜网解读）", "第六条");
	ref(&r.term_primary, "org.term.primary_committee_years", 5,
	    "关于党的基层组织任期的意见（中办 2018）", "—");
	ref(&r.term_branch, "org.term.branch_years", 3, "关于党的基层组织任期的意见（中办 2018）", "—");
	ref(&r.term_village, "org.term.village_years", 5,
	    "关于党的基层组织任期的意见（中办 2018）；中国共产党农村基层组织工作条例", "—");
	ref(&r.postpone_max, "org.term.postpone_max_months", 12, "中国共产党基层组织选举工作条例",
	    "第三条");
	return r;
}

static int ymd(const char *s)
{
	int d;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

/* An active organisation of the given type, every other field empty. */
static void base_org(struct org *o, const char *type)
{
	memset(o, 0, sizeof(*o));
	fields_clear(&org_desc, o);
	o->id = 10;
	o->parent_id = 1;
	snprintf(o->code, sizeof(o->code), "ORG-10");
	snprintf(o->name, sizeof(o->name), "第一党支部");
	snprintf(o->type, sizeof(o->type), "%s", type);
	snprintf(o->status, sizeof(o->status), "active");
}

/* --- org_type_may_parent -------------------------------------------------------------------- */

static const struct {
	const char *parent, *child;
	bool ok;
} parent_cases[] = {
	{ "branch", "group", true },
	{ "joint_branch", "group", true },
	{ "temporary_branch", "group", true },
	{ "primary_committee", "group", false },
	{ "general_branch", "group", false },
	{ "group", "group", false },
	{ "general_branch", "branch", true },
	{ "primary_committee", "branch", true },
	{ "township_committee", "branch", true },
	{ "general_branch", "joint_branch", true },
	{ "general_branch", "temporary_branch", true },
	{ "branch", "branch", false },
	{ "group", "branch", false },
	{ "primary_committee", "general_branch", true },
	{ "county_committee", "general_branch", true },
	{ "general_branch", "general_branch", false },
	{ "branch", "general_branch", false },
	{ "primary_committee", "primary_committee", true },
	{ "township_committee", "primary_committee", true },
	{ "general_branch", "primary_committee", false },
	{ "central_committee", "province_committee", true },
	{ "city_committee", "province_committee", false },
	{ "province_committee", "city_committee", true },
	{ "county_committee", "city_committee", false },
	{ "province_committee", "county_committee", true },
	{ "city_committee", "county_committee", true },
	{ "county_committee", "township_committee", true },
	{ "city_committee", "township_committee", false },
	{ "central_committee", "central_committee", false },
	{ "branch", "central_committee", false },
	{ "branch", "no_such_type", false },
	/* a root (no parent) may be anything but a Party group */
	{ NULL, "central_committee", true },
	{ NULL, "county_committee", true },
	{ NULL, "primary_committee", true },
	{ NULL, "branch", true },
	{ "", "general_branch", true },
	{ NULL, "group", false },
	{ "", "group", false },
};

static void test_org_type_may_parent_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parent_cases) / sizeof(parent_cases[0]); i++) {
		bool got = org_type_may_parent(parent_cases[i].parent, parent_cases[i].child);
		if (got != parent_cases[i].ok)
			fail_msg("%s under %s: %s, expected %s", parent_cases[i].child,
				 parent_cases[i].parent ? parent_cases[i].parent : "(root)",
				 got ? "allowed" : "refused", parent_cases[i].ok ? "allowed" : "refused");
	}
}

static void test_org_type_is_branch(void **state)
{
	(void)state;
	assert_true(org_type_is_branch("branch"));
	assert_true(org_type_is_branch("joint_branch"));
	assert_true(org_type_is_branch("temporary_branch"));
	assert_false(org_type_is_branch("general_branch"));
	assert_false(org_type_is_branch("group"));
	assert_false(org_type_is_branch("primary_committee"));
}

/* --- org_validate ---------------------------------------------------------------------------- */

struct validate_case {
	const char *name;
	const char *type;
	const char *code, *division_code, *status;
	const char *founded_on, *term_start, *term_expiry, *dissolved_on;
	int can_approve;
	enum jc_err expect;
	const char *field;
};

static const struct validate_case validate_cases[] = {
	{ "a plain branch", "branch", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "division code of 2 digits", "branch", NULL, "11", NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "division code of 4 digits", "branch", NULL, "1101", NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "division code of 6 digits", "branch", NULL, "110105", NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "division code of 9 digits", "branch", NULL, "110105001", NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "division code of 12 digits", "branch", NULL, "110105001001", NULL, NULL, NULL, NULL, NULL, 0,
	  JC_OK },
	{ "division code of 5 digits", "branch", NULL, "11010", NULL, NULL, NULL, NULL, NULL, 0,
	  JC_EINVAL, "division_code" },
	{ "division code of 1 digit", "branch", NULL, "1", NULL, NULL, NULL, NULL, NULL, 0, JC_EINVAL,
	  "division_code" },
	{ "division code with letters", "branch", NULL, "11010A", NULL, NULL, NULL, NULL, NULL, 0,
	  JC_EINVAL, "division_code" },
	{ "division code of letters only", "branch", NULL, "ab", NULL, NULL, NULL, NULL, NULL, 0,
	  JC_EINVAL, "division_code" },
	{ "code with a space", "branch", "ORG 10", NULL, NULL, NULL, NULL, NULL, NULL, 0, JC_EINVAL,
	  "code" },
	{ "code with Chinese", "branch", "第一支部", NULL, NULL, NULL, NULL, NULL, NULL, 0, JC_EINVAL,
	  "code" },
	{ "code with - _ .", "branch", "a-b_c.1", NULL, NULL, NULL, NULL, NULL, NULL, 0, JC_OK },
	{ "term expiry after start", "branch", NULL, NULL, NULL, NULL, "2021-05-10", "2024-05-10", NULL,
	  0, JC_OK },
	{ "term expiry before start", "branch", NULL, NULL, NULL, NULL, "2021-05-10", "2021-05-09",
	  NULL, 0, JC_EINVAL, "term_expiry" },
	{ "term expiry on the start day", "branch", NULL, NULL, NULL, NULL, "2021-05-10", "2021-05-10",
	  NULL, 0, JC_EINVAL, "term_expiry" },
	{ "dissolved without dissolved_on", "branch", NULL, NULL, "dissolved", NULL, NULL, NULL, NULL, 0,
	  JC_EINVAL, "dissolved_on" },
	{ "dissolved with dissolved_on", "branch", NULL, NULL, "dissolved", "2001-07-01", NULL, NULL,
	  "2020-01-01", 0, JC_OK },
	{ "dissolved before founded", "branch", NULL, NULL, "dissolved", "2001-07-01", NULL, NULL,
	  "2001-06-30", 0, JC_EINVAL, "dissolved_on" },
	{ "a branch may not approve", "branch", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, JC_EINVAL,
	  "can_approve" },
	{ "a general branch may not approve", "general_branch", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  1, JC_EINVAL, "can_approve" },
	{ "a temporary branch may not approve", "temporary_branch", NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, 1, JC_EINVAL, "can_approve" },
	{ "a primary committee may approve", "primary_committee", NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, 1, JC_OK },
	{ "a county committee may approve", "county_committee", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  1, JC_OK },
};

static void test_org_validate_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]); i++) {
		const struct validate_case *c = &validate_cases[i];
		struct org o;
		base_org(&o, c->type);
		if (c->code)
			snprintf(o.code, sizeof(o.code), "%s", c->code);
		if (c->division_code)
			snprintf(o.division_code, sizeof(o.division_code), "%s", c->division_code);
		if (c->status)
			snprintf(o.status, sizeof(o.status), "%s", c->status);
		if (c->founded_on)
			o.founded_on = ymd(c->founded_on);
		if (c->term_start)
			o.term_start = ymd(c->term_start);
		if (c->term_expiry)
			o.term_expiry = ymd(c->term_expiry);
		if (c->dissolved_on)
			o.dissolved_on = ymd(c->dissolved_on);
		o.can_approve = c->can_approve;
		struct jc_error err = { 0 };
		enum jc_err got = org_validate(&o, &err);
		if (got != c->expect)
			fail_msg("case '%s': got %s (%s), expected %s", c->name, jc_err_name(got), err.message,
				 jc_err_name(c->expect));
		if (got && strcmp(err.field, c->field) != 0)
			fail_msg("case '%s': field '%s', expected '%s'", c->name, err.field, c->field);
		if (got && !err.message[0])
			fail_msg("case '%s': no message", c->name);
	}
}

/* --- org_term_expiry ------------------------------------------------------------------------- */

static const struct {
	const char *name, *type, *unit_category, *term_start, *term_expiry;
	const char *expect; /* NULL = none */
} term_cases[] = {
	{ "explicit expiry wins", "branch", NULL, "2021-05-10", "2023-12-31", "2023-12-31" },
	{ "explicit expiry without a start", "branch", NULL, NULL, "2023-12-31", "2023-12-31" },
	{ "branch: 3 years", "branch", NULL, "2021-05-10", NULL, "2024-05-10" },
	{ "joint branch: 3 years", "joint_branch", NULL, "2021-05-10", NULL, "2024-05-10" },
	{ "general branch: 3 years", "general_branch", "soe", "2021-05-10", NULL, "2024-05-10" },
	{ "primary committee: 5 years", "primary_committee", "school", "2021-05-10", NULL, "2026-05-10" },
	{ "village branch: 5 years", "branch", "village", "2021-05-10", NULL, "2026-05-10" },
	{ "community general branch: 5 years", "general_branch", "community", "2021-05-10", NULL,
	  "2026-05-10" },
	{ "village primary committee: 5 years", "primary_committee", "village", "2021-05-10", NULL,
	  "2026-05-10" },
	{ "started on a leap day", "branch", NULL, "2024-02-29", NULL, "2027-02-28" },
	{ "no start, no expiry", "branch", NULL, NULL, NULL, NULL },
	{ "a temporary branch has no term", "temporary_branch", NULL, "2021-05-10", NULL, NULL },
	{ "a Party group has no term", "group", NULL, "2021-05-10", NULL, NULL },
	{ "a county committee: not a grassroots term", "county_committee", NULL, "2021-05-10", NULL,
	  NULL },
};

static void test_org_term_expiry_cases(void **state)
{
	(void)state;
	struct org_setup_rules r = national_rules();
	for (size_t i = 0; i < sizeof(term_cases) / sizeof(term_cases[0]); i++) {
		struct org o;
		base_org(&o, term_cases[i].type);
		if (term_cases[i].unit_category)
			snprintf(o.unit_category, sizeof(o.unit_category), "%s", term_cases[i].unit_category);
		if (term_cases[i].term_start)
			o.term_start = ymd(term_cases[i].term_start);
		if (term_cases[i].term_expiry)
			o.term_expiry = ymd(term_cases[i].term_expiry);
		char got[11];
		date_format(org_term_expiry(&o, &r), got);
		const char *expect = term_cases[i].expect ? term_cases[i].expect : "";
		if (strcmp(got, expect) != 0)
			fail_msg("case '%s': expiry \"%s\", expected \"%s\"", term_cases[i].name, got, expect);
	}
}

/* --- org_findings: the table ----------------------------------------------------------------- */

#define TODAY "2026-03-15"

struct expected_finding {
	const char *rule, *severity;
};

struct findings_case {
	const char *name;
	const char *type, *unit_category, *status;
	struct org_counts counts;
	int64_t units_covered;
	const char *term_start, *term_expiry;
	struct expected_finding expect[4]; /* exactly these, in order */
};

/* A branch that meets every rule: 5 full members, a committee of 3 with a discipline member. */
#define GOOD_BRANCH { .members = 5, .full_members = 5, .committee_size = 3, .has_secretary = true, \
		      .has_discipline = true }

static const struct findings_case findings_cases[] = {
	{ "a branch that meets every rule", "branch", NULL, "active", GOOD_BRANCH },

	/* §2.1: at least 3 full members (党章第三十二条；条例第四条) */
	{ "a branch with 2 full members", "branch", NULL, "active",
	  { .members = 4, .full_members = 2, .has_secretary = true },
	  .expect = { { "org.branch.min_full_members", "warning" } } },
	{ "a branch with 3 full members", "branch", NULL, "active",
	  { .members = 3, .full_members = 3, .has_secretary = true } },
	{ "a joint branch with 2 full members", "joint_branch", NULL, "active",
	  { .members = 2, .full_members = 2, .has_secretary = true }, 2,
	  .expect = { { "org.branch.min_full_members", "warning" } } },

	/* §2.1: no more than 50 members (条例第四条) */
	{ "a branch with 50 members", "branch", NULL, "active",
	  { .members = 50, .full_members = 45, .committee_size = 5, .has_secretary = true,
	    .has_discipline = true } },
	{ "a branch with 51 members", "branch", NULL, "active",
	  { .members = 51, .full_members = 45, .committee_size = 5, .has_secretary = true,
	    .has_discipline = true },
	  .expect = { { "org.branch.max_members", "warning" } } },
	{ "a temporary branch with 51 members", "temporary_branch", NULL, "active",
	  { .members = 51, .full_members = 51, .committee_size = 5, .has_secretary = true,
	    .has_discipline = true },
	  .expect = { { "org.branch.max_members", "warning" } } },

	/* §2.2: a committee from 7 full members (条例第六章) */
	{ "7 full members without a committee", "branch", NULL, "active",
	  { .members = 8, .full_members = 7, .committee_size = 0, .has_secretary = true },
	  .expect = { { "org.branch.committee_threshold", "error" } } },
	{ "7 full members with only 2 committee members", "branch", NULL, "active",
	  { .members = 8, .full_members = 7, .committee_size = 2, .has_secretary = true },
	  .expect = { { "org.branch.committee_threshold", "error" } } },
	{ "6 full members without a committee", "branch", NULL, "active",
	  { .members = 8, .full_members = 6, .committee_size = 0, .has_secretary = true } },

	/* §2.4: a committee has a discipline member (党章第八章；条例第六章) */
	{ "a branch committee without a discipline member", "branch", NULL, "active",
	  { .members = 9, .full_members = 9, .committee_size = 3, .has_secretary = true },
	  .expect = { { "org.committee.discipline_member", "error" } } },
	{ "a general branch without a discipline member", "general_branch", NULL, "active",
	  { .members = 60, .full_members = 55, .child_branches = 3, .committee_size = 5,
	    .has_secretary = true },
	  .expect = { { "org.committee.discipline_member", "error" } } },
	{ "a primary committee without a discipline commission", "primary_committee", NULL, "active",
	  { .members = 120, .full_members = 110, .child_branches = 4, .committee_size = 7,
	    .has_secretary = true },
	  .expect = { { "org.committee.discipline_member", "error" } } },

	/* §2.1: a joint branch covers no more than 5 units */
	{ "a joint branch covering 5 units", "joint_branch", NULL, "active", GOOD_BRANCH, 5 },
	{ "a joint branch covering 6 units", "joint_branch", NULL, "active", GOOD_BRANCH, 6,
	  .expect = { { "org.joint_branch.max_units", "warning" } } },

	/* §2.1: general branch from 50 members, with at least 2 branches (机关条例第六条) */
	{ "a general branch with 49 members and 1 branch", "general_branch", NULL, "active",
	  { .members = 49, .full_members = 45, .child_branches = 1, .committee_size = 5,
	    .has_secretary = true, .has_discipline = true },
	  .expect = { { "org.general_branch.min_members", "warning" },
		      { "org.general_branch.min_branches", "warning" } } },
	{ "a general branch with 50 members and 2 branches", "general_branch", NULL, "active",
	  { .members = 50, .full_members = 45, .child_branches = 2, .committee_size = 5,
	    .has_secretary = true, .has_discipline = true } },

	/* §2.1: primary committee from 100 members */
	{ "a primary committee with 99 members", "primary_committee", NULL, "active",
	  { .members = 99, .full_members = 90, .child_branches = 4, .committee_size = 7,
	    .has_secretary = true, .has_discipline = true },
	  .expect = { { "org.primary_committee.min_members", "warning" } } },
	{ "a primary committee with 100 members", "primary_committee", NULL, "active",
	  { .members = 100, .full_members = 90, .child_branches = 4, .committee_size = 7,
	    .has_secretary = true, .has_discipline = true } },

	/* §2.3: terms; postponement by no more than a year (选举工作条例第三条) */
	{ "term expires tomorrow", "branch", NULL, "active", GOOD_BRANCH, 0, NULL, "2026-03-16" },
	{ "term expires today", "branch", NULL, "active", GOOD_BRANCH, 0, NULL, "2026-03-15",
	  .expect = { { "org.term.branch_years", "warning" } } },
	{ "term expired yesterday", "branch", NULL, "active", GOOD_BRANCH, 0, NULL, "2026-03-14",
	  .expect = { { "org.term.branch_years", "warning" } } },
	{ "term of 3 years from its start expired yesterday", "branch", NULL, "active", GOOD_BRANCH, 0,
	  "2023-03-14", NULL, .expect = { { "org.term.branch_years", "warning" } } },
	{ "primary committee term expired yesterday", "primary_committee", NULL, "active",
	  { .members = 120, .full_members = 110, .child_branches = 4, .committee_size = 7,
	    .has_secretary = true, .has_discipline = true },
	  0, "2021-03-14", NULL, .expect = { { "org.term.primary_committee_years", "warning" } } },
	{ "village branch: 5-year term from 2021 not yet over", "branch", "village", "active",
	  GOOD_BRANCH, 0, "2021-03-16", NULL },
	{ "village branch: 5-year term expired yesterday", "branch", "village", "active", GOOD_BRANCH,
	  0, "2021-03-14", NULL, .expect = { { "org.term.village_years", "warning" } } },
	{ "term expired 12 months less a day ago", "branch", NULL, "active", GOOD_BRANCH, 0, NULL,
	  "2025-03-16", .expect = { { "org.term.branch_years", "warning" } } },
	{ "term expired more than 12 months ago", "branch", NULL, "active", GOOD_BRANCH, 0, NULL,
	  "2025-03-14", .expect = { { "org.term.postpone_max_months", "error" } } },
	{ "term expired years ago", "general_branch", NULL, "active",
	  { .members = 60, .full_members = 55, .child_branches = 3, .committee_size = 5,
	    .has_secretary = true, .has_discipline = true },
	  0, "2018-01-01", NULL, .expect = { { "org.term.postpone_max_months", "error" } } },

	/* several at once, in the order of the rules */
	{ "a small branch with too many members overall and an old term", "branch", NULL, "active",
	  { .members = 52, .full_members = 2, .has_secretary = true }, 0, NULL, "2020-01-01",
	  .expect = { { "org.branch.min_full_members", "warning" },
		      { "org.branch.max_members", "warning" },
		      { "org.term.postpone_max_months", "error" } } },

	/* a dissolved organisation has no findings */
	{ "a dissolved branch", "branch", NULL, "dissolved",
	  { .members = 60, .full_members = 2, .committee_size = 0 }, 9, NULL, "2010-01-01" },
	{ "a dissolved general branch", "general_branch", NULL, "dissolved", { .members = 0 }, 0, NULL,
	  "2010-01-01" },
};

static void check_findings(const struct findings_case *c, json_t *out)
{
	size_t expected = 0;
	while (expected < 4 && c->expect[expected].rule)
		expected++;
	if (json_array_size(out) != expected) {
		char *dump = json_dumps(out, JSON_COMPACT);
		fail_msg("case '%s': %zu findings, expected %zu: %s", c->name, json_array_size(out),
			 expected, dump);
	}
	for (size_t i = 0; i < expected; i++) {
		json_t *f = json_array_get(out, i);
		const char *rule = json_string_value(json_object_get(f, "rule"));
		const char *severity = json_string_value(json_object_get(f, "severity"));
		const char *article = json_string_value(json_object_get(f, "article"));
		const char *zh = json_string_value(json_object_get(f, "message_zh"));
		const char *en = json_string_value(json_object_get(f, "message_en"));
		if (!rule || strcmp(rule, c->expect[i].rule) != 0)
			fail_msg("case '%s': finding %zu is '%s', expected '%s'", c->name, i,
				 rule ? rule : "(none)", c->expect[i].rule);
		if (!severity || strcmp(severity, c->expect[i].severity) != 0)
			fail_msg("case '%s': '%s' has severity '%s', expected '%s'", c->name, rule,
				 severity ? severity : "(none)", c->expect[i].severity);
		if (!article || !article[0])
			fail_msg("case '%s': '%s' cites no article", c->name, rule);
		if (!zh || !zh[0] || !en || !en[0])
			fail_msg("case '%s': '%s' lacks a message", c->name, rule);
		if (!json_is_string(json_object_get(f, "regulation")))
			fail_msg("case '%s': '%s' names no regulation", c->name, rule);
	}
}

static void test_org_findings_cases(void **state)
{
	(void)state;
	struct org_setup_rules r = national_rules();
	int today = ymd(TODAY);
	for (size_t i = 0; i < sizeof(findings_cases) / sizeof(findings_cases[0]); i++) {
		const struct findings_case *c = &findings_cases[i];
		struct org o;
		base_org(&o, c->type);
		if (c->unit_category)
			snprintf(o.unit_category, sizeof(o.unit_category), "%s", c->unit_category);
		snprintf(o.status, sizeof(o.status), "%s", c->status);
		if (!strcmp(c->status, "dissolved"))
			o.dissolved_on = ymd("2024-01-01");
		o.units_covered = c->units_covered;
		if (c->term_start)
			o.term_start = ymd(c->term_start);
		if (c->term_expiry)
			o.term_expiry = ymd(c->term_expiry);
		json_t *out = json_array();
		org_findings(&o, "primary_committee", &c->counts, &r, today, out);
		check_findings(c, out);
		json_decref(out);
	}
}

/* A finding carries what it measured and the limit of the rule in force. */
static void test_org_findings_detail(void **state)
{
	(void)state;
	struct org_setup_rules r = national_rules();
	struct org o;
	base_org(&o, "branch");
	struct org_counts c = { .members = 2, .full_members = 2, .has_secretary = true };
	json_t *out = json_array();
	org_findings(&o, "general_branch", &c, &r, ymd(TODAY), out);
	assert_int_equal(json_array_size(out), 1);
	json_t *f = json_array_get(out, 0);
	assert_int_equal(json_integer_value(json_object_get(f, "actual")), 2);
	assert_int_equal(json_integer_value(json_object_get(f, "limit")), 3);
	assert_string_equal(json_string_value(json_object_get(f, "article")), "党章第三十二条；条例第四条");
	assert_non_null(strstr(json_string_value(json_object_get(f, "message_zh")), "2"));
	json_decref(out);

	/* the term finding names the field and the day it expired */
	base_org(&o, "branch");
	o.term_expiry = ymd("2026-03-14");
	struct org_counts good = GOOD_BRANCH;
	out = json_array();
	org_findings(&o, "general_branch", &good, &r, ymd(TODAY), out);
	assert_int_equal(json_array_size(out), 1);
	f = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(f, "field")), "term_expiry");
	assert_non_null(strstr(json_string_value(json_object_get(f, "message_en")), "2026-03-14"));
	json_decref(out);
}

/* Rule values come from the table: a local value moves the boundary. */
static void test_org_findings_uses_rule_values(void **state)
{
	(void)state;
	struct org_setup_rules r = national_rules();
	r.branch_max.value = 40;
	struct org o;
	base_org(&o, "branch");
	struct org_counts c = { .members = 41, .full_members = 41, .committee_size = 5,
				.has_secretary = true, .has_discipline = true };
	json_t *out = json_array();
	org_findings(&o, NULL, &c, &r, ymd(TODAY), out);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "rule")),
			    "org.branch.max_members");
	json_decref(out);

	/* a discipline rule switched off (value 0) finds nothing */
	r = national_rules();
	r.discipline.value = 0;
	c = (struct org_counts){ .members = 9, .full_members = 9, .committee_size = 3 };
	out = json_array();
	org_findings(&o, NULL, &c, &r, ymd(TODAY), out);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_type_may_parent_cases),
		cmocka_unit_test(test_org_type_is_branch),
		cmocka_unit_test(test_org_validate_cases),
		cmocka_unit_test(test_org_term_expiry_cases),
		cmocka_unit_test(test_org_findings_cases),
		cmocka_unit_test(test_org_findings_detail),
		cmocka_unit_test(test_org_findings_uses_rule_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
