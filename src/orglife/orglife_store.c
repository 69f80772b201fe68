/*
 * orglife_store.c - meeting records in the database: read from a request body, checked with the
 * facts of the database (the organisation's type, who belongs to it), written with their kinds,
 * attendance and resolutions, and counted per organisation, month and kind - all in the caller's
 * transaction. Reading back: one meeting in full, or a page of a subtree's meetings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "db/db.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "orglife/orglife.h"

void orglife_meeting_free(struct orglife_meeting *m)
{
	free(m->agenda);
	free(m->minutes);
	free(m->attendance);
	free(m->resolutions);
	json_decref(m->documents);
	memset(m, 0, sizeof(*m));
}

/* --- the body ------------------------------------------------------------------------------ */

static enum jc_err long_text(json_t *body, const char *key, char **out, struct jc_error *err)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return JC_OK;
	if (!json_is_string(v) || json_string_length(v) > 64 * 1024)
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a string of at most 64 KB", key);
	*out = xstrdup(json_string_value(v));
	return JC_OK;
}

static enum jc_err number(json_t *body, const char *key, long *out, struct jc_error *err)
{
	json_t *v = json_object_get(body, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000)
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a whole number from 0 to 100000", key);
	*out = (long)json_integer_value(v);
	return JC_OK;
}

static enum jc_err read_kinds(json_t *body, struct orglife_meeting *m, struct jc_error *err)
{
	json_t *list = json_object_get(body, "kinds"), *k;
	size_t i;
	if (!json_is_array(list) || !json_array_size(list) || json_array_size(list) > ORGLIFE_MAX_KINDS)
		return jc_fail(err, JC_EINVAL, "kinds", NULL, "'kinds' must list one to %d kinds of meeting", ORGLIFE_MAX_KINDS);
	json_array_foreach(list, i, k) {
		const char *s = json_string_value(k);
		if (!s || code_find(&orglife_kinds, s, strlen(s), 0) < 0)
			return jc_fail(err, JC_EINVAL, "kinds", NULL, "kind %zu is not one of the kinds of meeting (GET /api/v1/codes)",
				       i + 1);
		for (int j = 0; j < m->nkinds; j++)
			if (!strcmp(m->kinds[j], s))
				return jc_fail(err, JC_EINVAL, "kinds", NULL, "'%s' is named twice", s);
		snprintf(m->kinds[m->nkinds++], sizeof(m->kinds[0]), "%s", s);
	}
	return JC_OK;
}

static enum jc_err read_attendance(json_t *body, struct orglife_meeting *m, struct jc_error *err)
{
	json_t *list = json_object_get(body, "attendance"), *a;
	size_t i;
	if (!list)
		return JC_OK;
	if (!json_is_array(list) || json_array_size(list) > ORGLIFE_MAX_ROWS)
		return jc_fail(err, JC_EINVAL, "attendance", NULL, "'attendance' must be a list of at most %d rows", ORGLIFE_MAX_ROWS);
	m->attendance = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof(*m->attendance));
	json_array_foreach(list, i, a) {
		struct orglife_attendance *row = &m->attendance[m->nattendance++];
		json_t *id = json_object_get(a, "member_id"), *status = json_object_get(a, "status"), *reason = json_object_get(a, "reason");
		const char *st = json_string_value(status);
		if (!json_is_object(a) || !json_is_integer(id) || !st ||
		    (strcmp(st, "present") && strcmp(st, "leave") && strcmp(st, "absent")) ||
		    (reason && !json_is_null(reason) && (!json_is_string(reason) || json_string_length(reason) >= sizeof(row->reason))))
			return jc_fail(err, JC_EINVAL, "attendance", NULL,
				       "attendance row %zu needs member_id and status (present, leave or absent), and a reason of at most 255 bytes",
				       i + 1);
		row->member_id = json_integer_value(id);
		snprintf(row->status, sizeof(row->status), "%s", st);
		snprintf(row->reason, sizeof(row->reason), "%s", json_is_string(reason) ? json_string_value(reason) : "");
		for (int k = 0; k < m->nattendance - 1; k++)
			if (m->attendance[k].member_id == row->member_id)
				return jc_fail(err, JC_EINVAL, "attendance", NULL, "member %lld is listed twice", (long long)row->member_id);
	}
	return JC_OK;
}

