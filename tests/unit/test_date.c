/*
 * test_date.c - unit tests of src/base/date.h: parsing and formatting "YYYY-MM-DD" (lengths,
 * leap days, the 1800..2200 range), calendar-month arithmetic as the regulations count it
 * (clamping to the end of the month; "within one month of 5 March" is 5 April), ages in whole
 * years, and the clock (the China Standard Time day, JICENG_TODAY and JICENG_NOW).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

/* --- date_parse --------------------------------------------------------------------------- */

static const struct {
	const char *text;
	bool valid;
	int y, m, d;
} parse_cases[] = {
	{ "2024-02-29", true, 2024, 2, 29 },  /* leap year */
	{ "2023-02-29", false },              /* not a leap year */
	{ "2000-02-29", true, 2000, 2, 29 },  /* divisible by 400 */
	{ "1900-02-29", false },              /* divisible by 100, not 400 */
	{ "2024-04-31", false },              /* April has 30 days */
	{ "2024-12-31", true, 2024, 12, 31 },
	{ "2024-13-01", false },              /* month 13 */
	{ "2024-00-10", false },              /* month 0 */
	{ "2024-01-00", false },              /* day 0 */
	{ "2024-01-32", false },
	{ "1800-01-01", true, 1800, 1, 1 },   /* first day of the accepted range */
	{ "1799-12-31", false },
	{ "2200-12-31", true, 2200, 12, 31 }, /* last day of the accepted range */
	{ "2201-01-01", false },
	{ "2024-1-01", false },               /* wrong length */
	{ "2024-01-1", false },
	{ "2024-01-011", false },
	{ "24-01-01", false },
	{ "", false },
	{ "2024/01/01", false },              /* wrong separators */
	{ "20240101xx", false },
	{ "abcd-01-01", false },              /* letters */
	{ "2024-0a-01", false },
	{ "2024-01-1x", false },
	{ "+024-01-01", false },
	{ "2024-01- 1", false },
	{ " 2024-01-1", false },
};

static void test_date_parse_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		int got = 12345;
		bool ok = date_parse(parse_cases[i].text, (int)strlen(parse_cases[i].text), &got);
		if (ok != parse_cases[i].valid)
			fail_msg("date_parse(\"%s\") returned %d, expected %d", parse_cases[i].text, ok,
				 parse_cases[i].valid);
		if (!ok)
			continue;
		int y, m, d;
		date_to_ymd(got, &y, &m, &d);
		if (y != parse_cases[i].y || m != parse_cases[i].m || d != parse_cases[i].d)
			fail_msg("date_parse(\"%s\") gave %04d-%02d-%02d", parse_cases[i].text, y, m, d);
	}
}

static void test_date_parse_uses_only_n_bytes(void **state)
{
	(void)state;
	int d;
	/* A valid date followed by more text: n decides. */
	assert_true(date_parse("2024-03-05T10:00:00", 10, &d));
	assert_int_equal(d, date_from_ymd(2024, 3, 5));
	assert_false(date_parse("2024-03-05T10:00:00", 19, &d));
	assert_false(date_parse("2024-03-05", 9, &d));
}

static void test_date_epoch(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(date_year(date_from_ymd(1949, 10, 1)), 1949);
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
}

/* --- date_format ------------------------------------------------------------------------- */

static void test_date_format_round_trip(void **state)
{
	(void)state;
	int first = date_from_ymd(1800, 1, 1), last = date_from_ymd(2200, 12, 31);
	char prev[11] = "";
	for (int day = first; day <= last; day++) {
		char text[11];
		date_format(day, text);
		assert_int_equal(strlen(text), 10);
		int back;
		if (!date_parse(text, 10, &back) || back != day)
			fail_msg("day %d formats as \"%s\", which does not parse back", day, text);
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(date_from_ymd(y, m, d), day);
		/* ISO dates sort as text in the same order as days. */
		if (prev[0] && strcmp(prev, text) >= 0)
			fail_msg("\"%s\" does not sort before \"%s\"", prev, text);
		memcpy(prev, text, sizeof(prev));
	}
}

static void test_date_format_examples(void **state)
{
	(void)state;
	char text[11];
	date_format(date_from_ymd(1949, 10, 1), text);
	assert_string_equal(text, "1949-10-01");
	date_format(0, text);
	assert_string_equal(text, "1970-01-01");
	date_format(DATE_NONE, text);
	assert_string_equal(text, "");
}

/* --- date_add_months ---------------------------------------------------------------------- */

static const struct {
	const char *from;
	int months;
	const char *expect;
	const char *why;
} month_cases[] = {
	{ "2024-03-05", 1, "2024-04-05", "细则第七条: within one month of 5 March is 5 April" },
	{ "2023-01-31", 1, "2023-02-28", "clamps to the end of February" },
	{ "2024-01-31", 1, "2024-02-29", "clamps to the leap day" },
	{ "2024-03-31", 1, "2024-04-30", "clamps to a 30-day month" },
	{ "2024-12-15", 1, "2025-01-15", "crosses the year" },
	{ "2024-02-29", 12, "2025-02-28", "a year after a leap day" },
	{ "2024-02-29", 48, "2028-02-29", "four years after a leap day" },
	{ "2024-05-10", 0, "2024-05-10", "zero months" },
	{ "2024-03-31", -1, "2024-02-29", "backwards, clamping" },
	{ "2024-01-15", -1, "2023-12-15", "backwards across the year" },
	{ "2024-01-15", -13, "2022-12-15", "backwards more than a year" },
	{ "2012-03-01", 24, "2014-03-01", "probation and one extension" },
};

