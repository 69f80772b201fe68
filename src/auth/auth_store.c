/*
 * auth_store.c - accounts, grants, logins and sessions in the database.
 *
 * A login step runs inside the caller's write transaction and writes its bookkeeping (failure
 * counts, throttle, lock) even when it refuses, for the caller to commit, so that refusals count
 * (auth_api.c). A failure of the store is returned as such, never taken for a refusal or an
 * absence. Times come from clock_now(), which tests can move (base/date.h). Messages do not tell
 * whether a login exists.
 */
#include "auth/auth.h"

#include <crack.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/hex.h"
#include "base/log.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "keys/keys.h"
#include "rules/rules.h"

#define THROTTLE_WINDOW 900 /* seconds: the window of auth.throttle_failures */


static void token_hash(const char *token, unsigned char out[CRYPTO_SM3_LEN])
{
	crypto_sm3(token, strlen(token), out);
}

/* The policy (auth_rules.c), then cracklib's dictionary check (Debian's cracklib-runtime):
 * words, names and systematic strings are refused, as common passwords are. */
static enum jc_err password_ok(struct db *db, const char *password, const char *field, struct jc_error *err);

static enum jc_err rule(struct db *db, const char *key, int64_t *out, struct jc_error *err)
{
	return rules_int(db, 0, key, date_today(), out, err);
}

/* The error of a statement that failed (db_step answered -1). */
static enum jc_err failed(const struct jc_error *err)
{
	return err && err->code ? err->code : JC_EINTERNAL;
}

static enum jc_err password_ok(struct db *db, const char *password, const char *field, struct jc_error *err)
{
	int64_t min_length;
	enum jc_err e = rule(db, "auth.password_min_length", &min_length, err);
	if (!e)
		e = auth_password_acceptable(password, (int)min_length, field, err);
	if (e)
		return e;
	const char *dict = GetDefaultCracklibDict();
	char probe[512];
	snprintf(probe, sizeof(probe), "%s.pwd", dict);
	if (access(probe, R_OK) != 0) {
		log_warn("auth: cracklib's dictionary is missing (%s): passwords checked by the policy only", probe);
		return JC_OK;
	}
	static pthread_mutex_t cracklib = PTHREAD_MUTEX_INITIALIZER; /* it keeps state of its own */
	pthread_mutex_lock(&cracklib);
	const char *why = FascistCheck(password, dict);
	pthread_mutex_unlock(&cracklib);
	if (why)
		return jc_fail(err, JC_EINVAL, field, NULL, "the password is too easy to guess: %s", why);
	return JC_OK;
}

enum jc_err auth_account_create(struct db *db, const char *login, const char *name, const char *password,
				int64_t member_id, int64_t *id, struct jc_error *err)
{
	if (!login || !*login || strlen(login) > 63)
		return jc_fail(err, JC_EINVAL, "login", NULL, "'login' must be 1 to 63 characters");
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-' || *p == '@'))
			return jc_fail(err, JC_EINVAL, "login", NULL,
				       "'login' may hold lowercase letters, digits, '.', '_', '-' and '@'");
	if (!name || !*name || strlen(name) > 63)
		return jc_fail(err, JC_EINVAL, "name", NULL, "'name' must be 1 to 63 bytes");
	enum jc_err e = password_ok(db, password, "password", err);
	if (e)
		return e;
	char hash[CRYPTO_PASSWORD_HASH_LEN];
	if (crypto_password_hash(password, hash))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot hash the password");
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO account (login, name, password_hash, password_set_at, member_id, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_text(s, 1, login);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, hash);
	db_bind_int(s, 4, clock_now());
	if (member_id)
		db_bind_int(s, 5, member_id);
	db_bind_text(s, 6, now);
	e = db_run(s, err);
	if (e == JC_ECONFLICT && err)
		snprintf(err->field, sizeof(err->field), "login");
	if (!e && id)
		*id = db_last_id(db);
	return e;
}

