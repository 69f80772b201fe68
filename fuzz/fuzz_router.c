/*
 * fuzz_router.c - libFuzzer target: the router's path and query parsing. The input is
 * "METHOD\nPATH?QUERY": the route table is matched on method and path (ids parsed from the
 * path), and the query's parameters are read as the handlers read them (percent-decoding,
 * integers with bounds, periods and dates).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "http/request.h"
#include "http/routes.h"
#include "orglife/orglife.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	if (!nl)
		return 0;
	size_t mlen = (size_t)(nl - text), rest = size - mlen - 1;
	const char *path = nl + 1, *q = memchr(path, '?', rest);
	size_t plen = q ? (size_t)(q - path) : rest;
	int64_t ids[REQ_MAX_PARAMS] = { 0 };
	int status = 0;
	const struct route *rt = routes_match(text, mlen, path, plen, ids, &status);
	if (!rt && status != 404 && status != 405)
		abort();
	for (int i = 0; rt && i < REQ_MAX_PARAMS; i++)
		if (ids[i] < 0)
			abort(); /* "{id}" matches positive integers only */
	struct request r = { 0 };
	char *query = NULL;
	if (q) {
		query = malloc(rest - plen); /* the query without '?', copied: no NUL is promised */
		memcpy(query, q + 1, rest - plen - 1);
		r.query = query;
		r.query_len = rest - plen - 1;
	}
	char value[64];
	long n;
	static const char *const names[] = { "period", "from", "to", "cursor", "q", "limit", "year", "status" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (req_query(&r, names[i], value, sizeof(value)) && strlen(value) >= sizeof(value))
			abort();
	memset(&r.err, 0, sizeof(r.err));
	req_query_int(&r, "limit", 1, 500, 50, &n);
	struct orglife_period p;
	struct jc_error err = { 0 };
	if (req_query(&r, "period", value, sizeof(value)))
		orglife_period_parse(value, &p, &err);
	int day;
	if (req_query(&r, "from", value, sizeof(value)))
		date_parse(value, (int)strlen(value), &day);
	free(query);
	return 0;
}
