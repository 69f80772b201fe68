/*
 * test_audit.c - unit tests of src/audit/audit.h on real SQLite databases: appending inside and
 * outside the caller's transactions (a rolled-back transaction takes its audit records with it
 * and the chain stays intact), the record and head format pinned against HMAC-SM3 computed here,
 * listing, the triggers that refuse UPDATE and DELETE, and tampering as an attacker with the
 * file would do it, each on a fresh copy of one trail of 20 records: an edit (one problem, not a
 * cascade), a value moved between fields, a deleted record, inserted records (renumbered, with
 * an id gap, below 1), the newest records deleted, a rewound or deleted head, appending after a
 * tamper, and a wrong key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "crypto/crypto.h"
#include "db/db.h"

#define RECORDS 20

static unsigned char key_a[AUDIT_KEY_LEN], key_b[AUDIT_KEY_LEN];
static char dir[64];
static char base_path[128];
static struct db *base;  /* the trail every tamper test copies */
static int copies;

/* --- helpers ------------------------------------------------------------------------------ */

struct seen {
	int n;
	int64_t id[128];
	char what[128][320];
};

static void collect(int64_t id, const char *what, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 128) {
		s->id[s->n] = id;
		snprintf(s->what[s->n], sizeof(s->what[0]), "%s", what);
	}
	s->n++;
}

static long verify(struct db *db, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	struct jc_error err = { 0 };
	long n = audit_verify(db, collect, s, &err);
	assert_true(n >= 0);
	assert_int_equal(n, s->n);
	return n;
}

static void print_problems(const struct seen *s)
{
	for (int i = 0; i < s->n && i < 128; i++)
		printf("    # %lld: %s\n", (long long)s->id[i], s->what[i]);
}

/* Verifies db and fails, listing what was found, unless there are exactly want problems. */
static void expect(struct db *db, struct seen *s, long want)
{
	long n = verify(db, s);
	if (n != want) {
		print_problems(s);
		fail_msg("expected %ld problems, found %ld", want, n);
	}
}

/* Fails unless problem i is at id and its text contains word. */
static void assert_problem(const struct seen *s, int i, int64_t id, const char *word)
{
	if (i < s->n && s->id[i] == id && strstr(s->what[i], word))
		return;
	print_problems(s);
	fail_msg("expected problem #%d at id %lld with '%s'", i, (long long)id, word);
}

static enum jc_err append(struct db *db, int i, struct jc_error *err)
{
	char object[32], detail[64];
	snprintf(object, sizeof(object), "member:%d", 100 + i);
	snprintf(detail, sizeof(detail), "record %d", i);
	struct audit_event e = {
		.account = i % 3 ? "zhang.san" : "li.si",
		.role = i % 3 ? "org_admin" : "audit_admin",
		.address = "192.0.2.7",
		.event = i % 4 == 0 ? "auth.login" : i % 4 == 1 ? "member.update" : i % 4 == 2 ?
				      "member.export" : "access.denied",
		.object = object,
		.result = i % 4 == 3 ? "denied" : "ok",
		.detail = detail,
	};
	return audit_append(db, &e, err);
}

static void exec(struct db *db, const char *sql)
{
	struct jc_error err = { 0 };
	if (db_exec(db, sql, &err) != JC_OK)
		fail_msg("test SQL failed: %s: %s", sql, err.message);
}

static int64_t count(struct db *db)
{
	return db_query_int(db, "SELECT count(*) FROM audit", -1);
}

/* A fresh copy of the base trail (20 records, intact), open. */
static struct db *copy(void)
{
	char path[160];
	snprintf(path, sizeof(path), "%s/copy%d.db", dir, ++copies);
	struct jc_error err = { 0 };
	assert_int_equal(db_backup(base, path, &err), JC_OK);
	struct db *db;
	assert_int_equal(db_open(path, 0, &db, &err), JC_OK);
	return db;
}

/* What an attacker with the file does first. */
static void drop_triggers(struct db *db)
{
	exec(db, "DROP TRIGGER audit_is_append_only_u; DROP TRIGGER audit_is_append_only_d;"
		 "DROP TRIGGER audit_head_forward_only; DROP TRIGGER audit_head_kept");
}

/* --- the base trail ------------------------------------------------------------------------- */

/* 20 records: some in their own transactions, some inside the caller's, which commits; and four
 * more in transactions with other writes that roll back. */
