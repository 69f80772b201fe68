/*
 * cli_demo_orglife.c - the demo's organisational life: in the township of the demo secretary's
 * village branch, every branch and Party group holds its meetings from January of last year to
 * last month, recorded through orglife_record with attendance as the console would send it, so
 * that the calendar, the compliance view, the absences list and the kept summaries have
 * something real to show.
 *
 * Other branches skip a meeting now and then (a seeded draw). The secretary's branch is exact,
 * for demonstrations and the browser test: everything monthly is held every month except the
 * theme Party day two months before this one; and its last full member has been absent without
 * a reason for the last four months (listed for the branch's attention, nothing more).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "db/db.h"
#include "gen/gen.h"
#include "org/org.h"
#include "orglife/orglife.h"

struct seat {
	int64_t id;
	bool voting; /* a full member */
};

struct unit {
	int64_t id;
	bool group, committee, exact; /* exact: the secretary's branch or one of its groups */
	int64_t absent_id;            /* absent from the last months' meetings */
	struct seat *seats;
	int nseats;
	long committee_size;
};

static const char *const leave_reasons[] = { "外出务工", "生病住院", "照顾家人", "参加培训" };

/* Records one meeting of u on day (kinds NULL-terminated), everyone present but a few on leave
 * and the member absent_id (0: none) absent. */
static enum jc_err meet(struct db *db, const struct actor *who, struct gen_rng *rng, const struct unit *u,
			const char *const *kinds, int day, int64_t absent_id, struct jc_error *err)
{
	struct orglife_meeting m = { .org_id = u->id, .held_on = day };
	for (; *kinds && m.nkinds < ORGLIFE_MAX_KINDS; kinds++)
		snprintf(m.kinds[m.nkinds++], sizeof(m.kinds[0]), "%s", *kinds);
	bool committee = !strcmp(m.kinds[0], "committee_meeting");
	snprintf(m.place, sizeof(m.place), "%s", u->group ? "组长家中" : "村党群服务中心");
	snprintf(m.chair, sizeof(m.chair), "%s", u->group ? "党小组组长" : "党支部书记");
	snprintf(m.recorder, sizeof(m.recorder), "%s", u->group ? "党小组成员" : "组织委员");
	m.agenda = xstrdup(committee ? "研究本月支部工作安排" : "学习党的创新理论；通报支部工作；讨论本月事项");
	if (committee) {
		m.expected = m.present = u->committee_size;
	} else {
		m.attendance = xcalloc((size_t)u->nseats + 1, sizeof(*m.attendance));
		for (int i = 0; i < u->nseats; i++) {
			struct orglife_attendance *a = &m.attendance[m.nattendance++];
			a->member_id = u->seats[i].id;
			if (a->member_id == absent_id) {
				snprintf(a->status, sizeof(a->status), "absent");
			} else if (!u->exact && gen_range(rng, 0, 99) < 6) {
				snprintf(a->status, sizeof(a->status), "leave");
				snprintf(a->reason, sizeof(a->reason), "%s", leave_reasons[gen_range(rng, 0, 3)]);
			} else {
				snprintf(a->status, sizeof(a->status), "present");
			}
			m.expected += u->seats[i].voting;
			m.present += u->seats[i].voting && !strcmp(a->status, "present");
		}
		if (m.expected < 1)
			m.expected = m.present = 1; /* a branch of probationary members only: cannot meet for votes */
	}
	if (!strcmp(m.kinds[0], "members_meeting") || (m.nkinds > 1 && !strcmp(m.kinds[1], "members_meeting"))) {
		m.resolutions = xcalloc(1, sizeof(*m.resolutions));
		m.nresolutions = 1;
		snprintf(m.resolutions[0].text, sizeof(m.resolutions[0].text), "审议通过本季度党费收缴和使用情况");
		m.resolutions[0].yes = m.present;
	}
	enum jc_err e = orglife_record(db, &m, who, err);
	orglife_meeting_free(&m);
	return e;
}

static enum jc_err load_unit(struct db *db, struct unit *u, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, u->group ? "SELECT id, category = 'full' FROM member WHERE group_id = ?1 AND state = 'normal' ORDER BY id"
						 : "SELECT id, category = 'full' FROM member WHERE org_id = ?1 AND state = 'normal' ORDER BY id");
	db_bind_int(s, 1, u->id);
	size_t cap = 0;
	int r;
	while ((r = db_step(s, err)) == 1) {
		u->seats = xgrow(u->seats, &cap, (size_t)u->nseats + 1, sizeof(*u->seats));
		u->seats[u->nseats++] = (struct seat){ db_col_int(s, 0), db_col_int(s, 1) > 0 };
	}
	if (r < 0)
		return err->code;
	s = db_stmt(db, "SELECT count(*) FROM org_committee WHERE org_id = ?1");
	db_bind_int(s, 1, u->id);
	if (db_step(s, err) != 1)
		return err->code;
	u->committee_size = (long)db_col_int(s, 0);
	u->committee = u->committee_size > 0;
	db_reset(s);
	return JC_OK;
}

