/*
 * orglife_appraisal.c - the democratic appraisal of members (民主评议党员, 支部工作条例 第十九条)
 * in the database: opened by a branch for a year with its participants fixed, then each
 * participant's self-appraisal, peer appraisal and democratic vote, then the verdict of a
 * committee or members' meeting grading every rated participant, which closes it. Each write runs
 * in the caller's transaction; the checks are orglife_review_rules.c's, with the facts read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"
#include "orglife/orglife_review.h"

/* An appraisal as the checks need it. */
struct head {
	int64_t id, org_id;
	long year;
	bool closed;
};

static enum jc_err head_load(struct db *db, int64_t id, struct head *h, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT a.org_id, a.year, EXISTS (SELECT 1 FROM appraisal_verdict v WHERE v.appraisal_id = a.id)"
					" FROM appraisal a WHERE a.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no appraisal %lld", (long long)id);
	h->id = id;
	h->org_id = db_col_int(q, 0);
	h->year = (long)db_col_int(q, 1);
	h->closed = db_col_int(q, 2) != 0;
	db_reset(q);
	return JC_OK;
}

/* The day whose rules govern an appraisal of year: its last day, or today while it runs. */
static int reference_day(long year)
{
	int last = date_from_ymd((int)year, 12, 31), today = date_today();
	return last < today ? last : today;
}

static enum jc_err rules_load(struct db *db, int64_t org_id, long year, struct orglife_appraisal_rules *r,
			      struct jc_error *err)
{
	int on = reference_day(year);
	enum jc_err e = rules_get(db, org_id, "orglife.appraisal_levels", on, &r->levels, err);
	if (!e)
		e = rules_get(db, org_id, "orglife.appraisal_excellent_max_percent", on, &r->excellent_max, err);
	if (!e)
		e = rules_get(db, org_id, "orglife.appraisal_rate_probationary", on, &r->rate_probationary, err);
	return e;
}

/* The participants with the steps recorded for each, by member id; *out is malloc'd. */
static enum jc_err entries_load(struct db *db, int64_t id, struct orglife_entry **out, int *n, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT e.member_id, e.category, e.rated,"
		" EXISTS (SELECT 1 FROM appraisal_step s WHERE s.appraisal_id = e.appraisal_id AND s.member_id = e.member_id AND s.step = 'self'),"
		" EXISTS (SELECT 1 FROM appraisal_step s WHERE s.appraisal_id = e.appraisal_id AND s.member_id = e.member_id AND s.step = 'peer'),"
		" EXISTS (SELECT 1 FROM appraisal_vote v WHERE v.appraisal_id = e.appraisal_id AND v.member_id = e.member_id)"
		" FROM appraisal_entry e WHERE e.appraisal_id = ?1 ORDER BY e.member_id");
	db_bind_int(q, 1, id);
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	while ((r = db_step(q, err)) == 1) {
		*out = xgrow(*out, &cap, (size_t)*n + 1, sizeof(**out));
		struct orglife_entry *e = &(*out)[(*n)++];
		e->member_id = db_col_int(q, 0);
		e->probationary = !strcmp(db_col_text(q, 1), "probationary");
		e->rated = db_col_int(q, 2) != 0;
		e->self = db_col_int(q, 3) != 0;
		e->peer = db_col_int(q, 4) != 0;
		e->votes = db_col_int(q, 5) != 0;
	}
	if (r < 0) {
		free(*out);
		*out = NULL;
		return err->code;
	}
	return JC_OK;
}

static const struct orglife_entry *entry_find(const struct orglife_entry *all, int n, int64_t member_id)
{
	for (int i = 0; i < n; i++)
		if (all[i].member_id == member_id)
			return &all[i];
	return NULL;
}

/* --- writing ------------------------------------------------------------------------------------ */

