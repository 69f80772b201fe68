/*
 * transfer_view.c - transfers as read: one transfer with its route, letter, next step and steps;
 * the transfers of a subtree (out, in, open, expired, stuck); a member's transfers; and the
 * must-transfer hints of §5.1, which are shown and never acted on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "transfer/transfer.h"

void transfer_from_row(struct db_stmt *s, struct transfer *t); /* transfer_store.c */

#define COLUMNS                                                                                               \
	"t.id, t.member_id, t.direction, t.from_org_id, t.from_outside, t.to_org_id, t.to_outside,"           \
	" t.to_outside_address, t.sending_committee_id, t.receiving_committee_id, t.state, t.reason,"          \
	" t.dues_paid_until, t.started_on, t.letter_no, t.letter_year, t.letter_seq, t.issued_on, t.valid_months," \
	" t.valid_until, t.forwarded_on, t.accepted_on, t.receipt_on, t.ended_on, t.end_reason, t.last_step_on, t.version"

/* Organisation id into *o; *there false, and no error, when id is 0 or there is no such one. */
static enum jc_err org_if_any(struct db *db, int64_t id, struct org *o, bool *there, struct jc_error *err)
{
	struct jc_error none = { 0 };
	enum jc_err e = id ? org_get(db, id, o, &none) : JC_ENOTFOUND;
	*there = !e;
	return e && e != JC_ENOTFOUND ? jc_error_pass(err, &none) : JC_OK;
}

enum jc_err transfer_org_ref(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct org o;
	bool there;
	enum jc_err e = org_if_any(db, id, &o, &there, err);
	*out = NULL;
	if (e)
		return e;
	*out = there ? json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "name", o.name, "code", o.code, "type", o.type)
		     : json_null();
	return JC_OK;
}

enum jc_err transfer_org_name(struct db *db, int64_t id, const char *fallback, char *out, size_t cap,
			      struct jc_error *err)
{
	struct org o;
	bool there;
	enum jc_err e = org_if_any(db, id, &o, &there, err);
	if (!e)
		snprintf(out, cap, "%s", there ? o.name : fallback);
	return e;
}

static json_t *rule_brief(const struct rule *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "unit", r->unit, "regulation",
			 r->regulation, "article", r->article, "summary", r->summary_zh, "summary_en", r->summary_en);
}

/* The route of the letter into *out: every organisation it passes, each once, in order. */
static enum jc_err route_json(struct db *db, const struct transfer *t, json_t **out, struct jc_error *err)
{
	json_t *route = json_array();
	struct {
		int64_t id;
		const char *role;
		const char *outside;
	} hops[] = {
		{ t->from_org_id, "sender", t->direction == TR_IN ? t->from_outside : NULL },
		{ t->sending_committee_id, "sending_committee", NULL },
		{ t->receiving_committee_id, "receiving_committee", NULL },
		{ t->to_org_id, "receiver", t->direction == TR_OUT ? t->to_outside : NULL },
	};
	int64_t last = -1;
	for (size_t i = 0; i < sizeof(hops) / sizeof(hops[0]); i++) {
		if (hops[i].outside) {
			json_array_append_new(route, json_pack("{s:n,s:s,s:s,s:b}", "id", "name", hops[i].outside, "role",
							       hops[i].role, "outside", 1));
			continue;
		}
		if (!hops[i].id)
			continue;
		if (hops[i].id == last) { /* one organisation in two roles: name both */
			json_t *prev = json_array_get(route, json_array_size(route) - 1);
			json_t *roles = json_object_get(prev, "also");
			if (!roles)
				json_object_set_new(prev, "also", roles = json_array());
			json_array_append_new(roles, json_string(hops[i].role));
			continue;
		}
		json_t *o;
		enum jc_err e = transfer_org_ref(db, hops[i].id, &o, err);
		if (e) {
			json_decref(route);
			return e;
		}
		json_object_set_new(o, "role", json_string(hops[i].role));
		json_array_append_new(route, o);
		last = hops[i].id;
	}
	*out = route;
	return JC_OK;
}

