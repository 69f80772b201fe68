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

/* The month of today as a number on the period's scale: months since the period's January. */
static int month_index(int year)
{
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	return (y - year) * 12 + m;
}

const char *orglife_unit_name(int unit)
{
	return unit == MONTH ? "month" : unit == QUARTER ? "quarter" : "year";
}

/* The rules of the requirements, as in force for org at the period's start: a rule overridden
 * nowhere has one value for every organisation and is asked for once. */
struct period_rules {
	struct rule national[ORGLIFE_NREQ];
	bool overridden[ORGLIFE_NREQ];
	int on;
};

static enum jc_err rules_load(struct db *db, int64_t top, const struct orglife_period *p, struct period_rules *pr,
			      struct jc_error *err)
{
	pr->on = date_from_ymd(p->year, p->first_month, 1);
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		struct db_stmt *o = db_stmt(db, "SELECT count(*) FROM rule_override WHERE key = ?1");
		db_bind_text(o, 1, orglife_requirements[k].rule);
		if (db_step(o, err) != 1)
			return err->code;
		pr->overridden[k] = db_col_int(o, 0) > 0;
		db_reset(o);
		enum jc_err e = rules_get(db, top, orglife_requirements[k].rule, pr->on, &pr->national[k], err);
		if (e)
			return e;
	}
	return JC_OK;
}

/* Judges one organisation from its year of counts into r. */
static enum jc_err judge_org(struct db *db, const struct period_rules *pr, const struct orglife_period *p, int today,
			     const int held[ORGLIFE_NREQ][12], bool committee, struct orglife_org_result *r,
			     struct jc_error *err)
{
	r->met = true;
	r->nfindings = 0;
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		const struct orglife_requirement *rq = &orglife_requirements[k];
		if (!orglife_applies(rq, r->type, committee))
			continue;
		struct orglife_finding *f = &r->findings[r->nfindings];
		f->rule = pr->national[k];
		if (pr->overridden[k]) {
			enum jc_err e = rules_get(db, r->id, rq->rule, pr->on, &f->rule, err);
			if (e)
				return e;
		}
		orglife_judge(held[k], p->first_month, p->months, rq->unit, strtol(f->rule.value, NULL, 10), today, &f->j);
		if (!f->j.judged)
			continue;
		f->rq = rq;
		f->met = f->j.units_short == 0;
		r->met &= f->met;
		r->nfindings++;
	}
	return JC_OK;
}

enum jc_err orglife_compliance_each(struct db *db, int64_t org_id, const struct orglife_period *p, long limit,
				    orglife_each_fn fn, void *ctx, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	struct period_rules pr;
	if ((e = rules_load(db, top.id, p, &pr, err)))
		return e;
	char hi[256], from[8], to[8];
	org_subtree_end(top.path, hi);
	snprintf(from, sizeof(from), "%04d-01", p->year);
	snprintf(to, sizeof(to), "%04d-12", p->year);
	int today = month_index(p->year);
	if (limit > 0) {
		/* counted first, so that a subtree too large is refused before any work */
		struct db_stmt *c = db_stmt(db, "SELECT count(*) FROM (SELECT 1 FROM org WHERE path >= ?1 AND path < ?2"
						" AND status = 'active' AND type IN ('branch', 'joint_branch', 'temporary_branch', 'group') LIMIT ?3)");
		db_bind_text(c, 1, top.path);
		db_bind_text(c, 2, hi);
		db_bind_int(c, 3, limit + 1);
		if (db_step(c, err) != 1)
			return err->code;
		long n = (long)db_col_int(c, 0);
		db_reset(c);
		if (n > limit)
			return jc_fail(err, JC_ETOOBIG, "org_id", NULL,
				       "more than %ld branches and groups: ask for a smaller subtree, or for the whole-tree summary (compliance/summary)", limit);
	}
	/* Every organisation judged, in path order, each with its year of kept counts (a row per
	 * month and kind, or one row of NULLs): one pass over the path index, no sort. */
	struct db_stmt *q = db_stmt(db,
		"SELECT o.id, o.code, o.name, o.type, EXISTS (SELECT 1 FROM org_committee c WHERE c.org_id = o.id), m.month, m.kind, m.n"
		" FROM org o LEFT JOIN orglife_month m ON m.org_id = o.id AND m.month >= ?3 AND m.month <= ?4"
		" WHERE o.path >= ?1 AND o.path < ?2 AND o.status = 'active'"
		" AND o.type IN ('branch', 'joint_branch', 'temporary_branch', 'group') ORDER BY o.path");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_text(q, 3, from);
	db_bind_text(q, 4, to);
	struct orglife_org_result res;
	char code[33], name[193], type[24];
	res.code = code, res.name = name, res.type = type;
	int held[ORGLIFE_NREQ][12], r;
	bool committee = false, pending = false;
	res.id = 0;
	while (!e && (r = db_step(q, err)) == 1) {
		int64_t id = db_col_int(q, 0);
		if (id != res.id) {
			if (pending && (e = judge_org(db, &pr, p, today, held, committee, &res, err)) == JC_OK)
				e = fn(&res, ctx, err);
			res.id = id;
			snprintf(code, sizeof(code), "%s", db_col_text(q, 1));
			snprintf(name, sizeof(name), "%s", db_col_text(q, 2));
			snprintf(type, sizeof(type), "%s", db_col_text(q, 3));
			committee = db_col_int(q, 4) > 0;
			memset(held, 0, sizeof(held));
			pending = true;
		}
		const char *month = db_col_text(q, 5), *kind = db_col_text(q, 6);
		int k = kind ? orglife_requirement_index(kind) : -1, mo = month ? atoi(month + 5) : 0;
		if (k >= 0 && mo >= 1 && mo <= 12)
			held[k][mo - 1] += (int)db_col_int(q, 7);
	}
	if (!e && r < 0)
		e = err->code;
	if (e)
		db_reset(q);
	else if (pending && (e = judge_org(db, &pr, p, today, held, committee, &res, err)) == JC_OK)
		e = fn(&res, ctx, err);
	return e;
}

