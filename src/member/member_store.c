/*
 * member_store.c - the member registry in the database.
 *
 * Writes run inside the caller's transaction; each one checks the record (member_rules.c with the
 * rules in force for the member's organisation), writes the row, moves the statistics of every
 * ancestor organisation and adds a history row. Listing walks the organisation path index in
 * tree order, so the first page under any organisation, the national root included, reads only
 * what it returns.
 */
#include "member/member.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "keys/keys.h"
#include "org/org.h"
#include "rules/rules.h"
#include "stats/stats.h"

static struct {
	char *columns, *columns_masked, *select_by_id, *select_masked_by_id, *insert, *update;
} sql;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void member_sql_init(void)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	fields_sql_columns(&member_desc, 0, "m.", &b);
	sql.columns = buf_detach(&b, NULL);
	buf_addf(&b, "SELECT %s FROM member m WHERE m.id = ?1", sql.columns);
	sql.select_by_id = buf_detach(&b, NULL);
	/* The same columns, with the masked copies in place of the sealed values. */
	for (size_t i = 0; i < member_desc.count; i++)
		buf_addf(&b, "%sm.%s%s", i ? ", " : "", member_desc.fields[i].key,
			 member_desc.fields[i].flags & FF_SENSITIVE ? "_masked" : "");
	sql.columns_masked = buf_detach(&b, NULL);
	buf_addf(&b, "SELECT %s FROM member m WHERE m.id = ?1", sql.columns_masked);
	sql.select_masked_by_id = buf_detach(&b, NULL);

	buf_adds(&b, "INSERT INTO member (");
	fields_sql_columns(&member_desc, FF_READONLY, NULL, &b);
	buf_adds(&b, ", created_at, updated_at, import_batch, import_line, id_number_index,"
		     " id_number_masked, phone_masked, address_masked) VALUES (");
	int n = 0;
	for (size_t i = 0; i < member_desc.count; i++)
		if (!(member_desc.fields[i].flags & FF_READONLY))
			buf_addf(&b, "?%d, ", ++n);
	buf_addf(&b, "?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", n + 1, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6,
		 n + 7);
	sql.insert = buf_detach(&b, NULL);

	buf_adds(&b, "UPDATE member SET ");
	int next = fields_sql_assignments(&member_desc, FF_READONLY, 2, &b);
	buf_addf(&b, ", version = version + 1, updated_at = ?%d, id_number_index = ?%d, id_number_masked = ?%d,"
		     " phone_masked = ?%d, address_masked = ?%d WHERE id = ?1", next, next + 1, next + 2, next + 3,
		 next + 4);
	sql.update = buf_detach(&b, NULL);
}

/* The masked copies of the three sealed fields, to parameters i, i+1, i+2. */
static void bind_masked(struct db_stmt *s, int i, const struct member *m)
{
	const char *values[3] = { m->id_number, m->phone, m->address };
	for (int k = 0; k < 3; k++) {
		char masked[320];
		if (!values[k][0]) {
			db_bind_null(s, i + k);
			continue;
		}
		fields_mask(values[k], masked, sizeof(masked));
		db_bind_text(s, i + k, masked);
	}
}

/* The ID number's blind index (or NULL), for uniqueness and lookups without the number. */
static void bind_id_index(struct db_stmt *s, int i, const char *id_number)
{
	if (!id_number[0]) {
		db_bind_null(s, i);
		return;
	}
	unsigned char idx[32];
	keys_blind_index(id_number, strlen(id_number), idx);
	db_bind_blob(s, i, idx, sizeof(idx));
}

/* One member by id with the statement given (sealed or masked columns). */
static enum jc_err get_by_id(struct db *db, const char *const *query, int64_t id, struct member *out,
			     struct jc_error *err)
{
	pthread_once(&sql_once, member_sql_init);
	struct db_stmt *s = db_stmt(db, *query);
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no member %lld", (long long)id);
	fields_read_all(&member_desc, 0, out, s, 0);
	db_reset(s);
	return JC_OK;
}

