/* cli_common.c - options, opening the database, naming organisations, printing errors. */
#include "cli/cli.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "db/db.h"
#include "keys/keys.h"
#include "org/org.h"
#include "rules/rules.h"

static void drop(int *argc, char **argv, int i, int n)
{
	for (int k = i; k + n <= *argc; k++)
		argv[k] = argv[k + n];
	*argc -= n;
}

const char *cli_option(int *argc, char **argv, const char *name)
{
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], name) != 0)
			continue;
		if (i + 1 >= *argc) {
			fprintf(stderr, "jiceng: %s needs a value\n", name);
			exit(2);
		}
		const char *v = argv[i + 1];
		drop(argc, argv, i, 2);
		return v;
	}
	return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name)
{
	for (int i = 1; i < *argc; i++)
		if (!strcmp(argv[i], name)) {
			drop(argc, argv, i, 1);
			return true;
		}
	return false;
}

const char *cli_db_path(int *argc, char **argv)
{
	const char *p = cli_option(argc, argv, "--db");
	if (!p)
		p = getenv("JICENG_DB");
	return p && *p ? p : "var/jiceng.db";
}

void cli_print_error(const struct jc_error *err)
{
	fprintf(stderr, "jiceng: %s", err->message);
	if (err->field[0])
		fprintf(stderr, " [field '%s']", err->field);
	if (err->rule[0])
		fprintf(stderr, " [rule '%s'%s%s]", err->rule, err->article[0] ? ": " : "", err->article);
	fprintf(stderr, "\n");
}

struct db *cli_open(const char *path, bool create)
{
	struct db *db;
	struct jc_error err = { 0 };
	if (db_open(path, create ? DB_CREATE : 0, &db, &err) || rules_sync(db, &err) ||
	    keys_load(db, path, create, &err)) {
		if (err.code == JC_ENOTFOUND)
			fprintf(stderr, "jiceng: no database at '%s' (create one with `jiceng init` or `jiceng demo`)\n", path);
		else
			cli_print_error(&err);
		db_close(db);
		return NULL;
	}
	audit_set_key(keys_audit_key());
	return db;
}

int64_t cli_org(struct db *db, const char *arg)
{
	/* A code first (what people know: "4407", "440703001001"), then an internal id. */
	struct org o;
	struct jc_error err = { 0 };
	if (org_get_by_code(db, arg, &o, &err) == JC_OK)
		return o.id;
	char *end;
	long long id = strtoll(arg, &end, 10);
	if (*end == '\0' && id > 0 && org_get(db, id, &o, NULL) == JC_OK)
		return o.id;
	fprintf(stderr, "jiceng: no organisation with code or id '%s'\n", arg);
	return 0;
}

const char *cli_actor(void)
{
	static char name[80];
	if (!name[0]) {
		struct passwd *pw = getpwuid(getuid());
		snprintf(name, sizeof(name), "cli:%s", pw ? pw->pw_name : "unknown");
	}
	return name;
}
