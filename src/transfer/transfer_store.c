/*
 * transfer_store.c - transfers and their steps in the database.
 *
 * Each write runs inside the caller's transaction: the transfer row, its step (append-only), the
 * letter's number when it is issued and, at acceptance (or the receipt from an organisation
 * outside), the member record - moved with its history and statistics, or leaving the registry -
 * all commit together or not at all. What the pure checks need (both sides' ways up the tree,
 * the member's state, a transfer already under way) is read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "db/db.h"
#include "keys/keys.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "transfer/transfer.h"

enum jc_err transfer_rules_load(struct db *db, int64_t org_id, int on, struct transfer_rules *r, struct jc_error *err)
{
	static const struct rule_slot slots[] = {
		RULE_SLOT(struct transfer_rules, letter_valid, "transfer.letter_valid_months"),
		RULE_SLOT(struct transfer_rules, direct_authority, "transfer.direct_authority"),
		RULE_SLOT(struct transfer_rules, no_refusal, "transfer.no_refusal_without_reason"),
		RULE_SLOT(struct transfer_rules, receipt, "transfer.receipt_between_committees"),
		RULE_SLOT(struct transfer_rules, must_away, "transfer.must_transfer_away_months"),
		RULE_SLOT(struct transfer_rules, must_change, "transfer.must_transfer_on_change"),
		RULE_SLOT(struct transfer_rules, stuck, "transfer.stuck_days"),
	};
	return rules_load_slots(db, org_id, on, slots, sizeof(slots) / sizeof(slots[0]), r, err);
}

/* --- reading ------------------------------------------------------------------------------- */

#define COLUMNS                                                                                               \
	"id, member_id, direction, from_org_id, from_outside, to_org_id, to_outside, to_outside_address,"     \
	" sending_committee_id, receiving_committee_id, state, reason, dues_paid_until, started_on, letter_no," \
	" letter_year, letter_seq, issued_on, valid_months, valid_until, forwarded_on, accepted_on, receipt_on," \
	" ended_on, end_reason, last_step_on, version"

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static int direction_of(const char *s)
{
	return s && !strcmp(s, "out") ? TR_OUT : s && !strcmp(s, "in") ? TR_IN : TR_INTERNAL;
}

static void from_row(struct db_stmt *s, struct transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(s, 0);
	t->member_id = db_col_int(s, 1);
	t->direction = direction_of(db_col_text(s, 2));
	t->from_org_id = db_col_int(s, 3);
	copy(t->from_outside, sizeof(t->from_outside), db_col_text(s, 4));
	t->to_org_id = db_col_int(s, 5);
	copy(t->to_outside, sizeof(t->to_outside), db_col_text(s, 6));
	copy(t->to_outside_address, sizeof(t->to_outside_address), db_col_text(s, 7));
	t->sending_committee_id = db_col_int(s, 8);
	t->receiving_committee_id = db_col_int(s, 9);
	t->state = transfer_state_from_key(db_col_text(s, 10));
	copy(t->reason, sizeof(t->reason), db_col_text(s, 11));
	copy(t->dues_paid_until, sizeof(t->dues_paid_until), db_col_text(s, 12));
	t->started_on = db_col_date(s, 13);
	copy(t->letter_no, sizeof(t->letter_no), db_col_text(s, 14));
	t->letter_year = (int)db_col_int(s, 15);
	t->letter_seq = (int)db_col_int(s, 16);
	t->issued_on = db_col_date(s, 17);
	t->valid_months = (int)db_col_int(s, 18);
	t->valid_until = db_col_date(s, 19);
	t->forwarded_on = db_col_date(s, 20);
	t->accepted_on = db_col_date(s, 21);
	t->receipt_on = db_col_date(s, 22);
	t->ended_on = db_col_date(s, 23);
	copy(t->end_reason, sizeof(t->end_reason), db_col_text(s, 24));
	t->last_step_on = db_col_date(s, 25);
	t->version = db_col_int(s, 26);
}

