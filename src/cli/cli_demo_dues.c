/*
 * cli_demo_dues.c - the demo's Party dues, in the demo secretary's village branch: the standards
 * of last year and this one (fixed with the quote, by each member's occupation and base), every
 * month paid around the 10th through last month, written through the same functions as the API.
 * For demonstrations and the browser test: the branch's last full member (absent from
 * organisational life too) has paid nothing for the last six months - listed for the branch's
 * decision, nothing more; the one before has missed the last two months; the third member is
 * exempt since a meeting of this year on a hardship reduction the township approved; one member
 * paid 1,000 yuan voluntarily last year (to the Central Committee). Last December the branch
 * remitted half its collections to the township and spent on training at its members' meeting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "db/db.h"
#include "dues/dues.h"
#include "org/org.h"

struct demo_member {
	int64_t id, base;
	char occupation[24];
	int admitted; /* month */
};

static const char *category_of(const char *occupation)
{
	if (!strcmp(occupation, "farmer"))
		return "farmer";
	if (!strcmp(occupation, "retired"))
		return "retired";
	if (!strcmp(occupation, "student"))
		return "student";
	return "employed";
}

/* The latest valid members' or committee meeting of org held in [from, to], 0 when none. */
static int64_t decision_meeting(struct db *db, int64_t org, int from, int to, int *held_on)
{
	struct db_stmt *q = db_stmt(db, "SELECT m.id, m.held_on FROM meeting m WHERE m.org_id = ?1 AND m.valid = 1 AND m.held_on BETWEEN ?2 AND ?3"
					" AND EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id"
					"   AND k.kind IN ('members_meeting', 'committee_meeting')) ORDER BY m.held_on DESC, m.id DESC LIMIT 1");
	db_bind_int(q, 1, org);
	db_bind_date(q, 2, from);
	db_bind_date(q, 3, to);
	int64_t id = 0;
	if (db_step(q, NULL) == 1) {
		id = db_col_int(q, 0);
		*held_on = db_col_date(q, 1);
		db_reset(q);
	}
	return id;
}

int demo_dues(struct db *db, const struct actor *who, int today, struct jc_error *err)
{
	int64_t branch = db_query_int(db, "SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1", 0);
	struct org b;
	if (!branch || org_get(db, branch, &b, err))
		return -1;
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT max(id) FROM member WHERE org_id = %lld AND category = 'full' AND state = 'normal'", (long long)branch);
	int64_t silent = db_query_int(db, sql, 0); /* the member absent from organisational life too */
	struct db_stmt *q = db_stmt(db, "SELECT id, occupation, coalesce(dues_base_fen, 0), admit_date FROM member"
					" WHERE org_id = ?1 AND state = 'normal' ORDER BY id");
	db_bind_int(q, 1, branch);
	struct demo_member *ms = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(q, err)) == 1) {
		ms = xgrow(ms, &cap, n + 1, sizeof(*ms));
		struct demo_member *m = &ms[n++];
		m->id = db_col_int(q, 0);
		snprintf(m->occupation, sizeof(m->occupation), "%s", db_col_text(q, 1));
		m->base = db_col_int(q, 2);
		if (!m->base)
			m->base = !strcmp(m->occupation, "retired") ? 280000 : 350000;
		m->admitted = dues_month_of_day(db_col_date(q, 3));
	}
	enum jc_err e = r < 0 ? err->code : JC_OK;
	int now = dues_month_of_day(today), year = dues_month_year(now);
	int64_t missed_two = n < 3 ? 0 : ms[n - 1].id != silent ? ms[n - 1].id : ms[n - 2].id, exempt = n >= 4 ? ms[2].id : 0;
	/* the standards of last year and this one */
	struct dues_item *items = xcalloc(n + 1, sizeof(*items));
	for (int y = year - 1; !e && y <= year; y++) {
		int k = 0;
		for (size_t i = 0; i < n; i++) {
			if (ms[i].admitted > dues_month(y, 12))
				continue;
			items[k] = (struct dues_item){ .member_id = ms[i].id, .base_fen = ms[i].base };
			snprintf(items[k].category, sizeof(items[k].category), "%s", category_of(ms[i].occupation));
			k++;
		}
		if (k)
			e = dues_standards_fix(db, branch, y, items, k, who, err);
	}
	free(items);
	/* hardship: decided at the branch's latest meeting of this year, approved by the township a week later */
	int held_on = DATE_NONE, exempt_from = now + 1;
	int64_t meeting = e || !exempt ? 0 : decision_meeting(db, branch, date_from_ymd(year, 1, 1), today, &held_on);
	if (meeting) {
		int64_t id;
		exempt_from = dues_month_of_day(held_on);
		int approved_on = held_on + 7 <= today ? held_on + 7 : today;
		e = dues_reduction_decide(db, exempt, exempt_from, dues_month(year, 12), 0, "家中遭遇重大变故，生活困难，支部党员大会讨论同意免交",
					  meeting, who, &id, err);
		if (!e)
			e = dues_reduction_approve(db, b.parent_id, id, true, approved_on, "同意免交本年剩余月份党费", who, err);
	}
	/* every month paid about the 10th, through last month */
	long payments = 0;
	for (size_t i = 0; i < n && !e; i++) {
		int stop = ms[i].id == silent ? now - 6 : ms[i].id == missed_two ? now - 2 : ms[i].id == exempt ? exempt_from : now;
		for (int m = dues_month(year - 1, 1); m < stop && !e; m++) {
			if (m < ms[i].admitted)
				continue;
			struct dues_payment p = { .months = { m }, .nmonths = 1, .amount_fen = -1 };
			int tenth = dues_month_first_day(m) + 9;
			p.paid_on = tenth > today ? today : tenth;
			snprintf(p.channel, sizeof(p.channel), "%s", (m + (int)i) % 3 ? "online" : "cash");
			if (ms[i].id == ms[0].id && m == dues_month(year - 1, 7))
				p.voluntary_fen = 20000;
			if (n > 1 && ms[i].id == ms[1].id && m == dues_month(year - 1, 7))
				p.voluntary_fen = 100000; /* 1,000 yuan: to the Central Committee */
			e = dues_pay(db, ms[i].id, &p, who, err);
			payments++;
		}
	}
	free(ms);
	/* last December: half of the year's collections to the township, a training paid on a members' meeting */
	int64_t balance = 0;
	if (!e)
		e = dues_balance(db, branch, date_from_ymd(year - 1, 12, 19), &balance, err);
	if (!e && balance > 0) {
		struct dues_move mv = { .kind = "remit", .to_org_id = b.parent_id, .on = date_from_ymd(year - 1, 12, 20), .amount_fen = balance / 2 };
		snprintf(mv.note, sizeof(mv.note), "上缴%d年党费", year - 1);
		e = dues_transfer(db, branch, &mv, who, err);
	}
	int dec_meeting_on;
	int64_t dec = e ? 0 : decision_meeting(db, branch, date_from_ymd(year - 1, 12, 1), date_from_ymd(year - 1, 12, 24), &dec_meeting_on);
	if (!e && dec && balance > 0) {
		struct dues_spend s = { .spent_on = date_from_ymd(year - 1, 12, 26), .amount_fen = balance / 8 };
		snprintf(s.category, sizeof(s.category), "training");
		snprintf(s.purpose, sizeof(s.purpose), "购买党员学习培训教材");
		s.decision.meeting_id = dec;
		e = dues_spend(db, branch, &s, who, err);
	}
	if (!e)
		printf("  %ld dues payments in the secretary's branch (two years' standards, arrears, a hardship exemption)\n", payments);
	return e ? -1 : 0;
}
