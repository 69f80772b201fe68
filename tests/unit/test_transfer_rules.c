/*
 * test_transfer_rules.c - unit tests of the pure checks of transfers of membership
 * (src/transfer/transfer_rules.c, domain-rules §5.1), as tables of cases:
 *   - who sends and receives directly: the nearest committee with the authority to approve
 *     probationary members on each side's way up (a general branch or a branch never, a committee
 *     without the authority passes it up), and the refusal naming transfer.direct_authority;
 *   - the letter's validity at its edge: accepted on its last day, refused the day after, with
 *     months that have fewer days;
 *   - every step in every state for every side: who may take it (403 naming the side's field),
 *     when (409), a refusal without reason (422), a withdrawal without reason (400), dates (400);
 *   - the start's refusals, stuck at its edge, the next step and the route's extra steps.
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
#include "transfer/transfer.h"

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
			found = (int)k; /* the latest version */
	if (found < 0)
		fail_msg("rule '%s' is not in national_rules.def", key);
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->value, sizeof(r->value), "%s", def_rules[found].value);
	snprintf(r->unit, sizeof(r->unit), "%s", def_rules[found].unit);
	snprintf(r->regulation, sizeof(r->regulation), "%s", def_rules[found].regulation);
	snprintf(r->article, sizeof(r->article), "%s", def_rules[found].article);
}

static struct transfer_rules rules;

