/* fields.c - the generic record machinery of fields.h. */
#include "base/fields.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/log.h"
#include "base/mem.h"
#include "db/db.h"

#define AT(rec, f, type) ((type *)((char *)(rec) + (f)->offset))
#define CAT(rec, f, type) ((const type *)((const char *)(rec) + (f)->offset))

const struct field *fields_find(const struct record_desc *d, const char *key, size_t n)
{
	for (size_t i = 0; i < d->count; i++)
		if (strlen(d->fields[i].key) == n && !memcmp(d->fields[i].key, key, n))
			return &d->fields[i];
	return NULL;
}

const struct field *fields_find_header(const struct record_desc *d, const char *s, size_t n)
{
	const struct field *f = fields_find(d, s, n);
	for (size_t i = 0; !f && i < d->count; i++)
		if (strlen(d->fields[i].zh) == n && !memcmp(d->fields[i].zh, s, n))
			f = &d->fields[i];
	return f;
}

static void clear_one(const struct field *f, void *rec)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: AT(rec, f, char)[0] = '\0'; break;
	case FT_DATE: *AT(rec, f, int) = DATE_NONE; break;
	case FT_BOOL: *AT(rec, f, int) = 0; break;
	case FT_INT:
	case FT_MONEY:
	case FT_REF: *AT(rec, f, int64_t) = 0; break;
	}
}

void fields_clear(const struct record_desc *d, void *rec)
{
	for (size_t i = 0; i < d->count; i++)
		clear_one(&d->fields[i], rec);
}

/* Valid UTF-8 without control characters (other than tab): what a text field may hold. */
static bool clean_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return false;
			i++;
			continue;
		}
		size_t len = c > 0xf4 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		if (!len || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				return false;
		/* RFC 3629: no overlong forms, no surrogates, nothing beyond U+10FFFF */
		unsigned char c1 = (unsigned char)s[i + 1];
		if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) ||
		    (c == 0xf4 && c1 > 0x8f))
			return false;
		i += len;
	}
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* What spreadsheets write: "2010/6/1", "2010-6-1", "2010.6.1". */
static bool date_parse_loose(const char *s, size_t n, int *out)
{
	int part[3] = { 0, 0, 0 }, k = 0, digits = 0;
	char sep = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits > (k == 0 ? 4 : 2))
				return false;
			part[k] = part[k] * 10 + (s[i] - '0');
		} else if ((s[i] == '/' || s[i] == '-' || s[i] == '.') && k < 2 && digits &&
			   (!sep || s[i] == sep)) {
			sep = s[i];
			k++;
			digits = 0;
		} else {
			return false;
		}
	}
	if (k != 2 || !digits || !date_valid_ymd(part[0], part[1], part[2]))
		return false;
	*out = date_from_ymd(part[0], part[1], part[2]);
	return true;
}

static enum jc_err parse_int(const struct field *f, const char *s, size_t n, int64_t *out,
			     struct jc_error *err)
{
	char tmp[32];
	if (n == 0 || n >= sizeof(tmp))
		return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be a whole number", f->key);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	long long v = strtoll(tmp, &end, 10);
	if (*end || v < 0)
		return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be a whole number of 0 or more", f->key);
	*out = v;
	return JC_OK;
}

/* "12.5" or "12.50" yuan to fen. */
static enum jc_err parse_money(const struct field *f, const char *s, size_t n, int64_t *out,
			       struct jc_error *err)
{
	int64_t yuan = 0, fen = 0;
	size_t i = 0, digits = 0, decimals = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if ((yuan = yuan * 10 + (s[i] - '0')) > INT64_MAX / 1000)
			break;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9' && decimals < 2; i++, decimals++)
			fen = fen * 10 + (s[i] - '0');
	if (!digits || i != n)
		return jc_fail(err, JC_EINVAL, f->key, NULL,
			       "'%s' must be an amount in yuan with at most two decimals", f->key);
	if (decimals == 1)
		fen *= 10;
	*out = yuan * 100 + fen;
	return JC_OK;
}

