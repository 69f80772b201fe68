/* history.c - appending to and reading the history table. */
#include "history/history.h"

#include <stdlib.h>

#include "base/date.h"
#include "db/db.h"

enum jc_err history_add(struct db *db, const char *entity, int64_t id, const char *action,
			const struct actor *who, json_t *changes, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO history (entity, entity_id, at, actor, action, reason, changes)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_text(s, 1, entity);
	db_bind_int(s, 2, id);
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, who && who->name ? who->name : "system");
	db_bind_text(s, 5, action);
	db_bind_text(s, 6, who && who->reason && *who->reason ? who->reason : NULL);
	db_bind_text(s, 7, text);
	enum jc_err e = db_run(s, err);
	free(text);
	return e;
}

enum jc_err history_list(struct db *db, const char *entity, int64_t id, int64_t before, int limit,
			 json_t **out, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT id, at, actor, action, reason, changes FROM history"
		" WHERE entity = ?1 AND entity_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4");
	db_bind_text(s, 1, entity);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, before > 0 ? before : INT64_MAX);
	db_bind_int(s, 4, limit);
	json_t *list = json_array();
	int r;
	while ((r = db_step(s, err)) == 1) {
		const char *changes = db_col_text(s, 5);
		json_t *c = changes ? json_loads(changes, 0, NULL) : NULL;
		json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:o}", "id", (json_int_t)db_col_int(s, 0),
					"at", db_col_text(s, 1), "actor", db_col_text(s, 2), "action",
					db_col_text(s, 3), "reason", db_col_text(s, 4), "changes",
					c ? c : json_null());
		json_array_append_new(list, row);
	}
	if (r < 0) {
		json_decref(list);
		return err ? err->code : JC_EINTERNAL;
	}
	*out = list;
	return JC_OK;
}
