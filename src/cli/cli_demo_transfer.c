/*
 * cli_demo_transfer.c - the demo's transfers and mobile members, in the demo secretary's village
 * branch, written through the same store functions as the API (inside cli_demo's transaction):
 * a transfer to a neighbouring branch waiting for the township to issue its letter, one whose
 * letter expired unaccepted, a member away from home for 8 months (should transfer) and one away
 * for 13 months without a report, and a member out of contact for 7 months (listed for the
 * branch's decision on stopping the membership). The members are taken from the end of the
 * branch's list, before the one the organisational-life demo keeps absent. And a member of the
 * neighbouring branch away for two months, hosted by the secretary's branch, who pays dues there.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "dues/dues.h"
#include "cli/cli.h"
#include "db/db.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "transfer/transfer.h"

int demo_transfer(struct db *db, const struct actor *who, int today, struct jc_error *err)
{
	int64_t branch = db_query_int(db, "SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1", 0);
	char sql[320];
	snprintf(sql, sizeof(sql), "SELECT o.id FROM org o JOIN org b ON b.parent_id = o.parent_id WHERE b.id = %lld AND o.id <> b.id"
		 " AND o.type = 'branch' ORDER BY o.id LIMIT 1", (long long)branch);
	int64_t neighbour = db_query_int(db, sql, 0);
	snprintf(sql, sizeof(sql), "SELECT max(id) FROM member WHERE org_id = %lld AND category = 'full' AND state = 'normal'",
		 (long long)branch);
	int64_t kept_absent = db_query_int(db, sql, 0);
	struct db_stmt *q = db_stmt(db, "SELECT id FROM member WHERE org_id = ?1 AND state = 'normal' AND mobile = 0"
					" AND lost_contact = 0 AND id < ?2 ORDER BY id DESC LIMIT 5");
	db_bind_int(q, 1, branch);
	db_bind_int(q, 2, kept_absent);
	int64_t m[5] = { 0 };
	int n = 0, r;
	while ((r = db_step(q, err)) == 1)
		m[n++] = db_col_int(q, 0);
	if (r < 0 || n < 5 || !neighbour) {
		if (r >= 0)
			jc_fail(err, JC_EINTERNAL, NULL, NULL, "the demo secretary's branch has too few members for the transfers");
		return -1;
	}
	/* a transfer waiting for the township's letter */
	struct transfer t = { 0 };
	t.member_id = m[0];
	t.to_org_id = neighbour;
	t.started_on = today - 12;
	snprintf(t.reason, sizeof(t.reason), "工作调动到邻村合作社");
	enum jc_err e = transfer_start(db, &t, 0, who, err);
	/* a letter issued four months ago and never accepted */
	struct transfer old = { 0 };
	old.member_id = m[1];
	old.to_org_id = neighbour;
	old.started_on = today - 130;
	snprintf(old.reason, sizeof(old.reason), "随子女迁居");
	if (!e)
		e = transfer_start(db, &old, 0, who, err);
	struct transfer_sides committee = { false, true, false, false };
	struct transfer_act issue = { TA_ISSUE, today - 125, DATE_NONE, "" };
	if (!e)
		e = transfer_record(db, old.id, &issue, &committee, who, err);
	/* away from home: 8 months at one place; 13 months and no report */
	struct mobile_registration g = { 0 };
	g.member_id = m[2];
	g.left_on = today - 245;
	g.expected_return = g.card_issued_on = g.card_valid_until = DATE_NONE;
	snprintf(g.reason, sizeof(g.reason), "外出务工");
	snprintf(g.destination, sizeof(g.destination), "广东省深圳市宝安区");
	snprintf(g.contact, sizeof(g.contact), "13800002222");
	if (!e)
		e = mobile_register(db, &g, who, err);
	struct mobile_registration h = g;
	h.id = 0;
	h.member_id = m[3];
	h.left_on = today - 400;
	snprintf(h.destination, sizeof(h.destination), "广东省广州市番禺区");
	snprintf(h.contact, sizeof(h.contact), "13800003333");
	if (!e)
		e = mobile_register(db, &h, who, err);
	/* a member of the neighbour away and hosted here, with this year's dues standard at home */
	int64_t guest = 0;
	if (!e) {
		snprintf(sql, sizeof(sql), "SELECT max(id) FROM member WHERE org_id = %lld AND category = 'full' AND state = 'normal'"
			 " AND mobile = 0 AND lost_contact = 0", (long long)neighbour);
		guest = db_query_int(db, sql, 0);
	}
	struct dues_item standard = { .member_id = guest, .category = "employed", .base_fen = 400000 };
	if (!e && guest)
		e = dues_standards_fix(db, neighbour, date_year(today), &standard, 1, who, err);
	struct mobile_registration hosted = g;
	hosted.id = 0;
	hosted.member_id = guest;
	hosted.left_on = hosted.host_since = date_add_months(today, -2);
	hosted.host_org_id = branch;
	snprintf(hosted.destination, sizeof(hosted.destination), "本镇邻村（在本支部参加组织生活）");
	snprintf(hosted.contact, sizeof(hosted.contact), "13800004444");
	if (!e && guest)
		e = mobile_register(db, &hosted, who, err);
	/* out of contact for 7 months */
	struct member lost;
	if (!e)
		e = member_get(db, m[4], &lost, err);
	if (!e) {
		lost.lost_contact = 1;
		lost.lost_contact_date = date_add_months(today, -7);
		struct actor a = { who->name, "多次联系未果" };
		e = member_update(db, &lost, &a, err);
	}
	if (!e)
		printf("  2 transfers, 2 members away and 1 out of contact in the secretary's branch; 1 member hosted there\n");
	return e ? -1 : 0;
}
