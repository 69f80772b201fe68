/*
 * test_develop_rules.c - unit tests of the pure recruitment checks of src/develop/develop.h
 * (develop_rules.c): develop_check_step as a table of cases, one at each boundary of every
 * constraint of domain-rules §1 (age 18, the talk within a month, a year as activist, the public
 * notice in working days, mentors and introducers, the training, the pre-review and leaving the
 * unit, the branch meeting's quorum and passing rule, the approval within 3 and never beyond 6
 * months, the conversion meeting not before probation ends, the extension of 6 to 12 months
 * once, the conversion approval), the order of the steps and the dates; develop_next_steps and
 * develop_due_of and develop_step_window as tables of positions along the case.
 *
 * The rules are the national values of src/rules/national_rules.def filled in by hand (and
 * compared with that file, so the two cannot drift apart). Each case starts from a person who
 * went through the valid timeline (born 1998-05-05, applied 2024-01-08, admitted 2025-06-03,
 * converted 2026-06-03) up to a given step, the way the API test drives its cases. Every refusal
 * must name the field and, when a rule of the regulations refuses, the rule key with its
 * regulation and article; and a refused step must leave the case exactly as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/date.h"
#include "develop/develop.h"
#include "rules/rules.h"

#define TODAY "2027-06-30"

static int ymd(const char *s)
{
	int d;
	if (!s || !s[0])
		return DATE_NONE;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static const char *fmt(int d, char buf[11])
{
	if (d == DATE_NONE)
		return strcpy(buf, "(none)");
	date_format(d, buf);
	return buf;
}

/* --- the rules: national_rules.def by hand ------------------------------------------------------ */

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

#define XZ "中国共产党发展党员工作细则"
#define DZ_XZ "中国共产党章程；中国共产党发展党员工作细则"

static struct develop_rules rules;

static void national_rules(struct develop_rules *r)
{
	memset(r, 0, sizeof(*r));
	rule_fill(&r->min_age, "member.min_age_at_application", "18", "years", DZ_XZ, "党章第一条；细则第五条");
	rule_fill(&r->talk_months, "develop.talk_within_months", "1", "months", XZ, "第七条");
	rule_fill(&r->apply_to_activist, "member.activist_after_application_min_months", "0", "months",
		  "中国共产党发展党员工作细则（全国未规定；地方规定2至6个月）", "第八条");
	rule_fill(&r->mentors_min, "develop.mentors_min", "1", "members", XZ, "第九条");
	rule_fill(&r->mentors_max, "develop.mentors_max", "2", "members", XZ, "第九条");
	rule_fill(&r->assessment_months, "develop.assessment_interval_months", "6", "months", XZ, "第十一条");
	rule_fill(&r->activist_months, "member.activist_min_months", "12", "months", XZ, "第十三条");
	rule_fill(&r->notice_target_days, "develop.notice_target_working_days", "5", "working days",
		  "地方规定（全国未确认）", "细则未见；各地发展党员公示制度");
	rule_fill(&r->introducers, "develop.introducers", "2", "members", DZ_XZ, "党章第五条；细则第十四条");
	rule_fill(&r->review_valid_months, "develop.political_review_valid_months", "12", "months", "地方规定",
		  "细则第十五、十六条（政审）；有效期为地方规定");
	rule_fill(&r->training_days, "develop.training_min_days", "3", "days", XZ, "第十七条");
	rule_fill(&r->training_hours, "develop.training_min_hours", "24", "hours", XZ, "第十七条");
	rule_fill(&r->leave_unit_months, "develop.leave_unit_months", "3", "months", XZ, "第十九条");
	rule_fill(&r->meeting_after_prereview_months, "develop.meeting_after_prereview_months", "1", "months",
		  "地方规定", "细则第十九条（预审）；一个月内召开支部大会为地方规定");
	rule_fill(&r->notice_admission_days, "develop.notice_admission_working_days", "5", "working days",
		  "地方规定（全国未确认）", "细则未见；各地发展党员公示制度");
	rule_fill(&r->quorum_percent, "develop.meeting.quorum_percent", "50", "percent", XZ, "第二十条");
	rule_fill(&r->pass_percent, "develop.meeting.pass_percent", "50", "percent", XZ, "第二十一条");
	rule_fill(&r->meeting_min_full, "develop.meeting.min_full_members", "3", "members", "发展党员工作手册",
		  "支部大会讨论接收预备党员");
	rule_fill(&r->approver_authority, "develop.approver_authority", "1", "flag", "中国共产党发展党员工作细则；中组部答问",
		  "细则第十九、二十四条；党总支、临时党组织无审批权");
	rule_fill(&r->approval_months, "develop.approval_months", "3", "months", XZ, "第二十四或二十五条（条号待核）");
	rule_fill(&r->approval_max_months, "develop.approval_max_months", "6", "months", XZ,
		  "第二十四或二十五条（条号待核）");
	rule_fill(&r->probation_months, "member.probation_months", "12", "months", DZ_XZ, "党章第七条；细则第三十二条");
	rule_fill(&r->extension_min_months, "develop.extension_min_months", "6", "months", XZ, "第三十二条");
	rule_fill(&r->extension_max_months, "member.probation_max_extension_months", "12", "months", DZ_XZ,
		  "党章第七条；细则第三十二条");
	rule_fill(&r->extension_max_count, "develop.extension_max_count", "1", "times", DZ_XZ,
		  "党章第七条；细则第三十二条");
	rule_fill(&r->conversion_approval_months, "develop.conversion_approval_months", "3", "months", XZ,
		  "第三十三或三十四条（条号待核）");
	rule_fill(&r->archive_days, "develop.archive_within_days", "7", "days", "地方规定",
		  "细则第三十七条（归档）；一周内为地方规定");
}

/* struct develop_rules is made of struct rule only: look one up by key. */
static const struct rule *rule_by_key(const char *key)
{
	const struct rule *all = (const struct rule *)&rules;
	for (size_t i = 0; i < sizeof(rules) / sizeof(*all); i++)
		if (!strcmp(all[i].key, key))
			return &all[i];
	fail_msg("no rule '%s' in struct develop_rules", key);
	return NULL;
}

/* --- the valid timeline, and a case driven along it ------------------------------------------- */