enum jc_err auth_grant_role(struct db *db, int64_t account_id, const char *role, int64_t org_id,
			    const char *granted_by, struct jc_error *err)
{
	const struct auth_role *r = auth_role_find(role);
	if (!r)
		return jc_fail(err, JC_EINVAL, "role", NULL, "'role' is not one of the roles");
	if (r->admin && org_id)
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "administrator roles cover the whole system");
	if (!r->admin && !org_id && strcmp(role, "org_staff"))
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "this role is granted on an organisation");
	char path[256];
	bool found = true;
	enum jc_err pe = org_id ? auth_org_path(db, org_id, path, sizeof(path), &found, err) : JC_OK;
	if (pe)
		return pe;
	if (!found)
		return jc_fail(err, JC_EINVAL, "org_id", NULL, "no organisation %lld", (long long)org_id);
	struct db_stmt *s = db_stmt(db, "SELECT role FROM role_grant WHERE account_id = ?1");
	db_bind_int(s, 1, account_id);
	int rc;
	while ((rc = db_step(s, err)) == 1) {
		const struct auth_role *other = auth_role_find(db_col_text(s, 0));
		if (other && auth_roles_conflict(r, other)) {
			db_reset(s);
			return jc_fail(err, JC_ECONFLICT, "role", NULL,
				       "administrator roles are held alone: this account has '%s'", other->key);
		}
	}
	if (rc < 0)
		return JC_EINTERNAL;
	s = db_stmt(db, "SELECT 1 FROM account WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	rc = db_step(s, err);
	db_reset(s);
	if (rc <= 0)
		return rc < 0 ? JC_EINTERNAL : jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no account %lld", (long long)account_id);
	char now[21];
	clock_format(clock_now(), now);
	s = db_stmt(db, "INSERT INTO role_grant (account_id, role, org_id, granted_by, granted_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	db_bind_int(s, 1, account_id);
	db_bind_text(s, 2, role);
	if (org_id)
		db_bind_int(s, 3, org_id);
	db_bind_text(s, 4, granted_by);
	db_bind_text(s, 5, now);
	return db_run(s, err);
}

enum jc_err auth_account_by_login(struct db *db, const char *login, int64_t *id, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id FROM account WHERE login = ?1");
	db_bind_text(s, 1, login);
	int r = db_step(s, err);
	if (r < 0)
		return JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, "login", NULL, "no account '%s'", login);
	*id = db_col_int(s, 0);
	db_reset(s);
	return JC_OK;
}

