/*
 * stats_export.c - the statistics of a subtree as a workbook (libxlsxwriter): a first sheet
 * naming the organisation, its code and the reference date, then one sheet per table (or the
 * one table asked for) of the
 * report (stats_tables), each with a header row and its rows labelled in Chinese, English beside.
 * Used by GET /api/v1/orgs/{id}/stats/export, on a worker thread.
 */
#include <stdio.h>

#include <string.h>

#include <xlsxwriter.h>

#include "base/date.h"
#include "member/member.h"
#include "stats/stats.h"

/* One row of label, label, then the cells (strings, or numbers when text is NULL). */
static void put_row(lxw_worksheet *ws, lxw_row_t r, const char *zh, const char *en, const char *text,
		    const int64_t *n, int count, lxw_format *fmt)
{
	worksheet_write_string(ws, r, 0, zh, fmt);
	worksheet_write_string(ws, r, 1, en, fmt);
	if (text)
		worksheet_write_string(ws, r, 2, text, fmt);
	for (int i = 0; !text && i < count; i++)
		worksheet_write_number(ws, r, (lxw_col_t)(2 + i), (double)n[i], fmt);
}

static void about_sheet(lxw_workbook *book, lxw_format *bold, const struct stats_vec *v, int ref_year,
			const char *org_name, const char *org_code)
{
	lxw_worksheet *ws = workbook_add_worksheet(book, "组织 organisation");
	worksheet_set_column(ws, 0, 1, 20, NULL);
	worksheet_set_column(ws, 2, 2, 40, NULL);
	char ref[16], now[21];
	snprintf(ref, sizeof(ref), "%04d-12-31", ref_year);
	clock_format(clock_now(), now);
	put_row(ws, 0, "项目", "item", "内容 value", NULL, 0, bold);
	put_row(ws, 1, "党组织", "organisation", org_name, NULL, 0, NULL);
	put_row(ws, 2, "组织代码", "code", org_code, NULL, 0, NULL);
	put_row(ws, 3, "统计截止日期", "reference date", ref, NULL, 0, NULL);
	put_row(ws, 4, "党员人数", "members", NULL, &v->n[S_MEMBERS], 1, NULL);
	put_row(ws, 5, "生成时间（UTC）", "generated at (UTC)", now, NULL, 0, NULL);
}

static void table_sheet(lxw_workbook *book, lxw_format *bold, const struct stats_table *t)
{
	char name[64];
	snprintf(name, sizeof(name), "%s %s%s", t->zh, t->group ? "orgs_" : "", t->key);
	lxw_worksheet *ws = workbook_add_worksheet(book, name);
	worksheet_set_column(ws, 0, 1, 28, NULL);
	worksheet_set_column(ws, 2, 3, 12, NULL);
	worksheet_write_string(ws, 0, 0, t->zh, bold);
	worksheet_write_string(ws, 0, 1, t->en, bold);
	if (t->two_columns) {
		for (int g = 0; g < 2; g++) {
			char head[32];
			snprintf(head, sizeof(head), "%s %s", member_genders.codes[g].zh, member_genders.codes[g].en);
			worksheet_write_string(ws, 0, (lxw_col_t)(2 + g), head, bold);
		}
	} else {
		worksheet_write_string(ws, 0, 2, t->group ? "个数 count" : "人数 count", bold);
	}
	for (size_t i = 0; i < t->count; i++)
		put_row(ws, (lxw_row_t)(i + 1), t->rows[i].zh, t->rows[i].en, NULL, t->rows[i].n,
			t->two_columns ? 2 : 1, NULL);
}

bool stats_table_known(const char *key)
{
	static struct stats_vec empty;
	struct stats_table tables[STATS_TABLES];
	size_t n = stats_tables(&empty, 2000, tables);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tables[i].key, key))
			return true;
	return false;
}

enum jc_err stats_export_xlsx(const struct stats_vec *v, int ref_year, const char *org_name, const char *org_code,
			      const char *only, const char *path, struct jc_error *err)
{
	lxw_workbook *book = workbook_new(path);
	if (!book)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	about_sheet(book, bold, v, ref_year, org_name, org_code);
	struct stats_table tables[STATS_TABLES];
	size_t n = stats_tables(v, ref_year, tables);
	for (size_t i = 0; i < n; i++)
		if (!only || !strcmp(tables[i].key, only))
			table_sheet(book, bold, &tables[i]);
	if (workbook_close(book) != LXW_NO_ERROR)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	return JC_OK;
}
