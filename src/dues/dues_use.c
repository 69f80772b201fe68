/*
 * dues_use.c - the use of Party dues (domain-rules §4.3): spending in the five uses of 第十九条
 * on a collective decision (第二十条), money remitted up to the parent and allocated down to a
 * child, never skipping a level (第二十–二十一条) and never beyond what the organisation holds
 * (第十七–十八条); an organisation's yearly income-and-spending statement for its members, and
 * the reconciliation of a subtree.
 *
 * An organisation's own account: what it collected (the payments it took in, less the voluntary
 * parts that go to the Central Committee, 第十一条), what it received from its parent and its
 * children, less what it remitted, allocated and spent. Over a subtree, money moved between its
 * organisations cancels out: what the subtree holds at the end of a year is what it held at the
 * start, plus what it collected and what its top received from above, less what its
 * organisations spent, what went to the Central Committee and what its top remitted upward.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "dues/dues.h"
#include "org/org.h"
#include "orglife/orglife.h"

/* --- the collective decision -------------------------------------------------------------------- */

/* The decision behind a spending or an allocation made on day `on` by organisation o: a valid
 * members' or committee meeting of o held by then; or, for an organisation whose meetings are
 * not kept here (a committee above the branches), the reference of its minutes and the day. */
static enum jc_err decision_check(struct db *db, const struct org *o, struct dues_decision *d, int on, struct jc_error *err)
{
	struct rule rule;
	enum jc_err e = rules_get(db, o->id, "dues.use.collective_decision", on, &rule, err);
	if (e)
		return e;
	bool meetings_here = orglife_branch_like(o->type);
	if (!d->meeting_id) {
		if (meetings_here)
			return rules_refuse(&rule, err, "meeting_id",
					    "a collective decision is needed: name the valid members' or committee meeting that decided it");
		if (!d->ref[0] || d->decided_on == DATE_NONE || d->decided_on > on)
			return rules_refuse(&rule, err, "decision_ref",
					    "a collective decision is needed: name the minutes of the committee's meeting (decision_ref) and its day (decided_on), by the day of the payment");
		return JC_OK;
	}
	struct db_stmt *q = db_stmt(db,
		"SELECT m.org_id, m.held_on, m.valid,"
		" EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind IN ('committee_meeting', 'members_meeting'))"
		" FROM meeting m WHERE m.id = ?1");
	db_bind_int(q, 1, d->meeting_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	bool ours = r == 1 && db_col_int(q, 0) == o->id;
	int held_on = r == 1 ? db_col_date(q, 1) : DATE_NONE;
	bool valid = r == 1 && db_col_int(q, 2), kind = r == 1 && db_col_int(q, 3);
	if (r == 1)
		db_reset(q);
	if (!ours)
		return rules_refuse(&rule, err, "meeting_id", "meeting %lld is not a meeting of this organisation", (long long)d->meeting_id);
	if (!kind)
		return rules_refuse(&rule, err, "meeting_id", "meeting %lld is neither a members' meeting nor a committee meeting",
				    (long long)d->meeting_id);
	if (!valid)
		return rules_refuse(&rule, err, "meeting_id", "meeting %lld was held without its quorum: it is not valid for decisions",
				    (long long)d->meeting_id);
	if (held_on > on)
		return rules_refuse(&rule, err, "meeting_id", "meeting %lld was held after the day of the payment: decide first, then pay",
				    (long long)d->meeting_id);
	d->decided_on = held_on;
	d->ref[0] = '\0';
	return JC_OK;
}

/* Everything that moved an organisation's own account, summed by day, oldest first. */
#define DAYS_SQL                                                                                                         \
	"SELECT d, sum(amt) AS s FROM ("                                                                                          \
	" SELECT paid_on AS d, dues_fen + voluntary_fen - to_centre * voluntary_fen AS amt FROM dues_payment"              \
	"  WHERE collected_by_org_id = ?1"                                                                                 \
	" UNION ALL SELECT on_date, amount_fen FROM dues_transfer WHERE to_org_id = ?1"                                    \
	" UNION ALL SELECT on_date, -amount_fen FROM dues_transfer WHERE from_org_id = ?1"                                 \
	" UNION ALL SELECT spent_on, -amount_fen FROM dues_spending WHERE org_id = ?1"                                     \
	" UNION ALL SELECT on_date, amount_fen FROM dues_opening WHERE org_id = ?1)"                                       \
	" GROUP BY d ORDER BY d"

enum jc_err dues_balance(struct db *db, int64_t org_id, int on, int64_t *out, struct jc_error *err)
{
	char day[11] = "9999-12-31";
	if (on != DATE_NONE)
		date_format(on, day);
	struct db_stmt *q = db_stmt(db, "SELECT coalesce(sum(s), 0) FROM (" DAYS_SQL ") WHERE d <= ?2");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, day);
	if (db_step(q, err) != 1)
		return err->code ? err->code : JC_EINTERNAL;
	*out = db_col_int(q, 0);
	db_reset(q);
	return JC_OK;
}

