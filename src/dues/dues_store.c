/*
 * dues_store.c - Party dues in the database: the yearly standard and its changes, hardship
 * reductions with their two decisions, payments and their reversals, reasons recorded for months
 * not paid, and the facts a ledger is computed from. Every function writes in the caller's
 * transaction and checks everything before its first write, so a refusal changes nothing.
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

/* --- rules ------------------------------------------------------------------------------------- */

enum jc_err dues_rules_load(struct db *db, int64_t org_id, int on, struct dues_rules *r, struct jc_error *err)
{
	static const struct rule_slot slots[] = {
		RULE_SLOT(struct dues_rules, band1, "dues.employed.band1_max_fen"),
		RULE_SLOT(struct dues_rules, band2, "dues.employed.band2_max_fen"),
		RULE_SLOT(struct dues_rules, band3, "dues.employed.band3_max_fen"),
		RULE_SLOT(struct dues_rules, rate1, "dues.employed.rate1_bp"),
		RULE_SLOT(struct dues_rules, rate2, "dues.employed.rate2_bp"),
		RULE_SLOT(struct dues_rules, rate3, "dues.employed.rate3_bp"),
		RULE_SLOT(struct dues_rules, rate4, "dues.employed.rate4_bp"),
		RULE_SLOT(struct dues_rules, annual_table, "dues.annual_salary.table"),
		RULE_SLOT(struct dues_rules, annual_cap, "dues.annual_salary.monthly_cap_fen"),
		RULE_SLOT(struct dues_rules, self_table, "dues.self_employed.table"),
		RULE_SLOT(struct dues_rules, retired_band, "dues.retired.band1_max_fen"),
		RULE_SLOT(struct dues_rules, retired_rate1, "dues.retired.rate1_bp"),
		RULE_SLOT(struct dues_rules, retired_rate2, "dues.retired.rate2_bp"),
		RULE_SLOT(struct dues_rules, farmer, "dues.farmer.monthly_fen"),
		RULE_SLOT(struct dues_rules, farmer_min, "dues.farmer.min_fen"),
		RULE_SLOT(struct dues_rules, farmer_max, "dues.farmer.max_fen"),
		RULE_SLOT(struct dues_rules, low_income, "dues.low_income.monthly_fen"),
		RULE_SLOT(struct dues_rules, round_mode, "dues.rounding.mode"),
		RULE_SLOT(struct dues_rules, round_unit, "dues.rounding.unit_fen"),
	};
	return rules_load_slots(db, org_id, on, slots, sizeof(slots) / sizeof(slots[0]), r, err);
}

enum jc_err dues_fixed_yearly(struct db *db, int64_t org_id, int on, bool *out, struct jc_error *err)
{
	int64_t v;
	enum jc_err e = rules_int(db, org_id, "dues.standard.fixed_yearly", on, &v, err);
	*out = !e && v != 0;
	return e;
}

/* --- members ----------------------------------------------------------------------------------- */

struct who_member {
	int64_t id, org_id;
	char name[64], state[24];
	int admit_date, state_date;
};

static enum jc_err member_load(struct db *db, int64_t id, struct who_member *m, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT id, org_id, name, state, admit_date, state_date FROM member WHERE id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no member %lld", (long long)id);
	m->id = db_col_int(q, 0);
	m->org_id = db_col_int(q, 1);
	snprintf(m->name, sizeof(m->name), "%s", db_col_text(q, 2));
	snprintf(m->state, sizeof(m->state), "%s", db_col_text(q, 3));
	m->admit_date = db_col_date(q, 4);
	m->state_date = db_col_date(q, 5);
	db_reset(q);
	return JC_OK;
}

void dues_membership_months(int admit_date, const char *state, int state_date, int *first, int *last)
{
	*first = admit_date == DATE_NONE ? INT_MAX : dues_month_of_day(admit_date);
	*last = INT_MAX;
	if (strcmp(state, "normal") && state_date != DATE_NONE)
		*last = dues_month_of_day(state_date) - 1; /* nothing from the month it ended or stopped */
}

/* --- the facts of ledgers ------------------------------------------------------------------------ */

/* The same queries for one member (variant 0), an organisation's members (1) or a subtree's (2). */
#define BY_MEMBER " WHERE x.member_id = ?1"
#define BY_ORG " JOIN member mm ON mm.id = x.member_id WHERE mm.org_id = ?1"
#define BY_TREE " JOIN member mm ON mm.id = x.member_id JOIN org oo ON oo.id = mm.org_id WHERE oo.path >= ?1 AND oo.path < ?2"
#define VARIANTS(head, tail) { head BY_MEMBER tail, head BY_ORG tail, head BY_TREE tail }

