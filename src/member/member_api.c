/* member_api.c - HTTP handlers of the member registry (routes in src/http/routes.c). */
#include "member/member_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "db/db.h"
#include "http/request.h"
#include "http/worker.h"
#include "member/member.h"
#include "org/org.h"
#include "stats/stats.h"

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
	char flag[4];
	bool reveal = req_query(r, "reveal", flag, sizeof(flag)) && !strcmp(flag, "1");
	enum jc_err e = reveal ? member_get(r->db, r->ids[0], &m, &r->err) :
				 member_get_masked(r->db, r->ids[0], &m, &r->err);
	if (e)
		return e;
	if (reveal) { /* the full ID number, phone and address: a permission of its own, audited */
		char path[256];
		bool found;
		if ((e = auth_member_path(r->db, m.id, path, sizeof(path), &found, &r->err)))
			return e;
		if (!found || !auth_allows(&r->principal, "member.reveal", path))
			return jc_fail(&r->err, JC_EFORBIDDEN, "reveal", NULL,
				       "the roles of this account do not allow 'member.reveal'");
		char object[32];
		snprintf(object, sizeof(object), "member %lld", (long long)m.id);
		req_audit(r, "member.reveal", object, "ok", "id_number,phone,address");
	}
	/* The most frequent read: written straight to text (member_to_json's members, in order). */
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_add(&b, "{", 1);
	member_write_json(&m, reveal, &b);
	buf_add(&b, "}", 1);
	size_t len;
	char *text = buf_detach(&b, &len);
	return req_reply_text(r, 200, text, len);
}

static enum jc_err do_create(struct request *r, void *ctx)
{
	return member_create(r->db, ctx, &r->actor, &r->err);
}

enum jc_err member_api_create(struct request *r)
{
	enum jc_err e = req_take_reason(r);
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
	enum jc_err e = req_take_reason(r);
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
		e = member_history(r->db, m.id, before, (int)limit, &list, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:o}", "items", list));
}

/* --- download of a subtree's members (runs on a worker thread) --------------------------- */

#define EXPORT_MAX_MEMBERS 200000 /* larger subtrees are exported with `jiceng export` */

struct export_job {
	int64_t org_id;
	enum member_export_format format;
	char code[40];
	struct job_caller who;
};

static void run_export(struct db *db, void *arg, struct job_result *out)
{
	struct export_job *x = arg;
	char path[32];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	long rows = 0;
	enum jc_err e = member_export(db, x->org_id, x->format, false, path, &rows, &out->err);
	char detail[96];
	snprintf(detail, sizeof(detail), "%ld members, masked", rows);
	struct audit_event ev = { x->who.login, x->who.roles, x->who.address, "member.export", x->code, e ? "failed" : "ok", detail };
	if (!e)
		audit_append(db, &ev, &out->err); /* no record of the export, no export */
	char filename[64];
	snprintf(filename, sizeof(filename), "members-%s.%s", x->code, x->format == EXPORT_XLSX ? "xlsx" : "csv");
	job_reply_file(out, path, x->format == EXPORT_XLSX ?
		       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
		       filename);
}

enum jc_err member_api_export(struct request *r)
{
	char format[8];
	if (!req_query(r, "format", format, sizeof(format)))
		snprintf(format, sizeof(format), "xlsx");
	if (strcmp(format, "csv") && strcmp(format, "xlsx"))
		return jc_fail(&r->err, JC_EINVAL, "format", NULL, "'format' must be csv or xlsx");
	struct org o;
	struct stats_vec v;
	enum jc_err e = org_get(r->db, r->ids[0], &o, &r->err);
	if (!e)
		e = stats_load(r->db, o.id, &v, &r->err);
	if (e)
		return e;
	if (v.n[S_MEMBERS] > EXPORT_MAX_MEMBERS)
		return jc_fail(&r->err, JC_EINVAL, NULL, NULL,
			       "%lld members are more than a download holds (%d); export with `jiceng export members %s`",
			       (long long)v.n[S_MEMBERS], EXPORT_MAX_MEMBERS, o.code);
	struct export_job *x = xcalloc(1, sizeof(*x));
	x->org_id = o.id;
	x->format = strcmp(format, "csv") ? EXPORT_XLSX : EXPORT_CSV;
	snprintf(x->code, sizeof(x->code), "%s", o.code);
	job_caller_of(r, &x->who);
	return req_defer(r, run_export, x, free);
}

/* --- correcting the identity: the ID number with the birth date and gender it implies ------ */

static enum jc_err do_identity(struct request *r, void *ctx)
{
	json_t *body = ctx;
	struct member m;
	enum jc_err e = member_get(r->db, r->ids[0], &m, &r->err);
	if (!e)
		e = fields_from_json(&member_desc, body, &m, true, NULL, &r->err);
	if (!e)
		e = member_update(r->db, &m, &r->actor, &r->err);
	return e;
}

enum jc_err member_api_identity(struct request *r)
{
	enum jc_err e = req_take_reason(r);
	if (e)
		return e;
	if (!r->reason[0])
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is required for a correction of identity");
	const char *k;
	json_t *v;
	json_object_foreach(r->body, k, v)
		if (strcmp(k, "id_number") && strcmp(k, "birth_date") && strcmp(k, "gender"))
			return jc_fail(&r->err, JC_EINVAL, k, NULL,
				       "'%s' is not part of an identity (id_number, birth_date, gender, reason)", k);
	if (!json_is_string(json_object_get(r->body, "id_number")))
		return jc_fail(&r->err, JC_EINVAL, "id_number", NULL, "'id_number' is required");
	if ((e = req_write(r, do_identity, r->body)))
		return e;
	struct member m;
	if ((e = member_get(r->db, r->ids[0], &m, &r->err)))
		return e;
	return req_reply(r, 200, member_to_json(&m, false));
}
