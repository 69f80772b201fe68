/*
 * mobile_rules.c - the pure checks of mobile members (domain-rules §5.2) and of the decisions on
 * membership status (§5.1, §7): the registration and its card, reports and the return, what is
 * due, and whether the grounds of a decision are there on the day of the branch's meeting.
 *
 * No I/O. A refusal by a rule of the regulations cites the rule (422); a malformed input names
 * its field (400); a step that does not apply to the registration or member as they stand is a
 * conflict (409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "mobile/mobile.h"

/* In the order of enum mobile_state and enum member_decision_kind. */
static const struct code states[] = {
	{ "away", "外出", "away" },
	{ "returned", "已返回", "back home" },
	{ "ended", "已结束（组织关系转移）", "ended (the relationship moved)" },
};
const struct code_table mobile_states = CODE_TABLE("mobile_state", states);
static const struct code kind_codes[] = {
	{ "stop", "停止党籍", "stop the membership" },
	{ "remove", "按自行脱党除名（停止党籍满2年）", "remove as self-withdrawal (stopped 2 years)" },
	{ "lapse", "按自行脱党除名（连续6个月不参加组织生活）", "remove as self-withdrawal (6 months without organisational life)" },
	{ "restore", "恢复党籍", "restore the membership" },
};
const struct code_table member_decision_kinds = CODE_TABLE("status_decision_kind", kind_codes);
static const char *const kinds[] = { "stop", "remove", "lapse", "restore" };

const char *mobile_state_key(int s)
{
	return s >= 0 && s <= MOB_ENDED ? states[s].key : "?";
}

const char *mobile_decision_key(int k)
{
	return k >= 0 && k < MD_COUNT ? kind_codes[k].key : "?";
}

int mobile_decision_from_key(const char *key)
{
	return key ? code_find(&member_decision_kinds, key, strlen(key), 0) : -1;
}

static long v(const struct rule *r)
{
	return strtol(r->value, NULL, 10);
}

static const char *fmt(int d, char buf[11])
{
	if (d == DATE_NONE)
		return strcpy(buf, "(none)");
	date_format(d, buf);
	return buf;
}

/* --- registration, card, reports, return ---------------------------------------------------- */

enum jc_err mobile_check_card(const char *card_no, int issued_on, int valid_until, const struct mobile_rules *r, int today,
			      struct jc_error *err)
{
	char a[11], b[11];
	if (!card_no || !card_no[0])
		return jc_fail(err, JC_EINVAL, "card_no", NULL, "'card_no' is required: the number of the activity card");
	if (issued_on == DATE_NONE || issued_on > today)
		return jc_fail(err, JC_EINVAL, "card_issued_on", NULL, "'card_issued_on' must be a date, not in the future");
	if (valid_until == DATE_NONE || valid_until <= issued_on)
		return jc_fail(err, JC_EINVAL, "card_valid_until", NULL, "'card_valid_until' must be a date after 'card_issued_on'");
	if (valid_until > date_add_months(issued_on, (int)v(&r->card_max)))
		return rules_refuse(&r->card_max, err, "card_valid_until",
				    "a card of %s valid until %s is longer than %ld months: away longer, the member transfers (or the card is renewed when the transfer cannot be made yet)",
				    fmt(issued_on, a), fmt(valid_until, b), v(&r->card_max));
	return JC_OK;
}