/* The member in brief into *out (masked), JSON null when the record is not there. */
static enum jc_err member_brief(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct member m;
	struct jc_error none = { 0 };
	enum jc_err e = member_get_masked(db, id, &m, &none);
	*out = e == JC_ENOTFOUND ? json_null() : NULL;
	if (e)
		return e == JC_ENOTFOUND ? JC_OK : jc_error_pass(err, &none);
	*out = json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:s,s:I}", "id", (json_int_t)m.id, "name", m.name, "gender",
			 m.gender, "birth_date", date_json(m.birth_date), "ethnicity", m.ethnicity, "id_number", m.id_number,
			 "category", m.category, "admit_date", date_json(m.admit_date), "convert_date", date_json(m.convert_date),
			 "state", m.state, "org_id", (json_int_t)m.org_id);
	return JC_OK;
}

/* One side of the transfer: the organisation of this database, or the one outside by name. */
static enum jc_err side_json(struct db *db, int64_t id, const char *outside, const char *address, json_t **out,
			     struct jc_error *err)
{
	if (id)
		return transfer_org_ref(db, id, out, err);
	*out = json_pack("{s:n,s:s,s:s?}", "id", "name", outside, "address", address && address[0] ? address : NULL);
	return JC_OK;
}

/* What the head of a transfer names besides the transfer itself: the member and the four parties. */
struct parties {
	json_t *member, *from, *to, *sending, *receiving;
};

static enum jc_err parties_of(struct db *db, const struct transfer *t, struct parties *p, struct jc_error *err)
{
	memset(p, 0, sizeof(*p));
	enum jc_err e = member_brief(db, t->member_id, &p->member, err);
	if (!e)
		e = side_json(db, t->from_org_id, t->from_outside, NULL, &p->from, err);
	if (!e)
		e = side_json(db, t->to_org_id, t->to_outside, t->to_outside_address, &p->to, err);
	if (!e)
		e = transfer_org_ref(db, t->sending_committee_id, &p->sending, err);
	if (!e)
		e = transfer_org_ref(db, t->receiving_committee_id, &p->receiving, err);
	if (e) {
		json_decref(p->member);
		json_decref(p->from);
		json_decref(p->to);
		json_decref(p->sending);
	}
	return e;
}

/* The transfer without its steps into *out, for lists and as the head of one transfer. */
static enum jc_err brief(struct db *db, const struct transfer *t, const struct transfer_rules *r,
			 const struct transfer_sides *sides, int today, json_t **out, struct jc_error *err)
{
	struct parties p;
	enum jc_err e = parties_of(db, t, &p, err);
	if (e)
		return e;
	const char *side;
	int next = transfer_next(t, &side);
	json_t *j = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:s?,s:o}", "id", (json_int_t)t->id, "direction",
			      transfer_direction_key(t->direction), "state", transfer_state_key(t->state), "member", p.member,
			      "from", p.from, "to", p.to, "sending_committee", p.sending, "receiving_committee", p.receiving,
			      "reason", t->reason, "dues_paid_until", t->dues_paid_until[0] ? t->dues_paid_until : NULL,
			      "started_on", date_json(t->started_on));
	json_object_set_new(j, "member_id", json_integer(t->member_id));
	bool expired = !transfer_ended(t->state) && t->state != TR_ACCEPTED && transfer_expired(t, today);
	json_t *letter = json_pack("{s:s?,s:o,s:i,s:o,s:b}", "no", t->letter_no[0] ? t->letter_no : NULL, "issued_on",
				   date_json(t->issued_on), "valid_months", t->valid_months, "valid_until",
				   date_json(t->valid_until), "expired", expired);
	if (t->valid_until != DATE_NONE && !transfer_ended(t->state) && t->state != TR_ACCEPTED)
		json_object_set_new(letter, "days_left", json_integer(t->valid_until - today));
	json_object_set_new(letter, "rule", rule_brief(&r->letter_valid));
	json_object_set_new(j, "letter", letter);
	json_object_set_new(j, "forwarded_on", date_json(t->forwarded_on));
	json_object_set_new(j, "accepted_on", date_json(t->accepted_on));
	json_object_set_new(j, "receipt_on", date_json(t->receipt_on));
	json_object_set_new(j, "ended_on", date_json(t->ended_on));
	json_object_set_new(j, "end_reason", t->end_reason[0] ? json_string(t->end_reason) : json_null());
	json_object_set_new(j, "last_step_on", date_json(t->last_step_on));
	json_object_set_new(j, "stuck", json_boolean(transfer_stuck(t, today, (int)strtol(r->stuck.value, NULL, 10))));
	json_object_set_new(j, "next", next < TA_COUNT ? json_pack("{s:s,s:s}", "action", transfer_action_key(next), "side", side)
						       : json_null());
	json_object_set_new(j, "version", json_integer(t->version));
	if (sides) {
		json_t *can = json_array();
		for (int a = 0; a < TA_COUNT; a++)
			if (transfer_allowed(t, a, sides))
				json_array_append_new(can, json_string(transfer_action_key(a)));
		json_object_set_new(j, "actions", can);
	}
	*out = j;
	return JC_OK;
}