static const struct {
	int step;
	const char *on, *data, *decision;
} timeline[] = {
	{ 1, "2024-01-08", NULL, NULL },
	{ 2, "2024-01-20", NULL, NULL },
	{ 3, "2024-03-01", "{\"decided_by\":\"branch_committee\"}", NULL },
	{ 4, "2024-03-05", NULL, NULL },
	{ 5, "2024-03-06", "{\"mentors\":[101,102]}", NULL },
	{ 6, "2024-09-01", "{\"conclusion\":\"表现良好\"}", NULL },
	{ 6, "2025-03-01", "{\"conclusion\":\"表现良好\"}", NULL },
	{ 7, "2025-03-10", "{\"notice_from\":\"2025-03-03\",\"notice_to\":\"2025-03-07\"}", NULL },
	{ 8, "2025-03-11", NULL, NULL },
	{ 9, "2025-03-12", "{\"introducers\":[101,102]}", NULL },
	{ 10, "2025-04-01", "{\"conclusion\":\"政治合格\"}", "pass" },
	{ 11, "2025-04-10", "{\"days\":3}", NULL },
	{ 12, "2025-05-06", NULL, NULL },
	{ 13, "2025-05-12", "{\"approving_org_id\":9}", "pass" },
	{ 14, "2025-05-15", NULL, NULL },
	{ 15, "2025-06-03", "{\"expected\":16,\"present\":9,\"yes\":8,\"no\":1,\"abstain\":0,\"written_yes\":1,"
			    "\"notice_from\":\"2025-05-26\",\"notice_to\":\"2025-05-30\"}", NULL },
	{ 16, "2025-06-10", NULL, NULL },
	{ 17, "2025-07-01", "{\"approving_org_id\":9}", "approve" },
	{ 18, "2025-07-05", NULL, NULL },
	{ 19, "2025-07-06", NULL, NULL },
	{ 20, "2025-07-07", NULL, NULL },
	{ 21, "2025-12-01", NULL, NULL },
	{ 22, "2026-05-20", NULL, NULL },
	{ 23, "2026-06-05", "{\"expected\":16,\"present\":9,\"yes\":8,\"no\":1,\"abstain\":0,\"written_yes\":1}", "convert" },
	{ 24, "2026-07-01", "{\"approving_org_id\":9}", "approve" },
	{ 25, "2026-07-05", NULL, NULL },
};
#define TIMELINE (sizeof(timeline) / sizeof(timeline[0]))

struct fixture {
	struct develop_case c;
	struct develop_step_rec recs[48];
	struct develop_history h;
};

static json_t *parse(const char *text)
{
	if (!text)
		return NULL;
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	if (!j)
		fail_msg("bad JSON in the test: %s (%s)", text, jerr.text);
	return j;
}

/* The facts the store would gather for a valid step: 16 full members in the branch, the county
 * as approver, a notice of 5 working days, and every member the step names a full member in
 * good standing of the branch. */
static void facts_for(const struct develop_step *s, struct develop_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->today = ymd(TODAY);
	f->branch_full_members = 16;
	f->org_has_committee = true;
	f->approver_is_ancestor = f->approver_can_approve = true;
	f->notice_working_days = 5;
	const char *key = s->step == 5 ? "mentors" : s->step == 9 ? "introducers" : NULL;
	json_t *list = key && s->data ? json_object_get(s->data, key) : NULL;
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		if (i >= 4)
			break;
		struct develop_person_fact *p = &f->people[f->npeople++];
		p->member_id = json_integer_value(x);
		p->found = true;
		snprintf(p->category, sizeof(p->category), "full");
		snprintf(p->state, sizeof(p->state), "normal");
		p->discipline_probation_until = DATE_NONE;
	}
}

static void step_init(struct develop_step *s, int step, const char *on, const char *data, const char *decision)
{
	memset(s, 0, sizeof(*s));
	s->step = step;
	s->done_on = ymd(on);
	snprintf(s->actor, sizeof(s->actor), "支部书记 李四");
	snprintf(s->decision, sizeof(s->decision), "%s", decision ? decision : "");
	s->data = parse(data);
}

/* Appends a recorded step to the history, with the decision the store writes (the meeting's
 * outcome follows from its votes). Takes s->data. */
static void remember(struct fixture *fx, const struct develop_step *s)
{
	assert_true(fx->h.count < (int)(sizeof(fx->recs) / sizeof(fx->recs[0])));
	struct develop_step_rec *rec = &fx->recs[fx->h.count++];
	rec->step = s->step;
	rec->done_on = s->done_on;
	if (s->step == 15)
		snprintf(rec->decision, sizeof(rec->decision), "%s",
			 fx->c.admitted_on != DATE_NONE ? "admitted" : "not_admitted");
	else
		snprintf(rec->decision, sizeof(rec->decision), "%s", s->decision);
	rec->data = s->data;
}

/* Records a step that must be accepted. */
static void record(struct fixture *fx, int step, const char *on, const char *data, const char *decision)
{
	struct develop_step s;
	struct develop_facts f;
	struct jc_error err = { 0 };
	step_init(&s, step, on, data, decision);
	facts_for(&s, &f);
	enum jc_err e = develop_check_step(&fx->c, &fx->h, &s, &rules, &f, &err);
	if (e != JC_OK)
		fail_msg("step %d on %s refused (%d, field '%s', rule '%s'): %s", step, on, e, err.field, err.rule,
			 err.message);
	remember(fx, &s);
}

/* A new case for the person born 1998-05-05, as develop_open prepares it, then the valid
 * timeline up to and including every record of step `after` (0: not even the application). */
static void drive(struct fixture *fx, int after)
{
	memset(fx, 0, sizeof(*fx));
	fx->h.steps = fx->recs;
	struct develop_case *c = &fx->c;
	c->id = 1;
	c->org_id = 7;
	snprintf(c->name, sizeof(c->name), "王小明");
	snprintf(c->gender, sizeof(c->gender), "M");
	c->birth_date = ymd("1998-05-05");
	c->leaving_unit_on = DATE_NONE;
	c->stage = DEV_APPLICANT;
	c->applied_on = c->rules_on = ymd("2024-01-08");
	c->activist_on = c->target_on = c->admitted_on = c->probation_end = DATE_NONE;
	c->converted_on = c->archived_on = DATE_NONE;
	c->version = 1;
	for (size_t i = 0; i < TIMELINE && timeline[i].step <= after; i++)
		record(fx, timeline[i].step, timeline[i].on, timeline[i].data, timeline[i].decision);
}

static void release(struct fixture *fx)
{
	for (int i = 0; i < fx->h.count; i++)
		json_decref(fx->recs[i].data);
	fx->h.count = 0;
}

/* --- develop_check_step: the table ---------------------------------------------------------- */

struct step_case {
	const char *name;
	int after; /* the valid timeline up to this step */
	int step;
	const char *on, *data, *decision;
	/* departures from the valid case */
	const char *birth, *applied, *activist, *leaving;
	int extensions;
	/* departures from the valid facts (0 / NULL: as valid) */
	int notice_days, full_members;
	bool approver_refused;
	const char *second_category;  /* of the second member named */
	const char *second_until;     /* the second member under 留党察看 until */
	/* expected */
	enum jc_err code;
	const char *field, *rule;
	const char *admitted; /* step 15: the admission date afterwards ("" for none) */
};