/* Whether paying amount out on day `on` keeps the account at 0 or above on that day and on every
 * later day anything was recorded (a payment dated back must not overdraw what came after). */
static enum jc_err within_income(struct db *db, int64_t org_id, int64_t amount, int on, struct jc_error *err)
{
	struct rule rule;
	enum jc_err e = rules_get(db, org_id, "dues.use.within_income", on, &rule, err);
	if (e)
		return e;
	char day[11];
	date_format(on, day);
	struct db_stmt *q = db_stmt(db, DAYS_SQL);
	db_bind_int(q, 1, org_id);
	int64_t running = 0, lowest = INT64_MAX;
	bool reached = false;
	int r;
	while ((r = db_step(q, err)) == 1) {
		const char *d = db_col_text(q, 0);
		if (!reached && strcmp(d, day) > 0) {
			reached = true;
			lowest = running; /* the balance at the end of the day itself */
		}
		running += db_col_int(q, 1);
		if (reached && running < lowest)
			lowest = running;
	}
	if (r < 0)
		return err->code;
	if (!reached)
		lowest = running;
	if (amount > lowest) {
		char a[24], b[24];
		return rules_refuse(&rule, err, "amount_fen", "%s yuan is more than the %s yuan this organisation holds on %s and after",
				    dues_yuan(amount, a), dues_yuan(lowest < 0 ? 0 : lowest, b), day);
	}
	return JC_OK;
}

static enum jc_err use_check(struct db *db, int64_t org_id, const char *category, int on, struct jc_error *err)
{
	if (code_find(&dues_uses, category, strlen(category), 0) >= 0)
		return JC_OK;
	struct rule rule;
	enum jc_err e = rules_get(db, org_id, "dues.use.categories", on, &rule, err);
	return e ? e : rules_refuse(&rule, err, "category",
				    "'%s' is not one of the five uses of dues: training, materials, honours, hardship_aid, disaster_relief",
				    category);
}

