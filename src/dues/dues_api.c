/*
 * dues_api.c - HTTP handlers of Party dues (routes in src/http/routes.c): the quote, the yearly
 * standard and its changes, payments, reversals, reasons, hardship reductions and their
 * approval, a member's dues, a branch's ledger, arrears, spending, transfers, the yearly
 * statement (JSON and XLSX) and the reconciliation of a subtree. Bodies are read here (unknown
 * keys refused, each bad value named by its field); each write is one transaction (req_write,
 * which also writes its audit record).
 */
#include "dues/dues_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "dues/dues.h"
#include "http/request.h"
#include "http/worker.h"
#include "mobile/mobile.h"
#include "org/org.h"

/* --- reading bodies and queries --------------------------------------------------------------------- */

static enum jc_err take_id(json_t *obj, const char *key, bool required, int64_t *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	*out = 0;
	if (!v && !required)
		return JC_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be an id", key);
	*out = json_integer_value(v);
	return JC_OK;
}

static enum jc_err take_fen(json_t *obj, const char *key, bool required, int64_t dflt, int64_t *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	*out = dflt;
	if (!v && !required)
		return JC_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > DUES_MAX_BASE_FEN)
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a whole number of fen, 0 or more (1 yuan = 100)", key);
	*out = json_integer_value(v);
	return JC_OK;
}

static enum jc_err take_date(json_t *obj, const char *key, bool required, int dflt, int *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	*out = dflt;
	if ((!v || json_is_null(v)) && !required)
		return JC_OK;
	if (!json_is_string(v) || !date_parse(json_string_value(v), (int)json_string_length(v), out))
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a date (YYYY-MM-DD)", key);
	return JC_OK;
}

static enum jc_err take_month(json_t *obj, const char *key, bool required, int *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v && !required)
		return JC_OK;
	if (!json_is_string(v) || !dues_month_parse(json_string_value(v), out))
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a month (YYYY-MM)", key);
	return JC_OK;
}

static enum jc_err take_months(json_t *obj, bool required, int *out, int *n, struct jc_error *err)
{
	json_t *v = json_object_get(obj, "months");
	*n = 0;
	if (!v && !required)
		return JC_OK;
	if (!json_is_array(v) || json_array_size(v) > DUES_MAX_MONTHS || (required && !json_array_size(v)))
		return jc_fail(err, JC_EINVAL, "months", NULL, "'months' must list %d to %d months (YYYY-MM)", required ? 1 : 0,
			       DUES_MAX_MONTHS);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x) || !dues_month_parse(json_string_value(x), &out[i]))
			return jc_fail(err, JC_EINVAL, "months", NULL, "'months[%zu]' must be a month (YYYY-MM)", i);
	}
	*n = (int)json_array_size(v);
	return JC_OK;
}

static enum jc_err query_year(struct request *r, long *year)
{
	return req_query_int(r, "year", 2008, 9999, date_year(date_today()), year);
}

/* The optional reason as a required one. */
static enum jc_err need_reason(struct request *r)
{
	if (!r->reason[0])
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is required");
	return JC_OK;
}

/* --- the quote ---------------------------------------------------------------------------------- */

/* One category (category=...) with its rules, or without it every category on the same base. */
enum jc_err dues_api_quote(struct request *r)
{
	char category[32] = "", on_s[16];
	long base, org = 0;
	int on = date_today();
	bool one = req_query(r, "category", category, sizeof(category));
	enum jc_err e = req_query_int(r, "base_fen", 0, DUES_MAX_BASE_FEN, 0, &base);
	if (!e)
		e = req_query_int(r, "org_id", 1, 0x7fffffffL, 0, &org);
	if (!e && req_query(r, "on", on_s, sizeof(on_s)) && !date_parse(on_s, (int)strlen(on_s), &on))
		e = jc_fail(&r->err, JC_EINVAL, "on", NULL, "'on' must be a date (YYYY-MM-DD)");
	if (!e && org)
		e = req_check_org(r, "dues.read", org);
	struct dues_rules rules;
	if (!e)
		e = dues_rules_load(r->db, org, on, &rules, &r->err);
	if (e)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < dues_categories.count && !e; i++) {
		const char *c = one ? category : dues_categories.codes[i].key;
		struct dues_quote q;
		if ((e = dues_quote(&rules, c, base, &q, &r->err)))
			break;
		json_t *j = dues_quote_json(c, &q);
		json_object_set_new(j, "category_zh", json_string(code_zh(&dues_categories, c)));
		json_array_append_new(items, j);
		if (one)
			break;
	}
	if (e) {
		json_decref(items);
		return e;
	}
	char day[11];
	date_format(on, day);
	json_t *j = one ? json_incref(json_array_get(items, 0)) : json_pack("{s:I,s:O}", "base_fen", (json_int_t)base, "items", items);
	json_decref(items);
	json_object_set_new(j, "on", json_string(day));
	json_object_set_new(j, "org_id", org ? json_integer(org) : json_null());
	return req_reply(r, 200, j);
}

