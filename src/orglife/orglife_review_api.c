/*
 * orglife_review_api.c - HTTP handlers of a branch's yearly review (routes in src/http/routes.c):
 * the democratic appraisal step by step, talks and their coverage, and the issue and
 * rectification lists of an organisational-life meeting. Bodies are read here (unknown keys
 * refused, each bad value named by its field); each write is one transaction (req_write, which
 * also writes its audit record).
 */
#include "orglife/orglife_review_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "http/request.h"
#include "orglife/orglife_review.h"

/* --- reading bodies -------------------------------------------------------------------------- */

static enum jc_err take_id(json_t *obj, const char *key, const char *field, int64_t *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be an id", field);
	*out = json_integer_value(v);
	return JC_OK;
}

static enum jc_err take_date(json_t *obj, const char *key, bool required, int *out, struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	*out = DATE_NONE;
	if ((!v || json_is_null(v)) && !required)
		return JC_OK;
	if (!json_is_string(v) || !date_parse(json_string_value(v), (int)json_string_length(v), out))
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a date (YYYY-MM-DD)", key);
	return JC_OK;
}

/* The body's "items": an array of 0 (or 1) to ORGLIFE_REVIEW_MAX_ROWS objects. */
static enum jc_err take_items(json_t *body, size_t min, json_t **out, struct jc_error *err)
{
	*out = json_object_get(body, "items");
	if (!json_is_array(*out) || json_array_size(*out) < min || json_array_size(*out) > ORGLIFE_REVIEW_MAX_ROWS)
		return jc_fail(err, JC_EINVAL, "items", NULL, "'items' must be a list of %zu to %d rows", min, ORGLIFE_REVIEW_MAX_ROWS);
	size_t i;
	json_t *x;
	json_array_foreach(*out, i, x)
		if (!json_is_object(x)) {
			char field[32];
			snprintf(field, sizeof(field), "items[%zu]", i);
			return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be an object", field);
		}
	return JC_OK;
}

/* 400 naming items[i].<key> for a member of a row not among keys. */
static enum jc_err row_keys(json_t *row, size_t i, const char *const *keys, struct jc_error *err)
{
	struct jc_error tmp = { 0 };
	if (!fields_only_keys(row, keys, &tmp))
		return JC_OK;
	char field[64];
	snprintf(field, sizeof(field), "items[%zu].%s", i, tmp.field);
	return jc_fail(err, JC_EINVAL, field, NULL, "'%s' is not expected here", field);
}

static enum jc_err query_year(struct request *r, long dflt, long *out)
{
	return req_query_int(r, "year", 1921, 9999, dflt, out);
}

/* --- democratic appraisal --------------------------------------------------------------------- */

struct open_ctx {
	long year;
	int64_t id;
};

static enum jc_err do_open(struct request *r, void *ctx)
{
	struct open_ctx *c = ctx;
	return orglife_appraisal_open(r->db, r->ids[0], c->year, &r->actor, &c->id, &r->err);
}

static enum jc_err reply_appraisal(struct request *r, int status, int64_t id)
{
	json_t *j;
	enum jc_err e = orglife_appraisal_json(r->db, id, &j, &r->err);
	return e ? e : req_reply(r, status, j);
}

enum jc_err orglife_api_appraisal_open(struct request *r)
{
	static const char *const keys[] = { "year", NULL };
	struct open_ctx c = { 0 };
	json_t *year = json_object_get(r->body, "year");
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e && (!json_is_integer(year) || json_integer_value(year) < 1 || json_integer_value(year) > 9999))
		e = jc_fail(&r->err, JC_EINVAL, "year", NULL, "'year' must be the year appraised, e.g. 2026");
	if (e)
		return e;
	c.year = (long)json_integer_value(year);
	if ((e = req_write(r, do_open, &c)))
		return e;
	return reply_appraisal(r, 201, c.id);
}

enum jc_err orglife_api_appraisal_list(struct request *r)
{
	long year, limit, after;
	enum jc_err e = query_year(r, 0, &year);
	if (!e)
		e = req_query_int(r, "limit", 1, 500, 100, &limit);
	if (!e)
		e = req_query_int(r, "cursor", 0, 0x7fffffffL, 0, &after);
	if (e)
		return e;
	json_t *items;
	int64_t next;
	if ((e = orglife_appraisal_list(r->db, r->ids[0], year, after, (int)limit, &items, &next, &r->err)))
		return e;
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null());
	return req_reply(r, 200, j);
}

