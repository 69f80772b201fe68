/*
 * transfer_api.c - HTTP handlers of transfers of membership (routes in src/http/routes.c): start
 * a member's transfer, take its steps (issue, forward, accept, refuse, receipt, cancel), read it
 * with its route and steps, print its letter, list a subtree's transfers in and out, register a
 * member coming from outside, and the must-transfer hints.
 *
 * The router lets in whoever holds the route's permission over either side of a transfer; which
 * side a caller acts for (struct transfer_sides) is worked out here from the caller's grants, and
 * the pure checks refuse a step for the other side (403 naming that side's field).
 */
#include "transfer/transfer_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "http/request.h"
#include "http/worker.h"
#include "member/member.h"
#include "org/org.h"
#include "transfer/transfer.h"

/* --- reading the body ---------------------------------------------------------------------- */

static enum jc_err body_date(struct request *r, const char *key, bool required, int *out)
{
	char s[16];
	*out = DATE_NONE;
	enum jc_err e = fields_take_text(r->body, key, required, s, sizeof(s), &r->err);
	if (e || !s[0])
		return e;
	if (!date_parse(s, (int)strlen(s), out))
		return jc_fail(&r->err, JC_EINVAL, key, NULL, "'%s' must be a date (YYYY-MM-DD)", key);
	return JC_OK;
}

static enum jc_err body_id(struct request *r, const char *key, int64_t *out)
{
	json_t *v = json_object_get(r->body, key);
	*out = 0;
	if (!v || json_is_null(v))
		return JC_OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return jc_fail(&r->err, JC_EINVAL, key, NULL, "'%s' must be an id", key);
	*out = json_integer_value(v);
	return JC_OK;
}

enum jc_err transfer_api_holds(struct request *r, const char *permission, int64_t org_id, bool *held)
{
	char path[256];
	bool found = false;
	*held = false;
	enum jc_err e = org_id ? auth_org_path(r->db, org_id, path, sizeof(path), &found, &r->err) : JC_OK;
	if (!e && found)
		*held = auth_allows(&r->principal, permission, path);
	return e;
}

static enum jc_err sides_of(struct request *r, const struct transfer *t, struct transfer_sides *s)
{
	enum jc_err e = transfer_api_holds(r, "transfer.write", t->from_org_id, &s->sender);
	if (!e)
		e = transfer_api_holds(r, "transfer.approve", t->sending_committee_id, &s->sending_committee);
	if (!e)
		e = transfer_api_holds(r, "transfer.write", t->to_org_id, &s->receiver);
	if (!e)
		e = transfer_api_holds(r, "transfer.approve", t->receiving_committee_id, &s->receiving_committee);
	return e;
}

static enum jc_err reply_transfer(struct request *r, int status, int64_t id)
{
	struct transfer t;
	enum jc_err e = transfer_get(r->db, id, &t, &r->err);
	if (e)
		return e;
	struct transfer_sides s;
	json_t *j;
	if ((e = sides_of(r, &t, &s)) || (e = transfer_json(r->db, &t, &s, true, &j, &r->err)))
		return e;
	/* whether the member's record is this account's to open (the sender's until acceptance) */
	char path[256];
	bool found = false;
	if ((e = auth_member_path(r->db, t.member_id, path, sizeof(path), &found, &r->err))) {
		json_decref(j);
		return e;
	}
	json_object_set_new(j, "member_readable", json_boolean(found && auth_allows(&r->principal, "member.read", path)));
	return req_reply(r, status, j);
}

/* --- starting ------------------------------------------------------------------------------ */

struct start_ctx {
	struct transfer t;
	int64_t claimed_from;
};

static enum jc_err do_start(struct request *r, void *ctx)
{
	struct start_ctx *c = ctx;
	return transfer_start(r->db, &c->t, c->claimed_from, &r->actor, &r->err);
}

