/*
 * dues_export.c - an organisation's yearly income-and-spending statement of Party dues as a
 * workbook (libxlsxwriter), for publishing to its members once a year (§4.2): a summary sheet
 * (opening balance, income, what went up, down and to the Central Committee, spending by use,
 * closing balance), the collections month by month, every spending with its decision, and the
 * money moved to and from the parent and the children. Amounts are in yuan with two decimals.
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "dues/dues.h"

static double yuan(json_t *o, const char *key)
{
	return (double)json_integer_value(json_object_get(o, key)) / 100.0;
}

static const char *text(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void header(lxw_worksheet *ws, lxw_format *bold, const char *const *cols, int n)
{
	for (int k = 0; k < n; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, cols[k], bold);
}

enum jc_err dues_statement_xlsx(struct db *db, int64_t org_id, int year, const char *path, struct jc_error *err)
{
	json_t *st;
	enum jc_err e = dues_statement_json(db, org_id, year, &st, err);
	if (e)
		return e;
	lxw_workbook *book = workbook_new(path);
	if (!book) {
		json_decref(st);
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	}
	lxw_format *bold = workbook_add_format(book), *money = workbook_add_format(book);
	format_set_bold(bold);
	format_set_num_format(money, "#,##0.00");
	json_t *f = json_object_get(st, "flows");

	lxw_worksheet *sum = workbook_add_worksheet(book, "汇总 summary");
	worksheet_set_column(sum, 0, 0, 52, NULL);
	worksheet_set_column(sum, 1, 1, 16, NULL);
	char title[320];
	snprintf(title, sizeof(title), "%s %d 年党费收支情况 dues income and spending", text(st, "org_name"), year);
	worksheet_write_string(sum, 0, 0, title, bold);
	static const struct {
		const char *key, *label;
	} rows[] = {
		{ "opening_fen", "上年结余 opening balance" },
		{ "brought_forward_fen", "接转原账结余 balance taken over from earlier books" },
		{ "collected_fen", "收缴党费 dues collected" },
		{ "voluntary_fen", "自愿多交 voluntary payments" },
		{ "to_centre_fen", "上缴中央（一次1000元以上）forwarded to the Central Committee" },
		{ "received_from_parent_fen", "上级下拨 received from the parent" },
		{ "received_from_children_fen", "下级上缴 received from children" },
		{ "remitted_up_fen", "上缴上级 remitted to the parent" },
		{ "allocated_down_fen", "下拨下级 allocated to children" },
		{ "spent_fen", "使用 spent" },
		{ "closing_fen", "年末结余 closing balance" },
	};
	worksheet_write_string(sum, 1, 0, "项目 item", bold);
	worksheet_write_string(sum, 1, 1, "金额（元）yuan", bold);
	lxw_row_t r = 2;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, r++) {
		worksheet_write_string(sum, r, 0, rows[i].label, NULL);
		worksheet_write_number(sum, r, 1, yuan(f, rows[i].key), money);
	}
	r++;
	worksheet_write_string(sum, r++, 0, "使用情况（按用途）spending by use", bold);
	json_t *by_use = json_object_get(f, "spent_by_use_fen");
	for (size_t i = 0; i < dues_uses.count; i++, r++) {
		char label[320];
		snprintf(label, sizeof(label), "%s %s", dues_uses.codes[i].zh, dues_uses.codes[i].en);
		worksheet_write_string(sum, r, 0, label, NULL);
		worksheet_write_number(sum, r, 1, yuan(by_use, dues_uses.codes[i].key), money);
	}
	r++;
	json_t *mm = json_object_get(json_object_get(st, "members"), "member_months");
	worksheet_write_string(sum, r++, 0, "党员交纳情况（人·月）members' months", bold);
	static const struct {
		const char *key, *label;
	} states[] = { { "paid", "已交 paid" }, { "exempt", "免交 exempt" }, { "partly", "未交足 partly paid" },
		       { "unpaid", "未交 unpaid" }, { "excused", "未交（有正当理由）unpaid with a reason" },
		       { "open", "本月待交 due this month" }, { "no_standard", "未核定 no amount fixed" } };
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++, r++) {
		worksheet_write_string(sum, r, 0, states[i].label, NULL);
		worksheet_write_number(sum, r, 1, (double)json_integer_value(json_object_get(mm, states[i].key)), NULL);
	}

	lxw_worksheet *ms = workbook_add_worksheet(book, "收缴 collections");
	static const char *const mcols[] = { "月份 month", "收缴党费 dues", "其中补交 of which back paid", "自愿多交 voluntary",
					     "上缴中央 to the centre", "笔数 payments" };
	header(ms, bold, mcols, 6);
	worksheet_set_column(ms, 0, 5, 18, NULL);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(st, "months"), i, x) {
		r = (lxw_row_t)i + 1;
		worksheet_write_string(ms, r, 0, text(x, "month"), NULL);
		worksheet_write_number(ms, r, 1, yuan(x, "collected_fen"), money);
		worksheet_write_number(ms, r, 2, yuan(x, "back_paid_fen"), money);
		worksheet_write_number(ms, r, 3, yuan(x, "voluntary_fen"), money);
		worksheet_write_number(ms, r, 4, yuan(x, "to_centre_fen"), money);
		worksheet_write_number(ms, r, 5, (double)json_integer_value(json_object_get(x, "payments")), NULL);
	}

	lxw_worksheet *sp = workbook_add_worksheet(book, "使用 spending");
	static const char *const scols[] = { "日期 day", "用途 use", "金额（元）yuan", "事由 purpose", "决定 decision", "决定日期 decided on" };
	header(sp, bold, scols, 6);
	worksheet_set_column(sp, 1, 1, 30, NULL);
	worksheet_set_column(sp, 3, 4, 36, NULL);
	json_array_foreach(json_object_get(st, "spending"), i, x) {
		r = (lxw_row_t)i + 1;
		char use[320], decision[160];
		snprintf(use, sizeof(use), "%s %s", text(x, "category_zh"), text(x, "category_en"));
		json_t *meeting = json_object_get(x, "meeting_id");
		if (json_is_integer(meeting))
			snprintf(decision, sizeof(decision), "会议 meeting %lld", (long long)json_integer_value(meeting));
		else
			snprintf(decision, sizeof(decision), "%s", text(x, "decision_ref"));
		worksheet_write_string(sp, r, 0, text(x, "spent_on"), NULL);
		worksheet_write_string(sp, r, 1, use, NULL);
		worksheet_write_number(sp, r, 2, yuan(x, "amount_fen"), money);
		worksheet_write_string(sp, r, 3, text(x, "purpose"), NULL);
		worksheet_write_string(sp, r, 4, decision, NULL);
		worksheet_write_string(sp, r, 5, text(x, "decided_on"), NULL);
	}

	lxw_worksheet *tr = workbook_add_worksheet(book, "上缴下拨 transfers");
	static const char *const tcols[] = { "日期 day", "类别 kind", "方向 direction", "对方组织 other organisation", "金额（元）yuan", "用途 earmark" };
	header(tr, bold, tcols, 6);
	worksheet_set_column(tr, 3, 3, 36, NULL);
	json_array_foreach(json_object_get(st, "transfers"), i, x) {
		r = (lxw_row_t)i + 1;
		bool out = !strcmp(text(x, "direction"), "out");
		worksheet_write_string(tr, r, 0, text(x, "on"), NULL);
		worksheet_write_string(tr, r, 1, !strcmp(text(x, "kind"), "remit") ? "上缴 remit" : "下拨 allocate", NULL);
		worksheet_write_string(tr, r, 2, out ? "支出 out" : "收入 in", NULL);
		worksheet_write_string(tr, r, 3, text(x, "other_org_name"), NULL);
		worksheet_write_number(tr, r, 4, yuan(x, "amount_fen"), money);
		worksheet_write_string(tr, r, 5, text(x, "category"), NULL);
	}
	json_decref(st);
	if (workbook_close(book) != LXW_NO_ERROR)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", path);
	return JC_OK;
}
