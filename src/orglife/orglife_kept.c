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

/* The periods of a year as slots: [0] the year, [1..4] its quarters, [5..16] its months. */
#define SLOTS 17
static void slot_key(int year, int slot, char out[8])
{
	if (slot == 0)
		period_key(year, 1, 12, out);
	else if (slot <= 4)
		period_key(year, (slot - 1) * 3 + 1, 3, out);
	else
		period_key(year, slot - 4, 1, out);
}

static int slot_of(const char *key)
{
	size_t n = strlen(key);
	if (n == 4)
		return 0;
	if (n == 7 && key[5] == 'Q')
		return key[6] - '0';
	return n == 7 ? 4 + atoi(key + 5) : -1;
}

/* One year of kept counts of an organisation's subtree. */
struct year_counts {
	int year;
	int64_t n[ORGLIFE_NREQ][SLOTS];
};

/* An organisation on the way down the tree, gathering its subtree's counts. */
struct level {
	int64_t id;
	bool active;
	struct year_counts *years;
	size_t nyears, cap;
};

static struct year_counts *year_of(struct level *l, int year)
{
	for (size_t i = 0; i < l->nyears; i++)
		if (l->years[i].year == year)
			return &l->years[i];
	l->years = xgrow(l->years, &l->cap, l->nyears + 1, sizeof(*l->years));
	struct year_counts *y = &l->years[l->nyears++];
	memset(y, 0, sizeof(*y));
	y->year = year;
	return y;
}

/* The rules by year, asked for once per requirement and period start where no subtree overrides
 * them; per organisation where one does. */
struct rule_cache {
	bool overridden[ORGLIFE_NREQ];
	struct { int year; long needed[ORGLIFE_NREQ][12]; } years[8]; /* by the period's first month; -1 not asked */
	int next;
};

static enum jc_err needed_for(struct db *db, struct rule_cache *c, int64_t org_id, int k, int year, int first, long *out,
			      struct jc_error *err)
{
	int at = -1;
	for (int i = 0; i < 8; i++)
		if (c->years[i].year == year)
			at = i;
	if (at < 0) {
		at = c->next++ % 8;
		c->years[at].year = year;
		memset(c->years[at].needed, 0xff, sizeof(c->years[at].needed));
	}
	long *slot = &c->years[at].needed[k][first - 1];
	if (!c->overridden[k] && *slot >= 0) {
		*out = *slot;
		return JC_OK;
	}
	struct rule rule;
	enum jc_err e = rules_get(db, org_id, orglife_requirements[k].rule, date_from_ymd(year, first, 1), &rule, err);
	if (e)
		return e;
	*out = strtol(rule.value, NULL, 10);
	if (!c->overridden[k])
		*slot = *out;
	return JC_OK;
}

/* Adds to y the periods of its year in which a judged organisation met each requirement. */
static enum jc_err judge_own(struct db *db, struct rule_cache *c, int64_t id, const char *type, bool committee,
			     const int held[ORGLIFE_NREQ][12], struct year_counts *y, struct jc_error *err)
{
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		const struct orglife_requirement *rq = &orglife_requirements[k];
		if (!orglife_applies(rq, type, committee))
			continue;
		for (int slot = 0; slot < SLOTS; slot++) {
			int first = slot == 0 ? 1 : slot <= 4 ? (slot - 1) * 3 + 1 : slot - 4;
			int months = slot == 0 ? 12 : slot <= 4 ? 3 : 1;
			long needed;
			if (months < rq->unit)
				continue;
			enum jc_err e = needed_for(db, c, id, k, y->year, first, &needed, err);
			if (e)
				return e;
			y->n[k][slot] += throughout(held[k], first, months, rq->unit, needed);
		}
	}
	return JC_OK;
}

/* Compares the level's counts with what is kept for it, rewrites them when they differ (adding
 * the differing rows to *changed), and hands them to the parent level while it is active. */
