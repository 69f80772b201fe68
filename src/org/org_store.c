/*
 * org_store.c - the organisation tree in the database.
 *
 * Writes run inside the caller's transaction and keep the invariants of org.h: path and depth
 * follow parent_id, org_stats follows every organisation that appears, changes or moves, and
 * every change adds a history row. Statements are built once from org_desc (org_sql_init).
 */
#include "org/org.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "orglife/orglife.h"
#include "rules/rules.h"
#include "stats/stats.h"

static struct {
	char *select_by_id, *select_by_code, *insert, *update;
} sql;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void org_sql_init(void)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_adds(&b, "SELECT ");
	fields_sql_columns(&org_desc, 0, NULL, &b);
	buf_adds(&b, ", path, depth FROM org WHERE ");
	char *prefix = buf_detach(&b, NULL);
	buf_addf(&b, "%sid = ?1", prefix);
	sql.select_by_id = buf_detach(&b, NULL);
	buf_addf(&b, "%scode = ?1", prefix);
	sql.select_by_code = buf_detach(&b, NULL);
	free(prefix);

	buf_adds(&b, "INSERT INTO org (");
	fields_sql_columns(&org_desc, FF_READONLY, NULL, &b);
	buf_adds(&b, ", path, depth, created_at, updated_at) VALUES (");
	int n = 0;
	for (size_t i = 0; i < org_desc.count; i++)
		if (!(org_desc.fields[i].flags & FF_READONLY))
			buf_addf(&b, "?%d, ", ++n);
	buf_addf(&b, "?%d, ?%d, ?%d, ?%d)", n + 1, n + 2, n + 3, n + 3);
	sql.insert = buf_detach(&b, NULL);

	buf_adds(&b, "UPDATE org SET ");
	int next = fields_sql_assignments(&org_desc, FF_READONLY | FF_PROTECTED, 2, &b);
	buf_addf(&b, ", version = version + 1, updated_at = ?%d WHERE id = ?1", next);
	sql.update = buf_detach(&b, NULL);
}

static enum jc_err read_one(struct db *db, const char *q, struct db_stmt *s, struct org *out,
			    struct jc_error *err)
{
	(void)q;
	(void)db;
	int r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	if (r == 0)
		return JC_ENOTFOUND;
	int c = fields_read_all(&org_desc, 0, out, s, 0);
	const char *path = db_col_text(s, c);
	snprintf(out->path, sizeof(out->path), "%s", path ? path : "");
	out->depth = db_col_int(s, c + 1);
	db_reset(s);
	return JC_OK;
}

enum jc_err org_get(struct db *db, int64_t id, struct org *out, struct jc_error *err)
{
	pthread_once(&sql_once, org_sql_init);
	struct db_stmt *s = db_stmt(db, sql.select_by_id);
	db_bind_int(s, 1, id);
	enum jc_err e = read_one(db, sql.select_by_id, s, out, err);
	if (e == JC_ENOTFOUND)
		return jc_fail(err, e, NULL, NULL, "no organisation %lld", (long long)id);
	return e;
}

enum jc_err org_get_by_code(struct db *db, const char *code, struct org *out, struct jc_error *err)
{
	pthread_once(&sql_once, org_sql_init);
	struct db_stmt *s = db_stmt(db, sql.select_by_code);
	db_bind_text(s, 1, code);
	enum jc_err e = read_one(db, sql.select_by_code, s, out, err);
	if (e == JC_ENOTFOUND)
		return jc_fail(err, e, "org_code", NULL, "no organisation with code '%s'", code);
	return e;
}

/* The parent's path of a path: "/1/5/23/" -> "/1/5/". */
static void parent_path(const char *path, char *out, size_t cap)
{
	snprintf(out, cap, "%s", path);
	size_t n = strlen(out);
	if (n < 2)
		return;
	n--; /* trailing slash */
	while (n > 0 && out[n - 1] != '/')
		n--;
	out[n] = '\0';
}

