/*
 * orglife_kept.c - whole-tree summaries of organisational life from kept counts: for every
 * organisation, period and requirement, how many branches and Party groups of its subtree met
 * the requirement in every unit of the period (orglife_met, migration 0010).
 *
 * A meeting only adds to a branch's monthly counts, so "met throughout a period" only ever turns
 * from no to yes: when a record fills a branch's last missing unit of a month, quarter or year,
 * that period's count goes up by one at the branch and at each ancestor - a handful of writes
 * per record, and a summary of any subtree reads a few dozen rows whatever its size. How many
 * branches the requirement applies to comes from the subtree's statistics (organisations by
 * type; branches with a committee), also kept.
 *
 * A requirement is judged with the rule in force for the branch at the period's start, as the
 * per-branch compliance does. When a rule is changed afterwards, orglife_kept_rebuild recounts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"
#include "stats/stats.h"

/* Whether held (a year of counts) meets needed in every unit of the months [first, first+months). */
static bool throughout(const int held[12], int first, int months, int unit, long needed)
{
	struct orglife_judgement j;
	orglife_judge(held, first, months, unit, needed, 1000, &j);
	return j.judged && j.units_met * unit == months;
}

/* The key of a period: "2026", "2026-Q1" or "2026-03". */
static void period_key(int year, int first, int months, char out[8])
{
	if (months == 12)
		snprintf(out, 8, "%04d", year);
	else if (months == 3)
		snprintf(out, 8, "%04d-Q%d", year, (first - 1) / 3 + 1);
	else
		snprintf(out, 8, "%04d-%02d", year, first);
}

/* Adds n to (period, requirement) of every organisation on path ("/1/5/23/"). */
static enum jc_err add_on_path(struct db *db, const char *path, const char *period, const char *requirement, int64_t n,
			       struct jc_error *err)
{
	enum jc_err e = JC_OK;
	for (const char *p = path; !e && *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		int64_t id = strtoll(p, NULL, 10);
		p = strchr(p, '/');
		struct db_stmt *s = db_stmt(db, "INSERT INTO orglife_met (org_id, period, requirement, n) VALUES (?1, ?2, ?3, ?4)"
						" ON CONFLICT (org_id, period, requirement) DO UPDATE SET n = n + excluded.n");
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, period);
		db_bind_text(s, 3, requirement);
		db_bind_int(s, 4, n);
		e = db_run(s, err);
		if (!p)
			break;
	}
	return e;
}

/* The periods of a year holding month (1-12) that a requirement of unit months is judged on. */
static int periods_of(int month, int unit, int first[3], int months[3])
{
	int n = 0;
	if (unit == 1)
		first[n] = month, months[n++] = 1;
	if (unit <= 3)
		first[n] = (month - 1) / 3 * 3 + 1, months[n++] = 3;
	first[n] = 1, months[n++] = 12;
	return n;
}

enum jc_err orglife_kept_record(struct db *db, int64_t org_id, const char *path, const char *type, const char *kind,
				int held_on, struct jc_error *err)
{
	int k = orglife_requirement_index(kind);
	if (k < 0 || !orglife_judged_type(type))
		return JC_OK;
	const struct orglife_requirement *rq = &orglife_requirements[k];
	struct db_stmt *s = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM org_committee WHERE org_id = ?1),"
					" (SELECT status = 'active' FROM org WHERE id = ?1)");
	db_bind_int(s, 1, org_id);
	if (db_step(s, err) != 1)
		return err->code;
	bool committee = db_col_int(s, 0) > 0, active = db_col_int(s, 1) > 0;
	db_reset(s);
	if (!orglife_applies(rq, type, committee))
		return JC_OK;
	int year, month, day;
	date_to_ymd(held_on, &year, &month, &day);
	int after[12] = { 0 }, before[12];
	char from[8], to[8];
	snprintf(from, sizeof(from), "%04d-01", year);
	snprintf(to, sizeof(to), "%04d-12", year);
	s = db_stmt(db, "SELECT month, n FROM orglife_month WHERE org_id = ?1 AND month >= ?2 AND month <= ?3 AND kind = ?4");
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, to);
	db_bind_text(s, 4, kind);
	int r;
	while ((r = db_step(s, err)) == 1) {
		int mo = atoi(db_col_text(s, 0) + 5);
		if (mo >= 1 && mo <= 12)
			after[mo - 1] = (int)db_col_int(s, 1);
	}
	if (r < 0)
		return err->code;
	memcpy(before, after, sizeof(before));
	before[month - 1]--;
	/* counted at the branch itself always, at its ancestors while it is active */
	char own[32];
	snprintf(own, sizeof(own), "/%lld/", (long long)org_id);
	int first[3], months[3], n = periods_of(month, rq->unit, first, months);
	enum jc_err e = JC_OK;
	for (int i = 0; !e && i < n; i++) {
		struct rule rule;
		if ((e = rules_get(db, org_id, rq->rule, date_from_ymd(year, first[i], 1), &rule, err)))
			break;
		long needed = strtol(rule.value, NULL, 10);
		if (throughout(before, first[i], months[i], rq->unit, needed) ||
		    !throughout(after, first[i], months[i], rq->unit, needed))
			continue;
		char key[8];
		period_key(year, first[i], months[i], key);
		e = add_on_path(db, active ? path : own, key, rq->key, 1, err);
	}
	return e;
}