static enum jc_err read_resolutions(json_t *body, struct orglife_meeting *m, struct jc_error *err)
{
	json_t *list = json_object_get(body, "resolutions"), *x;
	size_t i;
	if (!list)
		return JC_OK;
	if (!json_is_array(list) || json_array_size(list) > ORGLIFE_MAX_ROWS)
		return jc_fail(err, JC_EINVAL, "resolutions", NULL, "'resolutions' must be a list of {text, yes, no, abstain}");
	m->resolutions = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof(*m->resolutions));
	json_array_foreach(list, i, x) {
		struct orglife_resolution *r = &m->resolutions[m->nresolutions++];
		json_t *t = json_object_get(x, "text");
		struct jc_error tmp = { 0 };
		if (!json_is_string(t) || json_string_length(t) >= sizeof(r->text) || number(x, "yes", &r->yes, &tmp) ||
		    number(x, "no", &r->no, &tmp) || number(x, "abstain", &r->abstain, &tmp))
			return jc_fail(err, JC_EINVAL, "resolutions", NULL,
				       "resolution %zu needs its text (at most 511 bytes) and whole numbers yes, no, abstain", i + 1);
		snprintf(r->text, sizeof(r->text), "%s", json_string_value(t));
	}
	return JC_OK;
}

enum jc_err orglife_from_json(json_t *body, struct orglife_meeting *m, struct jc_error *err)
{
	static const char *const keys[] = { "org_id", "kinds", "held_on", "place", "chair", "recorder", "agenda", "minutes",
					    "expected", "present", "attendance", "resolutions", "documents", "without_quorum", NULL };
	memset(m, 0, sizeof(*m));
	m->held_on = DATE_NONE;
	enum jc_err e = fields_only_keys(body, keys, err);
	if (e)
		return e;
	json_t *org = json_object_get(body, "org_id"), *held = json_object_get(body, "held_on");
	json_t *wq = json_object_get(body, "without_quorum"), *docs = json_object_get(body, "documents");
	if (!json_is_integer(org))
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "'org_id' must be an organisation id");
	m->org_id = json_integer_value(org);
	if (!json_is_string(held) || !date_parse(json_string_value(held), (int)json_string_length(held), &m->held_on))
		return jc_fail(err, JC_EINVAL, "held_on", NULL, "'held_on' must be a date (YYYY-MM-DD)");
	if (wq && !json_is_boolean(wq))
		return jc_fail(err, JC_EINVAL, "without_quorum", NULL, "'without_quorum' must be true or false");
	m->without_quorum = json_is_true(wq);
	size_t di;
	json_t *dv;
	if (docs && !json_is_array(docs))
		return jc_fail(err, JC_EINVAL, "documents", NULL, "'documents' must be a list of {title, kind, ref}");
	json_array_foreach(docs, di, dv)
		if (!json_is_object(dv) || !json_is_string(json_object_get(dv, "title")) || !json_string_length(json_object_get(dv, "title")))
			return jc_fail(err, JC_EINVAL, "documents", NULL, "document %zu needs its title", di + 1);
	m->documents = json_incref(docs);
	e = read_kinds(body, m, err);
	if (!e)
		e = fields_take_text(body, "place", false, m->place, sizeof(m->place), err);
	if (!e)
		e = fields_take_text(body, "chair", true, m->chair, sizeof(m->chair), err);
	if (!e)
		e = fields_take_text(body, "recorder", true, m->recorder, sizeof(m->recorder), err);
	if (!e)
		e = long_text(body, "agenda", &m->agenda, err);
	if (!e)
		e = long_text(body, "minutes", &m->minutes, err);
	if (!e)
		e = number(body, "expected", &m->expected, err);
	if (!e)
		e = number(body, "present", &m->present, err);
	if (!e)
		e = read_attendance(body, m, err);
	if (!e)
		e = read_resolutions(body, m, err);
	return e;
}

/* --- recording ------------------------------------------------------------------------------ */

