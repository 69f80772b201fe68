/*
 * mobile_decision.c - decisions on membership status (§5.1 停止党籍 and 除名, its restoration,
 * §7 自行脱党) in two recorded steps, and the lists that bring members to the branches' attention.
 *
 * The branch decides at a valid members' meeting of its own (a meeting record of orglife, by id);
 * the higher committee - the nearest Party committee above the branch - approves or rejects it,
 * a step taken by whoever holds mobile.approve over that committee. Only an approval changes the
 * member record (state and state date; a restoration also clears the lost-contact flag; a
 * removal ends a registration away), with its history row and statistics, in the same
 * transaction. Nothing here acts by itself: the lists only list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "orglife/orglife.h"
#include "transfer/transfer.h"

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

enum jc_err mobile_approver_of(struct db *db, int64_t org_id, int64_t *approver, struct jc_error *err)
{
	struct org o;
	struct jc_error none = { 0 };
	*approver = 0;
	enum jc_err e = org_get(db, org_id, &o, &none);
	while (!e && o.parent_id) {
		if ((e = org_get(db, o.parent_id, &o, &none)))
			break;
		if (transfer_committee_type(o.type) && !strcmp(o.status, "active")) {
			*approver = o.id;
			break;
		}
	}
	return e && e != JC_ENOTFOUND ? jc_error_pass(err, &none) : JC_OK;
}

enum jc_err mobile_decision_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err)
{
	return transfer_side_paths(db, "SELECT o.path FROM member_decision d JOIN org o ON o.id = d.org_id WHERE d.id = ?1",
				   id, out, NULL, cap, found, err);
}

/* Months in a row a member was absent without reason, from the orglife absences of the branch. */
static enum jc_err absences_of(struct db *db, int64_t org_id, int64_t member_id, int *months, char since[8],
			       struct jc_error *err)
{
	json_t *list;
	*months = 0;
	since[0] = '\0';
	enum jc_err e = orglife_absences(db, org_id, &list, err);
	if (e)
		return e;
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		if (json_integer_value(json_object_get(x, "member_id")) == member_id) {
			*months = (int)json_integer_value(json_object_get(x, "months"));
			copy(since, 8, json_string_value(json_object_get(x, "since")));
		}
	}
	json_decref(list);
	return JC_OK;
}

