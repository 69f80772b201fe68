/*
 * auth_api.c - login (password, then TOTP or its enrolment), logout, the caller's account and
 * its sessions, and the administrators' account operations. Every outcome of a login step is audited, failures and
 * locks included; the session token travels only in the HttpOnly cookie.
 *
 * The caller's own steps (login, enrolment, logout, ending a session, a new password) run in a
 * write transaction of their own rather than through req_write, because a refusal must keep
 * what it counted (failures, the lock, the address's throttle) while the router rolls back the
 * request's transaction on every error answer. step_end() ends that transaction: a success
 * commits together with its "ok" record, so that neither is stored without the other; a refusal
 * commits its bookkeeping and is then recorded; a failure of the store undoes everything, is
 * recorded as what it is, and is answered 500 or 503.
 */
#include "auth/auth_api.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/mem.h"
#include "db/db.h"
#include "http/request.h"

/* Reads {"name": "..."} string members of the body, refusing anything else. */
static enum jc_err body_strings(struct request *r, const char *const *names, const char **out, int n,
				int required)
{
	const char *k;
	json_t *v;
	json_object_foreach(r->body, k, v) {
		int i = 0;
		while (i < n && strcmp(k, names[i]))
			i++;
		if (i == n)
			return jc_fail(&r->err, JC_EINVAL, k, NULL, "'%s' is not expected here", k);
		if (!json_is_string(v))
			return jc_fail(&r->err, JC_EINVAL, k, NULL, "'%s' must be a string", k);
		out[i] = json_string_value(v);
	}
	for (int i = 0; i < required; i++)
		if (!out[i])
			return jc_fail(&r->err, JC_EINVAL, names[i], NULL, "'%s' is required", names[i]);
	return JC_OK;
}

/* Whether e is a failure of the store (500, 503) rather than an answer about the request. */
static bool store_failed(enum jc_err e)
{
	return e == JC_EINTERNAL || e == JC_EUNAVAIL;
}

/* Ends the write transaction of a step of the caller's own (db_begin'd before the step, or not
 * begun when the step was refused first) whose outcome is e, and records it with ev, whose
 * result the caller set for e (NULL: an outcome not recorded):
 *   - success: ev joins the change and both commit, or neither (the failure is returned);
 *   - a refusal: the step's bookkeeping commits, then ev is written on its own, best effort (as
 *     for an administrator's refusal); when that commit fails, its failure is the answer;
 *   - a failure of the store, there or above: all is rolled back, and ev, its result now the
 *     failure's name, is written on its own, best effort.
 * Returns e, or the failure that kept the step from being stored (r->err then says it). */
static enum jc_err step_end(struct request *r, enum jc_err e, struct audit_event *ev)
{
	bool failed = store_failed(e);
	if (!e) {
		if (ev->result)
			e = audit_append(r->db, ev, &r->err);
		if (!e)
			e = db_commit(r->db, &r->err);
		if (!e)
			return JC_OK;
		failed = true;
	} else if (!failed && db_in_transaction(r->db)) {
		struct jc_error cerr = { 0 };
		if (db_commit(r->db, &cerr)) { /* the refusal is not what the caller should hear now */
			jc_error_clear(&r->err);
			e = jc_error_pass(&r->err, &cerr);
			failed = true;
		}
	}
	if (failed) {
		db_rollback(r->db);
		ev->result = jc_err_name(e);
	}
	if (ev->result)
		audit_append(r->db, ev, NULL);
	return e;
}

enum jc_err auth_api_login(struct request *r)
{
	static const char *const names[] = { "login", "password" };
	const char *v[2] = { NULL, NULL };
	enum jc_err e = body_strings(r, names, v, 2, 2);
	if (e)
		return e;
	struct auth_login out = { .stage = NULL };
	e = db_begin(r->db, &r->err);
	if (!e)
		e = auth_login_password(r->db, v[0], v[1], r->address, &out, &r->err);
	struct audit_event ev = { v[0], "", r->address, "login.password", v[0],
				  !e ? "ok" : e == JC_ETOOMANY ? "throttled" : "refused", !e ? out.stage : "" };
	if ((e = step_end(r, e, &ev))) {
		if (out.locked_now && !store_failed(e)) { /* the lock is stored */
			struct audit_event lock = { v[0], "", r->address, "account.lock", v[0], "locked",
						    "consecutive failures reached auth.lockout_failures" };
			audit_append(r->db, &lock, NULL);
		}
		return e;
	}
	req_set_session_cookie(r, out.token);
	return req_reply(r, 200, json_pack("{s:s,s:s,s:s}", "stage", out.stage, "csrf", out.csrf, "login", v[0]));
}

/* The second factor's code of the body, then step (a TOTP login or the enrolment's first code),
 * recorded as event. */
