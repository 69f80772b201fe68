/*
 * develop_api.c - HTTP handlers of recruitment (routes in src/http/routes.c): open a case with
 * the application, record a step, close a case, read a case with its timeline, list the cases
 * of a subtree, list what is due, the 25 steps themselves, and the person's file as a PDF.
 */
#include "develop/develop_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "db/db.h"
#include "develop/develop.h"
#include "develop/develop_file.h"
#include "http/request.h"
#include "http/worker.h"

/* --- reading the body ---------------------------------------------------------------------- */

static enum jc_err body_text(struct request *r, const char *key, bool required, char *out, size_t cap)
{
	return fields_take_text(r->body, key, required, out, cap, &r->err);
}

static enum jc_err body_date(struct request *r, const char *key, bool required, int *out)
{
	char s[16];
	enum jc_err e = body_text(r, key, required, s, sizeof(s));
	*out = DATE_NONE;
	if (e || !s[0])
		return e;
	if (!date_parse(s, (int)strlen(s), out))
		return jc_fail(&r->err, JC_EINVAL, key, NULL, "'%s' must be a date (YYYY-MM-DD)", key);
	return JC_OK;
}

/* The step fields shared by opening a case and recording a step. */
static enum jc_err read_step(struct request *r, struct develop_step *s, const char *date_key)
{
	memset(s, 0, sizeof(*s));
	enum jc_err e = body_date(r, date_key, true, &s->done_on);
	if (!e)
		e = body_text(r, "actor", true, s->actor, sizeof(s->actor));
	if (!e)
		e = body_text(r, "decision", false, s->decision, sizeof(s->decision));
	s->data = json_object_get(r->body, "data");
	s->documents = json_object_get(r->body, "documents");
	if (!e && s->data && !json_is_object(s->data))
		e = jc_fail(&r->err, JC_EINVAL, "data", NULL, "'data' must be an object");
	if (!e && s->documents) {
		size_t i;
		json_t *d;
		if (!json_is_array(s->documents))
			return jc_fail(&r->err, JC_EINVAL, "documents", NULL, "'documents' must be a list of {title, kind, ref}");
		json_array_foreach(s->documents, i, d) {
			if (!json_is_object(d) || !json_is_string(json_object_get(d, "title")))
				return jc_fail(&r->err, JC_EINVAL, "documents", NULL, "document %zu needs a 'title'", i + 1);
		}
	}
	return e;
}

static enum jc_err reply_case(struct request *r, int status, int64_t id)
{
	struct develop_case c;
	struct develop_history h;
	enum jc_err e = develop_get(r->db, id, &c, &h, &r->err);
	if (e)
		return e;
	json_t *j;
	e = develop_case_json(r->db, &c, &h, &j, &r->err);
	develop_history_free(&h);
	return e ? e : req_reply(r, status, j);
}

/* --- handlers ----------------------------------------------------------------------------- */

struct open_ctx {
	struct develop_case c;
	struct develop_step s;
};

static enum jc_err do_open(struct request *r, void *ctx)
{
	struct open_ctx *o = ctx;
	return develop_open(r->db, &o->c, &o->s, &r->actor, &r->err);
}

enum jc_err develop_api_open(struct request *r)
{
	static const char *const keys[] = { "org_id", "name", "gender", "id_number", "phone", "ethnicity", "education",
					    "occupation", "work_unit", "leaving_unit_on", "applied_on", "actor",
					    "documents", "data", "reason", NULL };
	struct open_ctx o;
	memset(&o, 0, sizeof(o));
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	json_t *org = json_object_get(r->body, "org_id");
	if (!e && !json_is_integer(org))
		e = jc_fail(&r->err, JC_EINVAL, "org_id", NULL, "'org_id' must be an organisation id");
	if (e)
		return e;
	o.c.org_id = json_integer_value(org);
	struct {
		const char *key;
		char *out;
		size_t cap;
		bool required;
	} texts[] = {
		{ "name", o.c.name, sizeof(o.c.name), true },
		{ "gender", o.c.gender, sizeof(o.c.gender), false },
		{ "id_number", o.c.id_number, sizeof(o.c.id_number), true },
		{ "phone", o.c.phone, sizeof(o.c.phone), false },
		{ "ethnicity", o.c.ethnicity, sizeof(o.c.ethnicity), true },
		{ "education", o.c.education, sizeof(o.c.education), true },
		{ "occupation", o.c.occupation, sizeof(o.c.occupation), true },
		{ "work_unit", o.c.work_unit, sizeof(o.c.work_unit), false },
	};
	for (size_t i = 0; !e && i < sizeof(texts) / sizeof(texts[0]); i++)
		e = body_text(r, texts[i].key, texts[i].required, texts[i].out, texts[i].cap);
	if (!e)
		e = body_date(r, "leaving_unit_on", false, &o.c.leaving_unit_on);
	if (!e)
		e = read_step(r, &o.s, "applied_on");
	if (e)
		return e;
	o.s.step = 1;
	if ((e = req_write(r, do_open, &o)))
		return e;
	return reply_case(r, 201, o.c.id);
}

