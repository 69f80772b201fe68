/*
 * test_orglife_review.c - unit tests of the pure checks of a branch's yearly review
 * (src/orglife/orglife_review.h, orglife_review_rules.c), each at its boundaries: the cap on
 * 优秀 at exactly its percent and one above, three grades against four, probationary members
 * rated or not by the local rule, the vote counts against the participants, the order of the
 * appraisal's steps, the verdict's completeness, the counting of the talks' pairs, and the life
 * meeting's list items and their completion.
 *
 * The rules are the national values of src/rules/national_rules.def filled in by hand, and
 * compared with that file so that the two cannot drift apart; local values are set per case.
 * Every refusal is checked for its code, its field and (for 422) its rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "orglife/orglife_review.h"
#include "rules/rules.h"

static int ymd(const char *s)
{
	int d;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static void rule_fill(struct rule *r, const char *key, const char *value, const char *regulation, const char *article)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->value, sizeof(r->value), "%s", value);
	snprintf(r->regulation, sizeof(r->regulation), "%s", regulation);
	snprintf(r->article, sizeof(r->article), "%s", article);
	r->confidence = 'L';
	r->local = 1;
}

#define TJ "中国共产党支部工作条例（试行）"

/* The national rules, by hand. */
static void national(struct orglife_appraisal_rules *r, struct rule *lists)
{
	rule_fill(&r->levels, "orglife.appraisal_levels", "4", "关于建立民主评议党员制度的意见（中组部）",
		  "评议等次（部分单位只设三个等次）");
	rule_fill(&r->excellent_max, "orglife.appraisal_excellent_max_percent", "100", "地方规定（全国未设比例）",
		  "支部工作条例第十九条；多地规定优秀不超过三分之一");
	rule_fill(&r->rate_probationary, "orglife.appraisal_rate_probationary", "0", "地方规定",
		  "支部工作条例第十九条；预备党员参加评议、不评定等次");
	if (lists)
		rule_fill(lists, "orglife.life_meeting_lists", "1", TJ, "第十七条");
}

static void set(struct rule *r, const char *value)
{
	snprintf(r->value, sizeof(r->value), "%s", value);
}

/* The answer of a check: ok, or code with field and rule. */
static void expect(enum jc_err got, const struct jc_error *err, enum jc_err code, const char *field, const char *rule,
		   const char *what)
{
	if (got != code)
		fail_msg("%s: got %d (%s), want %d", what, got, err->message, code);
	if (code == JC_OK)
		return;
	if (field && strcmp(err->field, field))
		fail_msg("%s: field '%s', want '%s' (%s)", what, err->field, field, err->message);
	if (strcmp(err->rule, rule ? rule : ""))
		fail_msg("%s: rule '%s', want '%s'", what, err->rule, rule ? rule : "");
	if (rule && !err->article[0])
		fail_msg("%s: the refusal cites no article", what);
}

/* --- probationary members, grades, the cap ------------------------------------------------------ */

static void test_rated_by_the_rule(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	national(&r, NULL);
	assert_true(orglife_appraisal_rates("full", &r.rate_probationary));
	assert_false(orglife_appraisal_rates("probationary", &r.rate_probationary));
	set(&r.rate_probationary, "1");
	assert_true(orglife_appraisal_rates("full", &r.rate_probationary));
	assert_true(orglife_appraisal_rates("probationary", &r.rate_probationary));
}

static void test_three_or_four_grades(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	national(&r, NULL);
	const char *all[] = { "excellent", "qualified", "basic", "unqualified" };
	for (int i = 0; i < 4; i++)
		assert_true(orglife_grade_allowed(all[i], &r.levels));
	assert_false(orglife_grade_allowed("good", &r.levels));
	assert_false(orglife_grade_allowed("", &r.levels));
	set(&r.levels, "3");
	assert_true(orglife_grade_allowed("excellent", &r.levels));
	assert_true(orglife_grade_allowed("qualified", &r.levels));
	assert_false(orglife_grade_allowed("basic", &r.levels));
	assert_true(orglife_grade_allowed("unqualified", &r.levels));
}