enum jc_err member_get(struct db *db, int64_t id, struct member *out, struct jc_error *err)
{
	return get_by_id(db, (const char *const *)&sql.select_by_id, id, out, err);
}

enum jc_err member_get_masked(struct db *db, int64_t id, struct member *out, struct jc_error *err)
{
	return get_by_id(db, (const char *const *)&sql.select_masked_by_id, id, out, err);
}

enum jc_err member_rules_load(struct db *db, int64_t org_id, struct member_rules *r, struct rule *storage,
			      struct jc_error *err)
{
	static const char *const keys[MEMBER_RULES] = {
		"member.min_age_at_application", "member.activist_min_months", "member.probation_months",
		"member.probation_max_extension_months", "member.activist_after_application_min_months",
	};
	int today = date_today();
	for (int i = 0; i < MEMBER_RULES; i++) {
		struct jc_error mine = { 0 };
		enum jc_err e = rules_get(db, org_id, keys[i], today, &storage[i], &mine);
		if (e == JC_ENOTFOUND) { /* a key the code asks for and national_rules.def lacks */
			fprintf(stderr, "jiceng: rule '%s' missing: %s\n", keys[i], mine.message);
			abort();
		}
		if (e)
			return jc_error_pass(err, &mine);
	}
	r->min_age = &storage[0];
	r->activist_months = &storage[1];
	r->probation = &storage[2];
	r->max_extension = &storage[3];
	r->apply_to_activist = &storage[4];
	return JC_OK;
}

/* The organisation and Party group a member is placed in must exist, be active and fit. */
static enum jc_err check_placement(struct db *db, const struct member *m, struct org *org,
				   struct jc_error *err)
{
	struct jc_error tmp = { 0 };
	enum jc_err e = org_get(db, m->org_id, org, &tmp);
	if (e == JC_ENOTFOUND)
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "no organisation %lld", (long long)m->org_id);
	if (e)
		return jc_fail(err, e, NULL, NULL, "%s", tmp.message);
	if (strcmp(org->status, "active") != 0)
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "the organisation is dissolved");
	if (!strcmp(org->type, "group"))
		return jc_fail(err, JC_EINVAL, "org_id", NULL,
			       "a member belongs to a branch or committee, not to a Party group (name the group separately)");
	if (m->group_id) {
		struct org g;
		if (org_get(db, m->group_id, &g, NULL) || strcmp(g.type, "group") || g.parent_id != m->org_id)
			return jc_fail(err, JC_EINVAL, "group_id", NULL,
				       "'group_id' must be a Party group of the member's organisation");
	}
	return JC_OK;
}

static enum jc_err id_conflict(enum jc_err e, struct jc_error *err)
{
	if (e == JC_ECONFLICT && err) {
		snprintf(err->field, sizeof(err->field), "id_number");
		snprintf(err->message, sizeof(err->message),
			 "a member with this ID number is registered already");
	}
	return e;
}

static enum jc_err apply_stats(struct db *db, const char *path, const struct member *before,
			       const struct member *after, struct jc_error *err)
{
	struct stats_vec v = { { 0 } };
	struct stats_person p;
	if (before) {
		member_stats_person(before, &p);
		stats_add_person(&v, &p, -1);
	}
	if (after) {
		member_stats_person(after, &p);
		stats_add_person(&v, &p, 1);
	}
	int nonzero = 0;
	for (int i = 0; i < S_COUNT && !nonzero; i++)
		nonzero = v.n[i] != 0;
	if (!nonzero)
		return JC_OK;
	struct stats_acc *acc = stats_acc_new();
	stats_acc_add_path(acc, path, &v);
	enum jc_err e = stats_acc_flush(acc, db, err);
	stats_acc_free(acc);
	return e;
}

