/*
 * fields.h - records described as data.
 *
 * A module describes its record struct once, as an array of struct field (key, labels, type,
 * offset, limits, code table, flags). From that one description come: decoding a JSON body with
 * an error naming the field, encoding to JSON, reading and writing CSV/XLSX cells, the list of
 * changed fields for the history, binding to and reading from SQL, and the API reference schema.
 * A field that is added to the description is thereby accepted, stored, exported and recorded.
 *
 * Storage of each type inside the record:
 *   FT_TEXT  char[size] (NUL-terminated; size includes the NUL)
 *   FT_CODE  char[size] holding a key of the field's code table
 *   FT_DATE  int day number (base/date.h), DATE_NONE when absent
 *   FT_INT   int64_t; FT_MONEY int64_t fen, written as yuan with two decimals in CSV
 *   FT_BOOL  int 0/1
 *   FT_REF   int64_t id of another record, 0 when absent
 */
#ifndef JC_FIELDS_H
#define JC_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"

struct buf;
struct db_stmt;

enum field_type { FT_TEXT, FT_CODE, FT_DATE, FT_INT, FT_MONEY, FT_BOOL, FT_REF };

enum field_flags {
	FF_REQUIRED = 1,  /* must be present and non-empty on create */
	FF_READONLY = 2,  /* never set from a request body (id, version, timestamps) */
	FF_PROTECTED = 4, /* set on create only; changed through its own endpoint afterwards */
	FF_SENSITIVE = 8, /* personal data: masked by default, never logged */
	FF_NOEXPORT = 16, /* not part of CSV/XLSX files */
};

struct field {
	const char *key; /* JSON key, CSV header, SQL column */
	const char *zh;  /* Chinese label, also accepted as a CSV header */
	const char *en;
	enum field_type type;
	size_t offset;
	size_t size; /* FT_TEXT/FT_CODE buffer size */
	const struct code_table *codes;
	unsigned flags;
};

struct record_desc {
	const char *name; /* "member", "org" */
	const struct field *fields;
	size_t count;
};

#define FIELD_TEXT(st, k, zh, en, fl) { #k, zh, en, FT_TEXT, offsetof(st, k), sizeof(((st *)0)->k), NULL, fl }
#define FIELD_CODE(st, k, zh, en, tab, fl) { #k, zh, en, FT_CODE, offsetof(st, k), sizeof(((st *)0)->k), tab, fl }
#define FIELD_OF(st, k, zh, en, type, fl) { #k, zh, en, type, offsetof(st, k), 0, NULL, fl }

const struct field *fields_find(const struct record_desc *d, const char *key, size_t n);
/* A field by key or by Chinese label (for CSV headers). */
const struct field *fields_find_header(const struct record_desc *d, const char *s, size_t n);

/* Sets every field of rec to empty (texts "", dates DATE_NONE, numbers 0). */
void fields_clear(const struct record_desc *d, void *rec);

/* For bodies that are not a record: a string member key of obj copied into out (cap bytes),
 * "" when absent or null; 400 naming key when required and absent, not a string, or too long. */
enum jc_err fields_take_text(json_t *obj, const char *key, bool required, char *out, size_t cap,
			     struct jc_error *err);
/* 400 naming the first member of obj not among keys (NULL-terminated): a typo is an error, not a
 * silently dropped field. */
enum jc_err fields_only_keys(json_t *obj, const char *const *keys, struct jc_error *err);

/*
 * Decodes a JSON object into rec. Unknown keys, wrong types, over-long text and unknown codes
 * are refused (400, naming the field). Read-only fields are refused; protected fields are refused
 * unless allow_protected. null clears a field. When set is non-NULL, set[i] becomes true for each
 * field i present in the object.
 */
enum jc_err fields_from_json(const struct record_desc *d, json_t *obj, void *rec,
			     bool allow_protected, bool *set, struct jc_error *err);
/* Sets one field from text (a CSV/XLSX cell); "" clears it. Codes accept key or label. */
enum jc_err fields_set_text(const struct field *f, void *rec, const char *s, size_t n,
			    struct jc_error *err);
/* Required fields of a record about to be created. */
enum jc_err fields_check_required(const struct record_desc *d, const void *rec,
				  struct jc_error *err);

bool fields_empty(const struct field *f, const void *rec);
bool fields_equal(const struct field *f, const void *a, const void *b);
/* A field's value as JSON (null when empty); returns a new reference. */
json_t *fields_value_json(const struct field *f, const void *rec);
/* The record as a JSON object; fields with FF_SENSITIVE are masked unless reveal. */
json_t *fields_to_json(const struct record_desc *d, const void *rec, bool reveal);
/* The record's members as JSON text, `"key":value,...` without the braces, the same values as
 * fields_to_json() but written straight into out (the hot path of GET one record). */
void fields_write_json(const struct record_desc *d, const void *rec, bool reveal, struct buf *out);
/* A JSON string literal (quoted and escaped) of s. */
void fields_write_json_string(struct buf *out, const char *s);
/* The text of a field for a CSV cell or an XLSX string ("" when empty). */
void fields_format(const struct field *f, const void *rec, struct buf *out);
/* {"field": [before, after], ...} for every field that differs, or NULL when none do.
 * Sensitive values are recorded masked. */
json_t *fields_diff(const struct record_desc *d, const void *before, const void *after);

/*
 * Sensitive text fields (FF_SENSITIVE) are stored sealed. The owner of the keys registers how to
 * seal and open (src/keys); fields_bind() then binds the sealed bytes, and fields_read() opens a
 * sealed column (a column still holding text is read as it is).
 */
struct fields_sealer {
	enum jc_err (*seal)(const char *plain, size_t n, unsigned char *out, size_t cap, size_t *len);
	enum jc_err (*open)(const unsigned char *blob, size_t n, char *out, size_t cap, struct jc_error *err);
};
void fields_set_sealer(const struct fields_sealer *s); /* borrowed; NULL removes */

/* Binds field f of rec to parameter i (NULL for an empty value). Text is bound without a copy:
 * rec must stay unchanged until the statement has been stepped. */
void fields_bind(const struct field *f, const void *rec, struct db_stmt *s, int i);
/* Reads column i into field f of rec. */
void fields_read(const struct field *f, void *rec, struct db_stmt *s, int i);

/* Masks a value for those who may not see it (see fields.c); a value holding '*' is taken as
 * masked already and copied as it is. */
void fields_mask(const char *in, char *out, size_t cap);

/* SQL text from a description, for modules that build their statements once at start-up.
 * Appends the columns of every field whose flags have none of exclude_flags, separated by
 * ", " (with prefix before each, e.g. "m."), or "col = ?N" assignments starting at first_param. */
void fields_sql_columns(const struct record_desc *d, unsigned exclude_flags, const char *prefix,
			struct buf *out);
int fields_sql_assignments(const struct record_desc *d, unsigned exclude_flags, int first_param,
			   struct buf *out); /* returns the next free parameter number */
/* Binds the fields selected the same way to parameters first_param...; returns the next one. */
int fields_bind_all(const struct record_desc *d, unsigned exclude_flags, const void *rec,
		    struct db_stmt *s, int first_param);
/* Reads the fields selected the same way from columns first_col...; returns the next column. */
int fields_read_all(const struct record_desc *d, unsigned exclude_flags, void *rec,
		    struct db_stmt *s, int first_col);

#endif
