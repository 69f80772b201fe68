/*
 * calendar.c - working days from the tables of migrations/0005_calendar.sql.
 *
 * The answers read a window of consecutive days with one query (the exceptions in it and the
 * configured years it touches) into one byte per day, then walk the bytes. A deadline of n
 * working days asks for a window of 2n + 31 days, which holds n working days unless the year has
 * far more holidays than any notice gives; when it does not, the walk reads the next window.
 */
#include "calendar/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"

#define WINDOW 1024 /* days read by one query at most */
#define NAME_MAX_BYTES 64
#define SOURCE_MAX_BYTES 300

enum { WORKING = 1, CONFIGURED = 2 };

struct window {
	int first; /* the day of flag[0] */
	int count;
	unsigned char flag[WINDOW];
};

static const char *const weekday_names[] = { "sunday", "monday", "tuesday", "wednesday",
					     "thursday", "friday", "saturday" };

static int first_day(void)
{
	return date_from_ymd(1800, 1, 1);
}

static int last_day(void)
{
	return date_from_ymd(2200, 12, 31);
}

/* 0 = Sunday ... 6 = Saturday; day 0, 1970-01-01, was a Thursday. */
static int weekday(int day)
{
	int r = (day + 4) % 7;
	return r < 0 ? r + 7 : r;
}

static enum jc_err check_day(int day, const char *field, struct jc_error *err)
{
	if (day >= first_day() && day <= last_day())
		return JC_OK;
	return jc_fail(err, JC_EINVAL, field, NULL, "'%s' must be a day from 1800-01-01 to 2200-12-31",
		       field);
}

static enum jc_err check_year(int year, struct jc_error *err)
{
	if (year >= 1800 && year <= 2200)
		return JC_OK;
	return jc_fail(err, JC_EINVAL, "year", NULL, "'year' must be from 1800 to 2200, not %d", year);
}

static enum jc_err step_failed(struct jc_error *err)
{
	return err && err->code ? err->code : JC_EINTERNAL;
}

/* Reads the days first .. first + count - 1 (count <= WINDOW, all within range) into w. */
static enum jc_err window_load(struct db *db, int first, int count, struct window *w,
			       struct jc_error *err)
{
	w->first = first;
	w->count = count;
	for (int i = 0, wd = weekday(first); i < count; i++, wd = (wd + 1) % 7)
		w->flag[i] = wd == 0 || wd == 6 ? 0 : WORKING;

	/* Rows tagged 0 are exceptions (day, 1 for a workday); rows tagged 1 configured years. */
	struct db_stmt *s = db_stmt(db, "SELECT 0, day, kind = 'workday' FROM calendar_day"
					" WHERE day BETWEEN ?1 AND ?2"
					" UNION ALL SELECT 1, year, 0 FROM calendar_year"
					" WHERE year BETWEEN ?3 AND ?4");
	int last = first + count - 1;
	db_bind_date(s, 1, first);
	db_bind_date(s, 2, last);
	db_bind_int(s, 3, date_year(first));
	db_bind_int(s, 4, date_year(last));
	int r;
	while ((r = db_step(s, err)) == 1) {
		if (db_col_int(s, 0) == 0) {
			int i = db_col_date(s, 1) - first;
			if (i >= 0 && i < count)
				w->flag[i] = (unsigned char)((w->flag[i] & ~WORKING) | (db_col_int(s, 2) ? WORKING : 0));
			continue;
		}
		int y = (int)db_col_int(s, 1);
		int a = date_from_ymd(y, 1, 1) - first, b = date_from_ymd(y, 12, 31) - first;
		for (int i = a < 0 ? 0 : a; i <= b && i < count; i++)
			w->flag[i] |= CONFIGURED;
	}
	return r < 0 ? step_failed(err) : JC_OK;
}

enum jc_err calendar_is_working(struct db *db, int day, bool *working, bool *provisional,
				struct jc_error *err)
{
	struct window w;
	enum jc_err e = check_day(day, "day", err);
	if (!e)
		e = window_load(db, day, 1, &w, err);
	if (e)
		return e;
	*working = w.flag[0] & WORKING;
	if (provisional)
		*provisional = !(w.flag[0] & CONFIGURED);
	return JC_OK;
}

enum jc_err calendar_add(struct db *db, int from, int n, int *out, bool *provisional,
			 struct jc_error *err)
{
	enum jc_err e = check_day(from, "from", err);
	if (e)
		return e;
	if (n < 0)
		return jc_fail(err, JC_EINVAL, "n", NULL, "'n' must be 0 or more, not %d", n);
	struct window w;
	int day = from, left = n;
	bool prov = false;
	while (left > 0) {
		int count = left > (WINDOW - 31) / 2 ? WINDOW : 2 * left + 31;
		if (count > last_day() - day)
			count = last_day() - day;
		if (count <= 0)
			return jc_fail(err, JC_EINVAL, "n", NULL, "%d working days reach past 2200-12-31", n);
		if ((e = window_load(db, day + 1, count, &w, err)))
			return e;
		for (int i = 0; i < count && left > 0; i++) {
			day = w.first + i;
			prov |= !(w.flag[i] & CONFIGURED);
			if (w.flag[i] & WORKING)
				left--;
		}
	}
	*out = day;
	if (provisional)
		*provisional = prov;
	return JC_OK;
}

