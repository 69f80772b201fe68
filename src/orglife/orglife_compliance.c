/*
 * orglife_compliance.c - whether each branch and Party group of a subtree met the frequencies of
 * §3 in a period (a month "2026-03", a quarter "2026-Q1" or a year "2026"), judged from the kept
 * counts per organisation, month and kind - no meeting is read.
 *
 * A requirement is a kind at least n times (a rule) per month, quarter or year. In a period it
 * is judged on each of its units inside the period: a unit that has ended and fell short is a
 * finding; the unit still running is pending, not a finding; a requirement whose unit is longer
 * than the period (a yearly one in a month) is not judged. Each finding names its rule and
 * article, with the value in force for that organisation (local rules may differ by subtree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"

enum unit { MONTH = 1, QUARTER = 3, YEAR = 12 };

static const struct requirement {
	const char *key, *kind;
	int unit;                 /* months in a unit */
	const char *rule;
	bool groups;              /* for Party groups, else for branches */
	bool committee;           /* only where the branch has a committee */
} requirements[] = {
	{ "members_meeting", "members_meeting", QUARTER, "orglife.members_meeting_per_quarter", false, false },
	{ "committee_meeting", "committee_meeting", MONTH, "orglife.committee_meeting_per_month", false, true },
	{ "group_meeting", "group_meeting", MONTH, "orglife.group_meeting_per_month", true, false },
	{ "lecture", "lecture", QUARTER, "orglife.lecture_per_quarter", false, false },
	{ "theme_day", "theme_day", MONTH, "orglife.theme_day_per_month", false, false },
	{ "life_meeting", "life_meeting", YEAR, "orglife.life_meeting_per_year", false, false },
	{ "appraisal", "appraisal", YEAR, "orglife.appraisal_per_year", false, false },
};
#define NREQ (sizeof(requirements) / sizeof(requirements[0]))

