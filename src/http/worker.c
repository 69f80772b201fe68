/*
 * worker.c - the worker pool and the way back to the event loop (see worker.h).
 *
 * Lifetime of a job: the loop creates it and links a small `ref` into the request's memory pool;
 * if the client disconnects, h2o clears the pool and the ref's dispose callback marks the job as
 * orphaned. Both that callback and the delivery of results run on the loop thread, so no lock is
 * needed between them; the job itself is freed by whichever of the two comes last.
 */
#include "http/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <h2o.h>

#include "base/log.h"
#include "base/mem.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"

struct job;

struct job_ref {
	struct job *job; /* NULL once the job was answered */
};

struct job {
	h2o_multithread_message_t msg; /* first: the message is the job */
	struct worker_inbox *inbox;
	h2o_req_t *req;                 /* NULL when the client went away */
	struct job_ref *ref;
	job_fn fn;
	void *arg;
	void (*free_arg)(void *);
	struct job_result result;
	struct job *next;               /* in the pool's queue */
};

struct worker_inbox {
	h2o_multithread_receiver_t receiver;
	h2o_context_t *ctx;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *head, *tail;
	pthread_t *threads;
	int count;
	bool stopping;
	char *db_path;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void job_free(struct job *j)
{
	free(j->result.body);
	free(j);
}

static void send_result(h2o_req_t *req, struct job_result *res)
{
	if (res->err.code) {
		json_t *body = json_pack("{s:o}", "error", req_error_json(&res->err));
		free(res->body);
		res->body = json_dumps(body, JSON_COMPACT);
		res->len = strlen(res->body);
		res->status = jc_err_http_status(res->err.code);
		res->content_type = "application/json; charset=utf-8";
		res->filename[0] = '\0';
		json_decref(body);
	}
	req->res.status = res->status ? res->status : 200;
	req->res.reason = req->res.status < 300 ? "OK" : "Error";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, res->content_type,
		       strlen(res->content_type));
	router_security_headers(req);
	if (res->filename[0]) {
		char disp[256];
		int n = snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", res->filename);
		h2o_iovec_t v = h2o_strdup(&req->pool, disp, (size_t)n);
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL, v.base, v.len);
	}
	req->res.content_length = res->body ? res->len : 0; /* as router.c's send_text: keep-alive */
	h2o_send_inline(req, res->body ? res->body : "", res->body ? res->len : 0);
}

/* On the loop thread: results of finished jobs. */
static void on_results(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	(void)receiver;
	while (!h2o_linklist_is_empty(messages)) {
		struct job *j = H2O_STRUCT_FROM_MEMBER(struct job, msg.link, messages->next);
		h2o_linklist_unlink(&j->msg.link);
		if (j->req) {
			j->ref->job = NULL; /* answered: the pool's dispose must not touch the job */
			send_result(j->req, &j->result);
		}
		job_free(j);
	}
}

/* On the loop thread: the request's pool is being cleared (answered, or the client left). */
static void on_ref_dispose(void *p)
{
	struct job_ref *ref = p;
	if (ref->job)
		ref->job->req = NULL;
}

static void *run_worker(void *unused)
{
	(void)unused;
	struct db *db = NULL;
	struct jc_error err = { 0 };
	if (db_open(pool.db_path, 0, &db, &err))
		log_error("worker: %s", err.message);
	for (;;) {
		pthread_mutex_lock(&pool.lock);
		while (!pool.head && !pool.stopping)
			pthread_cond_wait(&pool.wake, &pool.lock);
		struct job *j = pool.head;
		if (j) {
			pool.head = j->next;
			if (!pool.head)
				pool.tail = NULL;
		}
		pthread_mutex_unlock(&pool.lock);
		if (!j)
			break; /* stopping and nothing left */
		if (db)
			j->fn(db, j->arg, &j->result);
		else
			jc_fail(&j->result.err, JC_EUNAVAIL, NULL, NULL, "the database cannot be opened");
		if (j->free_arg)
			j->free_arg(j->arg);
		h2o_multithread_send_message(&j->inbox->receiver, &j->msg);
	}
	db_close(db);
	return NULL;
}

