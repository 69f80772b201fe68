/*
 * test_stats.c - unit tests of the counter vectors of src/stats/stats.h: what one member adds
 * (stats_add_person: members, state, category, gender, Han or minority, education, occupation,
 * the join-date bands of the statistical bulletin with their edge days, flags, birth year by
 * gender; an exit state counts only by state; sign -1 undoes +1), what an organisation adds
 * (stats_add_org), the sparse stored form (stats_encode/stats_decode, round trips and garbage)
 * and the report's age bands for a reference year (stats_to_json, domain-rules §9.1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/codes.h"
#include "base/date.h"
#include "member/member.h"
#include "org/org.h"
#include "stats/stats.h"

static int ymd(const char *s)
{
	int d;
	if (!date_parse(s, (int)strlen(s), &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static int idx(const struct code_table *t, const char *key)
{
	int i = code_find(t, key, strlen(key), 0);
	if (i < 0)
		fail_msg("no code '%s' in %s", key, t->name);
	return i;
}

/* A current full member: female, Han, bachelor, worker, admitted 2015, born 1990. */
static struct stats_person person(void)
{
	return (struct stats_person){
		.state = "normal", .category = "full", .gender = "F", .ethnicity = "01",
		.education = "bachelor", .occupation = "worker", .birth_date = ymd("1990-05-01"),
		.admit_date = ymd("2015-07-01"), .lost_contact = 0, .mobile = 0,
	};
}

static int64_t total(const struct stats_vec *v)
{
	int64_t t = 0;
	for (int i = 0; i < S_COUNT; i++)
		t += v->n[i];
	return t;
}

static bool all_zero(const struct stats_vec *v)
{
	for (int i = 0; i < S_COUNT; i++)
		if (v->n[i])
			return false;
	return true;
}

static int64_t json_at(json_t *report, const char *group, const char *key)
{
	json_t *g = group ? json_object_get(report, group) : report;
	json_t *v = json_object_get(g, key);
	if (!json_is_integer(v))
		fail_msg("report has no integer %s.%s", group ? group : "", key);
	return json_integer_value(v);
}

/* --- stats_add_person ------------------------------------------------------------------------ */

static void test_current_member_counts(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	struct stats_person p = person();
	p.mobile = 1;
	stats_add_person(&v, &p, 1);
	assert_int_equal(v.n[S_MEMBERS], 1);
	assert_int_equal(v.n[S_STATE + idx(&member_states, "normal")], 1);
	assert_int_equal(v.n[S_CATEGORY + idx(&member_categories, "full")], 1);
	assert_int_equal(v.n[S_GENDER + idx(&member_genders, "F")], 1);
	assert_int_equal(v.n[S_ETHNIC + 0], 1); /* Han */
	assert_int_equal(v.n[S_EDUCATION + idx(&member_educations, "bachelor")], 1);
	assert_int_equal(v.n[S_OCCUPATION + idx(&member_occupations, "worker")], 1);
	assert_int_equal(v.n[S_JOIN_BAND + 3], 1); /* since the 18th Congress */
	assert_int_equal(v.n[S_FLAG + 0], 0);     /* lost contact */
	assert_int_equal(v.n[S_FLAG + 1], 1);     /* mobile */
	assert_int_equal(v.n[S_BIRTH + idx(&member_genders, "F") * STATS_BIRTH_YEARS + 90], 1);
	assert_int_equal(total(&v), 10); /* nothing else moved */

	json_t *r = stats_to_json(&v, 2026);
	assert_int_equal(json_at(r, NULL, "members"), 1);
	assert_int_equal(json_at(r, "by_state", "normal"), 1);
	assert_int_equal(json_at(r, "by_category", "full"), 1);
	assert_int_equal(json_at(r, "by_category", "probationary"), 0);
	assert_int_equal(json_at(r, "by_gender", "F"), 1);
	assert_int_equal(json_at(r, "by_gender", "M"), 0);
	assert_int_equal(json_at(r, "by_ethnicity", "han"), 1);
	assert_int_equal(json_at(r, "by_ethnicity", "minority"), 0);
	assert_int_equal(json_at(r, "by_education", "bachelor"), 1);
	assert_int_equal(json_at(r, "by_occupation", "worker"), 1);
	assert_int_equal(json_at(r, "by_join_band", "since_2012"), 1);
	assert_int_equal(json_at(r, "flags", "mobile"), 1);
	assert_int_equal(json_at(r, "flags", "lost_contact"), 0);
	assert_int_equal(json_at(r, "by_age_band", "36_40"), 1); /* 36 in 2026 */
	json_decref(r);
}