enum jc_err auth_account_disable(struct db *db, int64_t account_id, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET disabled = 1 WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	enum jc_err e = db_run(s, err);
	if (!e && db_changes(db) == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no account %lld", (long long)account_id);
	s = db_stmt(db, "DELETE FROM session WHERE account_id = ?1");
	db_bind_int(s, 1, account_id);
	return e ? e : db_run(s, err);
}

enum jc_err auth_account_unlock(struct db *db, int64_t account_id, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET failures = 0, locked_until = 0 WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	enum jc_err e = db_run(s, err);
	if (!e && db_changes(db) == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no account %lld", (long long)account_id);
	return e;
}

enum jc_err auth_set_password(struct db *db, int64_t account_id, const char *password, struct jc_error *err)
{
	enum jc_err e = password_ok(db, password, "new_password", err);
	if (e)
		return e;
	char hash[CRYPTO_PASSWORD_HASH_LEN];
	if (crypto_password_hash(password, hash))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot hash the password");
	struct db_stmt *s = db_stmt(db, "UPDATE account SET password_hash = ?2, password_set_at = ?3 WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	db_bind_text(s, 2, hash);
	db_bind_int(s, 3, clock_now());
	return db_run(s, err);
}

enum jc_err auth_set_totp(struct db *db, int64_t account_id, const char *secret, struct jc_error *err)
{
	unsigned char sealed[128];
	size_t len;
	if (keys_seal(secret, strlen(secret), sealed, sizeof(sealed), &len))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot seal the secret");
	struct db_stmt *s = db_stmt(db, "UPDATE account SET totp_secret = ?2, totp_pending = NULL WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	db_bind_blob(s, 2, sealed, len);
	return db_run(s, err);
}

static enum jc_err open_secret(struct db_stmt *s, int col, char out[33], struct jc_error *err)
{
	size_t n;
	const unsigned char *b = db_col_blob(s, col, &n);
	if (!b || !n)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no second factor enrolled");
	return keys_open(b, n, out, 33, err);
}

enum jc_err auth_totp_secret(struct db *db, int64_t account_id, char out[33], struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT totp_secret FROM account WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	int r = db_step(s, err);
	if (r <= 0)
		return r < 0 ? JC_EINTERNAL : jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no account");
	enum jc_err e = open_secret(s, 0, out, err);
	db_reset(s);
	return e;
}

/* --- login ------------------------------------------------------------------------------- */

struct login_ctx {
	const char *login, *password, *address;
	struct auth_login *out;
};

static char dummy_hash[CRYPTO_PASSWORD_HASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	crypto_password_hash("no account has this password 7f3a", dummy_hash);
}

static const char refused[] = "login refused: wrong login or password, or the account is locked";

/* Counts a failure of the address when count; *over tells whether the address is over its
 * limit. */
static enum jc_err throttle(struct db *db, const char *address, bool count, bool *over, struct jc_error *err)
{
	long long now = clock_now();
	struct db_stmt *s = db_stmt(db, "SELECT window_start, failures FROM login_throttle WHERE address = ?1");
	db_bind_text(s, 1, address);
	long long start = now, failures = 0;
	int r = db_step(s, err);
	if (r < 0)
		return failed(err);
	if (r == 1) {
		start = db_col_int(s, 0);
		failures = db_col_int(s, 1);
		db_reset(s);
	}
	if (now - start > THROTTLE_WINDOW) {
		start = now;
		failures = 0;
	}
	if (count) {
		failures++;
		s = db_stmt(db,
			"INSERT INTO login_throttle (address, window_start, failures) VALUES (?1, ?2, ?3)"
			" ON CONFLICT (address) DO UPDATE SET window_start = ?2, failures = ?3");
		db_bind_text(s, 1, address);
		db_bind_int(s, 2, start);
		db_bind_int(s, 3, failures);
		enum jc_err e = db_run(s, err);
		if (e)
			return e;
	}
	int64_t limit;
	enum jc_err e = rule(db, "auth.throttle_failures", &limit, err);
	if (!e)
		*over = failures >= limit;
	return e;
}

/* Whether a role of the account asks for the second factor (*needed). */
static enum jc_err needs_second_factor(struct db *db, int64_t account_id, bool *needed, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT role FROM role_grant WHERE account_id = ?1");
	db_bind_int(s, 1, account_id);
	*needed = false;
	int r;
	while ((r = db_step(s, err)) == 1) {
		const struct auth_role *role = auth_role_find(db_col_text(s, 0));
		*needed |= !role || role->second_factor;
	}
	return r < 0 ? failed(err) : JC_OK;
}

/* A failed password or code: counts toward the lock, and locks at the limit; *locked tells
 * whether the account is locked now. */
static enum jc_err count_failure(struct db *db, int64_t account_id, bool *locked, struct jc_error *err)
{
	int64_t limit, minutes;
	enum jc_err e = rule(db, "auth.lockout_failures", &limit, err);
	if (!e)
		e = rule(db, "auth.lockout_minutes", &minutes, err);
	if (e)
		return e;
	struct db_stmt *s = db_stmt(db,
		"UPDATE account SET locked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE locked_until END,"
		" failures = CASE WHEN failures + 1 >= ?2 THEN 0 ELSE failures + 1 END WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	db_bind_int(s, 2, limit);
	db_bind_int(s, 3, clock_now() + 60 * minutes);
	if ((e = db_run(s, err)))
		return e;
	s = db_stmt(db, "SELECT locked_until > ?2 FROM account WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	db_bind_int(s, 2, clock_now());
	int r = db_step(s, err);
	if (r < 0)
		return failed(err);
	*locked = r == 1 && db_col_int(s, 0);
	db_reset(s);
	return JC_OK;
}

static enum jc_err start_session(struct db *db, int64_t account_id, const char *stage, const char *address,
				 struct auth_login *out, struct jc_error *err)
{
	unsigned char raw[32], csrf[16], hash[CRYPTO_SM3_LEN];
	if (crypto_random(raw, sizeof(raw)) || crypto_random(csrf, sizeof(csrf)))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "no random bytes");
	hex_encode(raw, sizeof(raw), out->token);
	hex_encode(csrf, sizeof(csrf), out->csrf);
	crypto_wipe(raw, sizeof(raw));
	token_hash(out->token, hash);
	long long now = clock_now();
	int64_t absolute;
	enum jc_err e = rule(db, "auth.session_absolute_hours", &absolute, err);
	if (e)
		return e;
	/* Sessions past the absolute limit are gone for good: clear them out now and then. */
	struct db_stmt *s = db_stmt(db, "DELETE FROM session WHERE created_at < ?1");
	db_bind_int(s, 1, now - 3600 * absolute);
	if ((e = db_run(s, err)))
		return e;
	s = db_stmt(db,
		"INSERT INTO session (token_hash, account_id, stage, csrf, address, created_at, last_seen)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, account_id);
	db_bind_text(s, 3, stage);
	db_bind_text(s, 4, out->csrf);
	db_bind_text(s, 5, address);
	db_bind_int(s, 6, now);
	out->stage = stage;
	return db_run(s, err);
}

/* A refused login: counts against the address, then refuses. */
static enum jc_err refuse_login(struct db *db, const char *address, struct jc_error *err)
{
	bool over;
	enum jc_err e = throttle(db, address, true, &over, err);
	return e ? e : jc_fail(err, JC_EAUTH, NULL, NULL, refused);
}

static enum jc_err do_login(struct db *db, struct login_ctx *c, struct jc_error *err)
{
	bool over;
	enum jc_err e = throttle(db, c->address, false, &over, err);
	if (e)
		return e;
	if (over)
		return jc_fail(err, JC_ETOOMANY, NULL, "auth.throttle_failures",
			       "too many failed logins from this address; try again later");
	struct db_stmt *s = db_stmt(db,
		"SELECT id, password_hash, disabled, locked_until, totp_secret IS NOT NULL FROM account WHERE login = ?1");
	db_bind_text(s, 1, c->login);
	int r = db_step(s, err);
	if (r < 0)
		return failed(err);
	if (r == 0) {
		/* Spend the time a real check takes, so that timing does not tell whether it exists. */
		pthread_once(&dummy_once, make_dummy);
		crypto_password_verify(dummy_hash, c->password);
		return refuse_login(db, c->address, err);
	}
	int64_t id = db_col_int(s, 0);
	char hash[CRYPTO_PASSWORD_HASH_LEN];
	snprintf(hash, sizeof(hash), "%s", db_col_text(s, 1));
	bool disabled = db_col_int(s, 2) != 0, locked = db_col_int(s, 3) > clock_now(), enrolled = db_col_int(s, 4) != 0;
	db_reset(s);
	bool ok = crypto_password_verify(hash, c->password);
	if (!ok || disabled || locked) {
		if (!ok && !locked && (e = count_failure(db, id, &c->out->locked_now, err)))
			return e;
		return refuse_login(db, c->address, err);
	}
	s = db_stmt(db, "UPDATE account SET failures = 0 WHERE id = ?1");
	db_bind_int(s, 1, id);
	bool second;
	if ((e = db_run(s, err)) || (e = needs_second_factor(db, id, &second, err)))
		return e;
	return start_session(db, id, !second ? "full" : enrolled ? "totp" : "enrol", c->address, c->out, err);
}

enum jc_err auth_login_password(struct db *db, const char *login, const char *password,
				const char *address, struct auth_login *out, struct jc_error *err)
{
	struct login_ctx c = { login, password, address, out };
	out->locked_now = false;
	out->stage = NULL;
	return do_login(db, &c, err);
}

/* The session row of a token, in a stage; fills account id. */
static enum jc_err session_in_stage(struct db *db, const char *token, const char *stage, int64_t *account,
				    struct jc_error *err)
{
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token ? token : "", hash);
	struct db_stmt *s = db_stmt(db, "SELECT account_id, stage FROM session WHERE token_hash = ?1");
	db_bind_blob(s, 1, hash, sizeof(hash));
	int r = db_step(s, err);
	if (r < 0)
		return failed(err);
	if (r == 0)
		return jc_fail(err, JC_EAUTH, NULL, NULL, "no session: log in first");
	*account = db_col_int(s, 0);
	bool right = !strcmp(db_col_text(s, 1), stage);
	db_reset(s);
	if (!right)
		return jc_fail(err, JC_EINVAL, NULL, NULL, "this session is not waiting for that step");
	return JC_OK;
}

static enum jc_err set_stage_full(struct db *db, const char *token, struct jc_error *err)
{
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token, hash);
	struct db_stmt *s = db_stmt(db, "UPDATE session SET stage = 'full', last_seen = ?2 WHERE token_hash = ?1");
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, clock_now());
	return db_run(s, err);
}

struct totp_ctx {
	const char *token, *code;
	bool enrol;
};

static enum jc_err do_totp(struct db *db, const struct totp_ctx *c, struct jc_error *err)
{
	int64_t account;
	enum jc_err e = session_in_stage(db, c->token, c->enrol ? "enrol" : "totp", &account, err);
	if (e)
		return e;
	struct db_stmt *s = db_stmt(db,
		"SELECT totp_secret, totp_pending, totp_last_step, locked_until FROM account WHERE id = ?1");
	db_bind_int(s, 1, account);
	int r = db_step(s, err);
	if (r <= 0) /* the session's account is there: its foreign key says so */
		return r < 0 ? failed(err) : jc_fail(err, JC_EINTERNAL, NULL, NULL, "the session's account is missing");
	char secret[33];
	e = open_secret(s, c->enrol ? 1 : 0, secret, err);
	long long last = db_col_int(s, 2), locked = db_col_int(s, 3);
	db_reset(s);
	if (e)
		return e;
	long long step;
	bool ok = locked <= clock_now() && c->code && crypto_totp_verify(secret, clock_now(), c->code, 1, &step) == 0 &&
		  step > last;
	crypto_wipe(secret, sizeof(secret));
	if (!ok) {
		bool locked_now;
		if ((e = count_failure(db, account, &locked_now, err)))
			return e;
		return jc_fail(err, JC_EAUTH, "code", NULL, "the code is wrong, used already, or the account is locked");
	}
	s = db_stmt(db, c->enrol ?
		"UPDATE account SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?2, failures = 0 WHERE id = ?1" :
		"UPDATE account SET totp_last_step = ?2, failures = 0 WHERE id = ?1");
	db_bind_int(s, 1, account);
	db_bind_int(s, 2, step);
	if ((e = db_run(s, err)))
		return e;
	return set_stage_full(db, c->token, err);
}

enum jc_err auth_login_totp(struct db *db, const char *token, const char *code, struct jc_error *err)
{
	struct totp_ctx c = { token, code, false };
	return do_totp(db, &c, err);
}

enum jc_err auth_enrol_confirm(struct db *db, const char *token, const char *code, struct jc_error *err)
{
	struct totp_ctx c = { token, code, true };
	return do_totp(db, &c, err);
}

enum jc_err auth_enrol_begin(struct db *db, const char *token, char secret[33], char *uri, size_t cap,
			     struct jc_error *err)
{
	int64_t account;
	enum jc_err e = session_in_stage(db, token, "enrol", &account, err);
	if (e)
		return e;
	struct db_stmt *s = db_stmt(db, "SELECT login FROM account WHERE id = ?1");
	db_bind_int(s, 1, account);
	int r = db_step(s, err);
	if (r <= 0)
		return r < 0 ? failed(err) : jc_fail(err, JC_EINTERNAL, NULL, NULL, "the session's account is missing");
	char login[64];
	snprintf(login, sizeof(login), "%s", db_col_text(s, 0));
	db_reset(s);
	if (crypto_totp_secret(secret))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "no random bytes");
	unsigned char sealed[128];
	size_t len;
	if (keys_seal(secret, strlen(secret), sealed, sizeof(sealed), &len))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot seal the secret");
	s = db_stmt(db, "UPDATE account SET totp_pending = ?2 WHERE id = ?1");
	db_bind_int(s, 1, account);
	db_bind_blob(s, 2, sealed, len);
	if ((e = db_run(s, err)))
		return e;
	snprintf(uri, cap, "otpauth://totp/jiceng:%s?secret=%s&issuer=jiceng&digits=6&period=30", login, secret);
	return JC_OK;
}

/* --- sessions ---------------------------------------------------------------------------- */

/* The one path a query for an id answers, into out ("" and *found false when none). */
static enum jc_err path_of(struct db *db, const char *sql, int64_t id, char *out, size_t cap, bool *found,
			   struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, sql);
	db_bind_int(s, 1, id);
	int rc = db_step(s, err);
	*found = rc == 1;
	out[0] = '\0';
	if (rc < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (*found) {
		snprintf(out, cap, "%s", db_col_text(s, 0));
		db_reset(s);
	}
	return JC_OK;
}

enum jc_err auth_org_path(struct db *db, int64_t org_id, char *out, size_t cap, bool *found, struct jc_error *err)
{
	return path_of(db, "SELECT path FROM org WHERE id = ?1", org_id, out, cap, found, err);
}

enum jc_err auth_member_path(struct db *db, int64_t member_id, char *out, size_t cap, bool *found,
			     struct jc_error *err)
{
	return path_of(db, "SELECT o.path FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ?1", member_id,
		       out, cap, found, err);
}

enum jc_err auth_case_path(struct db *db, int64_t case_id, char *out, size_t cap, bool *found, struct jc_error *err)
{
	return path_of(db, "SELECT o.path FROM develop_case c JOIN org o ON o.id = c.org_id WHERE c.id = ?1", case_id,
		       out, cap, found, err);
}

enum jc_err auth_meeting_path(struct db *db, int64_t meeting_id, char *out, size_t cap, bool *found,
			      struct jc_error *err)
{
	return path_of(db, "SELECT o.path FROM meeting m JOIN org o ON o.id = m.org_id WHERE m.id = ?1", meeting_id, out,
		       cap, found, err);
}

enum jc_err auth_inspection_path(struct db *db, int64_t inspection_id, char *out, size_t cap, bool *found,
				 struct jc_error *err)
{
	return path_of(db, "SELECT o.path FROM inspection i JOIN org o ON o.id = i.org_id WHERE i.id = ?1", inspection_id,
		       out, cap, found, err);
}

static enum jc_err end_session(struct db *db, const unsigned char hash[CRYPTO_SM3_LEN], struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "DELETE FROM session WHERE token_hash = ?1");
	db_bind_blob(s, 1, hash, CRYPTO_SM3_LEN);
	return db_run(s, err);
}

/* The session limits in seconds, read from the rule table at most once a minute per thread. */
struct session_limits {
	long long idle, admin_idle, absolute, admin_password_age;
};

/* The session limits, read from the rule table at most once a minute per thread; a failure to
 * read them is returned and leaves the cache as it was. */
static enum jc_err session_limits(struct db *db, long long now, const struct session_limits **out,
				  struct jc_error *err)
{
	static __thread struct {
		long long read_at;
		struct session_limits l;
	} cache;
	if (!cache.read_at || now - cache.read_at >= 60 || now < cache.read_at) {
		int64_t idle, admin_idle, absolute, age;
		enum jc_err e = rule(db, "auth.session_idle_minutes", &idle, err);
		if (!e)
			e = rule(db, "auth.admin_session_idle_minutes", &admin_idle, err);
		if (!e)
			e = rule(db, "auth.session_absolute_hours", &absolute, err);
		if (!e)
			e = rule(db, "auth.admin_password_max_days", &age, err);
		if (e)
			return e;
		cache.l.idle = 60 * idle;
		cache.l.admin_idle = 60 * admin_idle;
		cache.l.absolute = 3600 * absolute;
		cache.l.admin_password_age = 86400 * age;
		cache.read_at = now;
	}
	*out = &cache.l;
	return JC_OK;
}

enum jc_err auth_session(struct db *db, const char *token, bool allow_partial, struct auth_principal *out,
			 const char **stage, struct jc_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return jc_fail(err, JC_EAUTH, NULL, NULL, "no session: log in first");
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token, hash);
	struct db_stmt *s = db_stmt(db,
		"SELECT s.account_id, s.stage, s.csrf, s.created_at, s.last_seen, a.login, a.member_id, a.disabled,"
		" a.password_set_at FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?1");
	db_bind_blob(s, 1, hash, sizeof(hash));
	int r = db_step(s, err);
	if (r < 0)
		return err && err->code ? err->code : JC_EINTERNAL;
	if (r == 0)
		return jc_fail(err, JC_EAUTH, NULL, NULL, "no session: log in first");
	out->account_id = db_col_int(s, 0);
	static const char *const stages[] = { "full", "totp", "enrol" };
	const char *st = db_col_text(s, 1);
	*stage = stages[0];
	for (int i = 0; i < 3; i++)
		if (!strcmp(st, stages[i]))
			*stage = stages[i];
	snprintf(out->csrf, sizeof(out->csrf), "%s", db_col_text(s, 2));
	long long created = db_col_int(s, 3), seen = db_col_int(s, 4);
	snprintf(out->login, sizeof(out->login), "%s", db_col_text(s, 5));
	out->member_id = db_col_int(s, 6);
	bool disabled = db_col_int(s, 7) != 0;
	long long password_set = db_col_int(s, 8);
	db_reset(s);

	s = db_stmt(db, "SELECT g.role, coalesce(g.org_id, 0), coalesce(o.path, '') FROM role_grant g"
			" LEFT JOIN org o ON o.id = g.org_id WHERE g.account_id = ?1 ORDER BY g.id");
	db_bind_int(s, 1, out->account_id);
	while ((r = db_step(s, err)) == 1) {
		const struct auth_role *role = auth_role_find(db_col_text(s, 0));
		if (!role || out->ngrants == AUTH_MAX_GRANTS)
			continue;
		struct auth_grant *g = &out->grants[out->ngrants++];
		g->role = role;
		g->org_id = db_col_int(s, 1);
		snprintf(g->path, sizeof(g->path), "%s", db_col_text(s, 2));
		out->admin |= role->admin;
		size_t n = strlen(out->role_names);
		snprintf(out->role_names + n, sizeof(out->role_names) - n, "%s%s", n ? "," : "", role->key);
	}
	if (r < 0) { /* not "no roles": the grants could not be read */
		memset(out, 0, sizeof(*out));
		return err && err->code ? err->code : JC_EINTERNAL;
	}
	long long now = clock_now();
	const struct session_limits *limits;
	if ((r = session_limits(db, now, &limits, err))) {
		memset(out, 0, sizeof(*out));
		return r;
	}
	out->password_expired = out->admin && now - password_set > limits->admin_password_age;
	long long idle = out->admin ? limits->admin_idle : limits->idle, absolute = limits->absolute;
	if (disabled || now - seen > idle || now - created > absolute)
		return jc_fail(err, JC_EAUTH, NULL, NULL, "the session has ended: log in again");
	if (*stage != stages[0] && !allow_partial)
		return jc_fail(err, JC_EAUTH, NULL, NULL, "the second factor is still due");
	out->touch_due = now - seen >= 60; /* the idle clock moves at most once a minute */
	return JC_OK;
}