static int setup(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	if (crypto_init(&err) || crypto_random(key_a, sizeof(key_a)) ||
	    crypto_random(key_b, sizeof(key_b)))
		return -1;
	snprintf(dir, sizeof(dir), "/tmp/jiceng-test-audit-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(base_path, sizeof(base_path), "%s/base.db", dir);
	if (db_open(base_path, DB_CREATE, &base, &err))
		return -1;
	audit_set_key(key_a);
	int i = 1;
	for (; i <= 5; i++)
		if (append(base, i, &err))
			return -1;
	if (db_begin(base, &err) || db_exec(base, "INSERT INTO meta VALUES ('scratch', 'x')", &err) ||
	    append(base, 90, &err) || append(base, 91, &err))
		return -1;
	db_rollback(base);
	if (db_begin(base, &err) || db_exec(base, "INSERT INTO meta VALUES ('kept', 'y')", &err))
		return -1;
	for (; i <= 10; i++)
		if (append(base, i, &err))
			return -1;
	if (db_commit(base, &err))
		return -1;
	for (; i <= 15; i++)
		if (append(base, i, &err))
			return -1;
	if (db_begin(base, &err) || append(base, 92, &err) || append(base, 93, &err))
		return -1;
	db_rollback(base);
	for (; i <= RECORDS; i++)
		if (append(base, i, &err))
			return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_close(base);
	char path[200];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (int k = 0; k <= copies; k++)
		for (int j = 0; j < 3; j++) {
			if (k)
				snprintf(path, sizeof(path), "%s/copy%d.db%s", dir, k, suffix[j]);
			else
				snprintf(path, sizeof(path), "%s%s", base_path, suffix[j]);
			unlink(path);
		}
	rmdir(dir);
	return 0;
}

/* --- appending ---------------------------------------------------------------------------- */

static void test_appended_trail_is_intact(void **state)
{
	(void)state;
	struct seen s;
	assert_int_equal(count(base), RECORDS);
	assert_int_equal(db_query_int(base, "SELECT min(id) FROM audit", -1), 1);
	assert_int_equal(db_query_int(base, "SELECT max(id) FROM audit", -1), RECORDS);
	/* The rolled-back records took nothing with them but themselves and their transaction. */
	assert_int_equal(db_query_int(base, "SELECT count(*) FROM audit WHERE detail >= 'record 9'"
					    " AND detail < 'record :'", -1), 1); /* only 'record 9' */
	assert_int_equal(db_query_int(base, "SELECT count(*) FROM meta WHERE key = 'scratch'", -1), 0);
	assert_int_equal(db_query_int(base, "SELECT count(*) FROM meta WHERE key = 'kept'", -1), 1);
	assert_int_equal(db_query_int(base, "SELECT count(*) FROM audit WHERE length(mac) = 32", -1),
			 RECORDS);
	expect(base, &s, 0);
}

/* Row 1 and the head recomputed here from the format written in audit.h. */
static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static void test_format_pinned(void **state)
{
	(void)state;
	struct db_stmt *s = db_stmt_new(base,
		"SELECT id, at, account, role, address, event, object, result, detail, mac"
		" FROM audit WHERE id <= 2 ORDER BY id", NULL);
	assert_non_null(s);
	unsigned char prev[32] = { 0 };
	for (int row = 1; row <= 2; row++) {
		assert_int_equal(db_step(s, NULL), 1);
		assert_int_equal(db_col_int(s, 0), row);
		unsigned char msg[1024];
		size_t n = strlen("jiceng audit 1");
		memcpy(msg, "jiceng audit 1", n);
		memcpy(msg + n, prev, 32);
		n += 32;
		put_u64(msg + n, (uint64_t)row);
		n += 8;
		for (int i = 1; i <= 8; i++) {
			const char *t = db_col_text(s, i);
			size_t len = strlen(t);
			assert_true(n + 8 + len <= sizeof(msg));
			put_u64(msg + n, len);
			memcpy(msg + n + 8, t, len);
			n += 8 + len;
		}
		unsigned char want[32];
		crypto_hmac_sm3(key_a, sizeof(key_a), msg, n, want);
		size_t mac_len;
		const void *mac = db_col_blob(s, 9, &mac_len);
		assert_int_equal(mac_len, 32);
		assert_memory_equal(mac, want, 32);
		memcpy(prev, want, 32);
	}
	db_stmt_free(s);

	/* The head: "<id>:<mac hex>:<HMAC-SM3(key, "jiceng audit head 1" | u64(id) | mac) hex>". */
	s = db_stmt_new(base, "SELECT value, (SELECT hex(mac) FROM audit WHERE id = 20)"
			      " FROM meta WHERE key = 'audit_head'", NULL);
	assert_int_equal(db_step(s, NULL), 1);
	const char *head = db_col_text(s, 0);
	char mac_hex[65];
	snprintf(mac_hex, sizeof(mac_hex), "%s", db_col_text(s, 1));
	for (char *c = mac_hex; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
	unsigned char mac[32], msg[19 + 8 + 32], tag[32];
	for (int i = 0; i < 32; i++) {
		unsigned v;
		sscanf(mac_hex + 2 * i, "%2x", &v);
		mac[i] = (unsigned char)v;
	}
	memcpy(msg, "jiceng audit head 1", 19);
	put_u64(msg + 19, 20);
	memcpy(msg + 27, mac, 32);
	crypto_hmac_sm3(key_a, sizeof(key_a), msg, sizeof(msg), tag);
	char want[200], tag_hex[65];
	for (int i = 0; i < 32; i++)
		sprintf(tag_hex + 2 * i, "%02x", tag[i]);
	snprintf(want, sizeof(want), "20:%s:%s", mac_hex, tag_hex);
	assert_string_equal(head, want);
	db_stmt_free(s);
}

static void test_null_fields_recorded_empty(void **state)
{
	(void)state;
	struct db *db = copy();
	struct audit_event e = { .event = "auth.logout" };
	struct jc_error err = { 0 };
	assert_int_equal(audit_append(db, &e, &err), JC_OK);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM audit WHERE id = 21 AND account = ''"
					  " AND role = '' AND address = '' AND object = '' AND result = ''"
					  " AND detail = '' AND at LIKE '____-__-__T__:__:__Z'", -1), 1);
	struct seen s;
	expect(db, &s, 0);
	db_close(db);
}