enum jc_err orglife_api_appraisal_get(struct request *r)
{
	return reply_appraisal(r, 200, r->ids[0]);
}

struct step_ctx {
	enum orglife_step step;
	int64_t member_id;
	char *text;
};

static enum jc_err do_step(struct request *r, void *ctx)
{
	struct step_ctx *c = ctx;
	return orglife_appraisal_step(r->db, r->ids[0], c->step, c->member_id, c->text, &r->actor, &r->err);
}

static enum jc_err appraisal_step(struct request *r, enum orglife_step step)
{
	static const char *const keys[] = { "member_id", "text", NULL };
	struct step_ctx c = { step, 0, NULL };
	json_t *text = json_object_get(r->body, "text");
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_id(r->body, "member_id", "member_id", &c.member_id, &r->err);
	if (!e && (!json_is_string(text) || !json_string_length(text) || json_string_length(text) > ORGLIFE_APPRAISAL_TEXT_MAX))
		e = jc_fail(&r->err, JC_EINVAL, "text", NULL, "'text' is required, at most %d bytes", ORGLIFE_APPRAISAL_TEXT_MAX);
	if (e)
		return e;
	c.text = xstrdup(json_string_value(text));
	e = req_write(r, do_step, &c);
	free(c.text);
	return e ? e : reply_appraisal(r, 201, r->ids[0]);
}

enum jc_err orglife_api_appraisal_self(struct request *r)
{
	return appraisal_step(r, ORGLIFE_STEP_SELF);
}

enum jc_err orglife_api_appraisal_peer(struct request *r)
{
	return appraisal_step(r, ORGLIFE_STEP_PEER);
}

struct votes_ctx {
	struct orglife_vote *rows;
	int n;
};

static enum jc_err do_votes(struct request *r, void *ctx)
{
	struct votes_ctx *c = ctx;
	return orglife_appraisal_votes(r->db, r->ids[0], c->rows, c->n, &r->actor, &r->err);
}

static enum jc_err take_count(json_t *row, size_t i, const char *key, bool required, long *out, struct jc_error *err)
{
	json_t *v = json_object_get(row, key);
	*out = 0;
	if (!v && !required)
		return JC_OK;
	if (!json_is_integer(v) || json_integer_value(v) > 1000000 || json_integer_value(v) < -1000000) {
		char field[64];
		snprintf(field, sizeof(field), "items[%zu].%s", i, key);
		return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be a whole number of votes", field);
	}
	*out = (long)json_integer_value(v);
	return JC_OK;
}

enum jc_err orglife_api_appraisal_votes(struct request *r)
{
	static const char *const keys[] = { "items", NULL };
	static const char *const row_keys_list[] = { "member_id", "excellent", "qualified", "basic", "unqualified", NULL };
	json_t *items, *x;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_items(r->body, 1, &items, &r->err);
	if (e)
		return e;
	struct votes_ctx c = { xcalloc(json_array_size(items), sizeof(*c.rows)), 0 };
	size_t i;
	json_array_foreach(items, i, x) {
		struct orglife_vote *v = &c.rows[c.n++];
		char field[64];
		snprintf(field, sizeof(field), "items[%zu].member_id", i);
		if ((e = row_keys(x, i, row_keys_list, &r->err)) || (e = take_id(x, "member_id", field, &v->member_id, &r->err)) ||
		    (e = take_count(x, i, "excellent", true, &v->excellent, &r->err)) ||
		    (e = take_count(x, i, "qualified", true, &v->qualified, &r->err)) ||
		    (e = take_count(x, i, "basic", false, &v->basic, &r->err)) ||
		    (e = take_count(x, i, "unqualified", true, &v->unqualified, &r->err)))
			break;
	}
	if (!e)
		e = req_write(r, do_votes, &c);
	free(c.rows);
	return e ? e : reply_appraisal(r, 201, r->ids[0]);
}

struct results_ctx {
	int64_t meeting_id;
	struct orglife_grade *rows;
	int n;
};

