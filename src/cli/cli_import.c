/*
 * cli_import.c - `jiceng import orgs|members FILE`: CSV or XLSX, with the first row naming the
 * columns (field keys or their Chinese labels, e.g. "name" or "姓名"; organisations are named by
 * code in "org_code"/"所在党组织代码", "group_code"/"所在党小组代码" and "parent_code"/"上级组织代码").
 *
 * Every row gets the checks of the API. The import is one transaction: when any row is bad,
 * nothing is imported (unless --skip-bad), and every bad row is written with its line, field, rule
 * and reason, followed by the row itself, to an error file a secretary can open in Excel
 * (UTF-8 CSV with a byte-order mark). Progress is shown on a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "db/db.h"
#include "io/table.h"
#include "member/member.h"
#include "org/org.h"

enum column_kind { COL_FIELD, COL_ORG_CODE, COL_GROUP_CODE, COL_PARENT_CODE };

struct column {
	enum column_kind kind;
	const struct field *field;
};

struct import {
	struct db *db;
	const struct record_desc *desc;
	bool members;
	struct column *cols;
	size_t ncols;
	struct member_bulk *bulk;
	struct actor who;
	FILE *errors;
	const char *errors_path;
	long rows, stored, bad;
	/* the last organisation looked up by code */
	char last_code[40];
	int64_t last_id;
};

static void csv_cell(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void record_bad(struct import *im, const struct table_row *row, const struct jc_error *err)
{
	im->bad++;
	if (!im->errors) {
		im->errors = fopen(im->errors_path, "w");
		if (!im->errors) {
			perror(im->errors_path);
			return;
		}
		fputs("\xEF\xBB\xBF行号 line,字段 field,规则 rule,原因 reason\n", im->errors);
	}
	char reason[512];
	snprintf(reason, sizeof(reason), "%s%s%s%s", err->message, err->article[0] ? " (" : "", err->article,
		 err->article[0] ? ")" : "");
	fprintf(im->errors, "%ld,", row->line);
	csv_cell(im->errors, err->field);
	fputc(',', im->errors);
	csv_cell(im->errors, err->rule);
	fputc(',', im->errors);
	csv_cell(im->errors, reason);
	for (size_t i = 0; i < row->count; i++) {
		fputc(',', im->errors);
		csv_cell(im->errors, row->cells[i]);
	}
	fputc('\n', im->errors);
}

static enum jc_err map_header(struct import *im, const struct table_row *h, struct jc_error *err)
{
	im->ncols = h->count;
	im->cols = xcalloc(h->count ? h->count : 1, sizeof(*im->cols));
	for (size_t i = 0; i < h->count; i++) {
		const char *c = h->cells[i];
		size_t n = h->lens[i];
		struct column *col = &im->cols[i];
		if (im->members && (!strcmp(c, "org_code") || !strcmp(c, "所在党组织代码"))) {
			col->kind = COL_ORG_CODE;
		} else if (im->members && (!strcmp(c, "group_code") || !strcmp(c, "所在党小组代码"))) {
			col->kind = COL_GROUP_CODE;
		} else if (!im->members && (!strcmp(c, "parent_code") || !strcmp(c, "上级组织代码"))) {
			col->kind = COL_PARENT_CODE;
		} else {
			col->field = fields_find_header(im->desc, c, n);
			if (!col->field || (col->field->flags & FF_READONLY))
				return jc_fail(err, JC_EINVAL, c, NULL, "column %zu '%s' is not a field of %s",
					       i + 1, c, im->desc->name);
		}
	}
	return JC_OK;
}

static int64_t org_by_code(struct import *im, const char *code, const char *field, struct jc_error *err)
{
	if (!strcmp(code, im->last_code))
		return im->last_id;
	struct org o;
	struct jc_error tmp = { 0 };
	if (org_get_by_code(im->db, code, &o, &tmp)) {
		jc_fail(err, JC_EINVAL, field, NULL, "no organisation with code '%s'", code);
		return 0;
	}
	snprintf(im->last_code, sizeof(im->last_code), "%s", code);
	im->last_id = o.id;
	return o.id;
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
			int64_t id = org_by_code(im, v, col->kind == COL_ORG_CODE ? "org_code" :
							col->kind == COL_GROUP_CODE ? "group_code" : "parent_code", err);
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
	enum jc_err e = im->members ? member_bulk_add(im->bulk, &rec.m, row->line, err) :
				      org_create(im->db, &rec.o, &im->who, err);
	/* Name the file's columns, not the API's fields, for what the file gives by code. */
	static const struct {
		const char *field, *column;
	} by_code[] = { { "org_id", "org_code" }, { "group_id", "group_code" }, { "parent_id", "parent_code" } };
	for (size_t i = 0; e && err && i < sizeof(by_code) / sizeof(by_code[0]); i++)
		if (!strcmp(err->field, by_code[i].field))
			snprintf(err->field, sizeof(err->field), "%s", by_code[i].column);
	return e;
}

static void progress(struct import *im, bool done, double started)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double secs = ts.tv_sec + ts.tv_nsec / 1e9 - started;
	fprintf(stderr, "\r  %ld rows read, %ld bad (%.0f rows/s)%s", im->rows, im->bad,
		secs > 0 ? im->rows / secs : 0.0, done ? "\n" : "");
}

