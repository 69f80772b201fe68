/*
 * develop_view.c - recruitment as it is read: a case with its timeline (every step with its
 * date, decision, data and documents, the next steps, and what is due with the rule behind each
 * deadline), the cases of a subtree by stage, and everything due or overdue in a subtree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "develop/develop.h"
#include "org/org.h"

static json_t *rule_json(const struct rule *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "unit", r->unit, "regulation",
			 r->regulation, "article", r->article, "summary", r->summary_zh);
}

static json_t *due_json(const struct develop_due *d, int today)
{
	const struct develop_step_def *def = &develop_steps[d->step - 1];
	json_t *j = json_pack("{s:i,s:s,s:s,s:o,s:i,s:b,s:o,s:o}", "step", d->step, "step_zh", def->zh, "step_en", def->en,
			      "due_on", date_json(d->due_on), "days_left", d->due_on - today, "overdue",
			      d->due_on < today, "hard_limit", date_json(d->hard_limit), "rule", rule_json(d->rule));
	return j;
}

/* The steps recorded, with their data and documents, read again in full for the timeline, and
 * the window each had (earliest, latest, the rule), as a new JSON array *out. */
static enum jc_err steps_json(struct db *db, const struct develop_case *c, const struct develop_history *h,
			      const struct develop_rules *rules, json_t **out, struct jc_error *err)
{
	int index = 0, rc;
	json_t *list = json_array();
	struct db_stmt *s = db_stmt(db, "SELECT id, step, done_on, actor, decision, data, documents, recorded_by, recorded_at"
					" FROM develop_step WHERE case_id = ?1 ORDER BY id");
	db_bind_int(s, 1, c->id);
	while ((rc = db_step(s, err)) == 1) {
		int n = (int)db_col_int(s, 1);
		const struct develop_step_def *def = &develop_steps[n - 1];
		json_t *data = db_col_text(s, 5) ? json_loads(db_col_text(s, 5), 0, NULL) : NULL;
		json_t *docs = db_col_text(s, 6) ? json_loads(db_col_text(s, 6), 0, NULL) : NULL;
		json_array_append_new(list, json_pack("{s:I,s:i,s:i,s:s,s:s,s:s,s:s,s:o,s:s?,s:o,s:o,s:s,s:s}",
			"id", (json_int_t)db_col_int(s, 0), "step", n, "stage", def->stage, "key", def->key, "zh", def->zh,
			"en", def->en, "done_on", db_col_text(s, 2), "actor", json_string(db_col_text(s, 3)),
			"decision", db_col_text(s, 4), "data", data ? data : json_object(),
			"documents", docs ? docs : json_array(), "recorded_by", db_col_text(s, 7),
			"recorded_at", db_col_text(s, 8)));
		struct develop_window w;
		if (index < h->count && develop_step_window(c, h, index, rules, &w))
			json_object_set_new(json_array_get(list, json_array_size(list) - 1), "window",
					    json_pack("{s:o,s:o,s:o}", "earliest", date_json(w.earliest), "latest",
						      date_json(w.latest), "rule", rule_json(w.rule)));
		index++;
	}
	if (rc < 0) {
		json_decref(list);
		return err->code;
	}
	*out = list;
	return JC_OK;
}

/* How a case closed by hand closed (when, by whom, why) as a new JSON object *out, or NULL when
 * it was not. */
static enum jc_err closed_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT closed_on, closed_by, closed_reason FROM develop_case"
					" WHERE id = ?1 AND closed_on IS NOT NULL");
	db_bind_int(s, 1, id);
	int rc = db_step(s, err);
	*out = NULL;
	if (rc < 0)
		return err->code;
	if (rc == 1) {
		*out = json_pack("{s:s,s:s,s:s?}", "on", db_col_text(s, 0), "by", db_col_text(s, 1), "reason",
				 db_col_text(s, 2));
		db_reset(s);
	}
	return JC_OK;
}