enum jc_err orglife_appraisal_open(struct db *db, int64_t org_id, long year, const struct actor *who, int64_t *id,
				   struct jc_error *err)
{
	if (year < 1921 || year > date_year(date_today()))
		return jc_fail(err, JC_EINVAL, "year", NULL, "'year' must be a year from 1921 to this one");
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	if (!orglife_branch_like(o.type))
		return jc_fail(err, JC_EINVAL, NULL, NULL, "democratic appraisal is held by a branch, not by an organisation of type '%s'",
			       o.type);
	struct db_stmt *q = db_stmt(db, "SELECT id FROM appraisal WHERE org_id = ?1 AND year = ?2");
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 1) {
		long long other = (long long)db_col_int(q, 0);
		db_reset(q);
		return jc_fail(err, JC_ECONFLICT, "year", NULL, "the branch has opened its appraisal of %ld already (appraisal %lld)",
			       year, other);
	}
	struct orglife_appraisal_rules rules;
	if ((e = rules_load(db, org_id, year, &rules, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO appraisal (org_id, year, opened_by, opened_at) VALUES (?1, ?2, ?3, ?4)");
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	db_bind_text(q, 3, who->name);
	db_bind_text(q, 4, now);
	if ((e = db_run(q, err)))
		return e;
	*id = db_last_id(db);
	/* the participants: read them all first, then write (one statement at a time) */
	q = db_stmt(db, "SELECT id, category FROM member WHERE org_id = ?1 AND state = 'normal' ORDER BY id");
	db_bind_int(q, 1, org_id);
	struct {
		int64_t id;
		char category[16];
	} *m = NULL;
	size_t n = 0, cap = 0;
	while ((r = db_step(q, err)) == 1) {
		m = xgrow(m, &cap, n + 1, sizeof(*m));
		m[n].id = db_col_int(q, 0);
		snprintf(m[n].category, sizeof(m[n].category), "%s", db_col_text(q, 1));
		n++;
	}
	if (r < 0)
		e = err->code;
	else if (!n)
		e = jc_fail(err, JC_ECONFLICT, NULL, NULL, "the branch has no member in a normal membership state to appraise");
	for (size_t i = 0; !e && i < n; i++) {
		q = db_stmt(db, "INSERT INTO appraisal_entry (appraisal_id, member_id, category, rated) VALUES (?1, ?2, ?3, ?4)");
		db_bind_int(q, 1, *id);
		db_bind_int(q, 2, m[i].id);
		db_bind_text(q, 3, m[i].category);
		db_bind_int(q, 4, orglife_appraisal_rates(m[i].category, &rules.rate_probationary));
		e = db_run(q, err);
	}
	free(m);
	return e;
}

enum jc_err orglife_appraisal_step(struct db *db, int64_t id, enum orglife_step step, int64_t member_id, const char *text,
				   const struct actor *who, struct jc_error *err)
{
	struct head h;
	struct orglife_appraisal_rules rules;
	struct orglife_entry *all;
	int n;
	enum jc_err e = head_load(db, id, &h, err);
	if (!e)
		e = rules_load(db, h.org_id, h.year, &rules, err);
	if (e || (e = entries_load(db, id, &all, &n, err)))
		return e;
	e = orglife_step_check(step, entry_find(all, n, member_id), h.closed, "member_id", &rules, err);
	free(all);
	if (e)
		return e;
	if (!text || !text[0])
		return jc_fail(err, JC_EINVAL, "text", NULL, "'text' is required");
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO appraisal_step (appraisal_id, member_id, step, text, recorded_by, recorded_at)"
					" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, member_id);
	db_bind_text(q, 3, step == ORGLIFE_STEP_SELF ? "self" : "peer");
	db_bind_text(q, 4, text);
	db_bind_text(q, 5, who->name);
	db_bind_text(q, 6, now);
	return db_run(q, err);
}

enum jc_err orglife_appraisal_votes(struct db *db, int64_t id, const struct orglife_vote *rows, int n, const struct actor *who,
				    struct jc_error *err)
{
	struct head h;
	struct orglife_appraisal_rules rules;
	struct orglife_entry *all;
	int nall;
	enum jc_err e = head_load(db, id, &h, err);
	if (!e)
		e = rules_load(db, h.org_id, h.year, &rules, err);
	if (e || (e = entries_load(db, id, &all, &nall, err)))
		return e;
	char field[64];
	for (int i = 0; !e && i < n; i++) {
		snprintf(field, sizeof(field), "items[%d].member_id", i);
		for (int k = 0; !e && k < i; k++)
			if (rows[k].member_id == rows[i].member_id)
				e = jc_fail(err, JC_EINVAL, field, NULL, "member %lld is listed twice", (long long)rows[i].member_id);
		if (!e)
			e = orglife_step_check(ORGLIFE_STEP_VOTES, entry_find(all, nall, rows[i].member_id), h.closed, field, &rules, err);
		if (!e)
			e = orglife_vote_check(&rows[i], i, nall, &rules, err);
	}
	free(all);
	char now[21];
	clock_format(clock_now(), now);
	for (int i = 0; !e && i < n; i++) {
		struct db_stmt *q = db_stmt(db,
			"INSERT INTO appraisal_vote (appraisal_id, member_id, excellent, qualified, basic, unqualified, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, rows[i].member_id);
		db_bind_int(q, 3, rows[i].excellent);
		db_bind_int(q, 4, rows[i].qualified);
		db_bind_int(q, 5, rows[i].basic);
		db_bind_int(q, 6, rows[i].unqualified);
		db_bind_text(q, 7, who->name);
		db_bind_text(q, 8, now);
		e = db_run(q, err);
	}
	return e;
}

/* The verdict's meeting: of this branch, a committee or members' meeting, in the appraisal's
 * year or after, valid for decisions. */
static enum jc_err verdict_meeting_check(struct db *db, const struct head *h, int64_t meeting_id, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT m.org_id, m.held_on, m.valid,"
		" EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind IN ('committee_meeting', 'members_meeting'))"
		" FROM meeting m WHERE m.id = ?1");
	db_bind_int(q, 1, meeting_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0 || db_col_int(q, 0) != h->org_id) {
		if (r)
			db_reset(q);
		return jc_fail(err, JC_EINVAL, "meeting_id", NULL, "meeting %lld is not a meeting of this branch", (long long)meeting_id);
	}
	int held_on = db_col_date(q, 1);
	bool valid = db_col_int(q, 2) != 0, kind = db_col_int(q, 3) != 0;
	db_reset(q);
	struct rule verdict, quorum;
	enum jc_err e = rules_get(db, h->org_id, "orglife.appraisal_verdict_meeting", held_on, &verdict, err);
	if (e)
		return e;
	if (!kind)
		return rules_refuse(&verdict, err, "meeting_id",
				    "the verdict is given by a branch committee meeting or members' meeting: meeting %lld is neither",
				    (long long)meeting_id);
	if (date_year(held_on) < h->year)
		return rules_refuse(&verdict, err, "meeting_id", "meeting %lld was held before the appraisal's year %ld",
				    (long long)meeting_id, h->year);
	if (!valid) {
		if ((e = rules_get(db, h->org_id, "orglife.quorum_percent", held_on, &quorum, err)))
			return e;
		return rules_refuse(&quorum, err, "meeting_id",
				    "meeting %lld was held without its quorum: it is not valid for decisions", (long long)meeting_id);
	}
	return JC_OK;
}

enum jc_err orglife_appraisal_results(struct db *db, int64_t id, int64_t meeting_id, const struct orglife_grade *rows, int n,
				      const struct actor *who, struct jc_error *err)
{
	struct head h;
	struct orglife_appraisal_rules rules;
	struct orglife_entry *all;
	int nall;
	enum jc_err e = head_load(db, id, &h, err);
	if (e)
		return e;
	if (h.closed)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the appraisal is closed: its results are never changed");
	if ((e = verdict_meeting_check(db, &h, meeting_id, err)) || (e = rules_load(db, h.org_id, h.year, &rules, err)) ||
	    (e = entries_load(db, id, &all, &nall, err)))
		return e;
	e = orglife_results_check(rows, n, all, nall, &rules, err);
	for (int i = 0; !e && i < nall; i++)
		if (all[i].rated && !all[i].votes)
			e = jc_fail(err, JC_ECONFLICT, "items", NULL,
				    "the democratic vote on member %lld is not recorded: the vote comes before the verdict",
				    (long long)all[i].member_id);
	free(all);
	if (e)
		return e;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO appraisal_verdict (appraisal_id, meeting_id, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4)");
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, meeting_id);
	db_bind_text(q, 3, who->name);
	db_bind_text(q, 4, now);
	e = db_run(q, err);
	for (int i = 0; !e && i < n; i++) {
		q = db_stmt(db, "INSERT INTO appraisal_result (appraisal_id, member_id, grade, reason) VALUES (?1, ?2, ?3, ?4)");
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, rows[i].member_id);
		db_bind_text(q, 3, rows[i].grade);
		db_bind_text(q, 4, rows[i].reason[0] ? rows[i].reason : NULL);
		e = db_run(q, err);
	}
	return e;
}

