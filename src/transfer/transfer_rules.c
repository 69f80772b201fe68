/*
 * transfer_rules.c - the pure checks of a transfer of membership (domain-rules §5.1): the
 * committees on the letter's route, who may take which step in which state, the letter's
 * validity and the reasons a refusal or a withdrawal needs.
 *
 * No I/O: what the checks need from the database arrives in struct transfer_start_facts and
 * struct transfer_sides. A refusal by a rule of the regulations cites the rule (422); a
 * malformed step names its field (400); a step for the other side is 403 naming the side's
 * field; a step that does not come now, or on a transfer that ended, is a conflict (409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "transfer/transfer.h"

/* In the order of enum transfer_state, enum transfer_direction and enum transfer_action. */
static const struct code states[] = {
	{ "requested", "待开具介绍信", "awaiting the sending committee's letter" },
	{ "issued", "已开具介绍信", "letter issued" },
	{ "forwarded", "已转至接收党组织", "passed down to the receiving organisation" },
	{ "accepted", "已接收，待回执", "accepted, receipt on its way back" },
	{ "closed", "已办结", "closed: receipt back with the sender" },
	{ "refused", "已拒绝", "refused, with its reason" },
	{ "cancelled", "已撤回", "withdrawn by the sender" },
};
const struct code_table transfer_states = CODE_TABLE("transfer_state", states);
static const struct code directions[] = {
	{ "internal", "系统内转接", "between two organisations of this database" },
	{ "out", "转出系统外", "to an organisation outside this database" },
	{ "in", "由系统外转入", "from an organisation outside this database" },
};
const struct code_table transfer_directions = CODE_TABLE("transfer_direction", directions);
static const struct code actions[] = {
	{ "issue", "开具介绍信", "issue the letter" },
	{ "forward", "转至接收党组织", "pass the letter down" },
	{ "accept", "接收", "accept" },
	{ "refuse", "拒绝（须说明理由）", "refuse (with a reason)" },
	{ "receipt", "回执", "receipt" },
	{ "cancel", "撤回", "withdraw" },
};
const struct code_table transfer_actions = CODE_TABLE("transfer_action", actions);

const char *transfer_state_key(int s)
{
	return s >= 0 && s <= TR_CANCELLED ? states[s].key : "?";
}

int transfer_state_from_key(const char *key)
{
	return key ? code_find(&transfer_states, key, strlen(key), 0) : -1;
}

const char *transfer_direction_key(int d)
{
	return d >= 0 && d <= TR_IN ? directions[d].key : "?";
}

const char *transfer_action_key(int a)
{
	return a >= 0 && a < TA_COUNT ? actions[a].key : "?";
}

bool transfer_ended(int s)
{
	return s == TR_CLOSED || s == TR_REFUSED || s == TR_CANCELLED;
}

static const char *fmt(int d, char buf[11])
{
	if (d == DATE_NONE)
		return strcpy(buf, "(none)");
	date_format(d, buf);
	return buf;
}

/* --- the route ------------------------------------------------------------------------------ */

bool transfer_committee_type(const char *type)
{
	static const char *const not_committees[] = { "general_branch", "branch", "joint_branch", "temporary_branch", "group" };
	for (size_t i = 0; i < sizeof(not_committees) / sizeof(not_committees[0]); i++)
		if (!strcmp(type, not_committees[i]))
			return false;
	return type[0] != '\0';
}

int transfer_committee_of(const struct transfer_org *chain, int n)
{
	for (int i = 0; i < n; i++)
		if (chain[i].can_approve && transfer_committee_type(chain[i].type))
			return i;
	return -1;
}

bool transfer_needs_issue(const struct transfer *t)
{
	return t->direction != TR_IN && t->from_org_id != t->sending_committee_id;
}

bool transfer_needs_forward(const struct transfer *t)
{
	return t->direction == TR_INTERNAL && t->to_org_id != t->receiving_committee_id &&
	       t->sending_committee_id != t->receiving_committee_id;
}

int transfer_valid_until(int issued, int months)
{
	/* valid through the same day `months` later (a letter of 2026-01-15 for 3 months is accepted
	 * up to 2026-04-15 included; of 2026-11-30, up to 2027-02-28) */
	return date_add_months(issued, months);
}

