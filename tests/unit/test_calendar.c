/*
 * test_calendar.c - the working-day calendar (src/calendar/calendar.h) on a real database in a
 * mkdtemp() directory, with the 2025 and 2026 arrangements that migrations/0005_calendar.sql
 * seeds. Tables of cases at the edges: a public notice started on the Friday before the Spring
 * Festival of 2026, across its adjusted working Saturdays, N = 0, a weekend start, the turn of
 * a year, a range inside a configured year against one reaching into 2027 (provisional);
 * count(d, add(d, n)) == n for every day of both years; setting and clearing a day, the
 * refusals with their fields, a year configured with calendar_year_configure, a failing store.
 * test_speed measures calendar_add and prints the rate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/log.h"
#include "calendar/calendar.h"
#include "db/db.h"

static char dir[] = "/tmp/jc-calendar-XXXXXX";
static char path[64];
static struct db *db;

static int ymd(const char *s)
{
	int d;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

/* calendar_add(from, n) must be want, provisional or not; says which case failed. */
static void check_add(const char *from, int n, const char *want, bool provisional, const char *why)
{
	int out = 0;
	bool prov = !provisional;
	struct jc_error err = { 0 };
	if (calendar_add(db, ymd(from), n, &out, &prov, &err) != JC_OK)
		fail_msg("%s: calendar_add(%s, %d) failed: %s", why, from, n, err.message);
	char got[11];
	date_format(out, got);
	if (strcmp(got, want) != 0 || prov != provisional)
		fail_msg("%s: %s + %d working days: want %s%s, got %s%s", why, from, n, want,
			 provisional ? " provisional" : "", got, prov ? " provisional" : "");
}

/* --- the seeded arrangements ---------------------------------------------------------------- */

static const struct {
	const char *from;
	int n;
	const char *want;
	bool provisional;
	const char *why;
} add_cases[] = {
	{ "2026-02-13", 5, "2026-02-27", false, "notice from the Friday before 春节 2026: Sat 14 worked, 15-23 off" },
	{ "2026-02-13", 1, "2026-02-14", false, "the adjusted working Saturday is the first working day" },
	{ "2026-02-14", 1, "2026-02-24", false, "after the worked Saturday, the festival: 15-23 off" },
	{ "2026-02-24", 4, "2026-02-28", false, "the second adjusted working Saturday of 春节 2026" },
	{ "2026-02-24", 5, "2026-03-02", false, "across Sat 28 (worked) and Sun 1 March (off)" },
	{ "2026-02-15", 0, "2026-02-15", false, "n = 0 answers the day itself, even a holiday" },
	{ "2027-03-06", 0, "2027-03-06", false, "n = 0 looks at no day, so it is never provisional" },
	{ "2026-03-07", 1, "2026-03-09", false, "a Saturday start: Sunday off, Monday is the first" },
	{ "2026-03-08", 5, "2026-03-13", false, "a Sunday start: Monday to Friday" },
	{ "2026-09-18", 1, "2026-09-20", false, "Sun 20 September 2026 is worked for 国庆节" },
	{ "2026-09-30", 1, "2026-10-08", false, "国庆节 2026: 1-7 October off" },
	{ "2026-10-08", 2, "2026-10-10", false, "Sat 10 October 2026 is worked" },
	{ "2026-04-30", 1, "2026-05-06", false, "劳动节 2026: 1-5 May off" },
	{ "2025-12-31", 1, "2026-01-04", false, "元旦 2026: 1-3 January off, Sun 4 worked; both years configured" },
	{ "2025-01-24", 1, "2025-01-26", false, "Sun 26 January 2025 is worked for 春节" },
	{ "2025-01-27", 1, "2025-02-05", false, "春节 2025: 28 January - 4 February off" },
	{ "2025-09-30", 1, "2025-10-09", false, "国庆节、中秋节 2025: 1-8 October off" },
	{ "2024-12-31", 1, "2025-01-02", false, "the start day is not counted, so 2024 is not looked at" },
	{ "2026-12-28", 3, "2026-12-31", false, "ends on the last day of a configured year" },
	{ "2026-12-28", 5, "2027-01-04", true, "reaches into 2027, not configured: Fri 1 January assumed worked" },
	{ "2026-01-01", 248, "2026-12-31", false, "2026 has 248 working days" },
};