static void test_list_newest_first(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	json_t *all = audit_list_json(base, 0, 100, NULL, &err);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), RECORDS);
	json_t *first = json_array_get(all, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), RECORDS);
	assert_string_equal(json_string_value(json_object_get(first, "detail")), "record 20");
	assert_string_equal(json_string_value(json_object_get(first, "event")), "auth.login");
	assert_string_equal(json_string_value(json_object_get(first, "address")), "192.0.2.7");
	assert_non_null(json_string_value(json_object_get(first, "at")));
	assert_null(json_object_get(first, "mac"));
	json_decref(all);

	json_t *page = audit_list_json(base, 8, 3, "", &err); /* ids 7, 6, 5 */
	assert_int_equal(json_array_size(page), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 0), "id")), 7);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 2), "id")), 5);
	json_decref(page);

	json_t *members = audit_list_json(base, 0, 100, "member.", &err); /* i % 4 == 1 or 2 */
	assert_int_equal(json_array_size(members), 10);
	size_t i;
	json_t *r;
	int64_t last = INT64_MAX;
	json_array_foreach(members, i, r) {
		assert_true(!strncmp(json_string_value(json_object_get(r, "event")), "member.", 7));
		assert_true(json_integer_value(json_object_get(r, "id")) < last);
		last = json_integer_value(json_object_get(r, "id"));
	}
	json_decref(members);

	json_t *exports = audit_list_json(base, 0, 2, "member.export", &err);
	assert_int_equal(json_array_size(exports), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(exports, 0), "id")), 18);
	json_decref(exports);

	json_t *none = audit_list_json(base, 0, 0, "zzz", &err); /* limit 0 is 1 */
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
}

/* --- (f) the triggers ----------------------------------------------------------------------- */

