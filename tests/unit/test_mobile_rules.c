/*
 * test_mobile_rules.c - unit tests of the pure checks of mobile members and of decisions on
 * membership status (src/mobile/mobile_rules.c, domain-rules §5.1, §5.2, §7), as tables of cases
 * at each edge:
 *   - the activity card: valid for exactly mobile.card_max_months, refused a day longer;
 *   - the yearly report due on the day a year after the last one (or the departure), missing the
 *     day after; the must-transfer hint at exactly 6 months away;
 *   - the return: the card checked back (422 naming mobile.card_checked_on_return);
 *   - the decisions: stopping at exactly 6 months out of contact on the meeting's day, removal at
 *     exactly 2 years stopped, removal after 6 months absent (not 5), restoration; every
 *     meeting that does not qualify; the member's state and a decision pending; the answer.
 * The rules are those of src/rules/national_rules.def, read from the file itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "mobile/mobile.h"

static const struct {
	const char *key, *value, *unit, *regulation, *article;
} def_rules[] = {
#define RULE(key, value, unit, from, regulation, article, confidence, local, zh, en) \
	{ key, value, unit, regulation, article },
#include "rules/national_rules.def"
#undef RULE
};

static void rule_of(struct rule *r, const char *key)
{
	int found = -1;
	for (size_t k = 0; k < sizeof(def_rules) / sizeof(def_rules[0]); k++)
		if (!strcmp(def_rules[k].key, key))
			found = (int)k;
	if (found < 0)
		fail_msg("rule '%s' is not in national_rules.def", key);
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->value, sizeof(r->value), "%s", def_rules[found].value);
	snprintf(r->unit, sizeof(r->unit), "%s", def_rules[found].unit);
	snprintf(r->regulation, sizeof(r->regulation), "%s", def_rules[found].regulation);
	snprintf(r->article, sizeof(r->article), "%s", def_rules[found].article);
}

static struct mobile_rules rules;

static int ymd(const char *s)
{
	int d;
	if (!s)
		return DATE_NONE;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

#define TODAY "2026-11-23"

static void expect(const char *what, enum jc_err e, const struct jc_error *err, enum jc_err want, const char *field,
		   const char *rule)
{
	if (e != want)
		fail_msg("%s: %d (%s), expected %d", what, e, err->message, want);
	if (field && strcmp(err->field, field))
		fail_msg("%s: field '%s', expected '%s'", what, err->field, field);
	if (rule && (strcmp(err->rule, rule) || !err->article[0]))
		fail_msg("%s: rule '%s' (%s), expected '%s' with its article", what, err->rule, err->article, rule);
}

static void test_card(void **state)
{
	(void)state;
	static const struct {
		const char *what, *no, *issued, *until;
		enum jc_err want;
		const char *field, *rule;
	} cases[] = {
		{ "exactly six months", "LD-1", "2026-11-23", "2027-05-23", JC_OK, NULL, NULL },
		{ "a day longer", "LD-1", "2026-11-23", "2027-05-24", JC_ERULE, "card_valid_until", "mobile.card_max_months" },
		{ "from the end of a month", "LD-1", "2026-08-31", "2027-02-28", JC_OK, NULL, NULL },
		{ "from the end of a month, a day longer", "LD-1", "2026-08-31", "2027-03-01", JC_ERULE, "card_valid_until", "mobile.card_max_months" },
		{ "a day", "LD-1", "2026-11-23", "2026-11-24", JC_OK, NULL, NULL },
		{ "ending the day it is issued", "LD-1", "2026-11-23", "2026-11-23", JC_EINVAL, "card_valid_until", NULL },
		{ "issued tomorrow", "LD-1", "2026-11-24", "2027-01-01", JC_EINVAL, "card_issued_on", NULL },
		{ "no number", "", "2026-11-23", "2027-01-01", JC_EINVAL, "card_no", NULL },
		{ "no end", "LD-1", "2026-11-23", NULL, JC_EINVAL, "card_valid_until", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jc_error err = { 0 };
		enum jc_err e = mobile_check_card(cases[i].no, ymd(cases[i].issued), ymd(cases[i].until), &rules, ymd(TODAY), &err);
		expect(cases[i].what, e, &err, cases[i].want, cases[i].field, cases[i].rule);
	}
}

static struct mobile_registration away(const char *left, const char *expected_return)
{
	struct mobile_registration g;
	memset(&g, 0, sizeof(g));
	g.state = MOB_AWAY;
	snprintf(g.reason, sizeof(g.reason), "外出务工");
	snprintf(g.destination, sizeof(g.destination), "深圳");
	snprintf(g.contact, sizeof(g.contact), "13800138000");
	g.registered_on = ymd(TODAY);
	g.left_on = ymd(left);
	g.expected_return = ymd(expected_return);
	g.card_issued_on = g.card_valid_until = g.last_report_on = g.returned_on = g.host_since = DATE_NONE;
	return g;
}

static void test_register(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	struct mobile_registration g = away("2026-11-25", "2027-03-01");
	expect("a registration before leaving", mobile_check_register(&g, &rules, ymd(TODAY), &err), &err, JC_OK, NULL, NULL);
	g.contact[0] = '\0';
	expect("no contact", mobile_check_register(&g, &rules, ymd(TODAY), &err), &err, JC_EINVAL, "contact", NULL);
	jc_error_clear(&err);
	g = away("2026-11-25", "2026-11-25");
	expect("back the day it leaves", mobile_check_register(&g, &rules, ymd(TODAY), &err), &err, JC_EINVAL, "expected_return", NULL);
	jc_error_clear(&err);
	g = away("2027-11-24", NULL);
	expect("leaving more than a year ahead", mobile_check_register(&g, &rules, ymd(TODAY), &err), &err, JC_EINVAL, "left_on", NULL);
	jc_error_clear(&err);
	g = away("2026-11-25", NULL);
	snprintf(g.card_no, sizeof(g.card_no), "LD-2");
	g.card_issued_on = ymd(TODAY);
	g.card_valid_until = ymd("2027-06-01");
	expect("a registration with too long a card", mobile_check_register(&g, &rules, ymd(TODAY), &err), &err, JC_ERULE,
	       "card_valid_until", "mobile.card_max_months");
}

static void test_report_due(void **state)
{
	(void)state;
	struct mobile_registration g = away("2025-11-23", NULL);
	assert_int_equal(mobile_report_due(&g, &rules), ymd("2026-11-23"));
	assert_false(mobile_report_missing(&g, &rules, ymd("2026-11-23")));
	assert_true(mobile_report_missing(&g, &rules, ymd("2026-11-24")));
	g.last_report_on = ymd("2026-06-01");
	assert_int_equal(mobile_report_due(&g, &rules), ymd("2027-06-01"));
	assert_false(mobile_report_missing(&g, &rules, ymd("2026-11-24")));
	g.state = MOB_RETURNED;
	assert_false(mobile_report_missing(&g, &rules, ymd("2030-01-01")));
	/* the card runs out the day after its last */
	g = away("2026-05-01", NULL);
	g.card_valid_until = ymd("2026-11-01");
	assert_false(mobile_card_expired(&g, ymd("2026-11-01")));
	assert_true(mobile_card_expired(&g, ymd("2026-11-02")));
}

