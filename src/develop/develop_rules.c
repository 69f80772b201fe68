/*
 * develop_rules.c - the pure checks of recruitment: whether a step may be recorded on a case,
 * what it changes, which steps may come next and what is due (domain-rules §1).
 *
 * No I/O: what the checks need from the database (mentors' and introducers' records, the
 * branch's full members, the approving committee, working days of a notice) arrives in struct
 * develop_facts. A refusal by a rule of the regulations cites the rule (rules_refuse, 422); a
 * malformed step names its field (400); a step out of order is a conflict (409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "develop/develop.h"

static int64_t v(const struct rule *r)
{
	return strtoll(r->value, NULL, 10);
}

static const char *fmt_date(int d, char buf[11])
{
	date_format(d, buf);
	return buf;
}

const struct develop_step_rec *develop_history_last(const struct develop_history *h, int n)
{
	for (int i = h ? h->count - 1 : -1; i >= 0; i--)
		if (h->steps[i].step == n)
			return &h->steps[i];
	return NULL;
}

static int count_of(const struct develop_history *h, int n)
{
	int k = 0;
	for (int i = 0; i < h->count; i++)
		k += h->steps[i].step == n;
	return k;
}

/* --- the step's data --------------------------------------------------------------------- */

static enum jc_err need_int(json_t *data, const char *key, long lo, long hi, long *out, struct jc_error *err)
{
	json_t *x = data ? json_object_get(data, key) : NULL;
	if (!json_is_integer(x) || json_integer_value(x) < lo || json_integer_value(x) > hi)
		return jc_fail(err, JC_EINVAL, key, NULL, "'data.%s' must be a whole number from %ld to %ld", key, lo, hi);
	*out = (long)json_integer_value(x);
	return JC_OK;
}

static long opt_int(json_t *data, const char *key)
{
	json_t *x = data ? json_object_get(data, key) : NULL;
	return json_is_integer(x) ? (long)json_integer_value(x) : 0;
}

static enum jc_err need_text(json_t *data, const char *key, struct jc_error *err)
{
	json_t *x = data ? json_object_get(data, key) : NULL;
	if (!json_is_string(x) || !json_string_length(x))
		return jc_fail(err, JC_EINVAL, key, NULL, "'data.%s' is required: the written text", key);
	return JC_OK;
}

static enum jc_err need_date(json_t *data, const char *key, int *out, struct jc_error *err)
{
	json_t *x = data ? json_object_get(data, key) : NULL;
	if (!json_is_string(x) || !date_parse(json_string_value(x), (int)json_string_length(x), out))
		return jc_fail(err, JC_EINVAL, key, NULL, "'data.%s' must be a date (YYYY-MM-DD)", key);
	return JC_OK;
}

static bool decision_is(const struct develop_step *s, const char *a, const char *b, const char *c)
{
	return !strcmp(s->decision, a) || (b && !strcmp(s->decision, b)) || (c && !strcmp(s->decision, c));
}

static enum jc_err need_decision(const struct develop_step *s, const char *a, const char *b, const char *c,
				 struct jc_error *err)
{
	if (decision_is(s, a, b, c))
		return JC_OK;
	if (c)
		return jc_fail(err, JC_EINVAL, "decision", NULL, "'decision' must be '%s', '%s' or '%s'", a, b, c);
	return jc_fail(err, JC_EINVAL, "decision", NULL, "'decision' must be '%s' or '%s'", a, b);
}

/* --- the pieces shared by several steps ---------------------------------------------------- */