/* Exposed to transfer_view.c through this declaration only. */
void transfer_from_row(struct db_stmt *s, struct transfer *t);
void transfer_from_row(struct db_stmt *s, struct transfer *t)
{
	from_row(s, t);
}

enum jc_err transfer_get(struct db *db, int64_t id, struct transfer *t, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT " COLUMNS " FROM transfer WHERE id = ?1");
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no transfer %lld", (long long)id);
	from_row(s, t);
	db_reset(s);
	return JC_OK;
}

enum jc_err transfer_side_paths(struct db *db, const char *sql, int64_t id, char *first, char *second, size_t cap,
				bool *found, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, sql);
	db_bind_int(s, 1, id);
	int rc = db_step(s, err);
	*found = rc == 1;
	first[0] = '\0';
	if (second)
		second[0] = '\0';
	if (rc < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (*found) {
		copy(first, cap, db_col_text(s, 0));
		if (second)
			copy(second, cap, db_col_text(s, 1));
		db_reset(s);
	}
	return JC_OK;
}

enum jc_err transfer_paths(struct db *db, int64_t id, char *from, char *to, size_t cap, bool *found,
			   struct jc_error *err)
{
	enum jc_err e = transfer_side_paths(db, "SELECT f.path, r.path FROM transfer t LEFT JOIN org f ON f.id = t.from_org_id"
					    " LEFT JOIN org r ON r.id = t.to_org_id WHERE t.id = ?1",
					    id, from, to, cap, found, err);
	*found = *found && (from[0] || to[0]); /* (one side at least lies in this database) */
	return e;
}

/* An organisation and its ancestors, nearest first (at most max). */
static enum jc_err load_chain(struct db *db, int64_t org_id, struct transfer_org *chain, int max, int *n, struct org *o,
			      struct jc_error *err)
{
	*n = 0;
	enum jc_err e = org_get(db, org_id, o, err);
	if (e)
		return e;
	int64_t ids[64];
	int k = 0;
	for (const char *p = o->path; *p && k < 64;) {
		if (*p == '/') {
			p++;
			continue;
		}
		ids[k++] = strtoll(p, (char **)&p, 10);
	}
	for (int i = k - 1; i >= 0 && *n < max; i--) {
		struct org a;
		if ((e = org_get(db, ids[i], &a, err)))
			return e;
		struct transfer_org *c = &chain[(*n)++];
		c->id = a.id;
		copy(c->type, sizeof(c->type), a.type);
		c->can_approve = a.can_approve && !strcmp(a.status, "active");
	}
	return JC_OK;
}

/* --- writing ------------------------------------------------------------------------------- */

static void bind_opt_int(struct db_stmt *s, int i, int64_t v)
{
	if (v)
		db_bind_int(s, i, v);
	else
		db_bind_null(s, i);
}

static void bind_opt_text(struct db_stmt *s, int i, const char *v)
{
	db_bind_text(s, i, v && v[0] ? v : NULL);
}

