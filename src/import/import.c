/*
 * import.c - the import engine (see import.h): the header mapped to fields once, then each row
 * decoded into a record, its organisations looked up by code (and checked against the scope),
 * and stored through the same checks as the API, inside one transaction that is committed or
 * rolled back at the end.
 */
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "db/db.h"
#include "io/table.h"
#include "member/member.h"
#include "org/org.h"

enum column_kind { COL_FIELD, COL_ORG_CODE, COL_GROUP_CODE, COL_PARENT_CODE };

static const char *const column_names[] = { [COL_ORG_CODE] = "org_code", [COL_GROUP_CODE] = "group_code",
					    [COL_PARENT_CODE] = "parent_code" };

struct column {
	enum column_kind kind;
	const struct field *field;
};

struct import {
	struct db *db;
	const struct import_options *o;
	const struct record_desc *desc;
	bool members;
	struct column *cols;
	size_t ncols;
	struct member_bulk *bulk;
	struct import_result *res;
	/* the last organisation looked up by code */
	char last_code[40];
	int64_t last_id; /* 0: absent, or outside the scope */
};

bool import_kind_parse(const char *s, enum import_kind *kind)
{
	if (s && !strcmp(s, "members"))
		*kind = IMPORT_MEMBERS;
	else if (s && !strcmp(s, "orgs"))
		*kind = IMPORT_ORGS;
	else
		return false;
	return true;
}

const char *import_kind_name(enum import_kind kind)
{
	return kind == IMPORT_MEMBERS ? "members" : "orgs";
}

static enum jc_err map_header(struct import *im, const struct table_row *h, struct jc_error *err)
{
	im->ncols = h->count;
	im->cols = xcalloc(h->count ? h->count : 1, sizeof(*im->cols));
	for (size_t i = 0; i < h->count; i++) {
		const char *c = h->cells[i];
		struct column *col = &im->cols[i];
		if (im->members && (!strcmp(c, "org_code") || !strcmp(c, "所在党组织代码"))) {
			col->kind = COL_ORG_CODE;
		} else if (im->members && (!strcmp(c, "group_code") || !strcmp(c, "所在党小组代码"))) {
			col->kind = COL_GROUP_CODE;
		} else if (!im->members && (!strcmp(c, "parent_code") || !strcmp(c, "上级组织代码"))) {
			col->kind = COL_PARENT_CODE;
		} else {
			col->field = fields_find_header(im->desc, c, h->lens[i]);
			if (!col->field || (col->field->flags & FF_READONLY))
				return jc_fail(err, JC_EINVAL, c, NULL, "column %zu '%s' is not a field of %s",
					       i + 1, c, im->desc->name);
		}
	}
	return JC_OK;
}

/* The id of the organisation with code, or 0 after filling err (absent, or outside the scope). */
static int64_t org_by_code(struct import *im, const char *code, const char *column, struct jc_error *err)
{
	if (strcmp(code, im->last_code)) {
		struct org o;
		bool found = org_get_by_code(im->db, code, &o, NULL) == JC_OK;
		snprintf(im->last_code, sizeof(im->last_code), "%s", code);
		im->last_id = found && (!im->o->scope || !strncmp(o.path, im->o->scope, strlen(im->o->scope))) ? o.id : 0;
	}
	if (!im->last_id && im->o->scope)
		jc_fail(err, JC_EINVAL, column, NULL, "organisation '%s' is unknown or outside the subtree of this import",
			code);
	else if (!im->last_id)
		jc_fail(err, JC_EINVAL, column, NULL, "no organisation with code '%s'", code);
	return im->last_id;
}

static enum jc_err import_row(struct import *im, const struct table_row *row, struct jc_error *err)
{
	union {
		struct member m;
		struct org o;
	} rec;
	fields_clear(im->desc, &rec);
	for (size_t i = 0; i < row->count; i++) {
		if (i >= im->ncols) {
			if (row->lens[i])
				return jc_fail(err, JC_EINVAL, NULL, NULL, "cell %zu has no column header", i + 1);
			continue;
		}
		const struct column *col = &im->cols[i];
		const char *v = row->cells[i];
		enum jc_err e = JC_OK;
		if (col->kind == COL_FIELD) {
			e = fields_set_text(col->field, &rec, v, row->lens[i], err);
		} else if (row->lens[i]) {
			int64_t id = org_by_code(im, v, column_names[col->kind], err);
			if (!id)
				return JC_EINVAL;
			if (col->kind == COL_ORG_CODE)
				rec.m.org_id = id;
			else if (col->kind == COL_GROUP_CODE)
				rec.m.group_id = id;
			else
				rec.o.parent_id = id;
		}
		if (e)
			return e;
	}
	if (!im->members && !rec.o.parent_id && im->o->scope)
		return jc_fail(err, JC_EINVAL, "parent_code", NULL,
			       "'parent_code' is required: a new root lies outside the subtree of this import");
	enum jc_err e = im->members ? member_bulk_add(im->bulk, &rec.m, row->line, err) :
				      org_create(im->db, &rec.o, im->o->who, err);
	/* Name the file's columns, not the API's fields, for what the file gives by code. */
	static const struct {
		const char *field, *column;
	} by_code[] = { { "org_id", "org_code" }, { "group_id", "group_code" }, { "parent_id", "parent_code" } };
	for (size_t i = 0; e && err && i < sizeof(by_code) / sizeof(by_code[0]); i++)
		if (!strcmp(err->field, by_code[i].field))
			snprintf(err->field, sizeof(err->field), "%s", by_code[i].column);
	return e;
}