/* --- the yearly standard ----------------------------------------------------------------------------- */

struct fix_ctx {
	int year;
	struct dues_item *items;
	int n;
};

static enum jc_err do_fix(struct request *r, void *ctx)
{
	struct fix_ctx *c = ctx;
	return dues_standards_fix(r->db, r->ids[0], c->year, c->items, c->n, &r->actor, &r->err);
}

enum jc_err dues_api_standards(struct request *r)
{
	static const char *const keys[] = { "year", "items", NULL };
	static const char *const row_keys[] = { "member_id", "category", "base_fen", NULL };
	struct fix_ctx c = { 0 };
	json_t *year = json_object_get(r->body, "year"), *items = json_object_get(r->body, "items"), *x;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e && (!json_is_integer(year) || json_integer_value(year) < 2008 || json_integer_value(year) > 9999))
		e = jc_fail(&r->err, JC_EINVAL, "year", NULL, "'year' must be the year the standard is for, e.g. 2026");
	if (!e && (!json_is_array(items) || !json_array_size(items) || json_array_size(items) > DUES_MAX_ITEMS))
		e = jc_fail(&r->err, JC_EINVAL, "items", NULL, "'items' must list 1 to %d members", DUES_MAX_ITEMS);
	if (e)
		return e;
	c.year = (int)json_integer_value(year);
	c.items = xcalloc(json_array_size(items), sizeof(*c.items));
	size_t i;
	json_array_foreach(items, i, x) {
		struct dues_item *it = &c.items[c.n++];
		struct jc_error tmp = { 0 };
		char field[48];
		if (!json_is_object(x)) {
			snprintf(field, sizeof(field), "items[%zu]", i);
			e = jc_fail(&r->err, JC_EINVAL, field, NULL, "'%s' must be an object", field);
		} else if (fields_only_keys(x, row_keys, &tmp) || take_id(x, "member_id", true, &it->member_id, &tmp) ||
			   fields_take_text(x, "category", true, it->category, sizeof(it->category), &tmp) ||
			   take_fen(x, "base_fen", false, 0, &it->base_fen, &tmp)) {
			snprintf(field, sizeof(field), "items[%zu].%s", i, tmp.field);
			e = jc_fail(&r->err, JC_EINVAL, field, NULL, "'%s': %s", field, tmp.message);
		}
		if (e)
			break;
	}
	if (!e)
		e = req_write(r, do_fix, &c);
	if (!e) {
		json_t *list = json_array();
		for (int k = 0; k < c.n; k++)
			json_array_append_new(list, json_pack("{s:I,s:s,s:I,s:I,s:I}", "member_id", (json_int_t)c.items[k].member_id,
							      "category", c.items[k].category, "base_fen",
							      (json_int_t)(dues_category_has_base(c.items[k].category) ? c.items[k].base_fen : 0),
							      "amount_fen", (json_int_t)c.items[k].amount_fen, "standard_id",
							      (json_int_t)c.items[k].standard_id));
		free(c.items);
		return req_reply(r, 201, json_pack("{s:I,s:i,s:o}", "org_id", (json_int_t)r->ids[0], "year", c.year, "items", list));
	}
	free(c.items);
	return e;
}

/* --- a member's dues ----------------------------------------------------------------------------------- */

static enum jc_err reply_member(struct request *r, int status, int year, json_t *extra)
{
	json_t *j;
	enum jc_err e = dues_member_json(r->db, r->ids[0], year, &j, &r->err);
	if (e) {
		json_decref(extra);
		return e;
	}
	if (extra)
		json_object_update_new(j, extra);
	return req_reply(r, status, j);
}

enum jc_err dues_api_member(struct request *r)
{
	long year;
	enum jc_err e = query_year(r, &year);
	return e ? e : reply_member(r, 200, (int)year, NULL);
}

struct change_ctx {
	int from;
	char category[16];
	int64_t base_fen, id;
};