static int64_t rules_org(const struct transfer *t)
{
	return t->from_org_id ? t->from_org_id : t->to_org_id;
}

enum jc_err transfer_json(struct db *db, const struct transfer *t, const struct transfer_sides *sides, bool steps,
			  json_t **out, struct jc_error *err)
{
	struct transfer_rules r;
	int today = date_today();
	enum jc_err e = transfer_rules_load(db, rules_org(t), today, &r, err);
	if (e)
		return e;
	json_t *j, *route;
	if ((e = brief(db, t, &r, sides, today, &j, err)))
		return e;
	if ((e = route_json(db, t, &route, err))) {
		json_decref(j);
		return e;
	}
	json_object_set_new(j, "route", route);
	json_object_set_new(j, "needs_issue", json_boolean(transfer_needs_issue(t)));
	json_object_set_new(j, "needs_forward", json_boolean(transfer_needs_forward(t)));
	json_object_set_new(j, "rules", json_pack("{s:o,s:o,s:o,s:o,s:o}", "letter_valid", rule_brief(&r.letter_valid),
						  "direct_authority", rule_brief(&r.direct_authority), "no_refusal",
						  rule_brief(&r.no_refusal), "receipt", rule_brief(&r.receipt), "stuck",
						  rule_brief(&r.stuck)));
	if (steps) {
		json_t *list = json_array();
		struct db_stmt *q = db_stmt(db, "SELECT s.action, s.done_on, s.org_id, o.name, s.note, s.recorded_by, s.recorded_at"
						" FROM transfer_step s LEFT JOIN org o ON o.id = s.org_id WHERE s.transfer_id = ?1"
						" ORDER BY s.id");
		db_bind_int(q, 1, t->id);
		int rc;
		while ((rc = db_step(q, err)) == 1)
			json_array_append_new(list, json_pack("{s:s,s:s,s:o,s:s?,s:s?,s:s,s:s}", "action", db_col_text(q, 0), "on",
							      db_col_text(q, 1), "org_id",
							      db_col_null(q, 2) ? json_null() : json_integer(db_col_int(q, 2)),
							      "org_name", db_col_text(q, 3), "note", db_col_text(q, 4), "recorded_by",
							      db_col_text(q, 5), "recorded_at", db_col_text(q, 6)));
		json_object_set_new(j, "steps", list);
		if (rc < 0) {
			json_decref(j);
			return err && err->code ? err->code : JC_EINTERNAL;
		}
	}
	*out = j;
	return JC_OK;
}