static void test_date_add_months_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(month_cases) / sizeof(month_cases[0]); i++) {
		int from;
		assert_true(date_parse(month_cases[i].from, 10, &from));
		char got[11];
		date_format(date_add_months(from, month_cases[i].months), got);
		if (strcmp(got, month_cases[i].expect) != 0)
			fail_msg("%s %+d months: got %s, expected %s (%s)", month_cases[i].from,
				 month_cases[i].months, got, month_cases[i].expect, month_cases[i].why);
	}
}

static void test_date_add_years(void **state)
{
	(void)state;
	char got[11];
	date_format(date_add_years(date_from_ymd(2024, 2, 29), 1), got);
	assert_string_equal(got, "2025-02-28");
	date_format(date_add_years(date_from_ymd(2021, 5, 10), 3), got);
	assert_string_equal(got, "2024-05-10");
	date_format(date_add_years(date_from_ymd(2021, 5, 10), -3), got);
	assert_string_equal(got, "2018-05-10");
}

/* Day numbers far in the past (years before 1 AD, e.g. arithmetic on DATE_NONE) must stay in
 * the calendar: month 1..12, never an index outside the month table. */
static void test_date_add_months_before_year_zero(void **state)
{
	(void)state;
	int y, m, d;
	date_to_ymd(date_add_months(date_from_ymd(-1, 12, 15), 1), &y, &m, &d);
	assert_int_equal(y, 0);
	assert_int_equal(m, 1);
	assert_int_equal(d, 15);
	date_to_ymd(date_add_months(date_from_ymd(-5, 3, 31), -1), &y, &m, &d);
	assert_int_equal(y, -5);
	assert_int_equal(m, 2);
	assert_int_equal(d, 28);
	date_to_ymd(date_add_months(DATE_NONE, 12), &y, &m, &d);
	assert_in_range(m, 1, 12);
	assert_in_range(d, 1, 31);
}

/* --- date_years_between ------------------------------------------------------------------- */

static const struct {
	const char *born, *on;
	int years;
} age_cases[] = {
	{ "2000-06-15", "2018-06-15", 18 }, /* the 18th birthday */
	{ "2000-06-15", "2018-06-14", 17 }, /* the day before */
	{ "2000-06-15", "2018-07-01", 18 },
	{ "2000-06-15", "2018-05-31", 17 },
	{ "2000-06-15", "2000-06-15", 0 },
	{ "2000-02-29", "2018-02-28", 17 }, /* born on a leap day: 18 on 1 March */
	{ "2000-02-29", "2018-03-01", 18 },
	{ "2000-02-29", "2020-02-29", 20 },
	{ "1949-10-01", "2026-09-30", 76 },
	{ "1949-10-01", "2026-10-01", 77 },
};

static void test_date_years_between_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(age_cases) / sizeof(age_cases[0]); i++) {
		int born, on;
		assert_true(date_parse(age_cases[i].born, 10, &born));
		assert_true(date_parse(age_cases[i].on, 10, &on));
		int got = date_years_between(born, on);
		if (got != age_cases[i].years)
			fail_msg("born %s, on %s: %d years, expected %d", age_cases[i].born, age_cases[i].on,
				 got, age_cases[i].years);
	}
}

/* --- the clock ---------------------------------------------------------------------------- */

static void test_date_today_pinned(void **state)
{
	(void)state;
	assert_int_equal(setenv("JICENG_TODAY", "2026-03-05", 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2026, 3, 5));
	assert_int_equal(setenv("JICENG_TODAY", "2024-02-29", 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2024, 2, 29));
	unsetenv("JICENG_TODAY");
}

static void test_date_today_china_standard_time(void **state)
{
	(void)state;
	unsetenv("JICENG_TODAY");
	/* 2024-03-04 15:59:59 UTC is 23:59:59 in Beijing; one second later it is 5 March there. */
	long long t = 1709567999LL; /* 2024-03-04T15:59:59Z */
	char text[21];
	clock_format(t, text);
	assert_string_equal(text, "2024-03-04T15:59:59Z");
	char now[32];
	snprintf(now, sizeof(now), "%lld", t);
	assert_int_equal(setenv("JICENG_NOW", now, 1), 0);
	assert_int_equal(clock_now(), t);
	assert_int_equal(date_today(), date_from_ymd(2024, 3, 4));
	snprintf(now, sizeof(now), "%lld", t + 1);
	assert_int_equal(setenv("JICENG_NOW", now, 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2024, 3, 5));
	/* An unparsable JICENG_TODAY falls back to the clock. */
	assert_int_equal(setenv("JICENG_TODAY", "tomorrow", 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2024, 3, 5));
	unsetenv("JICENG_TODAY");
	unsetenv("JICENG_NOW");
}

static void test_date_today_real_clock(void **state)
{
	(void)state;
	unsetenv("JICENG_TODAY");
	unsetenv("JICENG_NOW");
	int today = date_today();
	assert_true(today >= date_from_ymd(2024, 1, 1));
	assert_true(today <= date_from_ymd(2200, 12, 31));
}

static void test_clock_format_epoch(void **state)
{
	(void)state;
	char text[21];
	clock_format(0, text);
	assert_string_equal(text, "1970-01-01T00:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_cases),
		cmocka_unit_test(test_date_parse_uses_only_n_bytes),
		cmocka_unit_test(test_date_epoch),
		cmocka_unit_test(test_date_format_round_trip),
		cmocka_unit_test(test_date_format_examples),
		cmocka_unit_test(test_date_add_months_cases),
		cmocka_unit_test(test_date_add_years),
		cmocka_unit_test(test_date_add_months_before_year_zero),
		cmocka_unit_test(test_date_years_between_cases),
		cmocka_unit_test(test_date_today_pinned),
		cmocka_unit_test(test_date_today_china_standard_time),
		cmocka_unit_test(test_date_today_real_clock),
		cmocka_unit_test(test_clock_format_epoch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
