/*
 * orglife_rules.c - the kinds of organisational life and the pure checks of a meeting record
 * (domain-rules §3): which organisation holds which kind, attendance, the quorum and the passing
 * rule, both "more than" a share of the voting members expected.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "orglife/orglife.h"

static const struct code kinds[] = {
	{ "members_meeting", "支部党员大会", "branch members' meeting" },
	{ "committee_meeting", "支部委员会", "branch committee meeting" },
	{ "group_meeting", "党小组会", "Party group meeting" },
	{ "lecture", "党课", "Party lecture" },
	{ "theme_day", "主题党日", "theme Party day" },
	{ "life_meeting", "组织生活会", "organisational-life meeting" },
	{ "appraisal", "民主评议党员", "democratic appraisal of members" },
};
const struct code_table orglife_kinds = CODE_TABLE("orglife_kind", kinds);

bool orglife_branch_like(const char *type)
{
	return !strcmp(type, "branch") || !strcmp(type, "joint_branch") || !strcmp(type, "temporary_branch") ||
	       !strcmp(type, "general_branch");
}

enum jc_err orglife_check(struct orglife_meeting *m, const struct orglife_facts *f, const struct rule *quorum,
			  const struct rule *pass, struct jc_error *err)
{
	if (m->nkinds < 1)
		return jc_fail(err, JC_EINVAL, "kinds", NULL, "'kinds' needs one to %d kinds of meeting", ORGLIFE_MAX_KINDS);
	for (int i = 0; i < m->nkinds; i++) {
		bool group = !strcmp(m->kinds[i], "group_meeting");
		if (group ? strcmp(f->org_type, "group") : !orglife_branch_like(f->org_type))
			return jc_fail(err, JC_EINVAL, "kinds", NULL, "a %s is not held by an organisation of type '%s'",
				       m->kinds[i], f->org_type);
	}
	if (m->held_on == DATE_NONE || m->held_on > f->today)
		return jc_fail(err, JC_EINVAL, "held_on", NULL, "'held_on' must be a date, not in the future");
	if (!m->chair[0])
		return jc_fail(err, JC_EINVAL, "chair", NULL, "'chair' is required: who chaired the meeting");
	if (!m->recorder[0])
		return jc_fail(err, JC_EINVAL, "recorder", NULL, "'recorder' is required: who kept the record");
	if (m->expected < 1)
		return jc_fail(err, JC_EINVAL, "expected", NULL, "'expected' must be at least 1: the voting members expected");
	if (m->present < 0 || m->present > m->expected)
		return jc_fail(err, JC_EINVAL, "present", NULL, "'present' must be from 0 to 'expected' (%ld)", m->expected);
	for (int i = 0; i < m->nattendance; i++) {
		const struct orglife_attendance *a = &m->attendance[i];
		if (!f->belongs[i])
			return jc_fail(err, JC_EINVAL, "attendance", NULL, "member %lld is not a member of this organisation",
				       (long long)a->member_id);
		if (!strcmp(a->status, "leave") && !a->reason[0])
			return jc_fail(err, JC_EINVAL, "attendance", NULL, "member %lld is on leave without a reason",
				       (long long)a->member_id);
	}
	long q = strtol(quorum->value, NULL, 10), p = strtol(pass->value, NULL, 10);
	m->valid = m->present * 100 > m->expected * q;
	if (!m->valid && !m->without_quorum)
		return rules_refuse(quorum, err, "present",
				    "%ld of %ld voting members present: not more than %ld%% (a meeting that really took place so is kept with without_quorum, not valid for decisions)",
				    m->present, m->expected, q);
	for (int i = 0; i < m->nresolutions; i++) {
		struct orglife_resolution *r = &m->resolutions[i];
		if (!r->text[0] || r->yes < 0 || r->no < 0 || r->abstain < 0 || r->yes + r->no + r->abstain > m->present)
			return jc_fail(err, JC_EINVAL, "resolutions", NULL,
				       "resolution %d needs its text and votes (yes, no, abstain) from at most the %ld present", i + 1,
				       m->present);
		r->passed = m->valid && r->yes * 100 > m->expected * p;
	}
	return JC_OK;
}

const struct orglife_requirement orglife_requirements[ORGLIFE_NREQ] = {
	{ "members_meeting", 3, "orglife.members_meeting_per_quarter", false, false },
	{ "committee_meeting", 1, "orglife.committee_meeting_per_month", false, true },
	{ "group_meeting", 1, "orglife.group_meeting_per_month", true, false },
	{ "lecture", 3, "orglife.lecture_per_quarter", false, false },
	{ "theme_day", 1, "orglife.theme_day_per_month", false, false },
	{ "life_meeting", 12, "orglife.life_meeting_per_year", false, false },
	{ "appraisal", 12, "orglife.appraisal_per_year", false, false },
};

int orglife_requirement_index(const char *kind)
{
	for (int k = 0; k < ORGLIFE_NREQ; k++)
		if (!strcmp(orglife_requirements[k].key, kind))
			return k;
	return -1;
}

bool orglife_judged_type(const char *type)
{
	return (orglife_branch_like(type) && strcmp(type, "general_branch")) || !strcmp(type, "group");
}

bool orglife_applies(const struct orglife_requirement *rq, const char *type, bool committee)
{
	if (!orglife_judged_type(type) || rq->groups != !strcmp(type, "group"))
		return false;
	return !rq->committee || committee;
}