/* --- reading -------------------------------------------------------------------------------------- */

static json_t *step_json(struct db_stmt *q, int col)
{
	if (db_col_null(q, col))
		return json_null();
	return json_pack("{s:s,s:s,s:s}", "text", db_col_text(q, col), "recorded_by", db_col_text(q, col + 1), "recorded_at",
			 db_col_text(q, col + 2));
}

static json_t *result_json(const char *grade, const char *reason)
{
	if (!grade)
		return json_null();
	json_t *j = json_pack("{s:s,s:s?}", "grade", grade, "reason", reason);
	const char *hint = orglife_follow_up(grade);
	if (hint)
		json_object_set_new(j, "follow_up", json_string(hint));
	return j;
}

/* The progress counts of an appraisal. */
static const char progress_sql[] =
	"SELECT (SELECT count(*) FROM appraisal_entry WHERE appraisal_id = ?1),"
	" (SELECT count(*) FROM appraisal_entry WHERE appraisal_id = ?1 AND rated),"
	" (SELECT count(*) FROM appraisal_step WHERE appraisal_id = ?1 AND step = 'self'),"
	" (SELECT count(*) FROM appraisal_step WHERE appraisal_id = ?1 AND step = 'peer'),"
	" (SELECT count(*) FROM appraisal_vote WHERE appraisal_id = ?1),"
	" (SELECT count(*) FROM appraisal_result WHERE appraisal_id = ?1)";