enum jc_err job_temp_file(char *path, size_t cap, struct jc_error *err)
{
	snprintf(path, cap, "/tmp/jiceng-job-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot create a temporary file");
	close(fd);
	return JC_OK;
}

enum jc_err job_reply_file(struct job_result *out, const char *path, const char *content_type,
			   const char *filename)
{
	if (out->err.code) { /* the job failed before: no answer, no file */
		unlink(path);
		return out->err.code;
	}
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	char chunk[65536];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	bool failed = !f || ferror(f);
	if (f)
		fclose(f);
	unlink(path);
	if (failed) {
		buf_release(&b);
		return jc_fail(&out->err, JC_EINTERNAL, NULL, NULL, "cannot read the file written for the answer");
	}
	out->status = 200;
	out->body = buf_detach(&b, &out->len);
	out->content_type = content_type;
	snprintf(out->filename, sizeof(out->filename), "%s", filename);
	return JC_OK;
}

enum jc_err worker_pool_start(const char *db_path, int threads, struct jc_error *err)
{
	pool.db_path = xstrdup(db_path);
	pool.threads = xcalloc((size_t)threads, sizeof(*pool.threads));
	pool.stopping = false;
	for (int i = 0; i < threads; i++) {
		if (pthread_create(&pool.threads[i], NULL, run_worker, NULL))
			return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot start worker threads");
		pool.count++;
	}
	return JC_OK;
}

void worker_pool_stop(void)
{
	pthread_mutex_lock(&pool.lock);
	pool.stopping = true;
	pthread_cond_broadcast(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
	for (int i = 0; i < pool.count; i++)
		pthread_join(pool.threads[i], NULL);
	free(pool.threads);
	free(pool.db_path);
	pool.threads = NULL;
	pool.count = 0;
}

struct worker_inbox *worker_inbox_new(h2o_context_t *ctx)
{
	struct worker_inbox *in = xcalloc(1, sizeof(*in));
	in->ctx = ctx;
	h2o_multithread_register_receiver(ctx->queue, &in->receiver, on_results);
	return in;
}

void worker_inbox_free(struct worker_inbox *in)
{
	if (!in)
		return;
	h2o_multithread_unregister_receiver(in->ctx->queue, &in->receiver);
	free(in);
}

enum jc_err req_defer(struct request *r, job_fn fn, void *arg, void (*free_arg)(void *))
{
	h2o_req_t *req = r->native;
	if (r->job) {
		if (free_arg)
			free_arg(arg);
		return jc_fail(&r->err, JC_EINTERNAL, NULL, NULL, "a request defers one job only");
	}
	if (!r->inbox || !pool.count) {
		if (free_arg)
			free_arg(arg);
		return jc_fail(&r->err, JC_EUNAVAIL, NULL, NULL, "no worker is available");
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->inbox = r->inbox;
	j->req = req;
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	j->result.content_type = "application/octet-stream";
	r->job = j;
	r->deferred = true;
	return JC_OK;
}

void req_defer_submit(struct request *r, bool run)
{
	struct job *j = r->job;
	if (!j)
		return;
	r->job = NULL;
	if (!run) {
		if (j->free_arg)
			j->free_arg(j->arg);
		job_free(j);
		r->deferred = false;
		return;
	}
	j->ref = h2o_mem_alloc_shared(&j->req->pool, sizeof(*j->ref), on_ref_dispose);
	j->ref->job = j;
	pthread_mutex_lock(&pool.lock);
	if (pool.tail)
		pool.tail->next = j;
	else
		pool.head = j;
	pool.tail = j;
	pthread_cond_signal(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
}

void job_caller_of(const struct request *r, struct job_caller *out)
{
	snprintf(out->login, sizeof(out->login), "%s", r->principal.login);
	snprintf(out->roles, sizeof(out->roles), "%s", r->principal.role_names);
	snprintf(out->address, sizeof(out->address), "%s", r->address);
}
