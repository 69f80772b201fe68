/* keys_api.c - POST /api/v1/keys/rotate: a new data key, and every sealed value resealed with it,
 * on a worker thread while the server goes on serving (every key still opens what it sealed). */
#include "keys/keys_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "http/request.h"
#include "http/worker.h"
#include "keys/keys.h"

struct rotate_job {
	struct job_caller who;
};

static void run_rotate(struct db *db, void *arg, struct job_result *out)
{
	struct rotate_job *j = arg;
	long n = 0;
	enum jc_err e = keys_rotate(db, &n, &out->err);
	char detail[64];
	snprintf(detail, sizeof(detail), "%ld members resealed", n);
	struct audit_event ev = { j->who.login, j->who.roles, j->who.address, "keys.rotate", "data key", e ? "failed" : "ok", detail };
	struct jc_error aerr = { 0 };
	audit_append(db, &ev, &aerr);
	if (e)
		return;
	out->status = 200;
	out->content_type = "application/json; charset=utf-8";
	char body[96];
	int len = snprintf(body, sizeof(body), "{\"rotated\":true,\"resealed\":%ld}", n);
	out->body = xstrndup(body, (size_t)len);
	out->len = (size_t)len;
}

enum jc_err keys_api_rotate(struct request *r)
{
	struct rotate_job *j = xcalloc(1, sizeof(*j));
	job_caller_of(r, &j->who);
	return req_defer(r, run_rotate, j, free);
}
