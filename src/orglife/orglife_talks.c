/*
 * orglife_talks.c - heart-to-heart talks (谈心谈话, 支部工作条例 第十八条) in the database: who
 * talked with whom, on which day, about what in one short line - and nothing of what was said.
 * Between committee members, between committee members and members and between members, each
 * pair of a branch talks at least orglife.talks_per_pair_per_year times a year: the coverage
 * counts the pairs of the branch's current members that did, and for each member how many of
 * their pairs have not yet (in name order: nobody is ranked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"
#include "orglife/orglife_review.h"

static enum jc_err branch_get(struct db *db, int64_t org_id, struct org *o, struct jc_error *err)
{
	enum jc_err e = org_get(db, org_id, o, err);
	if (!e && !orglife_branch_like(o->type))
		e = jc_fail(err, JC_EINVAL, NULL, NULL, "talks are kept by a branch, not by an organisation of type '%s'", o->type);
	return e;
}

/* Whether member_id is a current member of the branch (or of one of its Party groups). */
static enum jc_err belongs(struct db *db, int64_t org_id, int64_t member_id, bool *yes, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM member WHERE id = ?1 AND org_id = ?2 AND state = 'normal'");
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, org_id);
	if (db_step(q, err) != 1)
		return err->code;
	*yes = db_col_int(q, 0) > 0;
	db_reset(q);
	return JC_OK;
}

enum jc_err orglife_talk_record(struct db *db, int64_t org_id, int held_on, int64_t a, int64_t b, const char *topic,
				const struct actor *who, int64_t *id, struct jc_error *err)
{
	struct org o;
	enum jc_err e = branch_get(db, org_id, &o, err);
	if (e)
		return e;
	if (held_on == DATE_NONE || held_on > date_today())
		return jc_fail(err, JC_EINVAL, "held_on", NULL, "'held_on' must be a date, not in the future");
	if (a == b)
		return jc_fail(err, JC_EINVAL, "member_b", NULL, "a talk is between two different members");
	bool in_a, in_b;
	if ((e = belongs(db, org_id, a, &in_a, err)) || (e = belongs(db, org_id, b, &in_b, err)))
		return e;
	if (!in_a)
		return jc_fail(err, JC_EINVAL, "member_a", NULL, "member %lld is not a member of this branch", (long long)a);
	if (!in_b)
		return jc_fail(err, JC_EINVAL, "member_b", NULL, "member %lld is not a member of this branch", (long long)b);
	if (!topic || !topic[0] || strpbrk(topic, "\r\n"))
		return jc_fail(err, JC_EINVAL, "topic", NULL, "'topic' is one short line: what the talk was about, not what was said");
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO talk (org_id, held_on, member_a, member_b, topic, recorded_by, recorded_at)"
					" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_int(q, 1, org_id);
	db_bind_date(q, 2, held_on);
	db_bind_int(q, 3, a);
	db_bind_int(q, 4, b);
	db_bind_text(q, 5, topic);
	db_bind_text(q, 6, who->name);
	db_bind_text(q, 7, now);
	if ((e = db_run(q, err)))
		return e;
	*id = db_last_id(db);
	return JC_OK;
}

static json_t *talk_row(struct db_stmt *q)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(q, 0), "org_id",
			 (json_int_t)db_col_int(q, 1), "org_name", db_col_text(q, 2), "held_on", db_col_text(q, 3), "member_a",
			 (json_int_t)db_col_int(q, 4), "member_a_name", db_col_text(q, 5), "member_b", (json_int_t)db_col_int(q, 6),
			 "member_b_name", db_col_text(q, 7), "topic", db_col_text(q, 8), "recorded_by", db_col_text(q, 9),
			 "recorded_at", db_col_text(q, 10));
}

#define TALK_COLUMNS                                                                                                   \
	"t.id, t.org_id, o.name, t.held_on, t.member_a, a.name, t.member_b, b.name, t.topic, t.recorded_by, t.recorded_at" \
	" FROM talk t JOIN org o ON o.id = t.org_id JOIN member a ON a.id = t.member_a JOIN member b ON b.id = t.member_b"

enum jc_err orglife_talk_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT " TALK_COLUMNS " WHERE t.id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no talk %lld", (long long)id);
	*out = talk_row(q);
	db_reset(q);
	return JC_OK;
}

enum jc_err orglife_talk_page(struct db *db, int64_t org_id, long year, const char *cursor, int limit, json_t **items,
			      char next[48], struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256], from[11] = "0000-00-00", to[11] = "9999-12-31";
	org_subtree_end(top.path, hi);
	if (year) {
		date_format(date_from_ymd((int)year, 1, 1), from);
		date_format(date_from_ymd((int)year, 12, 31), to);
	}
	/* the cursor is the last row's "held_on.id": newest first, ties by id */
	char after_day[11] = "9999-12-31";
	long long after_id = 0x7fffffffffffffffLL;
	if (cursor && cursor[0] && sscanf(cursor, "%10[0-9-].%lld", after_day, &after_id) != 2)
		return jc_fail(err, JC_EINVAL, "cursor", NULL, "'cursor' is not one this API gave");
	struct db_stmt *q = db_stmt(db, "SELECT " TALK_COLUMNS
		" WHERE o.path >= ?1 AND o.path < ?2 AND t.held_on >= ?3 AND t.held_on <= ?4"
		" AND (t.held_on < ?5 OR (t.held_on = ?5 AND t.id < ?6)) ORDER BY t.held_on DESC, t.id DESC LIMIT ?7");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_text(q, 3, from);
	db_bind_text(q, 4, to);
	db_bind_text(q, 5, after_day);
	db_bind_int(q, 6, after_id);
	db_bind_int(q, 7, limit + 1);
	*items = json_array();
	next[0] = '\0';
	int r, n = 0;
	while ((r = db_step(q, err)) == 1) {
		if (n++ == limit) {
			json_t *last = json_array_get(*items, (size_t)limit - 1);
			snprintf(next, 48, "%s.%lld", json_string_value(json_object_get(last, "held_on")),
				 (long long)json_integer_value(json_object_get(last, "id")));
			db_reset(q);
			break;
		}
		json_array_append_new(*items, talk_row(q));
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code;
	}
	return JC_OK;
}