static json_t *progress_json(struct db *db, int64_t id, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, progress_sql);
	db_bind_int(q, 1, id);
	if (db_step(q, err) != 1)
		return NULL;
	json_t *j = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "participants", (json_int_t)db_col_int(q, 0), "rated",
			      (json_int_t)db_col_int(q, 1), "self", (json_int_t)db_col_int(q, 2), "peer", (json_int_t)db_col_int(q, 3),
			      "votes", (json_int_t)db_col_int(q, 4), "results", (json_int_t)db_col_int(q, 5));
	db_reset(q);
	return j;
}

enum jc_err orglife_appraisal_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct head h;
	struct orglife_appraisal_rules rules;
	enum jc_err e = head_load(db, id, &h, err);
	if (e || (e = rules_load(db, h.org_id, h.year, &rules, err)))
		return e;
	struct db_stmt *q = db_stmt(db, "SELECT o.name, a.opened_by, a.opened_at FROM appraisal a JOIN org o ON o.id = a.org_id WHERE a.id = ?1");
	db_bind_int(q, 1, id);
	if (db_step(q, err) != 1)
		return err->code ? err->code : JC_EINTERNAL;
	json_t *j = json_pack("{s:I,s:I,s:s,s:i,s:s,s:s,s:s}", "id", (json_int_t)id, "org_id", (json_int_t)h.org_id, "org_name",
			      db_col_text(q, 0), "year", (int)h.year, "status", h.closed ? "closed" : "open", "opened_by",
			      db_col_text(q, 1), "opened_at", db_col_text(q, 2));
	db_reset(q);
	json_object_set_new(j, "rules", json_pack("{s:o,s:o,s:o}", "levels", rules_json(&rules.levels), "excellent_max_percent",
						  rules_json(&rules.excellent_max), "rate_probationary",
						  rules_json(&rules.rate_probationary)));
	json_t *progress = progress_json(db, id, err);
	if (!progress) {
		json_decref(j);
		return err->code ? err->code : JC_EINTERNAL;
	}
	json_object_set_new(j, "progress", progress);
	/* the participants in name order: never ranked by grade or votes */
	q = db_stmt(db,
		"SELECT e.member_id, p.name, e.category, e.rated,"
		" s.text, s.recorded_by, s.recorded_at, r.text, r.recorded_by, r.recorded_at,"
		" v.excellent, v.qualified, v.basic, v.unqualified, g.grade, g.reason"
		" FROM appraisal_entry e JOIN member p ON p.id = e.member_id"
		" LEFT JOIN appraisal_step s ON s.appraisal_id = e.appraisal_id AND s.member_id = e.member_id AND s.step = 'self'"
		" LEFT JOIN appraisal_step r ON r.appraisal_id = e.appraisal_id AND r.member_id = e.member_id AND r.step = 'peer'"
		" LEFT JOIN appraisal_vote v ON v.appraisal_id = e.appraisal_id AND v.member_id = e.member_id"
		" LEFT JOIN appraisal_result g ON g.appraisal_id = e.appraisal_id AND g.member_id = e.member_id"
		" WHERE e.appraisal_id = ?1 ORDER BY p.name, e.member_id");
	db_bind_int(q, 1, id);
	json_t *list = json_array();
	int r;
	while ((r = db_step(q, err)) == 1) {
		json_t *p = json_pack("{s:I,s:s,s:s,s:b}", "member_id", (json_int_t)db_col_int(q, 0), "name", db_col_text(q, 1),
				      "category", db_col_text(q, 2), "rated", (int)db_col_int(q, 3));
		json_object_set_new(p, "self", step_json(q, 4));
		json_object_set_new(p, "peer", step_json(q, 7));
		json_object_set_new(p, "votes", db_col_null(q, 10) ? json_null() :
			json_pack("{s:I,s:I,s:I,s:I}", "excellent", (json_int_t)db_col_int(q, 10), "qualified",
				  (json_int_t)db_col_int(q, 11), "basic", (json_int_t)db_col_int(q, 12), "unqualified",
				  (json_int_t)db_col_int(q, 13)));
		json_object_set_new(p, "result", result_json(db_col_text(q, 14), db_col_text(q, 15)));
		json_array_append_new(list, p);
	}
	json_object_set_new(j, "participants", list);
	q = db_stmt(db, "SELECT v.meeting_id, m.held_on, v.recorded_by, v.recorded_at FROM appraisal_verdict v"
			" JOIN meeting m ON m.id = v.meeting_id WHERE v.appraisal_id = ?1");
	db_bind_int(q, 1, id);
	if (r >= 0 && (r = db_step(q, err)) == 1) {
		json_object_set_new(j, "verdict", json_pack("{s:I,s:s,s:s,s:s}", "meeting_id", (json_int_t)db_col_int(q, 0), "held_on",
							    db_col_text(q, 1), "recorded_by", db_col_text(q, 2), "recorded_at",
							    db_col_text(q, 3)));
		db_reset(q);
	} else {
		json_object_set_new(j, "verdict", json_null());
	}
	if (r < 0) {
		json_decref(j);
		return err->code;
	}
	*out = j;
	return JC_OK;
}