enum jc_err fields_set_text(const struct field *f, void *rec, const char *s, size_t n,
			    struct jc_error *err)
{
	trim(&s, &n);
	if (n == 0) {
		clear_one(f, rec);
		return JC_OK;
	}
	if (!clean_text(s, n))
		return jc_fail(err, JC_EINVAL, f->key, NULL,
			       "'%s' holds control characters or is not valid UTF-8", f->key);
	switch (f->type) {
	case FT_TEXT:
		if (n >= f->size)
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' is longer than %zu bytes",
				       f->key, f->size - 1);
		memcpy(AT(rec, f, char), s, n);
		AT(rec, f, char)[n] = '\0';
		return JC_OK;
	case FT_CODE: {
		int i = code_find(f->codes, s, n, 1);
		if (i < 0)
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' is not one of the codes of '%s'",
				       f->key, f->codes->name);
		const char *key = f->codes->codes[i].key;
		size_t klen = strlen(key);
		if (klen >= f->size)
			klen = f->size - 1;
		memcpy(AT(rec, f, char), key, klen);
		AT(rec, f, char)[klen] = '\0';
		return JC_OK;
	}
	case FT_DATE:
		if (!date_parse(s, (int)n, AT(rec, f, int)) && !date_parse_loose(s, n, AT(rec, f, int)))
			return jc_fail(err, JC_EINVAL, f->key, NULL,
				       "'%s' must be a date written YYYY-MM-DD", f->key);
		return JC_OK;
	case FT_BOOL:
		if ((n == 1 && (*s == '1' || *s == '0')) || (n == 4 && !strncasecmp(s, "true", 4)) ||
		    (n == 5 && !strncasecmp(s, "false", 5)) || (n == 3 && !memcmp(s, "是", 3)) ||
		    (n == 3 && !memcmp(s, "否", 3))) {
			*AT(rec, f, int) = *s == '1' || *s == 't' || *s == 'T' || !memcmp(s, "是", n < 3 ? n : 3);
			return JC_OK;
		}
		return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be true or false (是/否)", f->key);
	case FT_INT:
	case FT_REF:
		return parse_int(f, s, n, AT(rec, f, int64_t), err);
	case FT_MONEY:
		return parse_money(f, s, n, AT(rec, f, int64_t), err);
	}
	return JC_OK;
}

static enum jc_err set_json(const struct field *f, void *rec, json_t *v, struct jc_error *err)
{
	if (json_is_null(v)) {
		clear_one(f, rec);
		return JC_OK;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE:
	case FT_DATE:
		if (!json_is_string(v))
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be a string", f->key);
		/* The API takes ISO dates only; spreadsheet forms are for imported cells. */
		if (f->type == FT_DATE && json_string_length(v) &&
		    !date_parse(json_string_value(v), (int)json_string_length(v), AT(rec, f, int)))
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be a date written YYYY-MM-DD", f->key);
		if (f->type == FT_DATE && json_string_length(v))
			return JC_OK;
		if (json_string_length(v) == 0 && (f->flags & FF_REQUIRED))
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must not be empty", f->key);
		return fields_set_text(f, rec, json_string_value(v), json_string_length(v), err);
	case FT_BOOL:
		if (!json_is_boolean(v))
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' must be true or false", f->key);
		*AT(rec, f, int) = json_is_true(v);
		return JC_OK;
	case FT_INT:
	case FT_REF:
	case FT_MONEY:
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return jc_fail(err, JC_EINVAL, f->key, NULL,
				       f->type == FT_MONEY ? "'%s' must be a whole number of fen, 0 or more" :
							     "'%s' must be a whole number of 0 or more",
				       f->key);
		*AT(rec, f, int64_t) = json_integer_value(v);
		return JC_OK;
	}
	return JC_OK;
}

enum jc_err fields_from_json(const struct record_desc *d, json_t *obj, void *rec,
			     bool allow_protected, bool *set, struct jc_error *err)
{
	if (!json_is_object(obj))
		return jc_fail(err, JC_EINVAL, NULL, NULL, "the body must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		const struct field *f = fields_find(d, key, strlen(key));
		if (!f)
			return jc_fail(err, JC_EINVAL, key, NULL, "'%s' is not a field of %s", key, d->name);
		if (f->flags & FF_READONLY)
			return jc_fail(err, JC_EINVAL, key, NULL, "'%s' cannot be set", key);
		if ((f->flags & FF_PROTECTED) && !allow_protected)
			return jc_fail(err, JC_EFORBIDDEN, key, NULL,
				       "'%s' is changed only through its own endpoint", key);
		enum jc_err e = set_json(f, rec, v, err);
		if (e)
			return e;
		if (set)
			set[f - d->fields] = true;
	}
	return JC_OK;
}

