/*
 * orglife_items.c - the issue list and the rectification list of an organisational-life meeting
 * (组织生活会, 支部工作条例 第十七条: criticism and self-criticism at the meeting, a rectification
 * list afterwards) in the database. An item belongs to a meeting counted as life_meeting; a
 * rectification has an owner and a day it is due, and may answer an issue of the same meeting. An
 * item is done once, with the day and what was done; an open item past its due day is overdue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife_review.h"

enum jc_err orglife_item_record(struct db *db, int64_t meeting_id, const struct orglife_life_item *it, const struct actor *who,
				int64_t *id, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT m.org_id, m.held_on,"
					" EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind = 'life_meeting')"
					" FROM meeting m WHERE m.id = ?1");
	db_bind_int(q, 1, meeting_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no meeting %lld", (long long)meeting_id);
	int64_t org_id = db_col_int(q, 0);
	struct orglife_item_facts f = { db_col_int(q, 2) != 0, db_col_date(q, 1), false, false };
	db_reset(q);
	char owner[97];
	snprintf(owner, sizeof(owner), "%s", it->owner_name);
	if (it->owner_member_id) {
		q = db_stmt(db, "SELECT name FROM member WHERE id = ?1 AND org_id = ?2 AND state = 'normal'");
		db_bind_int(q, 1, it->owner_member_id);
		db_bind_int(q, 2, org_id);
		if ((r = db_step(q, err)) < 0)
			return err->code;
		if (r == 1) {
			f.owner_belongs = true;
			snprintf(owner, sizeof(owner), "%s", db_col_text(q, 0));
			db_reset(q);
		}
	}
	if (it->issue_id) {
		q = db_stmt(db, "SELECT count(*) FROM life_item WHERE id = ?1 AND meeting_id = ?2 AND kind = 'issue'");
		db_bind_int(q, 1, it->issue_id);
		db_bind_int(q, 2, meeting_id);
		if (db_step(q, err) != 1)
			return err->code;
		f.issue_ok = db_col_int(q, 0) > 0;
		db_reset(q);
	}
	struct rule lists;
	enum jc_err e = rules_get(db, org_id, "orglife.life_meeting_lists", f.held_on, &lists, err);
	if (e || (e = orglife_item_check(it, &f, &lists, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO life_item (meeting_id, kind, text, owner_member_id, owner_name, due, issue_id, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	db_bind_int(q, 1, meeting_id);
	db_bind_text(q, 2, it->kind);
	db_bind_text(q, 3, it->text);
	if (it->owner_member_id)
		db_bind_int(q, 4, it->owner_member_id);
	else
		db_bind_null(q, 4);
	db_bind_text(q, 5, owner[0] ? owner : NULL);
	db_bind_date(q, 6, it->due);
	if (it->issue_id)
		db_bind_int(q, 7, it->issue_id);
	else
		db_bind_null(q, 7);
	db_bind_text(q, 8, who->name);
	db_bind_text(q, 9, now);
	if ((e = db_run(q, err)))
		return e;
	*id = db_last_id(db);
	return JC_OK;
}

enum jc_err orglife_item_done(struct db *db, int64_t id, int done_on, const char *outcome, const struct actor *who,
			      struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT m.held_on, EXISTS (SELECT 1 FROM life_item_done d WHERE d.item_id = i.id)"
					" FROM life_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no item %lld", (long long)id);
	int held_on = db_col_date(q, 0);
	bool done = db_col_int(q, 1) != 0;
	db_reset(q);
	enum jc_err e = orglife_done_check(done_on, held_on, date_today(), done, outcome, err);
	if (e)
		return e;
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO life_item_done (item_id, done_on, outcome, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	db_bind_int(q, 1, id);
	db_bind_date(q, 2, done_on);
	db_bind_text(q, 3, outcome);
	db_bind_text(q, 4, who->name);
	db_bind_text(q, 5, now);
	return db_run(q, err);
}

/* --- reading ------------------------------------------------------------------------------------ */

#define ITEM_COLUMNS                                                                                                     \
	"i.id, i.meeting_id, m.org_id, o.name, m.held_on, i.kind, i.text, i.owner_member_id, i.owner_name, i.due,"        \
	" i.issue_id, d.done_on, d.outcome, d.recorded_by, d.recorded_at, i.recorded_by, i.recorded_at"                   \
	" FROM life_item i JOIN meeting m ON m.id = i.meeting_id JOIN org o ON o.id = m.org_id"                          \
	" LEFT JOIN life_item_done d ON d.item_id = i.id"

static json_t *opt_int(struct db_stmt *q, int col)
{
	return db_col_null(q, col) ? json_null() : json_integer(db_col_int(q, col));
}