static enum jc_err insert_row(struct db *db, struct transfer *t, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO transfer (member_id, direction, from_org_id, from_outside, to_org_id, to_outside, to_outside_address,"
		" sending_committee_id, receiving_committee_id, state, reason, dues_paid_until, started_on, letter_no, issued_on,"
		" valid_months, valid_until, accepted_on, last_step_on, created_at, updated_at, letter_year, letter_seq)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21, ?22)");
	db_bind_int(q, 1, t->member_id);
	db_bind_text(q, 2, transfer_direction_key(t->direction));
	bind_opt_int(q, 3, t->from_org_id);
	bind_opt_text(q, 4, t->from_outside);
	bind_opt_int(q, 5, t->to_org_id);
	bind_opt_text(q, 6, t->to_outside);
	bind_opt_text(q, 7, t->to_outside_address);
	bind_opt_int(q, 8, t->sending_committee_id);
	bind_opt_int(q, 9, t->receiving_committee_id);
	db_bind_text(q, 10, transfer_state_key(t->state));
	db_bind_text(q, 11, t->reason);
	bind_opt_text(q, 12, t->dues_paid_until);
	db_bind_date(q, 13, t->started_on);
	bind_opt_text(q, 14, t->letter_no);
	db_bind_date(q, 15, t->issued_on);
	if (t->valid_months)
		db_bind_int(q, 16, t->valid_months);
	else
		db_bind_null(q, 16);
	db_bind_date(q, 17, t->valid_until);
	db_bind_date(q, 18, t->accepted_on);
	db_bind_date(q, 19, t->last_step_on);
	db_bind_text(q, 20, now);
	bind_opt_int(q, 21, t->letter_seq ? t->letter_year : 0);
	bind_opt_int(q, 22, t->letter_seq);
	enum jc_err e = db_run(q, err); /* (a transfer under way was refused before, by the check) */
	if (!e)
		t->id = db_last_id(db);
	return e;
}

static enum jc_err update_row(struct db *db, const struct transfer *t, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"UPDATE transfer SET state = ?2, letter_no = ?3, letter_year = ?4, letter_seq = ?5, issued_on = ?6,"
		" valid_until = ?7, forwarded_on = ?8, accepted_on = ?9, receipt_on = ?10, ended_on = ?11, end_reason = ?12,"
		" last_step_on = ?13, version = version + 1, updated_at = ?14 WHERE id = ?1 AND version = ?15");
	db_bind_int(q, 1, t->id);
	db_bind_text(q, 2, transfer_state_key(t->state));
	bind_opt_text(q, 3, t->letter_no);
	bind_opt_int(q, 4, t->letter_year);
	bind_opt_int(q, 5, t->letter_seq);
	db_bind_date(q, 6, t->issued_on);
	db_bind_date(q, 7, t->valid_until);
	db_bind_date(q, 8, t->forwarded_on);
	db_bind_date(q, 9, t->accepted_on);
	db_bind_date(q, 10, t->receipt_on);
	db_bind_date(q, 11, t->ended_on);
	bind_opt_text(q, 12, t->end_reason);
	db_bind_date(q, 13, t->last_step_on);
	db_bind_text(q, 14, now);
	db_bind_int(q, 15, t->version);
	enum jc_err e = db_run(q, err);
	if (!e && db_changes(db) != 1)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the transfer changed meanwhile: read it again");
	return e;
}