bool fields_empty(const struct field *f, const void *rec)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: return CAT(rec, f, char)[0] == '\0';
	case FT_DATE: return *CAT(rec, f, int) == DATE_NONE;
	case FT_REF: return *CAT(rec, f, int64_t) == 0;
	case FT_BOOL: return false;
	case FT_INT:
	case FT_MONEY: return false;
	}
	return true;
}

enum jc_err fields_check_required(const struct record_desc *d, const void *rec,
				  struct jc_error *err)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct field *f = &d->fields[i];
		if ((f->flags & FF_REQUIRED) && fields_empty(f, rec))
			return jc_fail(err, JC_EINVAL, f->key, NULL, "'%s' is required", f->key);
	}
	return JC_OK;
}

bool fields_equal(const struct field *f, const void *a, const void *b)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: return strcmp(CAT(a, f, char), CAT(b, f, char)) == 0;
	case FT_DATE:
	case FT_BOOL: return *CAT(a, f, int) == *CAT(b, f, int);
	default: return *CAT(a, f, int64_t) == *CAT(b, f, int64_t);
	}
}

/* Masks by characters, not bytes, so a Chinese address stays valid UTF-8. A number keeps its
 * ends: an ID number 6 + 4 ("110105********002X"), a phone 3 + 4 ("138****0001"), anything
 * shorter than 7 its first character. Text (an address) keeps its first third, at most 6
 * characters ("广东省江门市******"): the house is at the end. */
void fields_mask(const char *in, char *out, size_t cap)
{
	if (strchr(in, '*')) { /* masked already (a masked copy read from the store) */
		snprintf(out, cap, "%s", in);
		return;
	}
	size_t chars = 0;
	bool number = true;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		chars += (*p & 0xc0) != 0x80;
		number &= (*p >= '0' && *p <= '9') || *p == 'X' || *p == 'x' || *p == '-' || *p == '+' || *p == ' ';
	}
	size_t head = chars >= 15 ? 6 : chars >= 7 ? 3 : 1, tail = chars >= 7 ? 4 : 0;
	if (!number) {
		head = chars / 3 > 6 ? 6 : chars / 3 ? chars / 3 : 1;
		tail = 0;
	}
	size_t o = 0, k = 0;
	for (const char *p = in; *p;) {
		size_t len = 1;
		while (((unsigned char)p[len] & 0xc0) == 0x80)
			len++;
		bool keep = k < head || k >= chars - tail;
		if (o + (keep ? len : 1) >= cap)
			break;
		if (keep) {
			memcpy(out + o, p, len);
			o += len;
		} else {
			out[o++] = '*';
		}
		p += len;
		k++;
	}
	out[o] = '\0';
}

json_t *fields_value_json(const struct field *f, const void *rec)
{
	if (fields_empty(f, rec))
		return json_null();
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: return json_string(CAT(rec, f, char));
	case FT_DATE: {
		char t[11];
		date_format(*CAT(rec, f, int), t);
		return json_string(t);
	}
	case FT_BOOL: return json_boolean(*CAT(rec, f, int));
	default: return json_integer(*CAT(rec, f, int64_t));
	}
}

static json_t *masked_json(const struct field *f, const void *rec)
{
	if (fields_empty(f, rec))
		return json_null();
	char m[320];
	fields_mask(CAT(rec, f, char), m, sizeof(m));
	return json_string(m);
}

json_t *fields_to_json(const struct record_desc *d, const void *rec, bool reveal)
{
	json_t *o = json_object();
	for (size_t i = 0; i < d->count; i++) {
		const struct field *f = &d->fields[i];
		bool mask = (f->flags & FF_SENSITIVE) && !reveal && f->type == FT_TEXT;
		json_object_set_new(o, f->key, mask ? masked_json(f, rec) : fields_value_json(f, rec));
	}
	return o;
}