enum jc_err develop_case_json(struct db *db, const struct develop_case *c, const struct develop_history *h, json_t **out,
			      struct jc_error *err)
{
	struct develop_rules r;
	enum jc_err e = develop_rules_load(db, c->org_id, c->rules_on, &r, err);
	if (e)
		return e;
	struct org o;
	struct jc_error absent = { 0 };
	bool named = !(e = org_get(db, c->org_id, &o, &absent));
	if (e && e != JC_ENOTFOUND)
		return jc_error_pass(err, &absent);
	json_t *steps = NULL, *closed = NULL;
	if ((e = steps_json(db, c, h, &r, &steps, err)))
		return e;
	if ((e = closed_json(db, c->id, &closed, err))) {
		json_decref(steps);
		return e;
	}
	int today = date_today();
	json_t *org_name = named ? json_string(o.name) : json_null();
	json_t *j = json_pack("{s:I,s:I,s:o,s:s,s:s,s:o,s:s,s:s?,s:s,s:s,s:s,s:s?,s:o,s:s,s:s?,s:o,s:o}",
		"id", (json_int_t)c->id, "org_id", (json_int_t)c->org_id, "org_name", org_name, "name", c->name,
		"gender", c->gender, "birth_date", date_json(c->birth_date), "id_number", c->id_number,
		"phone", c->phone[0] ? c->phone : NULL, "ethnicity", c->ethnicity, "education", c->education,
		"occupation", c->occupation, "stage", develop_stage_key(c->stage), "leaving_unit_on",
		date_json(c->leaving_unit_on), "work_unit", c->work_unit, "outcome", c->outcome[0] ? c->outcome : NULL,
		"applied_on", date_json(c->applied_on), "rules_on", date_json(c->rules_on));
	json_object_set_new(j, "activist_on", date_json(c->activist_on));
	json_object_set_new(j, "target_on", date_json(c->target_on));
	json_object_set_new(j, "admitted_on", date_json(c->admitted_on));
	json_object_set_new(j, "probation_end", date_json(c->probation_end));
	json_object_set_new(j, "extensions", json_integer(c->extensions));
	json_object_set_new(j, "converted_on", date_json(c->converted_on));
	json_object_set_new(j, "archived_on", date_json(c->archived_on));
	json_object_set_new(j, "member_id", c->member_id ? json_integer(c->member_id) : json_null());
	json_object_set_new(j, "last_step", json_integer(c->last_step));
	json_object_set_new(j, "version", json_integer(c->version));
	json_object_set_new(j, "steps", steps);
	if (closed)
		json_object_set_new(j, "closed", closed);
	int next[DEVELOP_STEPS], n = develop_next_steps(c, h, next);
	json_t *nj = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(nj, json_integer(next[i]));
	json_object_set_new(j, "next_steps", nj);
	struct develop_due due[4];
	int k = develop_due_of(c, h, &r, due);
	json_t *dj = json_array();
	for (int i = 0; i < k; i++)
		json_array_append_new(dj, due_json(&due[i], today));
	json_object_set_new(j, "due", dj);
	*out = j;
	return JC_OK;
}

/* The subtree's bounds on org.path: [path, path with its last '/' raised). */
static enum jc_err subtree(struct db *db, int64_t org_id, char lo[256], char hi[256], struct jc_error *err)
{
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	snprintf(lo, 256, "%s", o.path);
	org_subtree_end(o.path, hi);
	return JC_OK;
}