enum jc_err mobile_check_register(const struct mobile_registration *g, const struct mobile_rules *r, int today,
				  struct jc_error *err)
{
	if (!g->reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the member goes away");
	if (!g->destination[0])
		return jc_fail(err, JC_EINVAL, "destination", NULL, "'destination' is required: where the member goes");
	if (!g->contact[0])
		return jc_fail(err, JC_EINVAL, "contact", NULL, "'contact' is required: how the branch reaches the member there");
	if (g->left_on == DATE_NONE || g->left_on > date_add_months(today, 12))
		return jc_fail(err, JC_EINVAL, "left_on", NULL, "'left_on' must be the day of leaving (at most a year ahead)");
	if (g->expected_return != DATE_NONE && g->expected_return <= g->left_on)
		return jc_fail(err, JC_EINVAL, "expected_return", NULL, "'expected_return' must come after 'left_on'");
	if (g->card_no[0] || g->card_issued_on != DATE_NONE || g->card_valid_until != DATE_NONE)
		return mobile_check_card(g->card_no, g->card_issued_on, g->card_valid_until, r, today, err);
	return JC_OK;
}

enum jc_err mobile_check_step(const struct mobile_registration *g, int on, int floor, int today, const char *field,
			      struct jc_error *err)
{
	char a[11];
	if (g->state != MOB_AWAY)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the registration has ended (%s)", mobile_state_key(g->state));
	if (on == DATE_NONE || on > today)
		return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be a date, not in the future", field);
	if (floor != DATE_NONE && on < floor)
		return jc_fail(err, JC_EINVAL, field, NULL, "'%s' comes before %s", field, fmt(floor, a));
	return JC_OK;
}

enum jc_err mobile_check_return(const struct mobile_registration *g, int on, bool card_checked, const struct mobile_rules *r,
				int today, struct jc_error *err)
{
	char a[11];
	if (g->state != MOB_AWAY)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the registration has ended (%s)", mobile_state_key(g->state));
	if (on == DATE_NONE || on > today)
		return jc_fail(err, JC_EINVAL, "returned_on", NULL, "'returned_on' must be a date, not in the future");
	if (on < g->left_on)
		return jc_fail(err, JC_EINVAL, "returned_on", NULL, "'returned_on' comes before leaving, on %s", fmt(g->left_on, a));
	if (g->card_no[0] && !card_checked)
		return rules_refuse(&r->card_checked, err, "card_checked",
				    "the activity card %s is returned and checked when the member comes back", g->card_no);
	return JC_OK;
}

int mobile_report_due(const struct mobile_registration *g, const struct mobile_rules *r)
{
	int from = g->last_report_on != DATE_NONE ? g->last_report_on : g->left_on;
	return date_add_months(from, (int)v(&r->report_interval));
}

bool mobile_report_missing(const struct mobile_registration *g, const struct mobile_rules *r, int today)
{
	return g->state == MOB_AWAY && today > mobile_report_due(g, r);
}

bool mobile_card_expired(const struct mobile_registration *g, int today)
{
	return g->state == MOB_AWAY && g->card_valid_until != DATE_NONE && today > g->card_valid_until;
}

bool mobile_must_transfer(const struct mobile_registration *g, const struct rule *must_away, int today)
{
	if (g->state != MOB_AWAY || g->left_on == DATE_NONE)
		return false;
	int months = (int)v(must_away);
	return date_add_months(g->left_on, months) <= today ||
	       (g->expected_return != DATE_NONE && date_add_months(g->left_on, months) <= g->expected_return);
}

/* --- decisions on membership status --------------------------------------------------------- */

enum jc_err mobile_check_decision(int kind, const char *reason, const struct mobile_decision_facts *f,
				  const struct mobile_rules *r, int *grounds_since, const char **to_state,
				  struct jc_error *err)
{
	char a[11], b[11], c[11];
	*grounds_since = DATE_NONE;
	*to_state = NULL;
	if (kind < 0 || kind >= MD_COUNT)
		return jc_fail(err, JC_EINVAL, "kind", NULL, "'kind' must be stop, remove, lapse or restore");
	if (!reason || !reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: what the meeting found");
	static const char *const from[] = { "normal", "stopped", "normal", "stopped" };
	static const char *const to[] = { "stopped", "lapsed", "lapsed", "normal" };
	if (!f->state || strcmp(f->state, from[kind]))
		return jc_fail(err, JC_ECONFLICT, "kind", NULL, "'%s' applies to a member whose membership is %s; this one's is %s",
			       kinds[kind], from[kind], f->state ? f->state : "unknown");
	if (f->pending)
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL,
			       "a decision on this member awaits the higher committee's answer already");
	if (!f->meeting_found)
		return jc_fail(err, JC_EINVAL, "meeting_id", NULL, "'meeting_id' names no meeting");
	if (!f->meeting_of_branch)
		return rules_refuse(&r->decision_meeting, err, "meeting_id",
				    "the meeting is not one of the member's own branch");
	if (!f->meeting_members)
		return rules_refuse(&r->decision_meeting, err, "meeting_id",
				    "the meeting was not a branch members' meeting (支部党员大会)");
	if (!f->meeting_valid)
		return rules_refuse(&r->decision_meeting, err, "meeting_id",
				    "the meeting was held without its quorum: not valid for decisions");
	if (!f->has_approver)
		return rules_refuse(&r->decision_meeting, err, "meeting_id",
				    "no Party committee lies above the branch to approve the decision");
	int held = f->meeting_held_on;
	switch (kind) {
	case MD_STOP: {
		if (!f->lost_contact || f->lost_contact_date == DATE_NONE)
			return rules_refuse(&r->lost_stop, err, "kind",
					    "the member is not recorded as out of contact (lost_contact, lost_contact_date)");
		int due = date_add_months(f->lost_contact_date, (int)v(&r->lost_stop));
		if (held < due)
			return rules_refuse(&r->lost_stop, err, "meeting_id",
					    "out of contact since %s: %ld months are reached on %s, after the meeting of %s",
					    fmt(f->lost_contact_date, a), v(&r->lost_stop), fmt(due, b), fmt(held, c));
		*grounds_since = f->lost_contact_date;
		break;
	}
	case MD_REMOVE: {
		if (!f->lost_contact)
			return rules_refuse(&r->stopped_removal, err, "kind",
					    "the member is in contact again: a stopped membership is restored, not removed");
		int due = date_add_months(f->state_date, (int)v(&r->stopped_removal));
		if (f->state_date == DATE_NONE || held < due)
			return rules_refuse(&r->stopped_removal, err, "meeting_id",
					    "stopped since %s: %ld months are reached on %s, after the meeting of %s",
					    fmt(f->state_date, a), v(&r->stopped_removal), fmt(due, b), fmt(held, c));
		*grounds_since = f->state_date;
		break;
	}
	case MD_LAPSE:
		if (f->absent_months < v(&r->self_withdrawal))
			return rules_refuse(&r->self_withdrawal, err, "kind",
					    "%d months in a row absent from organisational life without reason are recorded, fewer than %ld",
					    f->absent_months, v(&r->self_withdrawal));
		if (f->absent_since) {
			int y, m;
			if (sscanf(f->absent_since, "%4d-%2d", &y, &m) == 2)
				*grounds_since = date_from_ymd(y, m, 1);
		}
		break;
	case MD_RESTORE:
		*grounds_since = f->state_date;
		break;
	}
	*to_state = to[kind];
	return JC_OK;
}

enum jc_err mobile_check_answer(const char *status, int decided_on, int on, bool approve, const char *reason, int today,
				struct jc_error *err)
{
	char a[11];
	if (!status || strcmp(status, "pending"))
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the decision was answered already (%s)", status ? status : "?");
	if (on == DATE_NONE || on > today)
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' must be a date, not in the future");
	if (on < decided_on)
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' comes before the branch's meeting, of %s", fmt(decided_on, a));
	if (!approve && (!reason || !reason[0]))
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the committee rejects the decision");
	return JC_OK;
}