void fields_write_json_string(struct buf *out, const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	buf_add(out, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(s - run));
		char esc[6] = { '\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15] };
		if (c == '"' || c == '\\')
			buf_add(out, (char[]){ '\\', (char)c }, 2);
		else if (c == '\n')
			buf_add(out, "\\n", 2);
		else if (c == '\t')
			buf_add(out, "\\t", 2);
		else
			buf_add(out, esc, 6);
		run = s + 1;
	}
	buf_add(out, run, (size_t)(s - run));
	buf_add(out, "\"", 1);
}

void fields_write_json(const struct record_desc *d, const void *rec, bool reveal, struct buf *out)
{
	char tmp[320];
	for (size_t i = 0; i < d->count; i++) {
		const struct field *f = &d->fields[i];
		if (i)
			buf_add(out, ",", 1);
		fields_write_json_string(out, f->key);
		buf_add(out, ":", 1);
		if (fields_empty(f, rec)) {
			buf_add(out, "null", 4);
			continue;
		}
		switch (f->type) {
		case FT_TEXT:
		case FT_CODE:
			if ((f->flags & FF_SENSITIVE) && !reveal && f->type == FT_TEXT) {
				fields_mask(CAT(rec, f, char), tmp, sizeof(tmp));
				fields_write_json_string(out, tmp);
			} else {
				fields_write_json_string(out, CAT(rec, f, char));
			}
			break;
		case FT_DATE:
			date_format(*CAT(rec, f, int), tmp);
			buf_add(out, "\"", 1);
			buf_add(out, tmp, 10);
			buf_add(out, "\"", 1);
			break;
		case FT_BOOL:
			buf_adds(out, *CAT(rec, f, int) ? "true" : "false");
			break;
		default: {
			/* digits by hand: no printf on the hot path */
			int64_t v = *CAT(rec, f, int64_t);
			char digits[24];
			int n = 0;
			uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			do
				digits[sizeof(digits) - 1 - n++] = (char)('0' + u % 10);
			while ((u /= 10) && n < 22);
			if (v < 0)
				digits[sizeof(digits) - 1 - n++] = '-';
			buf_add(out, digits + sizeof(digits) - n, (size_t)n);
		}
		}
	}
}

void fields_format(const struct field *f, const void *rec, struct buf *out)
{
	if (fields_empty(f, rec))
		return;
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: buf_adds(out, CAT(rec, f, char)); break;
	case FT_DATE: {
		char t[11];
		date_format(*CAT(rec, f, int), t);
		buf_adds(out, t);
		break;
	}
	case FT_BOOL: buf_adds(out, *CAT(rec, f, int) ? "true" : "false"); break;
	case FT_MONEY: {
		int64_t v = *CAT(rec, f, int64_t);
		buf_addf(out, "%" PRId64 ".%02d", v / 100, (int)(v % 100));
		break;
	}
	default: buf_addf(out, "%" PRId64, *CAT(rec, f, int64_t)); break;
	}
}

json_t *fields_diff(const struct record_desc *d, const void *before, const void *after)
{
	json_t *changes = NULL;
	for (size_t i = 0; i < d->count; i++) {
		const struct field *f = &d->fields[i];
		if ((f->flags & FF_READONLY) || (before && fields_equal(f, before, after)))
			continue;
		if (!before && fields_empty(f, after))
			continue;
		bool mask = (f->flags & FF_SENSITIVE) && f->type == FT_TEXT;
		json_t *pair = json_array();
		json_array_append_new(pair, !before ? json_null() :
					    mask ? masked_json(f, before) : fields_value_json(f, before));
		json_array_append_new(pair, mask ? masked_json(f, after) : fields_value_json(f, after));
		if (!changes)
			changes = json_object();
		json_object_set_new(changes, f->key, pair);
	}
	return changes;
}

static const struct fields_sealer *sealer;

void fields_set_sealer(const struct fields_sealer *s)
{
	sealer = s;
}

static bool sealed(const struct field *f)
{
	return sealer && (f->flags & FF_SENSITIVE) && f->type == FT_TEXT;
}