static const char *const std_sql[3] = VARIANTS(
	"SELECT x.member_id, x.id, x.from_month, x.amount_fen, x.base_fen, x.category, x.kind FROM dues_standard x",
	" ORDER BY x.member_id, x.from_month, x.id");
static const char *const red_sql[3] = VARIANTS(
	"SELECT x.member_id, x.id, x.from_month, x.to_month, x.amount_fen, x.reason, d.decision FROM dues_reduction x"
	" LEFT JOIN dues_reduction_decision d ON d.reduction_id = x.id",
	" ORDER BY x.member_id, x.id");
/* what each month got: reversals count negative; the day and the back payment of what still stands */
static const char *const paid_sql[3] = VARIANTS(
	"SELECT x.member_id, x.month, sum(x.amount_fen),"
	" max(CASE WHEN p.reverses IS NULL AND r.id IS NULL THEN x.back_paid END),"
	" max(CASE WHEN p.reverses IS NULL AND r.id IS NULL THEN p.paid_on END)"
	" FROM dues_payment_month x JOIN dues_payment p ON p.id = x.payment_id LEFT JOIN dues_payment r ON r.reverses = p.id",
	" GROUP BY x.member_id, x.month ORDER BY x.member_id, x.month");
static const char *const excuse_sql[3] = VARIANTS("SELECT DISTINCT x.member_id, x.month FROM dues_excuse x",
						  " ORDER BY x.member_id, x.month");

