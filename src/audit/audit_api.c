/* audit_api.c - GET /api/v1/audit: the trail, newest first, for the audit administrator. */
#include "audit/audit_api.h"

#include "audit/audit.h"
#include "http/request.h"

enum jc_err audit_api_list(struct request *r)
{
	long before, limit;
	char prefix[64];
	enum jc_err e = req_query_int(r, "before", 0, 0x7fffffffffffffffL, 0, &before);
	if (!e)
		e = req_query_int(r, "limit", 1, 500, 100, &limit);
	if (e)
		return e;
	json_t *list = audit_list_json(r->db, before, (int)limit, req_query(r, "event", prefix, sizeof(prefix)) ? prefix : NULL,
				       &r->err);
	if (!list)
		return r->err.code ? r->err.code : JC_EINTERNAL;
	return req_reply(r, 200, json_pack("{s:o}", "items", list));
}