/* Mentors (step 5) and introducers (step 9): full members in good standing. */
static enum jc_err check_people(const struct develop_facts *f, const struct rule *rule, const char *field, int on,
				bool introducers, struct jc_error *err)
{
	char d[11];
	for (int i = 0; i < f->npeople; i++) {
		const struct develop_person_fact *p = &f->people[i];
		if (!p->found)
			return rules_refuse(rule, err, field, "member %lld is not a member of this organisation or below it",
					    (long long)p->member_id);
		if (strcmp(p->category, "full") || strcmp(p->state, "normal"))
			return rules_refuse(rule, err, field, "member %lld is not a full member in good standing",
					    (long long)p->member_id);
		if (introducers && p->discipline_probation_until != DATE_NONE && p->discipline_probation_until >= on)
			return rules_refuse(rule, err, field,
					    "member %lld is under probation within the Party (留党察看) until %s",
					    (long long)p->member_id, fmt_date(p->discipline_probation_until, d));
		for (int k = 0; k < i; k++)
			if (f->people[k].member_id == p->member_id)
				return jc_fail(err, JC_EINVAL, field, NULL, "member %lld is named twice", (long long)p->member_id);
	}
	return JC_OK;
}

/* A public notice of the configured length, in working days, ending by the step's day. */
static enum jc_err check_notice(const struct develop_step *s, const struct develop_facts *f, const struct rule *rule,
				struct jc_error *err)
{
	if (v(rule) <= 0)
		return JC_OK;
	int from, to;
	enum jc_err e = need_date(s->data, "notice_from", &from, err);
	if (!e)
		e = need_date(s->data, "notice_to", &to, err);
	if (e)
		return e;
	if (to < from || to > s->done_on)
		return jc_fail(err, JC_EINVAL, "notice_to", NULL,
			       "the notice must end on or after it starts, and by the day of the step");
	if (f->notice_working_days < v(rule))
		return rules_refuse(rule, err, "notice_to", "the notice lasted %d working days%s; at least %lld are required",
				    f->notice_working_days, f->notice_provisional ? " (provisional: the year's holidays are not configured)" : "",
				    (long long)v(rule));
	return JC_OK;
}

/* The approving committee (steps 13, 17, 24): above the case's organisation, with authority. */
static enum jc_err check_approver(const struct develop_step *s, const struct develop_facts *f, const struct rule *rule,
				  struct jc_error *err)
{
	long id;
	enum jc_err e = need_int(s->data, "approving_org_id", 1, 0x7fffffffL, &id, err);
	if (e)
		return e;
	if (!f->approver_is_ancestor || !f->approver_can_approve)
		return rules_refuse(rule, err, "approving_org_id",
				    "organisation %ld is not a committee above this one with the authority to approve admissions", id);
	return JC_OK;
}

/* A branch general meeting (steps 15 and 23): the numbers, the quorum and the passing rule.
 * *passed: yes votes (written ones of absent members included) more than the share of those
 * expected. */
static enum jc_err check_meeting(const struct develop_step *s, const struct develop_rules *r,
				 const struct develop_facts *f, bool *passed, struct jc_error *err)
{
	long expected, present, yes, no, abstain;
	enum jc_err e = need_int(s->data, "expected", 1, 100000, &expected, err);
	if (!e)
		e = need_int(s->data, "present", 0, expected, &present, err);
	if (!e)
		e = need_int(s->data, "yes", 0, present, &yes, err);
	if (!e)
		e = need_int(s->data, "no", 0, present, &no, err);
	if (!e)
		e = need_int(s->data, "abstain", 0, present, &abstain, err);
	if (e)
		return e;
	long written_yes = opt_int(s->data, "written_yes"), written_no = opt_int(s->data, "written_no");
	if (yes + no + abstain > present)
		return jc_fail(err, JC_EINVAL, "yes", NULL, "%ld votes from %ld present", yes + no + abstain, present);
	if (written_yes < 0 || written_no < 0 || written_yes + written_no > expected - present)
		return jc_fail(err, JC_EINVAL, "written_yes", NULL,
			       "written opinions come only from the %ld absent voting members", expected - present);
	if (f->branch_full_members < v(&r->meeting_min_full))
		return rules_refuse(&r->meeting_min_full, err, "org_id",
				    "the branch has %d full members; the meeting needs at least %lld", f->branch_full_members,
				    (long long)v(&r->meeting_min_full));
	/* 应到: the full members with the vote, less those excused for long absence - never more */
	if (expected > f->branch_full_members)
		return jc_fail(err, JC_EINVAL, "expected", NULL,
			       "%ld voting members expected, but the branch has %d full members (those with the vote)", expected,
			       f->branch_full_members);
	if (present * 100 <= expected * v(&r->quorum_percent))
		return rules_refuse(&r->quorum_percent, err, "present",
				    "%ld of %ld voting members present: not more than %lld%%", present, expected,
				    (long long)v(&r->quorum_percent));
	*passed = (yes + written_yes) * 100 > expected * v(&r->pass_percent);
	return JC_OK;
}

