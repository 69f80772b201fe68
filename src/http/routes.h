/*
 * routes.h - the route table: the one list of what the API answers.
 *
 * Each route has a method, a path pattern ("{id}" matches a positive integer), its handler, the
 * permission it needs (enforced by the access layer; "public" means no login), a body limit,
 * and a one-line summary. The OpenAPI reference (/api/v1/openapi.json) and the access-control
 * tests are generated from this table, so a new route cannot skip them.
 */
#ifndef JC_ROUTES_H
#define JC_ROUTES_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"

struct request;

typedef enum jc_err (*route_handler)(struct request *r);

/* What a route's object is, for the scope check: the router finds the object's place in the
 * tree and answers 404 when it lies outside every grant of the caller that has the permission. */
enum route_scope {
	SCOPE_NONE,        /* no object in the tree (auth, accounts, reference) */
	SCOPE_ORG,         /* ids[0] is an organisation */
	SCOPE_MEMBER,      /* ids[0] is a member */
	SCOPE_CASE,        /* ids[0] is a recruitment case (its organisation's place) */
	SCOPE_MEETING,     /* ids[0] is a meeting (its organisation's place) */
	SCOPE_INSPECTION,  /* ids[0] is a spot check (the inspecting organisation's place) */
	SCOPE_APPRAISAL,   /* ids[0] is a democratic appraisal (its branch's place) */
	SCOPE_LIFE_ITEM,   /* ids[0] is an item of a life meeting's lists (its meeting's place) */
	SCOPE_TRANSFER,    /* ids[0] is a transfer: the sending or the receiving organisation's place */
	SCOPE_MOBILE,      /* ids[0] is a mobile member's registration: the home or the host's place */
	SCOPE_DECISION,    /* ids[0] is a decision on membership status (the member's branch's place) */
	SCOPE_BODY_ORG,    /* the body's "org_id" names the organisation */
	SCOPE_BODY_PARENT, /* the body's "parent_id" (absent: the root, a whole-database grant) */
};

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	/* The permission needed (auth_rules.c), or "public" (no login), "session" (any complete
	 * session), "session.partial" (a session whose second factor is still due). */
	const char *permission;
	enum route_scope scope;
	size_t body_limit; /* bytes; 0 = no body accepted */
	const char *summary;
	/* "organisation", "member" (a JSON body of that schema), "file" (the body is a file, any
	 * content type, passed raw: struct request's file), or NULL */
	const char *body_schema;
};

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for method and path; fills ids. Returns NULL and sets *status to 404 (no
 * such path) or 405 (path exists, other method). */
const struct route *routes_match(const char *method, size_t mlen, const char *path, size_t plen,
				 int64_t *ids, int *status);

/* The largest body limit of the table (the server's cap on any request body). */
size_t routes_max_body(void);

/* The OpenAPI 3 document of the table. */
json_t *routes_openapi(void);

#endif
