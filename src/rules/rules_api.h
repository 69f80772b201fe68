/* rules_api.h - HTTP handlers of the rule table, for the route table. */
#ifndef JC_RULES_API_H
#define JC_RULES_API_H

#include "base/err.h"

struct request;

enum jc_err rules_api_list(struct request *r);
enum jc_err rules_api_override(struct request *r);

#endif