/* Whether the member was away that day, hosted by the organisation org_id (*guest). */
static enum jc_err hosted_guest(struct db *db, int64_t member_id, int on, int64_t org_id, bool *guest,
				struct jc_error *err)
{
	int64_t host;
	struct jc_error failure = { 0 };
	enum jc_err e = mobile_host_on(db, member_id, on, &host, &failure);
	*guest = !e && host == org_id;
	if (e == JC_ENOTFOUND) /* not away that day */
		return JC_OK;
	return e ? jc_error_pass(err, &failure) : JC_OK;
}

enum jc_err orglife_record(struct db *db, struct orglife_meeting *m, const struct actor *who, struct jc_error *err)
{
	struct org o;
	enum jc_err e = org_get(db, m->org_id, &o, err);
	if (e)
		return e;
	/* who belongs: members of the branch, or of the Party group */
	bool *belongs = xcalloc(m->nattendance ? (size_t)m->nattendance : 1, sizeof(*belongs));
	bool group = !strcmp(o.type, "group");
	struct db_stmt *q = db_stmt(db, group ? "SELECT count(*) FROM member WHERE id = ?1 AND group_id = ?2 AND state IN ('normal', 'stopped')"
					      : "SELECT count(*) FROM member WHERE id = ?1 AND org_id = ?2 AND state IN ('normal', 'stopped')");
	/* a mobile member hosted by this branch that day takes part as a guest, without a vote (§5.2) */
	bool *guest = xcalloc(m->nattendance ? (size_t)m->nattendance : 1, sizeof(*guest));
	for (int i = 0; !e && i < m->nattendance; i++) {
		db_bind_int(q, 1, m->attendance[i].member_id);
		db_bind_int(q, 2, o.id);
		if (db_step(q, err) != 1)
			e = err->code;
		else
			belongs[i] = db_col_int(q, 0) > 0;
		db_reset(q);
		if (!e && !belongs[i] && !group)
			e = hosted_guest(db, m->attendance[i].member_id, m->held_on, o.id, &guest[i], err);
		if (!e && guest[i])
			belongs[i] = true;
	}
	struct rule quorum, pass;
	if (!e)
		e = rules_get(db, o.id, "orglife.quorum_percent", m->held_on, &quorum, err);
	if (!e)
		e = rules_get(db, o.id, "orglife.pass_percent", m->held_on, &pass, err);
	struct orglife_facts f = { o.type, date_today(), belongs };
	if (!e)
		e = orglife_check(m, &f, &quorum, &pass, err);
	free(belongs);
	if (e) {
		free(guest);
		return e;
	}

