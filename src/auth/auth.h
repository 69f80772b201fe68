/*
 * auth.h - accounts, roles scoped to the tree, sessions.
 *
 * A role is granted on an organisation and covers its subtree (org_id 0 covers the whole
 * database). The roles and their permissions are a table (auth_roles.c): organisation-department
 * staff, secretary, organising member, discipline commissioner, member (own record only), and the
 * three separated administrators - system (accounts), security (roles, unlocks, keys) and audit
 * (reads the audit trail) - none of which holds another's permissions, and an account holds
 * either administrator roles or data roles, never both.
 *
 * Login is a password (argon2id) then, for every role but the member's, a TOTP code (enrolled at
 * the first login). A session is a 256-bit random token in an HttpOnly SameSite=Strict cookie,
 * stored as its SM3 hash, with its own CSRF token for unsafe methods; it ends after the idle and
 * absolute limits of the rule table, at logout, and when the account is disabled.
 */
#ifndef JC_AUTH_H
#define JC_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct db;

#define AUTH_MAX_GRANTS 16
#define AUTH_TOKEN_LEN 64 /* hex of 32 random bytes */

struct auth_role {
	const char *key, *zh, *en;
	bool admin;              /* one of the three separated administrator roles */
	bool second_factor;      /* TOTP required */
	const char *const *permissions; /* NULL-terminated */
};

extern const struct auth_role auth_roles[];
extern const size_t auth_roles_count;
const struct auth_role *auth_role_find(const char *key);

struct auth_grant {
	const struct auth_role *role;
	int64_t org_id;          /* 0 = the whole database */
	char path[256];          /* the organisation's path, "" for the whole database */
};

/* Who is calling: filled from the session for every request that needs one. */
struct auth_principal {
	int64_t account_id;
	char login[64];
	int64_t member_id;       /* the account's own member record, 0 when none */
	struct auth_grant grants[AUTH_MAX_GRANTS];
	int ngrants;
	bool admin;
	char role_names[160];    /* for the audit trail: "org_staff,secretary" */
	char csrf[48];
	bool touch_due;          /* the idle clock should be moved (auth_session_touch) */
	bool password_expired;   /* an administrator past auth.admin_password_max_days */
};

/* --- rules (pure) --------------------------------------------------------------------- */

/* Password policy: at least min_len characters, 3 of the 4 classes, not a common password. */
enum jc_err auth_password_acceptable(const char *password, int min_len, const char *field,
				     struct jc_error *err);
/* Whether any grant of p gives permission; with path non-NULL, also covering that path
 * ("/1/5/23/": an organisation's path). */
bool auth_allows(const struct auth_principal *p, const char *permission, const char *path);
/* Where the account's tree starts: the organisations granted with permission that no other such
 * grant already covers, at most max of them into out (in grant order). Answers their number, or
 * -1 when a grant covers the whole database (the caller then starts at its top). */
int auth_scope_roots(const struct auth_principal *p, const char *permission, int64_t *out, int max);
/* Whether an administrator role and a data role would be mixed, or two administrator roles. */
bool auth_roles_conflict(const struct auth_role *a, const struct auth_role *b);

/* --- store ------------------------------------------------------------------------------ */

/* Creates an account (password checked against the policy); returns its id in *id. */
enum jc_err auth_account_create(struct db *db, const char *login, const char *name, const char *password,
				int64_t member_id, int64_t *id, struct jc_error *err);
enum jc_err auth_grant_role(struct db *db, int64_t account_id, const char *role, int64_t org_id,
			    const char *granted_by, struct jc_error *err);
enum jc_err auth_account_by_login(struct db *db, const char *login, int64_t *id, struct jc_error *err);
enum jc_err auth_account_disable(struct db *db, int64_t account_id, struct jc_error *err);
enum jc_err auth_account_unlock(struct db *db, int64_t account_id, struct jc_error *err);
enum jc_err auth_set_password(struct db *db, int64_t account_id, const char *password, struct jc_error *err);
/* Enrols a second factor directly (for generated demo accounts); secret in base32. */
enum jc_err auth_set_totp(struct db *db, int64_t account_id, const char *secret, struct jc_error *err);
/* The account's TOTP secret (opened); JC_ENOTFOUND when not enrolled. */
enum jc_err auth_totp_secret(struct db *db, int64_t account_id, char out[33], struct jc_error *err);

