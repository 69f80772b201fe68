/*
 * mobile_store.c - registrations of mobile members, their hosts and events in the database, and
 * reading them back.
 *
 * Each write runs inside the caller's transaction: the registration row, an event (append-only),
 * a host row when the host changes, and the member record's mobile flag and destination (with
 * their history row and statistics) when the member leaves or comes back. The contact is sealed
 * like a member's phone (keys.h), with a masked copy for every read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "db/db.h"
#include "keys/keys.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "transfer/transfer.h"

enum jc_err mobile_rules_load(struct db *db, int64_t org_id, int on, struct mobile_rules *r, struct jc_error *err)
{
	static const struct rule_slot slots[] = {
		RULE_SLOT(struct mobile_rules, card_max, "mobile.card_max_months"),
		RULE_SLOT(struct mobile_rules, report_interval, "mobile.report_interval_months"),
		RULE_SLOT(struct mobile_rules, card_checked, "mobile.card_checked_on_return"),
		RULE_SLOT(struct mobile_rules, host_no_vote, "mobile.host_no_vote"),
		RULE_SLOT(struct mobile_rules, must_away, "transfer.must_transfer_away_months"),
		RULE_SLOT(struct mobile_rules, lost_stop, "member.lost_contact_stop_months"),
		RULE_SLOT(struct mobile_rules, stopped_removal, "member.stopped_removal_months"),
		RULE_SLOT(struct mobile_rules, decision_meeting, "member.status_decision_meeting"),
		RULE_SLOT(struct mobile_rules, self_withdrawal, "member.self_withdrawal_months"),
		RULE_SLOT(struct mobile_rules, together, "mobile.together_min_members"),
	};
	return rules_load_slots(db, org_id, on, slots, sizeof(slots) / sizeof(slots[0]), r, err);
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void bind_opt_text(struct db_stmt *s, int i, const char *v)
{
	db_bind_text(s, i, v && v[0] ? v : NULL);
}

/* --- reading ------------------------------------------------------------------------------- */

#define COLUMNS                                                                                           \
	"g.id, g.member_id, g.org_id, g.state, g.registered_on, g.left_on, g.expected_return, g.reason,"  \
	" g.destination, g.contact_masked, g.card_no, g.card_issued_on, g.card_valid_until, g.host_org_id," \
	" g.host_name, g.last_report_on, g.returned_on, g.card_checked, g.end_reason, g.version,"          \
	" (SELECT max(h.since) FROM mobile_host h WHERE h.registration_id = g.id)"

static int state_of(const char *s)
{
	return s && !strcmp(s, "returned") ? MOB_RETURNED : s && !strcmp(s, "ended") ? MOB_ENDED : MOB_AWAY;
}

static void from_row(struct db_stmt *s, struct mobile_registration *g)
{
	memset(g, 0, sizeof(*g));
	g->id = db_col_int(s, 0);
	g->member_id = db_col_int(s, 1);
	g->org_id = db_col_int(s, 2);
	g->state = state_of(db_col_text(s, 3));
	g->registered_on = db_col_date(s, 4);
	g->left_on = db_col_date(s, 5);
	g->expected_return = db_col_date(s, 6);
	copy(g->reason, sizeof(g->reason), db_col_text(s, 7));
	copy(g->destination, sizeof(g->destination), db_col_text(s, 8));
	copy(g->contact, sizeof(g->contact), db_col_text(s, 9));
	copy(g->card_no, sizeof(g->card_no), db_col_text(s, 10));
	g->card_issued_on = db_col_date(s, 11);
	g->card_valid_until = db_col_date(s, 12);
	g->host_org_id = db_col_int(s, 13);
	copy(g->host_name, sizeof(g->host_name), db_col_text(s, 14));
	g->last_report_on = db_col_date(s, 15);
	g->returned_on = db_col_date(s, 16);
	g->card_checked = db_col_int(s, 17) != 0;
	copy(g->end_reason, sizeof(g->end_reason), db_col_text(s, 18));
	g->version = db_col_int(s, 19);
	g->host_since = db_col_date(s, 20);
}