#define VOTES(present, yes, written) \
	"{\"expected\":16,\"present\":" #present ",\"yes\":" #yes ",\"no\":0,\"abstain\":0,\"written_yes\":" #written
#define MEETING(present, yes, written) VOTES(present, yes, written) "}"
#define ADMISSION(present, yes, written)                                                                         \
	"{\"expected\":16,\"present\":" #present ",\"yes\":" #yes ",\"no\":0,\"abstain\":0,\"written_yes\":" #written \
	",\"notice_from\":\"2025-05-26\",\"notice_to\":\"2025-05-30\"}"
#define NOTICE7 "{\"notice_from\":\"2025-03-03\",\"notice_to\":\"2025-03-07\"}"
#define EXTEND(months) VOTES(9, 9, 0) ",\"extension_months\":" #months "}"

static const struct step_case step_cases[] = {
	/* §1.2 age 18 at application (党章第一条; 细则第五条) */
	{ "applies the day before the 18th birthday", 0, 1, "2018-05-04", .birth = "2000-05-05", .code = JC_ERULE,
	  .field = "applied_on", .rule = "member.min_age_at_application" },
	{ "applies on the 18th birthday", 0, 1, "2018-05-05", .birth = "2000-05-05", .code = JC_OK },

	/* §1.2 the talk within a month of the application (细则第七条) */
	{ "talk one month after the application", 1, 2, "2024-02-08", .code = JC_OK },
	{ "talk one month and a day after the application", 1, 2, "2024-02-09", .code = JC_ERULE, .field = "done_on",
	  .rule = "develop.talk_within_months" },
	{ "applied on 31 January: talk on 29 February (the month's last day)", 1, 2, "2024-02-29",
	  .applied = "2024-01-31", .code = JC_OK },
	{ "applied on 31 January: talk on 1 March", 1, 2, "2024-03-01", .applied = "2024-01-31", .code = JC_ERULE,
	  .field = "done_on", .rule = "develop.talk_within_months" },

	/* §1.3 the activist, decided by the branch committee or, without one, the general meeting */
	{ "activist decided by the general meeting", 2, 3, "2024-03-01", "{\"decided_by\":\"general_meeting\"}",
	  .code = JC_OK },
	{ "activist without who decided", 2, 3, "2024-03-01", "{}", .code = JC_EINVAL, .field = "decided_by" },
	{ "activist decided by the secretary alone", 2, 3, "2024-03-01", "{\"decided_by\":\"secretary\"}",
	  .code = JC_EINVAL, .field = "decided_by" },

	/* §1.3 one or two full members as mentors (细则第九条) */
	{ "no mentor", 4, 5, "2024-03-06", "{\"mentors\":[]}", .code = JC_ERULE, .field = "mentors",
	  .rule = "develop.mentors_min" },
	{ "one mentor", 4, 5, "2024-03-06", "{\"mentors\":[101]}", .code = JC_OK },
	{ "three mentors", 4, 5, "2024-03-06", "{\"mentors\":[101,102,103]}", .code = JC_ERULE, .field = "mentors",
	  .rule = "develop.mentors_max" },
	{ "a probationary mentor", 4, 5, "2024-03-06", "{\"mentors\":[101,102]}", .second_category = "probationary",
	  .code = JC_ERULE, .field = "mentors", .rule = "develop.mentors_min" },
	{ "the same mentor twice", 4, 5, "2024-03-06", "{\"mentors\":[101,101]}", .code = JC_EINVAL,
	  .field = "mentors" },

	/* §1.3 assessed every half year: the step repeats */
	{ "a third assessment", 6, 6, "2025-03-05", "{\"conclusion\":\"良好\"}", .code = JC_OK },
	{ "an assessment without its conclusion", 6, 6, "2025-03-05", "{}", .code = JC_EINVAL, .field = "conclusion" },

	/* §1.4 a year as activist before becoming a development target (细则第十三条) */
	{ "target 12 months less a day after activist", 6, 7, "2025-03-09", NOTICE7, .activist = "2024-03-10",
	  .code = JC_ERULE, .field = "done_on", .rule = "member.activist_min_months" },
	{ "target exactly 12 months after activist", 6, 7, "2025-03-10", NOTICE7, .activist = "2024-03-10",
	  .code = JC_OK },

	/* §1.5 the public notice before listing as target: 5 working days */
	{ "a notice of 4 working days before listing", 6, 7, "2025-03-10", NOTICE7, .notice_days = 4,
	  .code = JC_ERULE, .field = "notice_to", .rule = "develop.notice_target_working_days" },
	{ "a notice of 5 working days before listing", 6, 7, "2025-03-10", NOTICE7, .notice_days = 5, .code = JC_OK },
	{ "no notice before listing", 6, 7, "2025-03-10", "{}", .code = JC_EINVAL, .field = "notice_from" },
	{ "a notice ending after the listing", 6, 7, "2025-03-10",
	  "{\"notice_from\":\"2025-03-05\",\"notice_to\":\"2025-03-11\"}", .code = JC_EINVAL, .field = "notice_to" },

	/* §1.4 two full members as introducers, none under 留党察看 (党章第五条; 细则第十四条) */
	{ "one introducer", 8, 9, "2025-03-12", "{\"introducers\":[101]}", .code = JC_ERULE, .field = "introducers",
	  .rule = "develop.introducers" },
	{ "two introducers", 8, 9, "2025-03-12", "{\"introducers\":[101,102]}", .code = JC_OK },
	{ "three introducers", 8, 9, "2025-03-12", "{\"introducers\":[101,102,103]}", .code = JC_ERULE,
	  .field = "introducers", .rule = "develop.introducers" },
	{ "an introducer under 留党察看 until the day", 8, 9, "2025-03-12", "{\"introducers\":[101,102]}",
	  .second_until = "2025-03-12", .code = JC_ERULE, .field = "introducers", .rule = "develop.introducers" },
	{ "an introducer whose 留党察看 ended the day before", 8, 9, "2025-03-12", "{\"introducers\":[101,102]}",
	  .second_until = "2025-03-11", .code = JC_OK },
	{ "a probationary introducer", 8, 9, "2025-03-12", "{\"introducers\":[101,102]}",
	  .second_category = "probationary", .code = JC_ERULE, .field = "introducers", .rule = "develop.introducers" },

	/* §1.4 the political review: a written conclusion, passed or failed */
	{ "a review without a conclusion", 9, 10, "2025-04-01", "{}", "pass", .code = JC_EINVAL,
	  .field = "conclusion" },
	{ "a review without a decision", 9, 10, "2025-04-01", "{\"conclusion\":\"合格\"}", .code = JC_EINVAL,
	  .field = "decision" },
	{ "a failed review", 9, 10, "2025-04-01", "{\"conclusion\":\"不合格\"}", "fail", .code = JC_OK },

	/* §1.4 training of at least 3 days or 24 class hours (细则第十七条) */
	{ "training of 2 days and 23 hours", 10, 11, "2025-04-10", "{\"days\":2,\"hours\":23}", .code = JC_ERULE,
	  .field = "days", .rule = "develop.training_min_days" },
	{ "training of 3 days", 10, 11, "2025-04-10", "{\"days\":3}", .code = JC_OK },
	{ "training of 24 hours", 10, 11, "2025-04-10", "{\"hours\":24}", .code = JC_OK },
	{ "training of nothing", 10, 11, "2025-04-10", "{}", .code = JC_EINVAL, .field = "days" },

	/* §1.5 the pre-review: by a committee above with authority; not when leaving within 3 months */
	{ "pre-review: leaving the unit 3 months less a day later", 12, 13, "2025-05-12", "{\"approving_org_id\":9}",
	  "pass", .leaving = "2025-08-11", .code = JC_ERULE, .field = "leaving_unit_on",
	  .rule = "develop.leave_unit_months" },
	{ "pre-review: leaving the unit exactly 3 months later", 12, 13, "2025-05-12", "{\"approving_org_id\":9}",
	  "pass", .leaving = "2025-08-12", .code = JC_OK },
	{ "pre-review by an organisation without the authority", 12, 13, "2025-05-12", "{\"approving_org_id\":9}",
	  "pass", .approver_refused = true, .code = JC_ERULE, .field = "approving_org_id",
	  .rule = "develop.approver_authority" },
	{ "pre-review naming no committee", 12, 13, "2025-05-12", "{}", "pass", .code = JC_EINVAL,
	  .field = "approving_org_id" },

	/* §1.5 the branch general meeting: quorum and passing, of those expected (细则第二十、二十一条) */
	{ "8 of 16 present: no quorum", 14, 15, "2025-06-03", ADMISSION(8, 8, 0), .code = JC_ERULE, .field = "present",
	  .rule = "develop.meeting.quorum_percent" },
	{ "9 of 16 present, 8 yes: held, not admitted", 14, 15, "2025-06-03", ADMISSION(9, 8, 0), .code = JC_OK,
	  .admitted = "" },
	{ "9 of 16 present, 9 yes: admitted", 14, 15, "2025-06-03", ADMISSION(9, 9, 0), .code = JC_OK,
	  .admitted = "2025-06-03" },
	{ "7 yes and 2 written yes of 16: admitted", 14, 15, "2025-06-03", ADMISSION(9, 7, 2), .code = JC_OK,
	  .admitted = "2025-06-03" },
	{ "7 yes and 1 written yes of 16: not admitted", 14, 15, "2025-06-03", ADMISSION(9, 7, 1), .code = JC_OK,
	  .admitted = "" },
	{ "more written opinions than absent members", 14, 15, "2025-06-03", ADMISSION(9, 7, 8), .code = JC_EINVAL,
	  .field = "written_yes" },
	{ "more votes than members present", 14, 15, "2025-06-03",
	  "{\"expected\":16,\"present\":9,\"yes\":8,\"no\":1,\"abstain\":1,\"notice_from\":\"2025-05-26\","
	  "\"notice_to\":\"2025-05-30\"}",
	  .code = JC_EINVAL, .field = "yes" },
	{ "a branch of 2 full members cannot hold the meeting", 14, 15, "2025-06-03", ADMISSION(9, 9, 0),
	  .full_members = 2, .code = JC_ERULE, .field = "org_id", .rule = "develop.meeting.min_full_members" },
	{ "a branch of 3 full members can", 14, 15, "2025-06-03",
	  "{\"expected\":3,\"present\":2,\"yes\":2,\"no\":0,\"abstain\":0,\"notice_from\":\"2025-05-26\","
	  "\"notice_to\":\"2025-05-30\"}", .full_members = 3, .code = JC_OK, .admitted = "2025-06-03" },
	{ "16 expected in a branch of 15 full members", 14, 15, "2025-06-03", ADMISSION(9, 9, 0), .full_members = 15,
	  .code = JC_EINVAL, .field = "expected" },
	{ "a notice of 4 working days before admission", 14, 15, "2025-06-03", ADMISSION(9, 9, 0), .notice_days = 4,
	  .code = JC_ERULE, .field = "notice_to", .rule = "develop.notice_admission_working_days" },
	{ "the meeting a month after the pre-review", 14, 15, "2025-06-12", ADMISSION(9, 9, 0), .code = JC_OK,
	  .admitted = "2025-06-12" },
	{ "the meeting a month and a day after the pre-review", 14, 15, "2025-06-13", ADMISSION(9, 9, 0),
	  .code = JC_ERULE, .field = "done_on", .rule = "develop.meeting_after_prereview_months" },
	{ "the meeting: leaving the unit 3 months less a day later", 14, 15, "2025-06-03", ADMISSION(9, 9, 0),
	  .leaving = "2025-09-02", .code = JC_ERULE, .field = "leaving_unit_on", .rule = "develop.leave_unit_months" },

	/* §1.5 approval within 3 months, in special cases longer, never beyond 6 */
	{ "approval 3 months after the meeting", 16, 17, "2025-09-03", "{\"approving_org_id\":9}", "approve",
	  .code = JC_OK },
	{ "approval 3 months and a day after, no reason", 16, 17, "2025-09-04", "{\"approving_org_id\":9}", "approve",
	  .code = JC_ERULE, .field = "extension_reason", .rule = "develop.approval_months" },
	{ "approval 3 months and a day after, with the reason", 16, 17, "2025-09-04",
	  "{\"approving_org_id\":9,\"extension_reason\":\"材料补充\"}", "approve", .code = JC_OK },
	{ "approval 6 months after, with the reason", 16, 17, "2025-12-03",
	  "{\"approving_org_id\":9,\"extension_reason\":\"材料补充\"}", "approve", .code = JC_OK },
	{ "approval 6 months and a day after, even with a reason", 16, 17, "2025-12-04",
	  "{\"approving_org_id\":9,\"extension_reason\":\"材料补充\"}", "approve", .code = JC_ERULE, .field = "done_on",
	  .rule = "develop.approval_max_months" },
	{ "approval by an organisation without the authority", 16, 17, "2025-07-01", "{\"approving_org_id\":9}",
	  "approve", .approver_refused = true, .code = JC_ERULE, .field = "approving_org_id",
	  .rule = "develop.approver_authority" },
	{ "approval without a decision", 16, 17, "2025-07-01", "{\"approving_org_id\":9}", "pass", .code = JC_EINVAL,
	  .field = "decision" },

	/* §1.6 the conversion meeting not before probation ends; its outcomes */
	{ "conversion meeting the day before probation ends", 22, 23, "2026-06-02", MEETING(9, 9, 0), "convert",
	  .code = JC_ERULE, .field = "done_on", .rule = "member.probation_months" },
	{ "conversion meeting the day probation ends", 22, 23, "2026-06-03", MEETING(9, 9, 0), "convert",
	  .code = JC_OK },
	{ "conversion meeting without quorum", 22, 23, "2026-06-03", MEETING(8, 8, 0), "convert", .code = JC_ERULE,
	  .field = "present", .rule = "develop.meeting.quorum_percent" },
	{ "conversion resolution with 8 yes of 16", 22, 23, "2026-06-03", MEETING(9, 8, 0), "convert",
	  .code = JC_ERULE, .field = "yes", .rule = "develop.meeting.pass_percent" },
	{ "conversion meeting without an outcome", 22, 23, "2026-06-03", MEETING(9, 9, 0), "approve",
	  .code = JC_EINVAL, .field = "decision" },
	{ "extension of 5 months", 22, 23, "2026-06-05", EXTEND(5), "extend", .code = JC_ERULE,
	  .field = "extension_months", .rule = "develop.extension_min_months" },
	{ "extension of 6 months", 22, 23, "2026-06-05", EXTEND(6), "extend", .code = JC_OK },
	{ "extension of 12 months", 22, 23, "2026-06-05", EXTEND(12), "extend", .code = JC_OK },
	{ "extension of 13 months", 22, 23, "2026-06-05", EXTEND(13), "extend", .code = JC_ERULE,
	  .field = "extension_months", .rule = "member.probation_max_extension_months" },
	{ "extension without its length", 22, 23, "2026-06-05", MEETING(9, 9, 0), "extend", .code = JC_ERULE,
	  .field = "extension_months", .rule = "develop.extension_min_months" },
	{ "a second extension", 22, 23, "2026-06-05", EXTEND(6), "extend", .extensions = 1, .code = JC_ERULE,
	  .field = "decision", .rule = "develop.extension_max_count" },
	{ "cancellation", 22, 23, "2026-06-05", MEETING(9, 9, 0), "cancel", .code = JC_OK },

	/* §1.6 the conversion approved within 3 months of the meeting */
	{ "conversion approval 3 months after the meeting", 23, 24, "2026-09-05", "{\"approving_org_id\":9}",
	  "approve", .code = JC_OK },
	{ "conversion approval 3 months and a day after", 23, 24, "2026-09-06", "{\"approving_org_id\":9}",
	  "approve", .code = JC_ERULE, .field = "done_on", .rule = "develop.conversion_approval_months" },
	{ "conversion approval by an organisation without the authority", 23, 24, "2026-07-01",
	  "{\"approving_org_id\":9}", "approve", .approver_refused = true, .code = JC_ERULE,
	  .field = "approving_org_id", .rule = "develop.approver_authority" },

	/* the order of the flow chart (409) */
	{ "introducers right after the talk", 2, 9, "2024-02-01", "{\"introducers\":[101,102]}", .code = JC_ECONFLICT,
	  .field = "step" },
	{ "approval before the meeting", 14, 17, "2025-07-01", "{\"approving_org_id\":9}", "approve",
	  .code = JC_ECONFLICT, .field = "step" },
	{ "the conversion meeting without the application", 21, 23, "2026-06-05", MEETING(9, 9, 0), "convert",
	  .code = JC_ECONFLICT, .field = "step" },
	{ "the talk twice", 2, 2, "2024-01-25", .code = JC_ECONFLICT, .field = "step" },
	{ "anything after the archive", 25, 25, "2026-07-06", .code = JC_ECONFLICT, .field = "step" },

	/* dates and the step itself (400) */
	{ "a step dated tomorrow", 1, 2, "2027-07-01", .applied = "2027-06-20", .code = JC_EINVAL, .field = "done_on" },
	{ "a step dated today", 1, 2, TODAY, .applied = "2027-06-20", .code = JC_OK },
	{ "a step dated before the last one", 2, 3, "2024-01-19", "{\"decided_by\":\"branch_committee\"}",
	  .code = JC_EINVAL, .field = "done_on" },
	{ "step 26", 25, 26, "2026-07-06", .code = JC_EINVAL, .field = "step" },
	{ "step 0", 1, 0, "2024-01-20", .code = JC_EINVAL, .field = "step" },
};