enum jc_err member_create(struct db *db, struct member *m, const struct actor *who,
			  struct jc_error *err)
{
	pthread_once(&sql_once, member_sql_init);
	member_complete(m);
	struct org org;
	struct member_rules r;
	struct rule storage[MEMBER_RULES];
	enum jc_err e = member_check_id_number(m, err);
	if (!e)
		e = fields_check_required(&member_desc, m, err);
	if (!e)
		e = check_placement(db, m, &org, err);
	if (e)
		return e;
	if ((e = member_rules_load(db, m->org_id, &r, storage, err)) ||
	    (e = member_check(m, &r, date_today(), err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, sql.insert);
	int p = fields_bind_all(&member_desc, FF_READONLY, m, s, 1);
	db_bind_text(s, p, now);
	bind_id_index(s, p + 3, m->id_number);
	bind_masked(s, p + 4, m);
	if ((e = id_conflict(db_run(s, err), err)))
		return e;
	m->id = db_last_id(db);
	m->version = 1;
	if ((e = apply_stats(db, org.path, NULL, m, err)))
		return e;
	json_t *changes = fields_diff(&member_desc, NULL, m);
	e = history_add(db, "member", m->id, "create", who, changes, err);
	json_decref(changes);
	return e;
}

/* The states a member enters or leaves only through a recorded decision (src/mobile: stopping,
 * restoring, removal as self-withdrawal) or a transfer out of the database (src/transfer). */
static bool decided_state(const char *state)
{
	return !strcmp(state, "stopped") || !strcmp(state, "lapsed") || !strcmp(state, "transferred_out");
}

/* The write shared by member_update and member_update_as: checks, the row, the statistics (of the
 * old organisation's ancestors and the new one's when it moves) and one history row. */
static enum jc_err update_row(struct db *db, const struct member *m_in, const char *action, const struct actor *who,
			      struct jc_error *err)
{
	pthread_once(&sql_once, member_sql_init);
	struct member old, m = *m_in;
	enum jc_err e = member_get(db, m.id, &old, err);
	if (e)
		return e;
	if (!strcmp(action, "update")) {
		if (m.org_id != old.org_id)
			return jc_fail(err, JC_EFORBIDDEN, "org_id", NULL,
				       "'org_id' changes only through a transfer of membership");
		if (strcmp(m.state, old.state) && (decided_state(m.state) || decided_state(old.state)))
			return jc_fail(err, JC_EFORBIDDEN, "state", NULL,
				       "'state' becomes or leaves '%s' only through a recorded decision or a transfer",
				       decided_state(m.state) ? m.state : old.state);
	}
	member_complete(&m);
	struct org org, old_org;
	struct member_rules r;
	struct rule storage[MEMBER_RULES];
	e = member_check_id_number(&m, err);
	if (!e)
		e = fields_check_required(&member_desc, &m, err);
	if (!e)
		e = check_placement(db, &m, &org, err);
	if (!e && m.org_id != old.org_id)
		e = org_get(db, old.org_id, &old_org, err);
	if (e)
		return e;
	if ((e = member_rules_load(db, m.org_id, &r, storage, err)) ||
	    (e = member_check(&m, &r, date_today(), err)))
		return e;
	json_t *changes = fields_diff(&member_desc, &old, &m);
	if (!changes)
		return JC_OK;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, sql.update);
	db_bind_int(s, 1, m.id);
	int p = fields_bind_all(&member_desc, FF_READONLY, &m, s, 2);
	db_bind_text(s, p, now);
	bind_id_index(s, p + 1, m.id_number);
	bind_masked(s, p + 2, &m);
	e = id_conflict(db_run(s, err), err);
	if (!e && m.org_id != old.org_id) { /* the member leaves one subtree's counts for another's */
		e = apply_stats(db, old_org.path, &old, NULL, err);
		if (!e)
			e = apply_stats(db, org.path, NULL, &m, err);
	} else if (!e) {
		e = apply_stats(db, org.path, &old, &m, err);
	}
	if (!e)
		e = history_add(db, "member", m.id, action, who, changes, err);
	json_decref(changes);
	return e;
}

enum jc_err member_update(struct db *db, const struct member *m, const struct actor *who, struct jc_error *err)
{
	return update_row(db, m, "update", who, err);
}

enum jc_err member_update_as(struct db *db, const struct member *m, const char *action, const struct actor *who,
			     struct jc_error *err)
{
	if (!action || !strcmp(action, "update"))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "member_update_as needs an action of its own");
	return update_row(db, m, action, who, err);
}

