/*
 * orglife_export.c - a period's compliance as a workbook (libxlsxwriter), for reports: a sheet
 * of the requirements with how many branches met each, and a sheet with a row per branch or
 * Party group and a column per requirement (met, short by N units, pending, or not required).
 * Made from the same JSON the API answers.
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

enum jc_err orglife_compliance_xlsx(struct db *db, int64_t org_id, const struct orglife_period *p, const char *period,
				    const char *path, struct jc_error *err)
{
	json_t *c;
	enum jc_err e = orglife_compliance(db, org_id, p, &c, err);
	if (e)
		return e;
	lxw_workbook *book = workbook_new(path);
	if (!book) {
		json_decref(c);
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	}
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	lxw_worksheet *sum = workbook_add_worksheet(book, "汇总 summary");
	worksheet_set_column(sum, 0, 0, 48, NULL);
	worksheet_write_string(sum, 0, 0, "期间 period", bold);
	worksheet_write_string(sum, 0, 1, period, NULL);
	worksheet_write_string(sum, 1, 0, "要求 requirement", bold);
	worksheet_write_string(sum, 1, 1, "应执行 applicable", bold);
	worksheet_write_string(sum, 1, 2, "达标 met", bold);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(c, "summary"), i, x) {
		worksheet_write_string(sum, (lxw_row_t)(i + 2), 0, req_label(json_string_value(json_object_get(x, "requirement"))), NULL);
		worksheet_write_number(sum, (lxw_row_t)(i + 2), 1, (double)json_integer_value(json_object_get(x, "applicable")), NULL);
		worksheet_write_number(sum, (lxw_row_t)(i + 2), 2, (double)json_integer_value(json_object_get(x, "met")), NULL);
	}
	static const char *const keys[] = { "members_meeting", "committee_meeting", "group_meeting", "lecture", "theme_day",
					     "life_meeting", "appraisal" };
	lxw_worksheet *rows = workbook_add_worksheet(book, "组织 organisations");
	worksheet_set_column(rows, 1, 1, 40, NULL);
	const char *head[] = { "代码 code", "名称 name", "类别 type", "全部达标 all met" };
	for (int k = 0; k < 4; k++)
		worksheet_write_string(rows, 0, (lxw_col_t)k, head[k], bold);
	for (int k = 0; k < 7; k++)
		worksheet_write_string(rows, 0, (lxw_col_t)(4 + k), req_label(keys[k]), bold);
	json_array_foreach(json_object_get(c, "items"), i, x) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		worksheet_write_string(rows, r, 0, json_string_value(json_object_get(x, "code")), NULL);
		worksheet_write_string(rows, r, 1, json_string_value(json_object_get(x, "name")), NULL);
		worksheet_write_string(rows, r, 2, json_string_value(json_object_get(x, "type")), NULL);
		worksheet_write_string(rows, r, 3, json_is_true(json_object_get(x, "met")) ? "是 yes" : "否 no", NULL);
		for (int k = 0; k < 7; k++) {
			const char *cell = "不要求 not required";
			char buf[64];
			size_t f;
			json_t *y;
			json_array_foreach(json_object_get(x, "findings"), f, y) {
				if (strcmp(json_string_value(json_object_get(y, "requirement")), keys[k]))
					continue;
				long long shortn = json_integer_value(json_object_get(y, "units_short"));
				if (shortn)
					snprintf(buf, sizeof(buf), "缺 %lld 次 short %lld", shortn, shortn);
				else if (json_integer_value(json_object_get(y, "pending")))
					snprintf(buf, sizeof(buf), "进行中 pending");
				else
					snprintf(buf, sizeof(buf), "达标 met");
				cell = buf;
			}
			worksheet_write_string(rows, r, (lxw_col_t)(4 + k), cell, NULL);
		}
	}
	json_decref(c);
	if (workbook_close(book) != LXW_NO_ERROR)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	return JC_OK;
}
