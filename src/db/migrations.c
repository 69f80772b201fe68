/* migrations.c - applies the compiled-in migrations that a database has not seen yet. */
#include "db/migrations.h"

#include "base/date.h"
#include "base/log.h"
#include "db/db.h"

static const char create_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migration ("
	" name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT";

enum jc_err migrations_apply(struct db *db, struct jc_error *err)
{
	enum jc_err e = db_exec(db, create_table, err);
	for (int i = 0; !e && i < migrations_count; i++) {
		struct db_stmt *q = db_stmt(db, "SELECT 1 FROM schema_migration WHERE name = ?1");
		db_bind_text(q, 1, migrations[i].name);
		int seen = db_step(q, err);
		db_reset(q);
		if (seen < 0)
			return JC_EINTERNAL;
		if (seen)
			continue;
		if ((e = db_begin(db, err)))
			break;
		/* Another process may have applied it between our check and BEGIN IMMEDIATE. */
		q = db_stmt(db, "SELECT 1 FROM schema_migration WHERE name = ?1");
		db_bind_text(q, 1, migrations[i].name);
		seen = db_step(q, err);
		db_reset(q);
		if (seen == 0) {
			e = db_exec(db, migrations[i].sql, err);
			if (!e) {
				char now[21];
				clock_format(clock_now(), now);
				struct db_stmt *ins = db_stmt(db, "INSERT INTO schema_migration VALUES (?1, ?2)");
				db_bind_text(ins, 1, migrations[i].name);
				db_bind_text(ins, 2, now);
				e = db_run(ins, err);
			}
			if (!e)
				log_info("db: applied migration %s", migrations[i].name);
		}
		if (e) {
			db_rollback(db);
			break;
		}
		e = db_commit(db, err);
	}
	return e;
}
