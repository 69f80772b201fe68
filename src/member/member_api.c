/* member_api.c - HTTP handlers of the member registry (routes in src/http/routes.c). */
#include "member/member_api.h"

#include <string.h>

#include "db/db.h"
#include "http/request.h"
#include "member/member.h"

static enum jc_err take_reason(struct request *r, char *out, size_t cap)
{
	out[0] = '\0';
	json_t *reason = json_object_get(r->body, "reason");
	if (reason && !json_is_string(reason))
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' must be a string");
	if (json_is_string(reason)) {
		if (json_string_length(reason) > 500)
			return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is longer than 500 bytes");
		snprintf(out, cap, "%s", json_string_value(reason));
		json_object_del(r->body, "reason");
	}
	r->actor.reason = out;
	return JC_OK;
}

enum jc_err member_api_page(struct request *r)
{
	struct member_filter f;
	member_filter_init(&f);
	char q[96], cursor[48] = "";
	long limit, age_min, age_max, mobile, lost;
	enum jc_err e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (!e)
		e = req_query_int(r, "age_min", 0, 150, -1, &age_min);
	if (!e)
		e = req_query_int(r, "age_max", 0, 150, -1, &age_max);
	if (!e)
		e = req_query_int(r, "mobile", 0, 1, -1, &mobile);
	if (!e)
		e = req_query_int(r, "lost_contact", 0, 1, -1, &lost);
	if (!e)
		e = req_query_code(r, "state", &member_states, &f.state);
	if (!e)
		e = req_query_code(r, "category", &member_categories, &f.category);
	if (!e)
		e = req_query_code(r, "gender", &member_genders, &f.gender);
	if (!e)
		e = req_query_code(r, "education", &member_educations, &f.education);
	if (!e)
		e = req_query_code(r, "occupation", &member_occupations, &f.occupation);
	if (!e)
		e = req_query_code(r, "ethnicity", &member_ethnicities, &f.ethnicity);
	if (e)
		return e;
	if (req_query(r, "q", q, sizeof(q)))
		f.q = q;
	req_query(r, "cursor", cursor, sizeof(cursor));
	f.age_min = (int)age_min;
	f.age_max = (int)age_max;
	f.mobile = (int)mobile;
	f.lost_contact = (int)lost;
	json_t *items;
	char next[48];
	if ((e = member_page(r->db, r->ids[0], &f, cursor, (int)limit, false, &items, next, &r->err)))
		return e;
	return req_reply(r, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next[0] ? next : NULL));
}

enum jc_err member_api_get(struct request *r)
{
	struct member m;
	enum jc_err e = member_get(r->db, r->ids[0], &m, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, member_to_json(&m, false));
}

static enum jc_err do_create(struct request *r, void *ctx)
{
	return member_create(r->db, ctx, &r->actor, &r->err);
}

enum jc_err member_api_create(struct request *r)
{
	char reason[512];
	enum jc_err e = take_reason(r, reason, sizeof(reason));
	if (e)
		return e;
	struct member m;
	fields_clear(&member_desc, &m);
	if ((e = fields_from_json(&member_desc, r->body, &m, true, NULL, &r->err)))
		return e;
	if ((e = req_write(r, do_create, &m)))
		return e;
	if ((e = member_get(r->db, m.id, &m, &r->err)))
		return e;
	return req_reply(r, 201, member_to_json(&m, false));
}

static enum jc_err do_update(struct request *r, void *ctx)
{
	struct member *m = ctx;
	enum jc_err e = member_get(r->db, r->ids[0], m, &r->err);
	if (!e)
		e = fields_from_json(&member_desc, r->body, m, false, NULL, &r->err);
	if (!e)
		e = member_update(r->db, m, &r->actor, &r->err);
	return e;
}

enum jc_err member_api_update(struct request *r)
{
	char reason[512];
	enum jc_err e = take_reason(r, reason, sizeof(reason));
	if (e)
		return e;
	struct member m;
	if ((e = req_write(r, do_update, &m)))
		return e;
	if ((e = member_get(r->db, r->ids[0], &m, &r->err)))
		return e;
	return req_reply(r, 200, member_to_json(&m, false));
}

enum jc_err member_api_history(struct request *r)
{
	long before, limit;
	enum jc_err e = req_query_int(r, "before", 0, 0x7fffffffffffffffL, 0, &before);
	if (!e)
		e = req_query_int(r, "limit", 1, 200, 50, &limit);
	struct member m;
	if (!e)
		e = member_get(r->db, r->ids[0], &m, &r->err);
	json_t *list;
	if (!e)
		e = history_list(r->db, "member", m.id, before, (int)limit, &list, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:o}", "items", list));
}