int cli_import(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	bool skip = cli_flag(&argc, argv, "--skip-bad");
	const char *errors_path = cli_option(&argc, argv, "--errors");
	if (argc != 3 || (strcmp(argv[1], "orgs") && strcmp(argv[1], "members"))) {
		fprintf(stderr, "usage: jiceng import orgs|members FILE [--skip-bad] [--errors FILE]\n");
		return 2;
	}
	const char *file = argv[2];
	char default_errors[600];
	if (!errors_path) {
		snprintf(default_errors, sizeof(default_errors), "%s.errors.csv", file);
		errors_path = default_errors;
	}
	struct import im = { 0 };
	im.members = !strcmp(argv[1], "members");
	im.desc = im.members ? &member_desc : &org_desc;
	im.errors_path = errors_path;
	im.who.name = cli_actor();
	struct jc_error err = { 0 };
	struct table *t = NULL;
	if (table_open(file, TABLE_AUTO, &t, &err)) {
		cli_print_error(&err);
		return 1;
	}
	im.db = cli_open(path, false);
	if (!im.db) {
		table_close(t);
		return 1;
	}
	unlink(errors_path);
	/* A bulk load touches every index page many times: give it a large page cache (256 MB). */
	db_exec(im.db, "PRAGMA cache_size = -262144", NULL);
	bool tty = isatty(STDERR_FILENO);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double started = ts.tv_sec + ts.tv_nsec / 1e9, last = 0;
	int status = 1;
	struct table_row row;
	int r = table_next(t, &row, &err);
	if (r == 0)
		jc_fail(&err, JC_EINVAL, NULL, NULL, "'%s' is empty", file);
	if (r == 1 && map_header(&im, &row, &err) == JC_OK && db_begin(im.db, &err) == JC_OK) {
		int64_t batch = member_batch_begin(im.db, argv[1], file, &im.who, &err);
		im.bulk = member_bulk_new(im.db, &im.who, batch);
		while (batch && (r = table_next(t, &row, &err)) == 1) {
			im.rows++;
			struct jc_error row_err = { 0 };
			enum jc_err e = import_row(&im, &row, &row_err);
			if (e == JC_EINTERNAL || e == JC_EUNAVAIL) { /* the store failed: stop */
				err = row_err;
				r = -1;
				break;
			}
			if (e)
				record_bad(&im, &row, &row_err);
			if (tty && (im.rows & 1023) == 0) {
				clock_gettime(CLOCK_MONOTONIC, &ts);
				double now_s = ts.tv_sec + ts.tv_nsec / 1e9;
				if (now_s - last > 0.25) {
					progress(&im, false, started);
					last = now_s;
				}
			}
		}
		im.stored = im.rows - im.bad;
		if (tty)
			progress(&im, true, started);
		if (r == 0 && batch && (im.bad == 0 || skip)) {
			char detail[128];
			snprintf(detail, sizeof(detail), "batch %lld: %ld rows, %ld stored, %ld bad", (long long)batch,
				 im.rows, im.stored, im.bad);
			struct audit_event ev = { im.who.name, "operator", "cli", "import", file, "ok", detail };
			if (member_batch_end(im.db, batch, im.rows, im.stored, im.bad, &err) == JC_OK &&
			    audit_append(im.db, &ev, &err) == JC_OK &&
			    member_bulk_finish(im.bulk, &err) == JC_OK &&
			    db_commit(im.db, &err) == JC_OK) {
				clock_gettime(CLOCK_MONOTONIC, &ts);
				double secs = ts.tv_sec + ts.tv_nsec / 1e9 - started;
				printf("jiceng: imported %ld %s from %s in %.2f s (%.0f rows/s)", im.stored, argv[1],
				       file, secs, secs > 0 ? im.stored / secs : 0.0);
				if (im.bad)
					printf("; skipped %ld bad rows, listed in %s", im.bad, errors_path);
				printf("\n");
				status = 0;
			}
		} else {
			db_rollback(im.db);
			if (r == 0 && im.bad)
				fprintf(stderr, "jiceng: %ld of %ld rows are bad; nothing was imported. "
						"Every bad row is listed in %s (or use --skip-bad)\n",
					im.bad, im.rows, errors_path);
		}
		member_bulk_free(im.bulk);
	}
	if (status && err.code)
		cli_print_error(&err);
	if (im.errors)
		fclose(im.errors);
	free(im.cols);
	table_close(t);
	db_close(im.db);
	return status;
}