static void test_add(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(add_cases) / sizeof(add_cases[0]); i++)
		check_add(add_cases[i].from, add_cases[i].n, add_cases[i].want, add_cases[i].provisional,
			  add_cases[i].why);
}

static const struct {
	const char *from, *to;
	int want;
	bool provisional;
	const char *why;
} count_cases[] = {
	{ "2026-02-13", "2026-02-27", 5, false, "the notice from the Friday before 春节 2026" },
	{ "2026-02-13", "2026-02-23", 1, false, "only the worked Saturday before the festival" },
	{ "2026-02-13", "2026-02-13", 0, false, "an empty range" },
	{ "2026-02-27", "2026-02-13", 0, false, "to before from" },
	{ "2026-02-12", "2026-02-13", 1, false, "from is not counted, to is" },
	{ "2025-12-31", "2026-12-31", 248, false, "the whole of 2026" },
	{ "2024-12-31", "2025-12-31", 248, false, "the whole of 2025" },
	{ "2026-12-25", "2027-01-08", 10, true, "into 2027, not configured: weekends only" },
	{ "2026-12-31", "2027-01-01", 1, true, "one day of 2027" },
	{ "2026-12-01", "2029-12-31", 22 + 261 + 260 + 261, true, "long spans read several windows" },
};

static void test_count(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(count_cases) / sizeof(count_cases[0]); i++) {
		int n = -1;
		bool prov = !count_cases[i].provisional;
		struct jc_error err = { 0 };
		assert_int_equal(calendar_count(db, ymd(count_cases[i].from), ymd(count_cases[i].to), &n, &prov, &err),
				 JC_OK);
		if (n != count_cases[i].want || prov != count_cases[i].provisional)
			fail_msg("%s: (%s, %s]: want %d%s, got %d%s", count_cases[i].why, count_cases[i].from,
				 count_cases[i].to, count_cases[i].want, count_cases[i].provisional ? " provisional" : "",
				 n, prov ? " provisional" : "");
	}
}

static const struct {
	const char *day;
	bool working, provisional;
} working_cases[] = {
	{ "2026-02-14", true, false },  /* adjusted working Saturday */
	{ "2026-02-16", false, false }, /* 春节, a Monday */
	{ "2026-02-21", false, false }, /* 春节, a Saturday */
	{ "2026-03-02", true, false },  /* an ordinary Monday */
	{ "2026-03-07", false, false }, /* an ordinary Saturday */
	{ "2025-10-11", true, false },  /* adjusted working Saturday */
	{ "2027-02-08", true, true },   /* a Monday of a year not configured */
	{ "2027-02-06", false, true },  /* a Saturday of a year not configured */
};

static void test_is_working(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(working_cases) / sizeof(working_cases[0]); i++) {
		bool working = !working_cases[i].working, prov = !working_cases[i].provisional;
		assert_int_equal(calendar_is_working(db, ymd(working_cases[i].day), &working, &prov, NULL), JC_OK);
		if (working != working_cases[i].working || prov != working_cases[i].provisional)
			fail_msg("%s: want %s%s", working_cases[i].day, working_cases[i].working ? "working" : "off",
				 working_cases[i].provisional ? " provisional" : "");
	}
}

/* Every day of 2025 and 2026, n = 0..15: the count up to the answer is n, the answer works. */
static void test_add_count_agree(void **state)
{
	(void)state;
	for (int d = ymd("2025-01-01"); d <= ymd("2026-12-31"); d++)
		for (int n = 0; n <= 15; n++) {
			int to, back;
			bool p1, p2, working;
			assert_int_equal(calendar_add(db, d, n, &to, &p1, NULL), JC_OK);
			assert_int_equal(calendar_count(db, d, to, &back, &p2, NULL), JC_OK);
			assert_int_equal(back, n);
			assert_true(p1 == p2);
			if (n > 0) {
				assert_int_equal(calendar_is_working(db, to, &working, NULL, NULL), JC_OK);
				assert_true(working);
			}
		}
}

