/*
 * db.h - the store interface: the only door to the database.
 *
 * Modules speak SQL through these functions and never include sqlite3.h, so a PostgreSQL
 * backend can be added behind the same calls. A struct db is one connection, used by one thread
 * at a time (each event loop and each worker owns its own). Statements come in two kinds:
 *   db_stmt()     - cached per connection, keyed by the SQL string's address, so pass string
 *                   literals; the statement is reset and unbound when handed out again;
 *   db_stmt_new() - for SQL built at run time; the caller frees it with db_stmt_free().
 * Columns and parameters are indexed from 0 and 1 respectively, as in SQL.
 *
 * Durability: WAL, synchronous=FULL, foreign keys on. Every write happens inside
 * db_begin()/db_commit(); db_rollback() is safe to call when no transaction is open.
 *
 * Fault injection (for the reliability tests): db_fault_set(n, code) makes the n-th database call
 * from now on this thread fail with that error, once; db_fault_fired() says whether it has.
 */
#ifndef JC_DB_H
#define JC_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;
struct db_stmt;

enum db_open_flags {
	DB_CREATE = 1,   /* create the file when absent */
	DB_READONLY = 2,
};

/* Opens path and brings its schema up to date (the migrations of migrations/). */
enum jc_err db_open(const char *path, int flags, struct db **out, struct jc_error *err);
void db_close(struct db *db);
const char *db_path(const struct db *db);

enum jc_err db_exec(struct db *db, const char *sql, struct jc_error *err);
enum jc_err db_begin(struct db *db, struct jc_error *err); /* a write transaction */
enum jc_err db_commit(struct db *db, struct jc_error *err);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

struct db_stmt *db_stmt(struct db *db, const char *sql);     /* borrowed, cached */
struct db_stmt *db_stmt_new(struct db *db, const char *sql, struct jc_error *err);
void db_stmt_free(struct db_stmt *s);

void db_bind_int(struct db_stmt *s, int i, int64_t v);
void db_bind_text(struct db_stmt *s, int i, const char *v);   /* NULL binds NULL; copied */
/* Binds without copying: v must stay valid until the statement is stepped and reset. */
void db_bind_text_static(struct db_stmt *s, int i, const char *v);
void db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n);
void db_bind_blob(struct db_stmt *s, int i, const void *p, size_t n);
void db_bind_null(struct db_stmt *s, int i);
/* Binds a day number as "YYYY-MM-DD", or NULL for DATE_NONE. */
void db_bind_date(struct db_stmt *s, int i, int date);

/* 1 = a row is ready, 0 = done (the statement is reset), -1 = error (filled in err; reset). */
int db_step(struct db_stmt *s, struct jc_error *err);
/* Runs a statement that returns no rows; resets it. */
enum jc_err db_run(struct db_stmt *s, struct jc_error *err);
void db_reset(struct db_stmt *s);

bool db_col_null(struct db_stmt *s, int i);
bool db_col_is_blob(struct db_stmt *s, int i);
int64_t db_col_int(struct db_stmt *s, int i);
const char *db_col_text(struct db_stmt *s, int i);  /* NULL for NULL; valid until next step */
const void *db_col_blob(struct db_stmt *s, int i, size_t *n);
int db_col_date(struct db_stmt *s, int i);          /* DATE_NONE for NULL */
int db_col_count(struct db_stmt *s);
const char *db_col_name(struct db_stmt *s, int i);

int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* One integer from a query with no parameters, or dflt when it returns no row. */
int64_t db_query_int(struct db *db, const char *sql, int64_t dflt);

void db_fault_set(long n, enum jc_err code);
bool db_fault_fired(void);

/* Online backup of the whole database into path (for `jiceng backup`). */
enum jc_err db_backup(struct db *db, const char *path, struct jc_error *err);

#endif
