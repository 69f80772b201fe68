/*
 * test_member_rules.c - unit tests of the pure member rules of src/member/member.h
 * (member_rules.c): the GB 11643-1999 national ID number (check digit, birth date, gender), the
 * record check member_check as a table of cases at each boundary of domain-rules §1.2-1.6
 * (minimum age 18 at application, a year as activist, a year of probation, at most one
 * extension of a year, dates in order and not in the future, the ID number agreeing with birth
 * date and gender), and member_complete (what the record implies when absent).
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
#include "member/member.h"
#include "rules/rules.h"
#include "stats/stats.h"

/* The national rules of src/rules/national_rules.def, filled by hand. */
static struct rule rule_min_age, rule_activist, rule_probation, rule_extension;

static void rule_fill(struct rule *r, const char *key, const char *value, const char *unit,
		      const char *regulation, const char *article)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->value, sizeof(r->value), "%s", value);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	snprintf(r->effective_from, sizeof(r->effective_from), "2014-06-10");
	snprintf(r->regulation, sizeof(r->regulation), "%s", regulation);
	snprintf(r->article, sizeof(r->article), "%s", article);
	r->confidence = 'C';
}

static struct member_rules national_rules(void)
{
	rule_fill(&rule_min_age, "member.min_age_at_application", "18", "years",
		  "中国共产党章程；中国共产党发展党员工作细则", "党章第一条；细则第五条");
	rule_fill(&rule_activist, "member.activist_min_months", "12", "months",
		  "中国共产党发展党员工作细则", "第十三条");
	rule_fill(&rule_probation, "member.probation_months", "12", "months",
		  "中国共产党章程；中国共产党发展党员工作细则", "党章第七条；细则第三十二条");
	rule_fill(&rule_extension, "member.probation_max_extension_months", "12", "months",
		  "中国共产党章程；中国共产党发展党员工作细则", "党章第七条；细则第三十二条");
	return (struct member_rules){ &rule_min_age, &rule_activist, &rule_probation, &rule_extension };
}

static int ymd(const char *s)
{
	int d;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

/* Sets one field from text, as an import would. */
static void set(struct member *m, const char *key, const char *value)
{
	const struct field *f = fields_find(&member_desc, key, strlen(key));
	if (!f)
		fail_msg("no member field '%s'", key);
	struct jc_error err = { 0 };
	if (fields_set_text(f, m, value, strlen(value), &err) != JC_OK)
		fail_msg("cannot set %s = \"%s\": %s", key, value, err.message);
}

#define TODAY "2026-01-15"

/*
 * A valid full member: male, born 1990-06-15 (18 on 2008-06-15), applied at 19, activist for
 * exactly a year, admitted 2012-03-01 and converted exactly a year later.
 */
static void base_member(struct member *m)
{
	memset(m, 0, sizeof(*m));
	fields_clear(&member_desc, m);
	m->org_id = 7;
	set(m, "name", "张三");
	set(m, "gender", "M");
	set(m, "id_number", "510102199006152718");
	set(m, "birth_date", "1990-06-15");
	set(m, "ethnicity", "01");
	set(m, "education", "bachelor");
	set(m, "occupation", "worker");
	set(m, "category", "full");
	set(m, "apply_date", "2010-03-01");
	set(m, "activist_date", "2010-09-01");
	set(m, "target_date", "2011-09-01");
	set(m, "admit_date", "2012-03-01");
	set(m, "convert_date", "2013-03-01");
	set(m, "state", "normal");
}

/* --- member_id_number_valid ---------------------------------------------------------------- */

static const struct {
	const char *id;
	bool valid;
	const char *birth; /* when valid */
	bool female;
	const char *why;
} id_cases[] = {
	{ "11010519491231002X", true, "1949-12-31", true, "check character X" },
	{ "440304200001011239", true, "2000-01-01", false, "odd 17th digit: male" },
	{ "320106199603150040", true, "1996-03-15", true, "even 17th digit: female" },
	{ "510102199006152718", true, "1990-06-15", false, "the base record" },
	{ "110101200002290018", true, "2000-02-29", false, "born on a leap day" },
	{ "110101202402290024", true, "2024-02-29", true, "born on a leap day" },
	{ "110101202302290019", false, NULL, false, "check digit right, 2023-02-29 does not exist" },
	{ "110102199902300016", false, NULL, false, "check digit right, 1999-02-30 does not exist" },
	{ "110101179912310010", false, NULL, false, "check digit right, 1799 outside the calendar" },
	{ "110105194912310021", false, NULL, false, "wrong check digit" },
	{ "110105194912310029", false, NULL, false, "wrong check digit" },
	{ "440304200001011230", false, NULL, false, "wrong check digit" },
	{ "11010519491231002", false, NULL, false, "17 characters" },
	{ "11010519491231002X0", false, NULL, false, "19 characters" },
	{ "1101051949123100", false, NULL, false, "16 characters" },
	{ "", false, NULL, false, "empty" },
	{ "11010A19491231002X", false, NULL, false, "a letter among the digits" },
	{ "1101051949123100X2", false, NULL, false, "X in the 17th position" },
	{ "11010519491231 02X", false, NULL, false, "a space" },
	{ "１１０１０５１９４９", false, NULL, false, "full-width digits" },
};

static void test_id_number_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(id_cases) / sizeof(id_cases[0]); i++) {
		int birth = DATE_NONE;
		bool female = !id_cases[i].female;
		bool ok = member_id_number_valid(id_cases[i].id, &birth, &female);
		if (ok != id_cases[i].valid)
			fail_msg("\"%s\" (%s): valid = %d, expected %d", id_cases[i].id, id_cases[i].why, ok,
				 id_cases[i].valid);
		if (!ok)
			continue;
		if (birth != ymd(id_cases[i].birth)) {
			char got[11];
			date_format(birth, got);
			fail_msg("\"%s\": birth %s, expected %s", id_cases[i].id, got, id_cases[i].birth);
		}
		if (female != id_cases[i].female)
			fail_msg("\"%s\": female = %d, expected %d", id_cases[i].id, female, id_cases[i].female);
	}
}