static void show(const struct step_case *k, const char *what, const struct jc_error *err)
{
	fail_msg("\"%s\": %s (code %d, field '%s', rule '%s': %s)", k->name, what, err->code, err->field, err->rule,
		 err->message);
}

static void test_check_step_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(step_cases) / sizeof(step_cases[0]); i++) {
		const struct step_case *k = &step_cases[i];
		struct fixture fx;
		drive(&fx, k->after);
		if (k->birth)
			fx.c.birth_date = ymd(k->birth);
		if (k->applied)
			fx.c.applied_on = ymd(k->applied);
		if (k->activist)
			fx.c.activist_on = ymd(k->activist);
		if (k->leaving)
			fx.c.leaving_unit_on = ymd(k->leaving);
		fx.c.extensions += k->extensions;

		struct develop_step s;
		struct develop_facts f;
		step_init(&s, k->step, k->on, k->data, k->decision);
		facts_for(&s, &f);
		if (k->notice_days)
			f.notice_working_days = k->notice_days;
		if (k->full_members)
			f.branch_full_members = k->full_members;
		if (k->approver_refused)
			f.approver_can_approve = false;
		if (k->second_category)
			snprintf(f.people[1].category, sizeof(f.people[1].category), "%s", k->second_category);
		if (k->second_until)
			f.people[1].discipline_probation_until = ymd(k->second_until);

		struct develop_case before;
		memcpy(&before, &fx.c, sizeof(before));
		struct jc_error err = { 0 };
		enum jc_err e = develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err);
		if (e != k->code)
			show(k, "unexpected result", &err);
		if (err.code != e)
			show(k, "the error struct disagrees with the result", &err);
		if (k->code == JC_OK) {
			if (fx.c.last_step != k->step)
				show(k, "last_step does not follow the step", &err);
			if (k->admitted) {
				char got[11];
				if (fx.c.admitted_on != ymd(k->admitted))
					fail_msg("\"%s\": admitted_on %s, expected '%s'", k->name, fmt(fx.c.admitted_on, got),
						 k->admitted);
			}
		} else {
			if (strcmp(err.field, k->field ? k->field : ""))
				show(k, "wrong field", &err);
			if (strcmp(err.rule, k->rule ? k->rule : ""))
				show(k, "wrong rule", &err);
			if (!err.message[0])
				show(k, "no message", &err);
			if (k->rule) {
				const struct rule *r = rule_by_key(k->rule);
				char article[sizeof(err.article)];
				snprintf(article, sizeof(article), "%s %s", r->regulation, r->article);
				if (strcmp(err.article, article))
					fail_msg("\"%s\": cites '%s', expected '%s'", k->name, err.article, article);
			} else if (err.article[0]) {
				show(k, "an article cited for a refusal that is no rule's", &err);
			}
			if (memcmp(&before, &fx.c, sizeof(before)))
				show(k, "the refused step changed the case", &err);
		}
		json_decref(s.data);
		release(&fx);
	}
}

