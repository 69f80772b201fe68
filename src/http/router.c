/* router.c - dispatches one API request (see router.h). */
#include "http/router.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/log.h"
#include "db/db.h"
#include "http/request.h"
#include "http/routes.h"
#include "http/worker.h"
#include "mobile/mobile.h"
#include "orglife/orglife_review.h"
#include "transfer/transfer.h"

void router_security_headers(h2o_req_t *req)
{
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0, NULL,
			      H2O_STRLIT("default-src 'none'; frame-ancestors 'none'"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("referrer-policy"), 0, NULL,
			      H2O_STRLIT("no-referrer"));
	if (req->scheme == &H2O_URL_SCHEME_HTTPS)
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_STRICT_TRANSPORT_SECURITY, NULL,
			       H2O_STRLIT("max-age=31536000; includeSubDomains"));
}

static void send_text(h2o_req_t *req, int status, const char *text, size_t len)
{
	req->res.status = status;
	req->res.reason = status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
		       H2O_STRLIT("application/json; charset=utf-8"));
	router_security_headers(req);
	/* h2o_send_inline leaves the length unset: the answer would go chunked, and any status but
	 * 200 would close the connection (h2o's chunked filter). Known, it keeps the connection. */
	req->res.content_length = len;
	h2o_send_inline(req, text, len);
}

static void send_json(h2o_req_t *req, int status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	send_text(req, status, text, strlen(text));
	free(text);
}

static void send_error(h2o_req_t *req, const struct jc_error *err)
{
	json_t *body = json_pack("{s:o}", "error", req_error_json(err));
	send_json(req, jc_err_http_status(err->code), body);
	json_decref(body);
}

static bool is_json(h2o_req_t *req)
{
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
	if (i < 0)
		return false;
	h2o_iovec_t v = req->headers.entries[i].value;
	return v.len >= 16 && !strncasecmp(v.base, "application/json", 16);
}

/* A route whose body is a file, handed over raw. */
static bool takes_file(const struct route *rt)
{
	return rt->body_schema && !strcmp(rt->body_schema, "file");
}

/* The session cookie's token, "" when none. */
static void cookie_token(h2o_req_t *req, char *out, size_t cap)
{
	out[0] = '\0';
	ssize_t i = -1;
	while ((i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) >= 0) {
		h2o_iovec_t v = req->headers.entries[i].value;
		for (size_t k = 0; k + 15 <= v.len; k++) {
			if (memcmp(v.base + k, "jiceng_session=", 15) || (k && v.base[k - 1] != ' ' && v.base[k - 1] != ';'))
				continue;
			size_t start = k + 15, n = 0;
			while (start + n < v.len && v.base[start + n] != ';' && n + 1 < cap)
				n++;
			memcpy(out, v.base + start, n);
			out[n] = '\0';
			return;
		}
	}
}

static void peer_address(h2o_req_t *req, char *out, size_t cap)
{
	struct sockaddr_storage ss;
	socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
	out[0] = '\0';
	if (len && ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, (socklen_t)cap);
	else if (len && ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, (socklen_t)cap);
}

static bool unsafe_method(h2o_req_t *req)
{
	return !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) &&
	       !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"));
}

static void audit_denial(struct request *r, const char *why)
{
	h2o_req_t *req = r->native;
	char object[160];
	snprintf(object, sizeof(object), "%.*s %.*s", (int)req->method.len, req->method.base,
		 (int)(req->query_at != SIZE_MAX ? req->query_at : req->path.len), req->path.base);
	req_audit(r, "access.denied", object, why, r->route->permission);
}

/* The place in the tree of the route's object: "" with *found = false when it does not exist;
 * a database failure is returned (in r->err), not taken for an absence. An object with two sides
 * (a transfer, a mobile member's registration) has a second place in other ("" when none): a
 * grant over either lets the caller in. */
