/*
 * test_fields.c - unit tests of the record machinery of src/base/fields.h, on the real
 * descriptions member_desc and org_desc: decoding a JSON body (fields_from_json refuses unknown
 * keys, read-only and protected fields, wrong JSON types, over-long text, unknown codes, control
 * characters and invalid UTF-8, naming the field), setting a field from a CSV/XLSX cell
 * (fields_set_text: code labels, dates, booleans 是/否, money in yuan), required fields, JSON
 * output with masking, and the history diff (fields_diff lists only what changed and masks
 * sensitive values), plus fields_mask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "base/mem.h"
#include "member/member.h"
#include "org/org.h"

static void empty_member(struct member *m)
{
	memset(m, 0, sizeof(*m));
	fields_clear(&member_desc, m);
}

static const struct field *field(const struct record_desc *d, const char *key)
{
	const struct field *f = fields_find(d, key, strlen(key));
	if (!f)
		fail_msg("no field '%s' in %s", key, d->name);
	return f;
}

/* Decodes text as JSON (which must parse) into m; returns the result and fills err. */
static enum jc_err from_json(const char *text, struct member *m, bool allow_protected,
			     struct jc_error *err)
{
	json_error_t jerr;
	json_t *obj = json_loads(text, JSON_ALLOW_NUL, &jerr);
	if (!obj)
		fail_msg("bad JSON in the test: %s (%s)", text, jerr.text);
	jc_error_clear(err);
	enum jc_err e = fields_from_json(&member_desc, obj, m, allow_protected, NULL, err);
	json_decref(obj);
	return e;
}

/* --- fields_clear, fields_find ----------------------------------------------------------------- */

static void test_clear_and_find(void **state)
{
	(void)state;
	struct member m;
	memset(&m, 0x41, sizeof(m));
	fields_clear(&member_desc, &m);
	assert_string_equal(m.name, "");
	assert_int_equal(m.birth_date, DATE_NONE);
	assert_int_equal(m.admit_date, DATE_NONE);
	assert_int_equal(m.org_id, 0);
	assert_int_equal(m.mobile, 0);
	assert_int_equal(m.dues_base_fen, 0);
	assert_true(fields_empty(field(&member_desc, "gender"), &m));

	assert_null(fields_find(&member_desc, "nam", 3));
	assert_ptr_equal(fields_find(&member_desc, "name_x", 4), field(&member_desc, "name"));
	assert_ptr_equal(fields_find_header(&member_desc, "姓名", strlen("姓名")), field(&member_desc, "name"));
	assert_ptr_equal(fields_find_header(&member_desc, "gender", 6), field(&member_desc, "gender"));
	assert_ptr_equal(fields_find_header(&org_desc, "行政区划代码", strlen("行政区划代码")),
			 field(&org_desc, "division_code"));
	assert_null(fields_find_header(&member_desc, "昵称", strlen("昵称")));
}

/* --- fields_from_json: refusals as a table ----------------------------------------------------- */