bool transfer_expired(const struct transfer *t, int on)
{
	return t->valid_until != DATE_NONE && on > t->valid_until;
}

bool transfer_stuck(const struct transfer *t, int today, int stuck_days)
{
	if (transfer_ended(t->state) || (t->state != TR_ACCEPTED && transfer_expired(t, today)))
		return false;
	return today - t->last_step_on > stuck_days;
}

int transfer_next(const struct transfer *t, const char **side)
{
	const char *s = NULL;
	int a = TA_COUNT;
	switch (t->state) {
	case TR_REQUESTED:
		a = TA_ISSUE, s = "sending_committee";
		break;
	case TR_ISSUED:
		if (t->direction == TR_OUT)
			a = TA_RECEIPT, s = "sender";
		else if (transfer_needs_forward(t))
			a = TA_FORWARD, s = "receiving_committee";
		else
			a = TA_ACCEPT, s = "receiver";
		break;
	case TR_FORWARDED:
		a = TA_ACCEPT, s = "receiver";
		break;
	case TR_ACCEPTED:
		a = TA_RECEIPT, s = t->direction == TR_IN ? "receiver" : "sender";
		break;
	default:
		break;
	}
	if (side)
		*side = s;
	return a;
}

/* The sides that may take each step: the sending side (the organisation or its committee, which
 * is above it), the receiving side likewise, or a committee alone. */
static bool sending_side(const struct transfer_sides *s)
{
	return s->sender || s->sending_committee;
}

static bool receiving_side(const struct transfer_sides *s)
{
	return s->receiver || s->receiving_committee;
}

bool transfer_allowed(const struct transfer *t, int action, const struct transfer_sides *s)
{
	if (transfer_ended(t->state))
		return false;
	const char *side;
	int next = transfer_next(t, &side);
	switch (action) {
	case TA_ISSUE:
		return next == TA_ISSUE && s->sending_committee;
	case TA_FORWARD:
		return next == TA_FORWARD && s->receiving_committee;
	case TA_ACCEPT:
		return next == TA_ACCEPT && receiving_side(s);
	case TA_REFUSE: /* the sending committee may refuse to issue; the receiving side to receive */
		return (t->state == TR_REQUESTED && s->sending_committee) ||
		       ((next == TA_FORWARD || next == TA_ACCEPT) && (next == TA_FORWARD ? s->receiving_committee : receiving_side(s)));
	case TA_RECEIPT:
		return next == TA_RECEIPT && (t->direction == TR_IN ? receiving_side(s) : sending_side(s));
	case TA_CANCEL:
		return t->direction != TR_IN && t->state <= TR_FORWARDED && sending_side(s);
	default:
		return false;
	}
}

/* --- starting ------------------------------------------------------------------------------ */