/* --- whole paths --------------------------------------------------------------------------- */

static void assert_date(int got, const char *want)
{
	char g[11];
	if (got != ymd(want))
		fail_msg("date %s, expected '%s'", fmt(got, g), want);
}

static void test_valid_timeline(void **state)
{
	(void)state;
	static const struct {
		int after;
		int stage;
	} stages[] = {
		{ 1, DEV_APPLICANT }, { 2, DEV_APPLICANT }, { 3, DEV_ACTIVIST }, { 6, DEV_ACTIVIST },
		{ 7, DEV_TARGET },    { 15, DEV_TARGET },   { 17, DEV_PROBATIONARY }, { 23, DEV_PROBATIONARY },
		{ 24, DEV_FULL },     { 25, DEV_FULL },
	};
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		struct fixture fx;
		drive(&fx, stages[i].after);
		if (fx.c.stage != stages[i].stage)
			fail_msg("after step %d: stage %d, expected %d", stages[i].after, fx.c.stage, stages[i].stage);
		assert_int_equal(fx.c.last_step, stages[i].after);
		release(&fx);
	}
	struct fixture fx;
	drive(&fx, 25);
	assert_int_equal(fx.h.count, 26);
	assert_date(fx.c.applied_on, "2024-01-08");
	assert_date(fx.c.activist_on, "2024-03-01");
	assert_date(fx.c.target_on, "2025-03-10");
	assert_date(fx.c.admitted_on, "2025-06-03");
	assert_date(fx.c.probation_end, "2026-06-03");
	assert_date(fx.c.converted_on, "2026-06-03"); /* Party age counts from the end of probation */
	assert_date(fx.c.archived_on, "2026-07-05");
	assert_int_equal(fx.c.extensions, 0);
	assert_string_equal(fx.c.outcome, "");
	int next[DEVELOP_STEPS];
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 0);
	release(&fx);
}