static enum jc_err do_results(struct request *r, void *ctx)
{
	struct results_ctx *c = ctx;
	return orglife_appraisal_results(r->db, r->ids[0], c->meeting_id, c->rows, c->n, &r->actor, &r->err);
}

enum jc_err orglife_api_appraisal_results(struct request *r)
{
	static const char *const keys[] = { "meeting_id", "items", NULL };
	static const char *const row_keys_list[] = { "member_id", "grade", "reason", NULL };
	struct results_ctx c = { 0 };
	json_t *items, *x;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_id(r->body, "meeting_id", "meeting_id", &c.meeting_id, &r->err);
	if (!e)
		e = take_items(r->body, 0, &items, &r->err);
	if (e)
		return e;
	c.rows = xcalloc(json_array_size(items) + 1, sizeof(*c.rows));
	size_t i;
	json_array_foreach(items, i, x) {
		struct orglife_grade *g = &c.rows[c.n++];
		char field[64], grade[64];
		snprintf(field, sizeof(field), "items[%zu].member_id", i);
		if ((e = row_keys(x, i, row_keys_list, &r->err)) || (e = take_id(x, "member_id", field, &g->member_id, &r->err)))
			break;
		struct jc_error tmp = { 0 };
		snprintf(field, sizeof(field), "items[%zu].grade", i);
		if (fields_take_text(x, "grade", true, grade, sizeof(grade), &tmp) || strlen(grade) >= sizeof(g->grade)) {
			e = jc_fail(&r->err, JC_EINVAL, field, NULL, "'%s' must be excellent, qualified, basic or unqualified", field);
			break;
		}
		snprintf(g->grade, sizeof(g->grade), "%s", grade);
		snprintf(field, sizeof(field), "items[%zu].reason", i);
		if (fields_take_text(x, "reason", false, g->reason, sizeof(g->reason), &tmp)) {
			e = jc_fail(&r->err, JC_EINVAL, field, NULL, "'%s' must be a string of at most %zu bytes", field,
				    sizeof(g->reason) - 1);
			break;
		}
	}
	if (!e)
		e = req_write(r, do_results, &c);
	free(c.rows);
	return e ? e : reply_appraisal(r, 201, r->ids[0]);
}

enum jc_err orglife_api_member_appraisals(struct request *r)
{
	json_t *items;
	enum jc_err e = orglife_member_appraisals(r->db, r->ids[0], &items, &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:I,s:o}", "member_id", (json_int_t)r->ids[0], "items", items));
}

/* --- talks ------------------------------------------------------------------------------------ */

struct talk_ctx {
	int held_on;
	int64_t a, b, id;
	char topic[201];
};

static enum jc_err do_talk(struct request *r, void *ctx)
{
	struct talk_ctx *c = ctx;
	return orglife_talk_record(r->db, r->ids[0], c->held_on, c->a, c->b, c->topic, &r->actor, &c->id, &r->err);
}

enum jc_err orglife_api_talk_record(struct request *r)
{
	static const char *const keys[] = { "held_on", "member_a", "member_b", "topic", NULL };
	struct talk_ctx c = { 0 };
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_date(r->body, "held_on", true, &c.held_on, &r->err);
	if (!e)
		e = take_id(r->body, "member_a", "member_a", &c.a, &r->err);
	if (!e)
		e = take_id(r->body, "member_b", "member_b", &c.b, &r->err);
	if (!e)
		e = fields_take_text(r->body, "topic", true, c.topic, sizeof(c.topic), &r->err);
	if (e || (e = req_write(r, do_talk, &c)))
		return e;
	json_t *j;
	if ((e = orglife_talk_json(r->db, c.id, &j, &r->err)))
		return e;
	return req_reply(r, 201, j);
}

enum jc_err orglife_api_talk_page(struct request *r)
{
	long year, limit;
	char cursor[48] = "", next[48];
	enum jc_err e = query_year(r, 0, &year);
	if (!e)
		e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (e)
		return e;
	req_query(r, "cursor", cursor, sizeof(cursor));
	json_t *items;
	if ((e = orglife_talk_page(r->db, r->ids[0], year, cursor, (int)limit, &items, next, &r->err)))
		return e;
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next[0] ? json_string(next) : json_null());
	return req_reply(r, 200, j);
}

