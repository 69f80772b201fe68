/*
 * fuzz_handlers.c - libFuzzer target: every JSON request decoder, reached through its handler as
 * the router calls it. The first byte picks a route among those that take a JSON body (the auth
 * routes, file uploads and deferred jobs aside); the rest is the body, parsed as the router
 * parses it (jansson, duplicate keys refused) and handed to the handler with the path's ids
 * bound to real records: an organisation, a branch, a member and a meeting made at start-up.
 * Whatever the body, the handler must answer (an error or a result) without a crash, a leak or
 * undefined behaviour, and leave no transaction open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/date.h"
#include "db/db.h"
#include "gen/gen.h"
#include "http/request.h"
#include "http/routes.h"
#include "keys/keys.h"
#include "member/member.h"
#include "rules/rules.h"

static struct db *db;
static const struct route *eligible[64];
static size_t neligible;
static int64_t org_id, branch_id, member_id, meeting_id;

/* Calls the route's handler as the router would, with the body given and the ids bound. */
static json_t *call(const struct route *rt, json_t *body, struct jc_error *err)
{
	struct request r = { 0 };
	r.db = db;
	r.body = body;
	r.actor.name = "fuzz";
	int64_t id = strstr(rt->pattern, "/members/") ? member_id
		     : strstr(rt->pattern, "/meetings/") ? meeting_id
		     : strstr(rt->pattern, "/orgs/") ? branch_id : 1;
	for (int i = 0; i < REQ_MAX_PARAMS; i++)
		r.ids[i] = id;
	rt->handler(&r);
	if (db_in_transaction(db))
		abort(); /* a handler left its transaction open */
	*err = r.err;
	json_t *reply = r.reply;
	if (!reply && r.reply_text)
		reply = json_true(); /* answered as text */
	free(r.reply_text);
	return reply;
}

static const struct route *route(const char *method, const char *pattern)
{
	for (size_t i = 0; i < routes_count; i++)
		if (!strcmp(routes[i].method, method) && !strcmp(routes[i].pattern, pattern))
			return &routes[i];
	abort();
}

static int64_t make(const char *method, const char *pattern, const char *json)
{
	struct jc_error err = { 0 };
	json_t *body = json_loads(json, 0, NULL);
	json_t *reply = call(route(method, pattern), body, &err);
	json_decref(body);
	if (!reply) {
		fprintf(stderr, "fuzz_handlers: %s %s: %s\n", method, pattern, err.message);
		abort();
	}
	int64_t id = json_integer_value(json_object_get(reply, "id"));
	json_decref(reply);
	return id;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[] = "/tmp/jiceng-fuzz-XXXXXX", path[64];
	struct jc_error err = { 0 };
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/f.db", dir);
	if (db_open(path, DB_CREATE, &db, &err) || rules_sync(db, &err) || keys_load(db, path, true, &err))
		abort();
	audit_set_key(keys_audit_key());
	db_exec(db, "PRAGMA synchronous = OFF", NULL); /* speed: nothing here needs to survive */
	for (size_t i = 0; i < routes_count && neligible < 64; i++) {
		const struct route *rt = &routes[i];
		bool body = rt->body_limit > 0 && strcmp(rt->method, "GET") && !(rt->body_schema && !strcmp(rt->body_schema, "file"));
		bool special = !strncmp(rt->pattern, "/api/v1/auth/", 13) || !strcmp(rt->pattern, "/api/v1/keys/rotate") ||
			       !strcmp(rt->permission, "public");
		if (body && !special)
			eligible[neligible++] = rt;
	}
	org_id = make("POST", "/api/v1/orgs", "{\"code\":\"F1\",\"name\":\"中共测试县委员会\",\"type\":\"county_committee\"}");
	char json[256];
	snprintf(json, sizeof(json), "{\"code\":\"F2\",\"name\":\"中共测试村支部委员会\",\"type\":\"branch\",\"parent_id\":%lld}",
		 (long long)org_id);
	branch_id = make("POST", "/api/v1/orgs", json);
	struct gen_rng rng;
	gen_seed(&rng, 1);
	struct gen_ids *ids = gen_ids_new();
	struct member m;
	gen_person(&rng, ids, "440703", "测试村", branch_id, date_today(), &m);
	struct actor who = { .name = "fuzz" };
	if (db_begin(db, &err) || member_create(db, &m, &who, &err) || db_commit(db, &err))
		abort();
	member_id = m.id;
	gen_ids_free(ids);
	snprintf(json, sizeof(json), "{\"org_id\":%lld,\"kinds\":[\"life_meeting\"],\"held_on\":\"2025-12-20\",\"chair\":\"书记\","
		 "\"recorder\":\"委员\",\"expected\":3,\"present\":3}", (long long)branch_id);
	meeting_id = make("POST", "/api/v1/meetings", json);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || !neligible)
		return 0;
	const struct route *rt = eligible[data[0] % neligible];
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!body || !json_is_object(body)) {
		json_decref(body);
		return 0;
	}
	struct jc_error err = { 0 };
	json_t *reply = call(rt, body, &err);
	if (!reply && err.code == JC_OK)
		abort(); /* neither an answer nor an error */
	json_decref(reply);
	json_decref(body);
	return 0;
}
