/*
 * mobile_api.c - HTTP handlers of mobile members and of decisions on membership status (routes
 * in src/http/routes.c): register a member as away, record the card, the host, reports and the
 * return, read registrations and the lists of a subtree; take a branch's decision and the
 * higher committee's answer, and the lists of members out of contact.
 *
 * The router lets in whoever holds the route's permission over the home organisation or the
 * host of a registration; only the home side writes (the host reads the members it hosts), and
 * only who holds mobile.approve over the approving committee answers a decision.
 */
#include "mobile/mobile_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "http/request.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "transfer/transfer_api.h"

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

static enum jc_err body_id(struct request *r, const char *key, bool required, int64_t *out)
{
	json_t *v = json_object_get(r->body, key);
	*out = 0;
	if ((!v || json_is_null(v)) && !required)
		return JC_OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return jc_fail(&r->err, JC_EINVAL, key, NULL, "'%s' must be an id", key);
	*out = json_integer_value(v);
	return JC_OK;
}

/* The host named by its code (host_org_code), the sender need not see the host's subtree. */
static enum jc_err body_host_code(struct request *r, int64_t *host)
{
	char code[40];
	enum jc_err e = fields_take_text(r->body, "host_org_code", false, code, sizeof(code), &r->err);
	if (e || !code[0])
		return e;
	if (*host)
		return jc_fail(&r->err, JC_EINVAL, "host_org_code", NULL, "name the host by 'host_org_id' or 'host_org_code', not both");
	struct org o;
	struct jc_error none = { 0 };
	if ((e = org_get_by_code(r->db, code, &o, &none)) == JC_ENOTFOUND)
		return jc_fail(&r->err, JC_EINVAL, "host_org_code", NULL, "no organisation with code '%s'", code);
	if (e)
		return jc_error_pass(&r->err, &none);
	*host = o.id;
	return JC_OK;
}

static enum jc_err reply_registration(struct request *r, int status, int64_t id)
{
	struct mobile_registration g;
	enum jc_err e = mobile_get(r->db, id, &g, &r->err);
	json_t *j;
	if (!e)
		e = mobile_json(r->db, &g, true, &j, &r->err);
	return e ? e : req_reply(r, status, j);
}

/* Writes on a registration are the home side's: the host reads only. */
static enum jc_err home_side(struct request *r, const struct mobile_registration *g)
{
	bool home;
	enum jc_err e = transfer_api_holds(r, "mobile.write", g->org_id, &home);
	if (e || home)
		return e;
	return jc_fail(&r->err, JC_EFORBIDDEN, "org_id", NULL,
		       "only the member's home organisation records this: this account acts for the host");
}

/* --- registration ------------------------------------------------------------------------- */

static enum jc_err do_register(struct request *r, void *ctx)
{
	return mobile_register(r->db, ctx, &r->actor, &r->err);
}

enum jc_err mobile_api_register(struct request *r)
{
	static const char *const keys[] = { "left_on", "reason", "destination", "contact", "expected_return", "card_no",
					    "card_issued_on", "card_valid_until", "host_org_id", "host_org_code", "host_name", NULL };
	struct mobile_registration g;
	memset(&g, 0, sizeof(g));
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "left_on", true, &g.left_on);
	if (!e)
		e = fields_take_text(r->body, "destination", true, g.destination, sizeof(g.destination), &r->err);
	if (!e)
		e = fields_take_text(r->body, "contact", true, g.contact, sizeof(g.contact), &r->err);
	if (!e)
		e = body_date(r, "expected_return", false, &g.expected_return);
	if (!e)
		e = fields_take_text(r->body, "card_no", false, g.card_no, sizeof(g.card_no), &r->err);
	if (!e)
		e = body_date(r, "card_issued_on", false, &g.card_issued_on);
	if (!e)
		e = body_date(r, "card_valid_until", false, &g.card_valid_until);
	if (!e)
		e = body_id(r, "host_org_id", false, &g.host_org_id);
	if (!e)
		e = body_host_code(r, &g.host_org_id);
	if (!e)
		e = fields_take_text(r->body, "host_name", false, g.host_name, sizeof(g.host_name), &r->err);
	if (!e && g.host_org_id && g.host_name[0])
		e = jc_fail(&r->err, JC_EINVAL, "host_name", NULL, "name the host by 'host_org_id' or by 'host_name', not both");
	if (e)
		return e;
	snprintf(g.reason, sizeof(g.reason), "%s", r->reason);
	g.member_id = r->ids[0];
	if ((e = req_write(r, do_register, &g)))
		return e;
	return reply_registration(r, 201, g.id);
}