enum jc_err mobile_decide(struct db *db, int64_t member_id, int kind, int64_t meeting_id, const char *reason,
			  const struct actor *who, int64_t *id, struct jc_error *err)
{
	struct member m;
	enum jc_err e = member_get_masked(db, member_id, &m, err);
	if (e)
		return e;
	int today = date_today();
	struct mobile_rules r;
	if ((e = mobile_rules_load(db, m.org_id, today, &r, err)))
		return e;
	struct mobile_decision_facts f = { 0 };
	f.state = m.state;
	f.state_date = m.state_date;
	f.lost_contact = m.lost_contact;
	f.lost_contact_date = m.lost_contact_date;
	f.today = today;
	f.meeting_held_on = DATE_NONE;
	char since[8];
	if (kind == MD_LAPSE && (e = absences_of(db, m.org_id, m.id, &f.absent_months, since, err)))
		return e;
	f.absent_since = since[0] ? since : NULL;
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM member_decision WHERE member_id = ?1 AND status = 'pending'");
	db_bind_int(q, 1, m.id);
	if (db_step(q, err) != 1)
		return err && err->code ? err->code : JC_EINTERNAL;
	f.pending = db_col_int(q, 0) > 0;
	db_reset(q);
	q = db_stmt(db, "SELECT m.org_id, m.valid, m.held_on, EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id"
			" AND k.kind = 'members_meeting') FROM meeting m WHERE m.id = ?1");
	db_bind_int(q, 1, meeting_id);
	int found = db_step(q, err);
	if (found < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (found) {
		f.meeting_found = true;
		f.meeting_of_branch = db_col_int(q, 0) == m.org_id;
		f.meeting_valid = db_col_int(q, 1) != 0;
		f.meeting_held_on = db_col_date(q, 2);
		f.meeting_members = db_col_int(q, 3) != 0;
		db_reset(q);
	}
	int64_t approver;
	if ((e = mobile_approver_of(db, m.org_id, &approver, err)))
		return e;
	f.has_approver = approver != 0;
	int grounds;
	const char *to_state;
	if ((e = mobile_check_decision(kind, reason, &f, &r, &grounds, &to_state, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO member_decision (member_id, org_id, kind, from_state, to_state, grounds_since, meeting_id,"
			" decided_on, reason, decided_by, approving_org_id, status, created_at, updated_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12, ?12)");
	db_bind_int(q, 1, m.id);
	db_bind_int(q, 2, m.org_id);
	db_bind_text(q, 3, mobile_decision_key(kind));
	db_bind_text(q, 4, m.state);
	db_bind_text(q, 5, to_state);
	db_bind_date(q, 6, grounds);
	db_bind_int(q, 7, meeting_id);
	db_bind_date(q, 8, f.meeting_held_on);
	db_bind_text(q, 9, reason);
	db_bind_text(q, 10, who->name);
	db_bind_int(q, 11, approver);
	db_bind_text(q, 12, now);
	if ((e = db_run(q, err)))
		return e; /* (a decision pending was refused above, by the check) */
	*id = db_last_id(db);
	return JC_OK;
}

enum jc_err mobile_answer(struct db *db, int64_t id, int on, bool approve, const char *reason, const struct actor *who,
			  struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT member_id, org_id, kind, from_state, to_state, decided_on, status, meeting_id"
					" FROM member_decision WHERE id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no decision %lld", (long long)id);
	int64_t member_id = db_col_int(q, 0), org_id = db_col_int(q, 1), meeting_id = db_col_int(q, 7);
	char kind[16], from[24], to[24], status[16];
	copy(kind, sizeof(kind), db_col_text(q, 2));
	copy(from, sizeof(from), db_col_text(q, 3));
	copy(to, sizeof(to), db_col_text(q, 4));
	int decided_on = db_col_date(q, 5);
	copy(status, sizeof(status), db_col_text(q, 6));
	db_reset(q);
	enum jc_err e = mobile_check_answer(status, decided_on, on, approve, reason, date_today(), err);
	if (e)
		return e;
	struct member m;
	if (approve) {
		if ((e = member_get(db, member_id, &m, err)))
			return e;
		if (m.org_id != org_id || strcmp(m.state, from))
			return jc_fail(err, JC_ECONFLICT, NULL, NULL,
				       "the member is no longer %s in the deciding branch: the decision cannot take effect (reject it)",
				       from);
	}
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "UPDATE member_decision SET status = ?2, answered_on = ?3, answered_by = ?4, answer_reason = ?5,"
			" updated_at = ?6 WHERE id = ?1 AND status = 'pending'");
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, approve ? "approved" : "rejected");
	db_bind_date(q, 3, on);
	db_bind_text(q, 4, who->name);
	db_bind_text(q, 5, reason && reason[0] ? reason : NULL);
	db_bind_text(q, 6, now);
	if ((e = db_run(q, err)))
		return e;
	if (!approve)
		return JC_OK;
	copy(m.state, sizeof(m.state), to);
	m.state_date = on;
	if (!strcmp(kind, "restore")) { /* found again: in contact */
		m.lost_contact = 0;
		m.lost_contact_date = DATE_NONE;
	}
	if (!strcmp(to, "lapsed")) { /* out of the registry's current members: an absence ends with it */
		if ((e = mobile_end_by_transfer(db, m.id, on, who, err)))
			return e;
		m.mobile = 0;
		m.mobile_destination[0] = '\0';
	}
	char text[400];
	char day[11];
	date_format(on, day);
	snprintf(text, sizeof(text), "党籍决定 decision %lld (%s): 支部党员大会 meeting %lld, 上级党委批准 approved on %s",
		 (long long)id, kind, (long long)meeting_id, day);
	struct actor a = { who->name, text };
	return member_update_as(db, &m, "status_decision", &a, err);
}

/* --- reading ------------------------------------------------------------------------------- */

#define DECISION_COLUMNS                                                                                    \
	"d.id, d.member_id, p.name, d.org_id, o.name, d.kind, d.from_state, d.to_state, d.grounds_since,"    \
	" d.meeting_id, d.decided_on, d.reason, d.decided_by, d.approving_org_id, a.name, d.status, d.answered_on," \
	" d.answered_by, d.answer_reason"

static json_t *decision_row(struct db_stmt *q)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s?,s:I,s:s,s:s,s:s,s:I,s:s?,s:s,s:s?,s:s?,s:s?}", "id",
			 (json_int_t)db_col_int(q, 0), "member_id", (json_int_t)db_col_int(q, 1), "name", db_col_text(q, 2),
			 "org_id", (json_int_t)db_col_int(q, 3), "org_name", db_col_text(q, 4), "kind", db_col_text(q, 5),
			 "from_state", db_col_text(q, 6), "to_state", db_col_text(q, 7), "grounds_since", db_col_text(q, 8),
			 "meeting_id", (json_int_t)db_col_int(q, 9), "decided_on", db_col_text(q, 10), "reason",
			 db_col_text(q, 11), "decided_by", db_col_text(q, 12), "approving_org_id",
			 (json_int_t)db_col_int(q, 13), "approving_org_name", db_col_text(q, 14), "status", db_col_text(q, 15),
			 "answered_on", db_col_text(q, 16), "answered_by", db_col_text(q, 17), "answer_reason",
			 db_col_text(q, 18));
}