static void test_must_transfer(void **state)
{
	(void)state;
	static const struct {
		const char *left, *back;
		bool want;
	} cases[] = {
		{ "2026-05-23", NULL, true },          /* six months away today */
		{ "2026-05-24", NULL, false },         /* a day short */
		{ "2026-11-01", "2027-05-01", true },  /* expected away six months */
		{ "2026-11-01", "2027-04-30", false }, /* a day short of it */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mobile_registration g = away(cases[i].left, cases[i].back);
		if (mobile_must_transfer(&g, &rules.must_away, ymd(TODAY)) != cases[i].want)
			fail_msg("left %s back %s: %d", cases[i].left, cases[i].back ? cases[i].back : "-", !cases[i].want);
	}
}

static void test_return(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	struct mobile_registration g = away("2026-06-01", NULL);
	snprintf(g.card_no, sizeof(g.card_no), "LD-3");
	expect("the card not checked back", mobile_check_return(&g, ymd(TODAY), false, &rules, ymd(TODAY), &err), &err, JC_ERULE,
	       "card_checked", "mobile.card_checked_on_return");
	jc_error_clear(&err);
	expect("the card checked back", mobile_check_return(&g, ymd(TODAY), true, &rules, ymd(TODAY), &err), &err, JC_OK, NULL, NULL);
	g.card_no[0] = '\0';
	expect("no card to check", mobile_check_return(&g, ymd(TODAY), false, &rules, ymd(TODAY), &err), &err, JC_OK, NULL, NULL);
	expect("back before leaving", mobile_check_return(&g, ymd("2026-05-31"), false, &rules, ymd(TODAY), &err), &err, JC_EINVAL,
	       "returned_on", NULL);
	jc_error_clear(&err);
	g.state = MOB_RETURNED;
	expect("back twice", mobile_check_return(&g, ymd(TODAY), false, &rules, ymd(TODAY), &err), &err, JC_ECONFLICT, NULL, NULL);
}

