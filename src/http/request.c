/* request.c - query parameters, replies and write transactions for handlers. */
#include "http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <h2o.h>

#include "audit/audit.h"
#include "db/db.h"
#include "http/routes.h"

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool req_query(struct request *r, const char *name, char *out, size_t cap)
{
	size_t nlen = strlen(name);
	const char *p = r->query, *end = r->query ? r->query + r->query_len : NULL;
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq && (size_t)(eq - p) == nlen && !memcmp(p, name, nlen)) {
			size_t o = 0;
			for (const char *s = eq + 1; s < stop && o + 1 < cap; s++) {
				if (*s == '+') {
					out[o++] = ' ';
				} else if (*s == '%' && s + 2 < stop &&
					   hex(s[1]) >= 0 && hex(s[2]) >= 0) {
					out[o++] = (char)(hex(s[1]) * 16 + hex(s[2]));
					s += 2;
				} else {
					out[o++] = *s;
				}
			}
			out[o] = '\0';
			return o > 0;
		}
		p = stop + 1;
	}
	if (cap)
		out[0] = '\0';
	return false;
}

enum jc_err req_query_int(struct request *r, const char *name, long min, long max, long dflt,
			  long *out)
{
	char v[32];
	*out = dflt;
	if (!req_query(r, name, v, sizeof(v)))
		return JC_OK;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < min || n > max)
		return jc_fail(&r->err, JC_EINVAL, name, NULL, "'%s' must be a whole number from %ld to %ld",
			       name, min, max);
	*out = n;
	return JC_OK;
}

enum jc_err req_query_code(struct request *r, const char *name, const struct code_table *t,
			   const char **out)
{
	char v[64];
	*out = NULL;
	if (!req_query(r, name, v, sizeof(v)))
		return JC_OK;
	int i = code_find(t, v, strlen(v), 0);
	if (i < 0)
		return jc_fail(&r->err, JC_EINVAL, name, NULL, "'%s' is not one of the codes of '%s'", name, t->name);
	*out = t->codes[i].key;
	return JC_OK;
}

enum jc_err req_take_reason(struct request *r)
{
	json_t *reason = json_object_get(r->body, "reason");
	r->reason[0] = '\0';
	r->actor.reason = r->reason;
	if (!reason)
		return JC_OK;
	if (!json_is_string(reason))
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' must be a string");
	if (json_string_length(reason) > 500)
		return jc_fail(&r->err, JC_EINVAL, "reason", NULL, "'reason' is longer than 500 bytes");
	snprintf(r->reason, sizeof(r->reason), "%s", json_string_value(reason));
	json_object_del(r->body, "reason");
	return JC_OK;
}

json_t *req_error_json(const struct jc_error *err)
{
	json_t *e = json_object();
	json_t *message = err->message[0] ? json_string(err->message) : NULL; /* NULL: cut inside UTF-8 */
	json_object_set_new(e, "code", json_string(jc_err_name(err->code)));
	json_object_set_new(e, "message", message ? message : json_string(jc_err_name(err->code)));
	if (err->field[0])
		json_object_set_new(e, "field", json_string(err->field));
	if (err->rule[0])
		json_object_set_new(e, "rule", json_string(err->rule));
	if (err->article[0])
		json_object_set_new(e, "article", json_string(err->article));
	return e;
}

enum jc_err req_reply(struct request *r, int status, json_t *body)
{
	json_decref(r->reply);
	r->status = status;
	r->reply = body;
	return JC_OK;
}

enum jc_err req_reply_text(struct request *r, int status, char *text, size_t len)
{
	free(r->reply_text);
	r->status = status;
	r->reply_text = text;
	r->reply_len = len;
	return JC_OK;
}

void req_set_session_cookie(struct request *r, const char *token)
{
	h2o_req_t *req = r->native;
	char v[160];
	int n = token ? snprintf(v, sizeof(v), "jiceng_session=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
				 req->scheme == &H2O_URL_SCHEME_HTTPS ? "; Secure" : "") :
			snprintf(v, sizeof(v), "jiceng_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	h2o_iovec_t iv = h2o_strdup(&req->pool, v, (size_t)n);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_SET_COOKIE, NULL, iv.base, iv.len);
}

void req_audit(struct request *r, const char *event, const char *object, const char *result, const char *detail)
{
	r->audit.due = true;
	snprintf(r->audit.event, sizeof(r->audit.event), "%s", event);
	snprintf(r->audit.object, sizeof(r->audit.object), "%s", object);
	snprintf(r->audit.result, sizeof(r->audit.result), "%s", result);
	snprintf(r->audit.detail, sizeof(r->audit.detail), "%s", detail ? detail : "");
}

enum jc_err req_check_org(struct request *r, const char *permission, int64_t org_id)
{
	char path[256];
	bool found;
	enum jc_err e = auth_org_path(r->db, org_id, path, sizeof(path), &found, &r->err);
	if (e)
		return e;
	if (!found || !auth_allows(&r->principal, permission, path))
		return jc_fail(&r->err, JC_ENOTFOUND, NULL, NULL, "no organisation %lld", (long long)org_id);
	return JC_OK;
}

enum jc_err req_write(struct request *r, enum jc_err (*fn)(struct request *r, void *ctx), void *ctx)
{
	enum jc_err e;
	if (!r->writing) {
		if ((e = db_begin(r->db, &r->err)))
			return e;
		r->writing = true;
	}
	e = fn(r, ctx);
	if (!e && r->route) { /* the change and its audit record commit together */
		h2o_req_t *req = r->native;
		char object[160];
		snprintf(object, sizeof(object), "%.*s", (int)(req->query_at != SIZE_MAX ? req->query_at : req->path.len),
			 req->path.base);
		struct audit_event ev = { r->principal.login, r->principal.role_names, r->address,
					  r->route->permission, object, "ok", r->actor.reason ? r->actor.reason : "" };
		e = audit_append(r->db, &ev, &r->err);
	}
	if (e) {
		db_rollback(r->db);
		r->writing = false;
		return e;
	}
	if (!r->route) {
		r->writing = false;
		return db_commit(r->db, &r->err);
	}
	return JC_OK;
}