static enum jc_err check_parent(struct db *db, const struct org *o, struct org *parent,
				struct jc_error *err)
{
	if (!o->parent_id) {
		struct db_stmt *s = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM org WHERE parent_id IS NULL)");
		int r = db_step(s, err);
		if (r < 0)
			return err ? err->code : JC_EINTERNAL;
		bool rooted = r == 1 && db_col_int(s, 0);
		db_reset(s);
		if (rooted)
			return jc_fail(err, JC_EINVAL, "parent_id", NULL,
				       "'parent_id' is required: the tree has its root already");
		if (!org_type_may_parent(NULL, o->type))
			return jc_fail(err, JC_EINVAL, "type", NULL, "a '%s' cannot be the root", o->type);
		memset(parent, 0, sizeof(*parent));
		return JC_OK;
	}
	struct jc_error tmp = { 0 };
	enum jc_err e = org_get(db, o->parent_id, parent, &tmp);
	if (e == JC_ENOTFOUND)
		return jc_fail(err, JC_EINVAL, "parent_id", NULL, "no organisation %lld to be the parent",
			       (long long)o->parent_id);
	if (e)
		return jc_fail(err, e, NULL, NULL, "%s", tmp.message);
	if (strcmp(parent->status, "active") != 0)
		return jc_fail(err, JC_EINVAL, "parent_id", NULL, "the parent organisation is dissolved");
	if (!org_type_may_parent(parent->type, o->type))
		return jc_fail(err, JC_EINVAL, "type", NULL, "a %s cannot sit under a %s",
			       code_zh(&org_types, o->type), code_zh(&org_types, parent->type));
	return JC_OK;
}

static enum jc_err conflict_message(enum jc_err e, const struct org *o, struct jc_error *err)
{
	if (e == JC_ECONFLICT && err) {
		snprintf(err->field, sizeof(err->field), "code");
		snprintf(err->message, sizeof(err->message),
			 "an organisation with code '%s' exists already", o->code);
	}
	return e;
}

enum jc_err org_create(struct db *db, struct org *o, const struct actor *who, struct jc_error *err)
{
	pthread_once(&sql_once, org_sql_init);
	if (!o->status[0])
		snprintf(o->status, sizeof(o->status), "active");
	struct org parent;
	enum jc_err e = fields_check_required(&org_desc, o, err);
	if (!e)
		e = org_validate(o, err);
	if (!e)
		e = check_parent(db, o, &parent, err);
	if (e)
		return e;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, sql.insert);
	int p = fields_bind_all(&org_desc, FF_READONLY, o, s, 1);
	char tmp_path[64];
	snprintf(tmp_path, sizeof(tmp_path), "%s#new", parent.path);
	db_bind_text(s, p, tmp_path);
	db_bind_int(s, p + 1, o->parent_id ? parent.depth + 1 : 0);
	db_bind_text(s, p + 2, now);
	if ((e = conflict_message(db_run(s, err), o, err)))
		return e;
	o->id = db_last_id(db);
	o->version = 1;
	o->depth = o->parent_id ? parent.depth + 1 : 0;
	snprintf(o->path, sizeof(o->path), "%s%lld/", o->parent_id ? parent.path : "/", (long long)o->id);
	s = db_stmt(db, "UPDATE org SET path = ?2 WHERE id = ?1");
	db_bind_int(s, 1, o->id);
	db_bind_text(s, 2, o->path);
	if ((e = db_run(s, err)))
		return e;
	struct stats_vec v = { { 0 } };
	stats_add_org(&v, o->type, o->unit_category, o->status, 1);
	struct stats_acc *acc = stats_acc_new();
	stats_acc_add_path(acc, o->path, &v);
	e = stats_acc_flush(acc, db, err);
	stats_acc_free(acc);
	json_t *changes = fields_diff(&org_desc, NULL, o);
	if (!e)
		e = history_add(db, "org", o->id, "create", who, changes, err);
	json_decref(changes);
	return e;
}

