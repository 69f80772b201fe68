/*
 * import_api.c - POST /api/v1/orgs/{id}/imports: the request body is the file (CSV or XLSX,
 * told apart by its content), imported into the subtree of {id} by the engine of import.h on a
 * worker thread, from memory. The answer sums up the import and lists its bad rows (at most
 * IMPORT_API_MAX_ERRORS) with the file's header; a commit refused for bad rows is 422 with the
 * same summary beside the error. GET /api/v1/imports/progress reads the counters of an import
 * the same account started with a progress token.
 */
#include "import/import_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "history/history.h"
#include "http/request.h"
#include "http/worker.h"
#include "import/import.h"
#include "io/table.h"
#include "org/org.h"

#define IMPORT_API_MAX_ERRORS 10000

struct import_job {
	char *data; /* the file, copied from the request */
	size_t len;
	enum import_mode mode;
	bool skip_bad;
	char scope[256], code[40], filename[128];
	struct job_caller who;
	struct import_ticket *ticket; /* NULL without a progress token */
};

static void free_job(void *arg)
{
	struct import_job *j = arg;
	import_ticket_close(j->ticket);
	free(j->data);
	free(j);
}

/* A JSON string of s; a message cut inside a UTF-8 sequence loses the partial character. */
static json_t *text_json(const char *s)
{
	size_t n = strlen(s);
	json_t *j = json_stringn(s, n);
	for (int cut = 1; !j && cut <= 3 && (size_t)cut <= n; cut++)
		j = json_stringn(s, n - (size_t)cut);
	return j ? j : json_string("?");
}

static json_t *cells_json(const struct table_row *row)
{
	json_t *a = json_array();
	for (size_t i = 0; i < row->count; i++)
		json_array_append_new(a, text_json(row->cells[i]));
	return a;
}

/* The sink: the header and the first bad rows, as JSON. */
struct summary {
	json_t *columns, *errors;
};

static void on_header(void *ctx, const struct table_row *row)
{
	struct summary *s = ctx;
	json_decref(s->columns);
	s->columns = cells_json(row);
}

static void on_bad(void *ctx, const struct table_row *row, const struct jc_error *why)
{
	struct summary *s = ctx;
	if (json_array_size(s->errors) >= IMPORT_API_MAX_ERRORS)
		return;
	json_t *e = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "line", (json_int_t)row->line, "field",
			      text_json(why->field), "rule", text_json(why->rule), "article", text_json(why->article),
			      "message", text_json(why->message), "cells", cells_json(row));
	json_array_append_new(s->errors, e);
}

/* The answer's body: the summary, and the error beside it when there is one. */
static json_t *summary_json(const struct import_job *j, const struct import_result *res, struct summary *s,
			    const struct jc_error *err)
{
	json_t *body = json_pack("{s:s,s:b,s:I,s:I,s:I,s:o,s:o,s:b,s:o}", "mode",
				 j->mode == IMPORT_COMMIT ? "commit" : "preview", "committed", res->committed, "rows",
				 (json_int_t)res->rows, "stored", (json_int_t)res->stored, "bad", (json_int_t)res->bad,
				 "batch_id", res->batch_id ? json_integer(res->batch_id) : json_null(), "errors",
				 s->errors, "errors_truncated", res->bad > IMPORT_API_MAX_ERRORS, "columns",
				 s->columns ? s->columns : json_array());
	if (err)
		json_object_set_new(body, "error", req_error_json(err));
	return body;
}

