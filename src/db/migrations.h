/*
 * migrations.h - bringing a database's schema up to date.
 *
 * The numbered files of migrations/ are compiled into the program (build/gen/migrations_data.c)
 * and applied in order, each in its own transaction, and recorded in schema_migration. A file
 * once released is never edited: a change is a new file.
 */
#ifndef JC_MIGRATIONS_H
#define JC_MIGRATIONS_H

#include "base/err.h"

struct db;

struct migration {
	const char *name; /* file name, e.g. "0001_foundation.sql" */
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

enum jc_err migrations_apply(struct db *db, struct jc_error *err);

#endif
