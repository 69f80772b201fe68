/*
 * bench_store.c - store-level timings on a generated database (`jiceng gen`):
 *   stats   - subtree statistics (load + report) for random organisations of every depth and
 *             for the root, as p50/p99/max;
 *   page    - the first page of 50 members under random organisations and the root.
 * Usage: bench_store DB [ITERATIONS]. Prints one table row per measurement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "db/db.h"
#include "keys/keys.h"
#include "member/member.h"
#include "stats/stats.h"

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("| %-44s | %7d | %9.1f | %9.1f | %9.1f |\n", what, n, t[n / 2], t[(int)(n * 0.99)], t[n - 1]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_store DB [ITERATIONS]\n");
		return 2;
	}
	int iters = argc > 2 ? atoi(argv[2]) : 2000;
	struct db *db;
	struct jc_error err = { 0 };
	if (db_open(argv[1], DB_READONLY, &db, &err) || keys_load(db, argv[1], false, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	long long norgs = db_query_int(db, "SELECT max(id) FROM org", 0);
	int64_t root = db_query_int(db, "SELECT id FROM org WHERE parent_id IS NULL", 1);
	double *t = malloc(sizeof(double) * (size_t)iters);
	srand(42);
	printf("| %-44s | %7s | %9s | %9s | %9s |\n", "measurement (microseconds)", "n", "p50", "p99", "max");
	printf("|%.46s|%.9s|%.11s|%.11s|%.11s|\n", "----------------------------------------------", "---------",
	       "-----------", "-----------", "-----------");
	int year = date_year(date_today());
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < iters; i++) {
			int64_t id = pass ? root : 1 + (int64_t)(rand() % norgs);
			double t0 = now_us();
			struct stats_vec v;
			stats_load(db, id, &v, NULL);
			json_t *j = stats_to_json(&v, year);
			char *s = json_dumps(j, JSON_COMPACT);
			t[i] = now_us() - t0;
			free(s);
			json_decref(j);
		}
		report(pass ? "subtree statistics, national root" : "subtree statistics, random organisation", t, iters);
	}
	int page_iters = iters / 4 > 10 ? iters / 4 : 10;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < page_iters; i++) {
			int64_t id = pass ? root : 1 + (int64_t)(rand() % norgs);
			struct member_filter f;
			member_filter_init(&f);
			json_t *items = NULL;
			char next[48];
			double t0 = now_us();
			member_page(db, id, &f, NULL, 50, false, &items, next, NULL);
			char *s = items ? json_dumps(items, JSON_COMPACT) : NULL;
			t[i] = now_us() - t0;
			free(s);
			json_decref(items);
		}
		report(pass ? "first page of 50 members, national root" : "first page of 50 members, random organisation",
		       t, page_iters);
	}
	free(t);
	db_close(db);
	return 0;
}
