/* transfer_api.h - HTTP handlers of transfers of membership, for the route table. */
#ifndef JC_TRANSFER_API_H
#define JC_TRANSFER_API_H

#include "base/err.h"

struct request;

enum jc_err transfer_api_start(struct request *r);
enum jc_err transfer_api_member(struct request *r);
enum jc_err transfer_api_get(struct request *r);
enum jc_err transfer_api_issue(struct request *r);
enum jc_err transfer_api_forward(struct request *r);
enum jc_err transfer_api_accept(struct request *r);
enum jc_err transfer_api_refuse(struct request *r);
enum jc_err transfer_api_receipt(struct request *r);
enum jc_err transfer_api_cancel(struct request *r);
enum jc_err transfer_api_letter(struct request *r);
enum jc_err transfer_api_page(struct request *r);
enum jc_err transfer_api_incoming(struct request *r);
enum jc_err transfer_api_hints(struct request *r);

#endif