	char now[21], *docs = m->documents ? json_dumps(m->documents, JSON_COMPACT) : NULL;
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO meeting (org_id, held_on, place, chair, recorder, agenda, minutes, expected, present, valid,"
			" documents, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	db_bind_int(q, 1, o.id);
	db_bind_date(q, 2, m->held_on);
	db_bind_text(q, 3, m->place[0] ? m->place : NULL);
	db_bind_text(q, 4, m->chair);
	db_bind_text(q, 5, m->recorder);
	db_bind_text(q, 6, m->agenda);
	db_bind_text(q, 7, m->minutes);
	db_bind_int(q, 8, m->expected);
	db_bind_int(q, 9, m->present);
	db_bind_int(q, 10, m->valid);
	db_bind_text(q, 11, docs);
	db_bind_text(q, 12, who->name);
	db_bind_text(q, 13, now);
	free(docs);
	if ((e = db_run(q, err)))
		return e;
	m->id = db_last_id(db);
	char month[11];
	date_format(m->held_on, month);
	month[7] = '\0';
	for (int i = 0; !e && i < m->nkinds; i++) {
		q = db_stmt(db, "INSERT INTO meeting_kind (meeting_id, kind) VALUES (?1, ?2)");
		db_bind_int(q, 1, m->id);
		db_bind_text(q, 2, m->kinds[i]);
		if (!(e = db_run(q, err))) {
			q = db_stmt(db, "INSERT INTO orglife_month (org_id, month, kind, n) VALUES (?1, ?2, ?3, 1)"
					" ON CONFLICT (org_id, month, kind) DO UPDATE SET n = n + 1");
			db_bind_int(q, 1, o.id);
			db_bind_text(q, 2, month);
			db_bind_text(q, 3, m->kinds[i]);
			e = db_run(q, err);
		}
		if (!e)
			e = orglife_kept_record(db, o.id, o.path, o.type, m->kinds[i], m->held_on, err);
	}
	for (int i = 0; !e && i < m->nattendance; i++) {
		q = db_stmt(db, "INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, voting) VALUES (?1, ?2, ?3, ?4, ?5)");
		db_bind_int(q, 1, m->id);
		db_bind_int(q, 2, m->attendance[i].member_id);
		db_bind_text(q, 3, m->attendance[i].status);
		db_bind_text(q, 4, m->attendance[i].reason[0] ? m->attendance[i].reason : NULL);
		db_bind_int(q, 5, !guest[i]);
		e = db_run(q, err);
	}
	free(guest);
	for (int i = 0; !e && i < m->nresolutions; i++) {
		const struct orglife_resolution *r = &m->resolutions[i];
		q = db_stmt(db, "INSERT INTO meeting_resolution (meeting_id, seq, text, yes, no, abstain, passed)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		db_bind_int(q, 1, m->id);
		db_bind_int(q, 2, i + 1);
		db_bind_text(q, 3, r->text);
		db_bind_int(q, 4, r->yes);
		db_bind_int(q, 5, r->no);
		db_bind_int(q, 6, r->abstain);
		db_bind_int(q, 7, r->passed);
		e = db_run(q, err);
	}
	return e;
}

/* --- reading -------------------------------------------------------------------------------- */

/* The kinds of meeting id, as a new JSON array *out. */
static enum jc_err kinds_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	json_t *list = json_array();
	struct db_stmt *q = db_stmt(db, "SELECT kind FROM meeting_kind WHERE meeting_id = ?1 ORDER BY kind");
	db_bind_int(q, 1, id);
	int r;
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(list, json_string(db_col_text(q, 0)));
	if (r < 0) {
		json_decref(list);
		return err->code;
	}
	*out = list;
	return JC_OK;
}

enum jc_err orglife_get_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT m.id, m.org_id, o.name, m.held_on, m.place, m.chair, m.recorder, m.agenda, m.minutes, m.expected,"
		" m.present, m.valid, m.documents, m.recorded_by, m.recorded_at FROM meeting m JOIN org o ON o.id = m.org_id"
		" WHERE m.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no meeting %lld", (long long)id);
	json_t *docs = db_col_text(q, 12) ? json_loads(db_col_text(q, 12), 0, NULL) : NULL;
	json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s,s:s,s:s?,s:s?,s:I,s:I,s:b,s:o,s:s,s:s}",
		"id", (json_int_t)db_col_int(q, 0), "org_id", (json_int_t)db_col_int(q, 1), "org_name", db_col_text(q, 2),
		"held_on", db_col_text(q, 3), "place", db_col_text(q, 4), "chair", db_col_text(q, 5), "recorder", db_col_text(q, 6),
		"agenda", db_col_text(q, 7), "minutes", db_col_text(q, 8), "expected", (json_int_t)db_col_int(q, 9),
		"present", (json_int_t)db_col_int(q, 10), "valid_for_decisions", (int)db_col_int(q, 11),
		"documents", docs ? docs : json_array(), "recorded_by", db_col_text(q, 13), "recorded_at", db_col_text(q, 14));
	db_reset(q);
	json_t *kinds;
	if (kinds_json(db, id, &kinds, err)) {
		json_decref(j);
		return err->code;
	}
	json_object_set_new(j, "kinds", kinds);
	json_t *att = json_array();
	q = db_stmt(db, "SELECT a.member_id, p.name, a.status, a.reason, a.voting FROM meeting_attendance a JOIN member p ON p.id = a.member_id"
			" WHERE a.meeting_id = ?1 ORDER BY a.member_id");
	db_bind_int(q, 1, id);
	while ((r = db_step(q, err)) == 1) {
		json_t *row = json_pack("{s:I,s:s,s:s,s:s?}", "member_id", (json_int_t)db_col_int(q, 0), "name", db_col_text(q, 1),
					"status", db_col_text(q, 2), "reason", db_col_text(q, 3));
		if (!db_col_int(q, 4)) /* a hosted mobile member: taking part, not a voter */
			json_object_set_new(row, "voting", json_false());
		json_array_append_new(att, row);
	}
	json_object_set_new(j, "attendance", att);
	json_t *res = json_array();
	q = db_stmt(db, "SELECT text, yes, no, abstain, passed FROM meeting_resolution WHERE meeting_id = ?1 ORDER BY seq");
	db_bind_int(q, 1, id);
	while (r >= 0 && (r = db_step(q, err)) == 1)
		json_array_append_new(res, json_pack("{s:s,s:I,s:I,s:I,s:b}", "text", db_col_text(q, 0), "yes",
						     (json_int_t)db_col_int(q, 1), "no", (json_int_t)db_col_int(q, 2), "abstain",
						     (json_int_t)db_col_int(q, 3), "passed", (int)db_col_int(q, 4)));
	json_object_set_new(j, "resolutions", res);
	if (r < 0) {
		json_decref(j);
		return err->code;
	}
	*out = j;
	return JC_OK;
}