static enum jc_err insert_step(struct db *db, int64_t id, const char *action, int on, int64_t org_id, const char *note,
			       const struct actor *who, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO transfer_step (transfer_id, action, done_on, org_id, note, recorded_by,"
					" recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, action);
	db_bind_date(q, 3, on);
	bind_opt_int(q, 4, org_id);
	bind_opt_text(q, 5, note);
	db_bind_text(q, 6, who->name);
	db_bind_text(q, 7, now);
	return db_run(q, err);
}

/* The letter's number once it is issued: the sending committee's code, the year, a sequence per
 * committee and year ("440703001-2026-0007"). */
static enum jc_err number_letter(struct db *db, struct transfer *t, struct jc_error *err)
{
	struct org c;
	enum jc_err e = org_get(db, t->sending_committee_id, &c, err);
	if (e)
		return e;
	t->letter_year = date_year(t->issued_on);
	struct db_stmt *q = db_stmt(db, "SELECT coalesce(max(letter_seq), 0) + 1 FROM transfer"
					" WHERE sending_committee_id = ?1 AND letter_year = ?2 AND letter_seq IS NOT NULL");
	db_bind_int(q, 1, t->sending_committee_id);
	db_bind_int(q, 2, t->letter_year);
	if (db_step(q, err) != 1)
		return err && err->code ? err->code : JC_EINTERNAL;
	t->letter_seq = (int)db_col_int(q, 0);
	db_reset(q);
	snprintf(t->letter_no, sizeof(t->letter_no), "%s-%04d-%04d", c.code, t->letter_year, t->letter_seq);
	return JC_OK;
}

/* The history reason of the member's move: the letter and both sides. */
static enum jc_err move_reason(struct db *db, const struct transfer *t, char *out, size_t cap, struct jc_error *err)
{
	char from[TRANSFER_NAME], to[TRANSFER_NAME];
	enum jc_err e = transfer_org_name(db, t->from_org_id, t->from_outside, from, sizeof(from), err);
	if (!e)
		e = transfer_org_name(db, t->to_org_id, t->to_outside, to, sizeof(to), err);
	if (!e)
		snprintf(out, cap, "组织关系转接 transfer %lld, 介绍信 letter %s: %s -> %s", (long long)t->id,
			 t->letter_no[0] ? t->letter_no : "-", from, to);
	return e;
}

/* The member follows an accepted transfer: into the receiving organisation (its Party group
 * cleared), or out of the registry for a receiver outside; a registration as a mobile member
 * ends with it. */
static enum jc_err move_member(struct db *db, const struct transfer *t, const struct actor *who, struct jc_error *err)
{
	struct member m;
	enum jc_err e = member_get(db, t->member_id, &m, err);
	if (e)
		return e;
	if (m.org_id != t->from_org_id || strcmp(m.state, "normal"))
		return jc_fail(err, JC_ECONFLICT, "member_id", NULL,
			       "the member is no longer a member in normal standing of the sending organisation (now %s): "
			       "the sender withdraws this letter",
			       m.state);
	if ((e = mobile_end_by_transfer(db, m.id, t->accepted_on, who, err)))
		return e;
	m.mobile = 0;
	m.mobile_destination[0] = '\0';
	m.group_id = 0;
	const char *action;
	if (t->direction == TR_OUT) {
		copy(m.state, sizeof(m.state), "transferred_out");
		m.state_date = t->accepted_on;
		action = "transfer_out";
	} else {
		m.org_id = t->to_org_id;
		action = "transfer";
	}
	char reason[600];
	if ((e = move_reason(db, t, reason, sizeof(reason), err)))
		return e;
	struct actor a = { who->name, reason };
	return member_update_as(db, &m, action, &a, err);
}

enum jc_err transfer_start(struct db *db, struct transfer *t, int64_t claimed_from, const struct actor *who,
			   struct jc_error *err)
{
	struct member m;
	enum jc_err e = member_get_masked(db, t->member_id, &m, err);
	if (e)
		return e;
	struct transfer_org from[64], to[64];
	struct org fo, tor;
	int nfrom = 0, nto = 0;
	if ((e = load_chain(db, m.org_id, from, 64, &nfrom, &fo, err)))
		return e;
	bool to_active = false, to_group = false;
	if (t->to_org_id) {
		struct jc_error none = { 0 };
		e = load_chain(db, t->to_org_id, to, 64, &nto, &tor, &none);
		if (e == JC_ENOTFOUND)
			return jc_fail(err, JC_EINVAL, "to_org_id", NULL, "no organisation %lld to receive the member",
				       (long long)t->to_org_id);
		if (e)
			return jc_error_pass(err, &none);
		to_active = !strcmp(tor.status, "active");
		to_group = !strcmp(tor.type, "group");
	}
	t->direction = t->to_org_id ? TR_INTERNAL : TR_OUT;
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM transfer WHERE member_id = ?1"
					" AND state IN ('requested', 'issued', 'forwarded')");
	db_bind_int(q, 1, m.id);
	if (db_step(q, err) != 1)
		return err && err->code ? err->code : JC_EINTERNAL;
	bool under_way = db_col_int(q, 0) > 0;
	db_reset(q);
	struct transfer_rules r;
	int today = date_today();
	if ((e = transfer_rules_load(db, m.org_id, today, &r, err)))
		return e;
	struct transfer_start_facts f = { from, nfrom, t->to_org_id ? to : NULL, nto, m.state, m.org_id, claimed_from,
					  under_way, to_active, to_group, today };
	if ((e = transfer_check_start(t, &f, &r, err)))
		return e;
	if (t->state == TR_ISSUED && (e = number_letter(db, t, err)))
		return e;
	if ((e = insert_row(db, t, err)))
		return e;
	t->version = 1;
	if ((e = insert_step(db, t->id, "start", t->started_on, t->from_org_id, t->reason, who, err)))
		return e;
	if (t->state == TR_ISSUED)
		e = insert_step(db, t->id, "issue", t->issued_on, t->sending_committee_id, t->letter_no, who, err);
	return e;
}

