/*
 * calendar.h - the working-day calendar: deadlines counted in working days (工作日).
 *
 * Some periods of the regulations run in working days, e.g. the public notice (公示) of at least
 * 5 working days before a development target is listed (domain-rules.md §1.5). The calendar is
 * data (migrations/0005_calendar.sql): the days that differ from the Monday-Friday week, as the
 * State Council General Office's notice of each year arranges them, and the years entered.
 *
 * Invariants:
 *   - a day is a working day when it is listed as a workday (an adjusted working Saturday or
 *     Sunday, 调休上班), or when it is a Monday to Friday not listed as a holiday. A holiday may
 *     fall on a weekend (the notice's periods are listed whole); a workday is always a Saturday
 *     or a Sunday;
 *   - a year is configured when calendar_year_configure() has marked it (2025 and 2026 ship so).
 *     In a year not configured only weekends are assumed, and every answer that looked at a day
 *     of such a year says provisional = true: it may change once the year's notice is entered.
 *     Days may be set in a year before it is marked configured; they count all the same;
 *   - days are day numbers of base/date.h, within the years date_valid_ymd() accepts
 *     (1800-2200); a day, count or result outside them is JC_EINVAL.
 *
 * Counting follows the Civil Code (民法典 第二百零一条): the day a period starts from is not
 * counted; counting starts the next day. So calendar_add(d, n) is the n-th working day after d,
 * and calendar_count(d, e) counts the working days after d up to and including e; for every
 * n >= 1, calendar_count(d, calendar_add(d, n)) == n, and calendar_add(d, n) is a working day.
 *
 * Speed: nothing is cached, so a change made by another connection is seen at once. A call reads
 * the exceptions and configured years of the days it needs with one query, and one more per
 * further 1024 days of a long span; tests/unit/test_calendar.c measures calendar_add.
 *
 * Every function borrows db and its string arguments; a provisional pointer may be NULL. Writes
 * do not begin a transaction: call them inside the caller's db_begin()/db_commit(), with the
 * audit record, so that both commit or neither does.
 */
#ifndef JC_CALENDAR_H
#define JC_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct db;

/* --- answers ------------------------------------------------------------------------------- */

/* Whether day is a working day. *provisional: day's year is not configured. */
enum jc_err calendar_is_working(struct db *db, int day, bool *working, bool *provisional,
				struct jc_error *err);

/* The n-th working day after from (n >= 0; n = 0 answers from itself, working or not).
 * *provisional: a day in (from, *out] lies in a year not configured (never for n = 0).
 * JC_EINVAL (field "n") for n < 0 or an answer past 2200-12-31. */
enum jc_err calendar_add(struct db *db, int from, int n, int *out, bool *provisional,
			 struct jc_error *err);

/* The number of working days d with from < d <= to: a half-open range, open at from (the day
 * the period starts from is not counted) and closed at to. 0 when to <= from.
 * *provisional: a day of that range lies in a year not configured. */
enum jc_err calendar_count(struct db *db, int from, int to, int *out, bool *provisional,
			   struct jc_error *err);

/* --- the data ------------------------------------------------------------------------------ */

/* Lists day as an exception, replacing what was listed for it. kind is "holiday" or "workday"
 * (JC_EINVAL, field "kind", for anything else, and for a workday on Monday to Friday); name is
 * the festival, 1 to 64 bytes (field "name"); source (NULL: "") says where it comes from, at
 * most 300 bytes (field "source"). */
enum jc_err calendar_set(struct db *db, int day, const char *kind, const char *name,
			 const char *source, struct jc_error *err);

/* Removes day's exception: it becomes an ordinary weekday or weekend day again.
 * JC_ENOTFOUND (field "day") when none is listed. */
enum jc_err calendar_clear(struct db *db, int day, struct jc_error *err);

/* Marks year configured (its days entered from the notice source names, 1 to 300 bytes, field
 * "source"); marking it again replaces the source and the time. Field "year" for a year out of
 * range. */
enum jc_err calendar_year_configure(struct db *db, int year, const char *source,
				    struct jc_error *err);

/* One listed day. */
struct calendar_day {
	int day;
	int weekday;  /* 0 = Sunday ... 6 = Saturday */
	bool workday; /* an adjusted working Saturday or Sunday; false: a holiday */
	char *name;
	char *source;
};

/* A year's listing: whether it is configured, by what, and its exceptions in day order. */
struct calendar_year {
	int year;
	bool configured;
	char *source;            /* "" when not configured */
	char configured_at[21];  /* "" when not configured */
	struct calendar_day *days;
	size_t count;
};

/* Fills *out with year's listing (field "year" for a year out of range). *out holds allocated
 * strings in every case, and the caller releases it with calendar_year_release(). */
enum jc_err calendar_year_read(struct db *db, int year, struct calendar_year *out,
			       struct jc_error *err);
void calendar_year_release(struct calendar_year *y);

#endif
