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
	static const char *const names[] = { "key", "value", "reason", "effective_from" };
	const char *text[4] = { NULL, NULL, NULL, NULL };
	const char *k;
	json_t *v;
	json_object_foreach(r->body, k, v) {
		size_t i = 0;
		while (i < 4 && strcmp(k, names[i]))
			i++;
		if (i == 4)
			return jc_fail(&r->err, JC_EINVAL, k, NULL,
				       "'%s' is not a field of a rule override (key, value, reason, effective_from)", k);
		if (!json_is_string(v))
			return jc_fail(&r->err, JC_EINVAL, k, NULL, "'%s' must be a string", k);
		text[i] = json_string_value(v);
	}
	for (int i = 0; i < 3; i++)
		if (!text[i])
			return jc_fail(&r->err, JC_EINVAL, names[i], NULL, "'%s' is required", names[i]);
	struct override o = { text[0], text[1], text[2], 0 };
	const char *from = text[3];
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