static enum jc_err check_leaving(const struct develop_case *c, const struct develop_rules *r, int on,
				 struct jc_error *err)
{
	char d[11];
	if (c->leaving_unit_on != DATE_NONE && c->leaving_unit_on < date_add_months(on, (int)v(&r->leave_unit_months)))
		return rules_refuse(&r->leave_unit_months, err, "leaving_unit_on",
				    "the person leaves the unit on %s, within %lld months", fmt_date(c->leaving_unit_on, d),
				    (long long)v(&r->leave_unit_months));
	return JC_OK;
}

/* --- order ------------------------------------------------------------------------------- */

int develop_next_steps(const struct develop_case *c, const struct develop_history *h, int out[DEVELOP_STEPS])
{
	int n = 0;
	if (c->stage == DEV_CLOSED)
		return 0;
	const struct develop_step_rec *last = h->count ? &h->steps[h->count - 1] : NULL;
	int L = last ? last->step : 0;
	const char *dec = last ? last->decision : "";
	switch (L) {
	case 6: out[n++] = 6; out[n++] = 7; break;
	case 10: if (!strcmp(dec, "pass")) out[n++] = 11; break;
	case 13: if (!strcmp(dec, "pass")) out[n++] = 14; break;
	case 15: out[n++] = c->admitted_on != DATE_NONE ? 16 : 15; break;
	case 17: if (c->stage == DEV_PROBATIONARY) out[n++] = 18; break;
	case 20: case 21: { /* continued education may come between the application and the meeting */
		bool applied = false;
		for (int i = h->count - 1; i >= 0 && h->steps[i].step != 24 && h->steps[i].step != 20; i--)
			applied |= h->steps[i].step == 22;
		out[n++] = 21;
		out[n++] = applied ? 23 : 22;
		break;
	}
	case 22: out[n++] = 21; out[n++] = 23; break;
	case 24:
		if (c->stage == DEV_FULL)
			out[n++] = 25;
		else if (!strcmp(dec, "approve")) { /* an extension approved: probation goes on */
			out[n++] = 21;
			out[n++] = 22;
		} else
			out[n++] = 23; /* the resolution was not approved: the branch meets again */
		break;
	case 25: break;
	default: out[n++] = L + 1;
	}
	return n;
}

/* --- the check --------------------------------------------------------------------------- */