static const struct {
	const char *json;
	bool allow_protected;
	enum jc_err code;
	const char *field;
	const char *why;
} json_refusals[] = {
	{ "{\"nickname\": \"x\"}", false, JC_EINVAL, "nickname", "unknown key" },
	{ "{\"name\": \"张三\", \"Name\": \"x\"}", false, JC_EINVAL, "Name", "keys are case-sensitive" },
	{ "{\"id\": 5}", true, JC_EINVAL, "id", "read-only" },
	{ "{\"version\": 3}", true, JC_EINVAL, "version", "read-only" },
	{ "{\"org_id\": 3}", false, JC_EFORBIDDEN, "org_id", "protected" },
	{ "{\"id_number\": \"11010519491231002X\"}", false, JC_EFORBIDDEN, "id_number", "protected" },
	{ "{\"name\": 5}", false, JC_EINVAL, "name", "a number for text" },
	{ "{\"name\": [\"张三\"]}", false, JC_EINVAL, "name", "an array for text" },
	{ "{\"name\": true}", false, JC_EINVAL, "name", "a boolean for text" },
	{ "{\"name\": \"\"}", false, JC_EINVAL, "name", "a required field emptied" },
	{ "{\"birth_date\": 19900615}", false, JC_EINVAL, "birth_date", "a number for a date" },
	{ "{\"birth_date\": \"1990/06/15\"}", false, JC_EINVAL, "birth_date", "not YYYY-MM-DD" },
	{ "{\"birth_date\": \"2023-02-29\"}", false, JC_EINVAL, "birth_date", "no such day" },
	{ "{\"mobile\": 1}", false, JC_EINVAL, "mobile", "a number for a boolean" },
	{ "{\"mobile\": \"true\"}", false, JC_EINVAL, "mobile", "a string for a boolean" },
	{ "{\"dues_base_fen\": \"12.5\"}", false, JC_EINVAL, "dues_base_fen", "a string for money" },
	{ "{\"dues_base_fen\": 12.5}", false, JC_EINVAL, "dues_base_fen", "a fraction of a fen" },
	{ "{\"dues_base_fen\": -100}", false, JC_EINVAL, "dues_base_fen", "negative money" },
	{ "{\"group_id\": \"3\"}", false, JC_EINVAL, "group_id", "a string for a reference" },
	{ "{\"group_id\": -3}", false, JC_EINVAL, "group_id", "a negative reference" },
	{ "{\"gender\": \"X\"}", false, JC_EINVAL, "gender", "unknown code" },
	{ "{\"gender\": \"male\"}", false, JC_EINVAL, "gender", "the English label is not a code" },
	{ "{\"ethnicity\": \"99\"}", false, JC_EINVAL, "ethnicity", "unknown code" },
	{ "{\"state\": \"retired\"}", false, JC_EINVAL, "state", "unknown code" },
	{ "{\"name\": \"a\\nb\"}", false, JC_EINVAL, "name", "a newline" },
	{ "{\"name\": \"a\\u0000b\"}", false, JC_EINVAL, "name", "a NUL byte" },
	{ "{\"address\": \"x\\u001by\"}", false, JC_EINVAL, "address", "an escape character" },
	{ "{\"address\": \"x\\u007fy\"}", false, JC_EINVAL, "address", "DEL" },
	{ "{\"phone\": \"1\\r\"}", false, JC_EINVAL, "phone", "a carriage return, not trimmed" },
	{ "{\"name\": \"0123456789012345678901234567890123456789012345678901234567890123\"}", false,
	  JC_EINVAL, "name", "64 bytes in char[64]" },
	{ "{\"name\": \"一二三四五六七八九十一二三四五六七八九十一二\"}", false, JC_EINVAL, "name",
	  "22 Chinese characters are 66 bytes" },
	{ "{\"gender\": \"F\", \"nickname\": 1}", false, JC_EINVAL, "nickname", "unknown key after a good one" },
};

static void test_from_json_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(json_refusals) / sizeof(json_refusals[0]); i++) {
		struct member m;
		empty_member(&m);
		struct jc_error err;
		enum jc_err got = from_json(json_refusals[i].json, &m, json_refusals[i].allow_protected, &err);
		if (got != json_refusals[i].code)
			fail_msg("%s (%s): got %s, expected %s", json_refusals[i].json, json_refusals[i].why,
				 jc_err_name(got), jc_err_name(json_refusals[i].code));
		if (err.code != got || strcmp(err.field, json_refusals[i].field) != 0)
			fail_msg("%s (%s): field '%s', expected '%s'", json_refusals[i].json,
				 json_refusals[i].why, err.field, json_refusals[i].field);
		if (!err.message[0] || !strstr(err.message, json_refusals[i].field))
			fail_msg("%s: the message does not name the field: %s", json_refusals[i].json,
				 err.message);
	}
}

static void test_from_json_not_an_object(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	struct jc_error err = { 0 };
	json_t *a = json_array();
	assert_int_equal(fields_from_json(&member_desc, a, &m, true, NULL, &err), JC_EINVAL);
	json_decref(a);
	assert_int_equal(fields_from_json(&member_desc, NULL, &m, true, NULL, NULL), JC_EINVAL);
}