static enum jc_err check_children_fit(struct db *db, const struct org *o, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT DISTINCT type FROM org WHERE parent_id = ?1");
	db_bind_int(s, 1, o->id);
	int r;
	while ((r = db_step(s, err)) == 1) {
		const char *t = db_col_text(s, 0);
		if (!org_type_may_parent(o->type, t)) {
			jc_fail(err, JC_EINVAL, "type", NULL, "a %s cannot hold the %s under it",
				code_zh(&org_types, o->type), code_zh(&org_types, t));
			db_reset(s);
			return JC_EINVAL;
		}
	}
	return r < 0 ? JC_EINTERNAL : JC_OK;
}

/* Whether the organisation has a committee member (*yes). */
static enum jc_err has_committee(struct db *db, int64_t id, bool *yes, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM org_committee WHERE org_id = ?1)");
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	*yes = r == 1 && db_col_int(s, 0) > 0;
	db_reset(s);
	return JC_OK;
}

enum jc_err org_update(struct db *db, const struct org *o, const struct actor *who,
		       struct jc_error *err)
{
	pthread_once(&sql_once, org_sql_init);
	struct org old, parent;
	enum jc_err e = org_get(db, o->id, &old, err);
	if (!e)
		e = fields_check_required(&org_desc, o, err);
	if (!e)
		e = org_validate(o, err);
	if (!e && strcmp(old.type, o->type) != 0) {
		e = check_parent(db, o, &parent, err);
		if (!e)
			e = check_children_fit(db, o, err);
	}
	if (e)
		return e;
	json_t *changes = fields_diff(&org_desc, &old, o);
	if (!changes)
		return JC_OK;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, sql.update);
	db_bind_int(s, 1, o->id);
	int p = fields_bind_all(&org_desc, FF_READONLY | FF_PROTECTED, o, s, 2);
	db_bind_text(s, p, now);
	e = conflict_message(db_run(s, err), o, err);
	bool committee = false;
	if (!e && (strcmp(old.type, o->type) || strcmp(old.unit_category, o->unit_category) ||
		   strcmp(old.status, o->status)) && !(e = has_committee(db, o->id, &committee, err))) {
		struct stats_vec v = { { 0 } };
		stats_add_org(&v, old.type, old.unit_category, old.status, -1);
		stats_add_org(&v, o->type, o->unit_category, o->status, 1);
		if (committee) {
			stats_add_committee(&v, old.type, old.status, -1);
			stats_add_committee(&v, o->type, o->status, 1);
		}
		struct stats_acc *acc = stats_acc_new();
		stats_acc_add_path(acc, old.path, &v);
		e = stats_acc_flush(acc, db, err);
		stats_acc_free(acc);
	}
	/* an organisation that stops (or starts again) being active leaves (or rejoins) its
	 * ancestors' kept counts of organisational life */
	bool was_active = !strcmp(old.status, "active"), is_active = !strcmp(o->status, "active");
	if (!e && was_active != is_active) {
		char up[256];
		parent_path(old.path, up, sizeof(up));
		e = orglife_kept_shift(db, o->id, up, is_active ? 1 : -1, err);
	}
	if (!e)
		e = history_add(db, "org", o->id, "update", who, changes, err);
	json_decref(changes);
	return e;
}

enum jc_err org_move(struct db *db, int64_t id, int64_t new_parent, const struct actor *who,
		     struct jc_error *err)
{
	struct org o, parent;
	enum jc_err e = org_get(db, id, &o, err);
	if (e)
		return e;
	if (!o.parent_id)
		return jc_fail(err, JC_EINVAL, "parent_id", NULL, "the root cannot be moved");
	if (new_parent == o.parent_id)
		return JC_OK;
	struct org probe = o;
	probe.parent_id = new_parent;
	if ((e = check_parent(db, &probe, &parent, err)))
		return e;
	size_t n = strlen(o.path);
	if (!strncmp(parent.path, o.path, n))
		return jc_fail(err, JC_EINVAL, "parent_id", NULL,
			       "an organisation cannot move under its own subtree");
	char old_parent_path[256], new_path[256], hi[256];
	parent_path(o.path, old_parent_path, sizeof(old_parent_path));
	snprintf(new_path, sizeof(new_path), "%s%lld/", parent.path, (long long)id);
	org_subtree_end(o.path, hi);