struct step_ctx {
	int kind; /* 0 report, 1 card, 2 host, 3 return */
	int on, until;
	char text[512];
	int64_t host;
	bool checked;
};

static enum jc_err do_step(struct request *r, void *ctx)
{
	struct step_ctx *c = ctx;
	struct mobile_registration g;
	enum jc_err e = mobile_get(r->db, r->ids[0], &g, &r->err);
	if (!e)
		e = home_side(r, &g);
	if (e)
		return e;
	switch (c->kind) {
	case 0: return mobile_report(r->db, g.id, c->on, c->text, &r->actor, &r->err);
	case 1: return mobile_card(r->db, g.id, c->text, c->on, c->until, &r->actor, &r->err);
	case 2: return mobile_host(r->db, g.id, c->on, c->host, c->text, &r->actor, &r->err);
	default: return mobile_return(r->db, g.id, c->on, c->checked, c->text, &r->actor, &r->err);
	}
}

static enum jc_err run_step(struct request *r, struct step_ctx *c)
{
	enum jc_err e = req_write(r, do_step, c);
	return e ? e : reply_registration(r, 200, r->ids[0]);
}

enum jc_err mobile_api_report(struct request *r)
{
	static const char *const keys[] = { "reported_on", "note", "reason", NULL };
	struct step_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "reported_on", true, &c.on);
	if (!e)
		e = fields_take_text(r->body, "note", true, c.text, sizeof(c.text), &r->err);
	return e ? e : run_step(r, &c);
}

enum jc_err mobile_api_card(struct request *r)
{
	static const char *const keys[] = { "card_no", "card_issued_on", "card_valid_until", "reason", NULL };
	struct step_ctx c = { 1, DATE_NONE, DATE_NONE, "", 0, false };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = fields_take_text(r->body, "card_no", true, c.text, 64, &r->err);
	if (!e)
		e = body_date(r, "card_issued_on", true, &c.on);
	if (!e)
		e = body_date(r, "card_valid_until", true, &c.until);
	return e ? e : run_step(r, &c);
}

enum jc_err mobile_api_host(struct request *r)
{
	static const char *const keys[] = { "since", "host_org_id", "host_org_code", "host_name", "reason", NULL };
	struct step_ctx c = { 2, DATE_NONE, DATE_NONE, "", 0, false };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "since", true, &c.on);
	if (!e)
		e = body_id(r, "host_org_id", false, &c.host);
	if (!e)
		e = body_host_code(r, &c.host);
	if (!e)
		e = fields_take_text(r->body, "host_name", false, c.text, 193, &r->err);
	return e ? e : run_step(r, &c);
}

enum jc_err mobile_api_return(struct request *r)
{
	static const char *const keys[] = { "returned_on", "card_checked", "note", "reason", NULL };
	struct step_ctx c = { 3, DATE_NONE, DATE_NONE, "", 0, false };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "returned_on", true, &c.on);
	json_t *checked = json_object_get(r->body, "card_checked");
	if (!e && checked && !json_is_boolean(checked))
		e = jc_fail(&r->err, JC_EINVAL, "card_checked", NULL, "'card_checked' must be true or false");
	if (!e)
		e = fields_take_text(r->body, "note", false, c.text, sizeof(c.text), &r->err);
	c.checked = json_is_true(checked);
	return e ? e : run_step(r, &c);
}

enum jc_err mobile_api_get(struct request *r)
{
	return reply_registration(r, 200, r->ids[0]);
}

enum jc_err mobile_api_member(struct request *r)
{
	json_t *items, *decisions;
	enum jc_err e = mobile_of_member(r->db, r->ids[0], &items, &r->err);
	if (e)
		return e;
	if ((e = mobile_decisions(r->db, 0, r->ids[0], NULL, 50, &decisions, &r->err))) {
		json_decref(items);
		return e;
	}
	return req_reply(r, 200, json_pack("{s:o,s:o}", "items", items, "decisions", decisions));
}