/* --- coverage -------------------------------------------------------------------------------- */

struct person {
	int64_t id;
	char *name;
	bool committee;
	long met;
};

static int by_name(const void *x, const void *y)
{
	const struct person *p = x, *q = y;
	int c = strcmp(p->name, q->name);
	return c ? c : (p->id < q->id ? -1 : p->id > q->id);
}

enum jc_err orglife_talk_coverage(struct db *db, int64_t org_id, long year, json_t **out, struct jc_error *err)
{
	struct org o;
	enum jc_err e = branch_get(db, org_id, &o, err);
	if (e)
		return e;
	int64_t count = 0;
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM member WHERE org_id = ?1 AND state = 'normal'");
	db_bind_int(q, 1, org_id);
	if (db_step(q, err) != 1)
		return err->code;
	count = db_col_int(q, 0);
	db_reset(q);
	if (count > ORGLIFE_TALKS_MAX_MEMBERS)
		return jc_fail(err, JC_ETOOBIG, NULL, NULL, "the branch has %lld members: coverage is counted for at most %d",
			       (long long)count, ORGLIFE_TALKS_MAX_MEMBERS);
	int last = date_from_ymd((int)year, 12, 31), today = date_today();
	struct rule rule;
	if ((e = rules_get(db, org_id, "orglife.talks_per_pair_per_year", last < today ? last : today, &rule, err)))
		return e;
	long needed = strtol(rule.value, NULL, 10);

	/* the members, by id (for the counting) */
	q = db_stmt(db, "SELECT m.id, m.name, EXISTS (SELECT 1 FROM org_committee c WHERE c.org_id = m.org_id AND c.member_id = m.id)"
			" FROM member m WHERE m.org_id = ?1 AND m.state = 'normal' ORDER BY m.id");
	db_bind_int(q, 1, org_id);
	struct person *people = xcalloc((size_t)count + 1, sizeof(*people));
	int64_t *ids = xcalloc((size_t)count + 1, sizeof(*ids));
	long *met = xcalloc((size_t)count + 1, sizeof(*met));
	size_t n = 0;
	int r;
	while ((r = db_step(q, err)) == 1) {
		if (n == (size_t)count) { /* cannot grow inside the read transaction; guard anyway */
			db_reset(q);
			break;
		}
		people[n].id = ids[n] = db_col_int(q, 0);
		people[n].name = xstrdup(db_col_text(q, 1));
		people[n].committee = db_col_int(q, 2) != 0;
		n++;
	}
	/* the year's talks per pair */
	char from[11], to[11];
	date_format(date_from_ymd((int)year, 1, 1), from);
	date_format(last, to);
	struct orglife_pair *pairs = NULL;
	size_t npairs = 0, cap = 0;
	if (r >= 0) {
		q = db_stmt(db, "SELECT member_a, member_b, count(*) FROM talk WHERE org_id = ?1 AND held_on >= ?2 AND held_on <= ?3"
				" GROUP BY member_a, member_b");
		db_bind_int(q, 1, org_id);
		db_bind_text(q, 2, from);
		db_bind_text(q, 3, to);
		while ((r = db_step(q, err)) == 1) {
			pairs = xgrow(pairs, &cap, npairs + 1, sizeof(*pairs));
			pairs[npairs++] = (struct orglife_pair){ db_col_int(q, 0), db_col_int(q, 1), (long)db_col_int(q, 2) };
		}
	}
	if (r >= 0) {
		int64_t pairs_met;
		orglife_talks_cover(ids, n, pairs, npairs, needed, &pairs_met, met);
		for (size_t i = 0; i < n; i++)
			people[i].met = met[i];
		qsort(people, n, sizeof(*people), by_name);
		int64_t required = orglife_pairs((int64_t)n);
		json_t *items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, json_pack("{s:I,s:s,s:b,s:I,s:I,s:I}", "member_id", (json_int_t)people[i].id, "name",
							       people[i].name, "committee", people[i].committee, "pairs",
							       (json_int_t)(n - 1), "met", (json_int_t)people[i].met, "missing",
							       (json_int_t)((long)n - 1 - people[i].met)));
		*out = json_pack("{s:I,s:i,s:I,s:I,s:I,s:I,s:o,s:o}", "org_id", (json_int_t)org_id, "year", (int)year, "members",
				 (json_int_t)n, "pairs_required", (json_int_t)required, "pairs_met", (json_int_t)pairs_met,
				 "pairs_missing", (json_int_t)(required - pairs_met), "rule", rules_json(&rule), "items", items);
	}
	for (size_t i = 0; i < n; i++)
		free(people[i].name);
	free(people);
	free(ids);
	free(met);
	free(pairs);
	return r < 0 ? err->code : JC_OK;
}