/* --- decisions ------------------------------------------------------------------------------------ */

struct decision_case {
	const char *what;
	int kind;
	const char *state, *state_date, *lost_since;
	int absent;
	const char *held;
	unsigned spoil; /* 1 pending, 2 no meeting, 4 other branch, 8 not a members' meeting, 16 not valid, 32 no approver, 64 no reason */
	enum jc_err want;
	const char *field, *rule, *to, *grounds;
};

static void test_decisions(void **state)
{
	(void)state;
	static const struct decision_case cases[] = {
		{ "stop at exactly 6 months", MD_STOP, "normal", NULL, "2026-05-23", 0, TODAY, 0, JC_OK, NULL, NULL, "stopped", "2026-05-23" },
		{ "stop a day early", MD_STOP, "normal", NULL, "2026-05-24", 0, TODAY, 0, JC_ERULE, "meeting_id", "member.lost_contact_stop_months", NULL, NULL },
		{ "stop at a meeting held before the 6 months", MD_STOP, "normal", NULL, "2026-05-01", 0, "2026-10-31", 0, JC_ERULE, "meeting_id", "member.lost_contact_stop_months", NULL, NULL },
		{ "stop one in contact", MD_STOP, "normal", NULL, NULL, 0, TODAY, 0, JC_ERULE, "kind", "member.lost_contact_stop_months", NULL, NULL },
		{ "stop one stopped", MD_STOP, "stopped", "2025-01-01", "2024-06-01", 0, TODAY, 0, JC_ECONFLICT, "kind", NULL, NULL, NULL },
		{ "with a decision pending", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 1, JC_ECONFLICT, "member_id", NULL, NULL, NULL },
		{ "no such meeting", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 2, JC_EINVAL, "meeting_id", NULL, NULL, NULL },
		{ "another branch's meeting", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 4, JC_ERULE, "meeting_id", "member.status_decision_meeting", NULL, NULL },
		{ "a committee meeting", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 8, JC_ERULE, "meeting_id", "member.status_decision_meeting", NULL, NULL },
		{ "a meeting without quorum", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 16, JC_ERULE, "meeting_id", "member.status_decision_meeting", NULL, NULL },
		{ "no committee above", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 32, JC_ERULE, "meeting_id", "member.status_decision_meeting", NULL, NULL },
		{ "no reason", MD_STOP, "normal", NULL, "2026-01-01", 0, TODAY, 64, JC_EINVAL, "reason", NULL, NULL, NULL },
		{ "remove at exactly 2 years stopped", MD_REMOVE, "stopped", "2024-11-23", "2024-05-01", 0, TODAY, 0, JC_OK, NULL, NULL, "lapsed", "2024-11-23" },
		{ "remove a day early", MD_REMOVE, "stopped", "2024-11-24", "2024-05-01", 0, TODAY, 0, JC_ERULE, "meeting_id", "member.stopped_removal_months", NULL, NULL },
		{ "remove one in contact again", MD_REMOVE, "stopped", "2023-01-01", NULL, 0, TODAY, 0, JC_ERULE, "kind", "member.stopped_removal_months", NULL, NULL },
		{ "remove one not stopped", MD_REMOVE, "normal", NULL, "2023-01-01", 0, TODAY, 0, JC_ECONFLICT, "kind", NULL, NULL, NULL },
		{ "lapse after 6 months absent", MD_LAPSE, "normal", NULL, NULL, 6, TODAY, 0, JC_OK, NULL, NULL, "lapsed", "2026-06-01" },
		{ "lapse after 5 months absent", MD_LAPSE, "normal", NULL, NULL, 5, TODAY, 0, JC_ERULE, "kind", "member.self_withdrawal_months", NULL, NULL },
		{ "restore a stopped member", MD_RESTORE, "stopped", "2025-03-01", "2024-06-01", 0, TODAY, 0, JC_OK, NULL, NULL, "normal", "2025-03-01" },
		{ "restore a member in normal standing", MD_RESTORE, "normal", NULL, NULL, 0, TODAY, 0, JC_ECONFLICT, "kind", NULL, NULL, NULL },
		{ "an unknown kind", MD_COUNT, "normal", NULL, NULL, 0, TODAY, 0, JC_EINVAL, "kind", NULL, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct decision_case *c = &cases[i];
		struct mobile_decision_facts f = { 0 };
		f.state = c->state;
		f.state_date = ymd(c->state_date);
		f.lost_contact = c->lost_since != NULL;
		f.lost_contact_date = ymd(c->lost_since);
		f.absent_months = c->absent;
		f.absent_since = c->absent ? "2026-06" : NULL;
		f.pending = c->spoil & 1;
		f.meeting_found = !(c->spoil & 2);
		f.meeting_of_branch = !(c->spoil & 4);
		f.meeting_members = !(c->spoil & 8);
		f.meeting_valid = !(c->spoil & 16);
		f.has_approver = !(c->spoil & 32);
		f.meeting_held_on = ymd(c->held);
		f.today = ymd(TODAY);
		int grounds;
		const char *to;
		struct jc_error err = { 0 };
		enum jc_err e = mobile_check_decision(c->kind, c->spoil & 64 ? "" : "多方查找无下落", &f, &rules, &grounds, &to, &err);
		expect(c->what, e, &err, c->want, c->field, c->rule);
		if (e)
			continue;
		if (strcmp(to, c->to))
			fail_msg("%s: to %s, expected %s", c->what, to, c->to);
		if (grounds != ymd(c->grounds))
			fail_msg("%s: grounds since %d, expected %s", c->what, grounds, c->grounds);
	}
	assert_int_equal(mobile_decision_from_key("remove"), MD_REMOVE);
	assert_int_equal(mobile_decision_from_key("expel"), -1);
}

static void test_answer(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	int decided = ymd("2026-11-20");
	expect("approved", mobile_check_answer("pending", decided, ymd(TODAY), true, NULL, ymd(TODAY), &err), &err, JC_OK, NULL, NULL);
	expect("the same day", mobile_check_answer("pending", decided, decided, true, NULL, ymd(TODAY), &err), &err, JC_OK, NULL, NULL);
	expect("before the meeting", mobile_check_answer("pending", decided, decided - 1, true, NULL, ymd(TODAY), &err), &err, JC_EINVAL,
	       "on", NULL);
	jc_error_clear(&err);
	expect("tomorrow", mobile_check_answer("pending", decided, ymd(TODAY) + 1, true, NULL, ymd(TODAY), &err), &err, JC_EINVAL, "on",
	       NULL);
	jc_error_clear(&err);
	expect("rejected without a reason", mobile_check_answer("pending", decided, ymd(TODAY), false, "", ymd(TODAY), &err), &err,
	       JC_EINVAL, "reason", NULL);
	jc_error_clear(&err);
	expect("rejected with one", mobile_check_answer("pending", decided, ymd(TODAY), false, "查找未穷尽", ymd(TODAY), &err), &err, JC_OK,
	       NULL, NULL);
	expect("answered twice", mobile_check_answer("approved", decided, ymd(TODAY), true, NULL, ymd(TODAY), &err), &err, JC_ECONFLICT,
	       NULL, NULL);
}

static int setup(void **state)
{
	(void)state;
	rule_of(&rules.card_max, "mobile.card_max_months");
	rule_of(&rules.report_interval, "mobile.report_interval_months");
	rule_of(&rules.card_checked, "mobile.card_checked_on_return");
	rule_of(&rules.host_no_vote, "mobile.host_no_vote");
	rule_of(&rules.must_away, "transfer.must_transfer_away_months");
	rule_of(&rules.lost_stop, "member.lost_contact_stop_months");
	rule_of(&rules.stopped_removal, "member.stopped_removal_months");
	rule_of(&rules.decision_meeting, "member.status_decision_meeting");
	rule_of(&rules.self_withdrawal, "member.self_withdrawal_months");
	assert_string_equal(rules.card_max.value, "6");
	assert_string_equal(rules.lost_stop.value, "6");
	assert_string_equal(rules.stopped_removal.value, "24");
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card),      cmocka_unit_test(test_register),  cmocka_unit_test(test_report_due),
		cmocka_unit_test(test_must_transfer), cmocka_unit_test(test_return), cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_answer),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