void member_filter_init(struct member_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->age_min = f->age_max = -1;
	f->mobile = f->lost_contact = -1;
}

/* Appends the WHERE conditions of f; binds are collected in order in params (texts). */
static void filter_sql(const struct member_filter *f, struct buf *q, const char **params, int *np,
		       char scratch[4][16])
{
	struct {
		const char *col, *val;
	} eq[] = { { "m.category", f->category }, { "m.gender", f->gender }, { "m.education", f->education },
		   { "m.occupation", f->occupation }, { "m.ethnicity", f->ethnicity } };
	if (f->state)
		buf_addf(q, " AND m.state = ?%d", (params[(*np)++] = f->state, *np + 2));
	else
		buf_adds(q, " AND m.state IN ('normal', 'stopped')");
	for (size_t i = 0; i < sizeof(eq) / sizeof(eq[0]); i++)
		if (eq[i].val)
			buf_addf(q, " AND %s = ?%d", eq[i].col, (params[(*np)++] = eq[i].val, *np + 2));
	if (f->mobile >= 0)
		buf_addf(q, " AND m.mobile = %d", f->mobile ? 1 : 0);
	if (f->lost_contact >= 0)
		buf_addf(q, " AND m.lost_contact = %d", f->lost_contact ? 1 : 0);
	int year = date_year(date_today());
	if (f->age_min >= 0) { /* born in or before year - age_min */
		snprintf(scratch[0], 16, "%04d-12-31", year - f->age_min);
		buf_addf(q, " AND m.birth_date <= ?%d", (params[(*np)++] = scratch[0], *np + 2));
	}
	if (f->age_max >= 0) {
		snprintf(scratch[1], 16, "%04d-01-01", year - f->age_max);
		buf_addf(q, " AND m.birth_date >= ?%d", (params[(*np)++] = scratch[1], *np + 2));
	}
	if (f->q) { /* a name prefix, or an ID number through its blind index (?19) */
		int n = *np + 3;
		buf_addf(q, " AND (m.name >= ?%d AND m.name < ?%d || x'f48fbfbf' OR m.id_number_index = ?19)", n, n);
		params[(*np)++] = f->q;
	}
}

static bool parse_cursor(const char *c, int64_t *org, int64_t *id)
{
	char *end;
	*org = strtoll(c, &end, 10);
	if (*end != '.' || *org <= 0)
		return false;
	*id = strtoll(end + 1, &end, 10);
	return !*end && *id > 0;
}

