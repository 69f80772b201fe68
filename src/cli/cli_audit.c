/*
 * cli_audit.c - `jiceng audit verify` and `jiceng audit list`: the audit trail from the command
 * line. verify recomputes the HMAC-SM3 chain (src/audit/audit.h) with the key derived from the
 * database's master key and lists each problem; list prints the newest records. Neither writes
 * to the trail, so that verify can be run on a copy kept as evidence without changing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"
#include "keys/keys.h"

static void report(int64_t id, const char *what, void *ctx)
{
	(void)ctx;
	printf("record %lld: %s\n", (long long)id, what);
}

static int verify(struct db *db)
{
	const unsigned char *key = keys_audit_key();
	if (!key) {
		fprintf(stderr, "jiceng: the audit key is not available: no master key was loaded\n");
		return 1;
	}
	audit_set_key(key);
	struct jc_error err = { 0 };
	if (db_exec(db, "BEGIN", &err)) { /* one snapshot for the count and the walk */
		cli_print_error(&err);
		return 1;
	}
	long long records = (long long)db_query_int(db, "SELECT count(*) FROM audit", -1);
	long n = audit_verify(db, report, NULL, &err);
	db_rollback(db);
	if (n < 0 || records < 0) {
		if (!err.code)
			jc_fail(&err, JC_EINTERNAL, NULL, NULL, "cannot read the audit trail");
		cli_print_error(&err);
		return 1;
	}
	if (n == 0) {
		printf("intact: %lld record%s\n", records, records == 1 ? "" : "s");
		return 0;
	}
	printf("jiceng: audit verify: %ld problem%s in %lld record%s\n", n, n == 1 ? "" : "s", records,
	       records == 1 ? "" : "s");
	return 1;
}

static const char *field(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

static int list(struct db *db, int limit, long long before, const char *event)
{
	struct jc_error err = { 0 };
	json_t *rows = audit_list_json(db, before, limit, event, &err);
	if (!rows) {
		cli_print_error(&err);
		return 1;
	}
	printf("%-7s %-20s %-18s %-22s %-15s %-20s %-28s %-8s %s\n", "id", "at (UTC)", "account",
	       "role", "address", "event", "object", "result", "detail");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		printf("%-7lld %-20s %-18s %-22s %-15s %-20s %-28s %-8s %s\n",
		       (long long)json_integer_value(json_object_get(r, "id")), field(r, "at"),
		       field(r, "account"), field(r, "role"), field(r, "address"), field(r, "event"),
		       field(r, "object"), field(r, "result"), field(r, "detail"));
	}
	json_decref(rows);
	return 0;
}

/* A whole number in [lo, hi] from an option's value, or -1. */
static long long number(const char *s, long long lo, long long hi)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return (*s && !*end && v >= lo && v <= hi) ? v : -1;
}

int cli_audit(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *limit_arg = cli_option(&argc, argv, "--limit");
	const char *before_arg = cli_option(&argc, argv, "--before");
	const char *event = cli_option(&argc, argv, "--event");
	bool is_verify = argc == 2 && !strcmp(argv[1], "verify");
	bool is_list = argc == 2 && !strcmp(argv[1], "list");
	long long limit = limit_arg ? number(limit_arg, 1, 1000) : 50;
	long long before = before_arg ? number(before_arg, 1, INT64_MAX) : 0;
	if ((!is_verify && !is_list) || (is_verify && (limit_arg || before_arg || event)) ||
	    limit < 0 || before < 0) {
		fprintf(stderr, "usage: jiceng audit verify [--db PATH]\n"
				"       jiceng audit list [--limit N (1-1000, 50)] [--before ID]"
				" [--event PREFIX] [--db PATH]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = is_verify ? verify(db) : list(db, (int)limit, before, event);
	db_close(db);
	return status;
}
