/*
 * dues_view.c - Party dues as read: a member's year (the standard, every month's state, the
 * payments, the reductions and the run of unpaid months), a branch's ledger as members × months,
 * the members of a subtree who have not paid for months in a row (listed for the branch's
 * decision at member.self_withdrawal_months - never acted on), and the hardship reductions of a
 * subtree with their two decisions.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "dues/dues.h"
#include "org/org.h"

#define ARREARS_LOOKBACK 120 /* months: a run is followed back at most ten years */

static json_t *month_json(const struct dues_month_state *s)
{
	char m[8], d[11];
	dues_month_format(s->month, m);
	json_t *j = json_pack("{s:s,s:s,s:I,s:I,s:I,s:b,s:b}", "month", m, "status", dues_status_key(s->status), "due_fen",
			      (json_int_t)s->due_fen, "paid_fen", (json_int_t)s->paid_fen, "owing_fen",
			      (json_int_t)(s->due_fen > s->paid_fen && s->status != DUES_NOT_MEMBER ? s->due_fen - s->paid_fen : 0),
			      "back_paid", s->back_paid, "excused", s->excused);
	if (s->paid_on != DATE_NONE) {
		date_format(s->paid_on, d);
		json_object_set_new(j, "paid_on", json_string(d));
	}
	if (s->std)
		json_object_set_new(j, "standard_id", json_integer(s->std->id));
	if (s->red) {
		json_object_set_new(j, "reduction_id", json_integer(s->red->id));
		json_object_set_new(j, "reduction_reason", json_string(s->red->reason));
	}
	return j;
}

static json_t *rule_ref(const struct rule *r)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "regulation", r->regulation, "article",
			 r->article);
}

/* The run of unpaid months as JSON (months 0: an empty run). */
static json_t *arrears_json(const struct dues_facts *f, bool yearly, int now, const struct rule *withdrawal)
{
	int since = 0;
	int64_t owing;
	int n = dues_unpaid_run(f, yearly, now, ARREARS_LOOKBACK, &since, &owing);
	json_t *j = json_pack("{s:i,s:I,s:b,s:o}", "months", n, "owing_fen", (json_int_t)owing, "for_decision",
			      n >= strtol(withdrawal->value, NULL, 10), "rule", rule_ref(withdrawal));
	if (n) {
		char a[8], b[8];
		dues_month_format(since, a);
		dues_month_format(now - 1, b);
		json_object_set_new(j, "since", json_string(a));
		json_object_set_new(j, "through", json_string(b));
	}
	return j;
}

static enum jc_err standards_json(struct db *db, int64_t member_id, json_t **out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT id, year, from_month, kind, category, base_fen, amount_fen, rules, reason, recorded_by,"
					" recorded_at FROM dues_standard WHERE member_id = ?1 ORDER BY from_month, id");
	db_bind_int(q, 1, member_id);
	json_t *list = json_array();
	int r;
	while ((r = db_step(q, err)) == 1) {
		json_t *rules = json_loads(db_col_text(q, 7), 0, NULL);
		json_t *x = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:o,s:s,s:s}", "id", (json_int_t)db_col_int(q, 0), "year",
				      (json_int_t)db_col_int(q, 1), "from_month", db_col_text(q, 2), "kind", db_col_text(q, 3),
				      "category", db_col_text(q, 4), "base_fen", (json_int_t)db_col_int(q, 5), "amount_fen",
				      (json_int_t)db_col_int(q, 6), "rules", rules ? rules : json_array(), "recorded_by",
				      db_col_text(q, 9), "recorded_at", db_col_text(q, 10));
		json_object_set_new(x, "reason", db_col_null(q, 8) ? json_null() : json_string(db_col_text(q, 8)));
		json_array_append_new(list, x);
	}
	if (r < 0) {
		json_decref(list);
		return err->code;
	}
	*out = list;
	return JC_OK;
}

#define REDUCTION_COLUMNS                                                                                       \
	"r.id, r.member_id, p.name, r.org_id, o.name, r.from_month, r.to_month, r.amount_fen, r.reason, r.meeting_id, " \
	"m.held_on, r.recorded_by, r.recorded_at, d.decision, d.org_id, d.decided_on, d.note, d.recorded_by, o.parent_id" \
	" FROM dues_reduction r JOIN member p ON p.id = r.member_id JOIN org o ON o.id = r.org_id"               \
	" JOIN meeting m ON m.id = r.meeting_id LEFT JOIN dues_reduction_decision d ON d.reduction_id = r.id"