static enum jc_err code_step(struct request *r, const char *event,
			     enum jc_err (*step)(struct db *, const char *, const char *, struct jc_error *))
{
	static const char *const names[] = { "code" };
	const char *v[1] = { NULL };
	enum jc_err e = body_strings(r, names, v, 1, 1);
	if (!e)
		e = db_begin(r->db, &r->err);
	if (!e)
		e = step(r->db, r->token, v[0], &r->err);
	struct audit_event ev = { r->principal.login, "", r->address, event, r->principal.login, e ? "refused" : "ok", "" };
	if ((e = step_end(r, e, &ev)))
		return e;
	return req_reply(r, 200, json_pack("{s:s}", "stage", "full"));
}

enum jc_err auth_api_totp(struct request *r)
{
	return code_step(r, "login.totp", auth_login_totp);
}

/* The QR code of text as an SVG image (libqrencode), for the enrolment page. */
static char *qr_svg(const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return xstrdup("");
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	int size = q->width + 8;
	buf_addf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		     "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", size, size, size, size);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_addf(&b, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_adds(&b, "\"/></svg>");
	QRcode_free(q);
	return buf_detach(&b, NULL);
}

enum jc_err auth_api_enrol(struct request *r)
{
	char secret[33], uri[256] = "";
	enum jc_err e = db_begin(r->db, &r->err);
	if (!e)
		e = auth_enrol_begin(r->db, r->token, secret, uri, sizeof(uri), &r->err);
	/* a refusal here (not a session waiting to enrol) is not recorded */
	struct audit_event ev = { r->principal.login, "", r->address, "login.enrol", r->principal.login, e ? NULL : "shown", "" };
	if ((e = step_end(r, e, &ev)))
		return e;
	char *svg = qr_svg(uri);
	json_t *j = json_pack("{s:s,s:s,s:s}", "secret", secret, "uri", uri, "qr_svg", svg);
	free(svg);
	return req_reply(r, 200, j);
}

enum jc_err auth_api_enrol_confirm(struct request *r)
{
	return code_step(r, "login.enrol", auth_enrol_confirm);
}

enum jc_err auth_api_logout(struct request *r)
{
	enum jc_err e = db_begin(r->db, &r->err);
	if (!e)
		e = auth_logout(r->db, r->token, &r->err);
	struct audit_event ev = { r->principal.login, "", r->address, "logout", r->principal.login, e ? NULL : "ok", "" };
	if ((e = step_end(r, e, &ev)))
		return e;
	req_set_session_cookie(r, NULL);
	return req_reply(r, 200, json_pack("{s:b}", "ended", 1));
}

enum jc_err auth_api_sessions(struct request *r)
{
	json_t *items;
	enum jc_err e = auth_sessions_list(r->db, r->principal.account_id, r->principal.admin, r->token, &items,
					   &r->err);
	return e ? e : req_reply(r, 200, json_pack("{s:o}", "items", items));
}

enum jc_err auth_api_session_end(struct request *r)
{
	bool current = false;
	enum jc_err e = db_begin(r->db, &r->err);
	if (!e)
		e = auth_session_end(r->db, r->principal.account_id, r->ids[0], r->token, &current, &r->err);
	char object[32];
	snprintf(object, sizeof(object), "session %lld", (long long)r->ids[0]);
	struct audit_event ev = { r->principal.login, r->principal.role_names, r->address, "session.end", object,
				  jc_err_name(e), current ? "the current session" : "" };
	if ((e = step_end(r, e, &ev)))
		return e;
	if (current)
		req_set_session_cookie(r, NULL);
	return req_reply(r, 200, json_pack("{s:I}", "ended", (json_int_t)r->ids[0]));
}

