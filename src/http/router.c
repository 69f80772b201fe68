/* router.c - dispatches one API request (see router.h). */
#include "http/router.h"

#include <jansson.h>
#include <string.h>

#include "base/log.h"
#include "http/request.h"
#include "http/routes.h"

static void send_text(h2o_req_t *req, int status, const char *text, size_t len)
{
	req->res.status = status;
	req->res.reason = status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
		       H2O_STRLIT("application/json; charset=utf-8"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
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
	int status = jc_err_http_status(err->code);
	json_t *e = json_pack("{s:s,s:s}", "code", jc_err_name(err->code), "message",
			      err->message[0] ? err->message : jc_err_name(err->code));
	if (err->field[0])
		json_object_set_new(e, "field", json_string(err->field));
	if (err->rule[0])
		json_object_set_new(e, "rule", json_string(err->rule));
	if (err->article[0])
		json_object_set_new(e, "article", json_string(err->article));
	json_t *body = json_pack("{s:o}", "error", e);
	send_json(req, status, body);
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

void router_handle(struct db *db, struct worker_inbox *inbox, h2o_req_t *req)
{
	struct request r = { 0 };
	r.native = req;
	r.db = db;
	r.inbox = inbox;
	r.actor.name = "api";
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
	if (req->entity.base && req->entity.len > 0) {
		if (r.route->body_limit == 0) {
			jc_fail(&r.err, JC_EINVAL, NULL, NULL, "this endpoint takes no body");
		} else if (req->entity.len > r.route->body_limit) {
			jc_fail(&r.err, JC_ETOOBIG, NULL, NULL, "the body is larger than %zu bytes",
				r.route->body_limit);
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
		jc_fail(&r.err, JC_EINVAL, NULL, NULL, "a JSON body is required");
	}
	if (r.err.code == JC_OK) {
		enum jc_err e = r.route->handler(&r);
		if (e && r.err.code == JC_OK)
			jc_fail(&r.err, e, NULL, NULL, "%s", jc_err_name(e));
	}
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