enum jc_err develop_check_step(struct develop_case *c, const struct develop_history *h, const struct develop_step *s,
			       const struct develop_rules *r, const struct develop_facts *f, struct jc_error *err)
{
	char d1[11], d2[11];
	int on = s->done_on;
	if (s->step < 1 || s->step > DEVELOP_STEPS)
		return jc_fail(err, JC_EINVAL, "step", NULL, "'step' must be from 1 to %d", DEVELOP_STEPS);
	if (on == DATE_NONE)
		return jc_fail(err, JC_EINVAL, "done_on", NULL, "'done_on' must be a date (YYYY-MM-DD)");
	if (on > f->today)
		return jc_fail(err, JC_EINVAL, "done_on", NULL, "'done_on' %s is in the future", fmt_date(on, d1));
	if (!s->actor[0])
		return jc_fail(err, JC_EINVAL, "actor", NULL, "'actor' is required: who acted (a person and post, or a body)");
	if (c->stage == DEV_CLOSED)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the case is closed (%s)", c->outcome);
	if (s->step > 1) {
		int next[DEVELOP_STEPS], n = develop_next_steps(c, h, next);
		bool allowed = false;
		for (int i = 0; i < n; i++)
			allowed |= next[i] == s->step;
		if (!allowed)
			return jc_fail(err, JC_ECONFLICT, "step", NULL, "step %d (%s) cannot be recorded now: %s", s->step,
				       develop_steps[s->step - 1].zh,
				       n ? "the steps go in the order of the flow chart"
					 : "the last step's decision ends the process (a failed review or pre-review)");
		const struct develop_step_rec *last = &h->steps[h->count - 1];
		if (on < last->done_on)
			return jc_fail(err, JC_EINVAL, "done_on", NULL, "'done_on' %s comes before step %d of %s",
				       fmt_date(on, d1), last->step, fmt_date(last->done_on, d2));
	}
	const struct develop_step_rec *p;
	bool passed = false;
	enum jc_err e = JC_OK;
	switch (s->step) {
	case 1:
		if (date_years_between(c->birth_date, on) < v(&r->min_age))
			return rules_refuse(&r->min_age, err, "applied_on", "the applicant is %d on %s, under %lld",
					    date_years_between(c->birth_date, on), fmt_date(on, d1), (long long)v(&r->min_age));
		c->stage = DEV_APPLICANT;
		c->applied_on = on;
		break;
	case 2:
		if (on > date_add_months(c->applied_on, (int)v(&r->talk_months)))
			return rules_refuse(&r->talk_months, err, "done_on", "the talk on %s is more than %lld month(s) after the application of %s",
					    fmt_date(on, d1), (long long)v(&r->talk_months), fmt_date(c->applied_on, d2));
		break;
	case 3:
		if (on < date_add_months(c->applied_on, (int)v(&r->apply_to_activist)))
			return rules_refuse(&r->apply_to_activist, err, "done_on",
					    "%s is less than %lld months after the application of %s", fmt_date(on, d1),
					    (long long)v(&r->apply_to_activist), fmt_date(c->applied_on, d2));
		if (!s->data || !json_is_string(json_object_get(s->data, "decided_by")) ||
		    (strcmp(json_string_value(json_object_get(s->data, "decided_by")), "branch_committee") &&
		     strcmp(json_string_value(json_object_get(s->data, "decided_by")), "general_meeting")))
			return jc_fail(err, JC_EINVAL, "decided_by", NULL,
				       "'data.decided_by' must be 'branch_committee' or 'general_meeting' (a branch without a committee)");
		c->stage = DEV_ACTIVIST;
		c->activist_on = on;
		break;
	case 5:
		if (f->npeople < v(&r->mentors_min) || f->npeople > v(&r->mentors_max))
			return rules_refuse(f->npeople < v(&r->mentors_min) ? &r->mentors_min : &r->mentors_max, err, "mentors",
					    "%d mentors named; one or two full members are assigned", f->npeople);
		e = check_people(f, &r->mentors_min, "mentors", on, false, err);
		break;
	case 6:
		e = need_text(s->data, "conclusion", err);
		break;
	case 7:
		if (on < date_add_months(c->activist_on, (int)v(&r->activist_months)))
			return rules_refuse(&r->activist_months, err, "done_on",
					    "%s is less than %lld months after becoming an activist on %s", fmt_date(on, d1),
					    (long long)v(&r->activist_months), fmt_date(c->activist_on, d2));
		if (!count_of(h, 6))
			return rules_refuse(&r->assessment_months, err, "step", "the activist has never been assessed (step 6)");
		if ((e = check_notice(s, f, &r->notice_target_days, err)))
			return e;
		c->stage = DEV_TARGET;
		c->target_on = on;
		break;
	case 9:
		if (f->npeople != v(&r->introducers))
			return rules_refuse(&r->introducers, err, "introducers", "%d introducers named; %lld are required",
					    f->npeople, (long long)v(&r->introducers));
		e = check_people(f, &r->introducers, "introducers", on, true, err);
		break;
	case 10:
		if (!(e = need_text(s->data, "conclusion", err)))
			e = need_decision(s, "pass", "fail", NULL, err);
		if (!e && decision_is(s, "fail", NULL, NULL)) { /* no political review passed, no admission */
			c->stage = DEV_CLOSED;
			snprintf(c->outcome, sizeof(c->outcome), "review_failed");
		}
		break;
	case 11: {
		long days = opt_int(s->data, "days"), hours = opt_int(s->data, "hours");
		if (days < 0 || hours < 0 || (!days && !hours))
			return jc_fail(err, JC_EINVAL, "days", NULL, "'data.days' or 'data.hours' of the training is required");
		if (days < v(&r->training_days) && hours < v(&r->training_hours))
			return rules_refuse(&r->training_days, err, "days",
					    "training of %ld days and %ld hours: at least %lld days or %lld hours are required", days,
					    hours, (long long)v(&r->training_days), (long long)v(&r->training_hours));
		break;
	}
	case 13:
		if ((e = check_approver(s, f, &r->approver_authority, err)) || (e = need_decision(s, "pass", "fail", NULL, err)))
			return e;
		if ((e = check_leaving(c, r, on, err)))
			return e;
		if (decision_is(s, "fail", NULL, NULL)) {
			c->stage = DEV_CLOSED;
			snprintf(c->outcome, sizeof(c->outcome), "pre_review_failed");
		}
		break;
	case 15:
		p = develop_history_last(h, 13);
		if (p && count_of(h, 15) == 0 && on > date_add_months(p->done_on, (int)v(&r->meeting_after_prereview_months)))
			return rules_refuse(&r->meeting_after_prereview_months, err, "done_on",
					    "the meeting on %s is more than %lld month(s) after the pre-review of %s", fmt_date(on, d1),
					    (long long)v(&r->meeting_after_prereview_months), fmt_date(p->done_on, d2));
		p = develop_history_last(h, 10);
		if (p && on > date_add_months(p->done_on, (int)v(&r->review_valid_months)))
			return rules_refuse(&r->review_valid_months, err, "done_on", "the political review of %s is older than %lld months",
					    fmt_date(p->done_on, d2), (long long)v(&r->review_valid_months));
		if ((e = check_leaving(c, r, on, err)) || (e = check_notice(s, f, &r->notice_admission_days, err)) ||
		    (e = check_meeting(s, r, f, &passed, err)))
			return e;
		if (passed)
			c->admitted_on = on;
		break;
	case 17:
		if ((e = check_approver(s, f, &r->approver_authority, err)) || (e = need_decision(s, "approve", "reject", NULL, err)))
			return e;
		/* the limits bind an approval; a refusal closes the case whenever it comes */
		if (decision_is(s, "approve", NULL, NULL) && on > date_add_months(c->admitted_on, (int)v(&r->approval_max_months)))
			return rules_refuse(&r->approval_max_months, err, "done_on",
					    "approval on %s is more than %lld months after the branch meeting of %s", fmt_date(on, d1),
					    (long long)v(&r->approval_max_months), fmt_date(c->admitted_on, d2));
		if (decision_is(s, "approve", NULL, NULL) && on > date_add_months(c->admitted_on, (int)v(&r->approval_months)) &&
		    (!s->data || !json_is_string(json_object_get(s->data, "extension_reason")) ||
		     !json_string_length(json_object_get(s->data, "extension_reason"))))
			return rules_refuse(&r->approval_months, err, "extension_reason",
					    "approval later than %lld months after the meeting needs the special circumstances recorded",
					    (long long)v(&r->approval_months));
		if (decision_is(s, "approve", NULL, NULL)) {
			c->stage = DEV_PROBATIONARY;
			c->probation_end = date_add_months(c->admitted_on, (int)v(&r->probation_months));
		} else {
			c->stage = DEV_CLOSED;
			snprintf(c->outcome, sizeof(c->outcome), "not_approved");
		}
		break;
	case 23:
		if (on < c->probation_end)
			return rules_refuse(&r->probation_months, err, "done_on", "the meeting on %s comes before probation ends on %s",
					    fmt_date(on, d1), fmt_date(c->probation_end, d2));
		if ((e = need_decision(s, "convert", "extend", "cancel", err)) || (e = check_meeting(s, r, f, &passed, err)))
			return e;
		if (!passed)
			return rules_refuse(&r->pass_percent, err, "yes",
					    "the resolution did not get yes votes from more than half of the voting members expected");
		if (decision_is(s, "extend", NULL, NULL)) {
			long months = opt_int(s->data, "extension_months");
			if (c->extensions >= v(&r->extension_max_count))
				return rules_refuse(&r->extension_max_count, err, "decision", "probation was already extended once");
			if (months < v(&r->extension_min_months))
				return rules_refuse(&r->extension_min_months, err, "extension_months",
						    "an extension of %ld months is shorter than %lld", months,
						    (long long)v(&r->extension_min_months));
			if (months > v(&r->extension_max_months))
				return rules_refuse(&r->extension_max_months, err, "extension_months",
						    "an extension of %ld months is longer than %lld", months,
						    (long long)v(&r->extension_max_months));
		}
		break;
	case 24: {
		p = develop_history_last(h, 23);
		if ((e = check_approver(s, f, &r->approver_authority, err)) ||
		    (e = need_decision(s, "approve", "reject", NULL, err)))
			return e;
		if (decision_is(s, "approve", NULL, NULL) && on > date_add_months(p->done_on, (int)v(&r->conversion_approval_months)))
			return rules_refuse(&r->conversion_approval_months, err, "done_on",
					    "approval on %s is more than %lld months after the meeting of %s", fmt_date(on, d1),
					    (long long)v(&r->conversion_approval_months), fmt_date(p->done_on, d2));
		if (!decision_is(s, "approve", NULL, NULL))
			break;
		if (!strcmp(p->decision, "convert")) {
			c->stage = DEV_FULL;
			c->converted_on = c->probation_end; /* Party age counts from the end of probation */
		} else if (!strcmp(p->decision, "extend")) {
			c->extensions++;
			c->probation_end = date_add_months(c->probation_end, (int)opt_int(p->data, "extension_months"));
		} else {
			c->stage = DEV_CLOSED;
			snprintf(c->outcome, sizeof(c->outcome), "cancelled");
		}
		break;
	}
	case 19:
		if (s->data && json_object_get(s->data, "group_id") && !f->group_ok)
			return jc_fail(err, JC_EINVAL, "group_id", NULL, "'data.group_id' must be a Party group of the case's branch");
		break;
	case 25:
		c->archived_on = on;
		break;
	default:
		break;
	}
	if (!e)
		c->last_step = s->step;
	return e;
}