enum jc_err transfer_record(struct db *db, int64_t id, const struct transfer_act *act, const struct transfer_sides *sides,
			    const struct actor *who, struct jc_error *err)
{
	struct transfer t;
	enum jc_err e = transfer_get(db, id, &t, err);
	if (e)
		return e;
	struct transfer_rules r;
	int64_t rules_org = t.from_org_id ? t.from_org_id : t.to_org_id;
	if ((e = transfer_rules_load(db, rules_org, date_today(), &r, err)))
		return e;
	int before = t.state;
	if ((e = transfer_check(&t, act, sides, &r, date_today(), err)))
		return e;
	if (act->action == TA_ISSUE && (e = number_letter(db, &t, err)))
		return e;
	if ((e = update_row(db, &t, err)))
		return e;
	int64_t acting = 0; /* the organisation in whose name the step is taken */
	switch (act->action) {
	case TA_ISSUE: acting = t.sending_committee_id; break;
	case TA_FORWARD: acting = t.receiving_committee_id; break;
	case TA_ACCEPT: acting = t.to_org_id; break;
	case TA_REFUSE: acting = before == TR_REQUESTED ? t.sending_committee_id : sides->receiver ? t.to_org_id : t.receiving_committee_id; break;
	case TA_RECEIPT: acting = t.direction == TR_IN ? t.to_org_id : t.from_org_id; break;
	case TA_CANCEL: acting = t.from_org_id; break;
	}
	const char *note = act->action == TA_ISSUE ? t.letter_no : act->note;
	if ((e = insert_step(db, t.id, transfer_action_key(act->action), act->on, acting, note, who, err)))
		return e;
	if (act->action == TA_ACCEPT || (act->action == TA_RECEIPT && t.direction == TR_OUT))
		e = move_member(db, &t, who, err);
	return e;
}

