/*
 * worker.h - work that would hold an event loop too long (exports, reports, imports) runs on a
 * small pool of worker threads, each with its own database connection.
 *
 * A handler calls req_defer() and returns; the job runs on a worker, and its result travels back
 * to the event loop that took the request (h2o's multithread queue), which sends it - or drops
 * it, when the client went away meanwhile. The request never waits on a loop thread.
 */
#ifndef JC_WORKER_H
#define JC_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct db;
struct request;
struct worker_inbox;
typedef struct st_h2o_context_t h2o_context_t;

/* What a job answers: a status and a body it allocated (freed by the pool), or an error. */
struct job_result {
	int status;
	const char *content_type;
	char *body; /* malloc'd; taken */
	size_t len;
	char filename[128]; /* non-empty: sent as an attachment with this name */
	struct jc_error err;
};

/* Who asked for a job, kept in its argument: the job writes its audit record after the request
 * is gone. */
struct job_caller {
	char login[64], roles[160], address[64];
};
void job_caller_of(const struct request *r, struct job_caller *out);

/* Runs on a worker thread: reads arg, uses db, fills out. */
typedef void (*job_fn)(struct db *db, void *arg, struct job_result *out);

/* For a job that answers a file: creates an empty temporary file and writes its path into path
 * (cap at least 32). */
enum jc_err job_temp_file(char *path, size_t cap, struct jc_error *err);
/* Answers the file at path (read whole into out->body) with status 200, as an attachment named
 * filename, unless out->err is already filled; removes the file in either case. */
enum jc_err job_reply_file(struct job_result *out, const char *path, const char *content_type,
			   const char *filename);

/* Starts `threads` workers, each opening db_path. */
enum jc_err worker_pool_start(const char *db_path, int threads, struct jc_error *err);
/* Finishes the queued jobs' threads (pending results are dropped) and joins them. */
void worker_pool_stop(void);

/* One per event loop: where finished jobs come back. */
struct worker_inbox *worker_inbox_new(h2o_context_t *ctx);
void worker_inbox_free(struct worker_inbox *inbox);

/* Defers the request: fn(db, arg, &result) will run on a worker; arg is freed with free_arg
 * afterwards (on the worker). Returns JC_OK; the handler then returns without replying. The job
 * is kept in the request until the router has ended the request's transactions (request.h) and
 * calls req_defer_submit: so the job sees what the request wrote, and runs only when it stood. */
enum jc_err req_defer(struct request *r, job_fn fn, void *arg, void (*free_arg)(void *));
/* For the router: hands the request's deferred job to a worker (run), or drops it (frees its
 * argument and clears r->deferred, so that the router answers the request's error). */
void req_defer_submit(struct request *r, bool run);

#endif
