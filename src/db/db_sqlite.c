/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * The connection keeps a small open-addressing cache of prepared statements keyed by the SQL
 * string's address. Errors are translated to enum jc_err here, once: a unique or primary-key
 * violation is a conflict, busy or locked is "unavailable", a full disk is "unavailable", and
 * everything else is internal. SQLite's own message never reaches a client (it goes to the log).
 */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/log.h"
#include "base/mem.h"
#include "db/migrations.h"

#define STMT_CACHE 256

struct cached {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *conn;
	char *path;
	struct cached cache[STMT_CACHE];
	bool writer; /* holds the process's writer lock: inside a write transaction */
};

/* The fault hook, per thread: each event loop and worker injects into its own calls only. */
static _Thread_local long fault_countdown;
static _Thread_local enum jc_err fault_code;
static _Thread_local bool fault_fired;

void db_fault_set(long n, enum jc_err code)
{
	fault_countdown = n;
	fault_code = code;
	fault_fired = false;
}

bool db_fault_fired(void)
{
	return fault_fired;
}

/* True when the fault hook says this call must fail. */
static bool fault_now(void)
{
	if (fault_countdown <= 0 || --fault_countdown > 0)
		return false;
	fault_fired = true;
	return true;
}

static enum jc_err map_rc(struct db *db, int rc, struct jc_error *err, const char *what)
{
	int primary = rc & 0xff;
	enum jc_err code;
	switch (primary) {
	case SQLITE_CONSTRAINT:
		code = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) ?
			       JC_ECONFLICT : JC_EINVAL;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
		code = JC_EUNAVAIL;
		break;
	default:
		code = JC_EINTERNAL;
	}
	const char *msg = db ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc);
	if (code == JC_ECONFLICT)
		return jc_fail(err, code, NULL, NULL, "a record with the same key exists already");
	log_warn("db: %s: %s (%d)", what, msg, rc);
	if (code == JC_EUNAVAIL)
		return jc_fail(err, code, NULL, NULL, "the database is busy or full; try again");
	return jc_fail(err, code, NULL, NULL, "internal database error");
}

static enum jc_err injected(struct jc_error *err)
{
	return jc_fail(err, fault_code, NULL, NULL, "injected database fault");
}

static const char *const pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=MEMORY;"
	"PRAGMA cache_size=-8000;";

enum jc_err db_open(const char *path, int flags, struct db **out, struct jc_error *err)
{
	*out = NULL;
	struct db *db = xcalloc(1, sizeof(*db));
	int oflags = SQLITE_OPEN_NOMUTEX;
	oflags |= (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &db->conn, oflags, NULL);
	if (rc != SQLITE_OK) {
		jc_fail(err, rc == SQLITE_CANTOPEN ? JC_ENOTFOUND : JC_EINTERNAL, NULL, NULL,
			"cannot open database '%s': %s", path, sqlite3_errmsg(db->conn));
		sqlite3_close(db->conn);
		free(db);
		return err ? err->code : JC_EINTERNAL;
	}
	db->path = xstrdup(path);
	sqlite3_extended_result_codes(db->conn, 1); /* tell a unique violation from other constraints */
	sqlite3_busy_timeout(db->conn, 5000);       /* before the first statement: others may be opening */
	enum jc_err e = db_exec(db, pragmas, err);
	if (!e && !(flags & DB_READONLY))
		e = migrations_apply(db, err);
	if (e) {
		db_close(db);
		return e;
	}
	*out = db;
	return JC_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_rollback(db); /* (a transaction left open ends here, and with it the writer lock) */
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->conn);
	free(db->path);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

enum jc_err db_exec(struct db *db, const char *sql, struct jc_error *err)
{
	if (fault_now())
		return injected(err);
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? JC_OK : map_rc(db, rc, err, "exec");
}

/*
 * One writer at a time in this process. The event loops and workers each have a connection;
 * left to SQLite, two that want to write at once meet SQLITE_BUSY, and the busy handler sleeps in
 * growing steps (up to 100 ms) before it tries again - the second writer waits far longer than the
 * first takes. So a write transaction first takes this lock, waiting in line (at most as long as
 * the busy timeout, then "unavailable"), and BEGIN IMMEDIATE finds the database free of writers
 * of this process. Another process (a command beside the server) still meets the busy handler.
 */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
#define WRITER_WAIT_SECONDS 5 /* as sqlite3_busy_timeout below */

static void writer_release(struct db *db)
{
	if (db->writer && sqlite3_get_autocommit(db->conn)) {
		db->writer = false;
		pthread_mutex_unlock(&writer_lock);
	}
}

enum jc_err db_begin(struct db *db, struct jc_error *err)
{
	if (!db->writer) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += WRITER_WAIT_SECONDS;
		if (pthread_mutex_timedlock(&writer_lock, &until))
			return jc_fail(err, JC_EUNAVAIL, NULL, NULL, "the database is busy; try again");
		db->writer = true;
	}
	enum jc_err e = db_exec(db, "BEGIN IMMEDIATE", err);
	writer_release(db); /* (when BEGIN failed: no transaction to hold it for) */
	return e;
}

