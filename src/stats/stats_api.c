/* stats_api.c - the statistics of an organisation's subtree: as JSON, and as a workbook made on a
 * worker thread. */
#include "stats/stats_api.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/mem.h"
#include "http/request.h"
#include "http/worker.h"
#include "org/org.h"
#include "stats/stats.h"

/* The organisation of the path and the reference year of the query. */
static enum jc_err org_and_year(struct request *r, struct org *o, long *year)
{
	enum jc_err e = req_query_int(r, "year", 1950, 2200, date_year(date_today()), year);
	return e ? e : org_get(r->db, r->ids[0], o, &r->err);
}

enum jc_err stats_api_get(struct request *r)
{
	long year;
	struct org o;
	enum jc_err e = org_and_year(r, &o, &year);
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

struct export_job {
	struct org org;
	int year;
	char table[32]; /* one table only, or "" for all */
	struct job_caller who;
};

static void run_export(struct db *db, void *arg, struct job_result *out)
{
	struct export_job *x = arg;
	struct stats_vec v;
	char path[32];
	if (stats_load(db, x->org.id, &v, &out->err) || job_temp_file(path, sizeof(path), &out->err))
		return;
	enum jc_err e = stats_export_xlsx(&v, x->year, x->org.name, x->org.code, x->table[0] ? x->table : NULL, path,
				       &out->err);
	char detail[64];
	snprintf(detail, sizeof(detail), "year %d%s%s", x->year, x->table[0] ? ", " : "", x->table);
	struct audit_event ev = { x->who.login, x->who.roles, x->who.address, "stats.export", x->org.code, "ok", detail };
	if (!e)
		audit_append(db, &ev, &out->err); /* no record of the export, no export */
	char filename[80];
	snprintf(filename, sizeof(filename), "stats-%s-%d%s%s.xlsx", x->org.code, x->year, x->table[0] ? "-" : "",
		 x->table);
	job_reply_file(out, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename);
}

enum jc_err stats_api_export(struct request *r)
{
	long year;
	struct export_job *x = xcalloc(1, sizeof(*x));
	enum jc_err e = org_and_year(r, &x->org, &year);
	if (e) {
		free(x);
		return e;
	}
	x->year = (int)year;
	if (req_query(r, "table", x->table, sizeof(x->table)) && !stats_table_known(x->table)) {
		free(x);
		return jc_fail(&r->err, JC_EINVAL, "table", NULL, "'table' is not a table of the statistics (by_state, age_pyramid, ...)");
	}
	job_caller_of(r, &x->who);
	return req_defer(r, run_export, x, free);
}