/* Strings that jansson would not build from a literal: invalid UTF-8 and embedded control bytes. */
static void test_from_json_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		size_t n;
		const char *why;
	} cases[] = {
		{ "\xff", 1, "0xff is never UTF-8" },
		{ "ab\xe4\xb8", 4, "a truncated three-byte sequence" },
		{ "\xe4\x41\x41", 3, "a lead byte without continuations" },
		{ "\x80", 1, "a lone continuation byte" },
		{ "\xc0\xaf", 2, "an overlong '/'" },
		{ "\xe0\x80\xaf", 3, "an overlong three-byte '/'" },
		{ "\xed\xa0\x80", 3, "a UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", 4, "beyond U+10FFFF" },
		{ "\xf8\x88\x80\x80\x80", 5, "a five-byte sequence" },
		{ "\xf0\x80\x80\xaf", 4, "an overlong four-byte '/'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct member m;
		empty_member(&m);
		json_t *obj = json_object();
		json_object_set_new(obj, "native_place", json_stringn_nocheck(cases[i].bytes, cases[i].n));
		struct jc_error err = { 0 };
		enum jc_err got = fields_from_json(&member_desc, obj, &m, false, NULL, &err);
		json_decref(obj);
		if (got != JC_EINVAL || strcmp(err.field, "native_place") != 0)
			fail_msg("%s: got %s, field '%s'", cases[i].why, jc_err_name(got), err.field);
		/* the same through a CSV cell */
		jc_error_clear(&err);
		got = fields_set_text(field(&member_desc, "native_place"), &m, cases[i].bytes, cases[i].n, &err);
		if (got != JC_EINVAL)
			fail_msg("%s: a cell was accepted", cases[i].why);
		assert_string_equal(m.native_place, "");
	}
	/* valid multi-byte text of every length */
	static const char *const good[] = { "é", "北京市朝阳区", "𠀀", "€ 100", "tab\there" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct member m;
		empty_member(&m);
		struct jc_error err = { 0 };
		if (fields_set_text(field(&member_desc, "native_place"), &m, good[i], strlen(good[i]), &err))
			fail_msg("\"%s\" refused: %s", good[i], err.message);
		assert_string_equal(m.native_place, good[i]);
	}
}

/* --- fields_from_json: what it accepts --------------------------------------------------------- */

static void test_from_json_accepts(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	bool set[64] = { false };
	assert_true(member_desc.count <= 64);
	json_error_t jerr;
	json_t *obj = json_loads("{\"name\": \"一二三四五六七八九十一二三四五六七八九十一\","
				 " \"gender\": \"女\", \"birth_date\": \"2024-02-29\", \"mobile\": true,"
				 " \"dues_base_fen\": 523000, \"group_id\": 12, \"ethnicity\": \"05\","
				 " \"phone\": \"  138 0000 0000  \", \"degree\": null}",
				 0, &jerr);
	assert_non_null(obj);
	struct jc_error err = { 0 };
	assert_int_equal(fields_from_json(&member_desc, obj, &m, false, set, &err), JC_OK);
	json_decref(obj);
	assert_string_equal(m.name, "一二三四五六七八九十一二三四五六七八九十一"); /* 63 bytes fit */
	assert_string_equal(m.gender, "F"); /* the Chinese label is stored as its key */
	assert_int_equal(m.birth_date, date_from_ymd(2024, 2, 29));
	assert_int_equal(m.mobile, 1);
	assert_int_equal(m.dues_base_fen, 523000);
	assert_int_equal(m.group_id, 12);
	assert_string_equal(m.ethnicity, "05");
	assert_string_equal(m.phone, "138 0000 0000"); /* trimmed */
	for (size_t i = 0; i < member_desc.count; i++) {
		const char *k = member_desc.fields[i].key;
		bool present = !strcmp(k, "name") || !strcmp(k, "gender") || !strcmp(k, "birth_date") ||
			       !strcmp(k, "mobile") || !strcmp(k, "dues_base_fen") || !strcmp(k, "group_id") ||
			       !strcmp(k, "ethnicity") || !strcmp(k, "phone") || !strcmp(k, "degree");
		if (set[i] != present)
			fail_msg("set[%s] = %d", k, set[i]);
	}
}

static void test_from_json_protected_allowed(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	struct jc_error err;
	assert_int_equal(from_json("{\"org_id\": 3, \"id_number\": \"11010519491231002X\"}", &m, true, &err),
			 JC_OK);
	assert_int_equal(m.org_id, 3);
	assert_string_equal(m.id_number, "11010519491231002X");
}