/* A year of one unit's meetings up to (not including) the month `until` (months since year 0). */
static enum jc_err hold_year(struct db *db, const struct actor *who, struct gen_rng *rng, const struct unit *u, int year,
			     int until, int gap, struct jc_error *err)
{
	enum jc_err e = JC_OK;
	for (int month = 1; !e && month <= 12 && year * 12 + month < until; month++) {
		int idx = year * 12 + month;
		bool skip = !u->exact && gen_range(rng, 0, 99) < 8;
		int64_t absent = idx >= until - 4 ? u->absent_id : 0;
		if (u->group) {
			static const char *const group[] = { "group_meeting", NULL };
			if (!skip)
				e = meet(db, who, rng, u, group, date_from_ymd(year, month, 8), absent, err);
			continue;
		}
		static const char *const committee[] = { "committee_meeting", NULL };
		static const char *const theme[] = { "theme_day", NULL };
		static const char *const theme_members[] = { "theme_day", "members_meeting", NULL };
		static const char *const lecture[] = { "lecture", NULL };
		static const char *const yearly[] = { "life_meeting", "appraisal", NULL };
		if (u->committee && (u->exact || gen_range(rng, 0, 99) < 90))
			e = meet(db, who, rng, u, committee, date_from_ymd(year, month, 5), 0, err);
		if (!e && !skip && idx != gap)
			e = meet(db, who, rng, u, month % 3 ? theme : theme_members, date_from_ymd(year, month, 10), absent, err);
		if (!e && month % 3 == 2 && (u->exact || gen_range(rng, 0, 99) < 85))
			e = meet(db, who, rng, u, lecture, date_from_ymd(year, month, 20), absent, err);
		if (!e && month == 12 && (u->exact || gen_range(rng, 0, 99) < 80))
			e = meet(db, who, rng, u, yearly, date_from_ymd(year, month, 22), absent, err);
	}
	return e;
}

int demo_orglife(struct db *db, const struct actor *who, struct gen_rng *rng, int today, struct jc_error *err)
{
	int64_t exact = db_query_int(db, "SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1", 0);
	char sql[256], hi[256];
	snprintf(sql, sizeof(sql), "SELECT parent_id FROM org WHERE id = %lld", (long long)exact);
	struct org township;
	if (org_get(db, db_query_int(db, sql, 0), &township, err))
		return -1;
	org_subtree_end(township.path, hi);
	snprintf(sql, sizeof(sql), "SELECT max(id) FROM member WHERE org_id = %lld AND category = 'full' AND state = 'normal'",
		 (long long)exact);
	int64_t absent = db_query_int(db, sql, 0);
	struct db_stmt *s = db_stmt(db, "SELECT id, type, parent_id FROM org WHERE path > ?1 AND path < ?2 AND status = 'active'"
					" AND type IN ('branch', 'joint_branch', 'temporary_branch', 'group') ORDER BY path");
	db_bind_text(s, 1, township.path);
	db_bind_text(s, 2, hi);
	struct unit *units = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(s, err)) == 1) {
		units = xgrow(units, &cap, n + 1, sizeof(*units));
		int64_t id = db_col_int(s, 0);
		bool mine = id == exact || db_col_int(s, 2) == exact;
		units[n++] = (struct unit){ .id = id, .group = !strcmp(db_col_text(s, 1), "group"), .exact = mine,
					    .absent_id = mine ? absent : 0 };
	}
	enum jc_err e = r < 0 ? err->code : JC_OK;
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int until = y * 12 + m, gap = until - 2;
	long meetings = 0;
	for (size_t i = 0; i < n; i++) {
		if (!e && !(e = load_unit(db, &units[i], err)) && units[i].nseats) {
			long before = db_query_int(db, "SELECT count(*) FROM meeting", 0);
			for (int year = y - 1; !e && year <= y; year++)
				e = hold_year(db, who, rng, &units[i], year, until, gap, err);
			meetings += db_query_int(db, "SELECT count(*) FROM meeting", 0) - before;
		}
		free(units[i].seats);
	}
	free(units);
	if (!e)
		printf("  %ld meetings of organisational life in %zu branches and groups of one township\n", meetings, n);
	return e ? -1 : 0;
}