static enum jc_err do_record(struct request *r, void *ctx)
{
	return develop_record(r->db, r->ids[0], ctx, &r->actor, NULL, &r->err);
}

enum jc_err develop_api_record(struct request *r)
{
	static const char *const keys[] = { "step", "done_on", "actor", "decision", "data", "documents", "reason", NULL };
	struct develop_step s;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	json_t *step = json_object_get(r->body, "step");
	if (!e && (!json_is_integer(step) || json_integer_value(step) < 1 || json_integer_value(step) > DEVELOP_STEPS))
		e = jc_fail(&r->err, JC_EINVAL, "step", NULL, "'step' must be a step number from 1 to %d", DEVELOP_STEPS);
	if (!e)
		e = read_step(r, &s, "done_on");
	if (e)
		return e;
	s.step = (int)json_integer_value(step);
	/* Pre-review, approval and conversion approval are the higher committee's decisions: only who
	 * may approve for that committee records them. */
	json_t *approver = s.data ? json_object_get(s.data, "approving_org_id") : NULL;
	if ((s.step == 13 || s.step == 17 || s.step == 24) && json_is_integer(approver) &&
	    (e = req_check_org(r, "develop.approve", json_integer_value(approver)))) {
		snprintf(r->err.field, sizeof(r->err.field), "approving_org_id");
		return e;
	}
	if ((e = req_write(r, do_record, &s)))
		return e;
	return reply_case(r, 201, r->ids[0]);
}

struct close_ctx {
	int on;
	char outcome[24];
};

static enum jc_err do_close(struct request *r, void *ctx)
{
	struct close_ctx *c = ctx;
	return develop_close(r->db, r->ids[0], c->on, c->outcome, &r->actor, &r->err);
}

enum jc_err develop_api_close(struct request *r)
{
	static const char *const keys[] = { "on", "outcome", "reason", NULL };
	struct close_ctx c;
	enum jc_err e = req_take_reason(r);
	if (!e)
		e = fields_only_keys(r->body, keys, &r->err);
	if (!e)
		e = body_date(r, "on", true, &c.on);
	if (!e)
		e = body_text(r, "outcome", true, c.outcome, sizeof(c.outcome));
	if (!e && !r->reason[0])
		e = jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is required: why the case closes");
	if (!e)
		e = req_write(r, do_close, &c);
	return e ? e : reply_case(r, 200, r->ids[0]);
}

enum jc_err develop_api_get(struct request *r)
{
	return reply_case(r, 200, r->ids[0]);
}

enum jc_err develop_api_page(struct request *r)
{
	long limit, after;
	char stage[16];
	enum jc_err e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (!e)
		e = req_query_int(r, "cursor", 0, 0x7fffffffffffffffL, 0, &after);
	if (e)
		return e;
	bool by_stage = req_query(r, "stage", stage, sizeof(stage));
	json_t *items;
	int64_t next;
	if ((e = develop_page(r->db, r->ids[0], by_stage ? stage : NULL, after, (int)limit, &items, &next, &r->err)))
		return e;
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null());
	return req_reply(r, 200, j);
}

enum jc_err develop_api_due(struct request *r)
{
	long within;
	enum jc_err e = req_query_int(r, "within", 0, 366, 30, &within);
	json_t *items;
	if (!e)
		e = develop_due_list(r->db, r->ids[0], (int)within, &items, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:i,s:o}", "within", (int)within, "items", items));
}

enum jc_err develop_api_steps(struct request *r)
{
	json_t *items = json_array();
	for (int i = 0; i < DEVELOP_STEPS; i++) {
		const struct develop_step_def *d = &develop_steps[i];
		json_array_append_new(items, json_pack("{s:i,s:i,s:s,s:s,s:s,s:b,s:b}", "step", d->number, "stage", d->stage,
						       "key", d->key, "zh", d->zh, "en", d->en, "repeatable",
						       (d->flags & STEP_REPEATABLE) != 0, "optional", (d->flags & STEP_OPTIONAL) != 0));
	}
	return req_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* --- the file as PDF, on a worker --------------------------------------------------------- */

struct file_job {
	int64_t id;
	struct job_caller who;
};

static void run_file(struct db *db, void *arg, struct job_result *out)
{
	struct file_job *j = arg;
	char path[32], object[32], filename[64];
	if (job_temp_file(path, sizeof(path), &out->err))
		return;
	snprintf(object, sizeof(object), "develop_case %lld", (long long)j->id);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "develop.file", object, "ok", "pdf" };
	if (!develop_file_pdf(db, j->id, path, &out->err))
		audit_append(db, &ev, &out->err); /* no record of the file, no file */
	snprintf(filename, sizeof(filename), "develop-%lld.pdf", (long long)j->id);
	job_reply_file(out, path, "application/pdf", filename);
}

enum jc_err develop_api_file(struct request *r)
{
	struct file_job *j = xcalloc(1, sizeof(*j));
	j->id = r->ids[0];
	job_caller_of(r, &j->who);
	return req_defer(r, run_file, j, free);
}