/* --- the JSON answer ------------------------------------------------------------------------ */

struct json_ctx {
	json_t *items;
	int applicable[ORGLIFE_NREQ], met[ORGLIFE_NREQ];
};

json_t *orglife_finding_json(const struct orglife_finding *f)
{
	return json_pack("{s:s,s:b,s:i,s:i,s:i,s:i,s:s,s:{s:s,s:s,s:s,s:s,s:s}}", "requirement", f->rq->key, "met", f->met,
			 "held", f->j.held, "units_met", f->j.units_met, "units_short", f->j.units_short, "pending", f->j.pending,
			 "unit", orglife_unit_name(f->rq->unit), "rule", "key", f->rule.key, "value", f->rule.value, "regulation",
			 f->rule.regulation, "article", f->rule.article, "summary", f->rule.summary_zh);
}

static enum jc_err add_json(const struct orglife_org_result *r, void *arg, struct jc_error *err)
{
	(void)err;
	struct json_ctx *c = arg;
	json_t *findings = json_array();
	for (int i = 0; i < r->nfindings; i++) {
		int k = (int)(r->findings[i].rq - orglife_requirements);
		c->applicable[k]++;
		c->met[k] += r->findings[i].met;
		json_array_append_new(findings, orglife_finding_json(&r->findings[i]));
	}
	json_array_append_new(c->items, json_pack("{s:I,s:s,s:s,s:s,s:b,s:o}", "org_id", (json_int_t)r->id, "code", r->code,
						  "name", r->name, "type", r->type, "met", r->met, "findings", findings));
	return JC_OK;
}

enum jc_err orglife_compliance(struct db *db, int64_t org_id, const struct orglife_period *p, json_t **out,
			       struct jc_error *err)
{
	struct json_ctx c = { json_array(), { 0 }, { 0 } };
	enum jc_err e = orglife_compliance_each(db, org_id, p, ORGLIFE_LIST_MAX, add_json, &c, err);
	if (e) {
		json_decref(c.items);
		return e;
	}
	json_t *summary = json_array();
	for (int k = 0; k < ORGLIFE_NREQ; k++)
		if (c.applicable[k])
			json_array_append_new(summary, json_pack("{s:s,s:i,s:i}", "requirement", orglife_requirements[k].key,
								 "applicable", c.applicable[k], "met", c.met[k]));
	*out = json_pack("{s:o,s:o}", "summary", summary, "items", c.items);
	return JC_OK;
}