enum jc_err auth_api_me(struct request *r)
{
	const struct auth_principal *p = &r->principal;
	json_t *roles = json_array();
	for (int i = 0; i < p->ngrants; i++)
		json_array_append_new(roles, json_pack("{s:s,s:s,s:s,s:o}", "role", p->grants[i].role->key, "zh",
						       p->grants[i].role->zh, "en", p->grants[i].role->en, "org_id",
						       p->grants[i].org_id ? json_integer(p->grants[i].org_id) : json_null()));
	/* Where the console's tree starts: the top of what the account may read. */
	json_t *roots = json_array();
	int64_t ids[AUTH_MAX_GRANTS];
	int n = auth_scope_roots(p, "org.read", ids, AUTH_MAX_GRANTS);
	if (n < 0) {
		struct db_stmt *s = db_stmt(r->db, "SELECT id FROM org WHERE parent_id IS NULL ORDER BY code");
		int rc;
		while ((rc = db_step(s, &r->err)) == 1)
			json_array_append_new(roots, json_integer(db_col_int(s, 0)));
		if (rc < 0) {
			json_decref(roots);
			json_decref(roles);
			return r->err.code;
		}
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(roots, json_integer(ids[i]));
	json_t *j = json_pack("{s:I,s:s,s:o,s:o,s:s}", "account_id", (json_int_t)p->account_id, "login", p->login,
			      "roles", roles, "roots", roots, "csrf", p->csrf);
	json_object_set_new(j, "member_id", p->member_id ? json_integer(p->member_id) : json_null());
	return req_reply(r, 200, j);
}

enum jc_err auth_api_password(struct request *r)
{
	static const char *const names[] = { "old_password", "new_password" };
	const char *v[2] = { NULL, NULL };
	enum jc_err e = body_strings(r, names, v, 2, 2);
	if (e)
		return e;
	e = db_begin(r->db, &r->err);
	if (!e)
		e = auth_check_password(r->db, r->principal.account_id, v[0], &r->err);
	if (!e)
		e = auth_set_password(r->db, r->principal.account_id, v[1], &r->err);
	struct audit_event ev = { r->principal.login, r->principal.role_names, r->address, "account.password",
				  r->principal.login, e ? "refused" : "ok", "" };
	if ((e = step_end(r, e, &ev)))
		return e;
	return req_reply(r, 200, json_pack("{s:b}", "changed", 1));
}

/* --- administrators ---------------------------------------------------------------------- */

/* Records an administrator's action and its outcome e; returns e, or when the action succeeded
 * (its transaction still open, request.h) the record's own failure, so that a change is never
 * stored without its record. The record of a refusal is written on its own, best effort. */
static enum jc_err audit_admin(struct request *r, const char *event, const char *object, enum jc_err e)
{
	struct audit_event ev = { r->principal.login, r->principal.role_names, r->address, event, object,
				  e ? jc_err_name(e) : "ok", r->err.message };
	enum jc_err a = audit_append(r->db, &ev, e ? NULL : &r->err);
	return e ? e : a;
}

struct create_account {
	const char *login, *name, *password;
	int64_t member_id;
};

static enum jc_err do_create_account(struct request *r, void *arg)
{
	struct create_account *c = arg;
	int64_t id;
	enum jc_err e = auth_account_create(r->db, c->login, c->name, c->password, c->member_id, &id, &r->err);
	if (!e)
		req_reply(r, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "login", c->login));
	return e;
}

enum jc_err auth_api_account_create(struct request *r)
{
	json_t *mid = json_object_get(r->body, "member_id");
	struct create_account c = { NULL, NULL, NULL, 0 };
	if (mid) {
		if (!json_is_integer(mid))
			return jc_fail(&r->err, JC_EINVAL, "member_id", NULL, "'member_id' must be an id");
		c.member_id = json_integer_value(mid);
		json_object_del(r->body, "member_id");
	}
	static const char *const names[] = { "login", "name", "password" };
	const char *v[3] = { NULL, NULL, NULL };
	enum jc_err e = body_strings(r, names, v, 3, 3);
	c.login = v[0];
	c.name = v[1];
	c.password = v[2];
	if (!e)
		e = req_write(r, do_create_account, &c);
	return audit_admin(r, "account.create", c.login ? c.login : "", e);
}

static enum jc_err do_disable(struct request *r, void *arg)
{
	(void)arg;
	return auth_account_disable(r->db, r->ids[0], &r->err);
}

enum jc_err auth_api_account_disable(struct request *r)
{
	enum jc_err e = req_write(r, do_disable, NULL);
	char object[32];
	snprintf(object, sizeof(object), "account %lld", (long long)r->ids[0]);
	e = audit_admin(r, "account.disable", object, e);
	return e ? e : req_reply(r, 200, json_pack("{s:b}", "disabled", 1));
}

struct grant {
	const char *role;
	int64_t org_id;
};

static enum jc_err do_grant(struct request *r, void *arg)
{
	struct grant *g = arg;
	return auth_grant_role(r->db, r->ids[0], g->role, g->org_id, r->principal.login, &r->err);
}

enum jc_err auth_api_grant(struct request *r)
{
	struct grant g = { NULL, 0 };
	json_t *org = json_object_get(r->body, "org_id");
	if (org && !json_is_null(org) && !json_is_integer(org))
		return jc_fail(&r->err, JC_EINVAL, "org_id", NULL, "'org_id' must be an organisation id or null");
	g.org_id = json_is_integer(org) ? json_integer_value(org) : 0;
	if (org)
		json_object_del(r->body, "org_id");
	static const char *const names[] = { "role" };
	const char *v[1] = { NULL };
	enum jc_err e = body_strings(r, names, v, 1, 1);
	g.role = v[0];
	if (!e)
		e = req_write(r, do_grant, &g);
	char object[96];
	snprintf(object, sizeof(object), "account %lld: %s on %lld", (long long)r->ids[0], g.role ? g.role : "",
		 (long long)g.org_id);
	e = audit_admin(r, "role.grant", object, e);
	return e ? e : req_reply(r, 200, json_pack("{s:b}", "granted", 1));
}

static enum jc_err do_unlock(struct request *r, void *arg)
{
	(void)arg;
	return auth_account_unlock(r->db, r->ids[0], &r->err);
}

enum jc_err auth_api_unlock(struct request *r)
{
	enum jc_err e = req_write(r, do_unlock, NULL);
	char object[32];
	snprintf(object, sizeof(object), "account %lld", (long long)r->ids[0]);
	e = audit_admin(r, "account.unlock", object, e);
	return e ? e : req_reply(r, 200, json_pack("{s:b}", "unlocked", 1));
}