	struct stats_vec v;
	if ((e = stats_load(db, id, &v, err)))
		return e;
	struct stats_vec neg;
	for (int i = 0; i < S_COUNT; i++)
		neg.n[i] = -v.n[i];
	struct stats_acc *acc = stats_acc_new();
	stats_acc_add_path(acc, old_parent_path, &neg);
	stats_acc_add_path(acc, parent.path, &v);
	e = stats_acc_flush(acc, db, err);
	stats_acc_free(acc);
	if (!e && !strcmp(o.status, "active")) {
		/* the subtree's kept counts of organisational life move with it */
		e = orglife_kept_shift(db, id, old_parent_path, -1, err);
		if (!e)
			e = orglife_kept_shift(db, id, parent.path, 1, err);
	}
	if (e)
		return e;

	struct db_stmt *s = db_stmt(db,
		"UPDATE org SET path = ?3 || substr(path, ?4), depth = depth + ?5"
		" WHERE path >= ?1 AND path < ?2");
	db_bind_text(s, 1, o.path);
	db_bind_text(s, 2, hi);
	db_bind_text(s, 3, new_path);
	db_bind_int(s, 4, (int64_t)n + 1);
	db_bind_int(s, 5, parent.depth + 1 - o.depth);
	if ((e = db_run(s, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	s = db_stmt(db, "UPDATE org SET parent_id = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, new_parent);
	db_bind_text(s, 3, now);
	if ((e = db_run(s, err)))
		return e;
	json_t *changes = json_pack("{s:[I,I]}", "parent_id", (json_int_t)o.parent_id, (json_int_t)new_parent);
	e = history_add(db, "org", id, "move", who, changes, err);
	json_decref(changes);
	return e;
}

enum jc_err org_committee_get(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT post, name, member_id, since FROM org_committee WHERE org_id = ?1 ORDER BY id");
	db_bind_int(s, 1, id);
	json_t *list = json_array();
	int r;
	while ((r = db_step(s, err)) == 1) {
		json_t *row = json_pack("{s:s,s:s}", "post", db_col_text(s, 0), "name", db_col_text(s, 1));
		json_object_set_new(row, "member_id", db_col_null(s, 2) ? json_null() : json_integer(db_col_int(s, 2)));
		json_object_set_new(row, "since", db_col_null(s, 3) ? json_null() : json_string(db_col_text(s, 3)));
		json_array_append_new(list, row);
	}
	if (r < 0) {
		json_decref(list);
		return JC_EINTERNAL;
	}
	*out = list;
	return JC_OK;
}

enum jc_err org_committee_set(struct db *db, int64_t id, json_t *posts, const struct actor *who,
			      struct jc_error *err)
{
	if (!json_is_array(posts))
		return jc_fail(err, JC_EINVAL, "committee", NULL, "'committee' must be an array");
	if (json_array_size(posts) > 31)
		return jc_fail(err, JC_EINVAL, "committee", NULL, "'committee' has more than 31 members");
	/* Validate everything before writing anything. */
	size_t i;
	json_t *p;
	json_array_foreach(posts, i, p) {
		json_t *post = json_object_get(p, "post"), *name = json_object_get(p, "name");
		json_t *mid = json_object_get(p, "member_id"), *since = json_object_get(p, "since");
		int d;
		if (!json_is_object(p) || json_object_size(p) > 4)
			return jc_fail(err, JC_EINVAL, "committee", NULL,
				       "each committee entry is {post, name, member_id, since}");
		if (!json_is_string(post) || code_find(&org_committee_posts, json_string_value(post),
							  json_string_length(post), 0) < 0)
			return jc_fail(err, JC_EINVAL, "committee.post", NULL,
				       "'post' must be one of secretary, deputy_secretary, organisation, publicity, discipline, member");
		if (!json_is_string(name) || json_string_length(name) == 0 || json_string_length(name) > 63)
			return jc_fail(err, JC_EINVAL, "committee.name", NULL, "'name' must be 1 to 63 bytes");
		if (mid && !json_is_null(mid) && !json_is_integer(mid))
			return jc_fail(err, JC_EINVAL, "committee.member_id", NULL, "'member_id' must be an id");
		if (since && !json_is_null(since) &&
		    (!json_is_string(since) || !date_parse(json_string_value(since), (int)json_string_length(since), &d)))
			return jc_fail(err, JC_EINVAL, "committee.since", NULL, "'since' must be YYYY-MM-DD");
		if (json_is_integer(mid)) {
			/* A committee is elected from the organisation's own members: a member elsewhere
			 * answers as one that does not exist (nothing outside the subtree shows). */
			struct db_stmt *q = db_stmt(db,
				"SELECT 1 FROM member m JOIN org o ON o.id = m.org_id JOIN org c ON c.id = ?2"
				" WHERE m.id = ?1 AND substr(o.path, 1, length(c.path)) = c.path");
			db_bind_int(q, 1, json_integer_value(mid));
			db_bind_int(q, 2, id);
			int found = db_step(q, err);
			db_reset(q);
			if (found < 0)
				return err ? err->code : JC_EINTERNAL;
			if (found == 0)
				return jc_fail(err, JC_EINVAL, "committee.member_id", NULL, "no member %lld",
					       (long long)json_integer_value(mid));
		}
	}
	json_t *before = NULL;
	struct org o;
	enum jc_err e = org_get(db, id, &o, err);
	if (!e)
		e = org_committee_get(db, id, &before, err);
	if (e)
		return e;
	if (!json_array_size(before) != !json_array_size(posts)) {
		/* the organisation gains its first committee member or loses its last */
		struct stats_vec v = { { 0 } };
		stats_add_committee(&v, o.type, o.status, json_array_size(posts) ? 1 : -1);
		struct stats_acc *acc = stats_acc_new();
		stats_acc_add_path(acc, o.path, &v);
		e = stats_acc_flush(acc, db, err);
		stats_acc_free(acc);
		if (e) {
			json_decref(before);
			return e;
		}
	}
	struct db_stmt *s = db_stmt(db, "DELETE FROM org_committee WHERE org_id = ?1");
	db_bind_int(s, 1, id);
	e = db_run(s, err);
	json_array_foreach(posts, i, p) {
		if (e)
			break;
		s = db_stmt(db, "INSERT INTO org_committee (org_id, post, name, member_id, since) VALUES (?1, ?2, ?3, ?4, ?5)");
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, json_string_value(json_object_get(p, "post")));
		db_bind_text(s, 3, json_string_value(json_object_get(p, "name")));
		json_t *mid = json_object_get(p, "member_id"), *since = json_object_get(p, "since");
		if (json_is_integer(mid))
			db_bind_int(s, 4, json_integer_value(mid));
		db_bind_text(s, 5, json_is_string(since) ? json_string_value(since) : NULL);
		e = db_run(s, err);
	}
	if (!e && !json_equal(before, posts)) {
		json_t *changes = json_pack("{s:[O,O]}", "committee", before, posts);
		e = history_add(db, "org", id, "update", who, changes, err);
		json_decref(changes);
	}
	json_decref(before);
	return e;
}

/* One rule of org_setup_rules: a rule missing from the table is 0 (no finding from it); a
 * failure of the store is returned. */
static enum jc_err load_ref(struct db *db, int64_t id, const char *key, int today, struct rule_ref *out,
			    struct jc_error *err)
{
	struct rule r;
	struct jc_error mine = { 0 };
	out->key = key;
	out->value = 0;
	out->regulation[0] = out->article[0] = '\0';
	enum jc_err e = rules_get(db, id, key, today, &r, &mine);
	if (e)
		return e == JC_ENOTFOUND ? JC_OK : jc_error_pass(err, &mine);
	out->value = strtoll(r.value, NULL, 10);
	snprintf(out->regulation, sizeof(out->regulation), "%s", r.regulation);
	snprintf(out->article, sizeof(out->article), "%s", r.article);
	return JC_OK;
}

enum jc_err org_setup_rules_load(struct db *db, int64_t id, struct org_setup_rules *r, struct jc_error *err)
{
	static const struct {
		const char *key;
		size_t offset;
	} refs[] = {
#define R(field, key) { key, offsetof(struct org_setup_rules, field) }
		R(branch_min_full, "org.branch.min_full_members"),
		R(branch_max, "org.branch.max_members"),
		R(committee_threshold, "org.branch.committee_threshold"),
		R(discipline, "org.committee.discipline_member"),
		R(joint_max_units, "org.joint_branch.max_units"),
		R(general_min_members, "org.general_branch.min_members"),
		R(general_min_branches, "org.general_branch.min_branches"),
		R(primary_min_members, "org.primary_committee.min_members"),
		R(term_primary, "org.term.primary_committee_years"),
		R(term_branch, "org.term.branch_years"),
		R(term_village, "org.term.village_years"),
		R(postpone_max, "org.term.postpone_max_months"),
#undef R
	};
	int today = date_today();
	enum jc_err e = JC_OK;
	for (size_t i = 0; !e && i < sizeof(refs) / sizeof(refs[0]); i++)
		e = load_ref(db, id, refs[i].key, today, (struct rule_ref *)((char *)r + refs[i].offset), err);
	return e;
}

enum jc_err org_findings_get(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct org o, parent;
	enum jc_err e = org_get(db, id, &o, err);
	if (e)
		return e;
	parent.type[0] = '\0';
	if (o.parent_id && (e = org_get(db, o.parent_id, &parent, err)))
		return e;
	struct stats_vec v;
	if ((e = stats_load(db, id, &v, err)))
		return e;
	struct org_counts c = { 0 };
	c.members = v.n[S_MEMBERS];
	c.full_members = v.n[S_CATEGORY + 0];
	struct db_stmt *s = db_stmt(db,
		"SELECT (SELECT count(*) FROM org WHERE parent_id = ?1 AND status = 'active'"
		" AND type IN ('branch', 'joint_branch', 'temporary_branch')),"
		" count(*), coalesce(sum(post = 'secretary'), 0), coalesce(sum(post = 'discipline'), 0)"
		" FROM org_committee WHERE org_id = ?1");
	db_bind_int(s, 1, id);
	int rc = db_step(s, err); /* an aggregate: one row */
	if (rc <= 0)
		return rc < 0 && err ? err->code : JC_EINTERNAL;
	c.child_branches = db_col_int(s, 0);
	c.committee_size = db_col_int(s, 1);
	c.has_secretary = db_col_int(s, 2) > 0;
	c.has_discipline = db_col_int(s, 3) > 0;
	db_reset(s);
	struct org_setup_rules r;
	if ((e = org_setup_rules_load(db, id, &r, err)))
		return e;
	json_t *list = json_array();
	org_findings(&o, parent.type, &c, &r, date_today(), list);
	*out = list;
	return JC_OK;
}

json_t *org_path_ids(const char *path)
{
	json_t *ids = json_array();
	for (const char *p = path; *p;) {
		if (*p == '/') {
			p++;
			continue;
		}
		json_array_append_new(ids, json_integer(strtoll(p, (char **)&p, 10)));
	}
	return ids;
}

json_t *org_to_json(const struct org *o)
{
	json_t *j = fields_to_json(&org_desc, o, true);
	json_object_set_new(j, "path", org_path_ids(o->path));
	json_object_set_new(j, "depth", json_integer(o->depth));
	return j;
}

void org_subtree_end(const char *path, char end[256])
{
	snprintf(end, 256, "%s", path);
	size_t n = strlen(end);
	if (n)
		end[n - 1] = '0';
}