enum jc_err transfer_api_start(struct request *r)
{
	static const char *const keys[] = { "to_org_id", "to_org_code", "to_outside", "to_outside_address", "from_org_id",
					    "started_on", "dues_paid_until", "reason", NULL };
	struct start_ctx c;
	memset(&c, 0, sizeof(c));
	char code[40];
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_id(r, "to_org_id", &c.t.to_org_id);
	if (!e)
		e = fields_take_text(r->body, "to_org_code", false, code, sizeof(code), &r->err);
	if (!e)
		e = fields_take_text(r->body, "to_outside", false, c.t.to_outside, sizeof(c.t.to_outside), &r->err);
	if (!e)
		e = fields_take_text(r->body, "to_outside_address", false, c.t.to_outside_address,
				     sizeof(c.t.to_outside_address), &r->err);
	if (!e)
		e = body_id(r, "from_org_id", &c.claimed_from);
	if (!e)
		e = body_date(r, "started_on", true, &c.t.started_on);
	if (!e)
		e = fields_take_text(r->body, "dues_paid_until", false, c.t.dues_paid_until, sizeof(c.t.dues_paid_until),
				     &r->err);
	if (e)
		return e;
	int named = (c.t.to_org_id != 0) + (code[0] != '\0') + (c.t.to_outside[0] != '\0');
	if (named != 1)
		return jc_fail(&r->err, JC_EINVAL, "to_org_id", NULL,
			       "name the receiving organisation once: 'to_org_id' or 'to_org_code' in this database, or 'to_outside'");
	if (code[0]) { /* the receiver is named by its code: the sender need not see its subtree */
		struct org o;
		struct jc_error none = { 0 };
		if ((e = org_get_by_code(r->db, code, &o, &none)) == JC_ENOTFOUND)
			return jc_fail(&r->err, JC_EINVAL, "to_org_code", NULL, "no organisation with code '%s'", code);
		if (e)
			return jc_error_pass(&r->err, &none);
		c.t.to_org_id = o.id;
	}
	snprintf(c.t.reason, sizeof(c.t.reason), "%s", r->reason);
	c.t.member_id = r->ids[0];
	if ((e = req_write(r, do_start, &c)))
		return e;
	return reply_transfer(r, 201, c.t.id);
}

/* --- the steps ----------------------------------------------------------------------------- */

struct step_ctx {
	struct transfer_act act;
	struct transfer_sides sides;
};

static enum jc_err do_step(struct request *r, void *ctx)
{
	struct step_ctx *c = ctx;
	struct transfer t;
	enum jc_err e = transfer_get(r->db, r->ids[0], &t, &r->err);
	if (!e)
		e = sides_of(r, &t, &c->sides);
	if (e)
		return e;
	return transfer_record(r->db, r->ids[0], &c->act, &c->sides, &r->actor, &r->err);
}

static enum jc_err step(struct request *r, int action)
{
	static const char *const keys[] = { "on", "reason", NULL };
	static const char *const receipt_keys[] = { "on", "accepted_on", "reason", NULL };
	struct step_ctx c;
	memset(&c, 0, sizeof(c));
	c.act.action = action;
	c.act.accepted_on = DATE_NONE;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, action == TA_RECEIPT ? receipt_keys : keys, &r->err);
	if (!e)
		e = body_date(r, "on", true, &c.act.on);
	if (!e && action == TA_RECEIPT)
		e = body_date(r, "accepted_on", false, &c.act.accepted_on);
	if (e)
		return e;
	snprintf(c.act.note, sizeof(c.act.note), "%s", r->reason);
	if ((e = req_write(r, do_step, &c)))
		return e;
	return reply_transfer(r, 200, r->ids[0]);
}

enum jc_err transfer_api_issue(struct request *r) { return step(r, TA_ISSUE); }
enum jc_err transfer_api_forward(struct request *r) { return step(r, TA_FORWARD); }
enum jc_err transfer_api_accept(struct request *r) { return step(r, TA_ACCEPT); }
enum jc_err transfer_api_refuse(struct request *r) { return step(r, TA_REFUSE); }
enum jc_err transfer_api_receipt(struct request *r) { return step(r, TA_RECEIPT); }
enum jc_err transfer_api_cancel(struct request *r) { return step(r, TA_CANCEL); }

/* --- from outside -------------------------------------------------------------------------- */

struct in_ctx {
	struct transfer t;
	struct member m;
};

static enum jc_err do_register(struct request *r, void *ctx)
{
	struct in_ctx *c = ctx;
	return transfer_register_in(r->db, &c->t, &c->m, &r->actor, &r->err);
}