static int ymd(const char *s)
{
	int d;
	if (!s)
		return DATE_NONE;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static void assert_date(int d, const char *want)
{
	char s[11];
	date_format(d, s);
	if (strcmp(s, want))
		fail_msg("date %s, expected %s", s, want);
}

/* --- the route ---------------------------------------------------------------------------------- */

static void test_committee_of(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		struct transfer_org chain[4];
		int n, want;
	} cases[] = {
		{ "a branch under a township with authority", { { 1, "branch", false }, { 2, "township_committee", true } }, 2, 1 },
		{ "a primary committee with authority sends itself", { { 1, "primary_committee", true }, { 2, "county_committee", true } }, 2, 0 },
		{ "a general branch marked can_approve is no committee", { { 1, "branch", false }, { 2, "general_branch", true }, { 3, "township_committee", true } }, 3, 2 },
		{ "a branch marked can_approve is no committee", { { 1, "branch", true }, { 2, "primary_committee", true } }, 2, 1 },
		{ "a township without authority passes it up", { { 1, "branch", false }, { 2, "township_committee", false }, { 3, "county_committee", true } }, 3, 2 },
		{ "no authority anywhere above", { { 1, "branch", false }, { 2, "township_committee", false }, { 3, "county_committee", false } }, 3, -1 },
		{ "a joint branch under a primary committee", { { 1, "joint_branch", false }, { 2, "primary_committee", true } }, 2, 1 },
		{ "nothing at all", { { 0 } }, 0, -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (transfer_committee_of(cases[i].chain, cases[i].n) != cases[i].want)
			fail_msg("%s: %d, expected %d", cases[i].what, transfer_committee_of(cases[i].chain, cases[i].n), cases[i].want);
	assert_true(transfer_committee_type("township_committee"));
	assert_false(transfer_committee_type("general_branch"));
	assert_false(transfer_committee_type("group"));
	assert_false(transfer_committee_type(""));
}

/* A start from chain `from` to chain `to` (NULL: outside), with what the case changes. */
struct start_case {
	const char *what;
	int from_kind, to_kind; /* 0 branch under authority, 1 committee with authority, 2 no authority, 3 none (outside) */
	const char *member_state;
	int64_t claimed;
	bool under_way, to_active, to_group, same, no_reason, future;
	enum jc_err want;
	const char *field, *rule;
	int state; /* when accepted */
};

static const struct transfer_org branch_chain[] = { { 11, "branch", false }, { 10, "township_committee", true } };
static const struct transfer_org committee_chain[] = { { 20, "primary_committee", true }, { 1, "county_committee", true } };
static const struct transfer_org bare_chain[] = { { 31, "branch", false }, { 30, "county_committee", false } };
static const struct transfer_org receiver_chain[] = { { 41, "branch", false }, { 40, "township_committee", true } };

static void chain_of(int kind, bool receiver, const struct transfer_org **c, int *n)
{
	switch (kind) {
	case 0: *c = receiver ? receiver_chain : branch_chain, *n = 2; break;
	case 1: *c = committee_chain, *n = 2; break;
	case 2: *c = bare_chain, *n = 2; break;
	default: *c = NULL, *n = 0;
	}
}

static void test_check_start(void **state)
{
	(void)state;
	static const struct start_case cases[] = {
		{ "a branch sends through its township", 0, 0, "normal", 0, false, true, false, false, false, false, JC_OK, NULL, NULL, TR_REQUESTED },
		{ "a committee with authority sends directly", 1, 0, "normal", 0, false, true, false, false, false, false, JC_OK, NULL, NULL, TR_ISSUED },
		{ "to outside through the township", 0, 3, "normal", 0, false, false, false, false, false, false, JC_OK, NULL, NULL, TR_REQUESTED },
		{ "no committee above the sender", 2, 0, "normal", 0, false, true, false, false, false, false, JC_ERULE, "from_org_id", "transfer.direct_authority", 0 },
		{ "no committee above the receiver", 0, 2, "normal", 0, false, true, false, false, false, false, JC_ERULE, "to_org_id", "transfer.direct_authority", 0 },
		{ "a stopped member", 0, 0, "stopped", 0, false, true, false, false, false, false, JC_ECONFLICT, "member_id", NULL, 0 },
		{ "a member gone", 0, 0, "lapsed", 0, false, true, false, false, false, false, JC_ECONFLICT, "member_id", NULL, 0 },
		{ "another transfer under way", 0, 0, "normal", 0, true, true, false, false, false, false, JC_ECONFLICT, "member_id", NULL, 0 },
		{ "the member is not in the sender named", 0, 0, "normal", 99, false, true, false, false, false, false, JC_ECONFLICT, "from_org_id", NULL, 0 },
		{ "the sender named is the member's", 0, 0, "normal", 11, false, true, false, false, false, false, JC_OK, NULL, NULL, TR_REQUESTED },
		{ "to a dissolved organisation", 0, 0, "normal", 0, false, false, false, false, false, false, JC_EINVAL, "to_org_id", NULL, 0 },
		{ "to a Party group", 0, 0, "normal", 0, false, true, true, false, false, false, JC_EINVAL, "to_org_id", NULL, 0 },
		{ "to its own organisation", 0, 0, "normal", 0, false, true, false, true, false, false, JC_EINVAL, "to_org_id", NULL, 0 },
		{ "without a reason", 0, 0, "normal", 0, false, true, false, false, true, false, JC_EINVAL, "reason", NULL, 0 },
		{ "started tomorrow", 0, 0, "normal", 0, false, true, false, false, false, true, JC_EINVAL, "started_on", NULL, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct start_case *c = &cases[i];
		struct transfer t;
		memset(&t, 0, sizeof(t));
		t.direction = c->to_kind == 3 ? TR_OUT : TR_INTERNAL;
		if (t.direction == TR_OUT)
			snprintf(t.to_outside, sizeof(t.to_outside), "中共某市某单位委员会");
		snprintf(t.reason, sizeof(t.reason), "%s", c->no_reason ? "" : "工作调动");
		t.started_on = ymd(c->future ? "2026-11-24" : "2026-11-23");
		struct transfer_start_facts f = { 0 };
		chain_of(c->from_kind, false, &f.from, &f.nfrom);
		chain_of(c->to_kind, true, &f.to, &f.nto);
		if (c->same)
			f.to = f.from, f.nto = f.nfrom;
		f.member_state = c->member_state;
		f.member_org_id = f.from[0].id;
		f.claimed_from_org_id = c->claimed;
		f.under_way = c->under_way;
		f.to_active = c->to_active || c->to_kind == 3;
		f.to_group = c->to_group;
		f.today = ymd("2026-11-23");
		struct jc_error err = { 0 };
		enum jc_err e = transfer_check_start(&t, &f, &rules, &err);
		if (e != c->want)
			fail_msg("%s: %d (%s), expected %d", c->what, e, err.message, c->want);
		if (c->field && strcmp(err.field, c->field))
			fail_msg("%s: field '%s', expected '%s'", c->what, err.field, c->field);
		if (c->rule && (strcmp(err.rule, c->rule) || !strstr(err.article, "第二十五条")))
			fail_msg("%s: rule '%s' (%s), expected '%s'", c->what, err.rule, err.article, c->rule);
		if (e)
			continue;
		if (t.state != c->state)
			fail_msg("%s: state %s, expected %s", c->what, transfer_state_key(t.state), transfer_state_key(c->state));
		if (c->state == TR_ISSUED) {
			assert_date(t.issued_on, "2026-11-23");
			assert_date(t.valid_until, "2027-02-23");
		} else {
			assert_int_equal(t.issued_on, DATE_NONE);
		}
		assert_int_equal(t.sending_committee_id, c->from_kind == 1 ? 20 : 10);
		assert_int_equal(t.receiving_committee_id, c->to_kind == 3 ? 0 : 40);
	}
}

/* --- validity ----------------------------------------------------------------------------------- */

static void test_valid_until(void **state)
{
	(void)state;
	static const struct {
		const char *issued;
		int months;
		const char *until;
	} cases[] = {
		{ "2026-01-15", 3, "2026-04-15" }, { "2026-11-30", 3, "2027-02-28" }, { "2023-11-30", 3, "2024-02-29" },
		{ "2026-08-31", 3, "2026-11-30" }, { "2026-01-31", 6, "2026-07-31" }, { "2026-12-31", 1, "2027-01-31" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_date(transfer_valid_until(ymd(cases[i].issued), cases[i].months), cases[i].until);
}

/* An internal transfer B1 (11) -> C1 (41), sending committee 10, receiving 40, in state s. */
static struct transfer fixture(int s)
{
	struct transfer t;
	memset(&t, 0, sizeof(t));
	t.id = 7;
	t.direction = TR_INTERNAL;
	t.from_org_id = 11, t.sending_committee_id = 10, t.receiving_committee_id = 40, t.to_org_id = 41;
	t.state = s;
	t.started_on = ymd("2026-07-01");
	t.valid_months = 3;
	t.issued_on = t.valid_until = t.forwarded_on = t.accepted_on = t.receipt_on = t.ended_on = DATE_NONE;
	if (s >= TR_ISSUED && s != TR_REQUESTED) {
		t.issued_on = ymd("2026-07-31");
		t.valid_until = transfer_valid_until(t.issued_on, 3); /* 2026-10-31 */
		snprintf(t.letter_no, sizeof(t.letter_no), "10-2026-0001");
	}
	t.last_step_on = s == TR_REQUESTED ? t.started_on : t.issued_on;
	return t;
}

static enum jc_err act(struct transfer *t, int action, const char *on, const char *note, const struct transfer_sides *s,
		       struct jc_error *err)
{
	struct transfer_act a = { action, ymd(on), DATE_NONE, "" };
	snprintf(a.note, sizeof(a.note), "%s", note ? note : "");
	return transfer_check(t, &a, s, &rules, ymd("2026-11-23"), err);
}

static void test_validity_edge(void **state)
{
	(void)state;
	const struct transfer_sides receiver = { false, false, true, false };
	for (int late = 0; late <= 1; late++) {
		struct transfer t = fixture(TR_FORWARDED), before = t;
		struct jc_error err = { 0 };
		enum jc_err e = act(&t, TA_ACCEPT, late ? "2026-11-01" : "2026-10-31", NULL, &receiver, &err);
		if (!late) {
			assert_int_equal(e, JC_OK);
			assert_int_equal(t.state, TR_ACCEPTED);
			assert_date(t.accepted_on, "2026-10-31");
			continue;
		}
		assert_int_equal(e, JC_ERULE);
		assert_string_equal(err.rule, "transfer.letter_valid_months");
		assert_string_equal(err.field, "on");
		assert_true(err.article[0] != '\0');
		assert_memory_equal(&t, &before, sizeof(t)); /* a refused step leaves it as it was */
	}
	/* forwarding an expired letter is refused the same way */
	struct transfer t = fixture(TR_ISSUED);
	const struct transfer_sides rc = { false, false, false, true };
	struct jc_error err = { 0 };
	assert_int_equal(act(&t, TA_FORWARD, "2026-11-01", NULL, &rc, &err), JC_ERULE);
	assert_string_equal(err.rule, "transfer.letter_valid_months");
	/* expired and stuck as the lists judge them */
	t = fixture(TR_ISSUED);
	assert_false(transfer_expired(&t, ymd("2026-10-31")));
	assert_true(transfer_expired(&t, ymd("2026-11-01")));
	assert_false(transfer_stuck(&t, ymd("2026-11-23"), 30)); /* expired, not stuck */
	t = fixture(TR_REQUESTED); /* last step 2026-07-01 */
	assert_false(transfer_stuck(&t, ymd("2026-07-31"), 30));
	assert_true(transfer_stuck(&t, ymd("2026-08-01"), 30));
	t = fixture(TR_CLOSED);
	assert_false(transfer_stuck(&t, ymd("2027-08-01"), 30));
}

/* --- every step, every state, every side --------------------------------------------------------- */

static void test_steps(void **state)
{
	(void)state;
	static const struct transfer_sides none = { 0 }, sender = { true, false, false, false },
				    scommittee = { false, true, false, false }, receiver = { false, false, true, false },
				    rcommittee = { false, false, false, true };
	static const struct {
		const char *what;
		int state, action;
		const struct transfer_sides *sides;
		const char *note;
		enum jc_err want;
		const char *field, *rule;
		int after;
	} cases[] = {
		{ "the sending committee issues", TR_REQUESTED, TA_ISSUE, &scommittee, NULL, JC_OK, NULL, NULL, TR_ISSUED },
		{ "the sending branch cannot issue", TR_REQUESTED, TA_ISSUE, &sender, NULL, JC_EFORBIDDEN, "sending_committee_id", NULL, 0 },
		{ "the receiving committee cannot issue", TR_REQUESTED, TA_ISSUE, &rcommittee, NULL, JC_EFORBIDDEN, "sending_committee_id", NULL, 0 },
		{ "no side at all", TR_REQUESTED, TA_ISSUE, &none, NULL, JC_EFORBIDDEN, "sending_committee_id", NULL, 0 },
		{ "nothing is accepted before the letter", TR_REQUESTED, TA_ACCEPT, &receiver, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "the sending committee declines to issue, with a reason", TR_REQUESTED, TA_REFUSE, &scommittee, "材料不全", JC_OK, NULL, NULL, TR_REFUSED },
		{ "declining without a reason", TR_REQUESTED, TA_REFUSE, &scommittee, NULL, JC_ERULE, "reason", "transfer.no_refusal_without_reason", 0 },
		{ "the receiver cannot refuse a letter not issued", TR_REQUESTED, TA_REFUSE, &receiver, "x", JC_EFORBIDDEN, "sending_committee_id", NULL, 0 },
		{ "the sender withdraws, with a reason", TR_REQUESTED, TA_CANCEL, &sender, "调动取消", JC_OK, NULL, NULL, TR_CANCELLED },
		{ "withdrawing without a reason", TR_ISSUED, TA_CANCEL, &sender, NULL, JC_EINVAL, "reason", NULL, 0 },
		{ "the receiver cannot withdraw", TR_ISSUED, TA_CANCEL, &receiver, "x", JC_EFORBIDDEN, "from_org_id", NULL, 0 },
		{ "the receiving committee forwards", TR_ISSUED, TA_FORWARD, &rcommittee, NULL, JC_OK, NULL, NULL, TR_FORWARDED },
		{ "the sending committee cannot forward", TR_ISSUED, TA_FORWARD, &scommittee, NULL, JC_EFORBIDDEN, "receiving_committee_id", NULL, 0 },
		{ "the receiver waits for the forwarding", TR_ISSUED, TA_ACCEPT, &receiver, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "the receiving committee refuses, with a reason", TR_ISSUED, TA_REFUSE, &rcommittee, "查无此人", JC_OK, NULL, NULL, TR_REFUSED },
		{ "the receiving branch does not refuse for its committee", TR_ISSUED, TA_REFUSE, &receiver, "x", JC_EFORBIDDEN, "receiving_committee_id", NULL, 0 },
		{ "no second issue", TR_ISSUED, TA_ISSUE, &scommittee, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "the receiver accepts", TR_FORWARDED, TA_ACCEPT, &receiver, NULL, JC_OK, NULL, NULL, TR_ACCEPTED },
		{ "its committee may accept for it", TR_FORWARDED, TA_ACCEPT, &rcommittee, NULL, JC_OK, NULL, NULL, TR_ACCEPTED },
		{ "the sender cannot accept", TR_FORWARDED, TA_ACCEPT, &sender, NULL, JC_EFORBIDDEN, "to_org_id", NULL, 0 },
		{ "the receiver refuses, with a reason", TR_FORWARDED, TA_REFUSE, &receiver, "不符合接收条件", JC_OK, NULL, NULL, TR_REFUSED },
		{ "refusing without a reason", TR_FORWARDED, TA_REFUSE, &receiver, NULL, JC_ERULE, "reason", "transfer.no_refusal_without_reason", 0 },
		{ "the sender cannot refuse for the receiver", TR_FORWARDED, TA_REFUSE, &sender, "x", JC_EFORBIDDEN, "to_org_id", NULL, 0 },
		{ "the sender may still withdraw", TR_FORWARDED, TA_CANCEL, &sender, "x", JC_OK, NULL, NULL, TR_CANCELLED },
		{ "no receipt before acceptance", TR_FORWARDED, TA_RECEIPT, &sender, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "the receipt back with the sender", TR_ACCEPTED, TA_RECEIPT, &sender, NULL, JC_OK, NULL, NULL, TR_CLOSED },
		{ "the sending committee may record it", TR_ACCEPTED, TA_RECEIPT, &scommittee, NULL, JC_OK, NULL, NULL, TR_CLOSED },
		{ "the receiver does not record the sender's receipt", TR_ACCEPTED, TA_RECEIPT, &receiver, NULL, JC_EFORBIDDEN, "from_org_id", NULL, 0 },
		{ "no withdrawal once accepted", TR_ACCEPTED, TA_CANCEL, &sender, "x", JC_ECONFLICT, NULL, NULL, 0 },
		{ "no refusal once accepted", TR_ACCEPTED, TA_REFUSE, &receiver, "x", JC_ECONFLICT, NULL, NULL, 0 },
		{ "closed: nothing more", TR_CLOSED, TA_RECEIPT, &sender, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "refused: nothing more", TR_REFUSED, TA_ACCEPT, &receiver, NULL, JC_ECONFLICT, NULL, NULL, 0 },
		{ "cancelled: nothing more", TR_CANCELLED, TA_ISSUE, &scommittee, NULL, JC_ECONFLICT, NULL, NULL, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct transfer t = fixture(cases[i].state), before = t;
		if (cases[i].state == TR_FORWARDED || cases[i].state == TR_ACCEPTED)
			t.last_step_on = before.last_step_on = ymd("2026-08-01");
		struct jc_error err = { 0 };
		/* within the letter's validity, after its last step */
		enum jc_err e = act(&t, cases[i].action, "2026-08-10", cases[i].note, cases[i].sides, &err);
		if (e != cases[i].want)
			fail_msg("%s: %d (%s), expected %d", cases[i].what, e, err.message, cases[i].want);
		if (cases[i].field && strcmp(err.field, cases[i].field))
			fail_msg("%s: field '%s', expected '%s'", cases[i].what, err.field, cases[i].field);
		if (cases[i].rule && strcmp(err.rule, cases[i].rule))
			fail_msg("%s: rule '%s', expected '%s'", cases[i].what, err.rule, cases[i].rule);
		if (e) {
			if (memcmp(&t, &before, sizeof(t)))
				fail_msg("%s: the refused step changed the transfer", cases[i].what);
			continue;
		}
		if (t.state != cases[i].after)
			fail_msg("%s: state %s, expected %s", cases[i].what, transfer_state_key(t.state), transfer_state_key(cases[i].after));
		assert_date(t.last_step_on, "2026-08-10");
		/* and transfer_allowed, which the console's buttons follow, agrees */
		if (!transfer_allowed(&before, cases[i].action, cases[i].sides))
			fail_msg("%s: transfer_allowed says no", cases[i].what);
	}
}

static void test_dates(void **state)
{
	(void)state;
	const struct transfer_sides scommittee = { false, true, false, false };
	struct transfer t = fixture(TR_REQUESTED);
	struct jc_error err = { 0 };
	assert_int_equal(act(&t, TA_ISSUE, "2026-06-30", NULL, &scommittee, &err), JC_EINVAL); /* before the start */
	assert_string_equal(err.field, "on");
	jc_error_clear(&err);
	assert_int_equal(act(&t, TA_ISSUE, "2026-11-24", NULL, &scommittee, &err), JC_EINVAL); /* tomorrow */
	jc_error_clear(&err);
	assert_int_equal(act(&t, TA_ISSUE, "2026-07-01", NULL, &scommittee, &err), JC_OK); /* the same day */
	assert_date(t.valid_until, "2026-10-01");
}

static void test_outside(void **state)
{
	(void)state;
	const struct transfer_sides sender = { true, false, false, false }, receiver = { false, false, true, false };
	struct transfer t = fixture(TR_ISSUED);
	t.direction = TR_OUT;
	t.to_org_id = t.receiving_committee_id = 0;
	const char *side;
	assert_int_equal(transfer_next(&t, &side), TA_RECEIPT);
	assert_string_equal(side, "sender");
	struct jc_error err = { 0 };
	struct transfer_act a = { TA_RECEIPT, ymd("2026-11-20"), DATE_NONE, "" };
	assert_int_equal(transfer_check(&t, &a, &sender, &rules, ymd("2026-11-23"), &err), JC_EINVAL);
	assert_string_equal(err.field, "accepted_on");
	jc_error_clear(&err);
	a.accepted_on = ymd("2026-11-01"); /* the day after the letter ran out */
	assert_int_equal(transfer_check(&t, &a, &sender, &rules, ymd("2026-11-23"), &err), JC_ERULE);
	assert_string_equal(err.rule, "transfer.letter_valid_months");
	assert_string_equal(err.field, "accepted_on");
	jc_error_clear(&err);
	a.accepted_on = ymd("2026-10-31");
	assert_int_equal(transfer_check(&t, &a, &sender, &rules, ymd("2026-11-23"), &err), JC_OK);
	assert_int_equal(t.state, TR_CLOSED);
	/* from outside: accepted at registration, the receiver sends the receipt back */
	t = fixture(TR_ACCEPTED);
	t.direction = TR_IN;
	t.from_org_id = t.sending_committee_id = 0;
	assert_int_equal(transfer_next(&t, &side), TA_RECEIPT);
	assert_string_equal(side, "receiver");
	assert_false(transfer_needs_issue(&t));
	assert_false(transfer_allowed(&t, TA_RECEIPT, &sender));
	assert_true(transfer_allowed(&t, TA_RECEIPT, &receiver));
	assert_false(transfer_allowed(&t, TA_CANCEL, &sender));
}

static void test_route_steps(void **state)
{
	(void)state;
	struct transfer t = fixture(TR_REQUESTED);
	assert_true(transfer_needs_issue(&t));
	assert_true(transfer_needs_forward(&t));
	t.to_org_id = t.receiving_committee_id; /* into the committee itself */
	assert_false(transfer_needs_forward(&t));
	t = fixture(TR_REQUESTED);
	t.receiving_committee_id = t.sending_committee_id; /* one committee on both sides */
	assert_false(transfer_needs_forward(&t));
	t.from_org_id = t.sending_committee_id;
	assert_false(transfer_needs_issue(&t));
	t = fixture(TR_ISSUED);
	const char *side;
	assert_int_equal(transfer_next(&t, &side), TA_FORWARD);
	assert_string_equal(side, "receiving_committee");
	t.state = TR_CLOSED;
	assert_int_equal(transfer_next(&t, &side), TA_COUNT);
	assert_null(side);
	assert_int_equal(transfer_state_from_key("forwarded"), TR_FORWARDED);
	assert_int_equal(transfer_state_from_key("lost"), -1);
}

static int setup(void **state)
{
	(void)state;
	rule_of(&rules.letter_valid, "transfer.letter_valid_months");
	rule_of(&rules.direct_authority, "transfer.direct_authority");
	rule_of(&rules.no_refusal, "transfer.no_refusal_without_reason");
	rule_of(&rules.receipt, "transfer.receipt_between_committees");
	rule_of(&rules.must_away, "transfer.must_transfer_away_months");
	rule_of(&rules.must_change, "transfer.must_transfer_on_change");
	rule_of(&rules.stuck, "transfer.stuck_days");
	assert_string_equal(rules.letter_valid.value, "3");
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_committee_of),  cmocka_unit_test(test_check_start), cmocka_unit_test(test_valid_until),
		cmocka_unit_test(test_validity_edge), cmocka_unit_test(test_steps),       cmocka_unit_test(test_dates),
		cmocka_unit_test(test_outside),       cmocka_unit_test(test_route_steps),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
