/*
 * cli_develop.c - `jiceng develop due ORG [--within DAYS]`: what is due or overdue in the
 * recruitment of ORG's subtree, soonest first, each with its deadline and the rule behind it;
 * `jiceng develop list ORG [--stage S]`: the cases of the subtree. --json prints the API's JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "develop/develop.h"

static const char *s(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void print_due(json_t *items)
{
	size_t i;
	json_t *x;
	if (!json_array_size(items))
		printf("nothing is due\n");
	json_array_foreach(items, i, x) {
		json_t *rule = json_object_get(x, "rule");
		long long left = json_integer_value(json_object_get(x, "days_left"));
		printf("%s  %-8s case %lld %s (%s): step %lld %s; %s %lld days; %s [%s %s]\n", s(x, "due_on"),
		       json_is_true(json_object_get(x, "overdue")) ? "OVERDUE" : "due", (long long)json_integer_value(json_object_get(x, "case_id")),
		       s(x, "name"), s(x, "stage"), (long long)json_integer_value(json_object_get(x, "step")), s(x, "step_zh"),
		       left < 0 ? "late by" : "in", left < 0 ? -left : left, s(rule, "summary"), s(rule, "key"), s(rule, "article"));
	}
}

static void print_list(json_t *items)
{
	size_t i;
	json_t *x;
	json_array_foreach(items, i, x)
		printf("case %lld  %-12s %-8s %s  step %lld %s\n", (long long)json_integer_value(json_object_get(x, "id")),
		       s(x, "stage"), s(x, "name"), s(x, "org_name"), (long long)json_integer_value(json_object_get(x, "last_step")),
		       s(x, "last_step_zh"));
}

int cli_develop(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *within = cli_option(&argc, argv, "--within");
	const char *stage = cli_option(&argc, argv, "--stage");
	bool as_json = cli_flag(&argc, argv, "--json");
	if (argc != 3 || (strcmp(argv[1], "due") && strcmp(argv[1], "list"))) {
		fprintf(stderr, "usage: jiceng develop due ORG [--within DAYS] [--json] | develop list ORG [--stage S] [--json]\n");
		return 2;
	}
	char *end = NULL;
	long days = within ? strtol(within, &end, 10) : 30;
	if (within && (*end || days < 0 || days > 366)) {
		fprintf(stderr, "jiceng: --within must be a number of days from 0 to 366\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int64_t org = cli_org(db, argv[2]);
	struct jc_error err = { 0 };
	json_t *items = NULL;
	int status = 1;
	if (org) {
		int64_t next = 0;
		enum jc_err e = !strcmp(argv[1], "due") ? develop_due_list(db, org, (int)days, &items, &err)
							 : develop_page(db, org, stage, 0, 500, &items, &next, &err);
		if (e) {
			cli_print_error(&err);
		} else {
			if (as_json) {
				json_dumpf(items, stdout, JSON_INDENT(2));
				printf("\n");
			} else if (!strcmp(argv[1], "due")) {
				print_due(items);
			} else {
				print_list(items);
				if (next)
					printf("(the first 500; more with --json and the API's cursor)\n");
			}
			status = 0;
		}
	}
	json_decref(items);
	db_close(db);
	return status;
}