static enum jc_err do_change(struct request *r, void *ctx)
{
	struct change_ctx *c = ctx;
	return dues_standard_change(r->db, r->ids[0], c->from, c->category, c->base_fen, &r->actor, &c->id, &r->err);
}

enum jc_err dues_api_change(struct request *r)
{
	static const char *const keys[] = { "from_month", "category", "base_fen", NULL };
	struct change_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_month(r->body, "from_month", true, &c.from, &r->err);
	if (!e)
		e = fields_take_text(r->body, "category", true, c.category, sizeof(c.category), &r->err);
	if (!e)
		e = take_fen(r->body, "base_fen", false, 0, &c.base_fen, &r->err);
	if (!e)
		e = req_write(r, do_change, &c);
	return e ? e : reply_member(r, 201, dues_month_year(c.from), json_pack("{s:I}", "standard_id", (json_int_t)c.id));
}

/* The body of a payment (collected_by_org_id only where the caller may name the collector). */
static enum jc_err take_payment(struct request *r, bool collector, struct dues_payment *p)
{
	static const char *const keys[] = { "months", "paid_on", "channel", "reference", "voluntary_fen", "amount_fen",
					    "collected_by_org_id", NULL };
	static const char *const keys_no_collector[] = { "months", "paid_on", "channel", "reference", "voluntary_fen",
							 "amount_fen", NULL };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, collector ? keys : keys_no_collector, &r->err);
	if (!e)
		e = take_months(r->body, false, p->months, &p->nmonths, &r->err);
	if (!e)
		e = take_date(r->body, "paid_on", false, date_today(), &p->paid_on, &r->err);
	if (!e)
		e = fields_take_text(r->body, "channel", true, p->channel, sizeof(p->channel), &r->err);
	if (!e)
		e = fields_take_text(r->body, "reference", false, p->reference, sizeof(p->reference), &r->err);
	if (!e)
		e = take_fen(r->body, "voluntary_fen", false, 0, &p->voluntary_fen, &r->err);
	if (!e)
		e = take_fen(r->body, "amount_fen", false, -1, &p->amount_fen, &r->err);
	if (!e && collector)
		e = take_id(r->body, "collected_by_org_id", false, &p->collected_by, &r->err);
	return e;
}

static json_t *payment_json(const struct dues_payment *p)
{
	return json_pack("{s:I,s:I,s:I,s:b,s:I}", "id", (json_int_t)p->id, "dues_fen", (json_int_t)p->dues_fen,
			 "voluntary_fen", (json_int_t)p->voluntary_fen, "to_centre", p->to_centre,
			 "collected_by_org_id", (json_int_t)p->collected_by);
}

static enum jc_err do_pay(struct request *r, void *ctx)
{
	return dues_pay(r->db, r->ids[0], ctx, &r->actor, &r->err);
}

enum jc_err dues_api_pay(struct request *r)
{
	struct dues_payment p = { 0 };
	enum jc_err e = take_payment(r, true, &p);
	/* money taken in elsewhere: only by an organisation the caller records dues for */
	if (!e && p.collected_by)
		e = req_check_org(r, "dues.write", p.collected_by);
	if (!e)
		e = req_write(r, do_pay, &p);
	return e ? e : reply_member(r, 201, date_year(p.paid_on), json_pack("{s:o}", "payment", payment_json(&p)));
}

struct host_pay_ctx {
	int64_t member_id;
	struct dues_payment p;
};

static enum jc_err do_pay_at_host(struct request *r, void *ctx)
{
	struct host_pay_ctx *c = ctx;
	return dues_pay(r->db, c->member_id, &c->p, &r->actor, &r->err);
}

/* A mobile member pays at the organisation hosting them on the day of payment (the activity
 * card's rule, dues.mobile.pay_at_host): that organisation's staff record it, collected by the
 * host and credited to the home ledger. Those of the home side, who hold the registration too,
 * record the home's own payments through the member. */