void auth_session_touch(struct db *db, const char *token)
{
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token, hash);
	if (db_begin(db, NULL))
		return;
	struct db_stmt *s = db_stmt(db, "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1");
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, clock_now());
	if (db_run(s, NULL))
		db_rollback(db);
	else
		db_commit(db, NULL);
}

enum jc_err auth_logout(struct db *db, const char *token, struct jc_error *err)
{
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token ? token : "", hash);
	return end_session(db, hash, err);
}

enum jc_err auth_sessions_list(struct db *db, int64_t account_id, bool admin, const char *token, json_t **items,
			       struct jc_error *err)
{
	long long now = clock_now();
	const struct session_limits *limits;
	enum jc_err e = session_limits(db, now, &limits, err);
	*items = NULL;
	if (e)
		return e;
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token ? token : "", hash);
	struct db_stmt *s = db_stmt(db,
		"SELECT rowid, stage, address, created_at, last_seen, token_hash = ?4 FROM session"
		" WHERE account_id = ?1 AND last_seen >= ?2 AND created_at >= ?3 ORDER BY last_seen DESC, rowid DESC");
	db_bind_int(s, 1, account_id);
	db_bind_int(s, 2, now - (admin ? limits->admin_idle : limits->idle));
	db_bind_int(s, 3, now - limits->absolute);
	db_bind_blob(s, 4, hash, sizeof(hash));
	*items = json_array();
	int r;
	while ((r = db_step(s, err)) == 1) {
		char created[21], seen[21];
		clock_format(db_col_int(s, 3), created);
		clock_format(db_col_int(s, 4), seen);
		json_array_append_new(*items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)db_col_int(s, 0),
							"stage", db_col_text(s, 1), "address", db_col_text(s, 2),
							"created_at", created, "last_seen", seen, "current",
							db_col_int(s, 5) != 0));
	}
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		return JC_EINTERNAL;
	}
	return JC_OK;
}