static enum jc_err object_path(struct request *r, char *path, size_t cap, char *other, bool *found, bool *root)
{
	json_t *v;
	*root = false;
	*found = false;
	path[0] = '\0';
	other[0] = '\0';
	switch (r->route->scope) {
	case SCOPE_TRANSFER:
		return transfer_paths(r->db, r->ids[0], path, other, cap, found, &r->err);
	case SCOPE_MOBILE:
		return mobile_paths(r->db, r->ids[0], path, other, cap, found, &r->err);
	case SCOPE_DECISION:
		return mobile_decision_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_ORG:
		return auth_org_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_MEMBER:
		return auth_member_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_CASE:
		return auth_case_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_MEETING:
		return auth_meeting_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_INSPECTION:
		return auth_inspection_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_APPRAISAL:
		return orglife_appraisal_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_LIFE_ITEM:
		return orglife_life_item_path(r->db, r->ids[0], path, cap, found, &r->err);
	case SCOPE_BODY_ORG:
		v = json_object_get(r->body, "org_id");
		return json_is_integer(v) ? auth_org_path(r->db, json_integer_value(v), path, cap, found, &r->err) : JC_OK;
	case SCOPE_BODY_PARENT:
		v = json_object_get(r->body, "parent_id");
		if (!v || json_is_null(v)) {
			*root = true; /* a new root: only a whole-database grant covers it */
			*found = true;
			return JC_OK;
		}
		return json_is_integer(v) ? auth_org_path(r->db, json_integer_value(v), path, cap, found, &r->err) : JC_OK;
	case SCOPE_NONE:
		break;
	}
	return JC_OK;
}

/* Who calls, and may they: 401 without a session, 403 without the permission (or the CSRF
 * header). Runs before the body is read, so that an anonymous caller learns nothing from it. */
static enum jc_err authenticate(struct request *r)
{
	const struct route *rt = r->route;
	if (!strcmp(rt->permission, "public"))
		return JC_OK;
	const char *stage;
	bool partial = !strcmp(rt->permission, "session.partial");
	enum jc_err e = auth_session(r->db, r->token, partial, &r->principal, &stage, &r->err);
	if (e)
		return e;
	r->actor.name = r->principal.login;
	if (unsafe_method(r->native)) {
		h2o_req_t *req = r->native;
		ssize_t i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-csrf-token"), -1);
		h2o_iovec_t v = i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
		if (i < 0 || v.len != strlen(r->principal.csrf) || memcmp(v.base, r->principal.csrf, v.len)) {
			audit_denial(r, "csrf");
			return jc_fail(&r->err, JC_EFORBIDDEN, NULL, NULL, "missing or wrong X-CSRF-Token header");
		}
	}
	if (partial || !strcmp(rt->permission, "session"))
		return JC_OK;
	if (r->principal.password_expired)
		return jc_fail(&r->err, JC_EFORBIDDEN, NULL, "auth.admin_password_max_days",
			       "the password has expired: change it first (POST /api/v1/auth/password)");
	/* A member reads only their own record (and their own dues). */
	r->self = rt->scope == SCOPE_MEMBER && (!strcmp(rt->permission, "member.read") || !strcmp(rt->permission, "dues.read")) &&
		  r->principal.member_id == r->ids[0] && auth_allows(&r->principal, "self.read", NULL);
	if (!r->self && !auth_allows(&r->principal, rt->permission, NULL)) {
		audit_denial(r, "forbidden");
		return jc_fail(&r->err, JC_EFORBIDDEN, NULL, NULL, "the roles of this account do not allow '%s'",
			       rt->permission);
	}
	return JC_OK;
}

/* Whether the route's object lies in a subtree the caller holds the permission on: 404 when
 * not (as for one that does not exist). Runs after the body is read (it may name the object). */