enum jc_err transfer_check_start(struct transfer *t, const struct transfer_start_facts *f, const struct transfer_rules *r,
				 struct jc_error *err)
{
	if (t->direction == TR_IN)
		return jc_fail(err, JC_EINVAL, "direction", NULL, "a member from outside is registered, not started");
	if (!t->reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the member's relationship moves");
	if (t->started_on == DATE_NONE || t->started_on > f->today)
		return jc_fail(err, JC_EINVAL, "started_on", NULL, "'started_on' must be a date, not in the future");
	if (t->dues_paid_until[0]) {
		int y, m;
		char rest;
		if (strlen(t->dues_paid_until) != 7 || sscanf(t->dues_paid_until, "%4d-%2d%c", &y, &m, &rest) != 2 || m < 1 ||
		    m > 12 || y < 1921)
			return jc_fail(err, JC_EINVAL, "dues_paid_until", NULL, "'dues_paid_until' must be a month (YYYY-MM)");
	}
	if (f->claimed_from_org_id && f->claimed_from_org_id != f->member_org_id)
		return jc_fail(err, JC_ECONFLICT, "from_org_id", NULL,
			       "the member is not in organisation %lld: a transfer is sent by the member's own organisation",
			       (long long)f->claimed_from_org_id);
	if (!f->member_state || strcmp(f->member_state, "normal"))
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL,
			       "only a member in normal standing is transferred (the membership is %s)",
			       f->member_state ? f->member_state : "unknown");
	if (f->under_way)
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL,
			       "a transfer of this member is under way already: it is accepted, refused or withdrawn first");
	if (!f->from || f->nfrom < 1)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "the sending organisation is unknown");
	t->from_org_id = f->from[0].id;
	if (t->direction == TR_INTERNAL) {
		if (!f->to || f->nto < 1)
			return jc_fail(err, JC_EINVAL, "to_org_id", NULL, "'to_org_id' (or 'to_org_code') names no organisation");
		if (f->to[0].id == t->from_org_id)
			return jc_fail(err, JC_EINVAL, "to_org_id", NULL, "the member is in the receiving organisation already");
		if (!f->to_active || f->to_group)
			return jc_fail(err, JC_EINVAL, "to_org_id", NULL,
				       "'to_org_id' must be an active branch or committee (a member is never placed in a Party group)");
		t->to_org_id = f->to[0].id;
	} else if (!t->to_outside[0]) {
		return jc_fail(err, JC_EINVAL, "to_outside", NULL,
			       "'to_outside' names the receiving organisation outside this database (or give 'to_org_id')");
	}
	int s = transfer_committee_of(f->from, f->nfrom);
	if (s < 0)
		return rules_refuse(&r->direct_authority, err, "from_org_id",
				    "no committee with the authority to approve probationary members lies at or above the sending "
				    "organisation: none may send its letter");
	t->sending_committee_id = f->from[s].id;
	t->receiving_committee_id = 0;
	if (t->direction == TR_INTERNAL) {
		int k = transfer_committee_of(f->to, f->nto);
		if (k < 0)
			return rules_refuse(&r->direct_authority, err, "to_org_id",
					    "no committee with the authority to approve probationary members lies at or above the "
					    "receiving organisation: none may receive the letter");
		t->receiving_committee_id = f->to[k].id;
	}
	t->valid_months = (int)strtol(r->letter_valid.value, NULL, 10);
	t->issued_on = t->valid_until = DATE_NONE;
	t->forwarded_on = t->accepted_on = t->receipt_on = t->ended_on = DATE_NONE;
	t->last_step_on = t->started_on;
	if (transfer_needs_issue(t)) {
		t->state = TR_REQUESTED;
	} else { /* the sender is its own committee: the letter goes out with the start */
		t->state = TR_ISSUED;
		t->issued_on = t->started_on;
		t->valid_until = transfer_valid_until(t->issued_on, t->valid_months);
	}
	return JC_OK;
}

/* --- the steps ------------------------------------------------------------------------------ */

/* 403 naming the field of the side that takes the step. */
static enum jc_err wrong_side(struct jc_error *err, const char *side, int action)
{
	static const struct {
		const char *side, *field, *who;
	} sides[] = {
		{ "sending_committee", "sending_committee_id", "the sending committee" },
		{ "receiving_committee", "receiving_committee_id", "the receiving committee" },
		{ "receiver", "to_org_id", "the receiving organisation (or its committee)" },
		{ "sender", "from_org_id", "the sending organisation (or its committee)" },
	};
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
		if (side && !strcmp(side, sides[i].side))
			return jc_fail(err, JC_EFORBIDDEN, sides[i].field, NULL, "only %s may %s this transfer: this account acts for the other side",
				       sides[i].who, transfer_action_key(action));
	return jc_fail(err, JC_EFORBIDDEN, NULL, NULL, "this account acts for no side that may %s this transfer",
		       transfer_action_key(action));
}

static enum jc_err expired(const struct transfer *t, const struct transfer_rules *r, int on, const char *field,
			   struct jc_error *err)
{
	char a[11], b[11], c[11];
	return rules_refuse(&r->letter_valid, err, field,
			    "the letter %s of %s was valid for %d months, through %s: on %s it has expired (the sender withdraws it and issues a new one)",
			    t->letter_no[0] ? t->letter_no : "(unnumbered)", fmt(t->issued_on, a), t->valid_months,
			    fmt(t->valid_until, b), fmt(on, c));
}

