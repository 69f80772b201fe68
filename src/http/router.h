/*
 * router.h - from an h2o request to a handler and back: match the route, check the body limit
 * and content type, parse the JSON body, call the handler, and write the JSON reply or the error
 * {"error": {"code", "message", "field", "rule", "article"}} with the status of its category.
 */
#ifndef JC_ROUTER_H
#define JC_ROUTER_H

#include <h2o.h>

struct db;
struct worker_inbox;

/* The headers every answer carries: nosniff, CSP (no content, no framing), no referrer, no-store. */
void router_security_headers(h2o_req_t *req);

/* Lets a request arm the database fault hook with the header "x-jiceng-fault: N[,busy|full|io]"
 * and answers "x-jiceng-fault-fired: 0|1" (`jiceng serve --faults`, for the reliability tests). */
void router_enable_faults(void);

/* inbox is the calling event loop's, for work deferred to the worker pool. */
void router_handle(struct db *db, struct worker_inbox *inbox, h2o_req_t *req);

#endif