static void test_id_number_outputs_optional(void **state)
{
	(void)state;
	assert_true(member_id_number_valid("11010519491231002X", NULL, NULL));
	int birth;
	assert_true(member_id_number_valid("11010519491231002X", &birth, NULL));
	assert_int_equal(birth, ymd("1949-12-31"));
	bool female = false;
	assert_true(member_id_number_valid("11010519491231002X", NULL, &female));
	assert_true(female);
}

/* --- member_check: the table --------------------------------------------------------------- */

struct check_case {
	const char *name;
	const char *set[6][2]; /* fields changed from the base record, as text */
	enum jc_err code;
	const char *field; /* expected err.field when code != JC_OK */
	const char *rule;  /* expected err.rule for JC_ERULE */
};

static const struct check_case check_cases[] = {
	{ "the base record", { { NULL } }, JC_OK },

	/* §1.2 minimum age 18 at application (党章第一条; 细则第五条) */
	{ "applies on the 18th birthday", { { "apply_date", "2008-06-15" } }, JC_OK },
	{ "applies the day before the 18th birthday", { { "apply_date", "2008-06-14" } }, JC_ERULE,
	  "apply_date", "member.min_age_at_application" },
	{ "no application date: admitted on the 18th birthday",
	  { { "apply_date", "" }, { "activist_date", "" }, { "target_date", "" },
	    { "admit_date", "2008-06-15" }, { "convert_date", "2009-06-15" } },
	  JC_OK },
	{ "no application date: admitted the day before the 18th birthday",
	  { { "apply_date", "" }, { "activist_date", "" }, { "target_date", "" },
	    { "admit_date", "2008-06-14" }, { "convert_date", "2009-06-14" } },
	  JC_ERULE, "admit_date", "member.min_age_at_application" },

	/* §1.4 a year as activist before becoming a development target (细则第十三条) */
	{ "target exactly 12 months after activist",
	  { { "activist_date", "2010-08-31" }, { "target_date", "2011-08-31" } }, JC_OK },
	{ "target one day short of 12 months after activist",
	  { { "activist_date", "2010-08-31" }, { "target_date", "2011-08-30" } }, JC_ERULE,
	  "target_date", "member.activist_min_months" },
	{ "activist on 29 February 2012, target on 28 February 2013",
	  { { "apply_date", "2011-03-01" }, { "activist_date", "2012-02-29" },
	    { "target_date", "2013-02-28" }, { "admit_date", "2013-03-01" },
	    { "convert_date", "2014-03-01" } },
	  JC_OK },
	{ "activist on 29 February 2012, target on 27 February 2013",
	  { { "apply_date", "2011-03-01" }, { "activist_date", "2012-02-29" },
	    { "target_date", "2013-02-27" }, { "admit_date", "2013-03-01" },
	    { "convert_date", "2014-03-01" } },
	  JC_ERULE, "target_date", "member.activist_min_months" },

	/* §1.6 probation of a year from admission (党章第七条; 细则第三十二条) */
	{ "converted exactly 12 months after admission", { { "convert_date", "2013-03-01" } }, JC_OK },
	{ "converted one day before 12 months", { { "convert_date", "2013-02-28" } }, JC_ERULE,
	  "convert_date", "member.probation_months" },
	{ "admitted on a leap day, converted a year later (28 February)",
	  { { "admit_date", "2012-02-29" }, { "convert_date", "2013-02-28" } }, JC_OK },
	{ "admitted on a leap day, converted the day before",
	  { { "admit_date", "2012-02-29" }, { "convert_date", "2013-02-27" } }, JC_ERULE,
	  "convert_date", "member.probation_months" },

	/* §1.6 one extension of at most a year */
	{ "converted 24 months after admission (one extension of 12 months)",
	  { { "convert_date", "2014-03-01" } }, JC_OK },
	{ "converted 24 months and a day after admission", { { "convert_date", "2014-03-02" } },
	  JC_ERULE, "convert_date", "member.probation_max_extension_months" },

	/* dates in order */
	{ "activist before application", { { "activist_date", "2010-02-28" } }, JC_EINVAL,
	  "activist_date" },
	{ "target before activist", { { "target_date", "2010-08-31" } }, JC_EINVAL, "target_date" },
	{ "admission before target", { { "admit_date", "2011-08-31" } }, JC_EINVAL, "admit_date" },
	{ "conversion before admission", { { "convert_date", "2012-02-29" } }, JC_EINVAL,
	  "convert_date" },
	{ "a date before the birth date", { { "apply_date", "1990-06-14" } }, JC_EINVAL, "apply_date" },

	/* the ID number agrees with birth date and gender */
	{ "birth date disagrees with the ID number", { { "birth_date", "1990-06-16" } }, JC_EINVAL,
	  "birth_date" },
	{ "gender disagrees with the ID number", { { "gender", "F" } }, JC_EINVAL, "gender" },
	{ "ID number with a wrong check digit", { { "id_number", "510102199006152719" } }, JC_EINVAL,
	  "id_number" },
	{ "no ID number: birth date and gender stand alone",
	  { { "id_number", "" }, { "gender", "F" }, { "birth_date", "1990-06-16" } }, JC_OK },

	/* today bounds every date */
	{ "birth date in the future", { { "id_number", "" }, { "birth_date", "2026-01-16" } },
	  JC_EINVAL, "birth_date" },
	{ "birth date before 1900", { { "id_number", "" }, { "birth_date", "1899-12-31" } }, JC_EINVAL,
	  "birth_date" },
	{ "state date today", { { "state", "stopped" }, { "state_date", TODAY } }, JC_OK },
	{ "state date tomorrow", { { "state", "stopped" }, { "state_date", "2026-01-16" } }, JC_EINVAL,
	  "state_date" },
	{ "lost contact since tomorrow", { { "lost_contact", "1" }, { "lost_contact_date", "2026-01-16" } },
	  JC_EINVAL, "lost_contact_date" },
	{ "admitted in the future",
	  { { "admit_date", "2026-01-16" }, { "convert_date", "" }, { "category", "probationary" } },
	  JC_EINVAL, "admit_date" },

	/* category and state */
	{ "a probationary member", { { "convert_date", "" }, { "category", "probationary" } }, JC_OK },
	{ "a probationary member with a conversion date", { { "category", "probationary" } },
	  JC_EINVAL, "category" },
	{ "an exit state without its date", { { "state", "expelled" } }, JC_EINVAL, "state_date" },
	{ "an exit state with its date", { { "state", "expelled" }, { "state_date", "2020-05-01" } },
	  JC_OK },
	{ "conversion date without an admission date", { { "admit_date", "" } }, JC_EINVAL,
	  "admit_date" },
	{ "the Party group is the branch itself", { { "group_id", "7" } }, JC_EINVAL, "group_id" },
	{ "a Party group under the branch", { { "group_id", "8" } }, JC_OK },
};

