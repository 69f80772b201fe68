/*
 * cli_check.c - `jiceng check`: whether a database is whole - SQLite's integrity check, the
 * subtree statistics equal to a recount of the registry, the audit chain intact, and the kept
 * summaries of organisational life equal to a recount of the monthly counts. Nothing is written
 * (the recounts run in a transaction that is rolled back), so a copy kept as evidence or a
 * backup can be checked as it is.
 *
 * `jiceng restore BACKUP --db PATH [--key KEYFILE]`: a backup (`jiceng backup`) made into a new
 * database at PATH - never over an existing one - after the backup itself passed SQLite's
 * integrity check; the master key, kept apart from backups, is copied beside it when given; then
 * the restored database is checked as above.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"
#include "keys/keys.h"
#include "orglife/orglife.h"
#include "stats/stats.h"

static void report(int64_t id, const char *what, void *ctx)
{
	printf("  %s %lld: %s\n", (const char *)ctx, (long long)id, what);
}

/* "ok" from PRAGMA integrity_check, or the first problem in out. */
static bool integrity(struct db *db, char *out, size_t cap)
{
	struct jc_error err = { 0 };
	struct db_stmt *s = db_stmt_new(db, "PRAGMA integrity_check", &err);
	snprintf(out, cap, "%s", "cannot run PRAGMA integrity_check");
	bool ok = false;
	if (s && db_step(s, &err) == 1) {
		snprintf(out, cap, "%s", db_col_text(s, 0));
		ok = !strcmp(out, "ok");
	}
	db_stmt_free(s);
	return ok;
}

/* Runs every check on db, printing one line each; 0 when all pass. */
static int check_all(struct db *db)
{
	int failed = 0;
	char what[256];
	bool ok = integrity(db, what, sizeof(what));
	printf("integrity: %s\n", what);
	failed += !ok;

	struct jc_error err = { 0 };
	long n = stats_verify(db, 0, report, "organisation", &err);
	if (n < 0)
		cli_print_error(&err);
	printf("statistics: %s\n", n == 0 ? "equal to a recount" : n < 0 ? "cannot recount" : "differ from a recount");
	failed += n != 0;

	memset(&err, 0, sizeof(err));
	const unsigned char *key = keys_audit_key();
	if (key && !db_exec(db, "BEGIN", &err)) {
		long long records = (long long)db_query_int(db, "SELECT count(*) FROM audit", -1);
		n = audit_verify(db, report, "audit record", &err);
		db_rollback(db);
		printf("audit chain: %s (%lld records)\n", n == 0 ? "intact" : n < 0 ? "cannot be read" : "BROKEN", records);
	} else {
		n = -1;
		printf("audit chain: cannot be checked: no master key\n");
	}
	failed += n != 0;

	memset(&err, 0, sizeof(err));
	long changed = -1;
	if (!db_begin(db, &err)) {
		if (orglife_kept_rebuild(db, &changed, &err))
			changed = -1;
		db_rollback(db); /* a recount to compare, not to keep */
	}
	if (changed < 0)
		cli_print_error(&err);
	printf("organisational-life summaries: %s\n", changed == 0 ? "equal to a recount"
						   : changed < 0 ? "cannot recount" : "differ from a recount (jiceng orglife rebuild)");
	failed += changed != 0;
	return failed ? 1 : 0;
}

int cli_check(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc != 1) {
		fprintf(stderr, "usage: jiceng check [--db PATH]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = check_all(db);
	db_close(db);
	printf("jiceng: check %s: %s\n", path, status ? "FAILED" : "ok");
	return status;
}

/* Copies the key file from to to (mode 0600, never over an existing file). */
static int copy_key(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	char buf[256];
	size_t n;
	int status = in && out ? 0 : 1;
	while (!status && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		status = fwrite(buf, 1, n, out) != n;
	if (in)
		fclose(in);
	if (out ? fclose(out) : fd >= 0 ? close(fd) : 0)
		status = 1;
	if (status)
		fprintf(stderr, "jiceng: restore: cannot copy the key %s to %s\n", from, to);
	return status;
}

int cli_restore(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *key = cli_option(&argc, argv, "--key");
	if (argc != 2) {
		fprintf(stderr, "usage: jiceng restore BACKUP --db PATH [--key KEYFILE]\n");
		return 2;
	}
	const char *backup = argv[1];
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "jiceng: restore: %s exists: a backup is restored into a new database only (move the old one aside)\n", path);
		return 1;
	}
	struct db *src;
	struct jc_error err = { 0 };
	if (db_open(backup, DB_READONLY, &src, &err)) {
		cli_print_error(&err);
		return 1;
	}
	char what[256];
	if (!integrity(src, what, sizeof(what))) {
		fprintf(stderr, "jiceng: restore: the backup %s fails SQLite's integrity check: %s\n", backup, what);
		db_close(src);
		return 1;
	}
	enum jc_err e = db_backup(src, path, &err);
	db_close(src);
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	char key_path[1024];
	snprintf(key_path, sizeof(key_path), "%s.key", path);
	if (key && copy_key(key, key_path))
		return 1;
	printf("jiceng: restored %s into %s; checking it\n", backup, path);
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = check_all(db);
	db_close(db);
	printf("jiceng: restore %s: %s\n", path, status ? "FAILED its checks" : "ok");
	return status;
}