enum jc_err orglife_kept_shift(struct db *db, int64_t root_id, const char *path, int sign, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT period, requirement, n FROM orglife_met WHERE org_id = ?1");
	db_bind_int(s, 1, root_id);
	struct row { char period[8], requirement[24]; int64_t n; } *rows = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(s, err)) == 1) {
		rows = xgrow(rows, &cap, n + 1, sizeof(*rows));
		snprintf(rows[n].period, sizeof(rows[0].period), "%s", db_col_text(s, 0));
		snprintf(rows[n].requirement, sizeof(rows[0].requirement), "%s", db_col_text(s, 1));
		rows[n++].n = db_col_int(s, 2);
	}
	enum jc_err e = r < 0 ? err->code : JC_OK;
	for (size_t i = 0; !e && i < n; i++)
		e = add_on_path(db, path, rows[i].period, rows[i].requirement, sign * rows[i].n, err);
	free(rows);
	return e;
}

/* --- rebuilding from the monthly counts ----------------------------------------------------- */

/* The rules of one year, asked for once per requirement and period start where no subtree
 * overrides them; per organisation where one does. */
struct rule_cache {
	int year;
	bool overridden[ORGLIFE_NREQ];
	long needed[ORGLIFE_NREQ][12]; /* by the period's first month; -1 not asked yet */
};

static enum jc_err needed_for(struct db *db, struct rule_cache *c, int64_t org_id, int k, int year, int first, long *out,
			      struct jc_error *err)
{
	if (c->year != year) {
		c->year = year;
		memset(c->needed, 0xff, sizeof(c->needed));
	}
	if (!c->overridden[k] && c->needed[k][first - 1] >= 0) {
		*out = c->needed[k][first - 1];
		return JC_OK;
	}
	struct rule rule;
	enum jc_err e = rules_get(db, org_id, orglife_requirements[k].rule, date_from_ymd(year, first, 1), &rule, err);
	if (e)
		return e;
	*out = strtol(rule.value, NULL, 10);
	if (!c->overridden[k])
		c->needed[k][first - 1] = *out;
	return JC_OK;
}

struct own_org {
	int64_t id;
	int year;
	char type[24];
	bool committee;
	int held[ORGLIFE_NREQ][12];
};

/* Writes the periods of o's year in which o met each requirement throughout into kept_fresh. */
static enum jc_err own_rows(struct db *db, struct rule_cache *c, const struct own_org *o, struct jc_error *err)
{
	enum jc_err e = JC_OK;
	for (int k = 0; !e && k < ORGLIFE_NREQ; k++) {
		const struct orglife_requirement *rq = &orglife_requirements[k];
		if (!orglife_applies(rq, o->type, o->committee))
			continue;
		static const int lengths[] = { 1, 3, 12 };
		for (int l = 0; !e && l < 3; l++) {
			int months = lengths[l];
			for (int first = 1; !e && months >= rq->unit && first <= 12; first += months) {
				long needed;
				if ((e = needed_for(db, c, o->id, k, o->year, first, &needed, err)))
					break;
				if (!throughout(o->held[k], first, months, rq->unit, needed))
					continue;
				char key[8];
				period_key(o->year, first, months, key);
				struct db_stmt *s = db_stmt(db, "INSERT INTO temp.kept_fresh (org_id, period, requirement, n) VALUES (?1, ?2, ?3, 1)");
				db_bind_int(s, 1, o->id);
				db_bind_text(s, 2, key);
				db_bind_text(s, 3, rq->key);
				e = db_run(s, err);
			}
		}
	}
	return e;
}

