/* mobile_api.h - HTTP handlers of mobile members and decisions on membership status, for the
 * route table. */
#ifndef JC_MOBILE_API_H
#define JC_MOBILE_API_H

#include "base/err.h"

struct request;

enum jc_err mobile_api_register(struct request *r);
enum jc_err mobile_api_member(struct request *r);
enum jc_err mobile_api_get(struct request *r);
enum jc_err mobile_api_report(struct request *r);
enum jc_err mobile_api_card(struct request *r);
enum jc_err mobile_api_host(struct request *r);
enum jc_err mobile_api_return(struct request *r);
enum jc_err mobile_api_page(struct request *r);
enum jc_err mobile_api_decide(struct request *r);
enum jc_err mobile_api_answer(struct request *r);
enum jc_err mobile_api_decision(struct request *r);
enum jc_err mobile_api_decisions(struct request *r);
enum jc_err mobile_api_lost_contact(struct request *r);

#endif
