/* auth_api.h - HTTP handlers of login, sessions and accounts, for the route table. */
#ifndef JC_AUTH_API_H
#define JC_AUTH_API_H

#include "base/err.h"

struct request;

enum jc_err auth_api_login(struct request *r);
enum jc_err auth_api_totp(struct request *r);
enum jc_err auth_api_enrol(struct request *r);
enum jc_err auth_api_enrol_confirm(struct request *r);
enum jc_err auth_api_logout(struct request *r);
enum jc_err auth_api_me(struct request *r);
enum jc_err auth_api_sessions(struct request *r);
enum jc_err auth_api_session_end(struct request *r);
enum jc_err auth_api_password(struct request *r);
enum jc_err auth_api_account_create(struct request *r);
enum jc_err auth_api_account_disable(struct request *r);
enum jc_err auth_api_grant(struct request *r);
enum jc_err auth_api_unlock(struct request *r);

#endif
