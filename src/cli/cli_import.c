/*
 * cli_import.c - `jiceng import orgs|members FILE`: CSV or XLSX, with the first row naming the
 * columns (field keys or their Chinese labels, e.g. "name" or "姓名"; organisations are named by
 * code in "org_code"/"所在党组织代码", "group_code"/"所在党小组代码" and "parent_code"/"上级组织代码").
 *
 * The engine is src/import/import.h: every row gets the checks of the API, in one transaction;
 * when any row is bad, nothing is imported (unless --skip-bad). Here every bad row is written with
 * its line, field, rule and reason, followed by the row itself, to an error file a secretary can
 * open in Excel (UTF-8 CSV with a byte-order mark), and progress is shown on a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"
#include "history/history.h"
#include "import/import.h"
#include "io/table.h"

struct cli_import {
	FILE *errors;
	const char *errors_path;
	bool tty;
	double started, last;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void csv_cell(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The sink's bad rows: one line each in the error file, opened at the first. */
static void record_bad(void *ctx, const struct table_row *row, const struct jc_error *err)
{
	struct cli_import *ci = ctx;
	if (!ci->errors) {
		ci->errors = fopen(ci->errors_path, "w");
		if (!ci->errors) {
			perror(ci->errors_path);
			return;
		}
		fputs("\xEF\xBB\xBF行号 line,字段 field,规则 rule,原因 reason\n", ci->errors);
	}
	char reason[512];
	snprintf(reason, sizeof(reason), "%s%s%s%s", err->message, err->article[0] ? " (" : "", err->article,
		 err->article[0] ? ")" : "");
	fprintf(ci->errors, "%ld,", row->line);
	csv_cell(ci->errors, err->field);
	fputc(',', ci->errors);
	csv_cell(ci->errors, err->rule);
	fputc(',', ci->errors);
	csv_cell(ci->errors, reason);
	for (size_t i = 0; i < row->count; i++) {
		fputc(',', ci->errors);
		csv_cell(ci->errors, row->cells[i]);
	}
	fputc('\n', ci->errors);
}

/* The sink's progress: a line rewritten at most four times a second, on a terminal only. */
static void progress(void *ctx, long rows, long bad, bool done)
{
	struct cli_import *ci = ctx;
	double now = now_s();
	if (!ci->tty || (!done && now - ci->last <= 0.25))
		return;
	ci->last = now;
	double secs = now - ci->started;
	fprintf(stderr, "\r  %ld rows read, %ld bad (%.0f rows/s)%s", rows, bad, secs > 0 ? rows / secs : 0.0,
		done ? "\n" : "");
}

int cli_import(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	bool skip = cli_flag(&argc, argv, "--skip-bad");
	const char *errors_path = cli_option(&argc, argv, "--errors");
	enum import_kind kind;
	if (argc != 3 || !import_kind_parse(argv[1], &kind)) {
		fprintf(stderr, "usage: jiceng import orgs|members FILE [--skip-bad] [--errors FILE]\n");
		return 2;
	}
	const char *file = argv[2];
	char default_errors[600];
	if (!errors_path) {
		snprintf(default_errors, sizeof(default_errors), "%s.errors.csv", file);
		errors_path = default_errors;
	}
	struct jc_error err = { 0 };
	struct table *t = NULL;
	if (table_open(file, TABLE_AUTO, &t, &err)) {
		cli_print_error(&err);
		return 1;
	}
	struct db *db = cli_open(path, false);
	if (!db) {
		table_close(t);
		return 1;
	}
	unlink(errors_path);
	/* A bulk load touches every index page many times: give it a large page cache (256 MB). */
	db_exec(db, "PRAGMA cache_size = -262144", NULL);
	struct cli_import ci = { NULL, errors_path, isatty(STDERR_FILENO), now_s(), 0 };
	struct actor who = { cli_actor(), NULL };
	struct audit_event ev = { who.name, "operator", "cli", "import", file, "ok", "" };
	struct import_sink sink = { &ci, NULL, record_bad, progress };
	struct import_options o = { kind, IMPORT_COMMIT, skip, NULL, file, &who, &ev, NULL, &sink };
	struct import_result res;
	enum jc_err e = import_run(db, t, &o, &res, &err);
	if (!e) {
		double secs = now_s() - ci.started;
		printf("jiceng: imported %ld %s from %s in %.2f s (%.0f rows/s)", res.stored, argv[1], file, secs,
		       secs > 0 ? res.stored / secs : 0.0);
		if (res.bad)
			printf("; skipped %ld bad rows, listed in %s", res.bad, errors_path);
		printf("\n");
	} else if (e == JC_ERULE && res.bad) {
		fprintf(stderr, "jiceng: %ld of %ld rows are bad; nothing was imported. "
				"Every bad row is listed in %s (or use --skip-bad)\n",
			res.bad, res.rows, errors_path);
	} else {
		cli_print_error(&err);
	}
	if (ci.errors)
		fclose(ci.errors);
	table_close(t);
	db_close(db);
	return e ? 1 : 0;
}
