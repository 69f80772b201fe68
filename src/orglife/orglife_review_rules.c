/*
 * orglife_review_rules.c - the pure checks of a branch's yearly review (domain-rules §3): the
 * order of the democratic appraisal's steps, the vote counts, the verdict's grades under the
 * local rules (three or four grades, probationary members rated or not, a cap on 优秀), the
 * counting of the talks' pairs, and the life meeting's list items. No I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "orglife/orglife_review.h"

static const struct code grades[] = {
	{ "excellent", "优秀", "excellent" },
	{ "qualified", "合格", "qualified" },
	{ "basic", "基本合格", "basically qualified" },
	{ "unqualified", "不合格", "unqualified" },
};
const struct code_table orglife_appraisal_grades = CODE_TABLE("appraisal_grade", grades);

static const struct code item_kinds[] = {
	{ "issue", "问题清单", "issue found" },
	{ "rectification", "整改清单", "rectification" },
};
const struct code_table orglife_life_item_kinds = CODE_TABLE("life_item_kind", item_kinds);

/* --- democratic appraisal ------------------------------------------------------------------- */

static long rule_long(const struct rule *r)
{
	return strtol(r->value, NULL, 10);
}

bool orglife_appraisal_rates(const char *category, const struct rule *rate_probationary)
{
	return strcmp(category, "probationary") || rule_long(rate_probationary) == 1;
}

bool orglife_grade_allowed(const char *grade, const struct rule *levels)
{
	if (code_find(&orglife_appraisal_grades, grade, strlen(grade), 0) < 0)
		return false;
	return strcmp(grade, "basic") || rule_long(levels) != 3;
}

long orglife_excellent_cap(long rated, const struct rule *excellent_max)
{
	long pct = rule_long(excellent_max);
	if (pct >= 100)
		return rated;
	if (pct <= 0)
		return 0;
	return rated * pct / 100;
}

static const char *const step_names[] = { "self-appraisal", "peer appraisal", "democratic vote" };

enum jc_err orglife_step_check(enum orglife_step step, const struct orglife_entry *e, bool closed, const char *field,
			       const struct orglife_appraisal_rules *r, struct jc_error *err)
{
	if (!e)
		return jc_fail(err, JC_EINVAL, field, NULL, "the member is not a participant of this appraisal");
	long long id = (long long)e->member_id;
	if (closed)
		return jc_fail(err, JC_ECONFLICT, field, NULL, "the appraisal is closed: its verdict is given");
	bool done = step == ORGLIFE_STEP_SELF ? e->self : step == ORGLIFE_STEP_PEER ? e->peer : e->votes;
	if (step == ORGLIFE_STEP_VOTES && !e->rated)
		return rules_refuse(&r->rate_probationary, err, field,
				    "member %lld is a probationary member, who takes part in the appraisal but is not rated", id);
	if (step == ORGLIFE_STEP_PEER && !e->self)
		return jc_fail(err, JC_ECONFLICT, field, NULL,
			       "the self-appraisal of member %lld comes first (self-appraisal, peer appraisal, then the vote)", id);
	if (step == ORGLIFE_STEP_VOTES && !e->peer)
		return jc_fail(err, JC_ECONFLICT, field, NULL,
			       "the peer appraisal of member %lld comes first (self-appraisal, peer appraisal, then the vote)", id);
	if (done)
		return jc_fail(err, JC_ECONFLICT, field, NULL, "the %s of member %lld is recorded already", step_names[step], id);
	return JC_OK;
}