static enum jc_err flush_level(struct db *db, struct level *l, struct level *parent, long *changed, struct jc_error *err)
{
	/* what is kept now, as counts (rows shifted down to 0 are the same as no row) */
	struct level kept = { .id = l->id };
	struct db_stmt *s = db_stmt(db, "SELECT period, requirement, n FROM orglife_met WHERE org_id = ?1 AND n <> 0");
	db_bind_int(s, 1, l->id);
	int r;
	while ((r = db_step(s, err)) == 1) {
		int k = orglife_requirement_index(db_col_text(s, 1)), slot = slot_of(db_col_text(s, 0));
		if (k >= 0 && slot >= 0)
			year_of(&kept, atoi(db_col_text(s, 0)))->n[k][slot] = db_col_int(s, 2);
	}
	enum jc_err e = r < 0 ? err->code : JC_OK;
	long differ = 0;
	for (size_t i = 0; i < l->nyears; i++) {
		struct year_counts *y = &l->years[i], *old = year_of(&kept, y->year);
		for (int k = 0; k < ORGLIFE_NREQ; k++)
			for (int slot = 0; slot < SLOTS; slot++) {
				differ += y->n[k][slot] != old->n[k][slot];
				old->n[k][slot] = 0; /* seen */
			}
	}
	for (size_t i = 0; i < kept.nyears; i++) /* kept for periods no longer counted at all */
		for (int k = 0; k < ORGLIFE_NREQ; k++)
			for (int slot = 0; slot < SLOTS; slot++)
				differ += kept.years[i].n[k][slot] != 0;
	free(kept.years);
	if (!e && differ) {
		*changed += differ;
		s = db_stmt(db, "DELETE FROM orglife_met WHERE org_id = ?1");
		db_bind_int(s, 1, l->id);
		e = db_run(s, err);
		for (size_t i = 0; !e && i < l->nyears; i++)
			for (int k = 0; !e && k < ORGLIFE_NREQ; k++)
				for (int slot = 0; !e && slot < SLOTS; slot++) {
					if (!l->years[i].n[k][slot])
						continue;
					char key[8];
					slot_key(l->years[i].year, slot, key);
					s = db_stmt(db, "INSERT INTO orglife_met (org_id, period, requirement, n) VALUES (?1, ?2, ?3, ?4)");
					db_bind_int(s, 1, l->id);
					db_bind_text(s, 2, key);
					db_bind_text(s, 3, orglife_requirements[k].key);
					db_bind_int(s, 4, l->years[i].n[k][slot]);
					e = db_run(s, err);
				}
	}
	if (parent && l->active)
		for (size_t i = 0; i < l->nyears; i++) {
			struct year_counts *to = year_of(parent, l->years[i].year);
			for (int k = 0; k < ORGLIFE_NREQ; k++)
				for (int slot = 0; slot < SLOTS; slot++)
					to->n[k][slot] += l->years[i].n[k][slot];
		}
	l->nyears = 0;
	return e;
}

#define MAX_DEPTH 32

enum jc_err orglife_kept_rebuild(struct db *db, long *changed, struct jc_error *err)
{
	struct rule_cache cache = { .next = 0 };
	enum jc_err e = JC_OK;
	for (int k = 0; !e && k < ORGLIFE_NREQ; k++) {
		struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM rule_override WHERE key = ?1");
		db_bind_text(s, 1, orglife_requirements[k].rule);
		if (db_step(s, err) != 1)
			e = err->code;
		else
			cache.overridden[k] = db_col_int(s, 0) > 0;
		db_reset(s);
	}
	*changed = 0;
	/* Every organisation in path order (a parent before its subtree), each with all its monthly
	 * counts in key order (by month: a year's rows together). A stack holds the organisations
	 * from the root down to the current one; an organisation's subtree is complete when the walk
	 * leaves it: then its counts are compared, written, and added to its parent's. */
	struct level stack[MAX_DEPTH];
	memset(stack, 0, sizeof(stack));
	int top = -1;
	struct db_stmt *q = db_stmt(db, "SELECT o.id, o.depth, o.type, o.status = 'active',"
					" EXISTS (SELECT 1 FROM org_committee c WHERE c.org_id = o.id), m.month, m.kind, m.n"
					" FROM org o LEFT JOIN orglife_month m ON m.org_id = o.id ORDER BY o.path");
	int held[ORGLIFE_NREQ][12], held_year = 0, r = 0;
	char type[24] = "";
	bool committee = false;
	while (!e && (r = db_step(q, err)) == 1) {
		int64_t id = db_col_int(q, 0);
		int depth = (int)db_col_int(q, 1);
		if (top < 0 || stack[top].id != id) {
			if (top >= 0 && held_year)
				e = judge_own(db, &cache, stack[top].id, type, committee, held, year_of(&stack[top], held_year), err);
			if (depth >= MAX_DEPTH) {
				e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "the tree is deeper than %d levels", MAX_DEPTH);
				break;
			}
			for (; !e && top >= depth; top--)
				e = flush_level(db, &stack[top], top > 0 ? &stack[top - 1] : NULL, changed, err);
			top = depth;
			stack[top].id = id;
			stack[top].active = db_col_int(q, 3) > 0;
			stack[top].nyears = 0;
			snprintf(type, sizeof(type), "%s", db_col_text(q, 2));
			committee = db_col_int(q, 4) > 0;
			held_year = 0;
		}
		const char *month = db_col_text(q, 5);
		int k = month ? orglife_requirement_index(db_col_text(q, 6)) : -1, year = month ? atoi(month) : 0,
		    mo = month ? atoi(month + 5) : 0;
		if (!e && year && year != held_year) {
			if (held_year)
				e = judge_own(db, &cache, id, type, committee, held, year_of(&stack[top], held_year), err);
			memset(held, 0, sizeof(held));
			held_year = year;
		}
		if (k >= 0 && mo >= 1 && mo <= 12)
			held[k][mo - 1] += (int)db_col_int(q, 7);
	}
	if (!e && r < 0)
		e = err->code;
	if (e)
		db_reset(q);
	if (!e && top >= 0 && held_year)
		e = judge_own(db, &cache, stack[top].id, type, committee, held, year_of(&stack[top], held_year), err);
	for (; !e && top >= 0; top--)
		e = flush_level(db, &stack[top], top > 0 ? &stack[top - 1] : NULL, changed, err);
	for (int i = 0; i < MAX_DEPTH; i++)
		free(stack[i].years);
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