/* Reads the data rows; returns 0 at the end of the file, -1 when it or the store failed. */
static int read_rows(struct import *im, struct table *t, struct jc_error *err)
{
	const struct import_sink *sink = im->o->sink;
	struct import_result *res = im->res;
	struct table_row row;
	int r;
	while ((r = table_next(t, &row, err)) == 1) {
		res->rows++;
		struct jc_error row_err = { 0 };
		enum jc_err e = import_row(im, &row, &row_err);
		if (e == JC_EINTERNAL || e == JC_EUNAVAIL) { /* the store failed: stop */
			jc_error_pass(err, &row_err);
			r = -1;
			break;
		}
		if (e) {
			res->bad++;
			if (sink && sink->bad)
				sink->bad(sink->ctx, &row, &row_err);
		}
		if (im->o->progress) {
			atomic_store_explicit(&im->o->progress->rows, res->rows, memory_order_relaxed);
			atomic_store_explicit(&im->o->progress->bad, res->bad, memory_order_relaxed);
		}
		if (sink && sink->progress && (res->rows & 1023) == 0)
			sink->progress(sink->ctx, res->rows, res->bad, false);
	}
	if (sink && sink->progress)
		sink->progress(sink->ctx, res->rows, res->bad, true);
	return r;
}

/* Stores what was read: the batch's counts, the audit record, the statistics; then commits. */
static enum jc_err commit(struct import *im, int64_t batch, struct jc_error *err)
{
	struct import_result *res = im->res;
	enum jc_err e = member_batch_end(im->db, batch, res->rows, res->stored, res->bad, err);
	if (!e && im->o->audit) {
		char detail[128];
		snprintf(detail, sizeof(detail), "batch %lld: %ld rows, %ld stored, %ld bad", (long long)batch,
			 res->rows, res->stored, res->bad);
		struct audit_event ev = *im->o->audit;
		ev.detail = detail;
		e = audit_append(im->db, &ev, err);
	}
	if (!e)
		e = member_bulk_finish(im->bulk, err);
	if (!e)
		e = db_commit(im->db, err);
	if (e)
		db_rollback(im->db);
	return e;
}

enum jc_err import_run(struct db *db, struct table *t, const struct import_options *o,
		       struct import_result *out, struct jc_error *err)
{
	memset(out, 0, sizeof(*out));
	struct import im = { 0 };
	im.db = db;
	im.o = o;
	im.res = out;
	im.members = o->kind == IMPORT_MEMBERS;
	im.desc = im.members ? &member_desc : &org_desc;
	struct table_row head;
	int r = table_next(t, &head, err);
	if (r < 0)
		return err ? err->code : JC_EINVAL;
	if (r == 0)
		return jc_fail(err, JC_EINVAL, NULL, NULL, "'%s' is empty", o->source);
	enum jc_err e = map_header(&im, &head, err);
	if (!e && o->sink && o->sink->header)
		o->sink->header(o->sink->ctx, &head);
	if (!e)
		e = db_begin(db, err);
	if (e) {
		free(im.cols);
		return e;
	}
	int64_t batch = member_batch_begin(db, import_kind_name(o->kind), o->source, o->who, err);
	if (!batch) {
		e = err ? err->code : JC_EINTERNAL;
	} else {
		e = member_bulk_new(db, o->who, batch, &im.bulk, err);
		if (!e && read_rows(&im, t, err) < 0)
			e = err && err->code ? err->code : JC_EINVAL;
	}
	out->stored = out->rows - out->bad;
	if (!e && o->mode == IMPORT_COMMIT && (out->bad == 0 || o->skip_bad)) {
		e = commit(&im, batch, err);
		out->committed = !e;
		out->batch_id = e ? 0 : batch;
	} else {
		db_rollback(db);
		if (!e && o->mode == IMPORT_COMMIT)
			e = jc_fail(err, JC_ERULE, NULL, NULL, "%ld of %ld rows are bad; nothing was imported",
				    out->bad, out->rows);
	}
	if (o->mode == IMPORT_COMMIT && !out->committed)
		out->stored = 0;
	member_bulk_free(im.bulk);
	free(im.cols);
	return e;
}