static json_t *reduction_row(struct db_stmt *q)
{
	json_t *x = json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:I,s:s,s:{s:I,s:s},s:s,s:s,s:s,s:I}", "id",
			      (json_int_t)db_col_int(q, 0), "member_id", (json_int_t)db_col_int(q, 1), "name", db_col_text(q, 2),
			      "org_id", (json_int_t)db_col_int(q, 3), "org_name", db_col_text(q, 4), "from_month",
			      db_col_text(q, 5), "to_month", db_col_text(q, 6), "amount_fen", (json_int_t)db_col_int(q, 7),
			      "reason", db_col_text(q, 8), "branch_decision", "meeting_id", (json_int_t)db_col_int(q, 9),
			      "held_on", db_col_text(q, 10), "recorded_by", db_col_text(q, 11), "recorded_at",
			      db_col_text(q, 12), "status", db_col_null(q, 13) ? "pending" : db_col_text(q, 13),
			      "approver_org_id", (json_int_t)db_col_int(q, 18));
	if (!db_col_null(q, 13))
		json_object_set_new(x, "higher_approval",
				    json_pack("{s:s,s:I,s:s,s:o,s:s}", "decision", db_col_text(q, 13), "org_id",
					      (json_int_t)db_col_int(q, 14), "decided_on", db_col_text(q, 15), "note",
					      db_col_null(q, 16) ? json_null() : json_string(db_col_text(q, 16)), "recorded_by",
					      db_col_text(q, 17)));
	return x;
}

static enum jc_err payments_json(struct db *db, int64_t member_id, int year, json_t **out, struct jc_error *err)
{
	char from[11], to[11];
	date_format(date_from_ymd(year, 1, 1), from);
	date_format(date_from_ymd(year, 12, 31), to);
	struct db_stmt *q = db_stmt(db,
		"SELECT p.id, p.paid_on, p.channel, p.reference, p.dues_fen, p.voluntary_fen, p.to_centre, p.reverses,"
		" (SELECT r.id FROM dues_payment r WHERE r.reverses = p.id), p.collected_by_org_id, p.reason, p.recorded_by,"
		" (SELECT group_concat(month, ',') FROM (SELECT month FROM dues_payment_month WHERE payment_id = p.id ORDER BY month))"
		" FROM dues_payment p WHERE p.member_id = ?1 AND p.paid_on BETWEEN ?2 AND ?3 ORDER BY p.paid_on, p.id");
	db_bind_int(q, 1, member_id);
	db_bind_text(q, 2, from);
	db_bind_text(q, 3, to);
	json_t *list = json_array();
	int r;
	while ((r = db_step(q, err)) == 1) {
		json_t *months = json_array();
		const char *ms = db_col_text(q, 12);
		for (const char *p = ms; p && *p;) {
			size_t n = strcspn(p, ",");
			json_array_append_new(months, json_stringn(p, n));
			p += n + (p[n] == ',');
		}
		json_t *x = json_pack("{s:I,s:s,s:s,s:I,s:I,s:b,s:o,s:I,s:s}", "id", (json_int_t)db_col_int(q, 0), "paid_on",
				      db_col_text(q, 1), "channel", db_col_text(q, 2), "dues_fen", (json_int_t)db_col_int(q, 4),
				      "voluntary_fen", (json_int_t)db_col_int(q, 5), "to_centre", db_col_int(q, 6) != 0, "months",
				      months, "collected_by_org_id", (json_int_t)db_col_int(q, 9), "recorded_by", db_col_text(q, 11));
		json_object_set_new(x, "reference", db_col_null(q, 3) ? json_null() : json_string(db_col_text(q, 3)));
		json_object_set_new(x, "reverses", db_col_null(q, 7) ? json_null() : json_integer(db_col_int(q, 7)));
		json_object_set_new(x, "reversed_by", db_col_null(q, 8) ? json_null() : json_integer(db_col_int(q, 8)));
		json_object_set_new(x, "reason", db_col_null(q, 10) ? json_null() : json_string(db_col_text(q, 10)));
		json_array_append_new(list, x);
	}
	if (r < 0) {
		json_decref(list);
		return err->code;
	}
	*out = list;
	return JC_OK;
}