static void test_from_json_null_clears(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	struct jc_error err;
	assert_int_equal(from_json("{\"degree\": \"学士\", \"admit_date\": \"2012-03-01\", \"group_id\": 4}",
				   &m, false, &err), JC_OK);
	assert_int_equal(from_json("{\"degree\": null, \"admit_date\": null, \"group_id\": null}", &m, false,
				   &err), JC_OK);
	assert_string_equal(m.degree, "");
	assert_int_equal(m.admit_date, DATE_NONE);
	assert_int_equal(m.group_id, 0);
	/* an empty string clears an optional field */
	assert_int_equal(from_json("{\"degree\": \"学士\"}", &m, false, &err), JC_OK);
	assert_int_equal(from_json("{\"degree\": \"\"}", &m, false, &err), JC_OK);
	assert_string_equal(m.degree, "");
}

static void test_from_json_org(void **state)
{
	(void)state;
	struct org o;
	memset(&o, 0, sizeof(o));
	fields_clear(&org_desc, &o);
	json_t *obj = json_pack("{s:s, s:s, s:s, s:b, s:I}", "type", "党支部", "unit_category", "village",
				"term_start", "2021-05-10", "can_approve", 0, "units_covered", (json_int_t)2);
	struct jc_error err = { 0 };
	assert_int_equal(fields_from_json(&org_desc, obj, &o, false, NULL, &err), JC_OK);
	json_decref(obj);
	assert_string_equal(o.type, "branch");
	assert_string_equal(o.unit_category, "village");
	assert_int_equal(o.term_start, date_from_ymd(2021, 5, 10));
	assert_int_equal(o.units_covered, 2);

	obj = json_pack("{s:I}", "parent_id", (json_int_t)1);
	jc_error_clear(&err);
	assert_int_equal(fields_from_json(&org_desc, obj, &o, false, NULL, &err), JC_EFORBIDDEN);
	assert_string_equal(err.field, "parent_id");
	json_decref(obj);

	obj = json_pack("{s:s}", "type", "committee");
	jc_error_clear(&err);
	assert_int_equal(fields_from_json(&org_desc, obj, &o, false, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "type");
	json_decref(obj);

	obj = json_pack("{s:s}", "path", "/1/");
	jc_error_clear(&err);
	assert_int_equal(fields_from_json(&org_desc, obj, &o, true, NULL, &err), JC_EINVAL);
	assert_string_equal(err.field, "path"); /* kept by the store, not a field */
	json_decref(obj);
}

/* --- fields_set_text --------------------------------------------------------------------------- */

struct text_case {
	const char *key, *text;
	enum jc_err code;
	const char *expect; /* the field formatted back: text, date, or a number */
};

static const struct text_case text_cases[] = {
	/* codes: key or Chinese label */
	{ "gender", "女", JC_OK, "F" },
	{ "gender", "男", JC_OK, "M" },
	{ "gender", "F", JC_OK, "F" },
	{ "gender", "female", JC_EINVAL },
	{ "ethnicity", "汉族", JC_OK, "01" },
	{ "ethnicity", "维吾尔族", JC_OK, "05" },
	{ "education", "大学本科", JC_OK, "bachelor" },
	{ "occupation", "离退休人员", JC_OK, "retired" },
	{ "category", "预备党员", JC_OK, "probationary" },
	{ "state", "开除党籍", JC_OK, "expelled" },
	{ "state", "开除", JC_EINVAL },
	/* dates */
	{ "birth_date", "1990-06-15", JC_OK, "1990-06-15" },
	{ "birth_date", " 1990-06-15 ", JC_OK, "1990-06-15" },
	{ "birth_date", "2024-02-29", JC_OK, "2024-02-29" },
	{ "birth_date", "2023-02-29", JC_EINVAL },
	{ "birth_date", "1990-6-15", JC_OK, "1990-06-15" }, /* what spreadsheets write */
	{ "birth_date", "1990/6/15", JC_OK, "1990-06-15" },
	{ "birth_date", "1990.06.15", JC_OK, "1990-06-15" },
	{ "birth_date", "1990/6-15", JC_EINVAL },
	{ "birth_date", "1990/13/1", JC_EINVAL },
	{ "birth_date", "90/6/15", JC_EINVAL },
	{ "birth_date", "1990年6月15日", JC_EINVAL },
	{ "birth_date", "", JC_OK, "" },
	/* booleans */
	{ "mobile", "是", JC_OK, "1" },
	{ "mobile", "否", JC_OK, "0" },
	{ "mobile", "true", JC_OK, "1" },
	{ "mobile", "false", JC_OK, "0" },
	{ "mobile", "1", JC_OK, "1" },
	{ "mobile", "0", JC_OK, "0" },
	{ "mobile", "yes", JC_EINVAL },
	{ "mobile", "2", JC_EINVAL },
	{ "mobile", "是的", JC_EINVAL },
	/* money: yuan to fen */
	{ "dues_base_fen", "12.5", JC_OK, "1250" },
	{ "dues_base_fen", "12.50", JC_OK, "1250" },
	{ "dues_base_fen", "12.05", JC_OK, "1205" },
	{ "dues_base_fen", "12", JC_OK, "1200" },
	{ "dues_base_fen", "0.01", JC_OK, "1" },
	{ "dues_base_fen", "5230", JC_OK, "523000" },
	{ "dues_base_fen", "12.555", JC_EINVAL },
	{ "dues_base_fen", "-1", JC_EINVAL },
	{ "dues_base_fen", ".5", JC_EINVAL },
	{ "dues_base_fen", "1,000", JC_EINVAL },
	{ "dues_base_fen", "12元", JC_EINVAL },
	{ "dues_base_fen", "99999999999999999999", JC_EINVAL },
	/* whole numbers and references */
	{ "group_id", "42", JC_OK, "42" },
	{ "group_id", "-1", JC_EINVAL },
	{ "group_id", "4x", JC_EINVAL },
	/* text */
	{ "name", "  张三  ", JC_OK, "张三" },
	{ "name", "a\x01", JC_EINVAL },
};

static void format_field(const struct field *f, const struct member *m, char *out, size_t cap)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_CODE: snprintf(out, cap, "%s", (const char *)m + f->offset); break;
	case FT_DATE: {
		char d[11];
		date_format(*(const int *)((const char *)m + f->offset), d);
		snprintf(out, cap, "%s", d);
		break;
	}
	case FT_BOOL: snprintf(out, cap, "%d", *(const int *)((const char *)m + f->offset)); break;
	default: snprintf(out, cap, "%lld", (long long)*(const int64_t *)((const char *)m + f->offset)); break;
	}
}

