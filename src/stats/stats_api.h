/* stats_api.h - HTTP handlers of subtree statistics (JSON, and a workbook), for the route table. */
#ifndef JC_STATS_API_H
#define JC_STATS_API_H

#include "base/err.h"

struct request;

enum jc_err stats_api_get(struct request *r);
enum jc_err stats_api_export(struct request *r);

#endif
