/* cli_stats.c - `jiceng stats ORG`, `jiceng stats verify`, `jiceng rules list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "db/db.h"
#include "org/org.h"
#include "rules/rules.h"
#include "stats/stats.h"

static void report(int64_t org_id, const char *what, void *ctx)
{
	(void)ctx;
	printf("org %lld: %s\n", (long long)org_id, what);
}

static int verify(struct db *db, bool fix)
{
	struct jc_error err = { 0 };
	if (fix && db_begin(db, &err)) {
		cli_print_error(&err);
		return 1;
	}
	long n = stats_verify(db, fix, report, NULL, &err);
	if (n < 0 || (fix && db_commit(db, &err))) {
		db_rollback(db);
		cli_print_error(&err);
		return 1;
	}
	long long orgs = (long long)db_query_int(db, "SELECT count(*) FROM org", 0);
	printf("jiceng: stats verify: %lld organisations recounted, %ld differ%s\n", orgs, n,
	       fix && n ? " (fixed)" : "");
	return n == 0 || fix ? 0 : 1;
}

int cli_stats(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *year = cli_option(&argc, argv, "--year");
	bool fix = cli_flag(&argc, argv, "--fix");
	if (argc != 2) {
		fprintf(stderr, "usage: jiceng stats ORG [--year Y] | jiceng stats verify [--fix]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = 1;
	if (!strcmp(argv[1], "verify")) {
		status = verify(db, fix);
	} else {
		int64_t id = cli_org(db, argv[1]);
		struct stats_vec v;
		struct jc_error err = { 0 };
		if (id && stats_load(db, id, &v, &err) == JC_OK) {
			json_t *j = stats_to_json(&v, year ? atoi(year) : date_year(date_today()));
			json_dumpf(j, stdout, JSON_INDENT(2));
			printf("\n");
			json_decref(j);
			status = 0;
		} else if (id) {
			cli_print_error(&err);
		}
	}
	db_close(db);
	return status;
}

int cli_rules(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *date = cli_option(&argc, argv, "--date");
	if (argc < 2 || argc > 3 || strcmp(argv[1], "list") != 0) {
		fprintf(stderr, "usage: jiceng rules list [ORG] [--date YYYY-MM-DD]\n");
		return 2;
	}
	int on = date_today();
	if (date && !date_parse(date, (int)strlen(date), &on)) {
		fprintf(stderr, "jiceng: --date must be YYYY-MM-DD\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int64_t org = argc == 3 ? cli_org(db, argv[2]) : 0;
	struct jc_error err = { 0 };
	json_t *list = (argc == 3 && !org) ? NULL : rules_list_json(db, org, on, &err);
	if (!list) {
		if (err.code)
			cli_print_error(&err);
		db_close(db);
		return 1;
	}
	size_t i;
	json_t *r;
	printf("%-42s %-8s %-8s %-4s %-22s %s\n", "rule", "value", "unit", "conf", "source", "regulation / article");
	json_array_foreach(list, i, r) {
		json_t *src = json_object_get(r, "source");
		char source[32];
		if (json_object_get(src, "org_id"))
			snprintf(source, sizeof(source), "org %lld",
				 (long long)json_integer_value(json_object_get(src, "org_id")));
		else
			snprintf(source, sizeof(source), "national (%s)",
				 json_string_value(json_object_get(r, "effective_from")));
		printf("%-42s %-8s %-8s %-4s %-22s %s %s\n", json_string_value(json_object_get(r, "key")),
		       json_string_value(json_object_get(r, "value")), json_string_value(json_object_get(r, "unit")),
		       json_string_value(json_object_get(r, "confidence")), source,
		       json_string_value(json_object_get(r, "regulation")),
		       json_string_value(json_object_get(r, "article")));
	}
	json_decref(list);
	db_close(db);
	return 0;
}