static void test_update_and_delete_refused(void **state)
{
	(void)state;
	struct db *db = copy();
	struct jc_error err = { 0 };
	assert_int_not_equal(db_exec(db, "UPDATE audit SET detail = 'x' WHERE id = 3", &err), JC_OK);
	assert_int_not_equal(db_exec(db, "DELETE FROM audit WHERE id = 20", NULL), JC_OK);
	assert_int_not_equal(db_exec(db, "DELETE FROM audit", NULL), JC_OK);
	assert_int_not_equal(db_exec(db, "DELETE FROM meta WHERE key = 'audit_head'", NULL), JC_OK);
	assert_int_not_equal(db_exec(db, "UPDATE meta SET value = '19' || substr(value, 3)"
					 " WHERE key = 'audit_head'", NULL), JC_OK);
	assert_int_not_equal(db_exec(db, "UPDATE meta SET key = 'old' WHERE key = 'audit_head'", NULL),
			     JC_OK);
	assert_int_equal(count(db), RECORDS);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM audit WHERE detail = 'x'", -1), 0);
	struct seen s;
	expect(db, &s, 0);
	/* Appending still moves the head forward. */
	assert_int_equal(append(db, 21, &err), JC_OK);
	expect(db, &s, 0);
	db_close(db);
}

/* --- (a) edits ------------------------------------------------------------------------------- */

static void test_edit_reported_once(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "UPDATE audit SET detail = 'nothing happened' WHERE id = 7");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 7, "altered");
	db_close(db);
}

static void test_edits_of_two_rows_and_the_newest(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "UPDATE audit SET result = 'failed' WHERE id = 4;"
		 "UPDATE audit SET at = '2020-01-01T00:00:00Z' WHERE id = 12;"
		 "UPDATE audit SET account = 'someone' WHERE id = 20");
	struct seen s;
	expect(db, &s, 3);
	assert_problem(&s, 0, 4, "altered");
	assert_problem(&s, 1, 12, "altered");
	assert_problem(&s, 2, 20, "altered");
	db_close(db);
}

/* "zhang.san"/"org_admin" rewritten as "zhang.sanorg_"/"admin": the same bytes, other fields. */
static void test_bytes_moved_between_fields(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "UPDATE audit SET account = 'zhang.sanorg_', role = 'admin' WHERE id = 5");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 5, "altered");
	/* And bytes after a NUL, which C strings would not see. */
	exec(db, "UPDATE audit SET detail = CAST(detail || x'00' || 'hidden' AS TEXT) WHERE id = 9");
	expect(db, &s, 2);
	assert_problem(&s, 1, 9, "altered");
	db_close(db);
}

static void test_edit_with_new_mac(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "UPDATE audit SET detail = 'forged', mac = randomblob(32) WHERE id = 7");
	struct seen s;
	/* Row 8 no longer chains to what is stored before it: reported too, no further. */
	expect(db, &s, 2);
	assert_problem(&s, 0, 7, "MAC does not match");
	assert_problem(&s, 1, 8, "MAC does not match");
	exec(db, "UPDATE audit SET mac = x'00' WHERE id = 14"); /* not even 32 bytes */
	expect(db, &s, 4);
	assert_problem(&s, 2, 14, "MAC does not match");
	assert_problem(&s, 3, 15, "MAC does not match");
	db_close(db);
}

/* --- (b) deletions ------------------------------------------------------------------------- */

static void test_deleted_rows_reported(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id = 10");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 10, "missing: deleted");
	exec(db, "DELETE FROM audit WHERE id BETWEEN 2 AND 4; DELETE FROM audit WHERE id = 1");
	expect(db, &s, 2);
	assert_problem(&s, 0, 1, "missing, and so are records 2 to 4 after it: deleted");
	assert_problem(&s, 1, 10, "missing: deleted");
	db_close(db);
}

/* Deleted, and the ids after renumbered down to close the gap. */
static void test_deleted_and_renumbered(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id IN (10, 11);"
		 "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id > 11;"
		 "DELETE FROM audit WHERE id > 11;"
		 "INSERT INTO audit SELECT id - 2, at, account, role, address, event, object, result,"
		 " detail, mac FROM t");
	struct seen s;
	/* Record 10 now holds what was 12, which chained from the deleted 11; the head names 20, of
	 * which the last row (18) was written as 20. */
	expect(db, &s, 1);
	assert_problem(&s, 0, 10, "2 records before it were deleted");
	db_close(db);
}

/* Ids moved up, leaving a gap but no record missing. */
static void test_renumbered_up(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id > 15;"
		 "DELETE FROM audit WHERE id > 15;"
		 "INSERT INTO audit SELECT id + 5, at, account, role, address, event, object, result,"
		 " detail, mac FROM t");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 16, "unused, up to id 20: the records from id 21 on were renumbered up"
				  " (21 was written as 16)");
	db_close(db);
}

/* --- (c) insertions --------------------------------------------------------------------------- */