enum jc_err dues_spend(struct db *db, int64_t org_id, struct dues_spend *s, const struct actor *who,
		       struct jc_error *err)
{
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	if (s->spent_on == DATE_NONE || s->spent_on > date_today())
		return jc_fail(err, JC_EINVAL, "spent_on", NULL, "'spent_on' must be the day it was paid, not in the future");
	if (s->amount_fen < 1 || s->amount_fen > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "'amount_fen' must be an amount in fen above 0");
	if (!s->purpose[0])
		return jc_fail(err, JC_EINVAL, "purpose", NULL, "'purpose' is required: what the money paid for");
	if ((e = use_check(db, org_id, s->category, s->spent_on, err)) || (e = decision_check(db, &o, &s->decision, s->spent_on, err)) ||
	    (e = within_income(db, org_id, s->amount_fen, s->spent_on, err)))
		return e;
	char day[11], decided[11], now[21];
	date_format(s->spent_on, day);
	date_format(s->decision.decided_on, decided);
	clock_format(clock_now(), now);
	char *receipts = s->receipts ? json_dumps(s->receipts, JSON_COMPACT) : NULL;
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO dues_spending (org_id, spent_on, category, amount_fen, purpose, meeting_id, decision_ref, decided_on,"
		" receipts, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, day);
	db_bind_text(q, 3, s->category);
	db_bind_int(q, 4, s->amount_fen);
	db_bind_text(q, 5, s->purpose);
	if (s->decision.meeting_id)
		db_bind_int(q, 6, s->decision.meeting_id);
	else
		db_bind_null(q, 6);
	db_bind_text(q, 7, s->decision.ref[0] ? s->decision.ref : NULL);
	db_bind_text(q, 8, decided);
	db_bind_text(q, 9, receipts);
	db_bind_text(q, 10, who->name);
	db_bind_text(q, 11, now);
	free(receipts);
	if ((e = db_run(q, err)))
		return e;
	s->id = db_last_id(db);
	return JC_OK;
}

enum jc_err dues_transfer(struct db *db, int64_t org_id, struct dues_move *m, const struct actor *who,
			  struct jc_error *err)
{
	struct org from, to;
	enum jc_err e = org_get(db, org_id, &from, err);
	if (e)
		return e;
	if (code_find(&dues_transfer_kinds, m->kind, strlen(m->kind), 0) < 0)
		return jc_fail(err, JC_EINVAL, "kind", NULL, "'kind' must be 'remit' (to the parent) or 'allocate' (to a child)");
	if (m->on == DATE_NONE || m->on > date_today())
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' must be the day the money moved, not in the future");
	if (m->amount_fen < 1 || m->amount_fen > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "'amount_fen' must be an amount in fen above 0");
	if ((e = org_get(db, m->to_org_id, &to, err)) == JC_ENOTFOUND)
		return jc_fail(err, JC_ENOTFOUND, "to_org_id", NULL, "no organisation %lld", (long long)m->to_org_id);
	if (e)
		return e;
	struct rule adjacent;
	if ((e = rules_get(db, org_id, "dues.transfer.adjacent_levels", m->on, &adjacent, err)) ||
	    (e = dues_check_levels(m->kind, from.id, from.parent_id, to.id, to.parent_id, &adjacent, err)))
		return e;
	bool allocate = !strcmp(m->kind, "allocate");
	if (m->category[0] && (e = use_check(db, org_id, m->category, m->on, err)))
		return e;
	if (allocate && (e = decision_check(db, &from, &m->decision, m->on, err)))
		return e;
	if ((e = within_income(db, org_id, m->amount_fen, m->on, err)))
		return e;
	char day[11], decided[11], now[21];
	date_format(m->on, day);
	date_format(m->decision.decided_on, decided);
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO dues_transfer (kind, from_org_id, to_org_id, on_date, amount_fen, category, meeting_id, decision_ref,"
		" decided_on, note, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	db_bind_text(q, 1, m->kind);
	db_bind_int(q, 2, org_id);
	db_bind_int(q, 3, to.id);
	db_bind_text(q, 4, day);
	db_bind_int(q, 5, m->amount_fen);
	db_bind_text(q, 6, m->category[0] ? m->category : NULL);
	if (allocate && m->decision.meeting_id)
		db_bind_int(q, 7, m->decision.meeting_id);
	else
		db_bind_null(q, 7);
	db_bind_text(q, 8, allocate && m->decision.ref[0] ? m->decision.ref : NULL);
	db_bind_text(q, 9, allocate ? decided : NULL);
	db_bind_text(q, 10, m->note[0] ? m->note : NULL);
	db_bind_text(q, 11, who->name);
	db_bind_text(q, 12, now);
	if ((e = db_run(q, err)))
		return e;
	m->id = db_last_id(db);
	return JC_OK;
}

enum jc_err dues_open_books(struct db *db, int64_t org_id, struct dues_opening *o, const struct actor *who,
			   struct jc_error *err)
{
	if (o->on == DATE_NONE || o->on > date_today())
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' must be the day the balance was taken over, not in the future");
	if (o->amount_fen < 0 || o->amount_fen > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, "amount_fen", NULL, "'amount_fen' must be an amount in fen, 0 or more");
	if (!o->source[0])
		return jc_fail(err, JC_EINVAL, "source", NULL, "'source' must name the books the balance comes from");
	struct db_stmt *q = db_stmt(db, "SELECT on_date FROM dues_opening WHERE org_id = ?1");
	db_bind_int(q, 1, org_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r) {
		char taken[11];
		snprintf(taken, sizeof(taken), "%s", db_col_text(q, 0));
		db_reset(q);
		return jc_fail(err, JC_ECONFLICT, "on", NULL,
			       "the balance of the earlier books was taken over on %s already: a later difference is money in or out", taken);
	}
	char day[11], now[21];
	date_format(o->on, day);
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO dues_opening (org_id, on_date, amount_fen, source, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, day);
	db_bind_int(q, 3, o->amount_fen);
	db_bind_text(q, 4, o->source);
	db_bind_text(q, 5, who->name);
	db_bind_text(q, 6, now);
	return db_run(q, err);
}

/* --- flows over a year -------------------------------------------------------------------------- */

static const char *const flow_names[] = { "opening", "brought_forward", "collected", "voluntary", "to_centre", "received_from_parent",
					  "received_from_children", "remitted_up", "allocated_down", "spent", "closing" };

static int use_index(const char *category)
{
	int i = code_find(&dues_uses, category, strlen(category), 0);
	return i >= 0 && i < 5 ? i : 4;
}

/* Calls add(ctx, org_id, path, flows) with one organisation's flows of the year at a time - an
 * organisation may come several times (once per kind of flow) - for every organisation whose
 * path lies in [lo, hi). Only flows are filled in; opening holds the net of everything before
 * the year, brought_forward the balance of earlier books taken over within it. */
typedef void (*flow_fn)(void *ctx, int64_t org_id, const char *path, const struct dues_flows *f);

/* A statement over the organisations in [lo, hi) and the year [y0, y1]: ?1 ?2 ?3 ?4. */
static struct db_stmt *year_query(struct db *db, const char *lo, const char *hi, const char *y0, const char *y1,
				  const char *sql)
{
	struct db_stmt *q = db_stmt(db, sql);
	db_bind_text(q, 1, lo);
	db_bind_text(q, 2, hi);
	db_bind_text(q, 3, y0);
	db_bind_text(q, 4, y1);
	return q;
}

static enum jc_err flows_each(struct db *db, const char *lo, const char *hi, int year, flow_fn add, void *ctx,
			      struct jc_error *err)
{
	char y0[11], y1[11];
	date_format(date_from_ymd(year, 1, 1), y0);
	date_format(date_from_ymd(year, 12, 31), y1);
	struct db_stmt *q = year_query(db, lo, hi, y0, y1,
		"SELECT o.id, o.path,"
		" sum(CASE WHEN p.paid_on < ?3 THEN p.dues_fen + p.voluntary_fen - p.to_centre * p.voluntary_fen ELSE 0 END),"
		" sum(CASE WHEN p.paid_on BETWEEN ?3 AND ?4 THEN p.dues_fen ELSE 0 END),"
		" sum(CASE WHEN p.paid_on BETWEEN ?3 AND ?4 THEN p.voluntary_fen ELSE 0 END),"
		" sum(CASE WHEN p.paid_on BETWEEN ?3 AND ?4 THEN p.to_centre * p.voluntary_fen ELSE 0 END)"
		" FROM dues_payment p JOIN org o ON o.id = p.collected_by_org_id WHERE o.path >= ?1 AND o.path < ?2"
		" AND p.paid_on <= ?4 GROUP BY o.id");
	int r;
	while ((r = db_step(q, err)) == 1) {
		struct dues_flows f = { 0 };
		f.opening = db_col_int(q, 2);
		f.collected = db_col_int(q, 3);
		f.voluntary = db_col_int(q, 4);
		f.to_centre = db_col_int(q, 5);
		add(ctx, db_col_int(q, 0), db_col_text(q, 1), &f);
	}
	if (r < 0)
		return err->code;
	/* money in and out, by the organisation at each end */
	static const char *const moves[2] = {
		"SELECT o.id, o.path, t.kind, sum(CASE WHEN t.on_date < ?3 THEN t.amount_fen ELSE 0 END),"
		" sum(CASE WHEN t.on_date BETWEEN ?3 AND ?4 THEN t.amount_fen ELSE 0 END)"
		" FROM dues_transfer t JOIN org o ON o.id = t.to_org_id WHERE o.path >= ?1 AND o.path < ?2 AND t.on_date <= ?4"
		" GROUP BY o.id, t.kind",
		"SELECT o.id, o.path, t.kind, sum(CASE WHEN t.on_date < ?3 THEN t.amount_fen ELSE 0 END),"
		" sum(CASE WHEN t.on_date BETWEEN ?3 AND ?4 THEN t.amount_fen ELSE 0 END)"
		" FROM dues_transfer t JOIN org o ON o.id = t.from_org_id WHERE o.path >= ?1 AND o.path < ?2 AND t.on_date <= ?4"
		" GROUP BY o.id, t.kind",
	};
	for (int out = 0; out < 2; out++) {
		q = year_query(db, lo, hi, y0, y1, moves[out]);
		while ((r = db_step(q, err)) == 1) {
			struct dues_flows f = { 0 };
			bool remit = !strcmp(db_col_text(q, 2), "remit");
			int64_t before = db_col_int(q, 3), within = db_col_int(q, 4);
			f.opening = out ? -before : before;
			if (out)
				*(remit ? &f.remitted_up : &f.allocated_down) = within;
			else
				*(remit ? &f.received_from_children : &f.received_from_parent) = within;
			add(ctx, db_col_int(q, 0), db_col_text(q, 1), &f);
		}
		if (r < 0)
			return err->code;
	}
	/* the balance of earlier books: before the year, or brought forward within it */
	q = year_query(db, lo, hi, y0, y1,
		"SELECT o.id, o.path, b.on_date < ?3, b.amount_fen FROM dues_opening b JOIN org o ON o.id = b.org_id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND b.on_date <= ?4");
	while ((r = db_step(q, err)) == 1) {
		struct dues_flows f = { 0 };
		*(db_col_int(q, 2) ? &f.opening : &f.brought_forward) = db_col_int(q, 3);
		add(ctx, db_col_int(q, 0), db_col_text(q, 1), &f);
	}
	if (r < 0)
		return err->code;
	q = year_query(db, lo, hi, y0, y1,
		"SELECT o.id, o.path, s.category, sum(CASE WHEN s.spent_on < ?3 THEN s.amount_fen ELSE 0 END),"
		" sum(CASE WHEN s.spent_on BETWEEN ?3 AND ?4 THEN s.amount_fen ELSE 0 END)"
		" FROM dues_spending s JOIN org o ON o.id = s.org_id WHERE o.path >= ?1 AND o.path < ?2 AND s.spent_on <= ?4"
		" GROUP BY o.id, s.category");
	while ((r = db_step(q, err)) == 1) {
		struct dues_flows f = { 0 };
		f.opening = -db_col_int(q, 3);
		f.spent = db_col_int(q, 4);
		f.spent_by_use[use_index(db_col_text(q, 2))] = f.spent;
		add(ctx, db_col_int(q, 0), db_col_text(q, 1), &f);
	}
	return r < 0 ? err->code : JC_OK;
}

static void flows_add(struct dues_flows *to, const struct dues_flows *f)
{
	to->opening += f->opening;
	to->brought_forward += f->brought_forward;
	to->collected += f->collected;
	to->voluntary += f->voluntary;
	to->to_centre += f->to_centre;
	to->received_from_parent += f->received_from_parent;
	to->received_from_children += f->received_from_children;
	to->remitted_up += f->remitted_up;
	to->allocated_down += f->allocated_down;
	to->spent += f->spent;
	for (int i = 0; i < 5; i++)
		to->spent_by_use[i] += f->spent_by_use[i];
}

static void flows_close(struct dues_flows *f)
{
	f->closing = f->opening + f->brought_forward + f->collected + f->voluntary - f->to_centre + f->received_from_parent +
		     f->received_from_children - f->remitted_up - f->allocated_down - f->spent;
}

static json_t *flows_json(const struct dues_flows *f)
{
	const int64_t v[11] = { f->opening, f->brought_forward, f->collected, f->voluntary, f->to_centre, f->received_from_parent,
				f->received_from_children, f->remitted_up, f->allocated_down, f->spent, f->closing };
	json_t *j = json_object();
	for (int i = 0; i < 11; i++) {
		char key[40];
		snprintf(key, sizeof(key), "%s_fen", flow_names[i]);
		json_object_set_new(j, key, json_integer(v[i]));
	}
	json_t *uses = json_object();
	for (int i = 0; i < 5; i++)
		json_object_set_new(uses, dues_uses.codes[i].key, json_integer(f->spent_by_use[i]));
	json_object_set_new(j, "spent_by_use_fen", uses);
	return j;
}

static void add_one(void *ctx, int64_t org_id, const char *path, const struct dues_flows *f)
{
	(void)org_id;
	(void)path;
	flows_add(ctx, f);
}

/* One organisation's own flows of a year. */
static enum jc_err flows_of(struct db *db, const struct org *o, int year, struct dues_flows *out, struct jc_error *err)
{
	char hi[260];
	snprintf(hi, sizeof(hi), "%s\x01", o->path); /* the organisation alone: its path and nothing under it */
	memset(out, 0, sizeof(*out));
	enum jc_err e = flows_each(db, o->path, hi, year, add_one, out, err);
	flows_close(out);
	return e;
}

/* --- the statement ----------------------------------------------------------------------------- */

static enum jc_err statement_lists(struct db *db, int64_t org_id, int year, json_t *j, struct jc_error *err)
{
	char y0[11], y1[11];
	date_format(date_from_ymd(year, 1, 1), y0);
	date_format(date_from_ymd(year, 12, 31), y1);
	/* collected month by month, with what of it was back payment and what went to the centre */
	struct db_stmt *q = db_stmt(db,
		"SELECT substr(p.paid_on, 1, 7) AS m, sum(p.dues_fen), sum(p.voluntary_fen), sum(p.to_centre * p.voluntary_fen),"
		" count(*), (SELECT coalesce(sum(x.amount_fen), 0) FROM dues_payment_month x JOIN dues_payment y ON y.id = x.payment_id"
		"   WHERE y.collected_by_org_id = ?1 AND substr(y.paid_on, 1, 7) = substr(p.paid_on, 1, 7) AND x.month < substr(y.paid_on, 1, 7))"
		" FROM dues_payment p WHERE p.collected_by_org_id = ?1 AND p.paid_on BETWEEN ?2 AND ?3 GROUP BY m ORDER BY m");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, y0);
	db_bind_text(q, 3, y1);
	json_t *months = json_array();
	int r;
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(months, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "month", db_col_text(q, 0), "collected_fen",
							(json_int_t)db_col_int(q, 1), "back_paid_fen", (json_int_t)db_col_int(q, 5),
							"voluntary_fen", (json_int_t)db_col_int(q, 2), "to_centre_fen",
							(json_int_t)db_col_int(q, 3), "payments", (json_int_t)db_col_int(q, 4)));
	json_object_set_new(j, "months", months);
	if (r < 0)
		return err->code;
	q = db_stmt(db, "SELECT s.id, s.spent_on, s.category, s.amount_fen, s.purpose, s.meeting_id, s.decision_ref, s.decided_on"
			" FROM dues_spending s WHERE s.org_id = ?1 AND s.spent_on BETWEEN ?2 AND ?3 ORDER BY s.spent_on, s.id");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, y0);
	db_bind_text(q, 3, y1);
	json_t *spending = json_array();
	while ((r = db_step(q, err)) == 1) {
		const char *cat = db_col_text(q, 2);
		json_t *x = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(q, 0), "spent_on",
				      db_col_text(q, 1), "category", cat, "category_zh", code_zh(&dues_uses, cat), "category_en",
				      dues_uses.codes[use_index(cat)].en, "amount_fen", (json_int_t)db_col_int(q, 3), "purpose",
				      db_col_text(q, 4), "decided_on", db_col_text(q, 7));
		json_object_set_new(x, "meeting_id", db_col_null(q, 5) ? json_null() : json_integer(db_col_int(q, 5)));
		json_object_set_new(x, "decision_ref", db_col_null(q, 6) ? json_null() : json_string(db_col_text(q, 6)));
		json_array_append_new(spending, x);
	}
	json_object_set_new(j, "spending", spending);
	if (r < 0)
		return err->code;
	q = db_stmt(db, "SELECT t.id, t.kind, t.from_org_id = ?1, CASE WHEN t.from_org_id = ?1 THEN t.to_org_id ELSE t.from_org_id END,"
			" o.name, t.on_date, t.amount_fen, t.category, t.note FROM dues_transfer t"
			" JOIN org o ON o.id = CASE WHEN t.from_org_id = ?1 THEN t.to_org_id ELSE t.from_org_id END"
			" WHERE (t.from_org_id = ?1 OR t.to_org_id = ?1) AND t.on_date BETWEEN ?2 AND ?3 ORDER BY t.on_date, t.id");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, y0);
	db_bind_text(q, 3, y1);
	json_t *transfers = json_array();
	while ((r = db_step(q, err)) == 1) {
		json_t *x = json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:I}", "id", (json_int_t)db_col_int(q, 0), "kind", db_col_text(q, 1),
				      "direction", db_col_int(q, 2) ? "out" : "in", "other_org_id", (json_int_t)db_col_int(q, 3),
				      "other_org_name", db_col_text(q, 4), "on", db_col_text(q, 5), "amount_fen",
				      (json_int_t)db_col_int(q, 6));
		json_object_set_new(x, "category", db_col_null(q, 7) ? json_null() : json_string(db_col_text(q, 7)));
		json_object_set_new(x, "note", db_col_null(q, 8) ? json_null() : json_string(db_col_text(q, 8)));
		json_array_append_new(transfers, x);
	}
	json_object_set_new(j, "transfers", transfers);
	return r < 0 ? err->code : JC_OK;
}