enum jc_err transfer_api_incoming(struct request *r)
{
	static const char *const keys[] = { "from_outside", "letter_no", "issued_on", "valid_until", "accepted_on",
					    "dues_paid_until", "member", "reason", NULL };
	struct in_ctx c;
	memset(&c, 0, sizeof(c));
	fields_clear(&member_desc, &c.m);
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = fields_take_text(r->body, "from_outside", true, c.t.from_outside, sizeof(c.t.from_outside), &r->err);
	if (!e)
		e = fields_take_text(r->body, "letter_no", true, c.t.letter_no, sizeof(c.t.letter_no), &r->err);
	if (!e)
		e = body_date(r, "issued_on", true, &c.t.issued_on);
	if (!e)
		e = body_date(r, "valid_until", false, &c.t.valid_until);
	if (!e)
		e = body_date(r, "accepted_on", true, &c.t.accepted_on);
	if (!e)
		e = fields_take_text(r->body, "dues_paid_until", false, c.t.dues_paid_until, sizeof(c.t.dues_paid_until),
				     &r->err);
	json_t *person = json_object_get(r->body, "member");
	if (!e && !json_is_object(person))
		e = jc_fail(&r->err, JC_EINVAL, "member", NULL, "'member' is the person as the letter describes them (a member record)");
	if (!e && json_object_get(person, "org_id"))
		e = jc_fail(&r->err, JC_EINVAL, "member.org_id", NULL, "the member goes into the organisation of the path");
	if (!e)
		e = fields_from_json(&member_desc, person, &c.m, true, NULL, &r->err);
	if (e)
		return e;
	snprintf(c.t.reason, sizeof(c.t.reason), "%s", r->reason);
	c.t.to_org_id = r->ids[0];
	c.t.valid_months = 0;
	if ((e = req_write(r, do_register, &c)))
		return e;
	return reply_transfer(r, 201, c.t.id);
}

/* --- reading ------------------------------------------------------------------------------- */

enum jc_err transfer_api_get(struct request *r)
{
	return reply_transfer(r, 200, r->ids[0]);
}

enum jc_err transfer_api_member(struct request *r)
{
	json_t *items, *hints;
	enum jc_err e = transfer_of_member(r->db, r->ids[0], &items, &r->err);
	if (e)
		return e;
	if ((e = transfer_hints(r->db, 0, r->ids[0], 10, &hints, &r->err))) {
		json_decref(items);
		return e;
	}
	return req_reply(r, 200, json_pack("{s:o,s:o}", "items", items, "hints", hints));
}

enum jc_err transfer_api_page(struct request *r)
{
	long limit, after;
	char direction[8], state[16];
	enum jc_err e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (!e)
		e = req_query_int(r, "cursor", 0, 0x7fffffffffffffffL, 0, &after);
	if (e)
		return e;
	bool by_direction = req_query(r, "direction", direction, sizeof(direction));
	bool by_state = req_query(r, "state", state, sizeof(state));
	json_t *items, *rules;
	int64_t next;
	if ((e = transfer_page(r->db, r->ids[0], by_direction ? direction : NULL, by_state ? state : NULL, after, (int)limit,
			       &items, &next, &rules, &r->err)))
		return e;
	json_t *j = json_pack("{s:o,s:o}", "items", items, "rules", rules);
	json_object_set_new(j, "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null());
	return req_reply(r, 200, j);
}

enum jc_err transfer_api_hints(struct request *r)
{
	long limit;
	enum jc_err e = req_query_int(r, "limit", 1, 500, 100, &limit);
	json_t *items;
	if (!e)
		e = transfer_hints(r->db, r->ids[0], 0, (int)limit, &items, &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* --- the letter as PDF, on a worker -------------------------------------------------------- */

struct letter_job {
	int64_t id;
	bool reveal;
	struct job_caller who;
};

static void run_letter(struct db *db, void *arg, struct job_result *out)
{
	struct letter_job *j = arg;
	char path[32], object[32], filename[64];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	snprintf(object, sizeof(object), "transfer %lld", (long long)j->id);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "transfer.letter", object, "ok",
				  j->reveal ? "pdf, id_number" : "pdf" };
	if (!transfer_letter_pdf(db, j->id, j->reveal, path, &out->err))
		audit_append(db, &ev, &out->err); /* no record of the letter, no letter */
	snprintf(filename, sizeof(filename), "transfer-letter-%lld.pdf", (long long)j->id);
	job_reply_file(out, path, "application/pdf", filename);
}

enum jc_err transfer_api_letter(struct request *r)
{
	struct transfer t;
	enum jc_err e = transfer_get(r->db, r->ids[0], &t, &r->err);
	if (e)
		return e;
	if (t.direction == TR_IN || !t.letter_no[0]) /* answered here: no job for nothing */
		return jc_fail(&r->err, JC_ECONFLICT, NULL, NULL,
			       t.direction == TR_IN ? "the letter of a member from outside is the sender's: none is printed here"
						    : "the letter is not issued yet: the sending committee issues it first");
	/* the full ID number on paper only for who may reveal it on the sending side */
	bool reveal;
	if ((e = transfer_api_holds(r, "member.reveal", t.from_org_id, &reveal)))
		return e; /* no job: a letter never goes out (nor its record) on a guess */
	struct letter_job *j = xcalloc(1, sizeof(*j));
	j->id = t.id;
	j->reveal = reveal;
	job_caller_of(r, &j->who);
	return req_defer(r, run_letter, j, free);
}
