/*
 * test_import.c - the import engine (src/import/import.h) on a real database in a mkdtemp()
 * directory, reading CSV from memory: organisations then members committed; a preview that
 * checks every row and stores nothing; a commit refused for a bad row (JC_ERULE, nothing stored)
 * and the same with skip_bad; a scope that turns rows naming another subtree, or nothing, or a
 * new root into bad rows worded alike; the sink (header, bad rows with line and field, progress
 * with done) and the atomic counters; an unknown column, an empty file and a malformed one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/log.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "history/history.h"
#include "import/import.h"
#include "io/table.h"
#include "keys/keys.h"
#include "org/org.h"
#include "rules/rules.h"

static char dir[] = "/tmp/jc-import-XXXXXX";
static char path[64];
static struct db *db;
static const struct actor who = { "test", NULL };

/* What the sink saw. */
struct seen {
	char header[4][32];
	size_t columns;
	int bad;
	long line[8];
	char field[8][64], message[8][320];
	int progress_calls;
	bool done;
};

static void on_header(void *ctx, const struct table_row *row)
{
	struct seen *s = ctx;
	s->columns = row->count;
	for (size_t i = 0; i < row->count && i < 4; i++)
		snprintf(s->header[i], sizeof(s->header[i]), "%s", row->cells[i]);
}

static void on_bad(void *ctx, const struct table_row *row, const struct jc_error *why)
{
	struct seen *s = ctx;
	if (s->bad < 8) {
		s->line[s->bad] = row->line;
		snprintf(s->field[s->bad], sizeof(s->field[0]), "%s", why->field);
		snprintf(s->message[s->bad], sizeof(s->message[0]), "%s", why->message);
	}
	s->bad++;
}

static void on_progress(void *ctx, long rows, long bad, bool done)
{
	struct seen *s = ctx;
	(void)rows;
	(void)bad;
	s->progress_calls++;
	s->done |= done;
}

/* Imports text; fills *res and *seen; returns the engine's answer. */
static enum jc_err run(enum import_kind kind, enum import_mode mode, bool skip_bad, const char *scope,
		       const char *text, struct import_result *res, struct seen *seen, struct import_progress *p,
		       struct jc_error *err)
{
	struct table *t;
	memset(seen, 0, sizeof(*seen));
	memset(err, 0, sizeof(*err));
	assert_int_equal(table_open_mem(text, strlen(text), TABLE_AUTO, &t, err), JC_OK);
	struct audit_event ev = { "test", "operator", "", "import", "test.csv", "ok", "" };
	struct import_sink sink = { seen, on_header, on_bad, on_progress };
	struct import_options o = { kind, mode, skip_bad, scope, "test.csv", &who, &ev, p, &sink };
	enum jc_err e = import_run(db, t, &o, res, err);
	table_close(t);
	return e;
}

static int64_t members(void)
{
	return db_query_int(db, "SELECT count(*) FROM member", -1);
}

#define MEMBER_HEADER "org_code,name,id_number,ethnicity,education,occupation,admit_date,convert_date\n"

/* A valid ID number (GB 11643) into s: born on ymd ("19800101"), order n (odd: a man). */
static void id_number(const char *ymd, int n, char s[19])
{
	static const int w[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	snprintf(s, 19, "440703%s%03d", ymd, n);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	s[17] = "10X98765432"[sum % 11];
	s[18] = '\0';
}

/*
 * A members file: the header, then a row per organisation code (NULL-terminated), people born on
 * ymd ("19800101") with valid ID numbers, but for row bad_row (1-based; 0: none) whose check
 * character is wrong. Returns a static buffer.
 */
static const char *members_file(const char *ymd, int bad_row, ...)
{
	static char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text), MEMBER_HEADER);
	va_list ap;
	va_start(ap, bad_row);
	const char *code;
	for (int i = 1; (code = va_arg(ap, const char *)); i++) {
		char id[19];
		id_number(ymd, 11 * i, id);
		if (i == bad_row)
			id[17] = id[17] == '0' ? '1' : '0';
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s,党员%d,%s,01,bachelor,worker,2010-06-01,2011-06-01\n",
				      code, i, id);
	}
	va_end(ap);
	return text;
}

static int setup(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	log_set_level(LOG_WARN); /* not the migrations and the new key */
	if (crypto_init(&err) || !mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	if (db_open(path, DB_CREATE, &db, &err) || rules_sync(db, &err) || keys_load(db, path, true, &err))
		return -1;
	audit_set_key(keys_audit_key());
	/* The tree every test uses: county R, branches B1 and B2. */
	struct import_result res;
	struct seen seen;
	return run(IMPORT_ORGS, IMPORT_COMMIT, false, NULL,
		   "code,name,type,parent_code\nR,县委,county_committee,\nB1,一支部,branch,R\nB2,二支部,branch,R\n",
		   &res, &seen, NULL, &err) == JC_OK && res.stored == 3 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_commit(void **state)
{
	(void)state;
	const char *text = members_file("19800101", 0, "B1", "B2", NULL);
	struct import_result res;
	struct seen seen;
	struct import_progress p = { 0 };
	struct jc_error err;
	int64_t before = members();
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_COMMIT, false, NULL, text, &res, &seen, &p, &err), JC_OK);
	assert_true(res.committed);
	assert_true(res.batch_id > 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.stored, 2);
	assert_int_equal(members(), before + 2);
	assert_int_equal(atomic_load(&p.rows), 2);
	assert_int_equal(atomic_load(&p.bad), 0);
	assert_true(seen.done);
	assert_int_equal(seen.columns, 8);
	assert_string_equal(seen.header[0], "org_code");
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM audit WHERE event = 'import'", 0), 2);
}