/* The balance of the books kept before, if taken over: {on, amount_fen, source}, or null. */
static enum jc_err statement_taken_over(struct db *db, int64_t org_id, json_t *j, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT on_date, amount_fen, source FROM dues_opening WHERE org_id = ?1");
	db_bind_int(q, 1, org_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	json_object_set_new(j, "taken_over", !r ? json_null()
		: json_pack("{s:s,s:I,s:s}", "on", db_col_text(q, 0), "amount_fen", (json_int_t)db_col_int(q, 1), "source",
			    db_col_text(q, 2)));
	if (r)
		db_reset(q);
	return JC_OK;
}

/* How the organisation's own members paid in the year, counted in member-months up to this month. */
static enum jc_err statement_members(struct db *db, int64_t org_id, int year, json_t *j, struct jc_error *err)
{
	struct dues_roll roll;
	enum jc_err e = dues_roll_load(db, org_id, false, false, DUES_MAX_ITEMS, &roll, err);
	if (e)
		return e;
	int today = date_today(), now = dues_month_of_day(today);
	bool yearly;
	if ((e = dues_fixed_yearly(db, org_id, today, &yearly, err))) {
		dues_roll_release(&roll);
		return e;
	}
	long counts[8] = { 0 };
	int members = 0;
	int end = dues_month(year, 12) < now ? dues_month(year, 12) : now;
	for (int i = 0; i < roll.n; i++) {
		bool counted = false;
		for (int m = dues_month(year, 1); m <= end; m++) {
			struct dues_month_state s;
			dues_month_state(&roll.m[i].f, m, yearly, now, &s);
			if (s.status == DUES_NOT_MEMBER)
				continue;
			counts[s.status]++;
			counted = true;
		}
		members += counted;
	}
	dues_roll_release(&roll);
	json_t *c = json_object();
	for (int s = DUES_NO_STANDARD; s <= DUES_OPEN; s++)
		json_object_set_new(c, dues_status_key((enum dues_status)s), json_integer(counts[s]));
	json_object_set_new(j, "members", json_pack("{s:i,s:o}", "count", members, "member_months", c));
	return JC_OK;
}

enum jc_err dues_statement_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err)
{
	struct org o;
	struct dues_flows f;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (!e)
		e = flows_of(db, &o, year, &f, err);
	if (e)
		return e;
	json_t *j = json_pack("{s:I,s:s,s:s,s:i,s:o}", "org_id", (json_int_t)o.id, "org_name", o.name, "org_type", o.type, "year",
			      year, "flows", flows_json(&f));
	if ((e = statement_taken_over(db, org_id, j, err)) || (e = statement_lists(db, org_id, year, j, err)) ||
	    (e = statement_members(db, org_id, year, j, err))) {
		json_decref(j);
		return e;
	}
	*out = j;
	return JC_OK;
}