enum jc_err mobile_get(struct db *db, int64_t id, struct mobile_registration *g, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT " COLUMNS " FROM mobile_registration g WHERE g.id = ?1");
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no mobile member registration %lld", (long long)id);
	from_row(s, g);
	db_reset(s);
	return JC_OK;
}

enum jc_err mobile_paths(struct db *db, int64_t id, char *home, char *host, size_t cap, bool *found,
			 struct jc_error *err)
{
	return transfer_side_paths(db, "SELECT o.path, h.path FROM mobile_registration g JOIN org o ON o.id = g.org_id"
				   " LEFT JOIN org h ON h.id = g.host_org_id WHERE g.id = ?1",
				   id, home, host, cap, found, err);
}

enum jc_err mobile_host_on(struct db *db, int64_t member_id, int on, int64_t *org_id, struct jc_error *err)
{
	*org_id = 0;
	struct db_stmt *s = db_stmt(db,
		"SELECT g.id, (SELECT h.host_org_id FROM mobile_host h WHERE h.registration_id = g.id AND h.since <= ?2"
		" ORDER BY h.since DESC, h.id DESC LIMIT 1) FROM mobile_registration g WHERE g.member_id = ?1"
		" AND g.left_on <= ?2 AND (g.returned_on IS NULL OR g.returned_on > ?2)"
		" ORDER BY g.left_on DESC, g.id DESC LIMIT 1");
	db_bind_int(s, 1, member_id);
	db_bind_date(s, 2, on);
	int r = db_step(s, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return JC_ENOTFOUND; /* not an error to report: the member was not away that day */
	*org_id = db_col_int(s, 1);
	db_reset(s);
	return JC_OK;
}

/* --- writing ------------------------------------------------------------------------------- */

static enum jc_err add_event(struct db *db, int64_t id, const char *kind, int on, const char *note, json_t *data,
			     const struct actor *who, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct db_stmt *q = db_stmt(db, "INSERT INTO mobile_event (registration_id, kind, done_on, note, data, recorded_by,"
					" recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, kind);
	db_bind_date(q, 3, on);
	bind_opt_text(q, 4, note);
	db_bind_text(q, 5, text);
	db_bind_text(q, 6, who->name);
	db_bind_text(q, 7, now);
	free(text);
	return db_run(q, err);
}

static enum jc_err save(struct db *db, const struct mobile_registration *g, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"UPDATE mobile_registration SET state = ?2, card_no = ?3, card_issued_on = ?4, card_valid_until = ?5,"
		" host_org_id = ?6, host_name = ?7, last_report_on = ?8, returned_on = ?9, card_checked = ?10, end_reason = ?11,"
		" version = version + 1, updated_at = ?12 WHERE id = ?1 AND version = ?13");
	db_bind_int(q, 1, g->id);
	db_bind_text(q, 2, mobile_state_key(g->state));
	bind_opt_text(q, 3, g->card_no);
	db_bind_date(q, 4, g->card_issued_on);
	db_bind_date(q, 5, g->card_valid_until);
	if (g->host_org_id)
		db_bind_int(q, 6, g->host_org_id);
	else
		db_bind_null(q, 6);
	bind_opt_text(q, 7, g->host_name);
	db_bind_date(q, 8, g->last_report_on);
	db_bind_date(q, 9, g->returned_on);
	db_bind_int(q, 10, g->card_checked);
	bind_opt_text(q, 11, g->end_reason);
	db_bind_text(q, 12, now);
	db_bind_int(q, 13, g->version);
	enum jc_err e = db_run(q, err);
	if (!e && db_changes(db) != 1)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the registration changed meanwhile: read it again");
	return e;
}

/* A host named in this database (host_org_id, 0: none) is an active branch or committee other than
 * the home organisation home_id: 400 naming host_org_id otherwise. */
static enum jc_err check_host(struct db *db, int64_t host_org_id, int64_t home_id, struct jc_error *err)
{
	if (!host_org_id)
		return JC_OK;
	struct org o;
	struct jc_error none = { 0 };
	enum jc_err e = org_get(db, host_org_id, &o, &none);
	if (e && e != JC_ENOTFOUND)
		return jc_error_pass(err, &none);
	if (e || strcmp(o.status, "active") || !strcmp(o.type, "group") || o.id == home_id)
		return jc_fail(err, JC_EINVAL, "host_org_id", NULL,
			       "'host_org_id' must be an active branch or committee other than the member's own");
	return JC_OK;
}

/* The member record's mobile flag and destination, with a history row of action. */
static enum jc_err set_member(struct db *db, int64_t member_id, bool mobile, const char *destination, const char *action,
			      const struct actor *who, struct jc_error *err)
{
	struct member m;
	enum jc_err e = member_get(db, member_id, &m, err);
	if (e)
		return e;
	m.mobile = mobile;
	copy(m.mobile_destination, sizeof(m.mobile_destination), mobile ? destination : "");
	return member_update_as(db, &m, action, who, err);
}

enum jc_err mobile_register(struct db *db, struct mobile_registration *g, const struct actor *who, struct jc_error *err)
{
	struct member m;
	enum jc_err e = member_get_masked(db, g->member_id, &m, err);
	if (e)
		return e;
	if (strcmp(m.state, "normal"))
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL, "only a member in normal standing is registered as away (%s)",
			       m.state);
	g->org_id = m.org_id;
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM mobile_registration WHERE member_id = ?1 AND state = 'away'");
	db_bind_int(q, 1, m.id);
	if (db_step(q, err) != 1)
		return err && err->code ? err->code : JC_EINTERNAL;
	bool registered = db_col_int(q, 0) > 0;
	db_reset(q);
	if (registered)
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL, "the member is registered as away already: the return ends it first");
	struct mobile_rules r;
	int today = date_today();
	if ((e = mobile_rules_load(db, m.org_id, today, &r, err)))
		return e;
	g->registered_on = today;
	if ((e = mobile_check_register(g, &r, today, err)))
		return e;
	if ((e = check_host(db, g->host_org_id, m.org_id, err)))
		return e;
	unsigned char blob[512];
	size_t len;
	if (keys_seal(g->contact, strlen(g->contact), blob, sizeof(blob), &len))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "the contact cannot be sealed");
	char masked[128], now[21];
	fields_mask(g->contact, masked, sizeof(masked));
	clock_format(clock_now(), now);
	q = db_stmt(db,
		"INSERT INTO mobile_registration (member_id, org_id, state, registered_on, left_on, reason, destination, contact,"
		" contact_masked, expected_return, card_no, card_issued_on, card_valid_until, host_org_id, host_name,"
		" created_at, updated_at) VALUES (?1, ?2, 'away', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)");
	db_bind_int(q, 1, g->member_id);
	db_bind_int(q, 2, g->org_id);
	db_bind_date(q, 3, g->registered_on);
	db_bind_date(q, 4, g->left_on);
	db_bind_text(q, 5, g->reason);
	db_bind_text(q, 6, g->destination);
	db_bind_blob(q, 7, blob, len);
	db_bind_text(q, 8, masked);
	db_bind_date(q, 9, g->expected_return);
	bind_opt_text(q, 10, g->card_no);
	db_bind_date(q, 11, g->card_issued_on);
	db_bind_date(q, 12, g->card_valid_until);
	if (g->host_org_id)
		db_bind_int(q, 13, g->host_org_id);
	else
		db_bind_null(q, 13);
	bind_opt_text(q, 14, g->host_name);
	db_bind_text(q, 15, now);
	if ((e = db_run(q, err)))
		return e;
	g->id = db_last_id(db);
	g->state = MOB_AWAY;
	g->version = 1;
	copy(g->contact, sizeof(g->contact), masked);
	json_t *data = json_pack("{s:s,s:s}", "destination", g->destination, "contact", masked);
	if (g->card_no[0])
		json_object_set_new(data, "card_no", json_string(g->card_no));
	e = add_event(db, g->id, "register", g->registered_on, g->reason, data, who, err);
	json_decref(data);
	if (!e && (g->host_org_id || g->host_name[0])) {
		q = db_stmt(db, "INSERT INTO mobile_host (registration_id, since, host_org_id, host_name, recorded_by, recorded_at)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		db_bind_int(q, 1, g->id);
		db_bind_date(q, 2, g->left_on);
		if (g->host_org_id)
			db_bind_int(q, 3, g->host_org_id);
		else
			db_bind_null(q, 3);
		bind_opt_text(q, 4, g->host_name);
		db_bind_text(q, 5, who->name);
		db_bind_text(q, 6, now);
		e = db_run(q, err);
		g->host_since = g->left_on;
	}
	if (!e) {
		char reason[700];
		snprintf(reason, sizeof(reason), "流动党员登记 mobile member registered %lld: %s", (long long)g->id, g->reason);
		struct actor a = { who->name, reason };
		e = set_member(db, g->member_id, true, g->destination, "mobile", &a, err);
	}
	return e;
}