enum jc_err dues_api_pay_at_host(struct request *r)
{
	struct host_pay_ctx c = { 0 };
	struct mobile_registration g;
	enum jc_err e = take_payment(r, false, &c.p);
	if (!e)
		e = mobile_get(r->db, r->ids[0], &g, &r->err);
	if (e)
		return e;
	c.member_id = g.member_id;
	struct rule at_host;
	e = rules_get(r->db, g.org_id, "dues.mobile.pay_at_host", c.p.paid_on, &at_host, &r->err);
	if (!e && !strcmp(at_host.value, "0"))
		return rules_refuse(&at_host, &r->err, "paid_on", "dues are paid at the home branch: paying at the host is not in force");
	if (!e)
		e = mobile_host_on(r->db, g.member_id, c.p.paid_on, &c.p.collected_by, &r->err);
	if (e == JC_ENOTFOUND)
		return rules_refuse(&at_host, &r->err, "paid_on", "the member was not away on paid_on: dues are paid at home");
	if (!e && !c.p.collected_by)
		return rules_refuse(&at_host, &r->err, "paid_on", "no organisation of this database hosted the member on paid_on");
	/* the host's staff record what the host collected */
	if (!e)
		e = req_check_org(r, "dues.write", c.p.collected_by);
	if (!e)
		e = req_write(r, do_pay_at_host, &c);
	if (e)
		return e;
	return req_reply(r, 201, json_pack("{s:I,s:o}", "member_id", (json_int_t)c.member_id, "payment", payment_json(&c.p)));
}

struct reverse_ctx {
	int64_t payment_id, id;
};

static enum jc_err do_reverse(struct request *r, void *ctx)
{
	struct reverse_ctx *c = ctx;
	return dues_reverse(r->db, r->ids[0], c->payment_id, r->reason, &r->actor, &c->id, &r->err);
}

enum jc_err dues_api_reverse(struct request *r)
{
	static const char *const keys[] = { "payment_id", NULL };
	struct reverse_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_id(r->body, "payment_id", true, &c.payment_id, &r->err);
	if (!e)
		e = need_reason(r);
	if (!e)
		e = req_write(r, do_reverse, &c);
	return e ? e : reply_member(r, 201, date_year(date_today()), json_pack("{s:I}", "reversal_id", (json_int_t)c.id));
}

struct excuse_ctx {
	int months[DUES_MAX_MONTHS];
	int n;
};

static enum jc_err do_excuse(struct request *r, void *ctx)
{
	struct excuse_ctx *c = ctx;
	return dues_excuse(r->db, r->ids[0], c->months, c->n, r->reason, &r->actor, &r->err);
}

enum jc_err dues_api_excuse(struct request *r)
{
	static const char *const keys[] = { "months", NULL };
	struct excuse_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_months(r->body, true, c.months, &c.n, &r->err);
	if (!e)
		e = need_reason(r);
	if (!e)
		e = req_write(r, do_excuse, &c);
	return e ? e : reply_member(r, 201, dues_month_year(c.months[0]), NULL);
}

/* --- hardship ------------------------------------------------------------------------------------- */

struct reduce_ctx {
	int from, to;
	int64_t amount_fen, meeting_id, id;
};

static enum jc_err do_reduce(struct request *r, void *ctx)
{
	struct reduce_ctx *c = ctx;
	return dues_reduction_decide(r->db, r->ids[0], c->from, c->to, c->amount_fen, r->reason, c->meeting_id, &r->actor,
				     &c->id, &r->err);
}

enum jc_err dues_api_reduce(struct request *r)
{
	static const char *const keys[] = { "from_month", "to_month", "amount_fen", "meeting_id", NULL };
	struct reduce_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_month(r->body, "from_month", true, &c.from, &r->err);
	c.to = dues_month(dues_month_year(c.from), 12);
	if (!e)
		e = take_month(r->body, "to_month", false, &c.to, &r->err);
	if (!e)
		e = take_fen(r->body, "amount_fen", true, 0, &c.amount_fen, &r->err);
	if (!e)
		e = take_id(r->body, "meeting_id", true, &c.meeting_id, &r->err);
	if (!e)
		e = need_reason(r);
	if (!e)
		e = req_write(r, do_reduce, &c);
	return e ? e : reply_member(r, 201, dues_month_year(c.from), json_pack("{s:I}", "reduction_id", (json_int_t)c.id));
}

enum jc_err dues_api_reductions(struct request *r)
{
	static const char *const statuses[] = { "pending", "approved", "rejected" };
	char status[16] = "";
	bool given = req_query(r, "status", status, sizeof(status));
	bool known = !given;
	for (size_t i = 0; given && i < 3; i++)
		known |= !strcmp(status, statuses[i]);
	if (!known)
		return jc_fail(&r->err, JC_EINVAL, "status", NULL, "'status' must be pending, approved or rejected");
	json_t *items;
	enum jc_err e = dues_reductions_json(r->db, r->ids[0], given ? status : NULL, &items, &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:o}", "items", items));
}

struct approve_ctx {
	int64_t reduction_id;
	bool approved;
	int decided_on;
	char note[DUES_TEXT_MAX + 1];
};