/* --- the reconciliation of a subtree ----------------------------------------------------------------- */

struct bucket {
	int64_t id;
	char name[193], code[33];
	struct dues_flows f;
};
struct recon {
	const char *top_path;
	size_t top_len;
	struct dues_flows self, total;
	struct bucket *children;
	int nchildren;
};

static void add_recon(void *ctx, int64_t org_id, const char *path, const struct dues_flows *f)
{
	(void)org_id;
	struct recon *rc = ctx;
	flows_add(&rc->total, f);
	if (strlen(path) == rc->top_len) {
		flows_add(&rc->self, f);
		return;
	}
	int64_t child = strtoll(path + rc->top_len, NULL, 10); /* the next segment of the path */
	for (int i = 0; i < rc->nchildren; i++)
		if (rc->children[i].id == child) {
			flows_add(&rc->children[i].f, f);
			return;
		}
}

static json_t *check(const char *name, int64_t left, int64_t right)
{
	return json_pack("{s:s,s:I,s:I,s:b}", "check", name, "left_fen", (json_int_t)left, "right_fen", (json_int_t)right, "holds",
			 left == right);
}

enum jc_err dues_reconciliation_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	struct recon rc = { top.path, strlen(top.path), { 0 }, { 0 }, NULL, 0 };
	size_t alloc = 0;
	struct db_stmt *q = db_stmt(db, "SELECT id, name, code FROM org WHERE parent_id = ?1 ORDER BY code");
	db_bind_int(q, 1, org_id);
	int r;
	while ((r = db_step(q, err)) == 1) {
		rc.children = xgrow(rc.children, &alloc, (size_t)rc.nchildren + 1, sizeof(*rc.children));
		struct bucket *b = &rc.children[rc.nchildren++];
		memset(b, 0, sizeof(*b));
		b->id = db_col_int(q, 0);
		snprintf(b->name, sizeof(b->name), "%s", db_col_text(q, 1));
		snprintf(b->code, sizeof(b->code), "%s", db_col_text(q, 2));
	}
	char hi[256];
	org_subtree_end(top.path, hi);
	if (r < 0 || (e = flows_each(db, top.path, hi, year, add_recon, &rc, err))) {
		free(rc.children);
		return r < 0 ? err->code : e;
	}
	flows_close(&rc.self);
	flows_close(&rc.total);
	json_t *children = json_array();
	int64_t sum_closing = rc.self.closing;
	for (int i = 0; i < rc.nchildren; i++) {
		struct bucket *b = &rc.children[i];
		flows_close(&b->f);
		sum_closing += b->f.closing;
		json_t *x = flows_json(&b->f);
		json_object_set_new(x, "org_id", json_integer(b->id));
		json_object_set_new(x, "org_name", json_string(b->name));
		json_object_set_new(x, "org_code", json_string(b->code));
		json_array_append_new(children, x);
	}
	free(rc.children);
	const struct dues_flows *t = &rc.total, *s = &rc.self;
	/* what came into the subtree from outside and what left it: only its top has a parent outside */
	int64_t from_outside = s->received_from_parent, to_outside = s->remitted_up;
	int64_t expected = t->opening + t->brought_forward + t->collected + t->voluntary - t->to_centre + from_outside - to_outside - t->spent;
	json_t *checks = json_array();
	json_array_append_new(checks, check("subtree closing = opening + brought forward + collected + voluntary - to centre + received from above"
					    " - remitted above - spent", t->closing, expected));
	json_array_append_new(checks, check("subtree closing = own closing + each child's subtree closing", t->closing, sum_closing));
	json_array_append_new(checks, check("remitted up inside the subtree = received from children", t->remitted_up - s->remitted_up,
					    t->received_from_children));
	json_array_append_new(checks, check("allocated down = received from parents inside the subtree", t->allocated_down,
					    t->received_from_parent - s->received_from_parent));
	bool holds = true;
	size_t i;
	json_t *c;
	json_array_foreach(checks, i, c)
		holds &= json_is_true(json_object_get(c, "holds"));
	json_t *subtree = flows_json(t);
	json_object_set_new(subtree, "from_outside_fen", json_integer(from_outside));
	json_object_set_new(subtree, "to_outside_fen", json_integer(to_outside));
	*out = json_pack("{s:I,s:s,s:i,s:o,s:o,s:o,s:o,s:b}", "org_id", (json_int_t)top.id, "org_name", top.name, "year", year, "own",
			 flows_json(s), "children", children, "subtree", subtree, "checks", checks, "adds_up", holds);
	return JC_OK;
}
