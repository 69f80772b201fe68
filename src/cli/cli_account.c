/*
 * cli_account.c - accounts and keys from the command line: `jiceng account add|grant|unlock`,
 * `jiceng otp LOGIN` (the current second-factor code, on demo databases only), `jiceng keygen`
 * and `jiceng keys rotate`. Whoever runs these holds the database file and its key, so they act
 * as the system's operator; every action is in the audit trail as "cli:<login>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/date.h"
#include "cli/cli.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "keys/keys.h"

static void audit_cli(struct db *db, const char *event, const char *object, enum jc_err e)
{
	struct audit_event ev = { cli_actor(), "operator", "cli", event, object, e ? jc_err_name(e) : "ok", "" };
	audit_append(db, &ev, NULL);
}

static int account_add(struct db *db, int argc, char **argv)
{
	const char *name = cli_option(&argc, argv, "--name");
	const char *password = cli_option(&argc, argv, "--password");
	const char *role = cli_option(&argc, argv, "--role");
	const char *org = cli_option(&argc, argv, "--org");
	const char *member = cli_option(&argc, argv, "--member");
	bool enrol = cli_flag(&argc, argv, "--enrol-totp");
	if (argc != 3 || !password) {
		fprintf(stderr, "usage: jiceng account add LOGIN --password P [--name N] [--role R [--org ORG]] [--member ID]"
				" [--enrol-totp]\n");
		return 2;
	}
	int64_t org_id = org ? cli_org(db, org) : 0;
	if (org && !org_id)
		return 1;
	struct jc_error err = { 0 };
	int64_t id = 0;
	enum jc_err e = db_begin(db, &err);
	if (!e)
		e = auth_account_create(db, argv[2], name ? name : argv[2], password, member ? atoll(member) : 0, &id, &err);
	if (!e && role)
		e = auth_grant_role(db, id, role, org_id, cli_actor(), &err);
	char secret[33];
	if (!e && enrol) /* a secret nobody sees: its codes come from `jiceng otp`, on demo databases */
		e = crypto_totp_secret(secret) ? JC_EINTERNAL : auth_set_totp(db, id, secret, &err);
	if (!e)
		audit_cli(db, "account.create", argv[2], e);
	e = e ? (db_rollback(db), e) : db_commit(db, &err);
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: account '%s' created%s%s\n", argv[2], role ? " as " : "", role ? role : "");
	return 0;
}

static int account_grant(struct db *db, int argc, char **argv)
{
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: jiceng account grant LOGIN ROLE [ORG]\n");
		return 2;
	}
	int64_t org_id = argc == 5 ? cli_org(db, argv[4]) : 0, id;
	if (argc == 5 && !org_id)
		return 1;
	struct jc_error err = { 0 };
	enum jc_err e = auth_account_by_login(db, argv[2], &id, &err);
	if (!e && !(e = db_begin(db, &err))) {
		e = auth_grant_role(db, id, argv[3], org_id, cli_actor(), &err);
		audit_cli(db, "role.grant", argv[2], e);
		e = e ? (db_rollback(db), e) : db_commit(db, &err);
	}
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: '%s' is now %s\n", argv[2], argv[3]);
	return 0;
}

static int account_unlock(struct db *db, int argc, char **argv)
{
	int64_t id;
	struct jc_error err = { 0 };
	if (argc != 3) {
		fprintf(stderr, "usage: jiceng account unlock LOGIN\n");
		return 2;
	}
	enum jc_err e = auth_account_by_login(db, argv[2], &id, &err);
	if (!e && !(e = db_begin(db, &err))) {
		e = auth_account_unlock(db, id, &err);
		audit_cli(db, "account.unlock", argv[2], e);
		e = e ? (db_rollback(db), e) : db_commit(db, &err);
	}
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: '%s' unlocked\n", argv[2]);
	return 0;
}

int cli_account(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc < 2) {
		fprintf(stderr, "usage: jiceng account add|grant|unlock ...\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status;
	if (!strcmp(argv[1], "add"))
		status = account_add(db, argc, argv);
	else if (!strcmp(argv[1], "grant"))
		status = account_grant(db, argc, argv);
	else if (!strcmp(argv[1], "unlock"))
		status = account_unlock(db, argc, argv);
	else {
		fprintf(stderr, "jiceng: account: no subcommand '%s'\n", argv[1]);
		status = 2;
	}
	db_close(db);
	return status;
}

int cli_otp(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc != 2) {
		fprintf(stderr, "usage: jiceng otp LOGIN   (demo databases only)\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = 1;
	struct jc_error err = { 0 };
	int64_t id;
	char secret[33], code[9];
	if (db_query_int(db, "SELECT value = '1' FROM meta WHERE key = 'demo'", 0) != 1) {
		fprintf(stderr, "jiceng: otp works only on a database made by `jiceng demo` or `jiceng gen`\n");
	} else if (auth_account_by_login(db, argv[1], &id, &err) || auth_totp_secret(db, id, secret, &err) ||
		   crypto_totp_code(secret, clock_now(), 6, code)) {
		if (err.code)
			cli_print_error(&err);
	} else {
		printf("%s\n", code);
		status = 0;
	}
	crypto_wipe(secret, sizeof(secret));
	db_close(db);
	return status;
}

int cli_keygen(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: jiceng keygen FILE   (a new master key, 64 hex digits, mode 0600)\n");
		return 2;
	}
	struct jc_error err = { 0 };
	if (crypto_init(&err) || keys_generate_file(argv[1], &err)) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: a new master key is in %s\n", argv[1]);
	return 0;
}

int cli_keys(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc != 2 || strcmp(argv[1], "rotate")) {
		fprintf(stderr, "usage: jiceng keys rotate\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	struct jc_error err = { 0 };
	long n = 0;
	enum jc_err e = keys_rotate(db, &n, &err);
	audit_cli(db, "keys.rotate", path, e);
	db_close(db);
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: a new data key seals from now on; %ld members resealed\n", n);
	return 0;
}
