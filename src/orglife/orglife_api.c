/*
 * orglife_api.c - HTTP handlers of organisational life (routes in src/http/routes.c): record a
 * meeting, read one back, list a subtree's meetings.
 */
#include "orglife/orglife_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "http/request.h"
#include "http/worker.h"
#include "orglife/orglife.h"

static enum jc_err do_record(struct request *r, void *ctx)
{
	return orglife_record(r->db, ctx, &r->actor, &r->err);
}

enum jc_err orglife_api_record(struct request *r)
{
	struct orglife_meeting m = { 0 }; /* freed below even when the reason is refused before it is read */
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = orglife_from_json(r->body, &m, &r->err);
	if (!e)
		e = req_write(r, do_record, &m);
	json_t *j = NULL;
	if (!e)
		e = orglife_get_json(r->db, m.id, &j, &r->err);
	orglife_meeting_free(&m);
	return e ? e : req_reply(r, 201, j);
}

enum jc_err orglife_api_get(struct request *r)
{
	json_t *j;
	enum jc_err e = orglife_get_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

static enum jc_err query_date(struct request *r, const char *name, int *out)
{
	char s[16];
	*out = DATE_NONE;
	if (req_query(r, name, s, sizeof(s)) && !date_parse(s, (int)strlen(s), out))
		return jc_fail(&r->err, JC_EINVAL, name, NULL, "'%s' must be a date (YYYY-MM-DD)", name);
	return JC_OK;
}

enum jc_err orglife_api_page(struct request *r)
{
	long limit;
	int from, to;
	char cursor[48] = "", next[48];
	enum jc_err e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (!e)
		e = query_date(r, "from", &from);
	if (!e)
		e = query_date(r, "to", &to);
	if (e)
		return e;
	req_query(r, "cursor", cursor, sizeof(cursor));
	json_t *items;
	if ((e = orglife_page(r->db, r->ids[0], from, to, cursor, (int)limit, &items, next, &r->err)))
		return e;
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next[0] ? json_string(next) : json_null());
	return req_reply(r, 200, j);
}

/* The period of the query ("period" required), parsed. */
static enum jc_err query_period(struct request *r, char period[16], struct orglife_period *p)
{
	if (!req_query(r, "period", period, 16))
		return jc_fail(&r->err, JC_EINVAL, "period", NULL, "'period' is required: 2026, 2026-Q1 or 2026-03");
	return orglife_period_parse(period, p, &r->err);
}

enum jc_err orglife_api_compliance(struct request *r)
{
	char period[16];
	struct orglife_period p;
	json_t *j;
	enum jc_err e = query_period(r, period, &p);
	if (!e)
		e = orglife_compliance(r->db, r->ids[0], &p, &j, &r->err);
	if (e)
		return e;
	json_object_set_new(j, "period", json_string(period));
	return req_reply(r, 200, j);
}

enum jc_err orglife_api_summary(struct request *r)
{
	char period[16];
	struct orglife_period p;
	json_t *j;
	enum jc_err e = query_period(r, period, &p);
	if (!e)
		e = orglife_summary(r->db, r->ids[0], &p, &j, &r->err);
	if (e)
		return e;
	json_object_set_new(j, "period", json_string(period));
	return req_reply(r, 200, j);
}

struct minutes_job {
	int64_t id;
	struct job_caller who;
};

static void run_minutes(struct db *db, void *arg, struct job_result *out)
{
	struct minutes_job *j = arg;
	char path[32], object[32], filename[64];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	snprintf(object, sizeof(object), "meeting %lld", (long long)j->id);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "orglife.minutes", object, "ok", "pdf" };
	if (!orglife_minutes_pdf(db, j->id, path, &out->err))
		audit_append(db, &ev, &out->err); /* no record of the file, no file */
	snprintf(filename, sizeof(filename), "minutes-%lld.pdf", (long long)j->id);
	job_reply_file(out, path, "application/pdf", filename);
}

enum jc_err orglife_api_minutes(struct request *r)
{
	struct minutes_job *j = xcalloc(1, sizeof(*j));
	j->id = r->ids[0];
	job_caller_of(r, &j->who);
	return req_defer(r, run_minutes, j, free);
}

enum jc_err orglife_api_absences(struct request *r)
{
	json_t *items;
	enum jc_err e = orglife_absences(r->db, r->ids[0], &items, &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:o}", "items", items));
}

struct export_job {
	int64_t org_id;
	struct orglife_period p;
	char period[16];
	struct job_caller who;
};

