/* dues_api.h - HTTP handlers of Party dues, for the route table. */
#ifndef JC_DUES_API_H
#define JC_DUES_API_H

#include "base/err.h"

struct request;

enum jc_err dues_api_quote(struct request *r);
enum jc_err dues_api_standards(struct request *r);
enum jc_err dues_api_ledger(struct request *r);
enum jc_err dues_api_member(struct request *r);
enum jc_err dues_api_change(struct request *r);
enum jc_err dues_api_pay(struct request *r);
enum jc_err dues_api_pay_at_host(struct request *r);
enum jc_err dues_api_reverse(struct request *r);
enum jc_err dues_api_excuse(struct request *r);
enum jc_err dues_api_reduce(struct request *r);
enum jc_err dues_api_reductions(struct request *r);
enum jc_err dues_api_approve(struct request *r);
enum jc_err dues_api_arrears(struct request *r);
enum jc_err dues_api_spend(struct request *r);
enum jc_err dues_api_transfer(struct request *r);
enum jc_err dues_api_open_books(struct request *r);
enum jc_err dues_api_statement(struct request *r);
enum jc_err dues_api_statement_export(struct request *r);
enum jc_err dues_api_reconciliation(struct request *r);

#endif