/* The subtree range of an organisation's path: [path, path with its last '/' -> '0'). */
static enum jc_err page_query(struct db *db, int64_t org_id, const struct member_filter *f,
			      const char *cursor, int limit, bool masked, struct db_stmt **out,
			      struct jc_error *err)
{
	pthread_once(&sql_once, member_sql_init);
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	int64_t corg = 0, cid = 0;
	if (cursor && *cursor && !parse_cursor(cursor, &corg, &cid))
		return jc_fail(err, JC_EINVAL, "cursor", NULL, "'cursor' is not one this server gave");
	char lo[256], hi[256];
	snprintf(lo, sizeof(lo), "%s", o.path);
	org_subtree_end(o.path, hi);
	if (corg) {
		struct org c;
		if (org_get(db, corg, &c, NULL) || strcmp(c.path, lo) < 0 || strcmp(c.path, hi) >= 0)
			return jc_fail(err, JC_EINVAL, "cursor", NULL, "'cursor' is not one this server gave");
		snprintf(lo, sizeof(lo), "%s", c.path);
	}
	struct buf q = BUF_INIT;
	buf_init(&q, 0);
	buf_addf(&q, "SELECT %s, o.name FROM org o JOIN member m ON m.org_id = o.id"
		     " WHERE o.path >= ?1 AND o.path < ?2", masked ? sql.columns_masked : sql.columns);
	const char *params[16];
	int np = 0;
	char scratch[4][16];
	filter_sql(f, &q, params, &np, scratch);
	if (corg) /* the scan starts at the cursor's organisation (?1 below) */
		buf_adds(&q, " AND (o.path > ?1 OR m.id > ?21)");
	buf_adds(&q, " ORDER BY o.path, m.id");
	if (limit > 0)
		buf_addf(&q, " LIMIT %d", limit);
	struct db_stmt *s = db_stmt_new(db, q.data, err);
	buf_release(&q);
	if (!s)
		return JC_EINTERNAL;
	db_bind_text(s, 1, lo);
	db_bind_text(s, 2, hi);
	for (int i = 0; i < np; i++)
		db_bind_text(s, i + 3, params[i]);
	if (f->q)
		bind_id_index(s, 19, f->q);
	if (corg)
		db_bind_int(s, 21, cid);
	*out = s;
	return JC_OK;
}

enum jc_err member_page(struct db *db, int64_t org_id, const struct member_filter *f,
			const char *cursor, int limit, bool reveal, json_t **items, char next[48],
			struct jc_error *err)
{
	struct db_stmt *s;
	next[0] = '\0';
	enum jc_err e = page_query(db, org_id, f, cursor, limit + 1, !reveal, &s, err);
	if (e)
		return e;
	json_t *list = json_array();
	struct member m;
	int r, n = 0;
	while ((r = db_step(s, err)) == 1) {
		if (n == limit) {
			snprintf(next, 48, "%lld.%lld", (long long)m.org_id, (long long)m.id);
			break;
		}
		int c = fields_read_all(&member_desc, 0, &m, s, 0);
		json_t *j = member_to_json(&m, reveal);
		json_object_set_new(j, "org_name", json_string(db_col_text(s, c)));
		json_array_append_new(list, j);
		n++;
	}
	db_stmt_free(s);
	if (r < 0) {
		json_decref(list);
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	*items = list;
	return JC_OK;
}

enum jc_err member_each(struct db *db, int64_t org_id, bool reveal,
			int (*fn)(const struct member *m, void *ctx), void *ctx, struct jc_error *err)
{
	struct member_filter f;
	member_filter_init(&f);
	struct db_stmt *s;
	enum jc_err e = page_query(db, org_id, &f, NULL, 0, !reveal, &s, err);
	if (e)
		return e;
	struct member m;
	int r;
	while ((r = db_step(s, err)) == 1) {
		fields_read_all(&member_desc, 0, &m, s, 0);
		if (fn(&m, ctx)) {
			db_reset(s);
			break;
		}
	}
	db_stmt_free(s);
	return r < 0 ? (err && err->code ? err->code : JC_EINTERNAL) : JC_OK;
}

void member_write_json(const struct member *m, bool reveal, struct buf *out)
{
	fields_write_json(&member_desc, m, reveal, out);
	int today = date_today();
	if (m->birth_date != DATE_NONE)
		buf_addf(out, ",\"age\":%d", date_years_between(m->birth_date, today));
	if (m->convert_date != DATE_NONE)
		buf_addf(out, ",\"party_age\":%d", date_years_between(m->convert_date, today));
}

json_t *member_to_json(const struct member *m, bool reveal)
{
	json_t *j = fields_to_json(&member_desc, m, reveal);
	int today = date_today();
	if (m->birth_date != DATE_NONE)
		json_object_set_new(j, "age", json_integer(date_years_between(m->birth_date, today)));
	if (m->convert_date != DATE_NONE) /* Party age counts from conversion (党章第七条) */
		json_object_set_new(j, "party_age", json_integer(date_years_between(m->convert_date, today)));
	return j;
}

/* --- bulk registration ------------------------------------------------------------------- */

int64_t member_batch_begin(struct db *db, const char *kind, const char *file, const struct actor *who,
			   struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO import_batch (kind, file_name, actor, started_at) VALUES (?1, ?2, ?3, ?4)");
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, file);
	db_bind_text(s, 3, who->name);
	db_bind_text(s, 4, now);
	return db_run(s, err) == JC_OK ? db_last_id(db) : 0;
}