enum jc_err orglife_vote_check(const struct orglife_vote *v, int i, long voters, const struct orglife_appraisal_rules *r,
			       struct jc_error *err)
{
	const char *names[] = { "excellent", "qualified", "basic", "unqualified" };
	const long counts[] = { v->excellent, v->qualified, v->basic, v->unqualified };
	char field[64];
	long total = 0;
	for (int k = 0; k < 4; k++) {
		snprintf(field, sizeof(field), "items[%d].%s", i, names[k]);
		if (counts[k] < 0)
			return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be a whole number of votes, not negative", field);
		total += counts[k];
	}
	if (v->basic > 0 && !orglife_grade_allowed("basic", &r->levels)) {
		snprintf(field, sizeof(field), "items[%d].basic", i);
		return rules_refuse(&r->levels, err, field, "this appraisal has %s grades: no 'basic' (基本合格)", r->levels.value);
	}
	if (total > voters) {
		snprintf(field, sizeof(field), "items[%d]", i);
		return jc_fail(err, JC_EINVAL, field, NULL, "%ld votes on member %lld, more than the %ld participants", total,
			       (long long)v->member_id, voters);
	}
	return JC_OK;
}

enum jc_err orglife_results_check(const struct orglife_grade *rows, int n, const struct orglife_entry *entries, int nentries,
				  const struct orglife_appraisal_rules *r, struct jc_error *err)
{
	char field[64];
	long excellent = 0, rated = 0;
	for (int i = 0; i < n; i++) {
		const struct orglife_grade *g = &rows[i];
		const struct orglife_entry *e = NULL;
		for (int k = 0; k < nentries && !e; k++)
			if (entries[k].member_id == g->member_id)
				e = &entries[k];
		snprintf(field, sizeof(field), "items[%d].member_id", i);
		if (!e)
			return jc_fail(err, JC_EINVAL, field, NULL, "member %lld is not a participant of this appraisal",
				       (long long)g->member_id);
		for (int k = 0; k < i; k++)
			if (rows[k].member_id == g->member_id)
				return jc_fail(err, JC_EINVAL, field, NULL, "member %lld is graded twice", (long long)g->member_id);
		snprintf(field, sizeof(field), "items[%d].grade", i);
		if (code_find(&orglife_appraisal_grades, g->grade, strlen(g->grade), 0) < 0)
			return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be excellent, qualified, basic or unqualified", field);
		if (!e->rated)
			return rules_refuse(&r->rate_probationary, err, field,
					    "member %lld is a probationary member, who takes part in the appraisal but is not rated",
					    (long long)g->member_id);
		if (!orglife_grade_allowed(g->grade, &r->levels))
			return rules_refuse(&r->levels, err, field, "this appraisal has %s grades: no '%s'", r->levels.value, g->grade);
		if (!strcmp(g->grade, "unqualified") && !g->reason[0]) {
			snprintf(field, sizeof(field), "items[%d].reason", i);
			return jc_fail(err, JC_EINVAL, field, NULL, "a member rated unqualified (不合格) needs the reason");
		}
		excellent += !strcmp(g->grade, "excellent");
	}
	for (int k = 0; k < nentries; k++) {
		if (!entries[k].rated)
			continue;
		rated++;
		bool graded = false;
		for (int i = 0; i < n && !graded; i++)
			graded = rows[i].member_id == entries[k].member_id;
		if (!graded)
			return jc_fail(err, JC_EINVAL, "items", NULL,
				       "member %lld has no grade: the verdict grades every rated participant at once",
				       (long long)entries[k].member_id);
	}
	long cap = orglife_excellent_cap(rated, &r->excellent_max);
	if (excellent > cap)
		return rules_refuse(&r->excellent_max, err, "items", "%ld rated excellent of %ld: at most %s%% (%ld)", excellent,
				    rated, r->excellent_max.value, cap);
	return JC_OK;
}

const char *orglife_follow_up(const char *grade)
{
	if (strcmp(grade, "unqualified"))
		return NULL;
	return "限期改正：不合格党员按党员教育管理工作条例稳妥慎重处置，先限期改正（地方多为一年，期间权利不受影响），"
	       "教育仍无转变的劝退或除名，均由支部大会决定；系统不自动处理 (domain-rules §7)";
}

/* --- talks ------------------------------------------------------------------------------------ */

int64_t orglife_pairs(int64_t n)
{
	return n < 2 ? 0 : n * (n - 1) / 2;
}