enum jc_err mobile_report(struct db *db, int64_t id, int on, const char *note, const struct actor *who,
			  struct jc_error *err)
{
	struct mobile_registration g;
	enum jc_err e = mobile_get(db, id, &g, err);
	if (!e)
		e = mobile_check_step(&g, on, g.registered_on, date_today(), "reported_on", err);
	if (!e && (!note || !note[0]))
		e = jc_fail(err, JC_EINVAL, "note", NULL, "'note' is required: what the member reported");
	if (e)
		return e;
	if (g.last_report_on == DATE_NONE || on > g.last_report_on)
		g.last_report_on = on;
	if (!(e = save(db, &g, err)))
		e = add_event(db, id, "report", on, note, NULL, who, err);
	return e;
}

enum jc_err mobile_card(struct db *db, int64_t id, const char *card_no, int issued_on, int valid_until,
			const struct actor *who, struct jc_error *err)
{
	struct mobile_registration g;
	struct mobile_rules r;
	int today = date_today();
	enum jc_err e = mobile_get(db, id, &g, err);
	if (!e)
		e = mobile_check_step(&g, issued_on, DATE_NONE, today, "card_issued_on", err);
	if (!e)
		e = mobile_rules_load(db, g.org_id, today, &r, err);
	if (!e)
		e = mobile_check_card(card_no, issued_on, valid_until, &r, today, err);
	if (e)
		return e;
	copy(g.card_no, sizeof(g.card_no), card_no);
	g.card_issued_on = issued_on;
	g.card_valid_until = valid_until;
	g.card_checked = false;
	if ((e = save(db, &g, err)))
		return e;
	char until[11];
	date_format(valid_until, until);
	json_t *data = json_pack("{s:s,s:s}", "card_no", card_no, "valid_until", until);
	e = add_event(db, id, "card", issued_on, NULL, data, who, err);
	json_decref(data);
	return e;
}

