/*
 * date.h - civil dates as day numbers, and the clock.
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian), so comparisons and spans are
 * integer arithmetic. DATE_NONE marks an absent date. Text form is ISO 8601 "YYYY-MM-DD" only.
 * Calendar months are added the way the regulations count them ("within one month of 5 March"
 * is 5 April); a day past the end of the target month clamps to its last day.
 *
 * The clock reads the China Standard Time calendar day (UTC+8), whatever the machine's zone.
 * Tests may pin "today" with the environment variable JICENG_TODAY=YYYY-MM-DD.
 */
#ifndef JC_DATE_H
#define JC_DATE_H

#include <jansson.h>
#include <stdbool.h>

#define DATE_NONE (-0x7fffffff)

int date_from_ymd(int y, int m, int d);            /* no validation */
void date_to_ymd(int date, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" (n bytes); returns false on anything else. */
bool date_parse(const char *s, int n, int *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). DATE_NONE writes "". */
void date_format(int date, char out[11]);
/* A day as JSON: "YYYY-MM-DD", or null for DATE_NONE (a new reference). */
json_t *date_json(int date);
int date_add_months(int date, int months);
int date_add_years(int date, int years);
/* Whole years from born to on (the age on that day). */
int date_years_between(int born, int on);
int date_year(int date);
int date_today(void);
/* Seconds since the epoch, UTC (for history, audit and sessions). For tests: JICENG_NOW fixes
 * it; JICENG_CLOCK_FILE names a file holding seconds to add, re-read at each call. */
long long clock_now(void);
/* Writes an ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void clock_format(long long t, char out[21]);

#endif
