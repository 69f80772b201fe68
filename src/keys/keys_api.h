/* keys_api.h - the security administrator's key rotation, for the route table. */
#ifndef JC_KEYS_API_H
#define JC_KEYS_API_H

#include "base/err.h"

struct request;

enum jc_err keys_api_rotate(struct request *r);

#endif