enum jc_err orglife_api_talk_coverage(struct request *r)
{
	long year;
	json_t *j;
	enum jc_err e = query_year(r, date_year(date_today()), &year);
	if (!e)
		e = orglife_talk_coverage(r->db, r->ids[0], year, &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

/* --- the life meeting's lists ------------------------------------------------------------------ */

struct item_ctx {
	struct orglife_life_item it;
	int64_t id;
};

static enum jc_err do_item(struct request *r, void *ctx)
{
	struct item_ctx *c = ctx;
	return orglife_item_record(r->db, r->ids[0], &c->it, &r->actor, &c->id, &r->err);
}

enum jc_err orglife_api_item_record(struct request *r)
{
	static const char *const keys[] = { "kind", "text", "owner", "due", "issue_id", NULL };
	struct item_ctx *c = xcalloc(1, sizeof(*c));
	json_t *owner = json_object_get(r->body, "owner"), *issue = json_object_get(r->body, "issue_id");
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e && (e = fields_take_text(r->body, "kind", true, c->it.kind, sizeof(c->it.kind), &r->err)) == JC_OK &&
	    code_find(&orglife_life_item_kinds, c->it.kind, strlen(c->it.kind), 0) < 0)
		e = jc_fail(&r->err, JC_EINVAL, "kind", NULL, "'kind' must be issue or rectification");
	if (!e)
		e = fields_take_text(r->body, "text", true, c->it.text, sizeof(c->it.text), &r->err);
	if (!e && owner && !json_is_null(owner)) {
		if (json_is_integer(owner) && json_integer_value(owner) > 0)
			c->it.owner_member_id = json_integer_value(owner);
		else if (!json_is_string(owner) || !json_string_length(owner) ||
			 fields_take_text(r->body, "owner", false, c->it.owner_name, sizeof(c->it.owner_name), &r->err))
			e = jc_fail(&r->err, JC_EINVAL, "owner", NULL, "'owner' must be a member id or a name of at most %zu bytes",
				    sizeof(c->it.owner_name) - 1);
	}
	if (!e)
		e = take_date(r->body, "due", false, &c->it.due, &r->err);
	if (!e && issue && !json_is_null(issue))
		e = take_id(r->body, "issue_id", "issue_id", &c->it.issue_id, &r->err);
	if (!e)
		e = req_write(r, do_item, c);
	json_t *j = NULL;
	if (!e)
		e = orglife_item_json(r->db, c->id, &j, &r->err);
	free(c);
	return e ? e : req_reply(r, 201, j);
}

enum jc_err orglife_api_meeting_items(struct request *r)
{
	json_t *j;
	enum jc_err e = orglife_meeting_items(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

struct done_ctx {
	int done_on;
	char outcome[ORGLIFE_ITEM_TEXT_MAX + 1];
};

static enum jc_err do_done(struct request *r, void *ctx)
{
	struct done_ctx *c = ctx;
	return orglife_item_done(r->db, r->ids[0], c->done_on, c->outcome, &r->actor, &r->err);
}

enum jc_err orglife_api_item_done(struct request *r)
{
	static const char *const keys[] = { "done_on", "outcome", NULL };
	struct done_ctx *c = xcalloc(1, sizeof(*c));
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = take_date(r->body, "done_on", true, &c->done_on, &r->err);
	if (!e)
		e = fields_take_text(r->body, "outcome", true, c->outcome, sizeof(c->outcome), &r->err);
	if (!e)
		e = req_write(r, do_done, c);
	free(c);
	json_t *j = NULL;
	if (!e)
		e = orglife_item_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 201, j);
}

enum jc_err orglife_api_life_items(struct request *r)
{
	long limit, after;
	char status[16];
	bool has_status = req_query(r, "status", status, sizeof(status));
	enum jc_err e = req_query_int(r, "limit", 1, 500, 100, &limit);
	if (!e)
		e = req_query_int(r, "cursor", 0, 0x7fffffffL, 0, &after);
	if (e)
		return e;
	json_t *items;
	int64_t next;
	if ((e = orglife_item_list(r->db, r->ids[0], has_status ? status : NULL, after, (int)limit, &items, &next, &r->err)))
		return e;
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null());
	return req_reply(r, 200, j);
}