static void test_inserted_row_renumbered(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id > 10;"
		 "DELETE FROM audit WHERE id > 10;"
		 "INSERT INTO audit SELECT id + 1, at, account, role, address, event, object, result,"
		 " detail, mac FROM t;"
		 "INSERT INTO audit VALUES (11, '2024-01-01T00:00:00Z', 'li.si', 'org_admin',"
		 " '192.0.2.7', 'member.update', 'member:1', 'ok', 'a forged record', randomblob(32))");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 11, "inserted");
	db_close(db);
}

static void test_inserted_rows_at_the_start(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "CREATE TEMP TABLE t AS SELECT * FROM audit;"
		 "DELETE FROM audit;"
		 "INSERT INTO audit SELECT id + 2, at, account, role, address, event, object, result,"
		 " detail, mac FROM t;"
		 "INSERT INTO audit SELECT id, at, account, role, address, event, object, result,"
		 " 'forged', randomblob(32) FROM t WHERE id <= 2");
	struct seen s;
	expect(db, &s, 2);
	assert_problem(&s, 0, 1, "inserted");
	assert_problem(&s, 1, 2, "inserted");
	db_close(db);
}

static void test_inserted_with_an_id_gap_or_below_one(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "INSERT INTO audit SELECT 25, at, account, role, address, event, object, result,"
		 " 'forged', mac FROM audit WHERE id = 20");
	struct seen s;
	expect(db, &s, 2);
	assert_problem(&s, 0, 21, "records 22 to 24 after it");
	assert_problem(&s, 1, 25, "goes on past its chain head");

	struct db *db2 = copy();
	drop_triggers(db2);
	exec(db2, "INSERT INTO audit SELECT 0, at, account, role, address, event, object, result,"
		  " detail, mac FROM audit WHERE id = 1");
	exec(db2, "INSERT INTO audit SELECT 21, at, account, role, address, event, object, result,"
		  " detail, randomblob(32) FROM audit WHERE id = 20");
	expect(db2, &s, 2);
	assert_problem(&s, 0, 0, "out of sequence");
	assert_problem(&s, 1, 21, "added after the newest record");
	db_close(db2);
	db_close(db);
}

/* --- (d) the newest deleted, and the head ------------------------------------------------- */

static void test_newest_deleted_reported_by_head(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id = 20");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 20, "missing: deleted (it was the newest record)");
	exec(db, "DELETE FROM audit WHERE id >= 17");
	expect(db, &s, 1);
	assert_problem(&s, 0, 17, "records 18 to 20 after it: deleted (they were the newest)");
	exec(db, "DELETE FROM audit");
	expect(db, &s, 1);
	assert_problem(&s, 0, 20, "every record was deleted");
	db_close(db);
}

static void test_head_rewound_or_deleted(void **state)
{
	(void)state;
	struct db *db = copy();
	drop_triggers(db);
	/* Rewound to record 19 with its real mac: the tag does not verify without the key. */
	exec(db, "DELETE FROM audit WHERE id = 20;"
		 "UPDATE meta SET value = '19:' || lower(hex((SELECT mac FROM audit WHERE id = 19)))"
		 " || ':' || substr(value, 69) WHERE key = 'audit_head'");
	struct seen s;
	expect(db, &s, 1);
	assert_problem(&s, 0, 19, "does not verify");
	exec(db, "DELETE FROM meta WHERE key = 'audit_head'");
	expect(db, &s, 1);
	assert_problem(&s, 0, 19, "chain head (meta 'audit_head') is missing");
	exec(db, "INSERT INTO meta VALUES ('audit_head', 'garbage')");
	expect(db, &s, 1);
	assert_problem(&s, 0, 19, "malformed");
	db_close(db);
}

/* --- (e) appending after a tamper ------------------------------------------------------------ */