static void test_seeded_years(void **state)
{
	(void)state;
	static const struct {
		int year;
		size_t holidays, workdays;
	} years[] = { { 2025, 28, 5 }, { 2026, 33, 6 } };
	for (size_t i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		struct calendar_year y;
		assert_int_equal(calendar_year_read(db, years[i].year, &y, NULL), JC_OK);
		assert_true(y.configured);
		char title[96];
		snprintf(title, sizeof(title), "国务院办公厅关于%d年部分节假日安排的通知", years[i].year);
		assert_non_null(strstr(y.source, title));
		size_t workdays = 0;
		for (size_t k = 0; k < y.count; k++) {
			if (k > 0)
				assert_true(y.days[k - 1].day < y.days[k].day);
			if (y.days[k].workday) {
				workdays++;
				assert_true(y.days[k].weekday == 0 || y.days[k].weekday == 6);
			}
			assert_non_null(strstr(y.days[k].source, title));
		}
		assert_int_equal(y.count - workdays, years[i].holidays);
		assert_int_equal(workdays, years[i].workdays);
		calendar_year_release(&y);
	}
}

/* --- changing the data ---------------------------------------------------------------------- */

static void test_clear_and_set(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	check_add("2026-02-24", 5, "2026-03-02", false, "before: Sat 28 February worked");
	assert_int_equal(calendar_clear(db, ymd("2026-02-28"), &err), JC_OK);
	check_add("2026-02-24", 5, "2026-03-03", false, "cleared: Sat 28 February is a Saturday again");
	assert_int_equal(calendar_clear(db, ymd("2026-02-28"), &err), JC_ENOTFOUND);
	assert_string_equal(err.field, "day");
	assert_int_equal(calendar_set(db, ymd("2026-02-28"), "workday", "春节", "a test", NULL), JC_OK);
	check_add("2026-02-24", 5, "2026-03-02", false, "set again");

	/* A holiday set on a weekday, then replaced by another name, then cleared. */
	assert_int_equal(calendar_set(db, ymd("2026-03-03"), "holiday", "测试", NULL, NULL), JC_OK);
	assert_int_equal(calendar_set(db, ymd("2026-03-03"), "holiday", "测试二", "x", NULL), JC_OK);
	check_add("2026-03-02", 1, "2026-03-04", false, "Tue 3 March set as a holiday");
	struct calendar_year y;
	assert_int_equal(calendar_year_read(db, 2026, &y, NULL), JC_OK);
	assert_int_equal(y.count, 40);
	calendar_year_release(&y);
	assert_int_equal(calendar_clear(db, ymd("2026-03-03"), NULL), JC_OK);
	check_add("2026-03-02", 1, "2026-03-03", false, "cleared again");
}

