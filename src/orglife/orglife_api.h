/* orglife_api.h - HTTP handlers of organisational life, for the route table. */
#ifndef JC_ORGLIFE_API_H
#define JC_ORGLIFE_API_H

#include "base/err.h"

struct request;

enum jc_err orglife_api_record(struct request *r);
enum jc_err orglife_api_get(struct request *r);
enum jc_err orglife_api_page(struct request *r);
enum jc_err orglife_api_compliance(struct request *r);
enum jc_err orglife_api_summary(struct request *r);
enum jc_err orglife_api_minutes(struct request *r);
enum jc_err orglife_api_absences(struct request *r);
enum jc_err orglife_api_compliance_export(struct request *r);
enum jc_err orglife_api_inspect(struct request *r);
enum jc_err orglife_api_draw(struct request *r);
enum jc_err orglife_api_inspection(struct request *r);
enum jc_err orglife_api_finding(struct request *r);

#endif
