/* rules_api.c - the rules in force for an organisation, and local overrides. */
#include "rules/rules_api.h"

#include <string.h>

#include "base/date.h"
#include "http/request.h"
#include "org/org.h"
#include "rules/rules.h"

enum jc_err rules_api_list(struct request *r)
{
	char ds[16];
	int on = date_today();
	if (req_query(r, "date", ds, sizeof(ds)) && !date_parse(ds, (int)strlen(ds), &on))
		return jc_fail(&r->err, JC_EINVAL, "date", NULL, "'date' must be YYYY-MM-DD");
	struct org o;
	enum jc_err e = org_get(r->db, r->ids[0], &o, &r->err);
	if (e)
		return e;
	json_t *list = rules_list_json(r->db, o.id, on, &r->err);
	if (!list)
		return r->err.code ? r->err.code : JC_EINTERNAL;
	return req_reply(r, 200, json_pack("{s:I,s:o}", "org_id", (json_int_t)o.id, "items", list));
}

struct override {
	const char *key, *value, *reason;
	int from;
};

static enum jc_err do_override(struct request *r, void *ctx)
{
	struct override *o = ctx;
	return rules_override(r->db, r->ids[0], o->key, o->value, o->from, o->reason, r->actor.name, &r->err);
}

enum jc_err rules_api_override(struct request *r)
{
	json_t *b = r->body;
	struct override o = { 0 };
	const char *from = NULL;
	if (json_unpack(b, "{s:s, s:s, s:s, s?s !}", "key", &o.key, "value", &o.value, "reason", &o.reason,
			"effective_from", &from))
		return jc_fail(&r->err, JC_EINVAL, NULL, NULL,
			       "the body is {key, value, reason, effective_from?}, all strings");
	if (!*o.reason)
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is required for a local rule");
	o.from = date_today();
	if (from && !date_parse(from, (int)strlen(from), &o.from))
		return jc_fail(&r->err, JC_EINVAL, "effective_from", NULL, "'effective_from' must be YYYY-MM-DD");
	struct org org;
	enum jc_err e = org_get(r->db, r->ids[0], &org, &r->err);
	if (!e)
		e = req_write(r, do_override, &o);
	if (e)
		return e;
	return rules_api_list(r);
}
