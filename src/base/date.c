/* date.c - day-number arithmetic (Howard Hinnant's civil-from-days algorithm) and the clock. */
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse(const char *s, int n, int *out)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

void date_format(int date, char out[11])
{
	if (date == DATE_NONE) {
		out[0] = '\0';
		return;
	}
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_add_months(int date, int months)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12 - (total % 12 < 0); /* floor division: months before year 0 stay 1..12 */
	m = total - y * 12 + 1;
	int last = days_in_month(y, m);
	return date_from_ymd(y, m, d > last ? last : d);
}

int date_add_years(int date, int years)
{
	return date_add_months(date, years * 12);
}

int date_years_between(int born, int on)
{
	int by, bm, bd, oy, om, od;
	date_to_ymd(born, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	int years = oy - by;
	if (om < bm || (om == bm && od < bd))
		years--;
	return years;
}

int date_year(int date)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	return y;
}

long long clock_now(void)
{
	const char *fake = getenv("JICENG_NOW");
	if (fake && *fake)
		return atoll(fake);
	/* Tests move a running server's clock: seconds to add, read from this file at each call. */
	const char *file = getenv("JICENG_CLOCK_FILE");
	long long offset = 0;
	if (file && *file) {
		FILE *f = fopen(file, "r");
		if (f) {
			if (fscanf(f, "%lld", &offset) != 1)
				offset = 0;
			fclose(f);
		}
	}
	return (long long)time(NULL) + offset;
}

int date_today(void)
{
	const char *fake = getenv("JICENG_TODAY");
	int d;
	if (fake && date_parse(fake, (int)strlen(fake), &d))
		return d;
	return (int)((clock_now() + 8 * 3600) / 86400);
}

void clock_format(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *date_json(int date)
{
	if (date == DATE_NONE)
		return json_null();
	char s[11];
	date_format(date, s);
	return json_string(s);
}