enum jc_err dues_member_json(struct db *db, int64_t member_id, int year, json_t **out, struct jc_error *err)
{
	struct dues_facts f;
	enum jc_err e = dues_facts_load(db, member_id, &f, err);
	if (e)
		return e;
	struct db_stmt *q = db_stmt(db, "SELECT m.name, m.org_id, o.name, m.state FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ?1");
	db_bind_int(q, 1, member_id);
	if (db_step(q, err) != 1) {
		dues_facts_release(&f);
		return err->code ? err->code : JC_EINTERNAL;
	}
	json_t *j = json_pack("{s:I,s:s,s:I,s:s,s:s,s:i}", "member_id", (json_int_t)member_id, "name", db_col_text(q, 0),
			      "org_id", (json_int_t)db_col_int(q, 1), "org_name", db_col_text(q, 2), "state", db_col_text(q, 3),
			      "year", year);
	int64_t org_id = db_col_int(q, 1);
	db_reset(q);
	int today = date_today(), now = dues_month_of_day(today);
	bool yearly;
	struct rule withdrawal;
	if ((e = dues_fixed_yearly(db, org_id, today, &yearly, err)) ||
	    (e = rules_get(db, org_id, "member.self_withdrawal_months", today, &withdrawal, err)))
		goto done;
	json_t *months = json_array();
	int64_t due = 0, paid = 0, owing = 0;
	const struct dues_std *shown = NULL;
	for (int m = dues_month(year, 1); m <= dues_month(year, 12); m++) {
		struct dues_month_state s;
		dues_month_state(&f, m, yearly, now, &s);
		json_array_append_new(months, month_json(&s));
		if (s.status == DUES_NOT_MEMBER)
			continue;
		paid += s.paid_fen;
		if (m <= now)
			due += s.due_fen;
		if (m < now && s.due_fen > s.paid_fen) /* owing: on the months that have ended */
			owing += s.due_fen - s.paid_fen;
		if (s.std && (m <= now || !shown))
			shown = s.std;
	}
	json_object_set_new(j, "months", months);
	json_object_set_new(j, "totals", json_pack("{s:I,s:I,s:I}", "due_fen", (json_int_t)due, "paid_fen", (json_int_t)paid,
						   "owing_fen", (json_int_t)owing));
	json_object_set_new(j, "standard", shown ? json_pack("{s:I,s:s,s:s,s:I,s:I}", "id", (json_int_t)shown->id, "kind", shown->kind,
							     "category", shown->category, "base_fen", (json_int_t)shown->base_fen,
							     "amount_fen", (json_int_t)shown->amount_fen)
						 : json_null());
	json_object_set_new(j, "fixed_yearly", json_boolean(yearly));
	json_object_set_new(j, "arrears", arrears_json(&f, yearly, now, &withdrawal));
	json_t *list = NULL;
	if ((e = standards_json(db, member_id, &list, err)))
		goto done;
	json_object_set_new(j, "standards", list);
	if ((e = payments_json(db, member_id, year, &list, err)))
		goto done;
	json_object_set_new(j, "payments", list);
	q = db_stmt(db, "SELECT " REDUCTION_COLUMNS " WHERE r.member_id = ?1 ORDER BY r.id");
	db_bind_int(q, 1, member_id);
	list = json_array();
	int r;
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(list, reduction_row(q));
	json_object_set_new(j, "reductions", list);
	if (r < 0) {
		e = err->code;
		goto done;
	}
	q = db_stmt(db, "SELECT month, reason, recorded_by, recorded_at FROM dues_excuse WHERE member_id = ?1 AND month BETWEEN ?2 AND ?3"
			" ORDER BY month, id");
	char y0[8], y1[8];
	dues_month_format(dues_month(year, 1), y0);
	dues_month_format(dues_month(year, 12), y1);
	db_bind_int(q, 1, member_id);
	db_bind_text(q, 2, y0);
	db_bind_text(q, 3, y1);
	list = json_array();
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s}", "month", db_col_text(q, 0), "reason", db_col_text(q, 1),
						      "recorded_by", db_col_text(q, 2), "recorded_at", db_col_text(q, 3)));
	json_object_set_new(j, "excuses", list);
	if (r < 0)
		e = err->code;
done:
	dues_facts_release(&f);
	if (e) {
		json_decref(j);
		return e;
	}
	*out = j;
	return JC_OK;
}