/* One extension of 6 months, approved: probation moves on, a second extension is refused, the
 * meeting waits for the new end, and conversion counts from it. */
static void test_extension_path(void **state)
{
	(void)state;
	struct fixture fx;
	struct jc_error err = { 0 };
	drive(&fx, 22);
	record(&fx, 23, "2026-06-05", EXTEND(6), "extend");
	assert_date(fx.c.probation_end, "2026-06-03"); /* not until approved */
	assert_int_equal(fx.c.extensions, 0);
	record(&fx, 24, "2026-07-01", "{\"approving_org_id\":9}", "approve");
	assert_int_equal(fx.c.stage, DEV_PROBATIONARY);
	assert_int_equal(fx.c.extensions, 1);
	assert_date(fx.c.probation_end, "2026-12-03");
	int next[DEVELOP_STEPS];
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 2);
	assert_int_equal(next[0], 21);
	assert_int_equal(next[1], 22);
	record(&fx, 22, "2026-11-20", NULL, NULL);

	struct develop_step s;
	struct develop_facts f;
	step_init(&s, 23, "2026-12-05", EXTEND(6), "extend");
	facts_for(&s, &f);
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ERULE);
	assert_string_equal(err.rule, "develop.extension_max_count");
	assert_string_equal(err.field, "decision");
	json_decref(s.data);

	jc_error_clear(&err);
	step_init(&s, 23, "2026-12-02", MEETING(9, 9, 0), "convert");
	facts_for(&s, &f);
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ERULE);
	assert_string_equal(err.rule, "member.probation_months");
	json_decref(s.data);

	record(&fx, 23, "2026-12-03", MEETING(9, 9, 0), "convert");
	record(&fx, 24, "2027-01-10", "{\"approving_org_id\":9}", "approve");
	assert_int_equal(fx.c.stage, DEV_FULL);
	assert_date(fx.c.converted_on, "2026-12-03");
	release(&fx);
}

/* Outcomes that end a case: the approval refused, probation cancelled. */
static void test_closing_outcomes(void **state)
{
	(void)state;
	struct fixture fx;
	int next[DEVELOP_STEPS];
	drive(&fx, 16);
	record(&fx, 17, "2025-07-01", "{\"approving_org_id\":9}", "reject");
	assert_int_equal(fx.c.stage, DEV_CLOSED);
	assert_string_equal(fx.c.outcome, "not_approved");
	assert_int_equal(fx.c.probation_end, DATE_NONE);
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 0);
	release(&fx);

	drive(&fx, 22);
	record(&fx, 23, "2026-06-05", MEETING(9, 9, 0), "cancel");
	assert_int_equal(fx.c.stage, DEV_PROBATIONARY);
	record(&fx, 24, "2026-07-01", "{\"approving_org_id\":9}", "approve");
	assert_int_equal(fx.c.stage, DEV_CLOSED);
	assert_string_equal(fx.c.outcome, "cancelled");
	assert_int_equal(fx.c.converted_on, DATE_NONE);
	release(&fx);

	/* a conversion the committee does not approve: the branch meets again */
	drive(&fx, 23);
	record(&fx, 24, "2026-07-01", "{\"approving_org_id\":9}", "reject");
	assert_int_equal(fx.c.stage, DEV_PROBATIONARY);
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 1);
	assert_int_equal(next[0], 23);
	release(&fx);
}

/* A closed case takes no step (409), whatever the step. */
static void test_closed_case(void **state)
{
	(void)state;
	struct fixture fx;
	drive(&fx, 3);
	fx.c.stage = DEV_CLOSED;
	snprintf(fx.c.outcome, sizeof(fx.c.outcome), "withdrawn");
	struct develop_step s;
	struct develop_facts f;
	struct jc_error err = { 0 };
	step_init(&s, 4, "2024-03-05", NULL, NULL);
	facts_for(&s, &f);
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ECONFLICT);
	assert_non_null(strstr(err.message, "closed"));
	assert_int_equal(fx.c.last_step, 3);
	release(&fx);
}

