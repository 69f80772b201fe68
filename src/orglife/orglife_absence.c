/*
 * orglife_absence.c - members who missed organisational life without a recorded reason for
 * several months in a row, listed for their branch's attention (§7: six months in a row without
 * a proper reason is self-withdrawal; the system never acts on it - a decision is the branch
 * meeting's). A month counts against a member when meetings of their organisation that month
 * recorded them absent and none recorded them present or on leave; a month with no record of
 * them counts for nothing either way (the branch held nothing, or did not take attendance).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"

/* A member's months, newest first: 'a' absent without reason, 'k' kept (present or on leave). */
struct run {
	int64_t member_id;
	char name[64];
	int64_t org_id;
	char last_month[8]; /* the month the run was read down to */
	int months;         /* consecutive absent months, from the newest recorded month down */
	char since[8];      /* the earliest month of that run */
	bool broken;        /* a kept month ended the run */
};

enum jc_err orglife_absences(struct db *db, int64_t org_id, json_t **out, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(top.path, hi);
	struct rule attention, withdrawal;
	int today = date_today();
	if ((e = rules_get(db, org_id, "orglife.absence_attention_months", today, &attention, err)) ||
	    (e = rules_get(db, org_id, "member.self_withdrawal_months", today, &withdrawal, err)))
		return e;
	long need = strtol(attention.value, NULL, 10), limit = strtol(withdrawal.value, NULL, 10);
	/* each current member's recorded months, newest first: absent only when nothing kept it */
	struct db_stmt *q = db_stmt(db,
		"SELECT p.id, p.name, p.org_id, substr(m.held_on, 1, 7) AS month,"
		" max(a.status IN ('present', 'leave')) AS kept"
		" FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id JOIN member p ON p.id = a.member_id"
		" JOIN org o ON o.id = p.org_id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND p.state IN ('normal', 'stopped')"
		" GROUP BY p.id, month ORDER BY p.id, month DESC");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	json_t *items = json_array();
	struct run cur = { 0 };
	int r;
	for (;;) {
		r = db_step(q, err);
		int64_t id = r == 1 ? db_col_int(q, 0) : 0;
		if (cur.member_id && id != cur.member_id) { /* the previous member is complete */
			if (cur.months >= need)
				json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:i,s:s,s:s,s:b,s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}}",
					"member_id", (json_int_t)cur.member_id, "name", cur.name, "org_id", (json_int_t)cur.org_id,
					"months", cur.months, "since", cur.since, "through", cur.last_month,
					"reaches_self_withdrawal", cur.months >= limit,
					"rule", "key", attention.key, "value", attention.value, "article", attention.article,
					"self_withdrawal", "key", withdrawal.key, "value", withdrawal.value, "article", withdrawal.article));
			memset(&cur, 0, sizeof(cur));
		}
		if (r != 1)
			break;
		const char *month = db_col_text(q, 3);
		if (!cur.member_id) {
			cur.member_id = id;
			snprintf(cur.name, sizeof(cur.name), "%s", db_col_text(q, 1));
			cur.org_id = db_col_int(q, 2);
			snprintf(cur.last_month, sizeof(cur.last_month), "%s", month);
		}
		if (cur.broken)
			continue;
		if (db_col_int(q, 4)) {
			cur.broken = true;
		} else {
			cur.months++;
			snprintf(cur.since, sizeof(cur.since), "%s", month);
		}
	}
	if (r < 0) {
		json_decref(items);
		return err->code;
	}
	*out = items;
	return JC_OK;
}
