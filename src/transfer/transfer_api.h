/* transfer_api.h - HTTP handlers of transfers of membership, for the route table. */
#ifndef JC_TRANSFER_API_H
#define JC_TRANSFER_API_H

#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

struct request;

/* Whether the caller of r holds permission over organisation org_id (0: none, not held) into
 * *held; a failure to look the organisation up is returned (in r->err), never read as "not
 * held". The sides a caller acts for (transfers, mobile members' registrations) are these. */
enum jc_err transfer_api_holds(struct request *r, const char *permission, int64_t org_id, bool *held);

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