static int by_pair(const void *x, const void *y)
{
	const struct orglife_pair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static int by_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

void orglife_talks_cover(const int64_t *members, size_t n, struct orglife_pair *pairs, size_t npairs, long needed,
			 int64_t *pairs_met, long *met)
{
	*pairs_met = 0;
	for (size_t i = 0; i < n; i++)
		met[i] = needed < 1 ? (long)n - 1 : 0;
	if (needed < 1) {
		*pairs_met = orglife_pairs((int64_t)n);
		return;
	}
	if (!n || !npairs)
		return;
	for (size_t i = 0; i < npairs; i++)
		if (pairs[i].a > pairs[i].b) {
			int64_t t = pairs[i].a;
			pairs[i].a = pairs[i].b;
			pairs[i].b = t;
		}
	if (npairs)
		qsort(pairs, npairs, sizeof(*pairs), by_pair);
	for (size_t i = 0; i < npairs;) {
		size_t j = i;
		long talks = 0;
		for (; j < npairs && pairs[j].a == pairs[i].a && pairs[j].b == pairs[i].b; j++)
			talks += pairs[j].talks;
		const int64_t *x = bsearch(&pairs[i].a, members, n, sizeof(*members), by_id);
		const int64_t *y = bsearch(&pairs[i].b, members, n, sizeof(*members), by_id);
		if (x && y && pairs[i].a != pairs[i].b && talks >= needed) {
			(*pairs_met)++;
			met[x - members]++;
			met[y - members]++;
		}
		i = j;
	}
}

/* --- the life meeting's lists ------------------------------------------------------------------ */

enum jc_err orglife_item_check(const struct orglife_life_item *it, const struct orglife_item_facts *f,
			       const struct rule *lists, struct jc_error *err)
{
	if (!f->life_meeting)
		return rules_refuse(lists, err, NULL,
				    "the issue and rectification lists belong to an organisational-life meeting (组织生活会): this meeting is not counted as one");
	bool rect = !strcmp(it->kind, "rectification");
	if (!rect && strcmp(it->kind, "issue"))
		return jc_fail(err, JC_EINVAL, "kind", NULL, "'kind' must be issue or rectification");
	if (!it->text[0])
		return jc_fail(err, JC_EINVAL, "text", NULL, "'text' is required");
	if (rect && !it->owner_member_id && !it->owner_name[0])
		return jc_fail(err, JC_EINVAL, "owner", NULL, "a rectification needs its owner (a member id or a name)");
	if (it->owner_member_id && !f->owner_belongs)
		return jc_fail(err, JC_EINVAL, "owner", NULL, "member %lld is not a member of this branch", (long long)it->owner_member_id);
	if (rect && it->due == DATE_NONE)
		return jc_fail(err, JC_EINVAL, "due", NULL, "a rectification needs the day it is due");
	if (it->due != DATE_NONE && it->due < f->held_on)
		return jc_fail(err, JC_EINVAL, "due", NULL, "'due' must not come before the meeting");
	if (it->issue_id && !rect)
		return jc_fail(err, JC_EINVAL, "issue_id", NULL, "only a rectification answers an issue");
	if (it->issue_id && !f->issue_ok)
		return jc_fail(err, JC_EINVAL, "issue_id", NULL, "item %lld is not an issue of this meeting", (long long)it->issue_id);
	return JC_OK;
}

enum jc_err orglife_done_check(int done_on, int held_on, int today, bool done, const char *outcome, struct jc_error *err)
{
	if (done)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the item is done already: a done item stays done");
	if (done_on == DATE_NONE || done_on < held_on || done_on > today)
		return jc_fail(err, JC_EINVAL, "done_on", NULL, "'done_on' must be a date from the meeting's day to today");
	if (!outcome || !outcome[0])
		return jc_fail(err, JC_EINVAL, "outcome", NULL, "'outcome' is required: what was done");
	return JC_OK;
}
