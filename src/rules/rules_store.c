/* rules_store.c - the rule table in the database: sync of national defaults, resolution along
 * the tree, overrides. */
#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "db/db.h"

struct rule_def {
	const char *key, *value, *unit, *effective_from, *regulation, *article;
	char confidence;
	int local;
	const char *zh, *en;
};

#define RULE(k, v, u, from, reg, art, conf, loc, zh, en) { k, v, u, from, reg, art, conf, loc, zh, en },
static const struct rule_def national[] = {
#include "rules/national_rules.def"
};
#undef RULE

enum jc_err rules_sync(struct db *db, struct jc_error *err)
{
	bool own = !db_in_transaction(db);
	enum jc_err e = own ? db_begin(db, err) : JC_OK;
	for (size_t i = 0; !e && i < sizeof(national) / sizeof(national[0]); i++) {
		const struct rule_def *r = &national[i];
		struct db_stmt *s = db_stmt(db,
			"INSERT INTO rule (key, effective_from, value, unit, regulation, article,"
			" confidence, local, summary_zh, summary_en)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
			" ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value,"
			" unit = excluded.unit, regulation = excluded.regulation, article = excluded.article,"
			" confidence = excluded.confidence, local = excluded.local,"
			" summary_zh = excluded.summary_zh, summary_en = excluded.summary_en");
		char conf[2] = { r->confidence, 0 };
		db_bind_text(s, 1, r->key);
		db_bind_text(s, 2, r->effective_from);
		db_bind_text(s, 3, r->value);
		db_bind_text(s, 4, r->unit);
		db_bind_text(s, 5, r->regulation);
		db_bind_text(s, 6, r->article);
		db_bind_text(s, 7, conf);
		db_bind_int(s, 8, r->local || r->confidence == 'L' || r->confidence == 'U');
		db_bind_text(s, 9, r->zh);
		db_bind_text(s, 10, r->en);
		e = db_run(s, err);
	}
	if (own)
		e = e ? (db_rollback(db), e) : db_commit(db, err);
	return e;
}

static void copy_col(char *dst, size_t cap, struct db_stmt *s, int i)
{
	const char *t = db_col_text(s, i);
	snprintf(dst, cap, "%s", t ? t : "");
}

#define RULE_COLS "key, value, unit, effective_from, regulation, article, confidence, local, summary_zh, summary_en"

static void read_rule(struct db_stmt *s, struct rule *r)
{
	memset(r, 0, sizeof(*r));
	copy_col(r->key, sizeof(r->key), s, 0);
	copy_col(r->value, sizeof(r->value), s, 1);
	copy_col(r->unit, sizeof(r->unit), s, 2);
	copy_col(r->effective_from, sizeof(r->effective_from), s, 3);
	copy_col(r->regulation, sizeof(r->regulation), s, 4);
	copy_col(r->article, sizeof(r->article), s, 5);
	const char *c = db_col_text(s, 6);
	r->confidence = c ? c[0] : 'U';
	r->local = (int)db_col_int(s, 7);
	copy_col(r->summary_zh, sizeof(r->summary_zh), s, 8);
	copy_col(r->summary_en, sizeof(r->summary_en), s, 9);
}

enum jc_err rules_get(struct db *db, int64_t org_id, const char *key, int on, struct rule *out,
		      struct jc_error *err)
{
	/* The version in force on the day; a day before the first version uses the first. */
	struct db_stmt *s = db_stmt(db,
		"SELECT " RULE_COLS " FROM rule WHERE key = ?1"
		" ORDER BY (effective_from <= ?2) DESC,"
		" CASE WHEN effective_from <= ?2 THEN effective_from END DESC, effective_from ASC LIMIT 1");
	db_bind_text(s, 1, key);
	db_bind_date(s, 2, on);
	int r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, key, "no rule '%s'", key);
	read_rule(s, out);
	db_reset(s);
	if (!org_id || !out->local)
		return JC_OK;
	s = db_stmt(db,
		"SELECT o.value, o.org_id FROM rule_override o JOIN org a ON a.id = o.org_id"
		" WHERE o.key = ?1 AND o.effective_from <= ?2"
		" AND substr((SELECT path FROM org WHERE id = ?3), 1, length(a.path)) = a.path"
		" ORDER BY a.depth DESC, o.effective_from DESC LIMIT 1");
	db_bind_text(s, 1, key);
	db_bind_date(s, 2, on);
	db_bind_int(s, 3, org_id);
	r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	if (r) {
		copy_col(out->value, sizeof(out->value), s, 0);
		out->source_org = db_col_int(s, 1);
		db_reset(s);
	}
	return JC_OK;
}

