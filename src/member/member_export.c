/*
 * member_export.c - the members of a subtree as a file: CSV (UTF-8 with a byte-order mark, so
 * Excel reads it) or XLSX (libxlsxwriter, constant-memory mode). Headers are the Chinese labels,
 * which the importer reads back; organisations are named by code. Sensitive fields (ID number,
 * phone, address) are masked unless reveal. Used by `jiceng export` and by the API's download,
 * which runs it on a worker thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/mem.h"
#include "db/db.h"
#include "member/member.h"
#include "org/org.h"

struct export {
	struct db *db;
	bool reveal;
	FILE *csv;
	lxw_worksheet *sheet;
	long rows;
	int64_t last_org;
	char last_code[40];
	struct buf cell;
};

static const char *org_code(struct export *x, int64_t id)
{
	if (id != x->last_org) {
		struct org o;
		x->last_org = id;
		snprintf(x->last_code, sizeof(x->last_code), "%s", org_get(x->db, id, &o, NULL) ? "" : o.code);
	}
	return x->last_code;
}

static void put(struct export *x, size_t col, const char *s)
{
	if (x->sheet) {
		worksheet_write_string(x->sheet, (lxw_row_t)x->rows, (lxw_col_t)col, s, NULL);
		return;
	}
	if (col)
		fputc(',', x->csv);
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', x->csv);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', x->csv);
			fputc(*s, x->csv);
		}
		fputc('"', x->csv);
	} else {
		fputs(s, x->csv);
	}
}

static bool exported(const struct field *f)
{
	return !(f->flags & (FF_READONLY | FF_NOEXPORT)) && strcmp(f->key, "org_id") && strcmp(f->key, "group_id");
}

static int write_member(const struct member *m, void *ctx)
{
	struct export *x = ctx;
	size_t col = 0;
	put(x, col++, org_code(x, m->org_id));
	char group[40] = "";
	if (m->group_id) {
		struct org g;
		if (!org_get(x->db, m->group_id, &g, NULL))
			snprintf(group, sizeof(group), "%s", g.code);
	}
	put(x, col++, group);
	for (size_t i = 0; i < member_desc.count; i++) {
		const struct field *f = &member_desc.fields[i];
		if (!exported(f))
			continue;
		buf_reset(&x->cell);
		fields_format(f, m, &x->cell);
		if ((f->flags & FF_SENSITIVE) && !x->reveal && x->cell.len) {
			char masked[256];
			fields_mask(x->cell.data, masked, sizeof(masked));
			put(x, col++, masked);
		} else {
			put(x, col++, x->cell.data);
		}
	}
	if (x->csv)
		fputc('\n', x->csv);
	x->rows++;
	return 0;
}

enum jc_err member_export(struct db *db, int64_t org_id, enum member_export_format format, bool reveal,
			  const char *path, long *rows, struct jc_error *err)
{
	struct export x = { 0 };
	x.db = db;
	x.reveal = reveal;
	buf_init(&x.cell, 0);
	lxw_workbook *book = NULL;
	if (format == EXPORT_XLSX) {
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
		book = workbook_new_opt(path, &opt);
		x.sheet = book ? workbook_add_worksheet(book, "党员 members") : NULL;
	} else {
		x.csv = fopen(path, "w");
		if (x.csv)
			fputs("\xEF\xBB\xBF", x.csv);
	}
	enum jc_err e = JC_OK;
	if (!x.csv && !x.sheet) {
		e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	} else {
		size_t col = 0;
		put(&x, col++, "所在党组织代码");
		put(&x, col++, "所在党小组代码");
		for (size_t i = 0; i < member_desc.count; i++)
			if (exported(&member_desc.fields[i]))
				put(&x, col++, member_desc.fields[i].zh);
		if (x.csv)
			fputc('\n', x.csv);
		x.rows = 1;
		e = member_each(db, org_id, reveal, write_member, &x, err);
	}
	if (book && workbook_close(book) != LXW_NO_ERROR && !e)
		e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	if (x.csv && fclose(x.csv) && !e)
		e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	if (rows)
		*rows = x.rows - 1;
	buf_release(&x.cell);
	return e;
}
