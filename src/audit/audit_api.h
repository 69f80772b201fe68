/* audit_api.h - the audit administrator's reading of the trail, for the route table. */
#ifndef JC_AUDIT_API_H
#define JC_AUDIT_API_H

#include "base/err.h"

struct request;

enum jc_err audit_api_list(struct request *r);

#endif