enum jc_err mobile_host(struct db *db, int64_t id, int since, int64_t host_org_id, const char *host_name,
			const struct actor *who, struct jc_error *err)
{
	struct mobile_registration g;
	enum jc_err e = mobile_get(db, id, &g, err);
	if (!e)
		e = mobile_check_step(&g, since, g.left_on, date_today(), "since", err); /* from the day of leaving */
	if (e)
		return e;
	if (g.host_since != DATE_NONE && since < g.host_since)
		return jc_fail(err, JC_EINVAL, "since", NULL, "'since' comes before the current host's day");
	if (!host_org_id == !(host_name && host_name[0]))
		return jc_fail(err, JC_EINVAL, "host_org_id", NULL, "name the host by 'host_org_id' or by 'host_name' (outside), one of them");
	if ((e = check_host(db, host_org_id, g.org_id, err)))
		return e;
	g.host_org_id = host_org_id;
	copy(g.host_name, sizeof(g.host_name), host_org_id ? "" : host_name);
	if ((e = save(db, &g, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO mobile_host (registration_id, since, host_org_id, host_name, recorded_by,"
					" recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(q, 1, id);
	db_bind_date(q, 2, since);
	if (host_org_id)
		db_bind_int(q, 3, host_org_id);
	else
		db_bind_null(q, 3);
	bind_opt_text(q, 4, host_org_id ? NULL : host_name);
	db_bind_text(q, 5, who->name);
	db_bind_text(q, 6, now);
	if ((e = db_run(q, err)))
		return e;
	json_t *data = host_org_id ? json_pack("{s:I}", "host_org_id", (json_int_t)host_org_id)
				   : json_pack("{s:s}", "host_name", host_name);
	e = add_event(db, id, "host", since, NULL, data, who, err);
	json_decref(data);
	return e;
}

enum jc_err mobile_return(struct db *db, int64_t id, int on, bool card_checked, const char *note,
			  const struct actor *who, struct jc_error *err)
{
	struct mobile_registration g;
	struct mobile_rules r;
	int today = date_today();
	enum jc_err e = mobile_get(db, id, &g, err);
	if (!e)
		e = mobile_rules_load(db, g.org_id, today, &r, err);
	if (!e)
		e = mobile_check_return(&g, on, card_checked, &r, today, err);
	if (e)
		return e;
	g.state = MOB_RETURNED;
	g.returned_on = on;
	g.card_checked = card_checked && g.card_no[0];
	if ((e = save(db, &g, err)))
		return e;
	json_t *data = json_pack("{s:b}", "card_checked", g.card_checked);
	e = add_event(db, id, "return", on, note, data, who, err);
	json_decref(data);
	if (!e) {
		char reason[200];
		snprintf(reason, sizeof(reason), "流动党员返回 mobile member back, registration %lld", (long long)id);
		struct actor a = { who->name, reason };
		e = set_member(db, g.member_id, false, NULL, "mobile_return", &a, err);
	}
	return e;
}

enum jc_err mobile_end_by_transfer(struct db *db, int64_t member_id, int on, const struct actor *who,
				   struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT id FROM mobile_registration WHERE member_id = ?1 AND state = 'away'");
	db_bind_int(q, 1, member_id);
	int r = db_step(q, err);
	if (r <= 0)
		return r < 0 ? (err && err->code ? err->code : JC_EINTERNAL) : JC_OK;
	int64_t id = db_col_int(q, 0);
	db_reset(q);
	struct mobile_registration g;
	enum jc_err e = mobile_get(db, id, &g, err);
	if (e)
		return e;
	g.state = MOB_ENDED;
	g.returned_on = on != DATE_NONE && on >= g.left_on ? on : g.left_on;
	copy(g.end_reason, sizeof(g.end_reason), "the member's relationship was transferred");
	if (!(e = save(db, &g, err)))
		e = add_event(db, id, "end", g.returned_on, g.end_reason, NULL, who, err);
	return e;
}

/* --- as JSON ------------------------------------------------------------------------------- */

static json_t *rule_brief(const struct rule *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "unit", r->unit, "regulation",
			 r->regulation, "article", r->article, "summary", r->summary_zh);
}

/* The member's name, the home and the host of a registration, as its summary names them. */
struct names {
	char member[64];
	json_t *home, *host;
};

static enum jc_err names_of(struct db *db, const struct mobile_registration *g, struct names *n, struct jc_error *err)
{
	struct member m;
	struct jc_error none = { 0 };
	memset(n, 0, sizeof(*n));
	enum jc_err e = member_get_masked(db, g->member_id, &m, &none);
	if (e && e != JC_ENOTFOUND)
		return jc_error_pass(err, &none);
	copy(n->member, sizeof(n->member), e ? "" : m.name);
	if ((e = transfer_org_ref(db, g->org_id, &n->home, err)))
		return e;
	if (g->host_org_id)
		e = transfer_org_ref(db, g->host_org_id, &n->host, err);
	else
		n->host = g->host_name[0] ? json_pack("{s:n,s:s}", "id", "name", g->host_name) : json_null();
	if (e)
		json_decref(n->home);
	return e;
}

/* A registration's summary and what is due (rules in r) into *out. */
static enum jc_err summary(struct db *db, const struct mobile_registration *g, const struct mobile_rules *r, int today,
			   json_t **out, struct jc_error *err)
{
	struct names n;
	enum jc_err e = names_of(db, g, &n, err);
	if (e)
		return e;
	json_t *j = json_pack("{s:I,s:I,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:s,s:s,s:s}", "id", (json_int_t)g->id, "member_id",
			      (json_int_t)g->member_id, "name", n.member, "home", n.home, "state", mobile_state_key(g->state),
			      "registered_on", date_json(g->registered_on), "left_on", date_json(g->left_on),
			      "expected_return", date_json(g->expected_return), "returned_on", date_json(g->returned_on),
			      "reason", g->reason, "destination", g->destination, "contact", g->contact);
	json_object_set_new(j, "card", g->card_no[0] ? json_pack("{s:s,s:o,s:o,s:b,s:b}", "no", g->card_no, "issued_on",
							       date_json(g->card_issued_on), "valid_until",
							       date_json(g->card_valid_until), "expired",
							       mobile_card_expired(g, today), "checked", g->card_checked)
						     : json_null());
	json_object_set_new(j, "host", n.host);
	json_object_set_new(j, "host_since", date_json(g->host_since));
	json_object_set_new(j, "last_report_on", date_json(g->last_report_on));
	if (g->state == MOB_AWAY) {
		json_object_set_new(j, "report_due_on", date_json(mobile_report_due(g, r)));
		json_object_set_new(j, "report_missing", json_boolean(mobile_report_missing(g, r, today)));
		json_object_set_new(j, "must_transfer", json_boolean(mobile_must_transfer(g, &r->must_away, today)));
	}
	if (g->end_reason[0])
		json_object_set_new(j, "end_reason", json_string(g->end_reason));
	*out = j;
	return JC_OK;
}

static json_t *rules_json_of(const struct mobile_rules *r)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "card_max", rule_brief(&r->card_max), "report_interval",
			 rule_brief(&r->report_interval), "must_transfer", rule_brief(&r->must_away), "card_checked",
			 rule_brief(&r->card_checked), "host_no_vote", rule_brief(&r->host_no_vote), "together",
			 rule_brief(&r->together));
}

enum jc_err mobile_json(struct db *db, const struct mobile_registration *g, bool events, json_t **out,
			struct jc_error *err)
{
	struct mobile_rules r;
	int today = date_today();
	enum jc_err e = mobile_rules_load(db, g->org_id, today, &r, err);
	if (e)
		return e;
	json_t *j;
	if ((e = summary(db, g, &r, today, &j, err)))
		return e;
	json_object_set_new(j, "version", json_integer(g->version));
	json_object_set_new(j, "rules", rules_json_of(&r));
	if (events) {
		json_t *list = json_array();
		struct db_stmt *q = db_stmt(db, "SELECT kind, done_on, note, data, recorded_by, recorded_at FROM mobile_event"
						" WHERE registration_id = ?1 ORDER BY id");
		db_bind_int(q, 1, g->id);
		int rc;
		while ((rc = db_step(q, err)) == 1) {
			json_t *data = db_col_text(q, 3) ? json_loads(db_col_text(q, 3), 0, NULL) : NULL;
			json_array_append_new(list, json_pack("{s:s,s:s,s:s?,s:o,s:s,s:s}", "kind", db_col_text(q, 0), "on",
							      db_col_text(q, 1), "note", db_col_text(q, 2), "data",
							      data ? data : json_null(), "recorded_by", db_col_text(q, 4),
							      "recorded_at", db_col_text(q, 5)));
		}
		json_object_set_new(j, "events", list);
		if (rc < 0) {
			json_decref(j);
			return err && err->code ? err->code : JC_EINTERNAL;
		}
	}
	*out = j;
	return JC_OK;
}

enum jc_err mobile_of_member(struct db *db, int64_t member_id, json_t **items, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT " COLUMNS " FROM mobile_registration g WHERE g.member_id = ?1 ORDER BY g.id DESC");
	db_bind_int(q, 1, member_id);
	struct mobile_registration *list = xcalloc(64, sizeof(*list));
	int n = 0, r;
	while ((r = db_step(q, err)) == 1)
		if (n < 64)
			from_row(q, &list[n++]);
	enum jc_err e = r < 0 ? (err && err->code ? err->code : JC_EINTERNAL) : JC_OK;
	*items = e ? NULL : json_array();
	for (int i = 0; !e && i < n; i++) {
		json_t *j;
		if ((e = mobile_json(db, &list[i], false, &j, err)))
			json_decref(*items);
		else
			json_array_append_new(*items, j);
	}
	free(list);
	return e;
}

enum jc_err mobile_page(struct db *db, int64_t org_id, bool hosted, const char *state, int limit, json_t **items,
			json_t **rules, struct jc_error *err)
{
	static const char *const known[] = { "away", "report_missing", "card_expired", "must_transfer", "returned",
					     "unregistered", "all", NULL };
	bool ok = !state;
	for (int i = 0; state && known[i]; i++)
		ok |= !strcmp(state, known[i]);
	if (!ok)
		return jc_fail(err, JC_EINVAL, "state", NULL,
			       "'state' must be away, report_missing, card_expired, must_transfer, returned, unregistered or all");
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	struct mobile_rules r;
	int today = date_today();
	if ((e = mobile_rules_load(db, org_id, today, &r, err)))
		return e;
	bool away_only = !state || (strcmp(state, "returned") && strcmp(state, "all"));
	*items = json_array();
	if (!state || strcmp(state, "unregistered")) {
		struct db_stmt *q = db_stmt_new(db,
			hosted ? "SELECT " COLUMNS " FROM mobile_registration g JOIN org o ON o.id = g.host_org_id"
				 " WHERE o.path >= ?1 AND o.path < ?2 AND (?3 = 0 OR g.state = 'away') ORDER BY g.id DESC"
			       : "SELECT " COLUMNS " FROM mobile_registration g JOIN org o ON o.id = g.org_id"
				 " WHERE o.path >= ?1 AND o.path < ?2 AND (?3 = 0 OR g.state = 'away') ORDER BY g.id DESC",
			err);
		if (!q) {
			e = err && err->code ? err->code : JC_EINTERNAL;
			goto fail;
		}
		db_bind_text(q, 1, top.path);
		db_bind_text(q, 2, hi);
		db_bind_int(q, 3, away_only);
		int rc = 0;
		while (!e && (int)json_array_size(*items) < limit && (rc = db_step(q, err)) == 1) {
			struct mobile_registration g;
			from_row(q, &g);
			bool keep = !state || !strcmp(state, "all") || !strcmp(state, "away") ||
				    (!strcmp(state, "returned") && g.state != MOB_AWAY) ||
				    (!strcmp(state, "report_missing") && mobile_report_missing(&g, &r, today)) ||
				    (!strcmp(state, "card_expired") && mobile_card_expired(&g, today)) ||
				    (!strcmp(state, "must_transfer") && mobile_must_transfer(&g, &r.must_away, today));
			json_t *one;
			if (keep && !(e = summary(db, &g, &r, today, &one, err)))
				json_array_append_new(*items, one);
		}
		db_stmt_free(q);
		if (!e && rc < 0)
			e = err && err->code ? err->code : JC_EINTERNAL;
		if (e)
			goto fail;
	}
	if (!hosted && (!state || !strcmp(state, "unregistered") || !strcmp(state, "all"))) {
		/* members flagged mobile (imported so) with no registration away */
		struct db_stmt *q = db_stmt(db,
			"SELECT m.id, m.name, m.org_id, m.mobile_destination FROM org o JOIN member m ON m.org_id = o.id"
			" WHERE o.path >= ?1 AND o.path < ?2 AND m.mobile = 1 AND m.state IN ('normal', 'stopped')"
			" AND NOT EXISTS (SELECT 1 FROM mobile_registration g WHERE g.member_id = m.id AND g.state = 'away')"
			" ORDER BY o.path, m.id");
		db_bind_text(q, 1, top.path);
		db_bind_text(q, 2, hi);
		int rc;
		while ((rc = db_step(q, err)) == 1) {
			json_t *home;
			if ((int)json_array_size(*items) >= limit || (e = transfer_org_ref(db, db_col_int(q, 2), &home, err))) {
				db_reset(q);
				break;
			}
			json_array_append_new(*items, json_pack("{s:n,s:I,s:s,s:o,s:s,s:s?}", "id", "member_id",
								(json_int_t)db_col_int(q, 0), "name", db_col_text(q, 1), "home",
								home, "state", "unregistered", "destination", db_col_text(q, 3)));
		}
		if (!e && rc < 0)
			e = err && err->code ? err->code : JC_EINTERNAL;
		if (e)
			goto fail;
	}
	*rules = rules_json_of(&r);
	return JC_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return e;
}

/* Starts a group of mobile_together: the host (or the destination as written) and no members yet. */
static enum jc_err together_group(struct db *db, int64_t host, const char *destination, json_t **out, struct jc_error *err)
{
	json_t *h = json_null();
	enum jc_err e = host ? transfer_org_ref(db, host, &h, err) : JC_OK;
	if (!e)
		*out = json_pack("{s:o,s:s?,s:i,s:[]}", "host", h, "destination", destination, "count", 0, "members");
	return e;
}

enum jc_err mobile_together(struct db *db, int64_t org_id, json_t **groups, struct jc_error *err)
{
	struct org top;
	int64_t min;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (!e)
		e = rules_int(db, org_id, "mobile.together_min_members", date_today(), &min, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	/* every member away from the subtree, with the size of their group, a group's rows together */
	struct db_stmt *q = db_stmt(db,
		"SELECT host, d, id, member_id, name, first FROM ("
		" SELECT g.host_org_id AS host, CASE WHEN g.host_org_id IS NULL THEN g.destination END AS d, g.id, g.member_id,"
		"  m.name, count(*) OVER w AS n, min(g.id) OVER w AS first"
		" FROM mobile_registration g JOIN org o ON o.id = g.org_id JOIN member m ON m.id = g.member_id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND g.state = 'away'"
		" WINDOW w AS (PARTITION BY g.host_org_id, CASE WHEN g.host_org_id IS NULL THEN g.destination END))"
		" WHERE n >= ?3 ORDER BY n DESC, first, id");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_int(q, 3, min);
	*groups = json_array();
	json_t *group = NULL;
	int64_t group_first = 0; /* a group's first registration names it: its rows come together */
	int rc;
	while (!e && (rc = db_step(q, err)) == 1) {
		if (db_col_int(q, 5) != group_first) {
			if ((e = together_group(db, db_col_int(q, 0), db_col_null(q, 1) ? NULL : db_col_text(q, 1), &group, err)))
				break;
			json_array_append_new(*groups, group);
			group_first = db_col_int(q, 5);
		}
		json_t *members = json_object_get(group, "members");
		json_array_append_new(members, json_pack("{s:I,s:s,s:I}", "member_id", (json_int_t)db_col_int(q, 3), "name",
							 db_col_text(q, 4), "registration_id", (json_int_t)db_col_int(q, 2)));
		json_object_set_new(group, "count", json_integer((json_int_t)json_array_size(members)));
	}
	if (e)
		db_reset(q);
	else if (rc < 0)
		e = err && err->code ? err->code : JC_EINTERNAL;
	if (e) {
		json_decref(*groups);
		*groups = NULL;
	}
	return e;
}
