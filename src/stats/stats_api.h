/* stats_api.h - HTTP handler of subtree statistics, for the route table. */
#ifndef JC_STATS_API_H
#define JC_STATS_API_H

#include "base/err.h"

struct request;

enum jc_err stats_api_get(struct request *r);

#endif
