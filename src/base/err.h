/*
 * err.h - the one error type of jiceng.
 *
 * Every function that can fail returns enum jc_err (0 = ok). Its categories map one to one onto
 * HTTP statuses, so a handler never invents a status. Callers that want to know more pass a
 * struct jc_error, which the first failure fills (first error wins: later failures along the
 * unwinding path do not overwrite what the user needs to see).
 */
#ifndef JC_ERR_H
#define JC_ERR_H

#include <stddef.h>

enum jc_err {
	JC_OK = 0,
	JC_EINVAL,     /* 400: malformed or invalid input */
	JC_EFORBIDDEN, /* 403 */
	JC_ENOTFOUND,  /* 404: absent, or outside the caller's scope */
	JC_ECONFLICT,  /* 409: duplicates, stale versions */
	JC_ETOOBIG,    /* 413: a body over the route's limit */
	JC_ERULE,      /* 422: a rule of the regulations refuses it */
	JC_ETOOMANY,   /* 429: too many attempts, try later */
	JC_EAUTH,      /* 401: no session, or it ended */
	JC_EUNAVAIL,   /* 503: busy, locked, try again */
	JC_EINTERNAL,  /* 500: a bug or an I/O failure */
};

struct jc_error {
	enum jc_err code;
	char field[64];    /* the input field at fault, "" when none */
	char rule[96];     /* the rule key that refused it, "" when none */
	char article[160]; /* regulation and article of that rule, "" when none */
	char message[320]; /* lowercase, says what failed first */
};

/* Records the failure in err (when err is non-NULL and still empty) and returns code.
 * field and rule may be NULL. */
enum jc_err jc_fail(struct jc_error *err, enum jc_err code, const char *field, const char *rule,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Adds the regulation and article to an error already filled by jc_fail (first one wins). */
void jc_error_cite(struct jc_error *err, const char *regulation, const char *article);

void jc_error_clear(struct jc_error *err);
/* Copies src into err when err is non-NULL and still empty (first error wins); returns src's code. */
enum jc_err jc_error_pass(struct jc_error *err, const struct jc_error *src);

int jc_err_http_status(enum jc_err code);
const char *jc_err_name(enum jc_err code); /* "invalid", "not_found", ... */

#endif
