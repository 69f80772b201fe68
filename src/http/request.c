/* request.c - query parameters, replies and write transactions for handlers. */
#include "http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

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

enum jc_err req_write(struct request *r, enum jc_err (*fn)(struct request *r, void *ctx), void *ctx)
{
	enum jc_err e = db_begin(r->db, &r->err);
	if (e)
		return e;
	e = fn(r, ctx);
	if (e) {
		db_rollback(r->db);
		return e;
	}
	return db_commit(r->db, &r->err);
}
