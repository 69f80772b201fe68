/*
 * orglife_minutes.c - the minutes of a meeting as a printable PDF (src/pdf), the record a branch
 * files: kinds, date, place, chair, recorder, attendance (on leave with reasons), agenda,
 * minutes, resolutions with their votes, and lines for signatures. Made from the same JSON the
 * API answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "orglife/orglife.h"
#include "orglife/orglife_review.h"
#include "pdf/pdf.h"

static const char *text(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

enum jc_err orglife_minutes_pdf(struct db *db, int64_t id, const char *path, struct jc_error *err)
{
	json_t *m;
	enum jc_err e = orglife_get_json(db, id, &m, err);
	if (e)
		return e;
	struct buf kinds = BUF_INIT;
	buf_init(&kinds, 64);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(m, "kinds"), i, x) {
		const char *k = json_string_value(x);
		int c = code_find(&orglife_kinds, k, strlen(k), 0);
		buf_addf(&kinds, "%s%s", i ? "、" : "", c >= 0 ? orglife_kinds.codes[c].zh : k);
	}
	buf_add(&kinds, "", 1);
	char subtitle[320], counts[128];
	snprintf(subtitle, sizeof(subtitle), "%s · %s · %s", text(m, "org_name"), kinds.data, text(m, "held_on"));
	snprintf(counts, sizeof(counts), "应到 %lld 人，实到 %lld 人%s", (long long)json_integer_value(json_object_get(m, "expected")),
		 (long long)json_integer_value(json_object_get(m, "present")),
		 json_is_true(json_object_get(m, "valid_for_decisions")) ? "" : "（不足法定人数，所作决定无效 not valid for decisions）");
	struct pdf_doc *d = pdf_new("会议记录 Minutes", subtitle);
	const char *labels[] = { "会议类型 kind", "时间 date", "地点 place", "主持人 chair", "记录人 recorder", "出席 attendance" };
	const char *values[] = { kinds.data, text(m, "held_on"), text(m, "place"), text(m, "chair"), text(m, "recorder"), counts };
	pdf_fields(d, labels, values, 6);

	json_t *att = json_object_get(m, "attendance");
	if (json_array_size(att)) {
		pdf_heading(d, "出席情况 Attendance");
		size_t n = json_array_size(att);
		const char **cells = xcalloc(n * 3, sizeof(*cells));
		json_array_foreach(att, i, x) {
			const char *st = text(x, "status");
			cells[3 * i] = text(x, "name");
			cells[3 * i + 1] = !strcmp(st, "present") ? "出席" : !strcmp(st, "leave") ? "请假" : "缺席";
			cells[3 * i + 2] = text(x, "reason");
		}
		const char *head[] = { "姓名 name", "情况 status", "事由 reason" };
		pdf_table(d, 3, NULL, head, cells, n);
		free(cells);
	}
	if (text(m, "agenda")[0]) {
		pdf_heading(d, "议程 Agenda");
		pdf_paragraph(d, text(m, "agenda"));
	}
	if (text(m, "minutes")[0]) {
		pdf_heading(d, "记录 Minutes");
		pdf_paragraph(d, text(m, "minutes"));
	}
	json_t *res = json_object_get(m, "resolutions");
	if (json_array_size(res)) {
		pdf_heading(d, "决议 Resolutions");
		size_t n = json_array_size(res);
		const char **cells = xcalloc(n * 5, sizeof(*cells));
		char (*nums)[3][16] = xcalloc(n, sizeof(*nums));
		json_array_foreach(res, i, x) {
			cells[5 * i] = text(x, "text");
			for (int k = 0; k < 3; k++) {
				static const char *const keys[] = { "yes", "no", "abstain" };
				snprintf(nums[i][k], sizeof(nums[i][k]), "%lld", (long long)json_integer_value(json_object_get(x, keys[k])));
				cells[5 * i + 1 + k] = nums[i][k];
			}
			cells[5 * i + 4] = json_is_true(json_object_get(x, "passed")) ? "通过 passed" : "未通过 not passed";
		}
		const char *head[] = { "事项 resolution", "赞成 yes", "反对 no", "弃权 abstain", "结果 result" };
		const double widths[] = { 0.48, 0.11, 0.11, 0.11, 0.19 };
		pdf_table(d, 5, widths, head, cells, n);
		free(cells);
		free(nums);
	}
	/* an organisational-life meeting's issue and rectification lists, each item with its state */
	json_t *lists = NULL;
	e = orglife_meeting_items(db, id, &lists, err);
	if (!e && json_array_size(json_object_get(lists, "items"))) {
		json_t *items = json_object_get(lists, "items");
		size_t n = json_array_size(items);
		const char **cells = xcalloc(n * 5, sizeof(*cells));
		json_array_foreach(items, i, x) {
			bool issue = !strcmp(text(x, "kind"), "issue"), done = !strcmp(text(x, "status"), "done");
			cells[5 * i] = issue ? "问题 issue" : "整改 rectification";
			cells[5 * i + 1] = text(x, "text");
			cells[5 * i + 2] = text(x, "owner_name");
			cells[5 * i + 3] = text(x, "due");
			cells[5 * i + 4] = done ? text(x, "done_on") : "未完成 open";
		}
		pdf_heading(d, "问题清单和整改清单 Issues and rectifications");
		const char *head[] = { "类别 list", "内容 item", "责任人 owner", "时限 due", "完成 done" };
		const double widths[] = { 0.16, 0.42, 0.14, 0.14, 0.14 };
		pdf_table(d, 5, widths, head, cells, n);
		free(cells);
	}
	json_decref(lists);
	const char *signatures[] = { "主持人（签字） chair", "记录人（签字） recorder" };
	pdf_signature_lines(d, signatures, 2);
	if (!e)
		e = pdf_write(d, path, err);
	pdf_free(d);
	free(kinds.data);
	json_decref(m);
	return e;
}