static void test_ethnicity_han_or_minority(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int64_t han, minority;
	} cases[] = {
		{ "01", 1, 0 }, /* 汉族 */
		{ "02", 0, 1 }, /* 蒙古族 */
		{ "05", 0, 1 }, /* 维吾尔族 */
		{ "56", 0, 1 }, /* 基诺族 */
		{ "97", 0, 1 }, /* 其他 */
		{ "", 0, 0 },   /* not recorded: neither */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stats_vec v;
		memset(&v, 0, sizeof(v));
		struct stats_person p = person();
		p.ethnicity = cases[i].code;
		stats_add_person(&v, &p, 1);
		if (v.n[S_ETHNIC] != cases[i].han || v.n[S_ETHNIC + 1] != cases[i].minority)
			fail_msg("ethnicity \"%s\": han %lld, minority %lld", cases[i].code,
				 (long long)v.n[S_ETHNIC], (long long)v.n[S_ETHNIC + 1]);
	}
}

/* Join-date bands of the bulletin: their first days are 1949-10-01, 1978-12-22, 2012-11-08. */
static const struct {
	const char *admit;
	const char *band;
} join_cases[] = {
	{ "1921-07-01", "before_1949" },
	{ "1949-09-30", "before_1949" },
	{ "1949-10-01", "1949_1978" },
	{ "1978-12-21", "1949_1978" },
	{ "1978-12-22", "1978_2012" },
	{ "2012-11-07", "1978_2012" },
	{ "2012-11-08", "since_2012" },
	{ "2025-07-01", "since_2012" },
};

static void test_join_bands(void **state)
{
	(void)state;
	static const char *const bands[] = { "before_1949", "1949_1978", "1978_2012", "since_2012" };
	for (size_t i = 0; i < sizeof(join_cases) / sizeof(join_cases[0]); i++) {
		struct stats_vec v;
		memset(&v, 0, sizeof(v));
		struct stats_person p = person();
		p.birth_date = ymd("1900-01-01");
		p.admit_date = ymd(join_cases[i].admit);
		stats_add_person(&v, &p, 1);
		json_t *r = stats_to_json(&v, 2026);
		for (size_t b = 0; b < 4; b++) {
			int64_t want = !strcmp(bands[b], join_cases[i].band);
			if (json_at(r, "by_join_band", bands[b]) != want)
				fail_msg("admitted %s: band %s = %lld, expected %lld (band %s)",
					 join_cases[i].admit, bands[b],
					 (long long)json_at(r, "by_join_band", bands[b]), (long long)want,
					 join_cases[i].band);
		}
		json_decref(r);
	}
}

static void test_no_admit_date_no_band(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	struct stats_person p = person();
	p.admit_date = DATE_NONE;
	stats_add_person(&v, &p, 1);
	for (int b = 0; b < 4; b++)
		assert_int_equal(v.n[S_JOIN_BAND + b], 0);
	assert_int_equal(v.n[S_MEMBERS], 1);
}

static void test_stopped_is_current(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	struct stats_person p = person();
	p.state = "stopped";
	p.lost_contact = 1;
	stats_add_person(&v, &p, 1);
	assert_int_equal(v.n[S_MEMBERS], 1);
	assert_int_equal(v.n[S_STATE + idx(&member_states, "stopped")], 1);
	assert_int_equal(v.n[S_FLAG + 0], 1);
}

/* Someone who has left counts only under their state. */
static void test_exit_states_count_only_by_state(void **state)
{
	(void)state;
	static const char *const exits[] = { "withdrawn", "persuaded_out", "lapsed", "expelled",
					     "deceased" };
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
		struct stats_vec v;
		memset(&v, 0, sizeof(v));
		struct stats_person p = person();
		p.state = exits[i];
		p.lost_contact = 1;
		p.mobile = 1;
		stats_add_person(&v, &p, 1);
		if (v.n[S_STATE + idx(&member_states, exits[i])] != 1 || total(&v) != 1)
			fail_msg("state %s: by_state %lld, %lld counters in all", exits[i],
				 (long long)v.n[S_STATE + idx(&member_states, exits[i])],
				 (long long)total(&v));
		json_t *r = stats_to_json(&v, 2026);
		assert_int_equal(json_at(r, NULL, "members"), 0);
		assert_int_equal(json_at(r, "by_state", exits[i]), 1);
		json_decref(r);
	}
}