static void test_member_check_cases(void **state)
{
	(void)state;
	struct member_rules rules = national_rules();
	int today = ymd(TODAY);
	for (size_t i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
		const struct check_case *c = &check_cases[i];
		struct member m;
		base_member(&m);
		for (size_t k = 0; k < 6 && c->set[k][0]; k++)
			set(&m, c->set[k][0], c->set[k][1]);
		struct jc_error err = { 0 };
		enum jc_err got = member_check(&m, &rules, today, &err);
		if (got != c->code)
			fail_msg("case '%s': got %s (%s), expected %s", c->name, jc_err_name(got), err.message,
				 jc_err_name(c->code));
		if (got == JC_OK) {
			assert_int_equal(err.code, JC_OK);
			continue;
		}
		assert_int_equal(err.code, got);
		if (strcmp(err.field, c->field) != 0)
			fail_msg("case '%s': field '%s', expected '%s' (%s)", c->name, err.field, c->field,
				 err.message);
		if (!err.message[0])
			fail_msg("case '%s': no message", c->name);
		if (got == JC_ERULE) {
			if (strcmp(err.rule, c->rule) != 0)
				fail_msg("case '%s': rule '%s', expected '%s'", c->name, err.rule, c->rule);
			if (!err.article[0])
				fail_msg("case '%s': the refusal cites no article", c->name);
		} else if (err.rule[0]) {
			fail_msg("case '%s': an invalid record cites rule '%s'", c->name, err.rule);
		}
	}
}