static void test_set_text_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *c = &text_cases[i];
		const struct field *f = field(&member_desc, c->key);
		struct member m;
		empty_member(&m);
		if (f->type == FT_DATE)
			*(int *)((char *)&m + f->offset) = 0; /* so that "" visibly clears */
		struct jc_error err = { 0 };
		enum jc_err got = fields_set_text(f, &m, c->text, strlen(c->text), &err);
		if (got != c->code)
			fail_msg("%s = \"%s\": got %s (%s), expected %s", c->key, c->text, jc_err_name(got),
				 err.message, jc_err_name(c->code));
		if (got) {
			if (strcmp(err.field, c->key) != 0)
				fail_msg("%s = \"%s\": field '%s'", c->key, c->text, err.field);
			continue;
		}
		char back[128];
		format_field(f, &m, back, sizeof(back));
		if (strcmp(back, c->expect) != 0)
			fail_msg("%s = \"%s\": stored \"%s\", expected \"%s\"", c->key, c->text, back, c->expect);
	}
}

static void test_set_text_org_labels(void **state)
{
	(void)state;
	struct org o;
	memset(&o, 0, sizeof(o));
	fields_clear(&org_desc, &o);
	struct jc_error err = { 0 };
	assert_int_equal(fields_set_text(field(&org_desc, "type"), &o, "党总支", strlen("党总支"), &err), JC_OK);
	assert_string_equal(o.type, "general_branch");
	assert_int_equal(fields_set_text(field(&org_desc, "can_approve"), &o, "是", strlen("是"), &err), JC_OK);
	assert_int_equal(o.can_approve, 1);
	assert_int_equal(fields_set_text(field(&org_desc, "status"), &o, "已撤销", strlen("已撤销"), &err), JC_OK);
	assert_string_equal(o.status, "dissolved");
}

/* --- required fields, JSON output -------------------------------------------------------------- */

