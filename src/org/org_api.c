/* org_api.c - HTTP handlers of the organisation tree (routes in src/http/routes.c). */
#include "org/org_api.h"

#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "http/request.h"
#include "org/org.h"
#include "stats/stats.h"

/* Answers the organisation id in full (its committee, counts and term in force) with status. */
static enum jc_err reply_org(struct request *r, int status, int64_t id)
{
	struct org o;
	json_t *committee;
	struct stats_vec v;
	struct org_setup_rules rules;
	enum jc_err e = org_get(r->db, id, &o, &r->err);
	if (!e)
		e = org_committee_get(r->db, o.id, &committee, &r->err);
	if (e)
		return e;
	if ((e = stats_load(r->db, o.id, &v, &r->err)) || (e = org_setup_rules_load(r->db, o.id, &rules, &r->err))) {
		json_decref(committee);
		return e;
	}
	json_t *j = org_to_json(&o);
	json_object_set_new(j, "committee", committee);
	json_object_set_new(j, "members", json_integer(v.n[S_MEMBERS]));
	json_object_set_new(j, "full_members", json_integer(v.n[S_CATEGORY]));
	int expiry = org_term_expiry(&o, &rules);
	char d[11];
	date_format(expiry, d);
	json_object_set_new(j, "term_expiry_in_force", expiry == DATE_NONE ? json_null() : json_string(d));
	return req_reply(r, status, j);
}

enum jc_err org_api_get(struct request *r)
{
	return reply_org(r, 200, r->ids[0]);
}

enum jc_err org_api_children(struct request *r)
{
	long limit;
	char cursor[40] = "";
	enum jc_err e = req_query_int(r, "limit", 1, 500, 50, &limit);
	if (e)
		return e;
	req_query(r, "cursor", cursor, sizeof(cursor));
	struct org parent;
	if ((e = org_get(r->db, r->ids[0], &parent, &r->err)))
		return e;
	struct db_stmt *s = db_stmt(r->db,
		"SELECT o.id, o.code, o.name, o.type, o.unit_category, o.status, o.division_code,"
		" EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id)"
		" FROM org o WHERE o.parent_id = ?1 AND o.code > ?2 ORDER BY o.code LIMIT ?3");
	db_bind_int(s, 1, parent.id);
	db_bind_text(s, 2, cursor);
	db_bind_int(s, 3, limit + 1);
	json_t *items = json_array();
	char next[40] = "", last[40] = "";
	int rc, n = 0;
	while ((rc = db_step(s, &r->err)) == 1) {
		if (n == limit) { /* one row more than the page: there is a next page */
			snprintf(next, sizeof(next), "%s", last);
			db_reset(s);
			break;
		}
		snprintf(last, sizeof(last), "%s", db_col_text(s, 1));
		json_t *c = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:s?,s:b}", "id", (json_int_t)db_col_int(s, 0),
				      "code", db_col_text(s, 1), "name", db_col_text(s, 2), "type",
				      db_col_text(s, 3), "unit_category", db_col_text(s, 4), "status",
				      db_col_text(s, 5), "division_code", db_col_text(s, 6), "has_children",
				      (int)db_col_int(s, 7));
		json_array_append_new(items, c);
		n++;
	}
	if (rc < 0) {
		json_decref(items);
		return r->err.code;
	}
	/* Member counts come from the kept statistics: one key lookup per child. */
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c) {
		struct stats_vec v;
		if ((e = stats_load(r->db, json_integer_value(json_object_get(c, "id")), &v, &r->err))) {
			json_decref(items);
			return e;
		}
		json_object_set_new(c, "members", json_integer(v.n[S_MEMBERS]));
	}
	return req_reply(r, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next[0] ? next : NULL));
}

struct org_write {
	struct org o;
	json_t *committee;
	int64_t parent;
};

static enum jc_err do_create(struct request *r, void *ctx)
{
	struct org_write *w = ctx;
	enum jc_err e = org_create(r->db, &w->o, &r->actor, &r->err);
	if (!e && w->committee)
		e = org_committee_set(r->db, w->o.id, w->committee, &r->actor, &r->err);
	return e;
}

enum jc_err org_api_create(struct request *r)
{
	enum jc_err e = req_take_reason(r);
	if (e)
		return e;
	struct org_write w = { 0 };
	fields_clear(&org_desc, &w.o);
	w.committee = json_incref(json_object_get(r->body, "committee"));
	json_object_del(r->body, "committee");
	e = fields_from_json(&org_desc, r->body, &w.o, true, NULL, &r->err);
	if (!e)
		e = req_write(r, do_create, &w);
	json_decref(w.committee);
	return e ? e : reply_org(r, 201, w.o.id);
}

