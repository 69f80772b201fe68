/* org_api.h - HTTP handlers of the organisation tree, for the route table. */
#ifndef JC_ORG_API_H
#define JC_ORG_API_H

#include "base/err.h"

struct request;

enum jc_err org_api_get(struct request *r);
enum jc_err org_api_children(struct request *r);
enum jc_err org_api_search(struct request *r);
enum jc_err org_api_create(struct request *r);
enum jc_err org_api_update(struct request *r);
enum jc_err org_api_move(struct request *r);
enum jc_err org_api_findings(struct request *r);
enum jc_err org_api_history(struct request *r);

#endif