enum jc_err orglife_appraisal_list(struct db *db, int64_t org_id, long year, int64_t after, int limit, json_t **items,
				   int64_t *next, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	struct db_stmt *q = db_stmt(db,
		"SELECT a.id, a.org_id, o.name, a.year, EXISTS (SELECT 1 FROM appraisal_verdict v WHERE v.appraisal_id = a.id)"
		" FROM appraisal a JOIN org o ON o.id = a.org_id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND (?3 = 0 OR a.year = ?3) AND a.id > ?4 ORDER BY a.id LIMIT ?5");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_int(q, 3, year);
	db_bind_int(q, 4, after);
	db_bind_int(q, 5, limit + 1);
	*items = json_array();
	*next = 0;
	int r, n = 0;
	while ((r = db_step(q, err)) == 1) {
		if (n++ == limit) {
			*next = json_integer_value(json_object_get(json_array_get(*items, (size_t)limit - 1), "id"));
			db_reset(q);
			break;
		}
		json_array_append_new(*items, json_pack("{s:I,s:I,s:s,s:I,s:s}", "id", (json_int_t)db_col_int(q, 0), "org_id",
							(json_int_t)db_col_int(q, 1), "org_name", db_col_text(q, 2), "year",
							(json_int_t)db_col_int(q, 3), "status", db_col_int(q, 4) ? "closed" : "open"));
	}
	for (size_t i = 0; r >= 0 && i < json_array_size(*items); i++) {
		json_t *it = json_array_get(*items, i);
		json_t *p = progress_json(db, json_integer_value(json_object_get(it, "id")), err);
		if (!p)
			r = -1;
		else
			json_object_set_new(it, "progress", p);
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code ? err->code : JC_EINTERNAL;
	}
	return JC_OK;
}