/* The outcome of a login step. */
struct auth_login {
	char token[AUTH_TOKEN_LEN + 1]; /* the new session's token (cookie value) */
	char csrf[48];
	const char *stage;              /* "totp", "enrol" or "full" */
	bool locked_now;                /* on a refusal: this failure locked the account */
};

/*
 * The login steps, auth_logout, auth_session_end and auth_check_password run inside the caller's
 * write transaction (db_begin) and never end it. A refusal (401, 400, 429) has written its
 * bookkeeping (failure counts, the lock, the address's throttle) for the caller to commit, so
 * that refusals count; a failure of the store (500, 503) is returned as such, and the caller
 * rolls back. Every outcome is audited by the caller (auth_api.c).
 */

/* Checks login and password; on success starts a session (stage by role). Failures count
 * toward the lockout and the address's throttle. */
enum jc_err auth_login_password(struct db *db, const char *login, const char *password,
				const char *address, struct auth_login *out, struct jc_error *err);
/* The second factor of a session in stage "totp": the code, once. */
enum jc_err auth_login_totp(struct db *db, const char *token, const char *code, struct jc_error *err);
/* Enrolment of a session in stage "enrol": a new secret (kept pending in the session's account)
 * for the QR code, written in the caller's transaction; then the first code confirms it. */
enum jc_err auth_enrol_begin(struct db *db, const char *token, char secret[33], char *uri, size_t cap,
			     struct jc_error *err);
enum jc_err auth_enrol_confirm(struct db *db, const char *token, const char *code, struct jc_error *err);
/* Resolves a session token into a principal (stage "full" only unless allow_partial); JC_EAUTH
 * when absent, expired or ended. Only reads: when the idle clock is due to move (once a minute),
 * out->touch_due is set and the caller calls auth_session_touch() outside its read transaction. */
enum jc_err auth_session(struct db *db, const char *token, bool allow_partial, struct auth_principal *out,
			 const char **stage, struct jc_error *err);
/* Ends the session of token (in the caller's transaction). */
enum jc_err auth_logout(struct db *db, const char *token, struct jc_error *err);
/* The account's live sessions (within the idle and absolute limits; admin: the administrators'
 * idle limit), newest last_seen first, as a new JSON array *items of {id, stage, address,
 * created_at, last_seen, current}: current marks the session of token. Never a session's token
 * hash or CSRF token. */
enum jc_err auth_sessions_list(struct db *db, int64_t account_id, bool admin, const char *token, json_t **items,
			       struct jc_error *err);
/* Ends the account's session session_id (its id in the list), in the caller's transaction;
 * JC_ENOTFOUND when the account has no such session (whoever else's it is). *current tells
 * whether it was the session of token. */
enum jc_err auth_session_end(struct db *db, int64_t account_id, int64_t session_id, const char *token,
			     bool *current, struct jc_error *err);
void auth_session_touch(struct db *db, const char *token);
/* Checks an account's current password (for a change of password); a wrong one counts toward
 * the lock like a failed login (in the caller's transaction). */
enum jc_err auth_check_password(struct db *db, int64_t account_id, const char *password, struct jc_error *err);

/* The path of an organisation, or of a member's (case's, meeting's, inspection's) organisation,
 * into out: *found = false and out "" when the object does not exist. A database failure is not
 * an absence: it returns its error (in err) and *found is then false too. */
enum jc_err auth_org_path(struct db *db, int64_t org_id, char *out, size_t cap, bool *found, struct jc_error *err);
enum jc_err auth_member_path(struct db *db, int64_t member_id, char *out, size_t cap, bool *found,
			     struct jc_error *err);
enum jc_err auth_case_path(struct db *db, int64_t case_id, char *out, size_t cap, bool *found, struct jc_error *err);
enum jc_err auth_meeting_path(struct db *db, int64_t meeting_id, char *out, size_t cap, bool *found,
			      struct jc_error *err);
enum jc_err auth_inspection_path(struct db *db, int64_t inspection_id, char *out, size_t cap, bool *found,
				 struct jc_error *err);

#endif
