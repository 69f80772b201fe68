/* member_api.h - HTTP handlers of the member registry, for the route table. */
#ifndef JC_MEMBER_API_H
#define JC_MEMBER_API_H

#include "base/err.h"

struct request;

enum jc_err member_api_page(struct request *r);
enum jc_err member_api_get(struct request *r);
enum jc_err member_api_create(struct request *r);
enum jc_err member_api_update(struct request *r);
enum jc_err member_api_history(struct request *r);
enum jc_err member_api_export(struct request *r);
enum jc_err member_api_identity(struct request *r);

#endif