enum jc_err member_batch_end(struct db *db, int64_t batch, long read, long stored, long bad,
			     struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"UPDATE import_batch SET rows_read = ?2, rows_stored = ?3, rows_bad = ?4 WHERE id = ?1");
	db_bind_int(s, 1, batch);
	db_bind_int(s, 2, read);
	db_bind_int(s, 3, stored);
	db_bind_int(s, 4, bad);
	return db_run(s, err);
}

enum jc_err member_history(struct db *db, int64_t id, int64_t before, int limit, json_t **out,
			   struct jc_error *err)
{
	enum jc_err e = history_list(db, "member", id, before, limit, out, err);
	if (e || json_array_size(*out) >= (size_t)limit)
		return e;
	struct db_stmt *s = db_stmt(db,
		"SELECT b.started_at, b.actor, b.kind, b.file_name, m.import_line, b.id FROM member m"
		" JOIN import_batch b ON b.id = m.import_batch WHERE m.id = ?1");
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0) {
		json_decref(*out);
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	if (r == 1) {
		char reason[300];
		snprintf(reason, sizeof(reason), "%s batch %lld: %s, line %lld", db_col_text(s, 2),
			 (long long)db_col_int(s, 5), db_col_text(s, 3), (long long)db_col_int(s, 4));
		json_array_append_new(*out, json_pack("{s:I,s:s,s:s,s:s,s:s,s:n}", "id", (json_int_t)0, "at",
						      db_col_text(s, 0), "actor", db_col_text(s, 1), "action",
						      "import", "reason", reason, "changes"));
		db_reset(s);
	}
	return JC_OK;
}

/* What a bulk load needs to know of each organisation, looked up once. The member rules are
 * national (not local) unless the rule table says otherwise, so one copy usually serves all. */
struct bulk_org {
	int64_t id; /* 0 = empty slot */
	char *path;
	struct member_rules *mr;
};

struct member_bulk {
	struct db *db;
	struct actor who;
	int64_t batch;
	int today;
	long stored;
	char now[21];
	struct stats_acc *acc;
	struct rule national[MEMBER_RULES];
	struct member_rules national_mr;
	bool rules_local; /* some member rule may be overridden for a subtree */
	struct bulk_org *orgs;
	size_t cap, used;
};

/* Whether some subtree overrides a member rule (then the rules are read per organisation). */
static enum jc_err member_rules_overridden(struct db *db, bool *out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM rule_override WHERE key LIKE 'member.%')");
	if (db_step(q, err) != 1)
		return err->code ? err->code : JC_EINTERNAL;
	*out = db_col_int(q, 0);
	db_reset(q);
	return JC_OK;
}

enum jc_err member_bulk_new(struct db *db, const struct actor *who, int64_t batch_id, struct member_bulk **out,
			    struct jc_error *err)
{
	pthread_once(&sql_once, member_sql_init);
	struct member_bulk *b = xcalloc(1, sizeof(*b));
	b->db = db;
	b->who = *who;
	b->batch = batch_id;
	b->today = date_today();
	clock_format(clock_now(), b->now);
	b->acc = stats_acc_new();
	*out = NULL;
	enum jc_err e = member_rules_load(db, 0, &b->national_mr, b->national, err);
	if (!e)
		e = member_rules_overridden(db, &b->rules_local, err);
	if (e) {
		stats_acc_free(b->acc);
		free(b);
		return e;
	}
	b->cap = 1024;
	b->orgs = xcalloc(b->cap, sizeof(*b->orgs));
	*out = b;
	return JC_OK;
}