static void test_sign_minus_one_undoes(void **state)
{
	(void)state;
	struct stats_person people[4] = { person(), person(), person(), person() };
	people[1].state = "expelled";
	people[2].gender = "M";
	people[2].ethnicity = "03";
	people[2].category = "probationary";
	people[2].admit_date = ymd("1949-10-01");
	people[3].state = "stopped";
	people[3].lost_contact = 1;
	people[3].mobile = 1;
	people[3].birth_date = ymd("1880-01-01");
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	for (int i = 0; i < 4; i++)
		stats_add_person(&v, &people[i], 1);
	assert_int_equal(v.n[S_MEMBERS], 3);
	assert_false(all_zero(&v));
	for (int i = 3; i >= 0; i--)
		stats_add_person(&v, &people[i], -1);
	assert_true(all_zero(&v));

	/* a change of record is -old then +new */
	memset(&v, 0, sizeof(v));
	stats_add_person(&v, &people[0], 1);
	stats_add_person(&v, &people[0], -1);
	stats_add_person(&v, &people[2], 1);
	assert_int_equal(v.n[S_GENDER + idx(&member_genders, "M")], 1);
	assert_int_equal(v.n[S_GENDER + idx(&member_genders, "F")], 0);
}

/* Birth years before 1900 and after 2019 go to the end slots. */
static void test_birth_slots(void **state)
{
	(void)state;
	static const struct {
		const char *born;
		int slot;
	} cases[] = {
		{ "1880-06-01", 0 }, { "1900-01-01", 0 }, { "1901-12-31", 1 },
		{ "1996-03-15", 96 }, { "2019-12-31", 119 }, { "2024-01-01", 119 },
	};
	int m = idx(&member_genders, "M");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stats_vec v;
		memset(&v, 0, sizeof(v));
		struct stats_person p = person();
		p.gender = "M";
		p.birth_date = ymd(cases[i].born);
		stats_add_person(&v, &p, 1);
		if (v.n[S_BIRTH + m * STATS_BIRTH_YEARS + cases[i].slot] != 1)
			fail_msg("born %s: not in slot %d", cases[i].born, cases[i].slot);
	}
	/* without a birth date, no birth slot */
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	struct stats_person p = person();
	p.birth_date = DATE_NONE;
	stats_add_person(&v, &p, 1);
	for (int i = 0; i < 2 * STATS_BIRTH_YEARS; i++)
		assert_int_equal(v.n[S_BIRTH + i], 0);
}

/* --- stats_add_org --------------------------------------------------------------------------- */

static void test_add_org(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	stats_add_org(&v, "branch", "village", "active", 1);
	stats_add_org(&v, "branch", "soe", "active", 1);
	stats_add_org(&v, "general_branch", "village", "active", 1);
	stats_add_org(&v, "branch", "village", "dissolved", 1); /* not counted */
	assert_int_equal(v.n[S_ORG_TYPE + idx(&org_types, "branch")], 2);
	assert_int_equal(v.n[S_ORG_TYPE + idx(&org_types, "general_branch")], 1);
	assert_int_equal(v.n[S_ORG_UNIT + idx(&org_unit_categories, "village")], 2);
	assert_int_equal(v.n[S_ORG_UNIT + idx(&org_unit_categories, "soe")], 1);
	json_t *r = stats_to_json(&v, 2026);
	json_t *orgs = json_object_get(r, "organisations");
	assert_int_equal(json_integer_value(json_object_get(orgs, "total")), 3);
	assert_int_equal(json_at(orgs, "by_type", "branch"), 2);
	assert_int_equal(json_at(orgs, "by_unit_category", "village"), 2);
	json_decref(r);
	stats_add_org(&v, "branch", "village", "active", -1);
	stats_add_org(&v, "branch", "soe", "active", -1);
	stats_add_org(&v, "general_branch", "village", "active", -1);
	assert_true(all_zero(&v));
}