enum jc_err develop_page(struct db *db, int64_t org_id, const char *stage, int64_t after, int limit, json_t **items,
			 int64_t *next, struct jc_error *err)
{
	char lo[256], hi[256];
	enum jc_err e = subtree(db, org_id, lo, hi, err);
	if (e)
		return e;
	if (stage && develop_stage_from_key(stage) < 0)
		return jc_fail(err, JC_EINVAL, "stage", NULL,
			       "'stage' must be applicant, activist, target, probationary, full or closed");
	struct db_stmt *s = db_stmt(db,
		"SELECT c.id, c.name, c.gender, c.stage, c.org_id, o.name, c.applied_on, c.activist_on, c.target_on,"
		" c.admitted_on, c.probation_end, c.last_step, c.member_id FROM develop_case c JOIN org o ON o.id = c.org_id"
		" WHERE o.path >= ?1 AND o.path < ?2 AND c.id > ?3"
		" AND (?4 IS NULL AND c.stage <> 'closed' AND c.archived_on IS NULL OR c.stage = ?4)"
		" ORDER BY c.id LIMIT ?5");
	db_bind_text(s, 1, lo);
	db_bind_text(s, 2, hi);
	db_bind_int(s, 3, after);
	db_bind_text(s, 4, stage);
	db_bind_int(s, 5, limit + 1);
	*items = json_array();
	*next = 0;
	int r, n = 0;
	while ((r = db_step(s, err)) == 1) {
		if (n++ == limit) {
			*next = json_integer_value(json_object_get(json_array_get(*items, limit - 1), "id"));
			db_reset(s);
			break;
		}
		int step = (int)db_col_int(s, 11);
		json_array_append_new(*items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:i,s:s,s:o}",
			"id", (json_int_t)db_col_int(s, 0), "name", db_col_text(s, 1), "gender", db_col_text(s, 2),
			"stage", db_col_text(s, 3), "org_id", (json_int_t)db_col_int(s, 4), "org_name", db_col_text(s, 5),
			"applied_on", db_col_text(s, 6), "activist_on", db_col_text(s, 7), "target_on", db_col_text(s, 8),
			"admitted_on", db_col_text(s, 9), "probation_end", db_col_text(s, 10), "last_step", step,
			"last_step_zh", step ? develop_steps[step - 1].zh : "",
			"member_id", db_col_null(s, 12) ? json_null() : json_integer(db_col_int(s, 12))));
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return err->code;
	}
	return JC_OK;
}

static int by_due(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "due_on"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "due_on"));
	return strcmp(x, y);
}

enum jc_err develop_due_list(struct db *db, int64_t org_id, int within, json_t **items, struct jc_error *err)
{
	char lo[256], hi[256];
	enum jc_err e = subtree(db, org_id, lo, hi, err);
	if (e)
		return e;
	int today = date_today();
	struct db_stmt *s = db_stmt(db, "SELECT c.id FROM develop_case c JOIN org o ON o.id = c.org_id"
					" WHERE o.path >= ?1 AND o.path < ?2 AND c.stage <> 'closed' AND c.archived_on IS NULL"
					" ORDER BY c.org_id, c.rules_on, c.id");
	db_bind_text(s, 1, lo);
	db_bind_text(s, 2, hi);
	/* the ids first: each case is then read with statements of its own */
	size_t n = 0, cap = 0;
	int64_t *ids = NULL;
	int r;
	while ((r = db_step(s, err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ids = realloc(ids, cap * sizeof(*ids));
			if (!ids)
				abort();
		}
		ids[n++] = db_col_int(s, 0);
	}
	if (r < 0) {
		free(ids);
		return err->code;
	}
	json_t *out = json_array();
	struct develop_rules rules;
	int64_t rules_org = 0;
	int rules_on = 0;
	for (size_t i = 0; !e && i < n; i++) {
		struct develop_case c;
		struct develop_history h;
		if ((e = develop_get(db, ids[i], &c, &h, err)))
			break;
		/* cases of one branch opened the same day are judged by the same rules: loaded once */
		if ((c.org_id != rules_org || c.rules_on != rules_on) &&
		    (e = develop_rules_load(db, c.org_id, c.rules_on, &rules, err))) {
			develop_history_free(&h);
			break;
		}
		rules_org = c.org_id;
		rules_on = c.rules_on;
		struct develop_due due[4];
		int k = develop_due_of(&c, &h, &rules, due);
		develop_history_free(&h);
		for (int d = 0; d < k; d++) {
			if (due[d].due_on > today + within)
				continue;
			json_t *j = due_json(&due[d], today);
			json_object_set_new(j, "case_id", json_integer(c.id));
			json_object_set_new(j, "name", json_string(c.name));
			json_object_set_new(j, "org_id", json_integer(c.org_id));
			json_object_set_new(j, "stage", json_string(develop_stage_key(c.stage)));
			json_array_append_new(out, j);
		}
	}
	free(ids);
	if (e) {
		json_decref(out);
		return e;
	}
	/* soonest first */
	size_t count = json_array_size(out);
	json_t **arr = malloc((count ? count : 1) * sizeof(*arr));
	if (!arr)
		abort();
	for (size_t i = 0; i < count; i++)
		arr[i] = json_incref(json_array_get(out, i));
	qsort(arr, count, sizeof(*arr), by_due);
	json_array_clear(out);
	for (size_t i = 0; i < count; i++)
		json_array_append_new(out, arr[i]);
	free(arr);
	*items = out;
	return JC_OK;
}
