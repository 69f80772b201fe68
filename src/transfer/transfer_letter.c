/*
 * transfer_letter.c - the introduction letter (党员组织关系介绍信) as a printable A4 PDF (src/pdf):
 * its three parts - the stub the sender keeps, the letter the member carries, the receipt the
 * receiver sends back - one below the other on one page, between cut lines, the way the paper
 * form is printed. Each part carries the letter's number, so the three can be matched again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "member/member.h"
#include "pdf/pdf.h"
#include "transfer/transfer.h"

static const char *day_zh(int d, char out[32])
{
	if (d == DATE_NONE)
		return strcpy(out, "    年  月  日");
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	snprintf(out, 32, "%d年%d月%d日", y, m, dd);
	return out;
}

/* The cut line between two parts: a dashed rule with the words in its middle, room above it so
 * that the three parts share the page. */
static void cut_line(struct pdf_doc *d)
{
	pdf_paragraph(d, "\n\n");
	pdf_paragraph(d, "- - - - - - - - - - - - - - - - - - - - ✂ 沿此线剪开 cut here - - - - - - - - - - - - - - - - - - - -");
	pdf_paragraph(d, "");
}

enum jc_err transfer_letter_pdf(struct db *db, int64_t id, bool reveal, const char *path, struct jc_error *err)
{
	struct transfer t;
	enum jc_err e = transfer_get(db, id, &t, err);
	if (e)
		return e;
	if (t.direction == TR_IN)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the letter of a member from outside is the sender's: none is printed here");
	if (!t.letter_no[0])
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the letter is not issued yet: the sending committee issues it first");
	struct member m;
	if ((e = reveal ? member_get(db, t.member_id, &m, err) : member_get_masked(db, t.member_id, &m, err)))
		return e;
	char from[TRANSFER_NAME], to[TRANSFER_NAME], sender[TRANSFER_NAME], issued[32], until[32];
	const char *blank = "________";
	if ((e = transfer_org_name(db, t.from_org_id, blank, from, sizeof(from), err)) ||
	    (e = transfer_org_name(db, t.to_org_id, t.to_outside[0] ? t.to_outside : blank, to, sizeof(to), err)) ||
	    (e = transfer_org_name(db, t.sending_committee_id, blank, sender, sizeof(sender), err)))
		return e;
	day_zh(t.issued_on, issued);
	day_zh(t.valid_until, until);
	const char *gender = !strcmp(m.gender, "F") ? "女" : "男";
	const char *category = !strcmp(m.category, "full") ? "正式党员" : "预备党员";
	char age[8] = "  ", dues[32] = "____年__月";
	if (m.birth_date != DATE_NONE)
		snprintf(age, sizeof(age), "%d", date_years_between(m.birth_date, t.issued_on));
	if (t.dues_paid_until[0]) {
		int y = 0, mo = 0;
		sscanf(t.dues_paid_until, "%d-%d", &y, &mo);
		snprintf(dues, sizeof(dues), "%d年%d月", y, mo);
	}
	const char *ethnicity = code_zh(&member_ethnicities, m.ethnicity);
	char subtitle[160];
	snprintf(subtitle, sizeof(subtitle), "第 %s 号  No. %s", t.letter_no, t.letter_no);
	struct pdf_doc *d = pdf_new("中国共产党党员组织关系介绍信", subtitle);

	/* 1. the stub */
	pdf_heading(d, "存根 Stub（转出党组织留存 kept by the sender）");
	char who[256], route[512], valid[96];
	snprintf(who, sizeof(who), "%s（%s，%s岁，%s），%s", m.name, gender, age, ethnicity, category);
	snprintf(route, sizeof(route), "%s → %s", from, to);
	snprintf(valid, sizeof(valid), "%d个月，至%s", t.valid_months, until);
	const char *sl[] = { "编号 No.", "党员 member", "身份证号码 ID number", "转接 from → to", "原因 reason", "有效期 valid",
			     "开具 issued" };
	const char *sv[] = { t.letter_no, who, m.id_number, route, t.reason, valid, issued };
	pdf_fields(d, sl, sv, sizeof(sl) / sizeof(sl[0]));
	cut_line(d);

	/* 2. the letter */
	pdf_heading(d, "介绍信 Letter（党员本人携带 carried by the member）");
	char body[1600];
	snprintf(body, sizeof(body),
		 "%s：\n"
		 "    兹介绍%s同志（%s，%s岁，%s），身份证号码%s，系中共%s，组织关系由%s转到你处，请接洽。\n"
		 "    该同志党费已交到%s。\n"
		 "    （有效期%d个月，至%s止）",
		 to, m.name, gender, age, ethnicity, m.id_number, category, from, dues, t.valid_months, until);
	pdf_paragraph(d, body);
	pdf_paragraph(d, "");
	char seal[400];
	snprintf(seal, sizeof(seal), "%s%s（盖章）\n%s", strncmp(sender, "中共", strlen("中共")) ? "中共" : "", sender, issued);
	pdf_paragraph(d, seal);
	cut_line(d);

	/* 3. the receipt */
	pdf_heading(d, "回执 Receipt（接收党组织寄回 returned by the receiver）");
	char receipt[1200];
	snprintf(receipt, sizeof(receipt),
		 "%s：\n"
		 "    第 %s 号介绍信收到，%s同志的党员组织关系已转达我处，特此回执。\n"
		 "    接收党组织（盖章）：%s\n"
		 "    接收日期：     年   月   日",
		 sender, t.letter_no, m.name, t.to_org_id ? to : "____________________");
	pdf_paragraph(d, receipt);
	e = pdf_write(d, path, err);
	pdf_free(d);
	return e;
}