static enum jc_err exec(struct db *db, const char *sql, struct jc_error *err)
{
	return db_run(db_stmt(db, sql), err);
}

enum jc_err orglife_kept_rebuild(struct db *db, long *changed, struct jc_error *err)
{
	enum jc_err e = exec(db, "CREATE TEMP TABLE IF NOT EXISTS kept_fresh (org_id INTEGER, period TEXT, requirement TEXT, n INTEGER,"
				 " PRIMARY KEY (org_id, period, requirement)) WITHOUT ROWID", err);
	if (!e)
		e = exec(db, "CREATE TEMP TABLE IF NOT EXISTS kept_level (org_id INTEGER, period TEXT, requirement TEXT, n INTEGER,"
			     " PRIMARY KEY (org_id, period, requirement)) WITHOUT ROWID", err);
	if (!e)
		e = exec(db, "DELETE FROM temp.kept_fresh", err);
	struct rule_cache cache = { .year = 0 };
	for (int k = 0; !e && k < ORGLIFE_NREQ; k++) {
		struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM rule_override WHERE key = ?1");
		db_bind_text(s, 1, orglife_requirements[k].rule);
		if (db_step(s, err) != 1)
			e = err->code;
		else
			cache.overridden[k] = db_col_int(s, 0) > 0;
		db_reset(s);
	}
	/* each organisation's own periods, from its monthly counts in key order (by organisation,
	 * then month: a year's rows are together) */
	struct own_org cur = { .id = 0 };
	struct db_stmt *q = db_stmt(db, "SELECT m.org_id, m.month, m.kind, m.n, o.type,"
					" EXISTS (SELECT 1 FROM org_committee c WHERE c.org_id = m.org_id)"
					" FROM orglife_month m JOIN org o ON o.id = m.org_id ORDER BY m.org_id, m.month");
	int r = 0;
	while (!e && (r = db_step(q, err)) == 1) {
		int64_t id = db_col_int(q, 0);
		int year = atoi(db_col_text(q, 1)), month = atoi(db_col_text(q, 1) + 5);
		if (id != cur.id || year != cur.year) {
			if (cur.id && (e = own_rows(db, &cache, &cur, err)))
				break;
			memset(&cur, 0, sizeof(cur));
			cur.id = id;
			cur.year = year;
			snprintf(cur.type, sizeof(cur.type), "%s", db_col_text(q, 4));
			cur.committee = db_col_int(q, 5) > 0;
		}
		int k = orglife_requirement_index(db_col_text(q, 2));
		if (k >= 0 && month >= 1 && month <= 12)
			cur.held[k][month - 1] += (int)db_col_int(q, 3);
	}
	if (e || r < 0) {
		db_reset(q);
		return e ? e : err->code;
	}
	if (cur.id && (e = own_rows(db, &cache, &cur, err)))
		return e;
	/* then up the tree a level at a time, deepest first: an active organisation's whole count
	 * goes to its parent */
	struct db_stmt *d = db_stmt(db, "SELECT coalesce(max(depth), 0) FROM org");
	if (db_step(d, err) != 1)
		return err->code;
	int64_t depth = db_col_int(d, 0);
	db_reset(d);
	for (; !e && depth >= 1; depth--) {
		struct db_stmt *s = db_stmt(db, "INSERT INTO temp.kept_level (org_id, period, requirement, n)"
						" SELECT o.parent_id, f.period, f.requirement, sum(f.n) FROM temp.kept_fresh f"
						" JOIN org o ON o.id = f.org_id WHERE o.depth = ?1 AND o.status = 'active'"
						" GROUP BY o.parent_id, f.period, f.requirement");
		db_bind_int(s, 1, depth);
		if (!(e = db_run(s, err)))
			e = exec(db, "INSERT INTO temp.kept_fresh (org_id, period, requirement, n) SELECT org_id, period, requirement, n"
				     " FROM temp.kept_level WHERE true ON CONFLICT (org_id, period, requirement) DO UPDATE SET n = n + excluded.n", err);
		if (!e)
			e = exec(db, "DELETE FROM temp.kept_level", err);
	}
	/* rows shifted down to 0 are the same as no row */
	struct db_stmt *c = db_stmt(db, "SELECT (SELECT count(*) FROM (SELECT * FROM orglife_met WHERE n <> 0 EXCEPT SELECT * FROM temp.kept_fresh))"
					" + (SELECT count(*) FROM (SELECT * FROM temp.kept_fresh EXCEPT SELECT * FROM orglife_met))");
	if (!e && db_step(c, err) != 1)
		e = err->code;
	if (!e) {
		*changed = (long)db_col_int(c, 0);
		db_reset(c);
	}
	if (!e)
		e = exec(db, "DELETE FROM orglife_met", err);
	if (!e)
		e = exec(db, "INSERT INTO orglife_met SELECT * FROM temp.kept_fresh", err);
	if (!e)
		e = exec(db, "DELETE FROM temp.kept_fresh", err);
	return e;
}