static void test_append_after_tamper_keeps_it_visible(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	struct seen s;

	struct db *db = copy(); /* the newest deleted: the next record leaves its id unused */
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id = 20");
	assert_int_equal(append(db, 21, &err), JC_OK);
	assert_int_equal(append(db, 22, &err), JC_OK);
	assert_int_equal(db_query_int(db, "SELECT max(id) FROM audit", -1), 22);
	expect(db, &s, 1);
	assert_problem(&s, 0, 20, "missing: deleted");
	db_close(db);

	db = copy(); /* an edit and a deletion in the middle */
	drop_triggers(db);
	exec(db, "UPDATE audit SET object = 'member:1' WHERE id = 3; DELETE FROM audit WHERE id = 8");
	assert_int_equal(append(db, 21, &err), JC_OK);
	expect(db, &s, 2);
	assert_problem(&s, 0, 3, "altered");
	assert_problem(&s, 1, 8, "missing: deleted");
	db_close(db);

	db = copy(); /* the newest deleted and the head rewound: the next record chains from zero */
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id = 20;"
		 "UPDATE meta SET value = '19:' || lower(hex((SELECT mac FROM audit WHERE id = 19)))"
		 " || ':' || substr(value, 69) WHERE key = 'audit_head'");
	assert_int_equal(append(db, 21, &err), JC_OK);
	expect(db, &s, 1);
	assert_problem(&s, 0, 20, "chains from zero bytes");
	db_close(db);

	db = copy(); /* the head deleted */
	drop_triggers(db);
	exec(db, "DELETE FROM audit WHERE id >= 19; DELETE FROM meta WHERE key = 'audit_head'");
	assert_int_equal(append(db, 21, &err), JC_OK);
	expect(db, &s, 1);
	assert_problem(&s, 0, 19, "chains from zero bytes");
	db_close(db);
}

/* --- (g) the key ------------------------------------------------------------------------------ */

static void test_wrong_key_every_row(void **state)
{
	(void)state;
	struct seen s;
	audit_set_key(key_b);
	long n = verify(base, &s);
	audit_set_key(key_a);
	assert_int_equal(n, RECORDS + 1);
	for (int i = 0; i < RECORDS; i++)
		assert_problem(&s, i, i + 1, "MAC does not match");
	assert_problem(&s, RECORDS, RECORDS, "does not verify");
	expect(base, &s, 0);
}

/* Longer than the run verify holds back: still each record once, in order. */
static void test_wrong_key_long_trail(void **state)
{
	(void)state;
	struct db *db = copy();
	struct jc_error err = { 0 };
	for (int i = RECORDS + 1; i <= 100; i++)
		assert_int_equal(append(db, i, &err), JC_OK);
	struct seen s;
	expect(db, &s, 0);
	audit_set_key(key_b);
	long n = verify(db, &s);
	audit_set_key(key_a);
	assert_int_equal(n, 101);
	for (int i = 0; i < 100; i++)
		assert_problem(&s, i, i + 1, "MAC does not match");
	assert_problem(&s, 100, 100, "does not verify");
	db_close(db);
}

static void test_store_error_is_minus_one(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	db_fault_set(2, JC_EINTERNAL);
	assert_int_equal(audit_verify(base, NULL, NULL, &err), -1);
	assert_int_equal(err.code, JC_EINTERNAL);
	db_fault_set(0, JC_OK);

	/* A failed append in its own transaction leaves nothing behind. */
	struct db *db = copy();
	jc_error_clear(&err);
	db_fault_set(4, JC_EUNAVAIL);
	assert_int_not_equal(append(db, 21, &err), JC_OK);
	db_fault_set(0, JC_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db), RECORDS);
	struct seen s;
	expect(db, &s, 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appended_trail_is_intact),
		cmocka_unit_test(test_format_pinned),
		cmocka_unit_test(test_null_fields_recorded_empty),
		cmocka_unit_test(test_list_newest_first),
		cmocka_unit_test(test_update_and_delete_refused),
		cmocka_unit_test(test_edit_reported_once),
		cmocka_unit_test(test_edits_of_two_rows_and_the_newest),
		cmocka_unit_test(test_bytes_moved_between_fields),
		cmocka_unit_test(test_edit_with_new_mac),
		cmocka_unit_test(test_deleted_rows_reported),
		cmocka_unit_test(test_deleted_and_renumbered),
		cmocka_unit_test(test_renumbered_up),
		cmocka_unit_test(test_inserted_row_renumbered),
		cmocka_unit_test(test_inserted_rows_at_the_start),
		cmocka_unit_test(test_inserted_with_an_id_gap_or_below_one),
		cmocka_unit_test(test_newest_deleted_reported_by_head),
		cmocka_unit_test(test_head_rewound_or_deleted),
		cmocka_unit_test(test_append_after_tamper_keeps_it_visible),
		cmocka_unit_test(test_wrong_key_every_row),
		cmocka_unit_test(test_wrong_key_long_trail),
		cmocka_unit_test(test_store_error_is_minus_one),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
