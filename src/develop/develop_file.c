/*
 * develop_file.c - the recruitment file as a PDF (src/pdf): made from the same JSON the API
 * answers, so the paper file and the screen never disagree.
 */
#include "develop/develop_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/mem.h"
#include "develop/develop.h"
#include "pdf/pdf.h"

static const char *text(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "—";
}

/* A step's data as "key: value; ..." for the table (votes, mentors, notice dates, ...). */
static char *data_line(json_t *data)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 64);
	const char *k;
	json_t *v;
	json_object_foreach(data, k, v) {
		char *s = json_is_string(v) ? xstrdup(json_string_value(v)) : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		buf_addf(&b, "%s%s: %s", b.len ? "; " : "", k, s ? s : "");
		free(s);
	}
	buf_add(&b, "", 1);
	return buf_detach(&b, NULL);
}

enum jc_err develop_file_pdf(struct db *db, int64_t id, const char *path, struct jc_error *err)
{
	struct develop_case c;
	struct develop_history h;
	enum jc_err e = develop_get(db, id, &c, &h, err);
	if (e)
		return e;
	json_t *j;
	e = develop_case_json(db, &c, &h, &j, err);
	develop_history_free(&h);
	if (e)
		return e;

	char subtitle[512]; /* the case number first: a long name never pushes it out */
	snprintf(subtitle, sizeof(subtitle), "案卷号 case %lld · %s · %s", (long long)id, text(j, "name"), text(j, "org_name"));
	struct pdf_doc *d = pdf_new("发展党员全程纪实 Recruitment file", subtitle);
	pdf_heading(d, "本人情况 The person");
	const char *labels[] = { "姓名 name", "性别 gender", "出生日期 born", "公民身份号码 ID number", "所在党组织 organisation",
				 "阶段 stage", "申请日期 applied", "确定积极分子 activist", "确定发展对象 target",
				 "支部大会接收 admitted", "预备期满 probation ends", "转正 converted" };
	const char *values[] = { text(j, "name"), text(j, "gender"), text(j, "birth_date"), text(j, "id_number"),
				 text(j, "org_name"), text(j, "stage"), text(j, "applied_on"), text(j, "activist_on"),
				 text(j, "target_on"), text(j, "admitted_on"), text(j, "probation_end"), text(j, "converted_on") };
	pdf_fields(d, labels, values, sizeof(labels) / sizeof(labels[0]));

	pdf_heading(d, "步骤 The steps");
	json_t *steps = json_object_get(j, "steps");
	size_t n = json_array_size(steps);
	const char **cells = xcalloc(n ? n * 6 : 1, sizeof(*cells));
	char **owned = xcalloc(n ? n * 3 : 1, sizeof(*owned));
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(steps, i), *w = json_object_get(s, "window");
		owned[3 * i] = xmalloc(96);
		snprintf(owned[3 * i], 96, "%lld %s", (long long)json_integer_value(json_object_get(s, "step")), text(s, "zh"));
		owned[3 * i + 1] = data_line(json_object_get(s, "data"));
		owned[3 * i + 2] = xmalloc(320);
		owned[3 * i + 2][0] = '\0';
		if (w)
			snprintf(owned[3 * i + 2], 320, "%s%s%s%s（%s %s）", json_is_string(json_object_get(w, "earliest")) ? "不早于 " : "",
				 json_is_string(json_object_get(w, "earliest")) ? text(w, "earliest") : "",
				 json_is_string(json_object_get(w, "latest")) ? "不晚于 " : "",
				 json_is_string(json_object_get(w, "latest")) ? text(w, "latest") : "",
				 text(json_object_get(w, "rule"), "summary"), text(json_object_get(w, "rule"), "article"));
		cells[6 * i] = owned[3 * i];
		cells[6 * i + 1] = text(s, "done_on");
		cells[6 * i + 2] = owned[3 * i + 2];
		cells[6 * i + 3] = text(s, "actor");
		cells[6 * i + 4] = json_is_string(json_object_get(s, "decision")) ? text(s, "decision") : "";
		cells[6 * i + 5] = owned[3 * i + 1];
	}
	const char *head[] = { "步骤 step", "日期 date", "期限与依据 deadline, rule", "经办 by", "结论 decision", "依据 facts" };
	const double widths[] = { 0.16, 0.14, 0.22, 0.13, 0.09, 0.26 };
	pdf_table(d, 6, widths, head, cells, n);

	json_t *due = json_object_get(j, "due");
	if (json_array_size(due)) {
		pdf_heading(d, "待办期限 Deadlines");
		size_t k = json_array_size(due);
		const char **dc = xcalloc(k * 4, sizeof(*dc));
		for (size_t i = 0; i < k; i++) {
			json_t *x = json_array_get(due, i), *rule = json_object_get(x, "rule");
			dc[4 * i] = text(x, "step_zh");
			dc[4 * i + 1] = text(x, "due_on");
			dc[4 * i + 2] = text(rule, "summary");
			dc[4 * i + 3] = text(rule, "article");
		}
		const char *dh[] = { "步骤 step", "期限 due", "规则 rule", "依据 article" };
		pdf_table(d, 4, NULL, dh, dc, k);
		free(dc);
	}
	const char *signatures[] = { "支部书记（签字） branch secretary", "党委（盖章） committee (seal)" };
	pdf_signature_lines(d, signatures, 2);
	e = pdf_write(d, path, err);
	pdf_free(d);
	for (size_t i = 0; i < 3 * n; i++)
		free(owned[i]);
	free(owned);
	free(cells);
	json_decref(j);
	return e;
}