enum jc_err auth_session_end(struct db *db, int64_t account_id, int64_t session_id, const char *token,
			     bool *current, struct jc_error *err)
{
	unsigned char hash[CRYPTO_SM3_LEN];
	token_hash(token ? token : "", hash);
	*current = false;
	struct db_stmt *s = db_stmt(db, "SELECT token_hash = ?3 FROM session WHERE rowid = ?1 AND account_id = ?2");
	db_bind_int(s, 1, session_id);
	db_bind_int(s, 2, account_id);
	db_bind_blob(s, 3, hash, sizeof(hash));
	int r = db_step(s, err);
	if (r <= 0)
		return r < 0 ? failed(err) : jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no session %lld", (long long)session_id);
	*current = db_col_int(s, 0) != 0;
	db_reset(s);
	s = db_stmt(db, "DELETE FROM session WHERE rowid = ?1");
	db_bind_int(s, 1, session_id);
	return db_run(s, err);
}

enum jc_err auth_check_password(struct db *db, int64_t account_id, const char *password, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT password_hash FROM account WHERE id = ?1");
	db_bind_int(s, 1, account_id);
	int r = db_step(s, err);
	if (r <= 0)
		return r < 0 ? failed(err) : jc_fail(err, JC_EINTERNAL, NULL, NULL, "the session's account is missing");
	char hash[CRYPTO_PASSWORD_HASH_LEN];
	snprintf(hash, sizeof(hash), "%s", db_col_text(s, 0));
	db_reset(s);
	if (crypto_password_verify(hash, password))
		return JC_OK;
	bool locked_now;
	enum jc_err e = count_failure(db, account_id, &locked_now, err);
	return e ? e : jc_fail(err, JC_EINVAL, "old_password", NULL, "the current password is wrong");
}