enum jc_err transfer_page(struct db *db, int64_t org_id, const char *direction, const char *state, int64_t after,
			  int limit, json_t **items, int64_t *next, json_t **rules, struct jc_error *err)
{
	if (direction && strcmp(direction, "out") && strcmp(direction, "in"))
		return jc_fail(err, JC_EINVAL, "direction", NULL, "'direction' must be out or in");
	bool open = state && !strcmp(state, "open"), expired = state && !strcmp(state, "expired"),
	     stuck = state && !strcmp(state, "stuck");
	int exact = state && !open && !expired && !stuck ? transfer_state_from_key(state) : -1;
	if (state && !open && !expired && !stuck && exact < 0)
		return jc_fail(err, JC_EINVAL, "state", NULL,
			       "'state' must be open, expired, stuck or a state (requested, issued, forwarded, accepted, closed, refused, cancelled)");
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	struct transfer_rules r;
	int today = date_today();
	if ((e = transfer_rules_load(db, org_id, today, &r, err)))
		return e;
	int stuck_days = (int)strtol(r.stuck.value, NULL, 10);
	bool out = !direction || !strcmp(direction, "out"), in = !direction || !strcmp(direction, "in");
	/* the transfers one of whose sides lies in the subtree, newest first */
	struct db_stmt *q = db_stmt(db,
		"SELECT " COLUMNS " FROM transfer t LEFT JOIN org f ON f.id = t.from_org_id LEFT JOIN org o ON o.id = t.to_org_id"
		" WHERE t.id < ?3 AND ((?4 AND f.path >= ?1 AND f.path < ?2) OR (?5 AND o.path >= ?1 AND o.path < ?2))"
		" AND (?6 = 0 OR t.state IN ('requested', 'issued', 'forwarded', 'accepted'))"
		" AND (?7 IS NULL OR t.state = ?7) ORDER BY t.id DESC");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_int(q, 3, after > 0 ? after : INT64_MAX);
	db_bind_int(q, 4, out);
	db_bind_int(q, 5, in);
	db_bind_int(q, 6, open || expired || stuck);
	db_bind_text(q, 7, exact >= 0 ? transfer_state_key(exact) : NULL);
	*items = json_array();
	*next = 0;
	int rc;
	while ((rc = db_step(q, err)) == 1) {
		struct transfer t;
		transfer_from_row(q, &t);
		if (expired && (t.state == TR_ACCEPTED || !transfer_expired(&t, today)))
			continue;
		if (stuck && !transfer_stuck(&t, today, stuck_days))
			continue;
		if ((int)json_array_size(*items) == limit) {
			*next = json_integer_value(json_object_get(json_array_get(*items, (size_t)limit - 1), "id"));
			db_reset(q);
			break;
		}
		json_t *one;
		if ((e = brief(db, &t, &r, NULL, today, &one, err))) {
			db_reset(q);
			break;
		}
		json_array_append_new(*items, one);
	}
	if (!e && rc < 0)
		e = err && err->code ? err->code : JC_EINTERNAL;
	if (e) {
		json_decref(*items);
		*items = NULL;
		return e;
	}
	*rules = json_pack("{s:o,s:o}", "letter_valid", rule_brief(&r.letter_valid), "stuck", rule_brief(&r.stuck));
	return JC_OK;
}

enum jc_err transfer_of_member(struct db *db, int64_t member_id, json_t **items, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT " COLUMNS " FROM transfer t WHERE t.member_id = ?1 ORDER BY t.id DESC LIMIT 100");
	db_bind_int(q, 1, member_id);
	struct transfer *list = xcalloc(100, sizeof(*list));
	int n = 0, rc;
	while ((rc = db_step(q, err)) == 1)
		transfer_from_row(q, &list[n++]);
	if (rc < 0) {
		free(list);
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	*items = json_array();
	int today = date_today();
	enum jc_err e = JC_OK;
	for (int i = 0; !e && i < n; i++) {
		struct transfer_rules r;
		json_t *one;
		if (!(e = transfer_rules_load(db, rules_org(&list[i]), today, &r, err)) &&
		    !(e = brief(db, &list[i], &r, NULL, today, &one, err)))
			json_array_append_new(*items, one);
	}
	free(list);
	if (e) {
		json_decref(*items);
		*items = NULL;
	}
	return e;
}

/* --- must-transfer hints ---------------------------------------------------------------------- */

/* The changes of work unit or home address of a member since it joined its organisation (its
 * creation, or the last transfer into it), with no transfer started since: one hint for the
 * latest. */
static enum jc_err change_hint(struct db *db, int64_t member_id, const char *name, int64_t org_id, const char *org_name,
			       const struct transfer_rules *r, json_t *items, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT h.at, CASE WHEN json_extract(h.changes, '$.work_unit') IS NOT NULL THEN 'work_unit' ELSE 'address' END"
		" FROM history h WHERE h.entity = 'member' AND h.entity_id = ?1"
		" AND (json_extract(h.changes, '$.work_unit') IS NOT NULL OR json_extract(h.changes, '$.address') IS NOT NULL)"
		" AND h.action = 'update'"
		" AND h.id > coalesce((SELECT max(x.id) FROM history x WHERE x.entity = 'member' AND x.entity_id = ?1"
		"   AND x.action IN ('transfer', 'transfer_in')), 0)"
		" AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = ?1 AND t.created_at >= h.at"
		"   AND t.state NOT IN ('refused', 'cancelled'))"
		" ORDER BY h.id DESC LIMIT 1");
	db_bind_int(q, 1, member_id);
	int rc = db_step(q, err);
	if (rc < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (rc == 1) {
		char since[11];
		snprintf(since, sizeof(since), "%.10s", db_col_text(q, 0));
		const char *kind = db_col_text(q, 1);
		json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:o}", "member_id", (json_int_t)member_id,
						       "name", name, "org_id", (json_int_t)org_id, "org_name", org_name, "kind",
						       kind, "since", since, "detail",
						       !strcmp(kind, "work_unit") ? "工作单位已变更，应转移组织关系 the work unit changed"
										  : "经常居住地已变更，应转移组织关系 the residence changed",
						       "rule", rule_brief(&r->must_change)));
		db_reset(q);
	}
	return JC_OK;
}

