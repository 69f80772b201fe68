/*
 * request.h - what an API handler sees of an HTTP request, and how it answers.
 *
 * The router (router.c) matches the route, checks the body limit, parses a JSON body for
 * methods that carry one (or hands over the raw body of a route that takes a file), and calls the handler with a struct request. The handler reads path
 * ids, query parameters and the body, does its work with r->db (the event loop's own connection),
 * and either returns JC_OK after req_reply(), or returns an error code with r->err filled, which
 * the router turns into {"error": {...}} with the matching status.
 *
 * Transactions: a read request (GET, HEAD; not under /api/v1/auth/) runs inside one read
 * transaction that the router opens before authentication and ends after the handler. A handler
 * that writes does so through req_write, which opens the request's write transaction (or joins
 * it) but does not commit: the router commits once the handler has returned JC_OK (and rolls back
 * when it returned an error, or when the COMMIT fails, answering that error). So whatever the
 * handler reads back for its answer after req_write is part of the same transaction, and a failure
 * there undoes the write: an error answer never leaves a change stored. A deferred job
 * (req_defer) is handed to a worker only after that commit, so it sees the change. When the
 * router's request ends, the loop's connection is never left inside a transaction.
 */
#ifndef JC_REQUEST_H
#define JC_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"

struct db;
struct route;
struct worker_inbox;

#define REQ_MAX_PARAMS 4

struct request {
	void *native;             /* h2o_req_t */
	const struct route *route;
	struct db *db;
	json_t *body;             /* parsed JSON body, or NULL */
	/* The raw body of a route that takes a file (body_schema "file"), borrowed from h2o for the
	 * handler's call only (a deferred job copies it); NULL when none was sent. */
	const char *file;
	size_t file_len;
	int64_t ids[REQ_MAX_PARAMS]; /* the {id} segments of the path, in order */
	const char *query;        /* raw query string (without '?'), may be NULL */
	size_t query_len;
	struct actor actor;
	struct jc_error err;
	int status;               /* set by req_reply */
	json_t *reply;            /* set by req_reply */
	char *reply_text;         /* or by req_reply_text */
	size_t reply_len;
	struct worker_inbox *inbox; /* where deferred work comes back (http/worker.h) */
	struct auth_principal principal; /* the caller (empty for public routes) */
	char token[AUTH_TOKEN_LEN + 1];  /* the session cookie's value, "" when none */
	char address[64];         /* the client's address, for the audit trail */
	bool self;                /* a member reading their own record (router.c) */
	/* An audit record the router writes once the request's read transaction has ended, before
	 * the reply goes out (a read that cannot be recorded is not answered). */
	struct {
		bool due;
		char event[48], object[160], result[32], detail[160];
	} audit;
	char reason[512];         /* the body's "reason", see req_take_reason */
	bool deferred;            /* set by req_defer: the answer comes later */
	bool writing;             /* req_write opened the request's write transaction (router ends it) */
	void *job;                /* req_defer's job, handed to a worker by the router (http/worker.h) */
};

/* A query parameter, percent-decoded into out (cap bytes); false when absent. Empty values
 * count as absent. */
bool req_query(struct request *r, const char *name, char *out, size_t cap);
/* An integer query parameter in [min, max]; dflt when absent; JC_EINVAL naming it otherwise. */
enum jc_err req_query_int(struct request *r, const char *name, long min, long max, long dflt,
			  long *out);
/* A query parameter that must be one of a code table's keys (or absent: *out = NULL). */
enum jc_err req_query_code(struct request *r, const char *name, const struct code_table *t,
			   const char **out);

/* Takes the optional "reason" out of a write body (it goes into the history with the change,
 * through r->actor.reason); refuses one that is not a string of at most 500 bytes. */
enum jc_err req_take_reason(struct request *r);

/* The error member of an answer: {"code", "message", "field", "rule", "article"}, the last three
 * only when not empty (a new reference). */
json_t *req_error_json(const struct jc_error *err);

/* Sets the response (steals body). */
enum jc_err req_reply(struct request *r, int status, json_t *body);
/* Sets (token) or clears (NULL) the session cookie: HttpOnly, SameSite=Strict, Path=/. */
void req_set_session_cookie(struct request *r, const char *token);
/* 404 unless the caller holds permission on the organisation (for objects named in a body,
 * such as the new parent of a move). */
enum jc_err req_check_org(struct request *r, const char *permission, int64_t org_id);
/* Sets a response already written as JSON text (takes text, a malloc'd string of len bytes). */
enum jc_err req_reply_text(struct request *r, int status, char *text, size_t len);

/* Records an event of this request in the audit trail (written by the router after the request;
 * inside req_write, data changes are recorded by req_write itself). */
void req_audit(struct request *r, const char *event, const char *object, const char *result, const char *detail);

/* Runs fn inside the request's write transaction, opening it (BEGIN IMMEDIATE) unless an earlier
 * req_write of this request did, and appends the change's audit record to it. When fn (or the
 * audit record) fails, the whole transaction is rolled back at once and its error returned.
 * When it succeeds, nothing is committed yet: the router commits at the end of the request when
 * the handler returns JC_OK, and rolls back otherwise (see the top of this file). Without a router
 * (r->route NULL) the transaction is committed here, as a unit. */
enum jc_err req_write(struct request *r, enum jc_err (*fn)(struct request *r, void *ctx), void *ctx);

#endif