static void test_excellent_cap(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	national(&r, NULL);
	static const struct {
		const char *percent;
		long rated, cap;
	} cases[] = {
		{ "100", 10, 10 }, { "100", 0, 0 }, { "30", 10, 3 }, { "33", 9, 2 }, { "34", 9, 3 },
		{ "34", 3, 1 },    { "50", 1, 0 },  { "0", 10, 0 },  { "150", 4, 4 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set(&r.excellent_max, cases[i].percent);
		if (orglife_excellent_cap(cases[i].rated, &r.excellent_max) != cases[i].cap)
			fail_msg("%s%% of %ld: cap %ld, want %ld", cases[i].percent, cases[i].rated,
				 orglife_excellent_cap(cases[i].rated, &r.excellent_max), cases[i].cap);
	}
}

/* --- the order of the steps ------------------------------------------------------------------- */

static void test_step_order(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	national(&r, NULL);
	struct jc_error err;
	static const struct {
		bool self, peer, votes, rated, closed, absent;
		enum orglife_step step;
		enum jc_err code;
		const char *rule;
		const char *what;
	} cases[] = {
		{ 0, 0, 0, 1, 0, 0, ORGLIFE_STEP_SELF, JC_OK, NULL, "self first" },
		{ 0, 0, 0, 1, 0, 0, ORGLIFE_STEP_PEER, JC_ECONFLICT, NULL, "peer before self" },
		{ 0, 0, 0, 1, 0, 0, ORGLIFE_STEP_VOTES, JC_ECONFLICT, NULL, "votes before anything" },
		{ 1, 0, 0, 1, 0, 0, ORGLIFE_STEP_SELF, JC_ECONFLICT, NULL, "self twice" },
		{ 1, 0, 0, 1, 0, 0, ORGLIFE_STEP_PEER, JC_OK, NULL, "peer after self" },
		{ 1, 0, 0, 1, 0, 0, ORGLIFE_STEP_VOTES, JC_ECONFLICT, NULL, "votes before peer" },
		{ 1, 1, 0, 1, 0, 0, ORGLIFE_STEP_PEER, JC_ECONFLICT, NULL, "peer twice" },
		{ 1, 1, 0, 1, 0, 0, ORGLIFE_STEP_VOTES, JC_OK, NULL, "votes after peer" },
		{ 1, 1, 1, 1, 0, 0, ORGLIFE_STEP_VOTES, JC_ECONFLICT, NULL, "votes twice" },
		{ 1, 1, 0, 0, 0, 0, ORGLIFE_STEP_VOTES, JC_ERULE, "orglife.appraisal_rate_probationary", "votes on one not rated" },
		{ 0, 0, 0, 0, 0, 0, ORGLIFE_STEP_SELF, JC_OK, NULL, "one not rated appraises themself" },
		{ 1, 0, 0, 0, 0, 0, ORGLIFE_STEP_PEER, JC_OK, NULL, "and is appraised by peers" },
		{ 0, 0, 0, 1, 1, 0, ORGLIFE_STEP_SELF, JC_ECONFLICT, NULL, "closed" },
		{ 1, 1, 0, 1, 1, 0, ORGLIFE_STEP_VOTES, JC_ECONFLICT, NULL, "closed, votes" },
		{ 0, 0, 0, 1, 0, 1, ORGLIFE_STEP_SELF, JC_EINVAL, NULL, "not a participant" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct orglife_entry e = { 7, !cases[i].rated, cases[i].rated, cases[i].self, cases[i].peer, cases[i].votes };
		jc_error_clear(&err);
		enum jc_err got = orglife_step_check(cases[i].step, cases[i].absent ? NULL : &e, cases[i].closed, "member_id", &r, &err);
		expect(got, &err, cases[i].code, "member_id", cases[i].rule, cases[i].what);
	}
}

/* --- the vote counts ------------------------------------------------------------------------- */

static void test_votes(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	national(&r, NULL);
	struct jc_error err;
	static const struct {
		const char *levels;
		long excellent, qualified, basic, unqualified, voters;
		enum jc_err code;
		const char *field, *rule;
	} cases[] = {
		{ "4", 3, 4, 2, 1, 10, JC_OK, NULL, NULL },              /* exactly the participants */
		{ "4", 3, 4, 2, 2, 10, JC_EINVAL, "items[2]", NULL },    /* one more */
		{ "4", 0, 0, 0, 0, 10, JC_OK, NULL, NULL },
		{ "4", 0, 0, 0, 0, 0, JC_OK, NULL, NULL },
		{ "4", 1, 0, 0, 0, 0, JC_EINVAL, "items[2]", NULL },
		{ "4", -1, 0, 0, 0, 10, JC_EINVAL, "items[2].excellent", NULL },
		{ "4", 0, -1, 0, 0, 10, JC_EINVAL, "items[2].qualified", NULL },
		{ "4", 0, 0, -1, 0, 10, JC_EINVAL, "items[2].basic", NULL },
		{ "4", 0, 0, 0, -1, 10, JC_EINVAL, "items[2].unqualified", NULL },
		{ "3", 3, 4, 0, 3, 10, JC_OK, NULL, NULL },
		{ "3", 3, 4, 1, 2, 10, JC_ERULE, "items[2].basic", "orglife.appraisal_levels" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set(&r.levels, cases[i].levels);
		struct orglife_vote v = { 5, cases[i].excellent, cases[i].qualified, cases[i].basic, cases[i].unqualified };
		char what[64];
		snprintf(what, sizeof(what), "vote case %zu", i);
		jc_error_clear(&err);
		expect(orglife_vote_check(&v, 2, cases[i].voters, &r, &err), &err, cases[i].code, cases[i].field, cases[i].rule, what);
	}
}

/* --- the verdict --------------------------------------------------------------------------------- */

/* Ten rated full members 1..10 and two probationary members 11, 12 (not rated). */
static struct orglife_entry entries[12];

static void entries_fill(bool rate_probationary)
{
	for (int i = 0; i < 12; i++)
		entries[i] = (struct orglife_entry){ i + 1, i >= 10, i < 10 || rate_probationary, 1, 1, 1 };
}

/* A verdict grading members 1..10: `excellent` of them excellent, the rest qualified. */
static int verdict(struct orglife_grade *g, int excellent)
{
	for (int i = 0; i < 10; i++) {
		memset(&g[i], 0, sizeof(g[i]));
		g[i].member_id = i + 1;
		snprintf(g[i].grade, sizeof(g[i].grade), "%s", i < excellent ? "excellent" : "qualified");
	}
	return 10;
}

static void test_results_cap_at_the_percent(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	struct orglife_grade g[16];
	struct jc_error err;
	national(&r, NULL);
	entries_fill(false);
	/* no cap nationally: all ten excellent */
	jc_error_clear(&err);
	expect(orglife_results_check(g, verdict(g, 10), entries, 12, &r, &err), &err, JC_OK, NULL, NULL, "100%: ten of ten");
	/* 30%: three of ten exactly, not four */
	set(&r.excellent_max, "30");
	jc_error_clear(&err);
	expect(orglife_results_check(g, verdict(g, 3), entries, 12, &r, &err), &err, JC_OK, NULL, NULL, "30%: three of ten");
	jc_error_clear(&err);
	expect(orglife_results_check(g, verdict(g, 4), entries, 12, &r, &err), &err, JC_ERULE, "items",
	       "orglife.appraisal_excellent_max_percent", "30%: four of ten");
	/* the base is the rated members: the probationary ones rated make twelve, 30% of them three */
	entries_fill(true);
	set(&r.rate_probationary, "1");
	int n = verdict(g, 3);
	g[n] = (struct orglife_grade){ 11, "qualified", "" };
	g[n + 1] = (struct orglife_grade){ 12, "excellent", "" };
	jc_error_clear(&err);
	expect(orglife_results_check(g, n + 2, entries, 12, &r, &err), &err, JC_ERULE, "items",
	       "orglife.appraisal_excellent_max_percent", "30% of twelve: four");
	set(&r.excellent_max, "34");
	jc_error_clear(&err);
	expect(orglife_results_check(g, n + 2, entries, 12, &r, &err), &err, JC_OK, NULL, NULL, "34% of twelve: four");
}

static void test_results_refusals(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	struct orglife_grade g[16];
	struct jc_error err;
	national(&r, NULL);
	entries_fill(false);
	int n = verdict(g, 1);
#define CASE(setup, code, field, rule, what)                                                 \
	do {                                                                                       \
		n = verdict(g, 1);                                                                 \
		setup;                                                                             \
		jc_error_clear(&err);                                                              \
		expect(orglife_results_check(g, n, entries, 12, &r, &err), &err, code, field, rule, what); \
	} while (0)
	CASE((void)0, JC_OK, NULL, NULL, "every rated member graded");
	CASE(n = 9, JC_EINVAL, "items", NULL, "member 10 not graded");
	CASE(g[3].member_id = 99, JC_EINVAL, "items[3].member_id", NULL, "not a participant");
	CASE(g[3].member_id = 2, JC_EINVAL, "items[3].member_id", NULL, "graded twice");
	CASE(snprintf(g[4].grade, sizeof(g[4].grade), "good"), JC_EINVAL, "items[4].grade", NULL, "unknown grade");
	CASE(snprintf(g[4].grade, sizeof(g[4].grade), "unqualified"), JC_EINVAL, "items[4].reason", NULL, "unqualified without reason");
	CASE((snprintf(g[4].grade, sizeof(g[4].grade), "unqualified"), snprintf(g[4].reason, sizeof(g[4].reason), "长期不参加组织生活")),
	     JC_OK, NULL, NULL, "unqualified with its reason");
	CASE(snprintf(g[5].grade, sizeof(g[5].grade), "basic"), JC_OK, NULL, NULL, "basic of four grades");
	set(&r.levels, "3");
	CASE(snprintf(g[5].grade, sizeof(g[5].grade), "basic"), JC_ERULE, "items[5].grade", "orglife.appraisal_levels",
	     "basic of three grades");
	CASE((void)0, JC_OK, NULL, NULL, "three grades without basic");
	set(&r.levels, "4");
	CASE((g[n] = (struct orglife_grade){ 11, "qualified", "" }, n++), JC_ERULE, "items[10].grade",
	     "orglife.appraisal_rate_probationary", "a probationary member not rated gets a grade");
	/* rated by the rule: then they need a grade too */
	entries_fill(true);
	set(&r.rate_probationary, "1");
	CASE((void)0, JC_EINVAL, "items", NULL, "probationary members rated but not graded");
	CASE((g[n] = (struct orglife_grade){ 11, "qualified", "" }, g[n + 1] = (struct orglife_grade){ 12, "basic", "" }, n += 2),
	     JC_OK, NULL, NULL, "probationary members rated and graded");
#undef CASE
}

static void test_follow_up_only_for_unqualified(void **state)
{
	(void)state;
	assert_null(orglife_follow_up("excellent"));
	assert_null(orglife_follow_up("qualified"));
	assert_null(orglife_follow_up("basic"));
	const char *hint = orglife_follow_up("unqualified");
	assert_non_null(hint);
	assert_non_null(strstr(hint, "限期改正"));
}

/* --- talks -------------------------------------------------------------------------------------- */

static void test_pairs(void **state)
{
	(void)state;
	assert_int_equal(orglife_pairs(0), 0);
	assert_int_equal(orglife_pairs(1), 0);
	assert_int_equal(orglife_pairs(2), 1);
	assert_int_equal(orglife_pairs(3), 3);
	assert_int_equal(orglife_pairs(50), 1225);
	assert_int_equal(orglife_pairs(2000), 1999000);
}

static void test_talks_cover(void **state)
{
	(void)state;
	const int64_t members[] = { 1, 2, 3, 4 };
	long met[4];
	int64_t pairs_met;
	/* 1-2 once, 1-3 once each way round (they add up), 1-99 (no longer a member), 4-4 (nonsense) */
	struct orglife_pair pairs[] = { { 2, 1, 1 }, { 1, 3, 1 }, { 3, 1, 1 }, { 1, 99, 5 }, { 4, 4, 3 } };
	struct orglife_pair copy[5];
	memcpy(copy, pairs, sizeof(pairs));
	orglife_talks_cover(members, 4, copy, 5, 1, &pairs_met, met);
	assert_int_equal(pairs_met, 2);
	assert_int_equal(met[0], 2);
	assert_int_equal(met[1], 1);
	assert_int_equal(met[2], 1);
	assert_int_equal(met[3], 0);
	/* twice a year: only 1-3 */
	memcpy(copy, pairs, sizeof(pairs));
	orglife_talks_cover(members, 4, copy, 5, 2, &pairs_met, met);
	assert_int_equal(pairs_met, 1);
	assert_int_equal(met[0], 1);
	assert_int_equal(met[1], 0);
	assert_int_equal(met[2], 1);
	assert_int_equal(met[3], 0);
	/* three times: none */
	memcpy(copy, pairs, sizeof(pairs));
	orglife_talks_cover(members, 4, copy, 5, 3, &pairs_met, met);
	assert_int_equal(pairs_met, 0);
	/* no talks at all, and a branch of one */
	orglife_talks_cover(members, 4, NULL, 0, 1, &pairs_met, met);
	assert_int_equal(pairs_met, 0);
	assert_int_equal(met[0] + met[1] + met[2] + met[3], 0);
	orglife_talks_cover(members, 1, NULL, 0, 1, &pairs_met, met);
	assert_int_equal(pairs_met, 0);
	/* every pair of 4 once: 6 pairs, each member 3 */
	struct orglife_pair all[] = { { 1, 2, 1 }, { 1, 3, 1 }, { 1, 4, 1 }, { 2, 3, 1 }, { 4, 2, 1 }, { 3, 4, 1 } };
	orglife_talks_cover(members, 4, all, 6, 1, &pairs_met, met);
	assert_int_equal(pairs_met, orglife_pairs(4));
	for (int i = 0; i < 4; i++)
		assert_int_equal(met[i], 3);
}

/* --- the life meeting's lists ---------------------------------------------------------------------- */

static void test_items(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	struct rule lists;
	national(&r, &lists);
	struct jc_error err;
	int held = ymd("2025-12-20");
	struct orglife_life_item it;
	struct orglife_item_facts f;
#define CASE(setup, code, field, rule, what)                                      \
	do {                                                                        \
		memset(&it, 0, sizeof(it));                                         \
		snprintf(it.kind, sizeof(it.kind), "rectification");               \
		snprintf(it.text, sizeof(it.text), "落实三会一课记录");              \
		snprintf(it.owner_name, sizeof(it.owner_name), "组织委员");          \
		it.due = ymd("2026-03-31");                                         \
		f = (struct orglife_item_facts){ true, held, true, true };          \
		setup;                                                              \
		jc_error_clear(&err);                                               \
		expect(orglife_item_check(&it, &f, &lists, &err), &err, code, field, rule, what); \
	} while (0)
	CASE((void)0, JC_OK, NULL, NULL, "a rectification");
	CASE(f.life_meeting = false, JC_ERULE, NULL, "orglife.life_meeting_lists", "not a life meeting");
	CASE(it.owner_name[0] = '\0', JC_EINVAL, "owner", NULL, "no owner");
	CASE((it.owner_name[0] = '\0', it.owner_member_id = 5), JC_OK, NULL, NULL, "a member owns it");
	CASE((it.owner_member_id = 5, f.owner_belongs = false), JC_EINVAL, "owner", NULL, "owner not of the branch");
	CASE(it.due = DATE_NONE, JC_EINVAL, "due", NULL, "no due day");
	CASE(it.due = held, JC_OK, NULL, NULL, "due the day of the meeting");
	CASE(it.due = held - 1, JC_EINVAL, "due", NULL, "due the day before");
	CASE(it.text[0] = '\0', JC_EINVAL, "text", NULL, "no text");
	CASE(snprintf(it.kind, sizeof(it.kind), "todo"), JC_EINVAL, "kind", NULL, "unknown kind");
	CASE(it.issue_id = 3, JC_OK, NULL, NULL, "answers an issue");
	CASE((it.issue_id = 3, f.issue_ok = false), JC_EINVAL, "issue_id", NULL, "not an issue of this meeting");
	/* an issue: no owner or due needed, and it answers nothing */
	CASE((snprintf(it.kind, sizeof(it.kind), "issue"), it.owner_name[0] = '\0', it.due = DATE_NONE), JC_OK, NULL, NULL,
	     "an issue");
	CASE((snprintf(it.kind, sizeof(it.kind), "issue"), it.issue_id = 3), JC_EINVAL, "issue_id", NULL, "an issue answering one");
	CASE((snprintf(it.kind, sizeof(it.kind), "issue"), it.due = held - 1), JC_EINVAL, "due", NULL, "an issue due before");
#undef CASE
}

static void test_done(void **state)
{
	(void)state;
	struct jc_error err;
	int held = ymd("2025-12-20"), today = ymd("2026-01-15");
	static const struct {
		const char *on;
		bool done;
		const char *outcome;
		enum jc_err code;
		const char *field;
	} cases[] = {
		{ "2025-12-20", false, "已整改", JC_OK, NULL },       { "2025-12-19", false, "已整改", JC_EINVAL, "done_on" },
		{ "2026-01-15", false, "已整改", JC_OK, NULL },       { "2026-01-16", false, "已整改", JC_EINVAL, "done_on" },
		{ "2026-01-01", false, "", JC_EINVAL, "outcome" },    { "2026-01-01", true, "已整改", JC_ECONFLICT, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jc_error_clear(&err);
		expect(orglife_done_check(ymd(cases[i].on), held, today, cases[i].done, cases[i].outcome, &err), &err, cases[i].code,
		       cases[i].field ? cases[i].field : "", NULL, cases[i].on);
	}
	jc_error_clear(&err);
	expect(orglife_done_check(DATE_NONE, held, today, false, "x", &err), &err, JC_EINVAL, "done_on", NULL, "no date");
}

/* --- the hand-filled rules are those of national_rules.def ----------------------------------- */

static const struct {
	const char *key, *value, *regulation, *article;
} def_rules[] = {
#define RULE(key, value, unit, from, regulation, article, confidence, local, zh, en) { key, value, regulation, article },
#include "rules/national_rules.def"
#undef RULE
};

static void test_rules_are_the_national_ones(void **state)
{
	(void)state;
	struct orglife_appraisal_rules r;
	struct rule lists;
	national(&r, &lists);
	const struct rule *all[] = { &r.levels, &r.excellent_max, &r.rate_probationary, &lists };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		int found = -1;
		for (size_t k = 0; k < sizeof(def_rules) / sizeof(def_rules[0]); k++)
			if (!strcmp(def_rules[k].key, all[i]->key))
				found = (int)k;
		if (found < 0)
			fail_msg("rule '%s' is not in national_rules.def", all[i]->key);
		if (strcmp(def_rules[found].value, all[i]->value) || strcmp(def_rules[found].regulation, all[i]->regulation) ||
		    strcmp(def_rules[found].article, all[i]->article))
			fail_msg("rule '%s': the test has %s (%s %s), national_rules.def %s (%s %s)", all[i]->key, all[i]->value,
				 all[i]->regulation, all[i]->article, def_rules[found].value, def_rules[found].regulation,
				 def_rules[found].article);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_are_the_national_ones),
		cmocka_unit_test(test_rated_by_the_rule),
		cmocka_unit_test(test_three_or_four_grades),
		cmocka_unit_test(test_excellent_cap),
		cmocka_unit_test(test_step_order),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_results_cap_at_the_percent),
		cmocka_unit_test(test_results_refusals),
		cmocka_unit_test(test_follow_up_only_for_unqualified),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_talks_cover),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