static void test_preview_stores_nothing(void **state)
{
	(void)state;
	const char *text = members_file("19810101", 2, "B1", "B1", NULL);
	struct import_result res;
	struct seen seen;
	struct jc_error err;
	int64_t before = members(), batches = db_query_int(db, "SELECT count(*) FROM import_batch", -1);
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_PREVIEW, false, NULL, text, &res, &seen, NULL, &err), JC_OK);
	assert_false(res.committed);
	assert_int_equal(res.batch_id, 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.bad, 1);
	assert_int_equal(res.stored, 1);
	assert_int_equal(seen.bad, 1);
	assert_int_equal(seen.line[0], 3);
	assert_string_equal(seen.field[0], "id_number");
	assert_int_equal(members(), before);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM import_batch", -1), batches);
	assert_false(db_in_transaction(db));
}

static void test_refused_then_skip_bad(void **state)
{
	(void)state;
	const char *text = members_file("19820101", 0, "B1", "NOPE", "B2", NULL);
	struct import_result res;
	struct seen seen;
	struct jc_error err;
	int64_t before = members();
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_COMMIT, false, NULL, text, &res, &seen, NULL, &err), JC_ERULE);
	assert_string_equal(err.message, "1 of 3 rows are bad; nothing was imported");
	assert_false(res.committed);
	assert_int_equal(res.stored, 0);
	assert_int_equal(res.bad, 1);
	assert_string_equal(seen.field[0], "org_code");
	assert_string_equal(seen.message[0], "no organisation with code 'NOPE'");
	assert_int_equal(members(), before);
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_COMMIT, true, NULL, text, &res, &seen, NULL, &err), JC_OK);
	assert_true(res.committed);
	assert_int_equal(res.stored, 2);
	assert_int_equal(members(), before + 2);
}

static void test_scope(void **state)
{
	(void)state;
	struct org b1;
	assert_int_equal(org_get_by_code(db, "B1", &b1, NULL), JC_OK);
	const char *text = members_file("19830101", 0, "B1", "B2", "NOPE", NULL);
	struct import_result res;
	struct seen seen;
	struct jc_error err;
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_PREVIEW, false, b1.path, text, &res, &seen, NULL, &err), JC_OK);
	assert_int_equal(res.bad, 2);
	assert_string_equal(seen.field[0], "org_code");
	assert_string_equal(seen.message[0], "organisation 'B2' is unknown or outside the subtree of this import");
	assert_string_equal(seen.message[1], "organisation 'NOPE' is unknown or outside the subtree of this import");
	/* Organisations: a new root and a parent elsewhere are outside; a child of B1 is inside. */
	assert_int_equal(run(IMPORT_ORGS, IMPORT_PREVIEW, false, b1.path,
			     "code,name,type,parent_code\nG1,小组,group,B1\nX,新根,county_committee,\nG2,小组,group,B2\n",
			     &res, &seen, NULL, &err), JC_OK);
	assert_int_equal(res.stored, 1);
	assert_int_equal(seen.bad, 2);
	assert_string_equal(seen.field[0], "parent_code");
	assert_string_equal(seen.field[1], "parent_code");
}

static void test_bad_files(void **state)
{
	(void)state;
	struct import_result res;
	struct seen seen;
	struct jc_error err;
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_PREVIEW, false, NULL, "org_code,nickname\nB1,x\n", &res, &seen, NULL,
			     &err), JC_EINVAL);
	assert_string_equal(err.field, "nickname");
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_PREVIEW, false, NULL, "\n", &res, &seen, NULL, &err), JC_EINVAL);
	assert_string_equal(err.message, "'test.csv' is empty");
	int64_t before = members();
	char text[2048];
	snprintf(text, sizeof(text), "%sB1,\"open\n", members_file("19840101", 0, "B1", NULL));
	assert_int_equal(run(IMPORT_MEMBERS, IMPORT_COMMIT, true, NULL, text, &res, &seen, NULL, &err), JC_EINVAL);
	assert_non_null(strstr(err.message, "line 3"));
	assert_false(res.committed);
	assert_int_equal(members(), before);
	assert_false(db_in_transaction(db));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit),
		cmocka_unit_test(test_preview_stores_nothing),
		cmocka_unit_test(test_refused_then_skip_bad),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_bad_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