enum jc_err orglife_page(struct db *db, int64_t org_id, int from, int to, const char *cursor, int limit, json_t **items,
			 char next[48], struct jc_error *err)
{
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(o.path, hi);
	/* the cursor is the last row's "held_on.id": newest first, ties by id */
	char after_day[11] = "9999-12-31";
	long long after_id = 0x7fffffffffffffffLL;
	if (cursor && cursor[0] && sscanf(cursor, "%10[0-9-].%lld", after_day, &after_id) != 2)
		return jc_fail(err, JC_EINVAL, "cursor", NULL, "'cursor' is not one this API gave");
	struct db_stmt *q = db_stmt(db,
		"SELECT m.id, m.org_id, o.name, m.held_on, m.chair, m.expected, m.present, m.valid FROM meeting m"
		" JOIN org o ON o.id = m.org_id WHERE o.path >= ?1 AND o.path < ?2 AND m.held_on >= ?3 AND m.held_on <= ?4"
		" AND (m.held_on < ?5 OR (m.held_on = ?5 AND m.id < ?6)) ORDER BY m.held_on DESC, m.id DESC LIMIT ?7");
	db_bind_text(q, 1, o.path);
	db_bind_text(q, 2, hi);
	if (from == DATE_NONE)
		db_bind_text(q, 3, "0000-00-00");
	else
		db_bind_date(q, 3, from);
	if (to == DATE_NONE)
		db_bind_text(q, 4, "9999-12-31");
	else
		db_bind_date(q, 4, to);
	db_bind_text(q, 5, after_day);
	db_bind_int(q, 6, after_id);
	db_bind_int(q, 7, limit + 1);
	*items = json_array();
	next[0] = '\0';
	int r, n = 0;
	while ((r = db_step(q, err)) == 1) {
		if (n++ == limit) {
			json_t *last = json_array_get(*items, (size_t)limit - 1);
			snprintf(next, 48, "%s.%lld", json_string_value(json_object_get(last, "held_on")),
				 (long long)json_integer_value(json_object_get(last, "id")));
			db_reset(q);
			break;
		}
		json_array_append_new(*items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:b}", "id", (json_int_t)db_col_int(q, 0),
			"org_id", (json_int_t)db_col_int(q, 1), "org_name", db_col_text(q, 2), "held_on", db_col_text(q, 3),
			"chair", db_col_text(q, 4), "expected", (json_int_t)db_col_int(q, 5), "present", (json_int_t)db_col_int(q, 6),
			"valid_for_decisions", (int)db_col_int(q, 7)));
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code;
	}
	for (size_t i = 0; i < json_array_size(*items); i++) {
		json_t *it = json_array_get(*items, i), *kinds;
		if (kinds_json(db, json_integer_value(json_object_get(it, "id")), &kinds, err)) {
			json_decref(*items);
			*items = NULL;
			return err->code;
		}
		json_object_set_new(it, "kinds", kinds);
	}
	return JC_OK;
}