enum jc_err mobile_api_page(struct request *r)
{
	long limit, hosted;
	char state[16];
	enum jc_err e = req_query_int(r, "limit", 1, 1000, 200, &limit);
	if (!e)
		e = req_query_int(r, "hosted", 0, 1, 0, &hosted);
	if (e)
		return e;
	bool by_state = req_query(r, "state", state, sizeof(state));
	json_t *items, *rules, *together = json_array();
	if ((e = mobile_page(r->db, r->ids[0], hosted, by_state ? state : NULL, (int)limit, &items, &rules, &r->err))) {
		json_decref(together);
		return e;
	}
	/* the members away from here together, for a temporary branch: beside the list of those away */
	if (!hosted && (!by_state || !strcmp(state, "away"))) {
		json_decref(together);
		if ((e = mobile_together(r->db, r->ids[0], &together, &r->err))) {
			json_decref(items);
			json_decref(rules);
			return e;
		}
	}
	return req_reply(r, 200, json_pack("{s:o,s:o,s:o}", "items", items, "rules", rules, "together", together));
}

/* --- decisions on membership status -------------------------------------------------------- */

struct decide_ctx {
	int kind;
	int64_t meeting, id;
};

static enum jc_err do_decide(struct request *r, void *ctx)
{
	struct decide_ctx *c = ctx;
	return mobile_decide(r->db, r->ids[0], c->kind, c->meeting, r->reason, &r->actor, &c->id, &r->err);
}

enum jc_err mobile_api_decide(struct request *r)
{
	static const char *const keys[] = { "kind", "meeting_id", "reason", NULL };
	struct decide_ctx c = { 0 };
	char kind[16];
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = fields_take_text(r->body, "kind", true, kind, sizeof(kind), &r->err);
	if (!e && (c.kind = mobile_decision_from_key(kind)) < 0)
		e = jc_fail(&r->err, JC_EINVAL, "kind", NULL, "'kind' must be stop, remove, lapse or restore");
	if (!e)
		e = body_id(r, "meeting_id", true, &c.meeting);
	if (!e)
		e = req_write(r, do_decide, &c);
	json_t *j;
	if (!e)
		e = mobile_decision_json(r->db, c.id, &j, &r->err);
	return e ? e : req_reply(r, 201, j);
}

struct answer_ctx {
	int on;
	bool approve;
};

static enum jc_err do_answer(struct request *r, void *ctx)
{
	struct answer_ctx *c = ctx;
	json_t *d;
	enum jc_err e = mobile_decision_json(r->db, r->ids[0], &d, &r->err);
	if (e)
		return e;
	int64_t approver = json_integer_value(json_object_get(d, "approving_org_id"));
	json_decref(d);
	bool approves;
	if ((e = transfer_api_holds(r, "mobile.approve", approver, &approves)))
		return e;
	if (!approves)
		return jc_fail(&r->err, JC_EFORBIDDEN, "approving_org_id", NULL,
			       "only the higher committee (organisation %lld) approves or rejects the branch's decision",
			       (long long)approver);
	return mobile_answer(r->db, r->ids[0], c->on, c->approve, r->reason, &r->actor, &r->err);
}

enum jc_err mobile_api_answer(struct request *r)
{
	static const char *const keys[] = { "on", "approved", "reason", NULL };
	struct answer_ctx c = { DATE_NONE, false };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "on", true, &c.on);
	json_t *approved = json_object_get(r->body, "approved");
	if (!e && !json_is_boolean(approved))
		e = jc_fail(&r->err, JC_EINVAL, "approved", NULL, "'approved' must be true (approve) or false (reject)");
	c.approve = json_is_true(approved);
	if (!e)
		e = req_write(r, do_answer, &c);
	json_t *j;
	if (!e)
		e = mobile_decision_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

enum jc_err mobile_api_decision(struct request *r)
{
	json_t *j;
	enum jc_err e = mobile_decision_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

enum jc_err mobile_api_decisions(struct request *r)
{
	long limit;
	char status[16];
	enum jc_err e = req_query_int(r, "limit", 1, 500, 100, &limit);
	if (e)
		return e;
	bool by_status = req_query(r, "status", status, sizeof(status));
	json_t *items;
	if ((e = mobile_decisions(r->db, r->ids[0], 0, by_status ? status : NULL, (int)limit, &items, &r->err)))
		return e;
	return req_reply(r, 200, json_pack("{s:o}", "items", items));
}

enum jc_err mobile_api_lost_contact(struct request *r)
{
	json_t *j;
	enum jc_err e = mobile_lost_contact(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}