static void test_check_required(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	struct jc_error err = { 0 };
	assert_int_equal(fields_check_required(&member_desc, &m, &err), JC_EINVAL);
	assert_string_equal(err.field, "org_id"); /* the first required field */
	m.org_id = 1;
	snprintf(m.name, sizeof(m.name), "张三");
	snprintf(m.gender, sizeof(m.gender), "M");
	m.birth_date = date_from_ymd(1990, 6, 15);
	snprintf(m.ethnicity, sizeof(m.ethnicity), "01");
	snprintf(m.education, sizeof(m.education), "bachelor");
	snprintf(m.occupation, sizeof(m.occupation), "worker");
	snprintf(m.category, sizeof(m.category), "full");
	jc_error_clear(&err);
	assert_int_equal(fields_check_required(&member_desc, &m, &err), JC_EINVAL);
	assert_string_equal(err.field, "admit_date");
	m.admit_date = date_from_ymd(2012, 3, 1);
	jc_error_clear(&err);
	assert_int_equal(fields_check_required(&member_desc, &m, &err), JC_OK);
}

static void test_to_json_masks(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	snprintf(m.id_number, sizeof(m.id_number), "11010519491231002X");
	snprintf(m.phone, sizeof(m.phone), "13800001234");
	snprintf(m.name, sizeof(m.name), "张三");
	m.birth_date = date_from_ymd(1949, 12, 31);
	json_t *j = fields_to_json(&member_desc, &m, false);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")), "110105********002X");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "138****1234");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "张三");
	assert_string_equal(json_string_value(json_object_get(j, "birth_date")), "1949-12-31");
	assert_true(json_is_null(json_object_get(j, "address")));
	assert_true(json_is_null(json_object_get(j, "admit_date")));
	assert_true(json_is_false(json_object_get(j, "mobile")));
	json_decref(j);
	j = fields_to_json(&member_desc, &m, true);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")), "11010519491231002X");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "13800001234");
	json_decref(j);
}

/* --- fields_diff ------------------------------------------------------------------------------- */

static void test_diff_lists_only_changes(void **state)
{
	(void)state;
	struct member before, after;
	empty_member(&before);
	before.id = 9;
	before.org_id = 1;
	snprintf(before.name, sizeof(before.name), "张三");
	snprintf(before.gender, sizeof(before.gender), "M");
	snprintf(before.id_number, sizeof(before.id_number), "110105194912310021");
	before.admit_date = date_from_ymd(2012, 3, 1);
	before.version = 1;
	after = before;
	assert_null(fields_diff(&member_desc, &before, &after));

	snprintf(after.name, sizeof(after.name), "张三丰");
	snprintf(after.id_number, sizeof(after.id_number), "11010519491231002X");
	after.admit_date = date_from_ymd(2012, 3, 2);
	after.mobile = 1;
	after.version = 2; /* read-only: never in the diff */
	json_t *d = fields_diff(&member_desc, &before, &after);
	assert_non_null(d);
	assert_int_equal(json_object_size(d), 4);
	json_t *name = json_object_get(d, "name");
	assert_string_equal(json_string_value(json_array_get(name, 0)), "张三");
	assert_string_equal(json_string_value(json_array_get(name, 1)), "张三丰");
	json_t *id = json_object_get(d, "id_number");
	assert_string_equal(json_string_value(json_array_get(id, 0)), "110105********0021");
	assert_string_equal(json_string_value(json_array_get(id, 1)), "110105********002X");
	json_t *admit = json_object_get(d, "admit_date");
	assert_string_equal(json_string_value(json_array_get(admit, 0)), "2012-03-01");
	assert_string_equal(json_string_value(json_array_get(admit, 1)), "2012-03-02");
	json_t *mobile = json_object_get(d, "mobile");
	assert_true(json_is_false(json_array_get(mobile, 0)));
	assert_true(json_is_true(json_array_get(mobile, 1)));
	assert_null(json_object_get(d, "version"));
	assert_null(json_object_get(d, "gender"));
	/* nothing in the diff holds the unmasked ID number */
	char *text = json_dumps(d, 0);
	assert_null(strstr(text, "11010519491231002X"));
	free(text);
	json_decref(d);

	/* a sensitive field emptied: masked before, null after */
	after = before;
	after.id_number[0] = '\0';
	d = fields_diff(&member_desc, &before, &after);
	id = json_object_get(d, "id_number");
	assert_string_equal(json_string_value(json_array_get(id, 0)), "110105********0021");
	assert_true(json_is_null(json_array_get(id, 1)));
	json_decref(d);
}

