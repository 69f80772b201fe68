/* err.c - filling struct jc_error and mapping error codes to HTTP. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t cap, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, cap, "%s", src);
}

enum jc_err jc_fail(struct jc_error *err, enum jc_err code, const char *field, const char *rule,
		    const char *fmt, ...)
{
	if (!err || err->code != JC_OK)
		return code;
	err->code = code;
	copy(err->field, sizeof(err->field), field);
	copy(err->rule, sizeof(err->rule), rule);
	err->article[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

void jc_error_cite(struct jc_error *err, const char *regulation, const char *article)
{
	if (!err || err->article[0])
		return;
	snprintf(err->article, sizeof(err->article), "%s%s%s", regulation ? regulation : "",
		 article && *article ? " " : "", article ? article : "");
}

enum jc_err jc_error_pass(struct jc_error *err, const struct jc_error *src)
{
	if (err && err->code == JC_OK)
		*err = *src;
	return src->code;
}

void jc_error_clear(struct jc_error *err)
{
	memset(err, 0, sizeof(*err));
}

int jc_err_http_status(enum jc_err code)
{
	switch (code) {
	case JC_OK: return 200;
	case JC_EINVAL: return 400;
	case JC_EFORBIDDEN: return 403;
	case JC_ENOTFOUND: return 404;
	case JC_ECONFLICT: return 409;
	case JC_ETOOBIG: return 413;
	case JC_ERULE: return 422;
	case JC_ETOOMANY: return 429;
	case JC_EAUTH: return 401;
	case JC_EUNAVAIL: return 503;
	case JC_EINTERNAL: return 500;
	}
	return 500;
}

const char *jc_err_name(enum jc_err code)
{
	switch (code) {
	case JC_OK: return "ok";
	case JC_EINVAL: return "invalid";
	case JC_EFORBIDDEN: return "forbidden";
	case JC_ENOTFOUND: return "not_found";
	case JC_ECONFLICT: return "conflict";
	case JC_ETOOBIG: return "too_large";
	case JC_ERULE: return "rule_violation";
	case JC_ETOOMANY: return "too_many_attempts";
	case JC_EAUTH: return "unauthenticated";
	case JC_EUNAVAIL: return "unavailable";
	case JC_EINTERNAL: return "internal";
	}
	return "internal";
}