/* A registration away long enough to call for a transfer. */
static enum jc_err away_hint(struct db *db, int64_t member_id, const char *name, int64_t org_id, const char *org_name,
			     const struct transfer_rules *r, int today, json_t *items, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT id FROM mobile_registration WHERE member_id = ?1 AND state = 'away'");
	db_bind_int(q, 1, member_id);
	int rc = db_step(q, err);
	if (rc <= 0)
		return rc < 0 ? (err && err->code ? err->code : JC_EINTERNAL) : JC_OK;
	int64_t id = db_col_int(q, 0);
	db_reset(q);
	struct mobile_registration g;
	enum jc_err e = mobile_get(db, id, &g, err);
	if (e)
		return e;
	if (!mobile_must_transfer(&g, &r->must_away, today))
		return JC_OK;
	char left[11], detail[300];
	date_format(g.left_on, left);
	snprintf(detail, sizeof(detail), "外出%s个月以上且地点相对固定的，应转移组织关系 away at %s since %s", r->must_away.value,
		 g.destination, left);
	json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:o}", "member_id", (json_int_t)member_id,
					       "name", name, "org_id", (json_int_t)org_id, "org_name", org_name, "kind", "away",
					       "since", left, "destination", g.destination, "detail", detail, "registration_id",
					       (json_int_t)g.id, "rule", rule_brief(&r->must_away)));
	return JC_OK;
}

enum jc_err transfer_hints(struct db *db, int64_t org_id, int64_t member_id, int limit, json_t **items,
			   struct jc_error *err)
{
	int today = date_today();
	struct transfer_rules r;
	*items = json_array();
	enum jc_err e = JC_OK;
	if (member_id) {
		struct member m;
		struct org o;
		if ((e = member_get_masked(db, member_id, &m, err)) || (e = org_get(db, m.org_id, &o, err)) ||
		    (e = transfer_rules_load(db, m.org_id, today, &r, err)))
			goto fail;
		if (strcmp(m.state, "normal"))
			return JC_OK;
		if (!(e = change_hint(db, m.id, m.name, m.org_id, o.name, &r, *items, err)))
			e = away_hint(db, m.id, m.name, m.org_id, o.name, &r, today, *items, err);
		if (e)
			goto fail;
		return JC_OK;
	}
	struct org top;
	if ((e = org_get(db, org_id, &top, err)) || (e = transfer_rules_load(db, org_id, today, &r, err)))
		goto fail;
	char hi[256];
	org_subtree_end(top.path, hi);
	/* the candidates: members with a change of work unit or address since they joined, or away */
	struct db_stmt *q = db_stmt_new(db,
		"SELECT m.id, m.name, m.org_id, o.name FROM org o JOIN member m ON m.org_id = o.id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND m.state = 'normal' AND (EXISTS (SELECT 1 FROM mobile_registration g"
		" WHERE g.member_id = m.id AND g.state = 'away') OR EXISTS (SELECT 1 FROM history h WHERE h.entity = 'member'"
		" AND h.entity_id = m.id AND h.action = 'update' AND (json_extract(h.changes, '$.work_unit') IS NOT NULL"
		" OR json_extract(h.changes, '$.address') IS NOT NULL))) ORDER BY o.path, m.id",
		err);
	if (!q) {
		e = JC_EINTERNAL;
		goto fail;
	}
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	int rc;
	while ((int)json_array_size(*items) < limit && (rc = db_step(q, err)) == 1) {
		int64_t id = db_col_int(q, 0), org = db_col_int(q, 2);
		char name[64], org_name[193];
		snprintf(name, sizeof(name), "%s", db_col_text(q, 1));
		snprintf(org_name, sizeof(org_name), "%s", db_col_text(q, 3));
		if ((e = change_hint(db, id, name, org, org_name, &r, *items, err)) ||
		    (e = away_hint(db, id, name, org, org_name, &r, today, *items, err)))
			break;
	}
	if (!e && rc < 0)
		e = err && err->code ? err->code : JC_EINTERNAL;
	db_stmt_free(q);
	if (!e)
		return JC_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return e;
}