static const struct {
	const char *day, *kind, *name, *field;
} refused[] = {
	{ "2026-03-03", "vacation", "测试", "kind" }, /* an unknown kind */
	{ "2026-03-03", NULL, "测试", "kind" },
	{ "2026-03-02", "workday", "测试", "kind" },  /* a workday on a Monday */
	{ "2026-03-07", "holiday", "", "name" },
	{ "2026-03-07", "holiday", NULL, "name" },
	{ "2026-03-07", "holiday", "一二三四五六七八九十一二三四五六七八九十一二三", "name" }, /* 69 bytes */
};

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct jc_error err = { 0 };
		assert_int_equal(calendar_set(db, ymd(refused[i].day), refused[i].kind, refused[i].name, NULL, &err),
				 JC_EINVAL);
		assert_string_equal(err.field, refused[i].field);
	}
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM calendar_day WHERE name LIKE '测试%'", -1), 0);

	struct jc_error err = { 0 };
	int out;
	assert_int_equal(calendar_add(db, ymd("2026-03-02"), -1, &out, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "n");
	jc_error_clear(&err);
	assert_int_equal(calendar_add(db, ymd("2200-12-01"), 30, &out, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "n");
	jc_error_clear(&err);
	assert_int_equal(calendar_add(db, DATE_NONE, 1, &out, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "from");
	jc_error_clear(&err);
	assert_int_equal(calendar_count(db, ymd("2026-03-02"), DATE_NONE, &out, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "to");
	jc_error_clear(&err);
	assert_int_equal(calendar_year_configure(db, 1799, "x", &err), JC_EINVAL);
	assert_string_equal(err.field, "year");
	jc_error_clear(&err);
	assert_int_equal(calendar_year_configure(db, 2030, "", &err), JC_EINVAL);
	assert_string_equal(err.field, "source");
}

static void test_store_fails(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	int out;
	db_fault_set(1, JC_EUNAVAIL);
	assert_int_equal(calendar_add(db, ymd("2026-03-02"), 5, &out, NULL, &err), JC_EUNAVAIL);
	check_add("2026-03-02", 5, "2026-03-09", false, "the next call works");
}

/* Last: it configures 2027 for good. */
static void test_configure_year(void **state)
{
	(void)state;
	struct calendar_year y;
	assert_int_equal(calendar_year_read(db, 2027, &y, NULL), JC_OK);
	assert_false(y.configured);
	assert_string_equal(y.source, "");
	assert_int_equal(y.count, 0);
	calendar_year_release(&y);

	check_add("2026-12-31", 1, "2027-01-01", true, "2027 not configured: Fri 1 January assumed worked");
	assert_int_equal(calendar_set(db, ymd("2027-01-01"), "holiday", "元旦", NULL, NULL), JC_OK);
	check_add("2026-12-31", 1, "2027-01-04", true, "a day set, but 2027 still not configured");
	assert_int_equal(calendar_year_configure(db, 2027, "国务院办公厅关于2027年部分节假日安排的通知", NULL), JC_OK);
	check_add("2026-12-31", 1, "2027-01-04", false, "2027 configured");
	check_add("2026-12-28", 5, "2027-01-05", false, "the notice across the new year, configured");

	assert_int_equal(calendar_year_read(db, 2027, &y, NULL), JC_OK);
	assert_true(y.configured);
	assert_string_equal(y.source, "国务院办公厅关于2027年部分节假日安排的通知");
	assert_int_equal(strlen(y.configured_at), 20);
	assert_int_equal(y.count, 1);
	assert_false(y.days[0].workday);
	assert_int_equal(y.days[0].weekday, 5);
	assert_string_equal(y.days[0].name, "元旦");
	calendar_year_release(&y);
	check_add("2027-12-30", 2, "2028-01-03", true, "2028 is not configured");
}

/* --- speed ---------------------------------------------------------------------------------- */

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void test_speed(void **state)
{
	(void)state;
	enum { CALLS = 50000 };
	int first = ymd("2025-01-01"), out;
	long long sum = 0;
	double t0 = seconds();
	for (int i = 0; i < CALLS; i++) {
		assert_int_equal(calendar_add(db, first + i % 730, 5 + i % 16, &out, NULL, NULL), JC_OK);
		sum += out;
	}
	double secs = seconds() - t0;
	assert_true(sum > 0);
	printf("calendar_add: %d deadlines of 5-20 working days in %.3f s: %.0f per second\n", CALLS, secs,
	       CALLS / secs);
	assert_true(CALLS / secs > 2000);
}

static int setup(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	log_set_level(LOG_WARN); /* not the migrations */
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	return db_open(path, DB_CREATE, &db, &err) == JC_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_is_working),
		cmocka_unit_test(test_add_count_agree),
		cmocka_unit_test(test_seeded_years),
		cmocka_unit_test(test_clear_and_set),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_store_fails),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_configure_year),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