void fields_bind(const struct field *f, const void *rec, struct db_stmt *s, int i)
{
	if (sealed(f) && !fields_empty(f, rec)) {
		unsigned char blob[512];
		size_t len;
		const char *plain = CAT(rec, f, char);
		if (sealer->seal(plain, strlen(plain), blob, sizeof(blob), &len)) {
			log_error("fields: cannot seal '%s'", f->key);
			abort(); /* a programming error: the buffer fits every field */
		}
		db_bind_blob(s, i, blob, len);
		return;
	}
	if (fields_empty(f, rec) && f->type != FT_BOOL && f->type != FT_INT && f->type != FT_MONEY) {
		db_bind_null(s, i);
		return;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: db_bind_text_static(s, i, CAT(rec, f, char)); break;
	case FT_DATE: db_bind_date(s, i, *CAT(rec, f, int)); break;
	case FT_BOOL: db_bind_int(s, i, *CAT(rec, f, int)); break;
	default: db_bind_int(s, i, *CAT(rec, f, int64_t)); break;
	}
}

void fields_read(const struct field *f, void *rec, struct db_stmt *s, int i)
{
	if (sealed(f) && db_col_is_blob(s, i)) {
		size_t n;
		const unsigned char *b = db_col_blob(s, i, &n);
		struct jc_error err = { 0 };
		if (sealer->open(b, n, AT(rec, f, char), f->size, &err)) {
			log_error("fields: '%s': %s", f->key, err.message);
			AT(rec, f, char)[0] = '\0';
		}
		return;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: {
		const char *t = db_col_text(s, i);
		snprintf(AT(rec, f, char), f->size, "%s", t ? t : "");
		break;
	}
	case FT_DATE: *AT(rec, f, int) = db_col_date(s, i); break;
	case FT_BOOL: *AT(rec, f, int) = (int)db_col_int(s, i); break;
	default: *AT(rec, f, int64_t) = db_col_int(s, i); break;
	}
}

void fields_sql_columns(const struct record_desc *d, unsigned exclude_flags, const char *prefix,
			struct buf *out)
{
	bool first = true;
	for (size_t i = 0; i < d->count; i++) {
		if (d->fields[i].flags & exclude_flags)
			continue;
		buf_addf(out, "%s%s%s", first ? "" : ", ", prefix ? prefix : "", d->fields[i].key);
		first = false;
	}
}

int fields_sql_assignments(const struct record_desc *d, unsigned exclude_flags, int first_param,
			   struct buf *out)
{
	int p = first_param;
	for (size_t i = 0; i < d->count; i++) {
		if (d->fields[i].flags & exclude_flags)
			continue;
		buf_addf(out, "%s%s = ?%d", p == first_param ? "" : ", ", d->fields[i].key, p);
		p++;
	}
	return p;
}

int fields_bind_all(const struct record_desc *d, unsigned exclude_flags, const void *rec,
		    struct db_stmt *s, int first_param)
{
	int p = first_param;
	for (size_t i = 0; i < d->count; i++)
		if (!(d->fields[i].flags & exclude_flags))
			fields_bind(&d->fields[i], rec, s, p++);
	return p;
}

int fields_read_all(const struct record_desc *d, unsigned exclude_flags, void *rec,
		    struct db_stmt *s, int first_col)
{
	int c = first_col;
	for (size_t i = 0; i < d->count; i++)
		if (!(d->fields[i].flags & exclude_flags))
			fields_read(&d->fields[i], rec, s, c++);
	return c;
}

enum jc_err fields_take_text(json_t *obj, const char *key, bool required, char *out, size_t cap,
			     struct jc_error *err)
{
	json_t *v = json_object_get(obj, key);
	out[0] = '\0';
	if (!v || json_is_null(v))
		return required ? jc_fail(err, JC_EINVAL, key, NULL, "'%s' is required", key) : JC_OK;
	if (!json_is_string(v) || json_string_length(v) >= cap)
		return jc_fail(err, JC_EINVAL, key, NULL, "'%s' must be a string of at most %zu bytes", key, cap - 1);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return JC_OK;
}

enum jc_err fields_only_keys(json_t *obj, const char *const *keys, struct jc_error *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		bool known = false;
		for (const char *const *p = keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known)
			return jc_fail(err, JC_EINVAL, k, NULL, "'%s' is not expected here", k);
		(void)v;
	}
	return JC_OK;
}
