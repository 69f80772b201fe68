/*
 * cli_dues.c - `jiceng dues quote --category C --base B [--org ORG] [--date D] [--json]`: the
 * monthly Party dues of a category on a monthly base in yuan (5000 or 5000.50), with every rule
 * applied and its article; `jiceng dues arrears ORG`: members of a subtree unpaid for months in
 * a row; `jiceng dues reconcile ORG [--year Y]`: the subtree's dues of a year and whether they
 * add up. --json prints the API's JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "db/db.h"
#include "dues/dues.h"

#define USAGE                                                                                                  \
	"usage: jiceng dues quote --category C --base YUAN [--org ORG] [--date YYYY-MM-DD] [--json]\n"           \
	"       jiceng dues arrears ORG [--min-months N] [--json]\n"                                             \
	"       jiceng dues reconcile ORG [--year Y] [--json]\n"

/* "5000", "5000.5" or "5000.50" yuan in fen; false on anything else. */
static bool parse_yuan(const char *s, int64_t *fen)
{
	int64_t yuan = 0, frac = 0;
	int digits = 0, decimals = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if ((yuan = yuan * 10 + (*p - '0')) > DUES_MAX_BASE_FEN / 100)
			return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && decimals < 2; p++, decimals++)
			frac = frac * 10 + (*p - '0');
	if (!digits || *p)
		return false;
	*fen = yuan * 100 + (decimals == 1 ? frac * 10 : frac);
	return true;
}

static const char *s(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	printf("\n");
}

static int quote(struct db *db, const char *category, const char *base, const char *org_arg, const char *date, bool as_json)
{
	int64_t fen = 0;
	int on = date_today();
	if (!category || (dues_category_has_base(category) && !base)) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (base && !parse_yuan(base, &fen)) {
		fprintf(stderr, "jiceng: --base must be an amount in yuan with at most two decimals, e.g. 5000 or 5000.50\n");
		return 2;
	}
	if (date && !date_parse(date, (int)strlen(date), &on)) {
		fprintf(stderr, "jiceng: --date must be YYYY-MM-DD\n");
		return 2;
	}
	int64_t org = org_arg ? cli_org(db, org_arg) : 0;
	if (org_arg && !org)
		return 1;
	struct jc_error err = { 0 };
	struct dues_rules rules;
	struct dues_quote q;
	if (dues_rules_load(db, org, on, &rules, &err) || dues_quote(&rules, category, fen, &q, &err)) {
		cli_print_error(&err);
		return 1;
	}
	json_t *j = dues_quote_json(category, &q);
	if (as_json) {
		print_json(j);
	} else {
		char a[24], b[24];
		printf("%s (%s): %s yuan a month", category, code_zh(&dues_categories, category), dues_yuan(q.amount_fen, a));
		if (dues_category_has_base(category))
			printf(" on a base of %s yuan (band %d, %d.%02d%%%s)", dues_yuan(q.base_fen, b), q.band, q.rate_bp / 100,
			       q.rate_bp % 100, q.capped ? ", capped" : "");
		printf("\n");
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(j, "rules"), i, x)
			printf("  %-36s %-8s %s [%s %s]\n", s(x, "key"), s(x, "value"), s(x, "summary_en"), s(x, "regulation"),
			       s(x, "article"));
	}
	json_decref(j);
	return 0;
}

static int arrears(struct db *db, int64_t org, const char *min_arg, bool as_json)
{
	long min = min_arg ? strtol(min_arg, NULL, 10) : 1;
	if (min < 1 || min > 120) {
		fprintf(stderr, "jiceng: --min-months must be from 1 to 120\n");
		return 2;
	}
	struct jc_error err = { 0 };
	json_t *items;
	if (dues_arrears_json(db, org, (int)min, &items, &err)) {
		cli_print_error(&err);
		return 1;
	}
	if (as_json) {
		print_json(items);
	} else {
		size_t i;
		json_t *x;
		if (!json_array_size(items))
			printf("no member is unpaid for %ld months in a row\n", min);
		json_array_foreach(items, i, x) {
			char a[24];
			printf("member %lld %s (%s): %lld months unpaid, %s to %s, %s yuan owing%s\n",
			       (long long)json_integer_value(json_object_get(x, "member_id")), s(x, "name"), s(x, "org_name"),
			       (long long)json_integer_value(json_object_get(x, "months")), s(x, "since"), s(x, "through"),
			       dues_yuan(json_integer_value(json_object_get(x, "owing_fen")), a),
			       json_is_true(json_object_get(x, "for_decision")) ? "  FOR THE BRANCH'S DECISION" : "");
		}
	}
	json_decref(items);
	return 0;
}

static int reconcile(struct db *db, int64_t org, const char *year_arg, bool as_json)
{
	long year = year_arg ? strtol(year_arg, NULL, 10) : date_year(date_today());
	if (year < 2008 || year > 9999) {
		fprintf(stderr, "jiceng: --year must be a year from 2008\n");
		return 2;
	}
	struct jc_error err = { 0 };
	json_t *j;
	if (dues_reconciliation_json(db, org, (int)year, &j, &err)) {
		cli_print_error(&err);
		return 1;
	}
	bool holds = json_is_true(json_object_get(j, "adds_up"));
	if (as_json) {
		print_json(j);
	} else {
		json_t *t = json_object_get(j, "subtree");
		const char *keys[] = { "opening_fen", "collected_fen", "voluntary_fen", "to_centre_fen", "from_outside_fen",
				       "to_outside_fen", "spent_fen", "closing_fen" };
		printf("%s, %ld:\n", s(j, "org_name"), year);
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			char a[24];
			printf("  %-20s %14s\n", keys[i], dues_yuan(json_integer_value(json_object_get(t, keys[i])), a));
		}
		printf("%s\n", holds ? "adds up" : "DOES NOT ADD UP");
	}
	json_decref(j);
	return holds ? 0 : 1;
}

int cli_dues(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *category = cli_option(&argc, argv, "--category");
	const char *base = cli_option(&argc, argv, "--base");
	const char *org = cli_option(&argc, argv, "--org");
	const char *date = cli_option(&argc, argv, "--date");
	const char *min = cli_option(&argc, argv, "--min-months");
	const char *year = cli_option(&argc, argv, "--year");
	bool as_json = cli_flag(&argc, argv, "--json");
	bool is_quote = argc == 2 && !strcmp(argv[1], "quote");
	bool by_org = argc == 3 && (!strcmp(argv[1], "arrears") || !strcmp(argv[1], "reconcile"));
	if (!is_quote && !by_org) {
		fprintf(stderr, USAGE);
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = 1;
	if (is_quote) {
		status = quote(db, category, base, org, date, as_json);
	} else {
		int64_t id = cli_org(db, argv[2]);
		if (id)
			status = !strcmp(argv[1], "arrears") ? arrears(db, id, min, as_json) : reconcile(db, id, year, as_json);
	}
	db_close(db);
	return status;
}