/* A failed political review or pre-review ends the process: no step may follow. */
static void test_failed_review_ends(void **state)
{
	(void)state;
	struct fixture fx;
	struct develop_step s;
	struct develop_facts f;
	int next[DEVELOP_STEPS];
	drive(&fx, 9);
	record(&fx, 10, "2025-04-01", "{\"conclusion\":\"不合格\"}", "fail");
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 0);
	struct jc_error err = { 0 };
	step_init(&s, 11, "2025-04-10", "{\"days\":3}", NULL);
	facts_for(&s, &f);
	/* no political review passed, no admission: the case closes itself */
	assert_int_equal(fx.c.stage, DEV_CLOSED);
	assert_string_equal(fx.c.outcome, "review_failed");
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ECONFLICT);
	assert_non_null(strstr(err.message, "closed"));
	json_decref(s.data);
	release(&fx);

	drive(&fx, 12);
	record(&fx, 13, "2025-05-12", "{\"approving_org_id\":9}", "fail");
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 0);
	assert_int_equal(fx.c.stage, DEV_CLOSED);
	assert_string_equal(fx.c.outcome, "pre_review_failed");
	release(&fx);
}

/* A meeting that did not admit may meet again; the political review must still be valid (12
 * months) then, while the month after the pre-review binds only the first meeting. */
static void test_second_meeting(void **state)
{
	(void)state;
	struct fixture fx;
	struct develop_step s;
	struct develop_facts f;
	int next[DEVELOP_STEPS];
	drive(&fx, 14);
	record(&fx, 15, "2025-06-03", ADMISSION(9, 8, 0), NULL);
	assert_int_equal(fx.c.admitted_on, DATE_NONE);
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 1);
	assert_int_equal(next[0], 15);

	struct jc_error err = { 0 };
	step_init(&s, 15, "2026-04-02", ADMISSION(9, 9, 0), NULL);
	facts_for(&s, &f);
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ERULE);
	assert_string_equal(err.rule, "develop.political_review_valid_months");
	assert_string_equal(err.field, "done_on");
	json_decref(s.data);

	record(&fx, 15, "2026-04-01", ADMISSION(9, 9, 0), NULL);
	assert_date(fx.c.admitted_on, "2026-04-01");
	assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 1);
	assert_int_equal(next[0], 16);
	release(&fx);
}

/* The notice's provisional count (a year without its holidays configured) is said in the
 * refusal. */
static void test_notice_provisional(void **state)
{
	(void)state;
	struct fixture fx;
	struct develop_step s;
	struct develop_facts f;
	struct jc_error err = { 0 };
	drive(&fx, 6);
	step_init(&s, 7, "2025-03-10", NOTICE7, NULL);
	facts_for(&s, &f);
	f.notice_working_days = 3;
	f.notice_provisional = true;
	assert_int_equal(develop_check_step(&fx.c, &fx.h, &s, &rules, &f, &err), JC_ERULE);
	assert_non_null(strstr(err.message, "3 working days"));
	assert_non_null(strstr(err.message, "provisional"));
	json_decref(s.data);
	release(&fx);
}

/* --- develop_next_steps --------------------------------------------------------------------- */