enum jc_err rules_int(struct db *db, int64_t org_id, const char *key, int on, int64_t *out, struct jc_error *err)
{
	struct rule r;
	struct jc_error mine = { 0 };
	*out = 0;
	enum jc_err e = rules_get(db, org_id, key, on, &r, &mine);
	if (e == JC_ENOTFOUND) {
		log_error("rules: cannot resolve '%s': %s", key, mine.message);
		abort();
	}
	if (e)
		return jc_error_pass(err, &mine);
	*out = strtoll(r.value, NULL, 10);
	return JC_OK;
}

enum jc_err rules_load_slots(struct db *db, int64_t org_id, int on, const struct rule_slot *slots, size_t n, void *out,
		       struct jc_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct jc_error mine = { 0 };
		enum jc_err e = rules_get(db, org_id, slots[i].key, on, (struct rule *)((char *)out + slots[i].offset), &mine);
		if (e == JC_ENOTFOUND) {
			log_error("rules: cannot resolve '%s': %s", slots[i].key, mine.message);
			abort(); /* a programming error: every key asked for ships in national_rules.def */
		}
		if (e)
			return jc_error_pass(err, &mine);
	}
	return JC_OK;
}

enum jc_err rules_refuse(const struct rule *r, struct jc_error *err, const char *field,
			 const char *fmt, ...)
{
	if (err && err->code == JC_OK) {
		err->code = JC_ERULE;
		snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
		snprintf(err->rule, sizeof(err->rule), "%s", r->key);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
		jc_error_cite(err, r->regulation, r->article);
	}
	return JC_ERULE;
}

json_t *rules_json(const struct rule *r)
{
	char conf[2] = { r->confidence, 0 };
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}",
			      "key", r->key, "value", r->value, "unit", r->unit, "effective_from",
			      r->effective_from, "regulation", r->regulation, "article", r->article,
			      "confidence", conf, "local", r->local, "summary_zh", r->summary_zh,
			      "summary_en", r->summary_en);
	json_object_set_new(o, "source", r->source_org ? json_pack("{s:s,s:I}", "kind", "override",
								     "org_id", (json_int_t)r->source_org) :
							   json_pack("{s:s}", "kind", "national"));
	return o;
}

json_t *rules_list_json(struct db *db, int64_t org_id, int on, struct jc_error *err)
{
	json_t *list = json_array();
	struct db_stmt *keys = db_stmt(db, "SELECT DISTINCT key FROM rule ORDER BY key");
	int r;
	/* Collect the keys first: rules_get uses statements of its own. */
	json_t *names = json_array();
	while ((r = db_step(keys, err)) == 1)
		json_array_append_new(names, json_string(db_col_text(keys, 0)));
	size_t i;
	json_t *k;
	json_array_foreach(names, i, k) {
		struct rule rule;
		if (r < 0 || rules_get(db, org_id, json_string_value(k), on, &rule, err)) {
			r = -1;
			break;
		}
		json_array_append_new(list, rules_json(&rule));
	}
	json_decref(names);
	if (r < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

enum jc_err rules_override(struct db *db, int64_t org_id, const char *key, const char *value,
			   int effective_from, const char *reason, const char *actor,
			   struct jc_error *err)
{
	struct rule r;
	struct jc_error tmp = { 0 };
	enum jc_err e = rules_get(db, 0, key, effective_from, &r, &tmp);
	if (e == JC_ENOTFOUND)
		return jc_fail(err, JC_EINVAL, "key", NULL, "no rule '%s'", key);
	if (e)
		return jc_fail(err, e, NULL, NULL, "%s", tmp.message);
	if (!r.local)
		return rules_refuse(&r, err, "key",
				    "'%s' is a national rule (%c) and cannot be changed locally", key,
				    r.confidence);
	char *end;
	if (!*value || (strtoll(value, &end, 10), *end))
		return jc_fail(err, JC_EINVAL, "value", key, "'value' must be a whole number");
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO rule_override (org_id, key, effective_from, value, reason, set_by, set_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO UPDATE SET value = excluded.value,"
		" reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at");
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, key);
	db_bind_date(s, 3, effective_from);
	db_bind_text(s, 4, value);
	db_bind_text(s, 5, reason);
	db_bind_text(s, 6, actor);
	db_bind_text(s, 7, now);
	return db_run(s, err);
}
