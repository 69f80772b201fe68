/* stats_api.c - GET the statistics of an organisation's subtree. */
#include "stats/stats_api.h"

#include "base/date.h"
#include "http/request.h"
#include "org/org.h"
#include "stats/stats.h"

enum jc_err stats_api_get(struct request *r)
{
	long year;
	enum jc_err e = req_query_int(r, "year", 1950, 2200, date_year(date_today()), &year);
	struct org o;
	if (!e)
		e = org_get(r->db, r->ids[0], &o, &r->err);
	struct stats_vec v;
	if (!e)
		e = stats_load(r->db, o.id, &v, &r->err);
	if (e)
		return e;
	json_t *j = stats_to_json(&v, (int)year);
	json_object_set_new(j, "org_id", json_integer(o.id));
	json_object_set_new(j, "org_name", json_string(o.name));
	return req_reply(r, 200, j);
}
