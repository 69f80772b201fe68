/*
 * cli_calendar.c - the working-day calendar (src/calendar/calendar.h) from the command line:
 * `jiceng calendar list YEAR`, `set DAY holiday|workday NAME [--source TEXT]`, `clear DAY`,
 * `year YEAR --source TEXT` and `add DAY N`. Whoever runs these holds the database file, so the
 * writes act as the system's operator: each is one transaction with its audit record
 * ("calendar.set", "calendar.clear", "calendar.year" on "day:YYYY-MM-DD" or "year:YYYY"); a
 * refused write changes nothing and is audited after the rollback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "calendar/calendar.h"
#include "cli/cli.h"
#include "db/db.h"

static const char *const weekday_abbr[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

/* A day argument, named field in the message; false after printing why not. */
static bool arg_day(const char *arg, const char *field, int *out)
{
	if (date_parse(arg, (int)strlen(arg), out))
		return true;
	struct jc_error err = { 0 };
	jc_fail(&err, JC_EINVAL, field, NULL, "'%s' must be a date YYYY-MM-DD from 1800 to 2200, not '%s'",
		field, arg);
	cli_print_error(&err);
	return false;
}

/* A whole number 0 .. 99999 argument; false after printing why not. */
static bool arg_number(const char *arg, const char *field, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (arg[0] >= '0' && arg[0] <= '9' && *end == '\0' && v <= 99999) {
		*out = (int)v;
		return true;
	}
	struct jc_error err = { 0 };
	jc_fail(&err, JC_EINVAL, field, NULL, "'%s' must be a whole number from 0 to 99999, not '%s'", field, arg);
	cli_print_error(&err);
	return false;
}

/* Ends a write begun with db_begin: commits it with its audit record when e is JC_OK, else rolls
 * it back and audits the refusal in a transaction of its own. Returns the exit status. */
static int finish(struct db *db, enum jc_err e, const char *event, const char *object, const char *detail,
		  struct jc_error *err)
{
	struct audit_event ev = { cli_actor(), "operator", "cli", event, object, "ok", detail };
	if (!e)
		e = audit_append(db, &ev, err);
	if (!e)
		e = db_commit(db, err);
	if (!e)
		return 0;
	db_rollback(db);
	ev.result = jc_err_name(e);
	audit_append(db, &ev, NULL);
	cli_print_error(err);
	return 1;
}

static int list_year(struct db *db, int argc, char **argv)
{
	int year;
	if (argc != 3) {
		fprintf(stderr, "usage: jiceng calendar list YEAR\n");
		return 2;
	}
	if (!arg_number(argv[2], "year", &year))
		return 1;
	struct calendar_year y;
	struct jc_error err = { 0 };
	int status = 1;
	if (calendar_year_read(db, year, &y, &err)) {
		cli_print_error(&err);
		goto out;
	}
	if (y.configured)
		printf("%d: configured from %s (%s)\n", year, y.source, y.configured_at);
	else
		printf("%d: not configured; only weekends are assumed, and deadlines in it are provisional\n", year);
	for (size_t i = 0; i < y.count; i++) {
		char t[11];
		date_format(y.days[i].day, t);
		printf("%s  %s  %-7s  %s%s%s\n", t, weekday_abbr[y.days[i].weekday],
		       y.days[i].workday ? "workday" : "holiday", y.days[i].name, y.days[i].source[0] ? "  " : "",
		       y.days[i].source);
	}
	status = 0;
out:
	calendar_year_release(&y);
	return status;
}

static int set_day(struct db *db, int argc, char **argv)
{
	const char *source = cli_option(&argc, argv, "--source");
	int day;
	if (argc != 5) {
		fprintf(stderr, "usage: jiceng calendar set DAY holiday|workday NAME [--source TEXT]\n");
		return 2;
	}
	if (!arg_day(argv[2], "day", &day))
		return 1;
	char object[16], detail[160];
	snprintf(object, sizeof(object), "day:%s", argv[2]);
	snprintf(detail, sizeof(detail), "%s %s", argv[3], argv[4]);
	struct jc_error err = { 0 };
	enum jc_err e = db_begin(db, &err);
	if (!e)
		e = calendar_set(db, day, argv[3], argv[4], source, &err);
	if (finish(db, e, "calendar.set", object, detail, &err))
		return 1;
	printf("jiceng: %s is now a %s (%s)\n", argv[2], argv[3], argv[4]);
	return 0;
}

static int clear_day(struct db *db, int argc, char **argv)
{
	int day;
	if (argc != 3) {
		fprintf(stderr, "usage: jiceng calendar clear DAY\n");
		return 2;
	}
	if (!arg_day(argv[2], "day", &day))
		return 1;
	char object[16];
	snprintf(object, sizeof(object), "day:%s", argv[2]);
	struct jc_error err = { 0 };
	enum jc_err e = db_begin(db, &err);
	if (!e)
		e = calendar_clear(db, day, &err);
	if (finish(db, e, "calendar.clear", object, "", &err))
		return 1;
	printf("jiceng: %s follows the ordinary week again\n", argv[2]);
	return 0;
}

static int mark_year(struct db *db, int argc, char **argv)
{
	const char *source = cli_option(&argc, argv, "--source");
	int year;
	if (argc != 3 || !source) {
		fprintf(stderr, "usage: jiceng calendar year YEAR --source TEXT\n");
		return 2;
	}
	if (!arg_number(argv[2], "year", &year))
		return 1;
	char object[16];
	snprintf(object, sizeof(object), "year:%d", year);
	struct jc_error err = { 0 };
	enum jc_err e = db_begin(db, &err);
	if (!e)
		e = calendar_year_configure(db, year, source, &err);
	if (finish(db, e, "calendar.year", object, source, &err))
		return 1;
	printf("jiceng: %d is configured from %s\n", year, source);
	return 0;
}

static int add_days(struct db *db, int argc, char **argv)
{
	int from, n, to;
	bool provisional;
	if (argc != 4) {
		fprintf(stderr, "usage: jiceng calendar add DAY N\n");
		return 2;
	}
	if (!arg_day(argv[2], "day", &from) || !arg_number(argv[3], "n", &n))
		return 1;
	struct jc_error err = { 0 };
	if (calendar_add(db, from, n, &to, &provisional, &err)) {
		cli_print_error(&err);
		return 1;
	}
	char t[11];
	date_format(to, t);
	printf("%s%s\n", t, provisional ? " provisional" : "");
	if (provisional)
		fprintf(stderr, "jiceng: provisional: it reaches into a year that is not configured, where only"
				" weekends were assumed (`jiceng calendar year`)\n");
	return 0;
}

int cli_calendar(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc < 2) {
		fprintf(stderr, "usage: jiceng calendar list|set|clear|year|add ...\n");
		return 2;
	}
	static const struct {
		const char *name;
		int (*run)(struct db *db, int argc, char **argv);
	} subcommands[] = {
		{ "list", list_year }, { "set", set_day }, { "clear", clear_day },
		{ "year", mark_year }, { "add", add_days },
	};
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name) != 0)
			continue;
		struct db *db = cli_open(path, false);
		if (!db)
			return 1;
		int status = subcommands[i].run(db, argc, argv);
		db_close(db);
		return status;
	}
	fprintf(stderr, "jiceng: calendar: no subcommand '%s'\n", argv[1]);
	return 2;
}