static enum jc_err do_update(struct request *r, void *ctx)
{
	struct org_write *w = ctx;
	struct org cur;
	enum jc_err e = org_get(r->db, r->ids[0], &cur, &r->err);
	if (e)
		return e;
	w->o = cur;
	if ((e = fields_from_json(&org_desc, r->body, &w->o, false, NULL, &r->err)))
		return e;
	if ((e = org_update(r->db, &w->o, &r->actor, &r->err)))
		return e;
	if (w->committee)
		e = org_committee_set(r->db, cur.id, w->committee, &r->actor, &r->err);
	return e;
}

enum jc_err org_api_update(struct request *r)
{
	enum jc_err e = req_take_reason(r);
	if (e)
		return e;
	struct org_write w = { 0 };
	w.committee = json_incref(json_object_get(r->body, "committee"));
	json_object_del(r->body, "committee");
	e = req_write(r, do_update, &w);
	json_decref(w.committee);
	return e ? e : reply_org(r, 200, r->ids[0]);
}

static enum jc_err do_move(struct request *r, void *ctx)
{
	return org_move(r->db, r->ids[0], *(int64_t *)ctx, &r->actor, &r->err);
}

enum jc_err org_api_move(struct request *r)
{
	enum jc_err e = req_take_reason(r);
	if (e)
		return e;
	json_t *p = json_object_get(r->body, "parent_id");
	if (!json_is_integer(p) || json_integer_value(p) <= 0)
		return jc_fail(&r->err, JC_EINVAL, "parent_id", NULL, "'parent_id' must be an organisation id");
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v)
		if (strcmp(key, "parent_id"))
			return jc_fail(&r->err, JC_EINVAL, key, NULL,
				       "'%s' is not a field of a move (parent_id, reason)", key);
	int64_t parent = json_integer_value(p);
	/* As the router does for references in a body: an absent parent is named (400) to a caller
	 * who sees the whole database, and is a 404 like one outside the subtrees to anyone else. */
	struct org dest;
	struct jc_error absent = { 0 };
	if ((e = org_get(r->db, parent, &dest, &absent)) && e != JC_ENOTFOUND)
		return jc_error_pass(&r->err, &absent);
	if ((!e || !auth_allows(&r->principal, "org.move", "")) && req_check_org(r, "org.move", parent))
		return r->err.code;
	if ((e = req_write(r, do_move, &parent)))
		return e;
	return org_api_get(r);
}

enum jc_err org_api_findings(struct request *r)
{
	json_t *list;
	enum jc_err e = org_findings_get(r->db, r->ids[0], &list, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:o}", "items", list));
}

enum jc_err org_api_history(struct request *r)
{
	long before, limit;
	enum jc_err e = req_query_int(r, "before", 0, 0x7fffffffffffffffL, 0, &before);
	if (!e)
		e = req_query_int(r, "limit", 1, 200, 50, &limit);
	struct org o;
	if (!e)
		e = org_get(r->db, r->ids[0], &o, &r->err);
	json_t *list;
	if (!e)
		e = history_list(r->db, "org", o.id, before, (int)limit, &list, &r->err);
	if (e)
		return e;
	return req_reply(r, 200, json_pack("{s:o}", "items", list));
}

enum jc_err org_api_search(struct request *r)
{
	char q[128];
	if (!req_query(r, "q", q, sizeof(q)))
		return jc_fail(&r->err, JC_EINVAL, "q", NULL, "'q' is required");
	struct org o;
	enum jc_err e = org_get(r->db, r->ids[0], &o, &r->err);
	if (e)
		return e;
	char hi[256];
	org_subtree_end(o.path, hi);
	/* A code is found by its index; a name by its prefix index, then within the subtree. Names
	 * mostly begin with 中共 ("CPC"), which nobody types: "江海" finds 中共江海区委员会 too. */
	struct db_stmt *s = db_stmt(r->db,
		"SELECT id, code, name, type, path FROM org WHERE (code = ?1"
		" OR (name >= ?1 AND name < ?1 || x'f48fbfbf')"
		" OR (name >= '中共' || ?1 AND name < '中共' || ?1 || x'f48fbfbf'))"
		" AND +path >= ?2 AND +path < ?3 ORDER BY name LIMIT 50"); /* + : the name indexes lead */
	db_bind_text(s, 1, q);
	db_bind_text(s, 2, o.path);
	db_bind_text(s, 3, hi);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(s, &r->err)) == 1) {
		json_t *path = org_path_ids(db_col_text(s, 4));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)db_col_int(s, 0),
						       "code", db_col_text(s, 1), "name", db_col_text(s, 2),
						       "type", db_col_text(s, 3), "path", path));
	}
	if (rc < 0) {
		json_decref(items);
		return r->err.code;
	}
	return req_reply(r, 200, json_pack("{s:o}", "items", items));
}