enum jc_err calendar_count(struct db *db, int from, int to, int *out, bool *provisional,
			   struct jc_error *err)
{
	enum jc_err e = check_day(from, "from", err);
	if (!e)
		e = check_day(to, "to", err);
	if (e)
		return e;
	struct window w;
	int n = 0;
	bool prov = false;
	for (int day = from + 1; day <= to; day += w.count) {
		if ((e = window_load(db, day, to - day + 1 > WINDOW ? WINDOW : to - day + 1, &w, err)))
			return e;
		for (int i = 0; i < w.count; i++) {
			prov |= !(w.flag[i] & CONFIGURED);
			if (w.flag[i] & WORKING)
				n++;
		}
	}
	*out = n;
	if (provisional)
		*provisional = prov;
	return JC_OK;
}

enum jc_err calendar_set(struct db *db, int day, const char *kind, const char *name,
			 const char *source, struct jc_error *err)
{
	enum jc_err e = check_day(day, "day", err);
	if (e)
		return e;
	bool workday = kind && !strcmp(kind, "workday");
	if (!workday && !(kind && !strcmp(kind, "holiday")))
		return jc_fail(err, JC_EINVAL, "kind", NULL, "'kind' must be 'holiday' or 'workday', not '%s'",
			       kind ? kind : "");
	int wd = weekday(day);
	if (workday && wd != 0 && wd != 6) {
		char t[11];
		date_format(day, t);
		return jc_fail(err, JC_EINVAL, "kind", NULL,
			       "a 'workday' is an adjusted saturday or sunday, and %s is a %s", t,
			       weekday_names[wd]);
	}
	if (!name || !*name || strlen(name) > NAME_MAX_BYTES)
		return jc_fail(err, JC_EINVAL, "name", NULL, "'name' must be 1 to %d bytes", NAME_MAX_BYTES);
	if (source && strlen(source) > SOURCE_MAX_BYTES)
		return jc_fail(err, JC_EINVAL, "source", NULL, "'source' must be at most %d bytes",
			       SOURCE_MAX_BYTES);
	struct db_stmt *s = db_stmt(db, "INSERT INTO calendar_day (day, kind, name, source)"
					" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (day) DO UPDATE SET"
					" kind = excluded.kind, name = excluded.name, source = excluded.source");
	db_bind_date(s, 1, day);
	db_bind_text(s, 2, workday ? "workday" : "holiday");
	db_bind_text(s, 3, name);
	db_bind_text(s, 4, source ? source : "");
	return db_run(s, err);
}

enum jc_err calendar_clear(struct db *db, int day, struct jc_error *err)
{
	enum jc_err e = check_day(day, "day", err);
	if (e)
		return e;
	struct db_stmt *s = db_stmt(db, "DELETE FROM calendar_day WHERE day = ?1");
	db_bind_date(s, 1, day);
	if ((e = db_run(s, err)))
		return e;
	if (db_changes(db) == 0) {
		char t[11];
		date_format(day, t);
		return jc_fail(err, JC_ENOTFOUND, "day", NULL, "no holiday or workday is listed on %s", t);
	}
	return JC_OK;
}

enum jc_err calendar_year_configure(struct db *db, int year, const char *source,
				    struct jc_error *err)
{
	enum jc_err e = check_year(year, err);
	if (e)
		return e;
	if (!source || !*source || strlen(source) > SOURCE_MAX_BYTES)
		return jc_fail(err, JC_EINVAL, "source", NULL, "'source' must be 1 to %d bytes",
			       SOURCE_MAX_BYTES);
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, "INSERT INTO calendar_year (year, source, configured_at)"
					" VALUES (?1, ?2, ?3) ON CONFLICT (year) DO UPDATE SET"
					" source = excluded.source, configured_at = excluded.configured_at");
	db_bind_int(s, 1, year);
	db_bind_text(s, 2, source);
	db_bind_text(s, 3, now);
	return db_run(s, err);
}

enum jc_err calendar_year_read(struct db *db, int year, struct calendar_year *out,
			       struct jc_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->source = xstrdup("");
	enum jc_err e = check_year(year, err);
	if (e)
		return e;

	struct db_stmt *s = db_stmt(db, "SELECT source, configured_at FROM calendar_year WHERE year = ?1");
	db_bind_int(s, 1, year);
	int r = db_step(s, err);
	if (r == 1) {
		out->configured = true;
		free(out->source);
		out->source = xstrdup(db_col_text(s, 0));
		snprintf(out->configured_at, sizeof(out->configured_at), "%s", db_col_text(s, 1));
		db_reset(s);
	}
	if (r < 0)
		return step_failed(err);

	s = db_stmt(db, "SELECT day, kind = 'workday', name, source FROM calendar_day"
			" WHERE day BETWEEN ?1 AND ?2 ORDER BY day");
	db_bind_date(s, 1, date_from_ymd(year, 1, 1));
	db_bind_date(s, 2, date_from_ymd(year, 12, 31));
	size_t alloc = 0;
	while ((r = db_step(s, err)) == 1) {
		out->days = xgrow(out->days, &alloc, out->count + 1, sizeof(*out->days));
		struct calendar_day *d = &out->days[out->count++];
		d->day = db_col_date(s, 0);
		d->weekday = weekday(d->day);
		d->workday = db_col_int(s, 1) != 0;
		d->name = xstrdup(db_col_text(s, 2));
		d->source = xstrdup(db_col_text(s, 3));
	}
	return r < 0 ? step_failed(err) : JC_OK;
}

void calendar_year_release(struct calendar_year *y)
{
	for (size_t i = 0; i < y->count; i++) {
		free(y->days[i].name);
		free(y->days[i].source);
	}
	free(y->days);
	free(y->source);
	memset(y, 0, sizeof(*y));
}