static enum jc_err check_scope(struct request *r)
{
	const struct route *rt = r->route;
	if (rt->scope == SCOPE_NONE || r->self || !strcmp(rt->permission, "public") ||
	    !strncmp(rt->permission, "session", 7))
		return JC_OK;
	char path[256], other[256];
	bool root, found;
	enum jc_err e = object_path(r, path, sizeof(path), other, &found, &root);
	if (e)
		return e;
	if (found && !path[0] && other[0]) /* a transfer from outside: its receiving side only */
		memcpy(path, other, sizeof(path));
	/* A reference to nothing: the handler names it (400) for a caller who sees the whole
	 * database; anyone else gets the 404 of an object outside their subtrees, so that the answer
	 * does not tell what exists elsewhere. */
	if (!found && (rt->scope == SCOPE_BODY_ORG || rt->scope == SCOPE_BODY_PARENT) &&
	    auth_allows(&r->principal, rt->permission, ""))
		return JC_OK;
	bool covered = auth_allows(&r->principal, rt->permission, root ? NULL : path) ||
		       (other[0] && auth_allows(&r->principal, rt->permission, other));
	if (!found || !covered || (root && !auth_allows(&r->principal, rt->permission, ""))) {
		if (found)
			audit_denial(r, "out of scope");
		return jc_fail(&r->err, JC_ENOTFOUND, NULL, NULL, "not found");
	}
	return JC_OK;
}

static bool faults_enabled;

void router_enable_faults(void)
{
	faults_enabled = true;
}

/* "x-jiceng-fault: N[,busy|full|io]": the request's N-th database call fails (io: an internal
 * error; busy or full: the database unavailable). Only on a server started with --faults. */
static void arm_fault(h2o_req_t *req)
{
	ssize_t at = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-jiceng-fault"), -1);
	if (at < 0)
		return;
	char value[32];
	h2o_iovec_t v = req->headers.entries[at].value;
	snprintf(value, sizeof(value), "%.*s", (int)v.len, v.base);
	long n = strtol(value, NULL, 10);
	const char *kind = strchr(value, ',');
	db_fault_set(n, kind && strcmp(kind + 1, "io") ? JC_EUNAVAIL : JC_EINTERNAL);
}

/* After a request with a fault armed: disarm, and tell the caller whether it fired. */
static void disarm_fault(h2o_req_t *req)
{
	if (!faults_enabled)
		return;
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-jiceng-fault-fired"), 0, NULL,
			      db_fault_fired() ? "1" : "0", 1);
	db_fault_set(0, JC_OK);
}