static enum jc_err do_approve(struct request *r, void *ctx)
{
	struct approve_ctx *c = ctx;
	return dues_reduction_approve(r->db, r->ids[0], c->reduction_id, c->approved, c->decided_on, c->note, &r->actor, &r->err);
}

enum jc_err dues_api_approve(struct request *r)
{
	static const char *const keys[] = { "reduction_id", "decision", "decided_on", "note", NULL };
	struct approve_ctx c = { 0 };
	char decision[16] = "";
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_id(r->body, "reduction_id", true, &c.reduction_id, &r->err);
	if (!e)
		e = fields_take_text(r->body, "decision", true, decision, sizeof(decision), &r->err);
	if (!e && strcmp(decision, "approved") && strcmp(decision, "rejected"))
		e = jc_fail(&r->err, JC_EINVAL, "decision", NULL, "'decision' must be 'approved' or 'rejected'");
	if (!e)
		e = take_date(r->body, "decided_on", false, date_today(), &c.decided_on, &r->err);
	if (!e)
		e = fields_take_text(r->body, "note", false, c.note, sizeof(c.note), &r->err);
	c.approved = !strcmp(decision, "approved");
	if (!e)
		e = req_write(r, do_approve, &c);
	if (e)
		return e;
	json_t *items;
	if ((e = dues_reductions_json(r->db, r->ids[0], NULL, &items, &r->err)))
		return e;
	json_t *mine = NULL, *x;
	size_t i;
	json_array_foreach(items, i, x)
		if (json_integer_value(json_object_get(x, "id")) == c.reduction_id)
			mine = json_incref(x);
	json_decref(items);
	return req_reply(r, 201, mine ? mine : json_object());
}

enum jc_err dues_api_arrears(struct request *r)
{
	long min;
	enum jc_err e = req_query_int(r, "min_months", 1, 120, 1, &min);
	json_t *items;
	if (!e)
		e = dues_arrears_json(r->db, r->ids[0], (int)min, &items, &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:o}", "items", items));
}