/* --- the summary ---------------------------------------------------------------------------- */

enum jc_err orglife_summary(struct db *db, int64_t org_id, const struct orglife_period *p, json_t **out,
			    struct jc_error *err)
{
	struct org top;
	struct stats_vec v;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (!e)
		e = stats_load(db, org_id, &v, err);
	if (e)
		return e;
	int64_t branches = stats_org_count(&v, "branch") + stats_org_count(&v, "joint_branch") +
			   stats_org_count(&v, "temporary_branch"),
		groups = stats_org_count(&v, "group");
	/* the kept counts of the year: "2026" <= period < "2027" holds the year, its quarters and months */
	int64_t kept[ORGLIFE_NREQ][17] = { { 0 } }; /* [0] year, [1..4] quarters, [5..16] months */
	char lo[8], hi[8];
	snprintf(lo, sizeof(lo), "%04d", p->year);
	snprintf(hi, sizeof(hi), "%04d", p->year + 1);
	struct db_stmt *s = db_stmt(db, "SELECT period, requirement, n FROM orglife_met WHERE org_id = ?1 AND period >= ?2 AND period < ?3");
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, lo);
	db_bind_text(s, 3, hi);
	int r;
	while ((r = db_step(s, err)) == 1) {
		const char *key = db_col_text(s, 0);
		int k = orglife_requirement_index(db_col_text(s, 1)), slot = -1;
		if (strlen(key) == 4)
			slot = 0;
		else if (key[5] == 'Q')
			slot = key[6] - '0';
		else
			slot = 4 + atoi(key + 5);
		if (k >= 0 && slot >= 0 && slot < 17)
			kept[k][slot] = db_col_int(s, 2);
	}
	if (r < 0)
		return err->code;
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	int today = (y - p->year) * 12 + m; /* today's month on the period's scale */
	json_t *reqs = json_array();
	for (int k = 0; !e && k < ORGLIFE_NREQ; k++) {
		const struct orglife_requirement *rq = &orglife_requirements[k];
		if (rq->unit > p->months)
			continue; /* not judged in a period shorter than its unit */
		struct rule rule;
		if ((e = rules_get(db, org_id, rq->rule, date_from_ymd(p->year, p->first_month, 1), &rule, err)))
			break;
		int64_t applicable = rq->groups ? groups : rq->committee ? v.n[S_COMMITTEE] : branches;
		bool free_pass = strtol(rule.value, NULL, 10) <= 0; /* nothing needed: every branch meets it */
		json_t *units = json_array();
		for (int first = p->first_month; first < p->first_month + p->months; first += rq->unit) {
			char key[8];
			period_key(p->year, first, rq->unit, key);
			int slot = rq->unit == 12 ? 0 : rq->unit == 3 ? (first - 1) / 3 + 1 : 4 + first;
			const char *state = first + rq->unit - 1 < today ? "ended" : first <= today ? "running" : "future";
			json_array_append_new(units, json_pack("{s:s,s:s,s:I}", "unit", key, "state", state, "met",
							       (json_int_t)(free_pass ? applicable : kept[k][slot])));
		}
		int whole = p->months == 12 ? 0 : p->months == 3 ? (p->first_month - 1) / 3 + 1 : 4 + p->first_month;
		json_array_append_new(reqs, json_pack("{s:s,s:s,s:I,s:I,s:o,s:{s:s,s:s,s:s,s:s,s:s}}", "requirement", rq->key,
			"unit", orglife_unit_name(rq->unit), "applicable", (json_int_t)applicable, "met_throughout",
			(json_int_t)(free_pass ? applicable : kept[k][whole]), "units", units, "rule", "key", rule.key, "value",
			rule.value, "regulation", rule.regulation, "article", rule.article, "summary", rule.summary_zh));
	}
	if (e) {
		json_decref(reqs);
		return e;
	}
	*out = json_pack("{s:I,s:b,s:o}", "org_id", (json_int_t)org_id, "final", p->first_month + p->months - 1 < today,
			 "requirements", reqs);
	return JC_OK;
}