enum jc_err db_commit(struct db *db, struct jc_error *err)
{
	enum jc_err e = db_exec(db, "COMMIT", err);
	if (e)
		db_rollback(db);
	writer_release(db);
	return e;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	writer_release(db);
}

bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->conn);
}

static sqlite3_stmt *prepare(struct db *db, const char *sql, unsigned flags)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, flags, &st, NULL);
	if (rc != SQLITE_OK) {
		/* Static SQL that does not prepare is a programming error. */
		log_error("db: cannot prepare: %s\n%s", sqlite3_errmsg(db->conn), sql);
		return NULL;
	}
	return st;
}

struct db_stmt *db_stmt(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct cached *c = &db->cache[(h + i) % STMT_CACHE];
		if (c->sql == sql) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return (struct db_stmt *)c->stmt;
		}
		if (!c->sql) {
			c->stmt = prepare(db, sql, SQLITE_PREPARE_PERSISTENT);
			if (!c->stmt)
				abort();
			c->sql = sql;
			return (struct db_stmt *)c->stmt;
		}
	}
	log_error("db: statement cache full");
	abort();
}

struct db_stmt *db_stmt_new(struct db *db, const char *sql, struct jc_error *err)
{
	sqlite3_stmt *st = prepare(db, sql, 0);
	if (!st)
		jc_fail(err, JC_EINTERNAL, NULL, NULL, "internal database error");
	return (struct db_stmt *)st;
}

void db_stmt_free(struct db_stmt *s)
{
	sqlite3_finalize((sqlite3_stmt *)s);
}

#define ST(s) ((sqlite3_stmt *)(s))

void db_bind_int(struct db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(ST(s), i, v);
}

void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(s), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(s), i);
}

void db_bind_text_static(struct db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(s), i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ST(s), i);
}

void db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n)
{
	sqlite3_bind_text64(ST(s), i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_blob(struct db_stmt *s, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(ST(s), i, p, n, SQLITE_TRANSIENT);
}

void db_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(ST(s), i);
}

void db_bind_date(struct db_stmt *s, int i, int date)
{
	if (date == DATE_NONE) {
		sqlite3_bind_null(ST(s), i);
		return;
	}
	char t[11];
	date_format(date, t);
	sqlite3_bind_text(ST(s), i, t, 10, SQLITE_TRANSIENT);
}

int db_step(struct db_stmt *s, struct jc_error *err)
{
	if (fault_now()) {
		sqlite3_reset(ST(s));
		injected(err);
		return -1;
	}
	int rc = sqlite3_step(ST(s));
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(ST(s));
		return 0;
	}
	rc = sqlite3_reset(ST(s));
	map_rc(NULL, rc, err, "step");
	return -1;
}

enum jc_err db_run(struct db_stmt *s, struct jc_error *err)
{
	int r = db_step(s, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	sqlite3_reset(ST(s));
	return JC_OK;
}

void db_reset(struct db_stmt *s)
{
	sqlite3_reset(ST(s));
}

bool db_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(ST(s), i) == SQLITE_NULL;
}

bool db_col_is_blob(struct db_stmt *s, int i)
{
	return sqlite3_column_type(ST(s), i) == SQLITE_BLOB;
}

int64_t db_col_int(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(ST(s), i);
}

const char *db_col_text(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(ST(s), i);
}

const void *db_col_blob(struct db_stmt *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(s), i);
	*n = (size_t)sqlite3_column_bytes(ST(s), i);
	return p;
}

int db_col_date(struct db_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(ST(s), i);
	int d;
	if (!t || !date_parse(t, (int)strlen(t), &d))
		return DATE_NONE;
	return d;
}

int db_col_count(struct db_stmt *s)
{
	return sqlite3_column_count(ST(s));
}

const char *db_col_name(struct db_stmt *s, int i)
{
	return sqlite3_column_name(ST(s), i);
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->conn);
}

int64_t db_query_int(struct db *db, const char *sql, int64_t dflt)
{
	sqlite3_stmt *st = prepare(db, sql, 0);
	int64_t v = dflt;
	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

enum jc_err db_backup(struct db *db, const char *path, struct jc_error *err)
{
	sqlite3 *dst;
	int rc = sqlite3_open(path, &dst);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->conn, "main");
		if (b) {
			/* All pages in one step: one read snapshot of the source (WAL: writers go on), so
			 * that writes during the backup never make it start over. */
			do {
				rc = sqlite3_backup_step(b, -1);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(5);
			} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		} else {
			rc = sqlite3_errcode(dst);
		}
	}
	if (rc != SQLITE_OK)
		jc_fail(err, JC_EINTERNAL, NULL, NULL, "backup to '%s' failed: %s", path,
			sqlite3_errmsg(dst));
	sqlite3_close(dst);
	return rc == SQLITE_OK ? JC_OK : JC_EINTERNAL;
}