enum jc_err dues_ledger_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err)
{
	struct dues_roll roll;
	enum jc_err e = dues_roll_load(db, org_id, false, false, DUES_MAX_ITEMS, &roll, err);
	if (e)
		return e;
	int today = date_today(), now = dues_month_of_day(today), jan = dues_month(year, 1);
	bool yearly;
	struct rule withdrawal;
	if ((e = dues_fixed_yearly(db, org_id, today, &yearly, err)) ||
	    (e = rules_get(db, org_id, "member.self_withdrawal_months", today, &withdrawal, err))) {
		dues_roll_release(&roll);
		return e;
	}
	json_t *month_names = json_array(), *members = json_array(), *totals = json_array();
	int64_t tdue[12] = { 0 }, tpaid[12] = { 0 };
	int npaid[12] = { 0 }, nunpaid[12] = { 0 };
	for (int k = 0; k < 12; k++) {
		char m[8];
		dues_month_format(jan + k, m);
		json_array_append_new(month_names, json_string(m));
	}
	for (int i = 0; i < roll.n; i++) {
		struct dues_roll_member *rm = &roll.m[i];
		if (rm->f.last < jan || rm->f.first > jan + 11)
			continue; /* not a member in that year */
		json_t *cells = json_array();
		int64_t due = 0, paid = 0, owing = 0;
		const struct dues_std *shown = NULL;
		for (int k = 0; k < 12; k++) {
			struct dues_month_state s;
			dues_month_state(&rm->f, jan + k, yearly, now, &s);
			json_t *c = json_pack("{s:s,s:I,s:I}", "status", dues_status_key(s.status), "due_fen", (json_int_t)s.due_fen,
					      "paid_fen", (json_int_t)s.paid_fen);
			if (s.back_paid)
				json_object_set_new(c, "back_paid", json_true());
			json_array_append_new(cells, c);
			if (s.status == DUES_NOT_MEMBER)
				continue;
			paid += s.paid_fen;
			tpaid[k] += s.paid_fen;
			if (jan + k <= now) {
				due += s.due_fen;
				tdue[k] += s.due_fen;
			}
			if (jan + k < now) /* owing: on the months that have ended */
				owing += s.due_fen > s.paid_fen ? s.due_fen - s.paid_fen : 0;
			npaid[k] += s.status == DUES_PAID || s.status == DUES_EXEMPT;
			nunpaid[k] += s.status == DUES_UNPAID || s.status == DUES_PARTLY || s.status == DUES_EXCUSED;
			if (s.std && (jan + k <= now || !shown))
				shown = s.std;
		}
		int since = 0;
		int64_t run_owing;
		int run = dues_unpaid_run(&rm->f, yearly, now, ARREARS_LOOKBACK, &since, &run_owing);
		json_t *x = json_pack("{s:I,s:s,s:s,s:o,s:I,s:I,s:I,s:i,s:b}", "member_id", (json_int_t)rm->id, "name", rm->name,
				      "state", rm->state, "cells", cells, "due_fen", (json_int_t)due, "paid_fen", (json_int_t)paid,
				      "owing_fen", (json_int_t)owing, "unpaid_run", run, "for_decision",
				      run >= strtol(withdrawal.value, NULL, 10));
		json_object_set_new(x, "standard", shown ? json_pack("{s:s,s:I,s:I}", "category", shown->category, "base_fen",
								     (json_int_t)shown->base_fen, "amount_fen",
								     (json_int_t)shown->amount_fen)
							 : json_null());
		json_array_append_new(members, x);
	}
	for (int k = 0; k < 12; k++) {
		char m[8];
		dues_month_format(jan + k, m);
		json_array_append_new(totals, json_pack("{s:s,s:I,s:I,s:i,s:i}", "month", m, "due_fen", (json_int_t)tdue[k],
							"paid_fen", (json_int_t)tpaid[k], "paid_members", npaid[k],
							"unpaid_members", nunpaid[k]));
	}
	dues_roll_release(&roll);
	char this_month[8];
	dues_month_format(now, this_month);
	*out = json_pack("{s:I,s:i,s:s,s:b,s:o,s:o,s:o,s:o}", "org_id", (json_int_t)org_id, "year", year, "this_month",
			 this_month, "fixed_yearly", yearly, "months", month_names, "members", members, "totals", totals,
			 "self_withdrawal", rule_ref(&withdrawal));
	return JC_OK;
}

/* The rules a member of an organisation is judged by, read once per organisation. */
struct org_rules {
	int64_t org_id;
	bool yearly;
	struct rule withdrawal;
	char name[193];
};

