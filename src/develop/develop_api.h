/* develop_api.h - HTTP handlers of recruitment, for the route table. */
#ifndef JC_DEVELOP_API_H
#define JC_DEVELOP_API_H

#include "base/err.h"

struct request;

enum jc_err develop_api_open(struct request *r);
enum jc_err develop_api_record(struct request *r);
enum jc_err develop_api_close(struct request *r);
enum jc_err develop_api_get(struct request *r);
enum jc_err develop_api_page(struct request *r);
enum jc_err develop_api_due(struct request *r);
enum jc_err develop_api_steps(struct request *r);
enum jc_err develop_api_file(struct request *r);

#endif
