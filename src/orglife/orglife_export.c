/*
 * orglife_export.c - a period's compliance as a workbook (libxlsxwriter), for reports: a sheet
 * of the requirements with how many branches met each, and a sheet with a row per branch or
 * Party group and a column per requirement (met, short by N units, pending, or not required).
 * Rows are written as the judgement streams them (orglife_compliance_each), up to a million.
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "orglife/orglife.h"

static const char *req_label(const char *key)
{
	static const struct { const char *key, *label; } labels[] = {
		{ "members_meeting", "支部党员大会（每季度）members' meeting, quarterly" },
		{ "committee_meeting", "支部委员会（每月）committee meeting, monthly" },
		{ "group_meeting", "党小组会（每月）group meeting, monthly" },
		{ "lecture", "党课 Party lecture" },
		{ "theme_day", "主题党日（每月）theme Party day, monthly" },
		{ "life_meeting", "组织生活会（每年）organisational-life meeting, yearly" },
		{ "appraisal", "民主评议党员（每年）democratic appraisal, yearly" },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].key, key))
			return labels[i].label;
	return key;
}

struct sheet {
	lxw_worksheet *rows;
	lxw_row_t next;
	int applicable[ORGLIFE_NREQ], met[ORGLIFE_NREQ];
};

static enum jc_err write_row(const struct orglife_org_result *o, void *arg, struct jc_error *err)
{
	(void)err;
	struct sheet *sh = arg;
	lxw_row_t r = ++sh->next;
	worksheet_write_string(sh->rows, r, 0, o->code, NULL);
	worksheet_write_string(sh->rows, r, 1, o->name, NULL);
	worksheet_write_string(sh->rows, r, 2, o->type, NULL);
	worksheet_write_string(sh->rows, r, 3, o->met ? "是 yes" : "否 no", NULL);
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		const char *cell = "不要求 not required";
		char buf[64];
		for (int i = 0; i < o->nfindings; i++) {
			const struct orglife_finding *f = &o->findings[i];
			if (f->rq != &orglife_requirements[k])
				continue;
			sh->applicable[k]++;
			sh->met[k] += f->met;
			if (f->j.units_short)
				snprintf(buf, sizeof(buf), "缺 %d 次 short %d", f->j.units_short, f->j.units_short);
			else
				snprintf(buf, sizeof(buf), f->j.pending ? "进行中 pending" : "达标 met");
			cell = buf;
		}
		worksheet_write_string(sh->rows, r, (lxw_col_t)(4 + k), cell, NULL);
	}
	return JC_OK;
}

enum jc_err orglife_compliance_xlsx(struct db *db, int64_t org_id, const struct orglife_period *p, const char *period,
				    const char *path, struct jc_error *err)
{
	/* rows go to a temporary file as they come (constant memory): a province fits */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *book = workbook_new_opt(path, &opt);
	if (!book)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	lxw_worksheet *sum = workbook_add_worksheet(book, "汇总 summary");
	struct sheet sh = { workbook_add_worksheet(book, "组织 organisations"), 0, { 0 }, { 0 } };
	worksheet_set_column(sh.rows, 1, 1, 40, NULL);
	const char *head[] = { "代码 code", "名称 name", "类别 type", "全部达标 all met" };
	for (int k = 0; k < 4; k++)
		worksheet_write_string(sh.rows, 0, (lxw_col_t)k, head[k], bold);
	for (int k = 0; k < ORGLIFE_NREQ; k++)
		worksheet_write_string(sh.rows, 0, (lxw_col_t)(4 + k), req_label(orglife_requirements[k].key), bold);
	enum jc_err e = orglife_compliance_each(db, org_id, p, ORGLIFE_SHEET_MAX, write_row, &sh, err);
	worksheet_set_column(sum, 0, 0, 48, NULL);
	worksheet_write_string(sum, 0, 0, "期间 period", bold);
	worksheet_write_string(sum, 0, 1, period, NULL);
	worksheet_write_string(sum, 1, 0, "要求 requirement", bold);
	worksheet_write_string(sum, 1, 1, "应执行 applicable", bold);
	worksheet_write_string(sum, 1, 2, "达标 met", bold);
	lxw_row_t r = 2;
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		if (!sh.applicable[k])
			continue;
		worksheet_write_string(sum, r, 0, req_label(orglife_requirements[k].key), NULL);
		worksheet_write_number(sum, r, 1, sh.applicable[k], NULL);
		worksheet_write_number(sum, r++, 2, sh.met[k], NULL);
	}
	if (workbook_close(book) != LXW_NO_ERROR && !e)
		e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	return e;
}
