/* meta_api.h - handlers about the API itself: health, reference, code tables. */
#ifndef JC_META_API_H
#define JC_META_API_H

#include "base/err.h"

struct request;

enum jc_err meta_api_health(struct request *r);
enum jc_err meta_api_openapi(struct request *r);
enum jc_err meta_api_codes(struct request *r);

#endif