static int by_org(const void *a, const void *b)
{
	int64_t x = ((const struct org_rules *)a)->org_id, y = ((const struct org_rules *)b)->org_id;
	return (x > y) - (x < y);
}

/* One line of the arrears list, kept for sorting. */
struct arrear {
	const struct dues_roll_member *m;
	const struct org_rules *r;
	int months, since;
	int64_t owing;
};

static int by_name(const void *a, const void *b)
{
	const struct arrear *x = a, *y = b;
	int c = strcmp(x->m->name, y->m->name);
	return c ? c : (x->m->id > y->m->id) - (x->m->id < y->m->id);
}

enum jc_err dues_arrears_json(struct db *db, int64_t org_id, int min_months, json_t **out, struct jc_error *err)
{
	struct dues_roll roll;
	enum jc_err e = dues_roll_load(db, org_id, true, true, 1000000, &roll, err);
	if (e)
		return e;
	int today = date_today(), now = dues_month_of_day(today);
	/* the organisations of the members, each with its rules and name */
	struct org_rules *orgs = xcalloc((size_t)roll.n + 1, sizeof(*orgs));
	int norgs = 0;
	for (int i = 0; i < roll.n; i++)
		orgs[norgs++].org_id = roll.m[i].org_id;
	qsort(orgs, (size_t)norgs, sizeof(*orgs), by_org);
	int k = 0;
	for (int i = 0; i < norgs; i++)
		if (!k || orgs[k - 1].org_id != orgs[i].org_id)
			orgs[k++] = orgs[i];
	norgs = k;
	for (int i = 0; i < norgs && !e; i++) {
		struct org o;
		if (!(e = dues_fixed_yearly(db, orgs[i].org_id, today, &orgs[i].yearly, err)) &&
		    !(e = rules_get(db, orgs[i].org_id, "member.self_withdrawal_months", today, &orgs[i].withdrawal, err)) &&
		    !(e = org_get(db, orgs[i].org_id, &o, err)))
			snprintf(orgs[i].name, sizeof(orgs[i].name), "%s", o.name);
	}
	struct arrear *list = xcalloc((size_t)roll.n + 1, sizeof(*list));
	int n = 0;
	for (int i = 0; i < roll.n && !e; i++) {
		struct org_rules key = { .org_id = roll.m[i].org_id };
		const struct org_rules *r = bsearch(&key, orgs, (size_t)norgs, sizeof(*orgs), by_org);
		struct arrear a = { &roll.m[i], r, 0, 0, 0 };
		a.months = dues_unpaid_run(&roll.m[i].f, r->yearly, now, ARREARS_LOOKBACK, &a.since, &a.owing);
		if (a.months >= min_months && a.months > 0)
			list[n++] = a;
	}
	/* in name order: nobody is ranked */
	qsort(list, (size_t)n, sizeof(*list), by_name);
	json_t *items = json_array();
	for (int i = 0; i < n && !e; i++) {
		const struct arrear *a = &list[i];
		char since[8], through[8];
		dues_month_format(a->since, since);
		dues_month_format(now - 1, through);
		json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:i,s:s,s:s,s:I,s:b,s:o}", "member_id", (json_int_t)a->m->id,
						       "name", a->m->name, "org_id", (json_int_t)a->m->org_id, "org_name", a->r->name,
						       "months", a->months, "since", since, "through", through, "owing_fen", (json_int_t)a->owing,
						       "for_decision", a->months >= strtol(a->r->withdrawal.value, NULL, 10), "rule",
						       rule_ref(&a->r->withdrawal)));
	}
	free(list);
	free(orgs);
	dues_roll_release(&roll);
	if (e) {
		json_decref(items);
		return e;
	}
	*out = items;
	return JC_OK;
}

enum jc_err dues_reductions_json(struct db *db, int64_t org_id, const char *status, json_t **out, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char end[256];
	org_subtree_end(top.path, end);
	struct db_stmt *q = db_stmt(db, "SELECT " REDUCTION_COLUMNS " WHERE o.path >= ?1 AND o.path < ?2"
					" AND (?3 IS NULL OR coalesce(d.decision, 'pending') = ?3) ORDER BY r.id DESC LIMIT 1000");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, end);
	db_bind_text(q, 3, status);
	json_t *list = json_array();
	int r;
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(list, reduction_row(q));
	if (r < 0) {
		json_decref(list);
		return err->code;
	}
	*out = list;
	return JC_OK;
}