/* A refusal cites the regulation and article of the rule that refused. */
static void test_member_check_cites_article(void **state)
{
	(void)state;
	struct member_rules rules = national_rules();
	struct member m;
	base_member(&m);
	set(&m, "apply_date", "2008-06-14");
	struct jc_error err = { 0 };
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_ERULE);
	assert_non_null(strstr(err.article, "细则第五条"));
	assert_non_null(strstr(err.article, "中国共产党发展党员工作细则"));
	assert_non_null(strstr(err.message, "18"));
}

/* The values come from the rule table, not from the code. */
static void test_member_check_uses_rule_values(void **state)
{
	(void)state;
	struct member_rules rules = national_rules();
	struct member m;
	base_member(&m); /* applied at 19 */
	struct jc_error err = { 0 };
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_OK);
	snprintf(rule_min_age.value, sizeof(rule_min_age.value), "20");
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_ERULE);
	assert_string_equal(err.rule, "member.min_age_at_application");

	base_member(&m);
	rules = national_rules();
	snprintf(rule_extension.value, sizeof(rule_extension.value), "6");
	set(&m, "convert_date", "2013-09-01"); /* probation plus 6 months */
	jc_error_clear(&err);
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_OK);
	set(&m, "convert_date", "2013-09-02");
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_ERULE);
	assert_string_equal(err.rule, "member.probation_max_extension_months");
}

static void test_member_check_without_error_struct(void **state)
{
	(void)state;
	struct member_rules rules = national_rules();
	struct member m;
	base_member(&m);
	set(&m, "convert_date", "2013-02-28");
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), NULL), JC_ERULE);
	set(&m, "gender", "F");
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), NULL), JC_EINVAL);
}

/* --- member_complete ------------------------------------------------------------------------ */

static void test_member_complete_from_id_number(void **state)
{
	(void)state;
	struct member m;
	memset(&m, 0, sizeof(m));
	fields_clear(&member_desc, &m);
	set(&m, "id_number", "11010519491231002X");
	set(&m, "admit_date", "1975-07-01");
	member_complete(&m);
	assert_int_equal(m.birth_date, ymd("1949-12-31"));
	assert_string_equal(m.gender, "F");
	assert_string_equal(m.state, "normal");
	assert_string_equal(m.category, "probationary"); /* no conversion date */

	fields_clear(&member_desc, &m);
	set(&m, "id_number", "440304200001011239");
	set(&m, "admit_date", "2020-07-01");
	set(&m, "convert_date", "2021-07-01");
	member_complete(&m);
	assert_int_equal(m.birth_date, ymd("2000-01-01"));
	assert_string_equal(m.gender, "M");
	assert_string_equal(m.category, "full");
}