static void test_diff_of_a_new_record(void **state)
{
	(void)state;
	struct member m;
	empty_member(&m);
	m.id = 9;
	m.org_id = 1;
	snprintf(m.name, sizeof(m.name), "张三");
	snprintf(m.id_number, sizeof(m.id_number), "11010519491231002X");
	json_t *d = fields_diff(&member_desc, NULL, &m);
	assert_non_null(d);
	json_t *name = json_object_get(d, "name");
	assert_true(json_is_null(json_array_get(name, 0)));
	assert_string_equal(json_string_value(json_array_get(name, 1)), "张三");
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "id_number"), 1)),
			    "110105********002X");
	assert_null(json_object_get(d, "id"));         /* read-only */
	assert_null(json_object_get(d, "degree"));     /* empty */
	assert_null(json_object_get(d, "birth_date")); /* empty */
	json_decref(d);
}

/* --- fields_mask ------------------------------------------------------------------------------- */

/* Every code of every code field fits its buffer: a longer code would be cut (probation_cancelled
 * in a char[16] was). */
static void test_codes_fit_their_fields(void **state)
{
	(void)state;
	const struct record_desc *descs[] = { &member_desc, &org_desc };
	for (size_t d = 0; d < 2; d++)
		for (size_t i = 0; i < descs[d]->count; i++) {
			const struct field *f = &descs[d]->fields[i];
			if (f->type != FT_CODE)
				continue;
			for (size_t k = 0; k < f->codes->count; k++)
				if (strlen(f->codes->codes[k].key) >= f->size)
					fail_msg("%s.%s: the code '%s' does not fit in %zu bytes", descs[d]->name, f->key,
						 f->codes->codes[k].key, f->size);
		}
}

static void test_mask(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "11010519491231002X", "110105********002X" },
		{ "13800001234", "138****1234" }, /* 7 to 14 characters: 3 + 4 kept */
		{ "123456789012", "123*****9012" },
		{ "广东省江门市蓬江区67号", "广东省江********" }, /* text: its first third, by characters */
		{ "广东省江门市蓬江区白沙街道长堤路188号", "广东省江门市**************" },
		{ "12345", "1****" },
		{ "ab", "a*" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		fields_mask(cases[i].in, out, sizeof(out));
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("mask(\"%s\") = \"%s\", expected \"%s\"", cases[i].in, out, cases[i].out);
	}
	/* a small buffer truncates, always terminated */
	char small[8];
	fields_mask("11010519491231002X", small, sizeof(small));
	assert_string_equal(small, "110105*");
}

/* fields_write_json writes exactly what fields_to_json builds, escapes included. */
static void test_write_json_matches(void **state)
{
	(void)state;
	struct member m;
	fields_clear(&member_desc, &m);
	snprintf(m.name, sizeof(m.name), "%s", "张\"三\\\t");
	snprintf(m.id_number, sizeof(m.id_number), "%s", "11010519491231002X");
	snprintf(m.address, sizeof(m.address), "%s", "广东省江门市蓬江区67号");
	m.birth_date = date_from_ymd(1949, 12, 31);
	m.dues_base_fen = 123456;
	m.mobile = 1;
	m.org_id = 42;
	for (int reveal = 0; reveal < 2; reveal++) {
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		buf_add(&b, "{", 1);
		fields_write_json(&member_desc, &m, reveal, &b);
		buf_add(&b, "}", 1);
		json_error_t jerr;
		json_t *parsed = json_loads(b.data, 0, &jerr);
		assert_non_null(parsed);
		json_t *built = fields_to_json(&member_desc, &m, reveal);
		assert_true(json_equal(parsed, built));
		json_decref(parsed);
		json_decref(built);
		buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_and_find),
		cmocka_unit_test(test_from_json_refusals),
		cmocka_unit_test(test_from_json_not_an_object),
		cmocka_unit_test(test_from_json_invalid_utf8),
		cmocka_unit_test(test_from_json_accepts),
		cmocka_unit_test(test_from_json_protected_allowed),
		cmocka_unit_test(test_from_json_null_clears),
		cmocka_unit_test(test_from_json_org),
		cmocka_unit_test(test_set_text_cases),
		cmocka_unit_test(test_set_text_org_labels),
		cmocka_unit_test(test_check_required),
		cmocka_unit_test(test_to_json_masks),
		cmocka_unit_test(test_diff_lists_only_changes),
		cmocka_unit_test(test_diff_of_a_new_record),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_codes_fit_their_fields),
		cmocka_unit_test(test_write_json_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