static struct dues_facts *facts_of(struct dues_roll_member *m, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (m[mid].id == id)
			return &m[mid].f;
		if (m[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static void bind_scope(struct db_stmt *q, int variant, int64_t id, const char *path, const char *end)
{
	if (variant == 2) {
		db_bind_text(q, 1, path);
		db_bind_text(q, 2, end);
	} else {
		db_bind_int(q, 1, id);
	}
}

static int month_col(struct db_stmt *q, int i)
{
	int m = 0;
	const char *t = db_col_text(q, i);
	return t && dues_month_parse(t, &m) ? m : 0;
}

/* Reads the standards, reductions, payments and reasons of the members m[0..n) (sorted by id). */
static enum jc_err facts_fill(struct db *db, int variant, int64_t id, const char *path, const char *end,
			      struct dues_roll_member *m, int n, struct jc_error *err)
{
	/* rows come member by member: an array grows while its member's rows come */
	struct dues_facts *cur = NULL;
	size_t alloc = 0;
#define GROW(f, arr, count)                          \
	do {                                         \
		if ((f) != cur) {                    \
			cur = (f);                   \
			alloc = 0;                   \
		}                                    \
		(f)->arr = xgrow((f)->arr, &alloc, (size_t)(f)->count + 1, sizeof(*(f)->arr)); \
	} while (0)
	struct db_stmt *q = db_stmt(db, std_sql[variant]);
	bind_scope(q, variant, id, path, end);
	int r;
	while ((r = db_step(q, err)) == 1) {
		struct dues_facts *f = facts_of(m, n, db_col_int(q, 0));
		if (!f)
			continue;
		GROW(f, stds, nstds);
		struct dues_std *s = &f->stds[f->nstds++];
		memset(s, 0, sizeof(*s));
		s->id = db_col_int(q, 1);
		s->from = month_col(q, 2);
		s->amount_fen = db_col_int(q, 3);
		s->base_fen = db_col_int(q, 4);
		snprintf(s->category, sizeof(s->category), "%s", db_col_text(q, 5));
		snprintf(s->kind, sizeof(s->kind), "%s", db_col_text(q, 6));
	}
	if (r < 0)
		return err->code;
	cur = NULL;
	q = db_stmt(db, red_sql[variant]);
	bind_scope(q, variant, id, path, end);
	while ((r = db_step(q, err)) == 1) {
		struct dues_facts *f = facts_of(m, n, db_col_int(q, 0));
		if (!f)
			continue;
		GROW(f, reds, nreds);
		struct dues_red *d = &f->reds[f->nreds++];
		memset(d, 0, sizeof(*d));
		d->id = db_col_int(q, 1);
		d->from = month_col(q, 2);
		d->to = month_col(q, 3);
		d->amount_fen = db_col_int(q, 4);
		snprintf(d->reason, sizeof(d->reason), "%s", db_col_text(q, 5));
		const char *decision = db_col_text(q, 6);
		d->state = !decision ? 0 : !strcmp(decision, "approved") ? 1 : -1;
	}
	if (r < 0)
		return err->code;
	cur = NULL;
	q = db_stmt(db, paid_sql[variant]);
	bind_scope(q, variant, id, path, end);
	while ((r = db_step(q, err)) == 1) {
		struct dues_facts *f = facts_of(m, n, db_col_int(q, 0));
		if (!f)
			continue;
		GROW(f, paid, npaid);
		struct dues_paid *p = &f->paid[f->npaid++];
		p->month = month_col(q, 1);
		p->paid_fen = db_col_int(q, 2);
		p->back_paid = db_col_int(q, 3) != 0;
		p->last_paid_on = db_col_date(q, 4);
	}
	if (r < 0)
		return err->code;
	cur = NULL;
	q = db_stmt(db, excuse_sql[variant]);
	bind_scope(q, variant, id, path, end);
	while ((r = db_step(q, err)) == 1) {
		struct dues_facts *f = facts_of(m, n, db_col_int(q, 0));
		if (!f)
			continue;
		GROW(f, excused, nexcused);
		f->excused[f->nexcused++] = month_col(q, 1);
	}
#undef GROW
	return r < 0 ? err->code : JC_OK;
}

enum jc_err dues_facts_load(struct db *db, int64_t member_id, struct dues_facts *f, struct jc_error *err)
{
	struct who_member w;
	memset(f, 0, sizeof(*f));
	enum jc_err e = member_load(db, member_id, &w, err);
	if (e)
		return e;
	struct dues_roll_member one = { .id = member_id };
	dues_membership_months(w.admit_date, w.state, w.state_date, &one.f.first, &one.f.last);
	one.f.member_id = member_id;
	e = facts_fill(db, 0, member_id, NULL, NULL, &one, 1, err);
	*f = one.f;
	if (e)
		dues_facts_release(f);
	return e;
}

void dues_roll_release(struct dues_roll *r)
{
	for (int i = 0; i < r->n; i++)
		dues_facts_release(&r->m[i].f);
	free(r->m);
	memset(r, 0, sizeof(*r));
}

enum jc_err dues_roll_load(struct db *db, int64_t org_id, bool subtree, bool current_only, int max, struct dues_roll *out,
			   struct jc_error *err)
{
	memset(out, 0, sizeof(*out));
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char end[256];
	org_subtree_end(top.path, end);
	struct db_stmt *q;
	if (subtree) {
		q = db_stmt(db, "SELECT m.id, m.org_id, m.name, m.state, m.admit_date, m.state_date FROM member m"
				" JOIN org o ON o.id = m.org_id WHERE o.path >= ?1 AND o.path < ?2 ORDER BY m.id");
		db_bind_text(q, 1, top.path);
		db_bind_text(q, 2, end);
	} else {
		q = db_stmt(db, "SELECT id, org_id, name, state, admit_date, state_date FROM member WHERE org_id = ?1 ORDER BY id");
		db_bind_int(q, 1, org_id);
	}
	size_t alloc = 0;
	int r;
	while ((r = db_step(q, err)) == 1) {
		const char *state = db_col_text(q, 3);
		if (current_only && strcmp(state, "normal"))
			continue;
		if (out->n >= max) {
			db_reset(q);
			dues_roll_release(out);
			return jc_fail(err, JC_ETOOBIG, NULL, NULL, "more than %d members: ask for a smaller organisation", max);
		}
		out->m = xgrow(out->m, &alloc, (size_t)out->n + 1, sizeof(*out->m));
		struct dues_roll_member *m = &out->m[out->n++];
		memset(m, 0, sizeof(*m));
		m->id = db_col_int(q, 0);
		m->org_id = db_col_int(q, 1);
		snprintf(m->name, sizeof(m->name), "%s", db_col_text(q, 2));
		snprintf(m->state, sizeof(m->state), "%s", state);
		m->f.member_id = m->id;
		dues_membership_months(db_col_date(q, 4), state, db_col_date(q, 5), &m->f.first, &m->f.last);
	}
	if (r < 0)
		e = err->code;
	if (!e && out->n)
		e = facts_fill(db, subtree ? 2 : 1, org_id, top.path, end, out->m, out->n, err);
	if (e)
		dues_roll_release(out);
	return e;
}

/* --- the member record's dues fields follow the standard in force ------------------------------------ */

/* Sets member.dues_base_fen and dues_standard_fen to the standard in force this month (with a
 * history row) when they differ. */
static enum jc_err sync_member(struct db *db, int64_t member_id, const struct actor *who, struct jc_error *err)
{
	struct dues_facts f;
	struct who_member w;
	enum jc_err e = member_load(db, member_id, &w, err);
	if (!e)
		e = dues_facts_load(db, member_id, &f, err);
	if (e)
		return e;
	int today = date_today();
	bool yearly;
	if ((e = dues_fixed_yearly(db, w.org_id, today, &yearly, err))) {
		dues_facts_release(&f);
		return e;
	}
	struct dues_month_state s;
	dues_month_state(&f, dues_month_of_day(today), yearly, dues_month_of_day(today), &s);
	bool has = s.std != NULL;
	int64_t base = has ? s.std->base_fen : 0, amount = s.due_fen;
	dues_facts_release(&f);
	if (!has)
		return JC_OK;
	struct db_stmt *q = db_stmt(db, "SELECT dues_base_fen, dues_standard_fen FROM member WHERE id = ?1");
	db_bind_int(q, 1, member_id);
	if (db_step(q, err) != 1)
		return err->code ? err->code : JC_EINTERNAL;
	bool base_null = db_col_null(q, 0), amount_null = db_col_null(q, 1);
	int64_t old_base = db_col_int(q, 0), old_amount = db_col_int(q, 1);
	db_reset(q);
	if (!base_null && !amount_null && old_base == base && old_amount == amount)
		return JC_OK;
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "UPDATE member SET dues_base_fen = ?2, dues_standard_fen = ?3, version = version + 1, updated_at = ?4"
			" WHERE id = ?1");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, base);
	db_bind_int(q, 3, amount);
	db_bind_text(q, 4, now);
	if ((e = db_run(q, err)))
		return e;
	json_t *changes = json_object();
	if (base_null || old_base != base)
		json_object_set_new(changes, "dues_base_fen", json_pack("[o,I]", base_null ? json_null() : json_integer(old_base),
									 (json_int_t)base));
	if (amount_null || old_amount != amount)
		json_object_set_new(changes, "dues_standard_fen", json_pack("[o,I]", amount_null ? json_null() : json_integer(old_amount),
									     (json_int_t)amount));
	e = history_add(db, "member", member_id, "update", who, changes, err);
	json_decref(changes);
	return e;
}

/* --- standards ------------------------------------------------------------------------------------- */

static enum jc_err insert_standard(struct db *db, int64_t member_id, int64_t org_id, int from, const char *kind,
				   const char *category, const struct dues_quote *qt, const char *reason, const struct actor *who,
				   int64_t *id, struct jc_error *err)
{
	char month[8], now[21];
	dues_month_format(from, month);
	clock_format(clock_now(), now);
	json_t *j = dues_quote_json(category, qt);
	char *rules = json_dumps(json_object_get(j, "rules"), JSON_COMPACT);
	json_decref(j);
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO dues_standard (member_id, org_id, year, from_month, kind, category, base_fen, amount_fen, rules,"
		" reason, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, org_id);
	db_bind_int(q, 3, dues_month_year(from));
	db_bind_text(q, 4, month);
	db_bind_text(q, 5, kind);
	db_bind_text(q, 6, category);
	db_bind_int(q, 7, qt->base_fen);
	db_bind_int(q, 8, qt->amount_fen);
	db_bind_text(q, 9, rules);
	db_bind_text(q, 10, reason && reason[0] ? reason : NULL);
	db_bind_text(q, 11, who->name);
	db_bind_text(q, 12, now);
	free(rules);
	enum jc_err e = db_run(q, err);
	if (!e && id)
		*id = db_last_id(db);
	return e;
}

/* A failure of the quote of items[i], its field named as the item's. */
static enum jc_err item_error(const struct jc_error *tmp, int i, struct jc_error *err)
{
	struct jc_error e = *tmp;
	if (e.field[0])
		snprintf(e.field, sizeof(e.field), "items[%d].%s", i, tmp->field);
	return jc_error_pass(err, &e);
}

enum jc_err dues_standards_fix(struct db *db, int64_t org_id, int year, struct dues_item *items, int n,
			       const struct actor *who, struct jc_error *err)
{
	if (year < 2008 || year > 9999)
		return jc_fail(err, JC_EINVAL, "year", NULL, "'year' must be a year from 2008 (when the rates came into force)");
	if (n < 1 || n > DUES_MAX_ITEMS)
		return jc_fail(err, JC_EINVAL, "items", NULL, "'items' must list 1 to %d members", DUES_MAX_ITEMS);
	int jan = dues_month(year, 1), dec = dues_month(year, 12);
	bool yearly;
	struct dues_rules rules;
	enum jc_err e = dues_fixed_yearly(db, org_id, dues_month_first_day(jan), &yearly, err);
	if (!e)
		e = dues_rules_load(db, org_id, dues_month_first_day(jan), &rules, err);
	if (e)
		return e;
	int *from = xcalloc((size_t)n, sizeof(*from));
	struct dues_quote *quotes = xcalloc((size_t)n, sizeof(*quotes));
	char field[48];
	/* everything is checked before the first row is written */
	for (int i = 0; i < n && !e; i++) {
		struct dues_item *it = &items[i];
		struct who_member w;
		struct jc_error tmp = { 0 };
		snprintf(field, sizeof(field), "items[%d].member_id", i);
		for (int k = 0; k < i && !e; k++)
			if (items[k].member_id == it->member_id)
				e = jc_fail(err, JC_EINVAL, field, NULL, "member %lld is listed twice", (long long)it->member_id);
		if (e)
			break;
		e = member_load(db, it->member_id, &w, &tmp);
		if (e == JC_ENOTFOUND || (!e && (w.org_id != org_id || strcmp(w.state, "normal")))) {
			e = jc_fail(err, JC_EINVAL, field, NULL, "member %lld is not a current member of this organisation",
				    (long long)it->member_id);
			break;
		}
		if (e) {
			jc_error_pass(err, &tmp);
			break;
		}
		int first, last;
		dues_membership_months(w.admit_date, w.state, w.state_date, &first, &last);
		if (first > dec) {
			e = jc_fail(err, JC_EINVAL, field, NULL, "member %lld was admitted after %d", (long long)it->member_id, year);
			break;
		}
		from[i] = first > jan ? first : jan;
		if (yearly) {
			struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM dues_standard WHERE member_id = ?1 AND year = ?2 AND kind = 'yearly'");
			db_bind_int(q, 1, it->member_id);
			db_bind_int(q, 2, year);
			if (db_step(q, err) != 1) {
				e = err->code ? err->code : JC_EINTERNAL;
				break;
			}
			bool fixed = db_col_int(q, 0) > 0;
			db_reset(q);
			if (fixed) {
				e = jc_fail(err, JC_ECONFLICT, field, "dues.standard.fixed_yearly",
					    "the standard of member %lld for %d is fixed already: record a change from the month new pay is first received",
					    (long long)it->member_id, year);
				break;
			}
		}
		if ((e = dues_check_base(it->category, it->base_fen, &tmp)) ||
		    (e = dues_quote(&rules, it->category, it->base_fen, &quotes[i], &tmp)))
			item_error(&tmp, i, err);
	}
	for (int i = 0; i < n && !e; i++) {
		e = insert_standard(db, items[i].member_id, org_id, from[i], "yearly", items[i].category, &quotes[i], NULL, who,
				    &items[i].standard_id, err);
		items[i].amount_fen = quotes[i].amount_fen;
		if (!e)
			e = sync_member(db, items[i].member_id, who, err);
	}
	free(from);
	free(quotes);
	return e;
}

enum jc_err dues_standard_change(struct db *db, int64_t member_id, int from, const char *category, int64_t base_fen,
				 const struct actor *who, int64_t *id, struct jc_error *err)
{
	struct who_member w;
	enum jc_err e = member_load(db, member_id, &w, err);
	if (e)
		return e;
	if (strcmp(w.state, "normal"))
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "member %lld is not a current member", (long long)member_id);
	int first, last, now = dues_month_of_day(date_today());
	dues_membership_months(w.admit_date, w.state, w.state_date, &first, &last);
	if (from < first || from > now + 12)
		return jc_fail(err, JC_EINVAL, "from_month", NULL,
			       "'from_month' must be a month from the admission to a year from now");
	struct dues_rules rules;
	struct dues_quote qt;
	if ((e = dues_check_base(category, base_fen, err)) ||
	    (e = dues_rules_load(db, w.org_id, dues_month_first_day(from), &rules, err)) ||
	    (e = dues_quote(&rules, category, base_fen, &qt, err)))
		return e;
	struct rule change;
	if ((e = rules_get(db, w.org_id, "dues.standard.change_from_month", dues_month_first_day(from), &change, err)))
		return e;
	if (qt.napplied < DUES_QUOTE_MAX_RULES)
		qt.applied[qt.napplied++] = &change;
	if ((e = insert_standard(db, member_id, w.org_id, from, "change", category, &qt, who->reason, who, id, err)))
		return e;
	return sync_member(db, member_id, who, err);
}

/* --- hardship -------------------------------------------------------------------------------------- */

enum jc_err dues_reduction_decide(struct db *db, int64_t member_id, int from, int to, int64_t amount_fen,
				  const char *reason, int64_t meeting_id, const struct actor *who, int64_t *id,
				  struct jc_error *err)
{
	struct who_member w;
	enum jc_err e = member_load(db, member_id, &w, err);
	if (e)
		return e;
	if (strcmp(w.state, "normal"))
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "member %lld is not a current member", (long long)member_id);
	if (!reason || !reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: the hardship the branch considered");
	if (amount_fen < 0 || amount_fen > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "'amount_fen' must be the reduced monthly amount in fen (0: exempt)");
	int first, last;
	dues_membership_months(w.admit_date, w.state, w.state_date, &first, &last);
	if (from < first)
		return jc_fail(err, JC_EINVAL, "from_month", NULL, "'from_month' comes before the member's admission");
	if (to < from || dues_month_year(to) != dues_month_year(from))
		return jc_fail(err, JC_EINVAL, "to_month", NULL,
			       "'to_month' must be from 'from_month' to the December of its year: a reduction is decided for the year's standard");
	struct rule decision;
	int today = date_today();
	if ((e = rules_get(db, w.org_id, "dues.hardship.branch_decision", today, &decision, err)))
		return e;
	struct db_stmt *q = db_stmt(db,
		"SELECT m.org_id, m.held_on, m.valid,"
		" EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind IN ('committee_meeting', 'members_meeting'))"
		" FROM meeting m WHERE m.id = ?1");
	db_bind_int(q, 1, meeting_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	bool ours = r == 1 && db_col_int(q, 0) == w.org_id;
	bool valid = r == 1 && db_col_int(q, 2), kind = r == 1 && db_col_int(q, 3);
	if (r == 1)
		db_reset(q);
	if (!ours)
		return rules_refuse(&decision, err, "meeting_id", "meeting %lld is not a meeting of the member's branch",
				    (long long)meeting_id);
	if (!kind)
		return rules_refuse(&decision, err, "meeting_id",
				    "meeting %lld is neither a members' meeting nor a committee meeting of the branch", (long long)meeting_id);
	if (!valid)
		return rules_refuse(&decision, err, "meeting_id",
				    "meeting %lld was held without its quorum: it is not valid for decisions", (long long)meeting_id);
	/* what is decided must lower the standard in force when it starts, if one is fixed */
	struct dues_facts f;
	if ((e = dues_facts_load(db, member_id, &f, err)))
		return e;
	bool yearly;
	if ((e = dues_fixed_yearly(db, w.org_id, today, &yearly, err))) {
		dues_facts_release(&f);
		return e;
	}
	struct dues_month_state s;
	dues_month_state(&f, from, yearly, dues_month_of_day(today), &s);
	bool fixed = s.std != NULL; /* s points into f: read before f is released */
	int64_t standard = fixed ? s.std->amount_fen : 0;
	dues_facts_release(&f);
	if (fixed && amount_fen >= standard) {
		char a[24], b[24];
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "%s yuan is not less than the standard of %s yuan",
			       dues_yuan(amount_fen, a), dues_yuan(standard, b));
	}
	char fm[8], tm[8], now[21];
	dues_month_format(from, fm);
	dues_month_format(to, tm);
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO dues_reduction (member_id, org_id, from_month, to_month, amount_fen, reason, meeting_id,"
			" recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, w.org_id);
	db_bind_text(q, 3, fm);
	db_bind_text(q, 4, tm);
	db_bind_int(q, 5, amount_fen);
	db_bind_text(q, 6, reason);
	db_bind_int(q, 7, meeting_id);
	db_bind_text(q, 8, who->name);
	db_bind_text(q, 9, now);
	if ((e = db_run(q, err)))
		return e;
	*id = db_last_id(db);
	return JC_OK;
}

enum jc_err dues_reduction_approve(struct db *db, int64_t org_id, int64_t reduction_id, bool approved, int decided_on,
				   const char *note, const struct actor *who, struct jc_error *err)
{
	struct org approver, branch;
	enum jc_err e = org_get(db, org_id, &approver, err);
	if (e)
		return e;
	struct db_stmt *q = db_stmt(db,
		"SELECT r.org_id, r.member_id, m.held_on, EXISTS (SELECT 1 FROM dues_reduction_decision d WHERE d.reduction_id = r.id)"
		" FROM dues_reduction r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = ?1");
	db_bind_int(q, 1, reduction_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	int64_t branch_id = r ? db_col_int(q, 0) : 0, member_id = r ? db_col_int(q, 1) : 0;
	int held_on = r ? db_col_date(q, 2) : DATE_NONE;
	bool decided = r && db_col_int(q, 3);
	if (r)
		db_reset(q);
	if (r && (e = org_get(db, branch_id, &branch, err))) /* (the reduction's branch exists: a failure is the database's) */
		return e;
	if (!r || strncmp(branch.path, approver.path, strlen(approver.path)))
		return jc_fail(err, JC_ENOTFOUND, "reduction_id", NULL, "no reduction %lld under this organisation",
			       (long long)reduction_id);
	struct rule higher;
	if ((e = rules_get(db, branch_id, "dues.hardship.higher_approval", date_today(), &higher, err)))
		return e;
	if (branch.parent_id != org_id)
		return rules_refuse(&higher, err, "reduction_id",
				    "the organisation one level up from the branch (%lld) approves its reductions, not organisation %lld",
				    (long long)branch.parent_id, (long long)org_id);
	if (decided)
		return jc_fail(err, JC_ECONFLICT, "reduction_id", NULL, "reduction %lld is decided already", (long long)reduction_id);
	if (decided_on == DATE_NONE || decided_on > date_today() || decided_on < held_on)
		return jc_fail(err, JC_EINVAL, "decided_on", NULL,
			       "'decided_on' must be a day from the branch's meeting to today");
	char day[11], now[21];
	date_format(decided_on, day);
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO dues_reduction_decision (reduction_id, org_id, decision, decided_on, note, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_int(q, 1, reduction_id);
	db_bind_int(q, 2, org_id);
	db_bind_text(q, 3, approved ? "approved" : "rejected");
	db_bind_text(q, 4, day);
	db_bind_text(q, 5, note && note[0] ? note : NULL);
	db_bind_text(q, 6, who->name);
	db_bind_text(q, 7, now);
	if ((e = db_run(q, err)))
		return e;
	return approved ? sync_member(db, member_id, who, err) : JC_OK;
}

/* --- payments ---------------------------------------------------------------------------------- */

enum jc_err dues_pay(struct db *db, int64_t member_id, struct dues_payment *p, const struct actor *who,
		     struct jc_error *err)
{
	struct who_member w;
	enum jc_err e = member_load(db, member_id, &w, err);
	if (e)
		return e;
	int today = date_today();
	if (p->paid_on == DATE_NONE || p->paid_on > today)
		return jc_fail(err, JC_EINVAL, "paid_on", NULL, "'paid_on' must be the day it was paid, not in the future");
	if (code_find(&dues_channels, p->channel, strlen(p->channel), 0) < 0)
		return jc_fail(err, JC_EINVAL, "channel", NULL, "'channel' must be one of the codes of 'dues_channel'");
	if (p->voluntary_fen < 0 || p->voluntary_fen > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, "voluntary_fen", NULL, "'voluntary_fen' must be an amount in fen of 0 or more");
	if (p->nmonths < 1 && p->voluntary_fen == 0)
		return jc_fail(err, JC_EINVAL, "months", NULL, "a payment pays at least one month or a voluntary amount");
	if (p->voluntary_fen > 0 && strcmp(w.state, "normal"))
		return jc_fail(err, JC_ECONFLICT, "voluntary_fen", NULL, "member %lld is not a current member", (long long)member_id);
	if (!p->collected_by)
		p->collected_by = w.org_id;
	struct rule back, prepay, centre;
	struct dues_facts f;
	if ((e = rules_get(db, w.org_id, "dues.back_payment_max_months", p->paid_on, &back, err)) ||
	    (e = rules_get(db, w.org_id, "dues.prepay_max_months", p->paid_on, &prepay, err)) ||
	    (e = rules_get(db, w.org_id, "dues.voluntary_to_centre_fen", p->paid_on, &centre, err)) ||
	    (e = dues_facts_load(db, member_id, &f, err)))
		return e;
	bool yearly;
	if ((e = dues_fixed_yearly(db, w.org_id, today, &yearly, err))) {
		dues_facts_release(&f);
		return e;
	}
	struct dues_payment_rules pr = { &back, &prepay, yearly };
	int64_t owing[DUES_MAX_MONTHS];
	int paid_month = dues_month_of_day(p->paid_on);
	e = dues_check_payment(&f, p->months, p->nmonths, paid_month, dues_month_of_day(today), &pr, owing, err);
	dues_facts_release(&f);
	if (e)
		return e;
	p->dues_fen = 0;
	for (int i = 0; i < p->nmonths; i++)
		p->dues_fen += owing[i];
	if (p->amount_fen >= 0 && p->amount_fen != p->dues_fen + p->voluntary_fen) {
		char a[24], b[24], c[24], d[24];
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "the payment comes to %s yuan (dues %s, voluntary %s), not %s",
			       dues_yuan(p->dues_fen + p->voluntary_fen, a), dues_yuan(p->dues_fen, b), dues_yuan(p->voluntary_fen, c),
			       dues_yuan(p->amount_fen, d));
	}
	p->to_centre = dues_voluntary_to_centre(p->voluntary_fen, &centre);
	char day[11], now[21];
	date_format(p->paid_on, day);
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO dues_payment (member_id, org_id, collected_by_org_id, paid_on, channel, reference, dues_fen,"
		" voluntary_fen, to_centre, reason, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, w.org_id);
	db_bind_int(q, 3, p->collected_by);
	db_bind_text(q, 4, day);
	db_bind_text(q, 5, p->channel);
	db_bind_text(q, 6, p->reference[0] ? p->reference : NULL);
	db_bind_int(q, 7, p->dues_fen);
	db_bind_int(q, 8, p->voluntary_fen);
	db_bind_int(q, 9, p->to_centre);
	db_bind_text(q, 10, who->reason && who->reason[0] ? who->reason : NULL);
	db_bind_text(q, 11, who->name);
	db_bind_text(q, 12, now);
	if ((e = db_run(q, err)))
		return e;
	p->id = db_last_id(db);
	for (int i = 0; i < p->nmonths && !e; i++) {
		char m[8];
		dues_month_format(p->months[i], m);
		q = db_stmt(db, "INSERT INTO dues_payment_month (payment_id, month, member_id, amount_fen, back_paid)"
				" VALUES (?1, ?2, ?3, ?4, ?5)");
		db_bind_int(q, 1, p->id);
		db_bind_text(q, 2, m);
		db_bind_int(q, 3, member_id);
		db_bind_int(q, 4, owing[i]);
		db_bind_int(q, 5, p->months[i] < paid_month);
		e = db_run(q, err);
	}
	return e;
}

enum jc_err dues_reverse(struct db *db, int64_t member_id, int64_t payment_id, const char *reason,
			 const struct actor *who, int64_t *id, struct jc_error *err)
{
	if (!reason || !reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the payment is cancelled");
	struct db_stmt *q = db_stmt(db,
		"SELECT p.org_id, p.collected_by_org_id, p.channel, p.reference, p.dues_fen, p.voluntary_fen, p.to_centre,"
		" p.reverses, EXISTS (SELECT 1 FROM dues_payment r WHERE r.reverses = p.id)"
		" FROM dues_payment p WHERE p.id = ?1 AND p.member_id = ?2");
	db_bind_int(q, 1, payment_id);
	db_bind_int(q, 2, member_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_EINVAL, "payment_id", NULL, "no payment %lld of this member", (long long)payment_id);
	int64_t org = db_col_int(q, 0), collected = db_col_int(q, 1), dues = db_col_int(q, 4), vol = db_col_int(q, 5);
	int centre = (int)db_col_int(q, 6);
	char channel[16], reference[129];
	snprintf(channel, sizeof(channel), "%s", db_col_text(q, 2));
	snprintf(reference, sizeof(reference), "%s", db_col_text(q, 3) ? db_col_text(q, 3) : "");
	bool is_reversal = !db_col_null(q, 7), reversed = db_col_int(q, 8) != 0;
	db_reset(q);
	if (is_reversal)
		return jc_fail(err, JC_ECONFLICT, "payment_id", NULL, "payment %lld is itself a reversal", (long long)payment_id);
	if (reversed)
		return jc_fail(err, JC_ECONFLICT, "payment_id", NULL, "payment %lld is reversed already", (long long)payment_id);
	char day[11], now[21];
	date_format(date_today(), day);
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO dues_payment (member_id, org_id, collected_by_org_id, paid_on, channel, reference, dues_fen,"
			" voluntary_fen, to_centre, reverses, reason, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, org);
	db_bind_int(q, 3, collected);
	db_bind_text(q, 4, day);
	db_bind_text(q, 5, channel);
	db_bind_text(q, 6, reference[0] ? reference : NULL);
	db_bind_int(q, 7, -dues);
	db_bind_int(q, 8, -vol);
	db_bind_int(q, 9, centre);
	db_bind_int(q, 10, payment_id);
	db_bind_text(q, 11, reason);
	db_bind_text(q, 12, who->name);
	db_bind_text(q, 13, now);
	enum jc_err e = db_run(q, err);
	if (e)
		return e;
	*id = db_last_id(db);
	q = db_stmt(db, "INSERT INTO dues_payment_month (payment_id, month, member_id, amount_fen, back_paid)"
			" SELECT ?1, month, member_id, -amount_fen, 0 FROM dues_payment_month WHERE payment_id = ?2");
	db_bind_int(q, 1, *id);
	db_bind_int(q, 2, payment_id);
	return db_run(q, err);
}

enum jc_err dues_excuse(struct db *db, int64_t member_id, const int *months, int n, const char *reason,
			const struct actor *who, struct jc_error *err)
{
	struct who_member w;
	enum jc_err e = member_load(db, member_id, &w, err);
	if (e)
		return e;
	if (!reason || !reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the months were not paid");
	if (n < 1)
		return jc_fail(err, JC_EINVAL, "months", NULL, "'months' must name at least one month");
	int first, last, now = dues_month_of_day(date_today());
	dues_membership_months(w.admit_date, w.state, w.state_date, &first, &last);
	for (int i = 0; i < n; i++) {
		char m[8];
		dues_month_format(months[i], m);
		if (months[i] < first || months[i] > last || months[i] > now)
			return jc_fail(err, JC_EINVAL, "months", NULL, "%s is not a month of membership up to this one", m);
	}
	char now_s[21];
	clock_format(clock_now(), now_s);
	for (int i = 0; i < n && !e; i++) {
		char m[8];
		dues_month_format(months[i], m);
		struct db_stmt *q = db_stmt(db, "INSERT INTO dues_excuse (member_id, month, reason, recorded_by, recorded_at)"
						" VALUES (?1, ?2, ?3, ?4, ?5)");
		db_bind_int(q, 1, member_id);
		db_bind_text(q, 2, m);
		db_bind_text(q, 3, reason);
		db_bind_text(q, 4, who->name);
		db_bind_text(q, 5, now_s);
		e = db_run(q, err);
	}
	return e;
}