enum jc_err dues_api_ledger(struct request *r)
{
	long year;
	json_t *j;
	enum jc_err e = query_year(r, &year);
	if (!e)
		e = dues_ledger_json(r->db, r->ids[0], (int)year, &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

/* --- use of dues ------------------------------------------------------------------------------------ */

static enum jc_err take_decision(json_t *body, struct dues_decision *d, struct jc_error *err)
{
	enum jc_err e = take_id(body, "meeting_id", false, &d->meeting_id, err);
	if (!e)
		e = fields_take_text(body, "decision_ref", false, d->ref, sizeof(d->ref), err);
	if (!e)
		e = take_date(body, "decided_on", false, DATE_NONE, &d->decided_on, err);
	return e;
}

static enum jc_err do_spend(struct request *r, void *ctx)
{
	return dues_spend(r->db, r->ids[0], ctx, &r->actor, &r->err);
}

enum jc_err dues_api_spend(struct request *r)
{
	static const char *const keys[] = { "spent_on", "category", "amount_fen", "purpose", "meeting_id", "decision_ref",
					    "decided_on", "receipts", NULL };
	struct dues_spend *s = xcalloc(1, sizeof(*s));
	json_t *receipts = json_object_get(r->body, "receipts");
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_date(r->body, "spent_on", true, DATE_NONE, &s->spent_on, &r->err);
	if (!e)
		e = fields_take_text(r->body, "category", true, s->category, sizeof(s->category), &r->err);
	if (!e)
		e = take_fen(r->body, "amount_fen", true, 0, &s->amount_fen, &r->err);
	if (!e)
		e = fields_take_text(r->body, "purpose", true, s->purpose, sizeof(s->purpose), &r->err);
	if (!e)
		e = take_decision(r->body, &s->decision, &r->err);
	if (!e && receipts && !json_is_array(receipts))
		e = jc_fail(&r->err, JC_EINVAL, "receipts", NULL, "'receipts' must be a list of {title, ref}");
	s->receipts = receipts;
	if (!e)
		e = req_write(r, do_spend, s);
	int64_t id = s->id;
	int year = date_year(s->spent_on);
	free(s);
	if (e)
		return e;
	json_t *j;
	if ((e = dues_statement_json(r->db, r->ids[0], year, &j, &r->err)))
		return e;
	json_object_set_new(j, "spending_id", json_integer(id));
	return req_reply(r, 201, j);
}

static enum jc_err do_transfer(struct request *r, void *ctx)
{
	return dues_transfer(r->db, r->ids[0], ctx, &r->actor, &r->err);
}

enum jc_err dues_api_transfer(struct request *r)
{
	static const char *const keys[] = { "kind", "to_org_id", "on", "amount_fen", "category", "note", "meeting_id",
					    "decision_ref", "decided_on", NULL };
	struct dues_move *m = xcalloc(1, sizeof(*m));
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = fields_take_text(r->body, "kind", true, m->kind, sizeof(m->kind), &r->err);
	if (!e)
		e = take_id(r->body, "to_org_id", true, &m->to_org_id, &r->err);
	if (!e)
		e = take_date(r->body, "on", false, date_today(), &m->on, &r->err);
	if (!e)
		e = take_fen(r->body, "amount_fen", true, 0, &m->amount_fen, &r->err);
	if (!e)
		e = fields_take_text(r->body, "category", false, m->category, sizeof(m->category), &r->err);
	if (!e)
		e = fields_take_text(r->body, "note", false, m->note, sizeof(m->note), &r->err);
	if (!e)
		e = take_decision(r->body, &m->decision, &r->err);
	/* the other end: the parent this organisation remits to, or in the caller's own subtrees;
	 * any other organisation answers as one that does not exist */
	struct org from;
	if (!e)
		e = org_get(r->db, r->ids[0], &from, &r->err);
	if (!e && from.parent_id != m->to_org_id)
		e = req_check_org(r, "dues.write", m->to_org_id);
	if (!e)
		e = req_write(r, do_transfer, m);
	int64_t id = m->id;
	int year = date_year(m->on);
	free(m);
	if (e)
		return e;
	json_t *j;
	if ((e = dues_statement_json(r->db, r->ids[0], year, &j, &r->err)))
		return e;
	json_object_set_new(j, "transfer_id", json_integer(id));
	return req_reply(r, 201, j);
}

static enum jc_err do_open_books(struct request *r, void *ctx)
{
	return dues_open_books(r->db, r->ids[0], ctx, &r->actor, &r->err);
}

/* The balance of the books kept before this system, taken over once: the statement of its year
 * answers, showing it brought forward. */
enum jc_err dues_api_open_books(struct request *r)
{
	static const char *const keys[] = { "on", "amount_fen", "source", NULL };
	struct dues_opening o = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_date(r->body, "on", true, DATE_NONE, &o.on, &r->err);
	if (!e)
		e = take_fen(r->body, "amount_fen", true, 0, &o.amount_fen, &r->err);
	if (!e)
		e = fields_take_text(r->body, "source", true, o.source, sizeof(o.source), &r->err);
	if (!e)
		e = req_write(r, do_open_books, &o);
	json_t *j;
	if (!e)
		e = dues_statement_json(r->db, r->ids[0], date_year(o.on), &j, &r->err);
	return e ? e : req_reply(r, 201, j);
}

enum jc_err dues_api_statement(struct request *r)
{
	long year;
	json_t *j;
	enum jc_err e = query_year(r, &year);
	if (!e)
		e = dues_statement_json(r->db, r->ids[0], (int)year, &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

enum jc_err dues_api_reconciliation(struct request *r)
{
	long year;
	json_t *j;
	enum jc_err e = query_year(r, &year);
	if (!e)
		e = dues_reconciliation_json(r->db, r->ids[0], (int)year, &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

struct export_job {
	int64_t org_id;
	int year;
	struct job_caller who;
};

static void run_export(struct db *db, void *arg, struct job_result *out)
{
	struct export_job *j = arg;
	char path[32], object[48], filename[64], detail[16];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	snprintf(object, sizeof(object), "org %lld", (long long)j->org_id);
	snprintf(detail, sizeof(detail), "%d", j->year);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "dues.statement.export", object, "ok", detail };
	if (!dues_statement_xlsx(db, j->org_id, j->year, path, &out->err))
		audit_append(db, &ev, &out->err); /* no record of the file, no file */
	snprintf(filename, sizeof(filename), "dues-statement-%lld-%d.xlsx", (long long)j->org_id, j->year);
	job_reply_file(out, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename);
}

enum jc_err dues_api_statement_export(struct request *r)
{
	long year;
	enum jc_err e = query_year(r, &year);
	if (e)
		return e;
	struct export_job *j = xcalloc(1, sizeof(*j));
	j->org_id = r->ids[0];
	j->year = (int)year;
	job_caller_of(r, &j->who);
	return req_defer(r, run_export, j, free);
}