static struct bulk_org *bulk_slot(struct bulk_org *orgs, size_t cap, int64_t id)
{
	size_t h = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 17);
	for (size_t i = 0;; i++) {
		struct bulk_org *o = &orgs[(h + i) & (cap - 1)];
		if (o->id == id || o->id == 0)
			return o;
	}
}

static struct bulk_org *bulk_org(struct member_bulk *b, const struct member *m, struct jc_error *err)
{
	struct bulk_org *o = bulk_slot(b->orgs, b->cap, m->org_id);
	if (o->id)
		return o;
	struct org org;
	if (check_placement(b->db, m, &org, err))
		return NULL;
	if ((b->used + 1) * 2 > b->cap) {
		struct bulk_org *old = b->orgs;
		size_t oldcap = b->cap;
		b->cap *= 2;
		b->orgs = xcalloc(b->cap, sizeof(*b->orgs));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].id)
				*bulk_slot(b->orgs, b->cap, old[i].id) = old[i];
		free(old);
		o = bulk_slot(b->orgs, b->cap, m->org_id);
	}
	o->id = m->org_id;
	o->path = xstrdup(org.path);
	o->mr = &b->national_mr;
	if (b->rules_local) {
		struct {
			struct member_rules mr;
			struct rule rules[MEMBER_RULES];
		} *own = xcalloc(1, sizeof(*own));
		if (member_rules_load(b->db, o->id, &own->mr, own->rules, err)) {
			free(own);
			o->id = 0;
			free(o->path);
			o->path = NULL;
			return NULL;
		}
		o->mr = &own->mr;
	}
	b->used++;
	return o;
}

enum jc_err member_bulk_add(struct member_bulk *b, struct member *m, long line, struct jc_error *err)
{
	member_complete(m);
	enum jc_err e = member_check_id_number(m, err);
	if (!e)
		e = fields_check_required(&member_desc, m, err);
	if (e)
		return e;
	struct bulk_org *o = bulk_org(b, m, err);
	if (!o)
		return err ? err->code : JC_EINVAL;
	struct org group_parent;
	if (m->group_id && (e = check_placement(b->db, m, &group_parent, err)))
		return e;
	if ((e = member_check(m, o->mr, b->today, err)))
		return e;
	/* The creation is recorded by the batch and line (see history in migrations/0001). */
	struct db_stmt *s = db_stmt(b->db, sql.insert);
	int p = fields_bind_all(&member_desc, FF_READONLY, m, s, 1);
	db_bind_text_static(s, p, b->now);
	db_bind_int(s, p + 1, b->batch);
	db_bind_int(s, p + 2, line);
	bind_id_index(s, p + 3, m->id_number);
	bind_masked(s, p + 4, m);
	if ((e = id_conflict(db_run(s, err), err)))
		return e;
	m->id = db_last_id(b->db);
	struct stats_person sp;
	member_stats_person(m, &sp);
	stats_acc_add_person(b->acc, o->path, &sp, 1);
	b->stored++;
	return JC_OK;
}

enum jc_err member_bulk_finish(struct member_bulk *b, struct jc_error *err)
{
	return stats_acc_flush(b->acc, b->db, err);
}

long member_bulk_count(const struct member_bulk *b)
{
	return b->stored;
}

void member_bulk_free(struct member_bulk *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->cap; i++) {
		if (!b->orgs[i].id)
			continue;
		free(b->orgs[i].path);
		if (b->orgs[i].mr != &b->national_mr)
			free(b->orgs[i].mr); /* the first member of its allocation */
	}
	stats_acc_free(b->acc);
	free(b->orgs);
	free(b);
}