static void run_import(struct db *db, void *arg, struct job_result *out)
{
	struct import_job *j = arg;
	struct table *t = NULL;
	if (table_open_mem(j->data, j->len, TABLE_AUTO, &t, &out->err))
		return;
	char object[200];
	snprintf(object, sizeof(object), "org %s: %s", j->code, j->filename);
	struct actor who = { j->who.login, NULL };
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "member.import", object, "ok", "" };
	struct summary s = { NULL, json_array() };
	struct import_sink sink = { &s, on_header, on_bad, NULL };
	struct import_options o = { IMPORT_MEMBERS, j->mode, j->skip_bad, j->scope, j->filename, &who, &ev,
				    j->ticket ? import_ticket_progress(j->ticket) : NULL, &sink };
	struct import_result res;
	struct jc_error err = { 0 };
	enum jc_err e = import_run(db, t, &o, &res, &err);
	table_close(t);
	if (e && j->mode == IMPORT_COMMIT) { /* a refused import is on the record too */
		char detail[128];
		snprintf(detail, sizeof(detail), "%ld rows, %ld bad: %s", res.rows, res.bad, jc_err_name(e));
		struct audit_event refused = { j->who.login, j->who.roles, j->who.address, "member.import", object, "refused", detail };
		audit_append(db, &refused, NULL);
	}
	if (e && !(e == JC_ERULE && res.bad)) {
		jc_error_pass(&out->err, &err);
		json_decref(s.errors);
		json_decref(s.columns);
		return;
	}
	json_t *body = summary_json(j, &res, &s, e ? &err : NULL);
	out->status = e ? 422 : 200;
	out->content_type = "application/json; charset=utf-8";
	out->body = json_dumps(body, JSON_COMPACT);
	out->len = strlen(out->body);
	json_decref(body);
}

enum jc_err import_api_start(struct request *r)
{
	char kind[16], mode[16], token[80] = "";
	long skip;
	enum jc_err e = req_query_int(r, "skip_bad", 0, 1, 0, &skip);
	if (e)
		return e;
	if (!req_query(r, "kind", kind, sizeof(kind)) || strcmp(kind, "members"))
		return jc_fail(&r->err, JC_EINVAL, "kind", NULL,
			       "'kind' must be members (organisations are imported with `jiceng import orgs`)");
	if (!req_query(r, "mode", mode, sizeof(mode)))
		snprintf(mode, sizeof(mode), "preview");
	if (strcmp(mode, "preview") && strcmp(mode, "commit"))
		return jc_fail(&r->err, JC_EINVAL, "mode", NULL, "'mode' must be preview or commit");
	if (req_query(r, "progress", token, sizeof(token)) && !import_token_valid(token))
		return jc_fail(&r->err, JC_EINVAL, "progress", NULL,
			       "'progress' must be 8 to 64 letters, digits, '_' or '-'");
	if (!r->file)
		return jc_fail(&r->err, JC_EINVAL, NULL, NULL, "the file is required as the body");
	struct org o;
	if ((e = org_get(r->db, r->ids[0], &o, &r->err)))
		return e;
	struct import_ticket *ticket = NULL;
	if (token[0] && !(ticket = import_ticket_open(r->principal.account_id, token, &r->err)))
		return r->err.code;
	struct import_job *j = xcalloc(1, sizeof(*j));
	j->ticket = ticket;
	j->data = xmalloc(r->file_len ? r->file_len : 1);
	memcpy(j->data, r->file, r->file_len);
	j->len = r->file_len;
	j->mode = strcmp(mode, "commit") ? IMPORT_PREVIEW : IMPORT_COMMIT;
	j->skip_bad = skip;
	snprintf(j->scope, sizeof(j->scope), "%s", o.path);
	snprintf(j->code, sizeof(j->code), "%s", o.code);
	if (!req_query(r, "filename", j->filename, sizeof(j->filename)))
		snprintf(j->filename, sizeof(j->filename), "upload");
	for (char *c = j->filename; *c; c++) /* it goes into the batch record and the audit trail */
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	job_caller_of(r, &j->who);
	return req_defer(r, run_import, j, free_job);
}

enum jc_err import_api_progress(struct request *r)
{
	char token[80];
	if (!req_query(r, "token", token, sizeof(token)) || !import_token_valid(token))
		return jc_fail(&r->err, JC_EINVAL, "token", NULL, "'token' must be 8 to 64 letters, digits, '_' or '-'");
	long rows, bad;
	bool done;
	if (!import_ticket_read(r->principal.account_id, token, &rows, &bad, &done))
		return jc_fail(&r->err, JC_ENOTFOUND, "token", NULL, "no import with this token");
	return req_reply(r, 200, json_pack("{s:s,s:I,s:I,s:b}", "token", token, "rows", (json_int_t)rows, "bad",
					   (json_int_t)bad, "done", done));
}