enum jc_err orglife_member_appraisals(struct db *db, int64_t member_id, json_t **items, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT a.id, a.year, a.org_id, o.name, e.category, e.rated,"
		" EXISTS (SELECT 1 FROM appraisal_verdict v WHERE v.appraisal_id = a.id), g.grade, g.reason, v.meeting_id, m.held_on"
		" FROM appraisal_entry e JOIN appraisal a ON a.id = e.appraisal_id JOIN org o ON o.id = a.org_id"
		" LEFT JOIN appraisal_result g ON g.appraisal_id = e.appraisal_id AND g.member_id = e.member_id"
		" LEFT JOIN appraisal_verdict v ON v.appraisal_id = a.id LEFT JOIN meeting m ON m.id = v.meeting_id"
		" WHERE e.member_id = ?1 ORDER BY a.year DESC, a.id DESC");
	db_bind_int(q, 1, member_id);
	*items = json_array();
	int r;
	while ((r = db_step(q, err)) == 1) {
		json_t *it = json_pack("{s:I,s:I,s:I,s:s,s:s,s:b,s:s}", "appraisal_id", (json_int_t)db_col_int(q, 0), "year",
				       (json_int_t)db_col_int(q, 1), "org_id", (json_int_t)db_col_int(q, 2), "org_name",
				       db_col_text(q, 3), "category", db_col_text(q, 4), "rated", (int)db_col_int(q, 5), "status",
				       db_col_int(q, 6) ? "closed" : "open");
		json_object_set_new(it, "result", result_json(db_col_text(q, 7), db_col_text(q, 8)));
		json_object_set_new(it, "meeting_id", db_col_null(q, 9) ? json_null() : json_integer(db_col_int(q, 9)));
		json_object_set_new(it, "decided_on", db_col_null(q, 10) ? json_null() : json_string(db_col_text(q, 10)));
		json_array_append_new(*items, it);
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code;
	}
	return JC_OK;
}

enum jc_err orglife_appraisal_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT o.path FROM appraisal a JOIN org o ON o.id = a.org_id WHERE a.id = ?1");
	db_bind_int(q, 1, id);
	int rc = db_step(q, err);
	*found = rc == 1;
	out[0] = '\0';
	if (rc < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (*found) {
		snprintf(out, cap, "%s", db_col_text(q, 0));
		db_reset(q);
	}
	return JC_OK;
}