/* --- stats_encode / stats_decode ------------------------------------------------------------- */

static void round_trip(const struct stats_vec *v)
{
	static unsigned char buf[S_COUNT * 12];
	size_t n = stats_encode(v, buf, sizeof(buf));
	assert_true(n <= sizeof(buf));
	struct stats_vec back;
	memset(&back, 0x5a, sizeof(back)); /* decode must clear what it does not set */
	assert_int_equal(stats_decode(buf, n, &back), 0);
	for (int i = 0; i < S_COUNT; i++)
		if (back.n[i] != v->n[i])
			fail_msg("slot %d: %lld decoded as %lld", i, (long long)v->n[i],
				 (long long)back.n[i]);
}

static void test_encode_round_trip(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	v.n[S_MEMBERS] = 100271000;
	v.n[S_STATE] = 1;
	v.n[S_GENDER + 1] = -3; /* an inconsistent store is kept as is */
	v.n[S_ETHNIC + 1] = 127;
	v.n[S_EDUCATION] = 128;
	v.n[S_FLAG + 1] = -1;
	v.n[S_ORG_TYPE + 7] = 4614000;
	v.n[S_BIRTH + 96] = INT64_MAX;
	v.n[S_BIRTH + 97] = INT64_MIN;
	v.n[S_COUNT - 1] = 2;
	round_trip(&v);

	/* every counter set */
	for (int i = 0; i < S_COUNT; i++)
		v.n[i] = (i % 2 ? -1 : 1) * (int64_t)i * 1000003;
	round_trip(&v);

	/* sparse: only the first and the last slot */
	memset(&v, 0, sizeof(v));
	v.n[0] = -64;
	v.n[S_COUNT - 1] = 64;
	round_trip(&v);
}

static void test_encode_all_zero(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	unsigned char buf[16];
	assert_int_equal(stats_encode(&v, buf, sizeof(buf)), 0);
	struct stats_vec back;
	memset(&back, 0xff, sizeof(back));
	assert_int_equal(stats_decode(buf, 0, &back), 0);
	assert_true(all_zero(&back));
	assert_int_equal(stats_decode(NULL, 0, &back), 0);
	assert_true(all_zero(&back));
}

static void test_encode_is_sparse(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	v.n[S_MEMBERS] = 1;  /* slot delta 1, zig-zag 2 */
	v.n[S_STATE] = -1;   /* slot delta 1, zig-zag 1 */
	unsigned char buf[16];
	assert_int_equal(stats_encode(&v, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, ((unsigned char[]){ 1, 2, 1, 1 }), 4);
}

static size_t put_varint(unsigned char *out, uint64_t x)
{
	size_t n = 0;
	do {
		unsigned char b = x & 0x7f;
		x >>= 7;
		out[n++] = b | (x ? 0x80 : 0);
	} while (x);
	return n;
}

static void test_decode_rejects_garbage(void **state)
{
	(void)state;
	struct stats_vec out;
	unsigned char buf[64];
	size_t n;

	/* a truncated varint */
	assert_int_equal(stats_decode((const unsigned char[]){ 0x80 }, 1, &out), -1);
	assert_int_equal(stats_decode((const unsigned char[]){ 0x01, 0x82 }, 2, &out), -1);
	/* a slot without its value */
	assert_int_equal(stats_decode((const unsigned char[]){ 0x01 }, 1, &out), -1);
	assert_int_equal(stats_decode((const unsigned char[]){ 0x01, 0x02, 0x03 }, 3, &out), -1);
	/* a zero slot delta (the same slot twice) */
	assert_int_equal(stats_decode((const unsigned char[]){ 0x01, 0x02, 0x00, 0x02 }, 4, &out), -1);
	/* a varint longer than 64 bits */
	memset(buf, 0xff, 11);
	buf[11] = 0x01;
	assert_int_equal(stats_decode(buf, 12, &out), -1);

	/* the last slot is S_COUNT - 1: a first delta of S_COUNT reaches it, S_COUNT + 1 is beyond */
	n = put_varint(buf, S_COUNT);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), 0);
	assert_int_equal(out.n[S_COUNT - 1], 1);
	n = put_varint(buf, S_COUNT + 1);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), -1);
	/* beyond by a later delta */
	n = put_varint(buf, 1);
	n += put_varint(buf + n, 2);
	n += put_varint(buf + n, S_COUNT);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), -1);
	/* deltas so large they wrap around: never a slot before 0 */
	n = put_varint(buf, UINT64_MAX);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), -1);
	n = put_varint(buf, 5);
	n += put_varint(buf + n, 2);
	n += put_varint(buf + n, UINT64_MAX - 2);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), -1);
	n = put_varint(buf, 5);
	n += put_varint(buf + n, 2);
	n += put_varint(buf + n, (uint64_t)INT64_MAX);
	n += put_varint(buf + n, 2);
	assert_int_equal(stats_decode(buf, n, &out), -1);
}

