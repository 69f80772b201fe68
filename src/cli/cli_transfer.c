/*
 * cli_transfer.c - `jiceng transfer list ORG [--state S] [--direction out|in] [--json]`: the
 * transfers of ORG's subtree, newest first (state: open, expired, stuck, or a state), each with
 * its letter and the step it waits for; and `jiceng transfer lost-contact ORG [--json]`: the
 * members out of contact listed for the branches' decisions. Nothing is changed: transfers and
 * decisions are taken through the API, by the sides they belong to.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "mobile/mobile.h"
#include "transfer/transfer.h"

static const char *s(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void print_transfers(json_t *items, json_t *rules)
{
	size_t i;
	json_t *x;
	if (!json_array_size(items))
		printf("no transfer\n");
	json_array_foreach(items, i, x) {
		json_t *letter = json_object_get(x, "letter"), *next = json_object_get(x, "next");
		printf("transfer %lld  %-9s %s  %s -> %s  letter %s valid until %s%s%s%s\n",
		       (long long)json_integer_value(json_object_get(x, "id")), s(x, "state"),
		       s(json_object_get(x, "member"), "name"), s(json_object_get(x, "from"), "name"), s(json_object_get(x, "to"), "name"),
		       json_is_string(json_object_get(letter, "no")) ? s(letter, "no") : "(not issued)",
		       json_is_string(json_object_get(letter, "valid_until")) ? s(letter, "valid_until") : "-",
		       json_is_true(json_object_get(letter, "expired")) ? "  EXPIRED" : "",
		       json_is_true(json_object_get(x, "stuck")) ? "  STUCK" : "",
		       next && !json_is_null(next) ? "" : "  (ended)");
	}
	json_t *v = json_object_get(rules, "letter_valid"), *k = json_object_get(rules, "stuck");
	printf("rules: %s = %s %s [%s %s]; %s = %s %s [%s]\n", s(v, "key"), s(v, "value"), s(v, "unit"), s(v, "regulation"),
	       s(v, "article"), s(k, "key"), s(k, "value"), s(k, "unit"), s(k, "article"));
}

static void print_lost(json_t *lists)
{
	static const char *const names[] = { "for_stopping", "for_removal", "watch" };
	for (size_t l = 0; l < 3; l++) {
		json_t *items = json_object_get(lists, names[l]), *x;
		size_t i;
		printf("%s: %zu\n", names[l], json_array_size(items));
		json_array_foreach(items, i, x)
			printf("  member %lld %s (%s): %s since %s, due %s%s\n", (long long)json_integer_value(json_object_get(x, "member_id")),
			       s(x, "name"), s(x, "org_name"), s(x, "state"), s(x, "since"), s(x, "due_on"),
			       json_is_integer(json_object_get(x, "pending_decision")) ? ", decision pending" : "");
	}
}

int cli_transfer(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *state = cli_option(&argc, argv, "--state");
	const char *direction = cli_option(&argc, argv, "--direction");
	bool as_json = cli_flag(&argc, argv, "--json");
	if (argc != 3 || (strcmp(argv[1], "list") && strcmp(argv[1], "lost-contact"))) {
		fprintf(stderr, "usage: jiceng transfer list ORG [--state S] [--direction out|in] [--json] | transfer lost-contact ORG [--json]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int64_t org = cli_org(db, argv[2]);
	struct jc_error err = { 0 };
	json_t *items = NULL, *rules = NULL;
	int status = 1;
	if (org) {
		int64_t next = 0;
		enum jc_err e = !strcmp(argv[1], "list")
					? transfer_page(db, org, direction, state, 0, 500, &items, &next, &rules, &err)
					: mobile_lost_contact(db, org, &items, &err);
		if (e) {
			cli_print_error(&err);
		} else {
			if (as_json) {
				json_dumpf(items, stdout, JSON_INDENT(2));
				printf("\n");
			} else if (!strcmp(argv[1], "list")) {
				print_transfers(items, rules);
			} else {
				print_lost(items);
			}
			status = 0;
		}
	}
	json_decref(items);
	json_decref(rules);
	db_close(db);
	return status;
}