static json_t *opt_text(struct db_stmt *q, int col)
{
	return db_col_null(q, col) ? json_null() : json_string(db_col_text(q, col));
}

static json_t *item_row(struct db_stmt *q, const char *today)
{
	bool done = !db_col_null(q, 11);
	const char *due = db_col_text(q, 9);
	json_t *j = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(q, 0), "meeting_id",
			      (json_int_t)db_col_int(q, 1), "org_id", (json_int_t)db_col_int(q, 2), "org_name", db_col_text(q, 3),
			      "held_on", db_col_text(q, 4), "kind", db_col_text(q, 5), "text", db_col_text(q, 6));
	json_object_set_new(j, "owner_member_id", opt_int(q, 7));
	json_object_set_new(j, "owner_name", opt_text(q, 8));
	json_object_set_new(j, "due", opt_text(q, 9));
	json_object_set_new(j, "issue_id", opt_int(q, 10));
	json_object_set_new(j, "status", json_string(done ? "done" : "open"));
	json_object_set_new(j, "overdue", json_boolean(!done && due && strcmp(due, today) < 0));
	json_object_set_new(j, "done_on", opt_text(q, 11));
	json_object_set_new(j, "outcome", opt_text(q, 12));
	json_object_set_new(j, "done_by", opt_text(q, 13));
	json_object_set_new(j, "done_at", opt_text(q, 14));
	json_object_set_new(j, "recorded_by", json_string(db_col_text(q, 15)));
	json_object_set_new(j, "recorded_at", json_string(db_col_text(q, 16)));
	return j;
}

enum jc_err orglife_item_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	char today[11];
	date_format(date_today(), today);
	struct db_stmt *q = db_stmt(db, "SELECT " ITEM_COLUMNS " WHERE i.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no item %lld", (long long)id);
	*out = item_row(q, today);
	db_reset(q);
	return JC_OK;
}

enum jc_err orglife_meeting_items(struct db *db, int64_t meeting_id, json_t **out, struct jc_error *err)
{
	char today[11];
	date_format(date_today(), today);
	struct db_stmt *q = db_stmt(db, "SELECT held_on FROM meeting WHERE id = ?1");
	db_bind_int(q, 1, meeting_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no meeting %lld", (long long)meeting_id);
	json_t *j = json_pack("{s:I,s:s}", "meeting_id", (json_int_t)meeting_id, "held_on", db_col_text(q, 0));
	db_reset(q);
	json_t *items = json_array();
	q = db_stmt(db, "SELECT " ITEM_COLUMNS " WHERE i.meeting_id = ?1 ORDER BY i.id");
	db_bind_int(q, 1, meeting_id);
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(items, item_row(q, today));
	json_object_set_new(j, "items", items);
	if (r < 0) {
		json_decref(j);
		return err->code;
	}
	*out = j;
	return JC_OK;
}

enum jc_err orglife_item_list(struct db *db, int64_t org_id, const char *status, int64_t after, int limit, json_t **items,
			      int64_t *next, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	int which = !status ? 0 : !strcmp(status, "open") ? 1 : !strcmp(status, "done") ? 2 : !strcmp(status, "overdue") ? 3 : -1;
	if (which < 0)
		return jc_fail(err, JC_EINVAL, "status", NULL, "'status' must be open, done or overdue");
	char hi[256], today[11];
	org_subtree_end(top.path, hi);
	date_format(date_today(), today);
	struct db_stmt *q = db_stmt(db, "SELECT " ITEM_COLUMNS
		" WHERE o.path >= ?1 AND o.path < ?2 AND i.id > ?3"
		" AND (?4 = 0 OR (?4 = 1 AND d.item_id IS NULL) OR (?4 = 2 AND d.item_id IS NOT NULL)"
		" OR (?4 = 3 AND d.item_id IS NULL AND i.due < ?5))"
		" ORDER BY i.id LIMIT ?6");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_int(q, 3, after);
	db_bind_int(q, 4, which);
	db_bind_text(q, 5, today);
	db_bind_int(q, 6, limit + 1);
	*items = json_array();
	*next = 0;
	int r, n = 0;
	while ((r = db_step(q, err)) == 1) {
		if (n++ == limit) {
			*next = json_integer_value(json_object_get(json_array_get(*items, (size_t)limit - 1), "id"));
			db_reset(q);
			break;
		}
		json_array_append_new(*items, item_row(q, today));
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code;
	}
	return JC_OK;
}

enum jc_err orglife_life_item_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT o.path FROM life_item i JOIN meeting m ON m.id = i.meeting_id"
					" JOIN org o ON o.id = m.org_id WHERE i.id = ?1");
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
