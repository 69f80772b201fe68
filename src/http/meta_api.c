/* meta_api.c - health, the OpenAPI reference and the code tables for clients. */
#include "http/meta_api.h"

#include "db/db.h"
#include "dues/dues.h"
#include "http/request.h"
#include "http/routes.h"
#include "member/member.h"
#include "mobile/mobile.h"
#include "org/org.h"
#include "orglife/orglife.h"
#include "orglife/orglife_review.h"
#include "transfer/transfer.h"

enum jc_err meta_api_health(struct request *r)
{
	int64_t orgs = db_query_int(r->db, "SELECT count(*) FROM (SELECT 1 FROM org LIMIT 1)", -1);
	if (orgs < 0)
		return jc_fail(&r->err, JC_EUNAVAIL, NULL, NULL, "the database does not answer");
	return req_reply(r, 200, json_pack("{s:s}", "status", "ok"));
}

enum jc_err meta_api_openapi(struct request *r)
{
	return req_reply(r, 200, routes_openapi());
}

enum jc_err meta_api_codes(struct request *r)
{
	static const struct code_table *const tables[] = {
		&org_types, &org_unit_categories, &org_statuses, &org_committee_posts, &member_genders,
		&member_ethnicities, &member_educations, &member_occupations, &member_categories, &member_states,
		&orglife_kinds, &orglife_appraisal_grades, &orglife_life_item_kinds,
		&dues_categories, &dues_channels, &dues_uses, &dues_transfer_kinds,
		&transfer_states, &transfer_directions, &transfer_actions, &mobile_states, &member_decision_kinds,
	};
	json_t *all = json_object();
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		json_t *list = json_array();
		for (size_t k = 0; k < tables[i]->count; k++) {
			const struct code *c = &tables[i]->codes[k];
			json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "key", c->key, "zh", c->zh, "en", c->en));
		}
		json_object_set_new(all, tables[i]->name, list);
	}
	return req_reply(r, 200, all);
}
