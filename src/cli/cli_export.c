/*
 * cli_export.c - `jiceng export members ORG`: the members of a subtree as CSV (UTF-8 with a
 * byte-order mark, so Excel reads it) or XLSX (libxlsxwriter, constant-memory mode). Headers are
 * the Chinese labels, which `jiceng import` reads back. Sensitive fields (ID number, phone,
 * address) are masked unless --reveal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/mem.h"
#include "cli/cli.h"
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

int cli_export(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *format = cli_option(&argc, argv, "--format");
	const char *out = cli_option(&argc, argv, "--out");
	bool reveal = cli_flag(&argc, argv, "--reveal");
	if (!format)
		format = "csv";
	if (argc != 3 || strcmp(argv[1], "members") || (strcmp(format, "csv") && strcmp(format, "xlsx"))) {
		fprintf(stderr, "usage: jiceng export members ORG [--format csv|xlsx] [--out FILE] [--reveal]\n");
		return 2;
	}
	struct export x = { 0 };
	x.reveal = reveal;
	buf_init(&x.cell, 0);
	x.db = cli_open(path, false);
	if (!x.db)
		return 1;
	int64_t org = cli_org(x.db, argv[2]);
	char default_out[128];
	if (!out) {
		snprintf(default_out, sizeof(default_out), "members-%s.%s", argv[2], format);
		out = default_out;
	}
	lxw_workbook *book = NULL;
	if (org && !strcmp(format, "xlsx")) {
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
		book = workbook_new_opt(out, &opt);
		x.sheet = book ? workbook_add_worksheet(book, "党员 members") : NULL;
	} else if (org) {
		x.csv = fopen(out, "w");
		if (x.csv)
			fputs("\xEF\xBB\xBF", x.csv);
	}
	int status = 1;
	if (org && (x.csv || x.sheet)) {
		size_t col = 0;
		put(&x, col++, "所在党组织代码");
		put(&x, col++, "所在党小组代码");
		for (size_t i = 0; i < member_desc.count; i++)
			if (exported(&member_desc.fields[i]))
				put(&x, col++, member_desc.fields[i].zh);
		if (x.csv)
			fputc('\n', x.csv);
		x.rows = 1;
		struct jc_error err = { 0 };
		if (member_each(x.db, org, write_member, &x, &err) == JC_OK) {
			status = 0;
		} else {
			cli_print_error(&err);
		}
	} else if (org) {
		fprintf(stderr, "jiceng: cannot write %s\n", out);
	}
	if (book && workbook_close(book) != LXW_NO_ERROR) {
		fprintf(stderr, "jiceng: cannot write %s\n", out);
		status = 1;
	}
	if (x.csv && fclose(x.csv)) {
		perror(out);
		status = 1;
	}
	if (!status)
		printf("jiceng: exported %ld members to %s%s\n", x.rows - 1, out, reveal ? "" : " (sensitive fields masked)");
	buf_release(&x.cell);
	db_close(x.db);
	return status;
}