enum jc_err transfer_register_in(struct db *db, struct transfer *t, struct member *m, const struct actor *who,
				 struct jc_error *err)
{
	if (!t->from_outside[0])
		return jc_fail(err, JC_EINVAL, "from_outside", NULL, "'from_outside' names the sending organisation outside this database");
	if (!t->letter_no[0])
		return jc_fail(err, JC_EINVAL, "letter_no", NULL, "'letter_no' is the number on the sender's letter");
	if (!t->reason[0])
		return jc_fail(err, JC_EINVAL, "reason", NULL, "'reason' is required: why the member's relationship moves");
	int today = date_today();
	if (t->issued_on == DATE_NONE || t->issued_on > today)
		return jc_fail(err, JC_EINVAL, "issued_on", NULL, "'issued_on' must be the letter's date, not in the future");
	if (t->accepted_on == DATE_NONE || t->accepted_on > today || t->accepted_on < t->issued_on)
		return jc_fail(err, JC_EINVAL, "accepted_on", NULL,
			       "'accepted_on' must be a date between the letter's issue and today");
	struct transfer_org to[64];
	struct org tor;
	int nto = 0;
	enum jc_err e = load_chain(db, t->to_org_id, to, 64, &nto, &tor, err);
	if (e)
		return e;
	if (strcmp(tor.status, "active") || !strcmp(tor.type, "group"))
		return jc_fail(err, JC_EINVAL, "org_id", NULL,
			       "the receiving organisation must be an active branch or committee (not a Party group)");
	struct transfer_rules r;
	if ((e = transfer_rules_load(db, t->to_org_id, today, &r, err)))
		return e;
	int k = transfer_committee_of(to, nto);
	if (k < 0)
		return rules_refuse(&r.direct_authority, err, "org_id",
				    "no committee with the authority to approve probationary members lies at or above the receiving "
				    "organisation: none may receive a letter from outside");
	t->direction = TR_IN;
	t->receiving_committee_id = to[k].id;
	t->sending_committee_id = 0;
	t->from_org_id = 0;
	t->started_on = t->issued_on;
	if (t->valid_until == DATE_NONE) {
		t->valid_months = (int)strtol(r.letter_valid.value, NULL, 10);
		t->valid_until = transfer_valid_until(t->issued_on, t->valid_months);
	} else if (t->valid_until < t->issued_on) {
		return jc_fail(err, JC_EINVAL, "valid_until", NULL, "'valid_until' comes before 'issued_on'");
	}
	if (transfer_expired(t, t->accepted_on)) {
		char a[11], b[11];
		date_format(t->valid_until, a);
		date_format(t->accepted_on, b);
		return rules_refuse(&r.letter_valid, err, "accepted_on",
				    "the letter %s was valid through %s: on %s it has expired (the sender issues a new one)",
				    t->letter_no, a, b);
	}
	t->state = TR_ACCEPTED;
	t->last_step_on = t->accepted_on;
	/* the person: someone who once left for outside comes back to the same record */
	m->org_id = t->to_org_id;
	m->group_id = 0;
	int64_t existing = 0;
	char state[24] = "";
	if (m->id_number[0]) {
		unsigned char idx[32];
		char number[19];
		copy(number, sizeof(number), m->id_number);
		if (strlen(number) == 18 && number[17] == 'x')
			number[17] = 'X';
		keys_blind_index(number, strlen(number), idx);
		struct db_stmt *q = db_stmt(db, "SELECT id, state FROM member WHERE id_number_index = ?1");
		db_bind_blob(q, 1, idx, sizeof(idx));
		int found = db_step(q, err);
		if (found < 0)
			return err && err->code ? err->code : JC_EINTERNAL;
		if (found) {
			existing = db_col_int(q, 0);
			copy(state, sizeof(state), db_col_text(q, 1));
			db_reset(q);
		}
	}
	char reason[600];
	snprintf(reason, sizeof(reason), "组织关系转入 transfer from outside, 介绍信 letter %s: %s", t->letter_no, t->from_outside);
	struct actor a = { who->name, reason };
	if (existing && strcmp(state, "transferred_out"))
		return jc_fail(err, JC_ECONFLICT, "id_number", NULL, "a member with this ID number is registered already (%s)", state);
	if (existing) {
		struct member old;
		if ((e = member_get(db, existing, &old, err)))
			return e;
		old.org_id = t->to_org_id;
		old.group_id = 0;
		copy(old.state, sizeof(old.state), "normal");
		old.state_date = t->accepted_on;
		if ((e = member_update_as(db, &old, "transfer_in", &a, err)))
			return e;
		*m = old;
	} else {
		if (strcmp(m->state[0] ? m->state : "normal", "normal"))
			return jc_fail(err, JC_EINVAL, "state", NULL, "a member coming in by transfer is in normal standing");
		if ((e = member_create(db, m, &a, err)))
			return e;
		if ((e = history_add(db, "member", m->id, "transfer_in", &a, NULL, err)))
			return e;
	}
	t->member_id = m->id;
	if ((e = insert_row(db, t, err)))
		return e;
	t->version = 1;
	return insert_step(db, t->id, "register", t->accepted_on, t->to_org_id, t->letter_no, who, err);
}