static void run_export(struct db *db, void *arg, struct job_result *out)
{
	struct export_job *j = arg;
	char path[32], object[48], filename[64];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	snprintf(object, sizeof(object), "org %lld", (long long)j->org_id);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "orglife.compliance.export", object, "ok", j->period };
	if (!orglife_compliance_xlsx(db, j->org_id, &j->p, j->period, path, &out->err))
		audit_append(db, &ev, &out->err);
	snprintf(filename, sizeof(filename), "compliance-%lld-%s.xlsx", (long long)j->org_id, j->period);
	job_reply_file(out, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename);
}

enum jc_err orglife_api_compliance_export(struct request *r)
{
	struct export_job *j = xcalloc(1, sizeof(*j));
	enum jc_err e = query_period(r, j->period, &j->p);
	if (e) {
		free(j);
		return e;
	}
	j->org_id = r->ids[0];
	job_caller_of(r, &j->who);
	return req_defer(r, run_export, j, free);
}

/* --- spot checks --------------------------------------------------------------------------- */

struct inspect_ctx {
	char period[16], seed[72];
	int size;
	int64_t id;
};

static enum jc_err do_inspect(struct request *r, void *ctx)
{
	struct inspect_ctx *c = ctx;
	return orglife_inspection_create(r->db, r->ids[0], c->period, c->seed, c->size, &r->actor, &c->id, &r->err);
}

enum jc_err orglife_api_inspect(struct request *r)
{
	struct inspect_ctx c = { 0 };
	json_t *size = json_object_get(r->body, "size");
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_take_text(r->body, "period", true, c.period, sizeof(c.period), &r->err);
	if (!e)
		e = fields_take_text(r->body, "seed", false, c.seed, sizeof(c.seed), &r->err);
	if (!e && !json_is_integer(size))
		e = jc_fail(&r->err, JC_EINVAL, "size", NULL, "'size' must be a number of meetings from 1 to 500");
	if (e)
		return e;
	c.size = json_integer_value(size) > 500 ? 501 : (int)json_integer_value(size);
	json_t *j;
	if ((e = req_write(r, do_inspect, &c)) || (e = orglife_inspection_json(r->db, c.id, &j, &r->err)))
		return e;
	return req_reply(r, 201, j);
}

enum jc_err orglife_api_draw(struct request *r)
{
	char period[16], seed[72];
	long size;
	struct orglife_period p;
	enum jc_err e = req_query_int(r, "size", 1, 500, 10, &size);
	if (!e && !req_query(r, "period", period, sizeof(period)))
		e = jc_fail(&r->err, JC_EINVAL, "period", NULL, "'period' is required: 2026, 2026-Q1 or 2026-03");
	if (!e && !req_query(r, "seed", seed, sizeof(seed)))
		e = jc_fail(&r->err, JC_EINVAL, "seed", NULL, "'seed' is required: the draw of an inspection is repeated with its seed");
	if (!e)
		e = orglife_period_parse(period, &p, &r->err);
	json_t *sample;
	if (!e)
		e = orglife_draw(r->db, r->ids[0], &p, seed, (int)size, &sample, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:s,s:s,s:i,s:o}", "period", period, "seed", seed, "size", (int)size, "sample", sample));
}

enum jc_err orglife_api_inspection(struct request *r)
{
	json_t *j;
	enum jc_err e = orglife_inspection_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 200, j);
}

struct finding_ctx {
	int64_t meeting_id;
	char severity[16], finding[4096];
};

static enum jc_err do_finding(struct request *r, void *ctx)
{
	struct finding_ctx *f = ctx;
	return orglife_inspection_finding(r->db, r->ids[0], f->meeting_id, f->severity, f->finding, &r->actor, &r->err);
}

enum jc_err orglife_api_finding(struct request *r)
{
	struct finding_ctx *f = xcalloc(1, sizeof(*f));
	json_t *m = json_object_get(r->body, "meeting_id");
	enum jc_err e = req_take_reason(r);
	if (!e && !json_is_integer(m))
		e = jc_fail(&r->err, JC_EINVAL, "meeting_id", NULL, "'meeting_id' must be a meeting of the sample");
	if (!e)
		e = fields_take_text(r->body, "severity", true, f->severity, sizeof(f->severity), &r->err);
	if (!e)
		e = fields_take_text(r->body, "finding", true, f->finding, sizeof(f->finding), &r->err);
	if (!e) {
		f->meeting_id = json_integer_value(m);
		e = req_write(r, do_finding, f);
	}
	free(f);
	json_t *j;
	if (!e)
		e = orglife_inspection_json(r->db, r->ids[0], &j, &r->err);
	return e ? e : req_reply(r, 201, j);
}
