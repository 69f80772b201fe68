/*
 * table.h - reading rows of a CSV or XLSX file, for imports.
 *
 * One interface over both formats. CSV is RFC 4180 (libcsv), UTF-8 with or without a BOM; a file
 * that is not valid UTF-8 is read as GB18030 (what Excel on a Chinese system saves) and converted.
 * XLSX is the first worksheet (libzip + expat): shared and inline strings, numbers as written,
 * and cells with a date format as "YYYY-MM-DD". Empty trailing cells are dropped; empty rows
 * are skipped.
 *
 * Row numbers are what a secretary sees when she opens the file: the CSV line where the record
 * starts, or the XLSX row number.
 */
#ifndef JC_TABLE_H
#define JC_TABLE_H

#include <stddef.h>

#include "base/err.h"

struct table;

struct table_row {
	size_t count;         /* cells in this row */
	const char **cells;   /* NUL-terminated UTF-8; valid until the next table_next() */
	const size_t *lens;
	long line;            /* 1-based line (CSV) or row (XLSX) in the file */
};

enum table_format { TABLE_AUTO, TABLE_CSV, TABLE_XLSX };

/* Opens path; TABLE_AUTO decides by the content (a ZIP signature is XLSX). */
enum jc_err table_open(const char *path, enum table_format format, struct table **out,
		       struct jc_error *err);
/* Opens a file already in memory (the buffer is borrowed and must outlive the table). */
enum jc_err table_open_mem(const void *data, size_t len, enum table_format format,
			   struct table **out, struct jc_error *err);
/* 1 = a row is in *row, 0 = end of file, -1 = the file is malformed (err says where). */
int table_next(struct table *t, struct table_row *row, struct jc_error *err);
void table_close(struct table *t);

#ifdef JC_TABLE_BACKEND
/*
 * For src/io/table*.c only (they define JC_TABLE_BACKEND): the back ends behind the interface
 * above. A back end embeds struct table as its first member and sets ops; table.c owns the other
 * fields, so the back ends need not repeat an end or a failure to a caller who asks again.
 */
struct table_ops {
	/* As table_next(); not called again once it returned 0 or -1. err is never NULL. */
	int (*next)(struct table *t, struct table_row *row, struct jc_error *err);
	/* Frees t and everything it owns. */
	void (*close)(struct table *t);
};

struct table {
	const struct table_ops *ops;
	int last;              /* table.c: 1 while rows may follow, then the final 0 or -1 */
	struct jc_error error; /* table.c: the failure repeated by later calls */
};

/* Where a table's bytes come from: an open file (fd >= 0, taken: the back end closes it, also
 * when opening fails) or, when fd < 0, a buffer borrowed for the table's life. */
struct table_source {
	int fd;
	const unsigned char *data;
	size_t len;
};

enum jc_err table_csv_open(const struct table_source *src, struct table **out,
			   struct jc_error *err);
enum jc_err table_xlsx_open(const struct table_source *src, struct table **out,
			    struct jc_error *err);
#endif

#endif