enum jc_err mobile_decision_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT " DECISION_COLUMNS " FROM member_decision d JOIN member p ON p.id = d.member_id"
					" JOIN org o ON o.id = d.org_id LEFT JOIN org a ON a.id = d.approving_org_id WHERE d.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no decision %lld", (long long)id);
	*out = decision_row(q);
	db_reset(q);
	return JC_OK;
}

enum jc_err mobile_decisions(struct db *db, int64_t org_id, int64_t member_id, const char *status, int limit,
			     json_t **items, struct jc_error *err)
{
	if (status && strcmp(status, "pending") && strcmp(status, "approved") && strcmp(status, "rejected"))
		return jc_fail(err, JC_EINVAL, "status", NULL, "'status' must be pending, approved or rejected");
	char lo[256] = "", hi[256] = "";
	if (!member_id) {
		struct org top;
		enum jc_err e = org_get(db, org_id, &top, err);
		if (e)
			return e;
		copy(lo, sizeof(lo), top.path);
		org_subtree_end(top.path, hi);
	}
	struct db_stmt *q = db_stmt(db, "SELECT " DECISION_COLUMNS " FROM member_decision d JOIN member p ON p.id = d.member_id"
					" JOIN org o ON o.id = d.org_id LEFT JOIN org a ON a.id = d.approving_org_id"
					" WHERE (?1 <> 0 AND d.member_id = ?1 OR ?1 = 0 AND o.path >= ?2 AND o.path < ?3)"
					" AND (?4 IS NULL OR d.status = ?4) ORDER BY d.id DESC LIMIT ?5");
	db_bind_int(q, 1, member_id);
	db_bind_text(q, 2, lo);
	db_bind_text(q, 3, hi);
	db_bind_text(q, 4, status);
	db_bind_int(q, 5, limit);
	*items = json_array();
	int r;
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(*items, decision_row(q));
	if (r < 0) {
		json_decref(*items);
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	return JC_OK;
}

static json_t *rule_brief(const struct rule *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "unit", r->unit, "regulation",
			 r->regulation, "article", r->article, "summary", r->summary_zh);
}

enum jc_err mobile_lost_contact(struct db *db, int64_t org_id, json_t **out, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	int today = date_today();
	struct mobile_rules r;
	if ((e = mobile_rules_load(db, org_id, today, &r, err)))
		return e;
	int stop_months = (int)strtol(r.lost_stop.value, NULL, 10), removal_months = (int)strtol(r.stopped_removal.value, NULL, 10);
	json_t *stopping = json_array(), *removal = json_array(), *watch = json_array();
	struct db_stmt *q = db_stmt(db,
		"SELECT m.id, m.name, m.org_id, o.name, m.state, m.state_date, m.lost_contact_date,"
		" (SELECT d.id FROM member_decision d WHERE d.member_id = m.id AND d.status = 'pending')"
		" FROM org o JOIN member m ON m.org_id = o.id WHERE o.path >= ?1 AND o.path < ?2"
		" AND m.lost_contact = 1 AND m.state IN ('normal', 'stopped') ORDER BY o.path, m.id");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	int rc;
	while ((rc = db_step(q, err)) == 1) {
		bool stopped = !strcmp(db_col_text(q, 4), "stopped");
		int since = stopped ? db_col_date(q, 5) : db_col_date(q, 6);
		if (since == DATE_NONE)
			continue; /* out of contact without a date: nothing to count from */
		int due = date_add_months(since, stopped ? removal_months : stop_months);
		int months = 0; /* whole months since, as a person counts them */
		while (date_add_months(since, months + 1) <= today)
			months++;
		json_t *item = json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:o,s:i}", "member_id", (json_int_t)db_col_int(q, 0), "name",
					 db_col_text(q, 1), "org_id", (json_int_t)db_col_int(q, 2), "org_name", db_col_text(q, 3),
					 "state", db_col_text(q, 4), "since", date_json(since), "due_on", date_json(due), "months",
					 months);
		json_object_set_new(item, "pending_decision", db_col_null(q, 7) ? json_null() : json_integer(db_col_int(q, 7)));
		if (due > today)
			json_array_append_new(watch, item);
		else
			json_array_append_new(stopped ? removal : stopping, item);
	}
	if (rc < 0) {
		json_decref(stopping);
		json_decref(removal);
		json_decref(watch);
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	*out = json_pack("{s:o,s:o,s:o,s:{s:o,s:o,s:o}}", "for_stopping", stopping, "for_removal", removal, "watch", watch,
			 "rules", "stop", rule_brief(&r.lost_stop), "removal", rule_brief(&r.stopped_removal), "meeting",
			 rule_brief(&r.decision_meeting));
	return JC_OK;
}