enum jc_err transfer_check(struct transfer *t, const struct transfer_act *act, const struct transfer_sides *sides,
			   const struct transfer_rules *r, int today, struct jc_error *err)
{
	char d1[11], d2[11];
	if (act->action < 0 || act->action >= TA_COUNT)
		return jc_fail(err, JC_EINVAL, "action", NULL, "no such step");
	if (transfer_ended(t->state))
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the transfer has ended (%s) and takes no more steps",
			       transfer_state_key(t->state));
	const char *side;
	int next = transfer_next(t, &side);
	/* the step must come now: which one depends on the state only */
	bool comes;
	switch (act->action) {
	case TA_REFUSE:
		comes = t->state == TR_REQUESTED || next == TA_FORWARD || next == TA_ACCEPT;
		break;
	case TA_CANCEL:
		comes = t->direction != TR_IN && t->state <= TR_FORWARDED;
		break;
	default:
		comes = next == act->action;
	}
	if (!comes)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the transfer is %s and waits for %s, not for %s",
			       transfer_state_key(t->state), transfer_action_key(next), transfer_action_key(act->action));
	if (!transfer_allowed(t, act->action, sides)) {
		if (act->action == TA_REFUSE)
			side = t->state == TR_REQUESTED ? "sending_committee" : next == TA_FORWARD ? "receiving_committee" : "receiver";
		else if (act->action == TA_CANCEL)
			side = "sender";
		return wrong_side(err, side, act->action);
	}
	if (act->on == DATE_NONE || act->on > today)
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' must be a date, not in the future");
	if (act->on < t->last_step_on)
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' %s comes before the transfer's last step, of %s", fmt(act->on, d1),
			       fmt(t->last_step_on, d2));
	switch (act->action) {
	case TA_ISSUE:
		t->state = TR_ISSUED;
		t->issued_on = act->on;
		t->valid_until = transfer_valid_until(act->on, t->valid_months);
		break;
	case TA_FORWARD:
		if (transfer_expired(t, act->on))
			return expired(t, r, act->on, "on", err);
		t->state = TR_FORWARDED;
		t->forwarded_on = act->on;
		break;
	case TA_ACCEPT:
		if (transfer_expired(t, act->on))
			return expired(t, r, act->on, "on", err);
		t->state = TR_ACCEPTED;
		t->accepted_on = act->on;
		break;
	case TA_REFUSE:
		if (!act->note[0])
			return rules_refuse(&r->no_refusal, err, "reason",
					    "a refusal to %s a member's relationship needs its reason", t->state == TR_REQUESTED ? "send" : "receive");
		t->state = TR_REFUSED;
		t->ended_on = act->on;
		snprintf(t->end_reason, sizeof(t->end_reason), "%s", act->note);
		break;
	case TA_CANCEL:
		if (!act->note[0])
			return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the letter is withdrawn");
		t->state = TR_CANCELLED;
		t->ended_on = act->on;
		snprintf(t->end_reason, sizeof(t->end_reason), "%s", act->note);
		break;
	case TA_RECEIPT:
		if (t->direction == TR_OUT) { /* the receipt of a receiver outside: it took the member that day */
			if (act->accepted_on == DATE_NONE)
				return jc_fail(err, JC_EINVAL, "accepted_on", NULL,
					       "'accepted_on' is required: the day the receiving organisation took the member, as its receipt says");
			if (act->accepted_on < t->issued_on || act->accepted_on > act->on)
				return jc_fail(err, JC_EINVAL, "accepted_on", NULL,
					       "'accepted_on' must lie between the letter's issue (%s) and the receipt's return (%s)",
					       fmt(t->issued_on, d1), fmt(act->on, d2));
			if (transfer_expired(t, act->accepted_on))
				return expired(t, r, act->accepted_on, "accepted_on", err);
			t->accepted_on = act->accepted_on;
		} else if (act->accepted_on != DATE_NONE) {
			return jc_fail(err, JC_EINVAL, "accepted_on", NULL, "'accepted_on' belongs to the receipt of a letter to outside only");
		}
		t->state = TR_CLOSED;
		t->receipt_on = act->on;
		break;
	}
	t->last_step_on = act->on;
	return JC_OK;
}