enum jc_err orglife_period_parse(const char *s, struct orglife_period *p, struct jc_error *err)
{
	int y, n = 0;
	char tail;
	memset(p, 0, sizeof(*p));
	if (sscanf(s, "%4d-Q%1d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 4)
		*p = (struct orglife_period){ y, (n - 1) * 3 + 1, 3 };
	else if (sscanf(s, "%4d-%2d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 12 && strlen(s) == 7)
		*p = (struct orglife_period){ y, n, 1 };
	else if (sscanf(s, "%4d%c", &y, &tail) == 1 && strlen(s) == 4)
		*p = (struct orglife_period){ y, 1, 12 };
	else
		return jc_fail(err, JC_EINVAL, "period", NULL, "'period' must be a year (2026), a quarter (2026-Q1) or a month (2026-03)");
	if (p->year < 1950 || p->year > 2200)
		return jc_fail(err, JC_EINVAL, "period", NULL, "'period' must lie between 1950 and 2200");
	return JC_OK;
}

void orglife_judge(const int held[12], int first, int months, int unit, long needed, int today_month, struct orglife_judgement *out)
{
	memset(out, 0, sizeof(*out));
	if (unit > months)
		return; /* not judged: the period is shorter than the requirement's unit */
	out->judged = true;
	for (int start = first; start < first + months; start += unit) {
		int n = 0;
		for (int m = start; m < start + unit; m++)
			n += held[m - 1];
		out->held += n;
		bool ended = start + unit - 1 < today_month;
		bool running = !ended && start <= today_month;
		if (n >= needed)
			out->units_met++;
		else if (ended)
			out->units_short++;
		else if (running)
			out->pending++;
	}
}

/* The index of path in the sorted paths, or -1. SQLite orders TEXT with memcmp, as strcmp does. */
static int find_org(char (*paths)[256], int n, const char *path)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(paths[mid], path);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The month of today as a number on the period's scale: months since the period's January. */
static int month_index(int year)
{
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	return (y - year) * 12 + m;
}

enum jc_err orglife_compliance(struct db *db, int64_t org_id, const struct orglife_period *p, json_t **out,
			       struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	/* the organisations judged: branches and Party groups of the subtree */
	struct db_stmt *q = db_stmt(db,
		"SELECT o.id, o.code, o.name, o.type, (SELECT count(*) FROM org_committee c WHERE c.org_id = o.id), o.path FROM org o"
		" WHERE o.path >= ?1 AND o.path < ?2 AND o.status = 'active'"
		" AND o.type IN ('branch', 'joint_branch', 'temporary_branch', 'group') ORDER BY o.path LIMIT 5001");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	json_t *items = json_array();
	int r, n = 0;
	struct { int64_t id; char code[33], name[193], type[24]; bool committee; } *orgs = NULL;
	size_t cap = 0, pcap = 0;
	char (*paths)[256] = NULL; /* in path order, as the query gives them: searched by bisection */
	while ((r = db_step(q, err)) == 1) {
		if (++n > 5000) {
			db_reset(q);
			json_decref(items);
			free(orgs);
			free(paths);
			return jc_fail(err, JC_ETOOBIG, "org_id", NULL,
				       "more than 5000 branches and groups: ask for a smaller subtree (whole-tree summaries are not kept yet)");
		}
		orgs = xgrow(orgs, &cap, (size_t)n, sizeof(*orgs));
		orgs[n - 1].id = db_col_int(q, 0);
		snprintf(orgs[n - 1].code, sizeof(orgs[0].code), "%s", db_col_text(q, 1));
		snprintf(orgs[n - 1].name, sizeof(orgs[0].name), "%s", db_col_text(q, 2));
		snprintf(orgs[n - 1].type, sizeof(orgs[0].type), "%s", db_col_text(q, 3));
		orgs[n - 1].committee = db_col_int(q, 4) > 0;
		paths = xgrow(paths, &pcap, (size_t)n, sizeof(*paths));
		snprintf(paths[n - 1], sizeof(paths[0]), "%s", db_col_text(q, 5));
	}
	if (r < 0) {
		json_decref(items);
		free(orgs);
		free(paths);
		return err->code;
	}
	int today = month_index(p->year);
	int summary_applicable[NREQ] = { 0 }, summary_met[NREQ] = { 0 };
	char from[8], to[8];
	snprintf(from, sizeof(from), "%04d-01", p->year);
	snprintf(to, sizeof(to), "%04d-12", p->year);
	/* the year's kept counts of the whole subtree in one pass, by organisation, kind and month */
	int (*held_all)[NREQ][12] = xcalloc(n ? (size_t)n : 1, sizeof(*held_all));
	struct db_stmt *c = db_stmt(db, "SELECT o.path, m.month, m.kind, m.n FROM orglife_month m JOIN org o ON o.id = m.org_id"
					" WHERE o.path >= ?1 AND o.path < ?2 AND m.month >= ?3 AND m.month <= ?4");
	db_bind_text(c, 1, top.path);
	db_bind_text(c, 2, hi);
	db_bind_text(c, 3, from);
	db_bind_text(c, 4, to);
	while ((r = db_step(c, err)) == 1) {
		int idx = find_org(paths, n, db_col_text(c, 0));
		int month = atoi(db_col_text(c, 1) + 5);
		for (size_t k = 0; idx >= 0 && k < NREQ; k++)
			if (!strcmp(db_col_text(c, 2), requirements[k].kind) && month >= 1 && month <= 12)
				held_all[idx][k][month - 1] += (int)db_col_int(c, 3);
	}
	if (r < 0)
		e = err->code;
	/* a rule overridden nowhere has one value for every organisation: asked for once */
	struct rule national[NREQ];
	bool overridden[NREQ];
	for (size_t k = 0; !e && k < NREQ; k++) {
		struct db_stmt *o = db_stmt(db, "SELECT count(*) FROM rule_override WHERE key = ?1");
		db_bind_text(o, 1, requirements[k].rule);
		if ((r = db_step(o, err)) != 1) {
			e = err->code;
			break;
		}
		overridden[k] = db_col_int(o, 0) > 0;
		db_reset(o);
		e = rules_get(db, top.id, requirements[k].rule, date_from_ymd(p->year, p->first_month, 1), &national[k], err);
	}
	for (int i = 0; !e && i < n; i++) {
		int (*held)[12] = held_all[i];
		bool group = !strcmp(orgs[i].type, "group");
		json_t *findings = json_array();
		bool all_met = true;
		for (size_t k = 0; !e && k < NREQ; k++) {
			const struct requirement *rq = &requirements[k];
			if (rq->groups != group || (rq->committee && !orgs[i].committee))
				continue;
			struct rule rule = national[k];
			if (overridden[k] && (e = rules_get(db, orgs[i].id, rq->rule, date_from_ymd(p->year, p->first_month, 1), &rule, err)))
				break;
			struct orglife_judgement j;
			orglife_judge(held[k], p->first_month, p->months, rq->unit, strtol(rule.value, NULL, 10), today, &j);
			if (!j.judged)
				continue;
			summary_applicable[k]++;
			bool met = j.units_short == 0;
			summary_met[k] += met;
			all_met &= met;
			json_array_append_new(findings, json_pack("{s:s,s:b,s:i,s:i,s:i,s:i,s:s,s:{s:s,s:s,s:s,s:s,s:s}}",
				"requirement", rq->key, "met", met, "held", j.held, "units_met", j.units_met, "units_short",
				j.units_short, "pending", j.pending, "unit", rq->unit == MONTH ? "month" : rq->unit == QUARTER ? "quarter" : "year",
				"rule", "key", rule.key, "value", rule.value, "regulation", rule.regulation, "article", rule.article,
				"summary", rule.summary_zh));
		}
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:b,s:o}", "org_id", (json_int_t)orgs[i].id, "code",
						       orgs[i].code, "name", orgs[i].name, "type", orgs[i].type, "met", all_met,
						       "findings", findings));
	}
	free(orgs);
	free(paths);
	free(held_all);
	if (e) {
		json_decref(items);
		return e;
	}
	json_t *summary = json_array();
	for (size_t k = 0; k < NREQ; k++)
		if (summary_applicable[k])
			json_array_append_new(summary, json_pack("{s:s,s:i,s:i}", "requirement", requirements[k].key, "applicable",
								 summary_applicable[k], "met", summary_met[k]));
	*out = json_pack("{s:o,s:o}", "summary", summary, "items", items);
	return JC_OK;
}