/* --- what is due ------------------------------------------------------------------------- */

int develop_due_of(const struct develop_case *c, const struct develop_history *h, const struct develop_rules *r,
		   struct develop_due out[4])
{
	int n = 0;
	const struct develop_step_rec *p;
	if (c->stage == DEV_CLOSED || c->archived_on != DATE_NONE)
		return 0;
	switch (c->last_step) {
	case 1:
		out[n++] = (struct develop_due){ 2, date_add_months(c->applied_on, (int)v(&r->talk_months)), DATE_NONE, &r->talk_months };
		break;
	case 3: case 4: case 5: case 6:
		p = develop_history_last(h, 6);
		out[n++] = (struct develop_due){ 6, date_add_months(p ? p->done_on : c->activist_on, (int)v(&r->assessment_months)),
						 DATE_NONE, &r->assessment_months };
		break;
	case 13: case 14:
		p = develop_history_last(h, 13);
		if (p && !strcmp(p->decision, "pass"))
			out[n++] = (struct develop_due){ 15, date_add_months(p->done_on, (int)v(&r->meeting_after_prereview_months)),
							 DATE_NONE, &r->meeting_after_prereview_months };
		break;
	case 15: case 16:
		if (c->admitted_on != DATE_NONE)
			out[n++] = (struct develop_due){ 17, date_add_months(c->admitted_on, (int)v(&r->approval_months)),
							 date_add_months(c->admitted_on, (int)v(&r->approval_max_months)),
							 &r->approval_months };
		break;
	case 23:
		p = develop_history_last(h, 23);
		out[n++] = (struct develop_due){ 24, date_add_months(p->done_on, (int)v(&r->conversion_approval_months)), DATE_NONE,
						 &r->conversion_approval_months };
		break;
	case 24:
		p = develop_history_last(h, 24);
		if (c->stage == DEV_FULL) {
			out[n++] = (struct develop_due){ 25, p->done_on + (int)v(&r->archive_days), DATE_NONE, &r->archive_days };
			break;
		}
		/* an extension (or a refused resolution) leaves probation running */
		__attribute__((fallthrough));
	default:
		if (c->stage == DEV_PROBATIONARY && c->probation_end != DATE_NONE)
			out[n++] = (struct develop_due){ 23, c->probation_end, DATE_NONE, &r->probation_months };
		break;
	}
	return n;
}