void router_handle(struct db *db, struct worker_inbox *inbox, h2o_req_t *req)
{
	struct request r = { 0 };
	r.native = req;
	r.db = db;
	r.inbox = inbox;
	r.actor.name = "anonymous";
	cookie_token(req, r.token, sizeof(r.token));
	peer_address(req, r.address, sizeof(r.address));
	size_t plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
	const char *path = req->path.base;
	if (req->query_at != SIZE_MAX) {
		r.query = req->path.base + req->query_at + 1;
		r.query_len = req->path.len - req->query_at - 1;
	}
	int status;
	r.route = routes_match(req->method.base, req->method.len, path, plen, r.ids, &status);
	if (!r.route) {
		jc_fail(&r.err, JC_ENOTFOUND, NULL, NULL, status == 405 ? "method not allowed here" :
					       "no such endpoint");
		if (status == 405) {
			json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", "method_not_allowed",
						 "message", "method not allowed here");
			send_json(req, 405, body);
			json_decref(body);
			return;
		}
		send_error(req, &r.err);
		return;
	}
	if (faults_enabled)
		arm_fault(req);
	/* A read request runs in one read transaction: one snapshot, one set of locks. When it
	 * cannot begin, the request is not run (the error is the answer). */
	bool reading = !unsafe_method(req) && strncmp(r.route->pattern, "/api/v1/auth/", 13);
	if (reading && db_exec(db, "BEGIN", &r.err))
		reading = false;
	if (r.err.code || authenticate(&r) != JC_OK) {
		/* the body of a caller who may not call is not read */
	} else if (req->entity.base && req->entity.len > 0) {
		if (r.route->body_limit == 0) {
			jc_fail(&r.err, JC_EINVAL, NULL, NULL, "this endpoint takes no body");
		} else if (req->entity.len > r.route->body_limit) {
			jc_fail(&r.err, JC_ETOOBIG, NULL, NULL, "the body is larger than %zu bytes",
				r.route->body_limit);
		} else if (takes_file(r.route)) {
			r.file = req->entity.base;
			r.file_len = req->entity.len;
		} else if (!is_json(req)) {
			jc_fail(&r.err, JC_EINVAL, NULL, NULL, "the body must be sent as application/json");
		} else {
			json_error_t jerr;
			r.body = json_loadb(req->entity.base, req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
			if (!r.body)
				jc_fail(&r.err, JC_EINVAL, NULL, NULL, "malformed JSON at line %d, column %d: %s",
					jerr.line, jerr.column, jerr.text);
			else if (!json_is_object(r.body))
				jc_fail(&r.err, JC_EINVAL, NULL, NULL, "the body must be a JSON object");
		}
	} else if (r.route->body_limit > 0) {
		jc_fail(&r.err, JC_EINVAL, NULL, NULL, takes_file(r.route) ? "the file is required as the body" :
					       "a JSON body is required");
	}
	if (r.err.code == JC_OK)
		check_scope(&r);
	if (r.err.code == JC_OK) {
		enum jc_err e = r.route->handler(&r);
		if (e && r.err.code == JC_OK)
			jc_fail(&r.err, e, NULL, NULL, "%s", jc_err_name(e));
	}
	struct audit_event ev = { r.principal.login, r.principal.role_names, r.address, r.audit.event,
				  r.audit.object, r.audit.result, r.audit.detail };
	struct jc_error aerr = { 0 };
	/* The write transaction of req_write (request.h): committed, with the request's audit record,
	 * when the handler succeeded; rolled back otherwise (or when its COMMIT fails). */
	if (r.writing) {
		if (!r.err.code && r.audit.due) {
			r.audit.due = false;
			if (audit_append(db, &ev, &aerr))
				jc_fail(&r.err, JC_EUNAVAIL, NULL, NULL, "the audit trail cannot be written; try again");
		}
		if (r.err.code)
			db_rollback(db);
		else
			db_commit(db, &r.err); /* rolls back when it fails */
		r.writing = false;
	}
	if (reading) {
		if (r.err.code)
			db_rollback(db);
		else
			db_commit(db, &r.err);
	}
	/* A record of success for a request that failed after all is not written (a refusal's is). */
	if (r.audit.due && !(r.err.code && !strcmp(r.audit.result, "ok"))) {
		if (audit_append(db, &ev, &aerr) && !r.err.code) /* no record of the read, no answer */
			jc_fail(&r.err, JC_EUNAVAIL, NULL, NULL, "the audit trail cannot be written; try again");
	}
	if (r.principal.touch_due)
		auth_session_touch(db, r.token);
	if (db_in_transaction(db)) { /* a handler's own transaction left open: a bug, undone */
		log_error("%s %s: a transaction was left open; rolled back", r.route->method, r.route->pattern);
		db_rollback(db);
		if (!r.err.code)
			jc_fail(&r.err, JC_EINTERNAL, NULL, NULL, "internal error");
	}
	/* A deferred job goes to a worker only now, after the commit: it sees what the request wrote,
	 * and a request that failed runs no job. */
	req_defer_submit(&r, !r.err.code);
	disarm_fault(req);
	if (r.err.code) {
		if (r.err.code == JC_EINTERNAL)
			log_error("%s %s: %s", r.route->method, r.route->pattern, r.err.message);
		send_error(req, &r.err);
	} else if (r.reply_text) {
		send_text(req, r.status ? r.status : 200, r.reply_text, r.reply_len);
	} else if (!r.deferred) {
		if (!r.reply)
			r.reply = json_object();
		send_json(req, r.status ? r.status : 200, r.reply);
	}
	free(r.reply_text);
	json_decref(r.reply);
	json_decref(r.body);
}