static void test_member_complete_keeps_what_is_there(void **state)
{
	(void)state;
	struct member m;
	memset(&m, 0, sizeof(m));
	fields_clear(&member_desc, &m);
	set(&m, "id_number", "11010519491231002X");
	set(&m, "birth_date", "1950-01-01");
	set(&m, "gender", "M");
	set(&m, "state", "stopped");
	set(&m, "category", "probationary");
	set(&m, "convert_date", "1980-01-01");
	member_complete(&m);
	/* disagreements are member_check's business, not overwritten here */
	assert_int_equal(m.birth_date, ymd("1950-01-01"));
	assert_string_equal(m.gender, "M");
	assert_string_equal(m.state, "stopped");
	assert_string_equal(m.category, "probationary");
}

static void test_member_complete_invalid_id_number(void **state)
{
	(void)state;
	struct member m;
	memset(&m, 0, sizeof(m));
	fields_clear(&member_desc, &m);
	set(&m, "id_number", "110105194912310021"); /* wrong check digit */
	member_complete(&m);
	assert_int_equal(m.birth_date, DATE_NONE);
	assert_string_equal(m.gender, "");
	assert_string_equal(m.state, "normal");
	assert_string_equal(m.category, "probationary");
}

/* A completed base record passes member_check. */
static void test_member_complete_then_check(void **state)
{
	(void)state;
	struct member_rules rules = national_rules();
	struct member m;
	base_member(&m);
	set(&m, "birth_date", "");
	set(&m, "gender", "");
	set(&m, "state", "");
	set(&m, "category", "");
	member_complete(&m);
	struct jc_error err = { 0 };
	assert_int_equal(member_check(&m, &rules, ymd(TODAY), &err), JC_OK);
	assert_string_equal(m.category, "full");
}

/* --- current members and what the statistics see --------------------------------------------- */

static void test_member_is_current(void **state)
{
	(void)state;
	static const struct {
		const char *state;
		bool current;
	} cases[] = {
		{ "normal", true }, { "stopped", true }, { "withdrawn", false }, { "persuaded_out", false },
		{ "lapsed", false }, { "expelled", false }, { "deceased", false },
	};
	struct member m;
	base_member(&m);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set(&m, "state", cases[i].state);
		if (member_is_current(&m) != cases[i].current)
			fail_msg("state %s: current = %d", cases[i].state, !cases[i].current);
	}
}

static void test_member_stats_person(void **state)
{
	(void)state;
	struct member m;
	base_member(&m);
	set(&m, "mobile", "是");
	struct stats_person p;
	member_stats_person(&m, &p);
	assert_string_equal(p.state, "normal");
	assert_string_equal(p.category, "full");
	assert_string_equal(p.gender, "M");
	assert_string_equal(p.ethnicity, "01");
	assert_string_equal(p.education, "bachelor");
	assert_string_equal(p.occupation, "worker");
	assert_int_equal(p.birth_date, ymd("1990-06-15"));
	assert_int_equal(p.admit_date, ymd("2012-03-01"));
	assert_int_equal(p.lost_contact, 0);
	assert_int_equal(p.mobile, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_number_cases),
		cmocka_unit_test(test_id_number_outputs_optional),
		cmocka_unit_test(test_member_check_cases),
		cmocka_unit_test(test_member_check_cites_article),
		cmocka_unit_test(test_member_check_uses_rule_values),
		cmocka_unit_test(test_member_check_without_error_struct),
		cmocka_unit_test(test_member_complete_from_id_number),
		cmocka_unit_test(test_member_complete_keeps_what_is_there),
		cmocka_unit_test(test_member_complete_invalid_id_number),
		cmocka_unit_test(test_member_complete_then_check),
		cmocka_unit_test(test_member_is_current),
		cmocka_unit_test(test_member_stats_person),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