/* --- stats_to_json: age bands ---------------------------------------------------------------- */

static const struct {
	const char *born;
	int ref_year;
	const char *band;
} age_cases[] = {
	{ "1996-12-31", 2026, "30_and_under" }, /* 30 in 2026 */
	{ "2005-01-01", 2026, "30_and_under" },
	{ "1995-01-01", 2026, "31_35" },        /* 31 in 2026 */
	{ "1991-06-30", 2026, "31_35" },
	{ "1990-01-01", 2026, "36_40" },
	{ "1986-01-01", 2026, "36_40" },
	{ "1985-01-01", 2026, "41_45" },
	{ "1980-01-01", 2026, "46_50" },
	{ "1975-01-01", 2026, "51_55" },
	{ "1966-01-01", 2026, "56_60" },        /* 60 */
	{ "1965-12-31", 2026, "61_and_over" },  /* 61 */
	{ "1921-07-01", 2026, "61_and_over" },
	{ "1996-01-01", 2027, "31_35" },        /* the same person a year later */
	{ "1965-01-01", 2025, "56_60" },
};

static void test_age_bands(void **state)
{
	(void)state;
	static const char *const bands[] = { "30_and_under", "31_35", "36_40", "41_45",
					     "46_50", "51_55", "56_60", "61_and_over" };
	for (size_t i = 0; i < sizeof(age_cases) / sizeof(age_cases[0]); i++) {
		struct stats_vec v;
		memset(&v, 0, sizeof(v));
		struct stats_person p = person();
		p.birth_date = ymd(age_cases[i].born);
		stats_add_person(&v, &p, 1);
		json_t *r = stats_to_json(&v, age_cases[i].ref_year);
		for (size_t b = 0; b < sizeof(bands) / sizeof(bands[0]); b++) {
			int64_t want = !strcmp(bands[b], age_cases[i].band);
			if (json_at(r, "by_age_band", bands[b]) != want)
				fail_msg("born %s, in %d: band %s = %lld, expected band %s", age_cases[i].born,
					 age_cases[i].ref_year, bands[b],
					 (long long)json_at(r, "by_age_band", bands[b]), age_cases[i].band);
		}
		json_t *pyr = json_object_get(json_object_get(r, "age_pyramid"), age_cases[i].band);
		assert_int_equal(json_integer_value(json_object_get(pyr, "F")), 1);
		assert_int_equal(json_integer_value(json_object_get(pyr, "M")), 0);
		json_decref(r);
	}
}

static void test_report_reference_date(void **state)
{
	(void)state;
	struct stats_vec v;
	memset(&v, 0, sizeof(v));
	json_t *r = stats_to_json(&v, 2026);
	assert_string_equal(json_string_value(json_object_get(r, "reference_date")), "2026-12-31");
	assert_int_equal(json_at(r, NULL, "members"), 0);
	assert_int_equal(json_at(r, "by_age_band", "30_and_under"), 0);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current_member_counts),
		cmocka_unit_test(test_ethnicity_han_or_minority),
		cmocka_unit_test(test_join_bands),
		cmocka_unit_test(test_no_admit_date_no_band),
		cmocka_unit_test(test_stopped_is_current),
		cmocka_unit_test(test_exit_states_count_only_by_state),
		cmocka_unit_test(test_sign_minus_one_undoes),
		cmocka_unit_test(test_birth_slots),
		cmocka_unit_test(test_add_org),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_encode_all_zero),
		cmocka_unit_test(test_encode_is_sparse),
		cmocka_unit_test(test_decode_rejects_garbage),
		cmocka_unit_test(test_age_bands),
		cmocka_unit_test(test_report_reference_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