static void test_next_steps(void **state)
{
	(void)state;
	static const struct {
		int after;
		int next[3];
	} cases[] = {
		{ 1, { 2 } },      { 2, { 3 } },      { 5, { 6 } },      { 6, { 6, 7 } },   { 7, { 8 } },
		{ 9, { 10 } },     { 10, { 11 } },    { 13, { 14 } },    { 14, { 15 } },    { 15, { 16 } },
		{ 17, { 18 } },    { 19, { 20 } },    { 20, { 21, 22 } }, { 21, { 21, 22 } }, { 22, { 21, 23 } },
		{ 23, { 24 } },    { 24, { 25 } },    { 25, { 0 } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture fx;
		drive(&fx, cases[i].after);
		int next[DEVELOP_STEPS];
		int n = develop_next_steps(&fx.c, &fx.h, next), want = 0;
		while (want < 3 && cases[i].next[want])
			want++;
		if (n != want)
			fail_msg("after step %d: %d next steps, expected %d", cases[i].after, n, want);
		for (int k = 0; k < n; k++)
			if (next[k] != cases[i].next[k])
				fail_msg("after step %d: next[%d] = %d, expected %d", cases[i].after, k, next[k],
					 cases[i].next[k]);
		fx.c.stage = DEV_CLOSED;
		assert_int_equal(develop_next_steps(&fx.c, &fx.h, next), 0);
		release(&fx);
	}
}

/* --- develop_due_of ------------------------------------------------------------------------- */

static void test_due_of(void **state)
{
	(void)state;
	static const struct {
		int after;
		int step; /* 0: nothing due */
		const char *due_on, *hard_limit, *rule;
	} cases[] = {
		{ 1, 2, "2024-02-08", NULL, "develop.talk_within_months" },
		{ 2, 0 },
		{ 3, 6, "2024-09-01", NULL, "develop.assessment_interval_months" },
		{ 5, 6, "2024-09-01", NULL, "develop.assessment_interval_months" },
		{ 6, 6, "2025-09-01", NULL, "develop.assessment_interval_months" }, /* from the last assessment */
		{ 7, 0 },
		{ 12, 0 },
		{ 13, 15, "2025-06-12", NULL, "develop.meeting_after_prereview_months" },
		{ 14, 15, "2025-06-12", NULL, "develop.meeting_after_prereview_months" },
		{ 15, 17, "2025-09-03", "2025-12-03", "develop.approval_months" },
		{ 16, 17, "2025-09-03", "2025-12-03", "develop.approval_months" },
		{ 17, 23, "2026-06-03", NULL, "member.probation_months" },
		{ 20, 23, "2026-06-03", NULL, "member.probation_months" },
		{ 22, 23, "2026-06-03", NULL, "member.probation_months" },
		{ 23, 24, "2026-09-05", NULL, "develop.conversion_approval_months" },
		{ 24, 25, "2026-07-08", NULL, "develop.archive_within_days" },
		{ 25, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture fx;
		drive(&fx, cases[i].after);
		struct develop_due due[4];
		int n = develop_due_of(&fx.c, &fx.h, &rules, due);
		if (n != (cases[i].step ? 1 : 0))
			fail_msg("after step %d: %d deadlines, expected %d", cases[i].after, n, cases[i].step ? 1 : 0);
		if (n) {
			char got[11], hard[11];
			if (due[0].step != cases[i].step || due[0].due_on != ymd(cases[i].due_on) ||
			    due[0].hard_limit != ymd(cases[i].hard_limit) || strcmp(due[0].rule->key, cases[i].rule))
				fail_msg("after step %d: step %d due %s (hard limit %s, rule %s), expected step %d due %s "
					 "(hard limit %s, rule %s)",
					 cases[i].after, due[0].step, fmt(due[0].due_on, got), fmt(due[0].hard_limit, hard),
					 due[0].rule->key, cases[i].step, cases[i].due_on,
					 cases[i].hard_limit ? cases[i].hard_limit : "(none)", cases[i].rule);
			if (due[0].rule != rule_by_key(cases[i].rule))
				fail_msg("after step %d: the rule does not point into the rules given", cases[i].after);
		}
		/* a closed case owes nothing */
		fx.c.stage = DEV_CLOSED;
		assert_int_equal(develop_due_of(&fx.c, &fx.h, &rules, due), 0);
		release(&fx);
	}

	/* a meeting that did not admit: nothing to approve */
	struct fixture fx;
	struct develop_due due[4];
	drive(&fx, 14);
	record(&fx, 15, "2025-06-03", ADMISSION(9, 8, 0), NULL);
	assert_int_equal(develop_due_of(&fx.c, &fx.h, &rules, due), 0);
	release(&fx);

	/* an extension approved: the meeting is due at the new end of probation */
	drive(&fx, 22);
	record(&fx, 23, "2026-06-05", EXTEND(12), "extend");
	record(&fx, 24, "2026-07-01", "{\"approving_org_id\":9}", "approve");
	assert_int_equal(develop_due_of(&fx.c, &fx.h, &rules, due), 1);
	assert_int_equal(due[0].step, 23);
	assert_date(due[0].due_on, "2027-06-03");
	release(&fx);
}

/* --- develop_step_window: the window each recorded step had ---------------------------------- */

static void test_step_window(void **state)
{
	(void)state;
	static const struct {
		int index, step;
		const char *earliest, *latest, *rule; /* rule NULL: no window */
	} cases[] = {
		{ 0, 1, NULL, NULL, NULL },
		{ 1, 2, NULL, "2024-02-08", "develop.talk_within_months" },
		{ 2, 3, NULL, NULL, NULL }, /* no national minimum from application to activist */
		{ 3, 4, NULL, NULL, NULL },
		{ 7, 7, "2025-03-01", NULL, "member.activist_min_months" },
		{ 15, 15, NULL, "2025-06-12", "develop.meeting_after_prereview_months" },
		{ 17, 17, NULL, "2025-09-03", "develop.approval_months" },
		{ 23, 23, "2026-06-03", NULL, "member.probation_months" },
		{ 24, 24, NULL, "2026-09-05", "develop.conversion_approval_months" },
		{ 25, 25, NULL, "2026-07-08", "develop.archive_within_days" },
	};
	struct fixture fx;
	drive(&fx, 25);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct develop_window w;
		assert_int_equal(fx.h.steps[cases[i].index].step, cases[i].step);
		bool has = develop_step_window(&fx.c, &fx.h, cases[i].index, &rules, &w);
		if (has != (cases[i].rule != NULL))
			fail_msg("step %d: window %d, expected %d", cases[i].step, has, cases[i].rule != NULL);
		if (!has)
			continue;
		char e[11], l[11];
		if (w.earliest != ymd(cases[i].earliest) || w.latest != ymd(cases[i].latest) ||
		    w.rule != rule_by_key(cases[i].rule))
			fail_msg("step %d: window %s..%s (%s), expected %s..%s (%s)", cases[i].step, fmt(w.earliest, e),
				 fmt(w.latest, l), w.rule->key, cases[i].earliest ? cases[i].earliest : "(none)",
				 cases[i].latest ? cases[i].latest : "(none)", cases[i].rule);
	}
	release(&fx);

	/* after an approved extension of 6 months, the second conversion meeting's window opens at the
	 * new end of probation */
	drive(&fx, 22);
	record(&fx, 23, "2026-06-05", EXTEND(6), "extend");
	record(&fx, 24, "2026-07-01", "{\"approving_org_id\":9}", "approve");
	record(&fx, 22, "2026-11-20", NULL, NULL);
	record(&fx, 23, "2026-12-03", MEETING(9, 9, 0), "convert");
	struct develop_window w;
	assert_true(develop_step_window(&fx.c, &fx.h, fx.h.count - 1, &rules, &w));
	assert_date(w.earliest, "2026-12-03");
	release(&fx);
}

/* --- the hand-filled rules are those of national_rules.def ----------------------------------- */

static const struct {
	const char *key, *value, *regulation, *article;
} def_rules[] = {
#define RULE(key, value, unit, from, regulation, article, confidence, local, zh, en) \
	{ key, value, regulation, article },
#include "rules/national_rules.def"
#undef RULE
};

static void test_rules_are_the_national_ones(void **state)
{
	(void)state;
	const struct rule *all = (const struct rule *)&rules;
	size_t n = sizeof(rules) / sizeof(*all);
	assert_int_equal(n, 27);
	for (size_t i = 0; i < n; i++) {
		int found = -1;
		for (size_t k = 0; k < sizeof(def_rules) / sizeof(def_rules[0]); k++)
			if (!strcmp(def_rules[k].key, all[i].key))
				found = (int)k; /* the latest version */
		if (found < 0)
			fail_msg("rule '%s' is not in national_rules.def", all[i].key);
		if (strcmp(def_rules[found].value, all[i].value) || strcmp(def_rules[found].regulation, all[i].regulation) ||
		    strcmp(def_rules[found].article, all[i].article))
			fail_msg("rule '%s': the test has %s (%s %s), national_rules.def %s (%s %s)", all[i].key, all[i].value,
				 all[i].regulation, all[i].article, def_rules[found].value, def_rules[found].regulation,
				 def_rules[found].article);
	}
}

static int setup(void **state)
{
	(void)state;
	national_rules(&rules);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_are_the_national_ones),
		cmocka_unit_test(test_check_step_cases),
		cmocka_unit_test(test_valid_timeline),
		cmocka_unit_test(test_extension_path),
		cmocka_unit_test(test_closing_outcomes),
		cmocka_unit_test(test_closed_case),
		cmocka_unit_test(test_failed_review_ends),
		cmocka_unit_test(test_second_meeting),
		cmocka_unit_test(test_notice_provisional),
		cmocka_unit_test(test_next_steps),
		cmocka_unit_test(test_due_of),
		cmocka_unit_test(test_step_window),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