/* --- the window each recorded step had ----------------------------------------------------- */

/* The last record of step n before index, or NULL. */
static const struct develop_step_rec *before(const struct develop_history *h, int index, int n)
{
	for (int i = index - 1; i >= 0; i--)
		if (h->steps[i].step == n)
			return &h->steps[i];
	return NULL;
}

/* When probation ended as of index: a year from the admitting meeting, plus every approved
 * extension before it. */
static int probation_end_at(const struct develop_history *h, int index, const struct develop_rules *r)
{
	int end = DATE_NONE;
	const struct develop_step_rec *meeting = NULL;
	for (int i = 0; i < index; i++) {
		const struct develop_step_rec *x = &h->steps[i];
		if (x->step == 15 && !strcmp(x->decision, "admitted"))
			end = date_add_months(x->done_on, (int)v(&r->probation_months));
		if (x->step == 23)
			meeting = x;
		if (x->step == 24 && meeting && !strcmp(x->decision, "approve") && !strcmp(meeting->decision, "extend"))
			end = date_add_months(end, (int)opt_int(meeting->data, "extension_months"));
	}
	return end;
}

bool develop_step_window(const struct develop_case *c, const struct develop_history *h, int index,
			 const struct develop_rules *r, struct develop_window *out)
{
	const struct develop_step_rec *p;
	*out = (struct develop_window){ DATE_NONE, DATE_NONE, NULL };
	switch (h->steps[index].step) {
	case 2:
		*out = (struct develop_window){ DATE_NONE, date_add_months(c->applied_on, (int)v(&r->talk_months)), &r->talk_months };
		break;
	case 3:
		if (v(&r->apply_to_activist) > 0)
			*out = (struct develop_window){ date_add_months(c->applied_on, (int)v(&r->apply_to_activist)), DATE_NONE,
							&r->apply_to_activist };
		break;
	case 7:
		if ((p = before(h, index, 3)))
			*out = (struct develop_window){ date_add_months(p->done_on, (int)v(&r->activist_months)), DATE_NONE,
							&r->activist_months };
		break;
	case 15:
		if ((p = before(h, index, 13)) && !before(h, index, 15))
			*out = (struct develop_window){ DATE_NONE,
							date_add_months(p->done_on, (int)v(&r->meeting_after_prereview_months)),
							&r->meeting_after_prereview_months };
		break;
	case 17:
		if ((p = before(h, index, 15)))
			*out = (struct develop_window){ DATE_NONE, date_add_months(p->done_on, (int)v(&r->approval_months)),
							&r->approval_months };
		break;
	case 23:
		*out = (struct develop_window){ probation_end_at(h, index, r), DATE_NONE, &r->probation_months };
		break;
	case 24:
		if ((p = before(h, index, 23)))
			*out = (struct develop_window){ DATE_NONE, date_add_months(p->done_on, (int)v(&r->conversion_approval_months)),
							&r->conversion_approval_months };
		break;
	case 25:
		if ((p = before(h, index, 24)))
			*out = (struct develop_window){ DATE_NONE, p->done_on + (int)v(&r->archive_days), &r->archive_days };
		break;
	default:
		break;
	}
	return out->rule != NULL;
}
