/*
 * test_dues_rules.c - unit tests of the pure decisions of Party dues (src/dues/dues_rules.c):
 * the quote of every category of domain-rules §4.1 at every band edge b - 1 fen, b and b + 1 fen,
 * the rounding of a fraction of a fen (half up nationally; down, up, and to the jiao or the yuan
 * where a subtree says so), local values outside what the regulation allows; the state of a
 * month of the ledger, the run of unpaid months at 5 and 6, the months a payment may pay (back
 * payment at 6 months and 7, payment in advance), the voluntary part that goes to the Central
 * Committee at 999.99 and 1000 yuan, and money moving one level only.
 *
 * The rules are read from src/rules/national_rules.def itself (the newest version of each key),
 * so the expected amounts below, worked out by hand from the regulation's table, check its values
 * too. Every refusal must carry the field and, when a rule refuses, the rule key and its article.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "dues/dues.h"
#include "rules/rules.h"

static const struct {
	const char *key, *value, *unit, *from, *regulation, *article;
	char confidence;
} def_rules[] = {
#define RULE(key, value, unit, from, regulation, article, confidence, local, zh, en) \
	{ key, value, unit, from, regulation, article, confidence },
#include "rules/national_rules.def"
#undef RULE
};

/* The newest national version of key. */
static void rule_of(struct rule *r, const char *key)
{
	int found = -1;
	for (size_t k = 0; k < sizeof(def_rules) / sizeof(def_rules[0]); k++)
		if (!strcmp(def_rules[k].key, key))
			found = (int)k;
	if (found < 0)
		fail_msg("rule '%s' is not in national_rules.def", key);
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->value, sizeof(r->value), "%s", def_rules[found].value);
	snprintf(r->unit, sizeof(r->unit), "%s", def_rules[found].unit);
	snprintf(r->effective_from, sizeof(r->effective_from), "%s", def_rules[found].from);
	snprintf(r->regulation, sizeof(r->regulation), "%s", def_rules[found].regulation);
	snprintf(r->article, sizeof(r->article), "%s", def_rules[found].article);
	r->confidence = def_rules[found].confidence;
}

static void national(struct dues_rules *r)
{
	rule_of(&r->band1, "dues.employed.band1_max_fen");
	rule_of(&r->band2, "dues.employed.band2_max_fen");
	rule_of(&r->band3, "dues.employed.band3_max_fen");
	rule_of(&r->rate1, "dues.employed.rate1_bp");
	rule_of(&r->rate2, "dues.employed.rate2_bp");
	rule_of(&r->rate3, "dues.employed.rate3_bp");
	rule_of(&r->rate4, "dues.employed.rate4_bp");
	rule_of(&r->annual_table, "dues.annual_salary.table");
	rule_of(&r->annual_cap, "dues.annual_salary.monthly_cap_fen");
	rule_of(&r->self_table, "dues.self_employed.table");
	rule_of(&r->retired_band, "dues.retired.band1_max_fen");
	rule_of(&r->retired_rate1, "dues.retired.rate1_bp");
	rule_of(&r->retired_rate2, "dues.retired.rate2_bp");
	rule_of(&r->farmer, "dues.farmer.monthly_fen");
	rule_of(&r->farmer_min, "dues.farmer.min_fen");
	rule_of(&r->farmer_max, "dues.farmer.max_fen");
	rule_of(&r->low_income, "dues.low_income.monthly_fen");
	rule_of(&r->round_mode, "dues.rounding.mode");
	rule_of(&r->round_unit, "dues.rounding.unit_fen");
}

static void set(struct rule *r, const char *value)
{
	snprintf(r->value, sizeof(r->value), "%s", value);
}

static bool applied(const struct dues_quote *q, const char *key)
{
	for (int i = 0; i < q->napplied; i++)
		if (!strcmp(q->applied[i]->key, key))
			return true;
	return false;
}

/* --- the regulation's figures ---------------------------------------------------------------------- */

static void test_the_figures_of_the_regulation(void **state)
{
	(void)state;
	static const struct {
		const char *key, *value, *article;
		char confidence;
	} want[] = {
		{ "dues.employed.band1_max_fen", "300000", "第二条", 'C' },
		{ "dues.employed.band2_max_fen", "500000", "第二条", 'C' },
		{ "dues.employed.band3_max_fen", "1000000", "第二条", 'C' },
		{ "dues.employed.rate1_bp", "50", "第二条", 'C' },
		{ "dues.employed.rate2_bp", "100", "第二条", 'C' },
		{ "dues.employed.rate3_bp", "150", "第二条", 'C' },
		{ "dues.employed.rate4_bp", "200", "第二条", 'C' },
		{ "dues.annual_salary.table", "1", "第三条", 'C' },
		{ "dues.annual_salary.monthly_cap_fen", "0", NULL, 'U' },
		{ "dues.self_employed.table", "1", "第四条", 'C' },
		{ "dues.retired.band1_max_fen", "500000", NULL, 'C' },
		{ "dues.retired.rate1_bp", "50", "第五条", 'C' },
		{ "dues.retired.rate2_bp", "100", "第五条", 'C' },
		{ "dues.farmer.monthly_fen", "20", NULL, 'L' },
		{ "dues.farmer.min_fen", "20", "第六条", 'C' },
		{ "dues.farmer.max_fen", "100", "第六条", 'C' },
		{ "dues.low_income.monthly_fen", "20", "第六条", 'C' },
		{ "dues.rounding.mode", "0", NULL, 'L' },
		{ "dues.rounding.unit_fen", "1", NULL, 'L' },
		{ "dues.back_payment_max_months", "6", NULL, 'C' },
		{ "dues.voluntary_to_centre_fen", "100000", "第十一条", 'C' },
		{ "dues.use.categories", "5", "第十九条", 'C' },
		{ "dues.use.collective_decision", "1", "第二十条", 'C' },
		{ "dues.transfer.adjacent_levels", "1", "第二十条、第二十一条", 'C' },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct rule r;
		rule_of(&r, want[i].key);
		if (strcmp(r.value, want[i].value) || r.confidence != want[i].confidence ||
		    (want[i].article && (strcmp(r.article, want[i].article) || !strstr(r.regulation, "2008"))))
			fail_msg("%s: %s %c %s (%s)", want[i].key, r.value, r.confidence, r.article, r.regulation);
	}
}

/* --- the quote at every band edge ----------------------------------------------------------------- */

struct quote_case {
	const char *category;
	int64_t base;        /* fen */
	int64_t amount;      /* fen */
	int band, rate_bp;
	const char *rate_rule;
};

static const struct quote_case quotes[] = {
	/* employed, 第二条: 0.5 / 1 / 1.5 / 2 % of the whole base; edges 3000, 5000, 10000 yuan */
	{ "employed", 0, 0, 1, 50, "dues.employed.rate1_bp" },
	{ "employed", 1, 0, 1, 50, "dues.employed.rate1_bp" },               /* 0.005 fen */
	{ "employed", 100, 1, 1, 50, "dues.employed.rate1_bp" },             /* 0.5 fen: half up */
	{ "employed", 299999, 1500, 1, 50, "dues.employed.rate1_bp" },       /* 1499.995 */
	{ "employed", 300000, 1500, 1, 50, "dues.employed.rate1_bp" },
	{ "employed", 300001, 3000, 2, 100, "dues.employed.rate2_bp" },      /* 3000.01 */
	{ "employed", 499999, 5000, 2, 100, "dues.employed.rate2_bp" },      /* 4999.99 */
	{ "employed", 500000, 5000, 2, 100, "dues.employed.rate2_bp" },      /* 5,000 yuan -> 50.00 */
	{ "employed", 500001, 7500, 3, 150, "dues.employed.rate3_bp" },      /* 7500.015 */
	{ "employed", 999999, 15000, 3, 150, "dues.employed.rate3_bp" },     /* 14999.985 */
	{ "employed", 1000000, 15000, 3, 150, "dues.employed.rate3_bp" },
	{ "employed", 1000001, 20000, 4, 200, "dues.employed.rate4_bp" },    /* 20000.02 */
	{ "employed", 2345678, 46914, 4, 200, "dues.employed.rate4_bp" },    /* 46913.56 */
	/* annual salary, 第三条: the month's pay on the same table */
	{ "annual_salary", 299999, 1500, 1, 50, "dues.employed.rate1_bp" },
	{ "annual_salary", 300000, 1500, 1, 50, "dues.employed.rate1_bp" },
	{ "annual_salary", 300001, 3000, 2, 100, "dues.employed.rate2_bp" },
	{ "annual_salary", 499999, 5000, 2, 100, "dues.employed.rate2_bp" },
	{ "annual_salary", 500000, 5000, 2, 100, "dues.employed.rate2_bp" },
	{ "annual_salary", 500001, 7500, 3, 150, "dues.employed.rate3_bp" },
	{ "annual_salary", 999999, 15000, 3, 150, "dues.employed.rate3_bp" },
	{ "annual_salary", 1000000, 15000, 3, 150, "dues.employed.rate3_bp" },
	{ "annual_salary", 1000001, 20000, 4, 200, "dues.employed.rate4_bp" },
	{ "annual_salary", 10000000, 200000, 4, 200, "dues.employed.rate4_bp" }, /* no cap nationally */
	/* self-employed, 第四条: the previous quarter's average month on the same table */
	{ "self_employed", 299999, 1500, 1, 50, "dues.employed.rate1_bp" },
	{ "self_employed", 300000, 1500, 1, 50, "dues.employed.rate1_bp" },
	{ "self_employed", 300001, 3000, 2, 100, "dues.employed.rate2_bp" },
	{ "self_employed", 499999, 5000, 2, 100, "dues.employed.rate2_bp" },
	{ "self_employed", 500000, 5000, 2, 100, "dues.employed.rate2_bp" },
	{ "self_employed", 500001, 7500, 3, 150, "dues.employed.rate3_bp" },
	{ "self_employed", 999999, 15000, 3, 150, "dues.employed.rate3_bp" },
	{ "self_employed", 1000000, 15000, 3, 150, "dues.employed.rate3_bp" },
	{ "self_employed", 1000001, 20000, 4, 200, "dues.employed.rate4_bp" },
	/* retirees, 第五条: 0.5 % up to 5,000 yuan of basic pension, 1 % above */
	{ "retired", 0, 0, 1, 50, "dues.retired.rate1_bp" },
	{ "retired", 299999, 1500, 1, 50, "dues.retired.rate1_bp" },          /* no edge at 3000 for them */
	{ "retired", 300001, 1500, 1, 50, "dues.retired.rate1_bp" },          /* 1500.005 */
	{ "retired", 499999, 2500, 1, 50, "dues.retired.rate1_bp" },          /* 2499.995 */
	{ "retired", 500000, 2500, 1, 50, "dues.retired.rate1_bp" },
	{ "retired", 500001, 5000, 2, 100, "dues.retired.rate2_bp" },         /* 5000.01 */
	{ "retired", 1000001, 10000, 2, 100, "dues.retired.rate2_bp" },       /* no edge at 10000 for them */
	/* fixed amounts, 第六条: the base does not matter */
	{ "farmer", 0, 20, 0, 0, "dues.farmer.monthly_fen" },
	{ "farmer", 800000, 20, 0, 0, "dues.farmer.monthly_fen" },
	{ "student", 0, 20, 0, 0, "dues.low_income.monthly_fen" },
	{ "student", 500000, 20, 0, 0, "dues.low_income.monthly_fen" },
	{ "unemployed", 0, 20, 0, 0, "dues.low_income.monthly_fen" },
	{ "relief", 123456, 20, 0, 0, "dues.low_income.monthly_fen" },
};

static void test_quote_at_every_edge(void **state)
{
	(void)state;
	struct dues_rules r;
	national(&r);
	for (size_t i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++) {
		const struct quote_case *c = &quotes[i];
		struct dues_quote q;
		struct jc_error err = { 0 };
		enum jc_err e = dues_quote(&r, c->category, c->base, &q, &err);
		if (e)
			fail_msg("%s %lld: refused: %s", c->category, (long long)c->base, err.message);
		if (q.amount_fen != c->amount || q.band != c->band || q.rate_bp != c->rate_bp)
			fail_msg("%s %lld fen: %lld fen (band %d, %d bp), want %lld (band %d, %d bp)", c->category, (long long)c->base,
				 (long long)q.amount_fen, q.band, q.rate_bp, (long long)c->amount, c->band, c->rate_bp);
		if (!applied(&q, c->rate_rule))
			fail_msg("%s %lld: the rule %s is not among those applied", c->category, (long long)c->base, c->rate_rule);
		bool has_base = dues_category_has_base(c->category);
		if (applied(&q, "dues.rounding.mode") != has_base)
			fail_msg("%s: rounding cited %s", c->category, has_base ? "no" : "for a fixed amount");
		if (q.base_fen != (has_base ? c->base : 0))
			fail_msg("%s: base %lld", c->category, (long long)q.base_fen);
	}
}

/* The rules cited name the edges a base lies between. */
static void test_quote_cites_its_edges(void **state)
{
	(void)state;
	struct dues_rules r;
	national(&r);
	struct dues_quote q;
	assert_int_equal(dues_quote(&r, "employed", 400000, &q, NULL), JC_OK);
	assert_true(applied(&q, "dues.employed.band1_max_fen"));
	assert_true(applied(&q, "dues.employed.band2_max_fen"));
	assert_false(applied(&q, "dues.employed.band3_max_fen"));
	assert_int_equal(dues_quote(&r, "annual_salary", 400000, &q, NULL), JC_OK);
	assert_true(applied(&q, "dues.annual_salary.table"));
	assert_true(applied(&q, "dues.annual_salary.monthly_cap_fen"));
	assert_int_equal(dues_quote(&r, "self_employed", 400000, &q, NULL), JC_OK);
	assert_true(applied(&q, "dues.self_employed.table"));
	assert_int_equal(dues_quote(&r, "farmer", 0, &q, NULL), JC_OK);
	assert_true(applied(&q, "dues.farmer.min_fen") && applied(&q, "dues.farmer.max_fen"));
}

/* --- rounding ---------------------------------------------------------------------------------------- */

static void test_rounding(void **state)
{
	(void)state;
	static const struct {
		const char *mode, *unit;
		int64_t base, amount;
	} cases[] = {
		/* 299,999 fen at 0.5 % is 1,499.995 fen */
		{ "0", "1", 299999, 1500 }, { "1", "1", 299999, 1499 }, { "2", "1", 299999, 1500 },
		{ "0", "10", 299999, 1500 }, { "1", "10", 299999, 1490 }, { "2", "10", 299999, 1500 },
		{ "0", "100", 299999, 1500 }, { "1", "100", 299999, 1400 }, { "2", "100", 299999, 1500 },
		/* exactly half a fen, and a little less than half */
		{ "0", "1", 100, 1 }, { "1", "1", 100, 0 }, { "2", "1", 100, 1 },
		{ "0", "1", 99, 0 }, { "2", "1", 1, 1 }, { "2", "1", 0, 0 },
		/* 4,999.99 fen at 1 % (base 499,999): to the jiao 5,000; down 4,990 */
		{ "0", "10", 499999, 5000 }, { "1", "10", 499999, 4990 },
		/* 7,500.015 fen: half up to the fen 7,500 */
		{ "0", "1", 500001, 7500 }, { "2", "1", 500001, 7501 },
		/* 7,549.95 jiao-rounded half up: base 503,330 fen at 1.5 % = 7,549.95 -> 7,550 */
		{ "0", "10", 503330, 7550 }, { "1", "10", 503330, 7540 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dues_rules r;
		national(&r);
		set(&r.round_mode, cases[i].mode);
		set(&r.round_unit, cases[i].unit);
		struct dues_quote q;
		struct jc_error err = { 0 };
		if (dues_quote(&r, "employed", cases[i].base, &q, &err))
			fail_msg("case %zu refused: %s", i, err.message);
		if (q.amount_fen != cases[i].amount)
			fail_msg("mode %s unit %s base %lld: %lld, want %lld", cases[i].mode, cases[i].unit, (long long)cases[i].base,
				 (long long)q.amount_fen, (long long)cases[i].amount);
	}
}

/* --- refusals ----------------------------------------------------------------------------------------- */

static void test_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *category;
		int64_t base;
		const char *rule_key, *value; /* a local value set first, or NULL */
		enum jc_err code;
		const char *field, *rule;
	} cases[] = {
		{ "cadre", 500000, NULL, NULL, JC_EINVAL, "category", "" },
		{ "", 500000, NULL, NULL, JC_EINVAL, "category", "" },
		{ "Employed", 500000, NULL, NULL, JC_EINVAL, "category", "" },
		{ "employed", -1, NULL, NULL, JC_EINVAL, "base_fen", "" },
		{ "retired", -100, NULL, NULL, JC_EINVAL, "base_fen", "" },
		{ "employed", DUES_MAX_BASE_FEN + 1, NULL, NULL, JC_EINVAL, "base_fen", "" },
		{ "farmer", 0, "farmer", "19", JC_ERULE, "category", "dues.farmer.min_fen" },
		{ "farmer", 0, "farmer", "101", JC_ERULE, "category", "dues.farmer.max_fen" },
		{ "employed", 500000, "round_unit", "5", JC_ERULE, "base_fen", "dues.rounding.unit_fen" },
		{ "employed", 500000, "round_mode", "3", JC_ERULE, "base_fen", "dues.rounding.mode" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dues_rules r;
		national(&r);
		if (cases[i].rule_key && !strcmp(cases[i].rule_key, "farmer"))
			set(&r.farmer, cases[i].value);
		else if (cases[i].rule_key && !strcmp(cases[i].rule_key, "round_unit"))
			set(&r.round_unit, cases[i].value);
		else if (cases[i].rule_key)
			set(&r.round_mode, cases[i].value);
		struct dues_quote q;
		struct jc_error err = { 0 };
		enum jc_err e = dues_quote(&r, cases[i].category, cases[i].base, &q, &err);
		if (e != cases[i].code || strcmp(err.field, cases[i].field) || strcmp(err.rule, cases[i].rule))
			fail_msg("case %zu (%s %lld): %d %s [%s %s], want %d [%s %s]", i, cases[i].category, (long long)cases[i].base, e,
				 err.message, err.field, err.rule, cases[i].code, cases[i].field, cases[i].rule);
		if (e == JC_ERULE && (!err.article[0] || (!strncmp(err.rule, "dues.farmer", 11) && !strstr(err.article, "第六条"))))
			fail_msg("case %zu: no regulation cited: %s", i, err.article);
	}
}

/* A province's farmers' amount, and the unverified annual-salary cap where a subtree sets one. */
static void test_local_values(void **state)
{
	(void)state;
	struct dues_rules r;
	national(&r);
	struct dues_quote q;
	for (int64_t fen = 20; fen <= 100; fen += 10) {
		char v[8];
		snprintf(v, sizeof(v), "%lld", (long long)fen);
		set(&r.farmer, v);
		assert_int_equal(dues_quote(&r, "farmer", 0, &q, NULL), JC_OK);
		assert_int_equal(q.amount_fen, fen);
	}
	national(&r);
	set(&r.annual_cap, "100000");
	assert_int_equal(dues_quote(&r, "annual_salary", 10000000, &q, NULL), JC_OK);
	assert_int_equal(q.amount_fen, 100000);
	assert_true(q.capped);
	assert_int_equal(dues_quote(&r, "annual_salary", 4999900, &q, NULL), JC_OK); /* 99,998 */
	assert_int_equal(q.amount_fen, 99998);
	assert_false(q.capped);
	assert_int_equal(dues_quote(&r, "employed", 10000000, &q, NULL), JC_OK); /* only annual salaries */
	assert_int_equal(q.amount_fen, 200000);
}

/* --- months ------------------------------------------------------------------------------------------- */

static void test_months(void **state)
{
	(void)state;
	int m;
	char out[8];
	assert_true(dues_month_parse("2026-01", &m));
	assert_int_equal(m, 2026 * 12);
	dues_month_format(m - 1, out);
	assert_string_equal(out, "2025-12");
	const char *bad[] = { "2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-01", "", "1900-01" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(dues_month_parse(bad[i], &m));
	assert_int_equal(dues_month_of_day(date_from_ymd(2026, 11, 23)), dues_month(2026, 11));
	assert_int_equal(dues_month_last_day(dues_month(2024, 2)), date_from_ymd(2024, 2, 29));
	assert_int_equal(dues_month_first_day(dues_month(2027, 1)), date_from_ymd(2027, 1, 1));
	char y[24];
	assert_string_equal(dues_yuan(5000, y), "50.00");
	assert_string_equal(dues_yuan(7, y), "0.07");
	assert_string_equal(dues_yuan(-1250, y), "-12.50");
}

/* --- the ledger of one member ---------------------------------------------------------------------------- */

#define M(y, mo) ((y) * 12 + (mo) - 1) /* dues_month, as a constant */

static struct dues_std stds[4];
static struct dues_red reds[3];
static struct dues_paid paid[24];
static int excused[8];

/* A member admitted in March 2025, standard 50.00 from January 2026 (30.00 in 2025), 75.00
 * from July 2026 (a new salary), paid January to April 2026. */
static void facts(struct dues_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->member_id = 7;
	f->first = M(2025, 3);
	f->last = INT_MAX;
	stds[0] = (struct dues_std){ 1, M(2025, 3), 3000, 400000, "employed", "yearly" };
	stds[1] = (struct dues_std){ 2, M(2026, 1), 5000, 500000, "employed", "yearly" };
	stds[2] = (struct dues_std){ 3, M(2026, 7), 7500, 500001, "employed", "change" };
	f->stds = stds;
	f->nstds = 3;
	f->reds = reds;
	f->nreds = 0;
	for (int i = 0; i < 4; i++)
		paid[i] = (struct dues_paid){ M(2026, 1 + i), 5000, false, date_from_ymd(2026, 1 + i, 10) };
	f->paid = paid;
	f->npaid = 4;
	f->excused = excused;
	f->nexcused = 0;
}

static void test_month_states(void **state)
{
	(void)state;
	struct dues_facts f;
	facts(&f);
	int now = M(2026, 11);
	static const struct {
		int month;
		bool yearly;
		enum dues_status status;
		int64_t due, paid;
	} cases[] = {
		{ M(2025, 2), true, DUES_NOT_MEMBER, 0, 0 },   /* before admission */
		{ M(2025, 3), true, DUES_UNPAID, 3000, 0 },    /* from the month of admission */
		{ M(2026, 1), true, DUES_PAID, 5000, 5000 },
		{ M(2026, 5), true, DUES_UNPAID, 5000, 0 },
		{ M(2026, 6), true, DUES_UNPAID, 5000, 0 },
		{ M(2026, 7), true, DUES_UNPAID, 7500, 0 },    /* the change applies from its month */
		{ M(2026, 11), true, DUES_OPEN, 7500, 0 },     /* this month is not over */
		{ M(2026, 12), true, DUES_OPEN, 7500, 0 },
		{ M(2027, 1), true, DUES_NO_STANDARD, 0, 0 },  /* fixed yearly: 2027 needs its own */
		{ M(2027, 1), false, DUES_OPEN, 7500, 0 },     /* otherwise the last standard stands */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dues_month_state s;
		dues_month_state(&f, cases[i].month, cases[i].yearly, now, &s);
		char m[8];
		dues_month_format(cases[i].month, m);
		if (s.status != cases[i].status || s.due_fen != cases[i].due || s.paid_fen != cases[i].paid)
			fail_msg("%s: %s due %lld paid %lld, want %s %lld %lld", m, dues_status_key(s.status), (long long)s.due_fen,
				 (long long)s.paid_fen, dues_status_key(cases[i].status), (long long)cases[i].due, (long long)cases[i].paid);
	}
	/* partly paid after the raise was recorded late; a reason; an approved exemption; a pending one */
	paid[4] = (struct dues_paid){ M(2026, 7), 5000, true, date_from_ymd(2026, 9, 1) };
	f.npaid = 5;
	excused[0] = M(2026, 6);
	f.nexcused = 1;
	reds[0] = (struct dues_red){ 11, M(2026, 9), M(2026, 12), 0, 1, "病" };
	reds[1] = (struct dues_red){ 12, M(2026, 8), M(2026, 8), 1000, 0, "待批" };
	f.nreds = 2;
	struct dues_month_state s;
	dues_month_state(&f, M(2026, 7), true, now, &s);
	assert_int_equal(s.status, DUES_PARTLY);
	assert_true(s.back_paid);
	dues_month_state(&f, M(2026, 6), true, now, &s);
	assert_int_equal(s.status, DUES_EXCUSED);
	dues_month_state(&f, M(2026, 9), true, now, &s);
	assert_int_equal(s.status, DUES_EXEMPT);
	assert_int_equal(s.due_fen, 0);
	assert_int_equal(s.red->id, 11);
	dues_month_state(&f, M(2026, 8), true, now, &s); /* not approved: the standard stands */
	assert_int_equal(s.status, DUES_UNPAID);
	assert_int_equal(s.due_fen, 7500);
	assert_null(s.red);
	reds[1].state = 1;
	dues_month_state(&f, M(2026, 8), true, now, &s);
	assert_int_equal(s.due_fen, 1000);
	reds[1].state = -1; /* rejected */
	dues_month_state(&f, M(2026, 8), true, now, &s);
	assert_int_equal(s.due_fen, 7500);
	/* membership ended in October 2026 */
	f.last = M(2026, 9);
	dues_month_state(&f, M(2026, 10), true, now, &s);
	assert_int_equal(s.status, DUES_NOT_MEMBER);
}

static void test_unpaid_run(void **state)
{
	(void)state;
	struct dues_facts f;
	facts(&f); /* paid through April 2026 */
	int since = 0;
	int64_t owing;
	static const struct {
		int now, run;
	} cases[] = {
		{ M(2026, 5), 0 },  /* April paid, May still open */
		{ M(2026, 6), 1 },
		{ M(2026, 10), 5 }, /* May to September: five */
		{ M(2026, 11), 6 }, /* and October: six */
		{ M(2026, 12), 7 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = dues_unpaid_run(&f, true, cases[i].now, 120, &since, &owing);
		if (n != cases[i].run)
			fail_msg("now %d: run %d, want %d", cases[i].now, n, cases[i].run);
	}
	assert_int_equal(dues_unpaid_run(&f, true, M(2026, 11), 120, &since, &owing), 6);
	assert_int_equal(since, M(2026, 5));
	assert_int_equal(owing, 2 * 5000 + 4 * 7500);
	/* a recorded reason breaks the run; so does a month exempt, or one partly paid */
	excused[0] = M(2026, 8);
	f.nexcused = 1;
	assert_int_equal(dues_unpaid_run(&f, true, M(2026, 11), 120, &since, &owing), 2);
	f.nexcused = 0;
	paid[4] = (struct dues_paid){ M(2026, 9), 100, false, date_from_ymd(2026, 9, 3) };
	f.npaid = 5;
	assert_int_equal(dues_unpaid_run(&f, true, M(2026, 11), 120, &since, &owing), 1);
	f.npaid = 4;
	/* the run stops at the look-back */
	assert_int_equal(dues_unpaid_run(&f, true, M(2026, 11), 3, &since, &owing), 3);
	/* and before admission: a member admitted in September owes September and October */
	f.first = M(2026, 9);
	assert_int_equal(dues_unpaid_run(&f, true, M(2026, 11), 120, &since, &owing), 2);
}

static void test_payment_months(void **state)
{
	(void)state;
	struct dues_facts f;
	facts(&f);
	struct rule back, prepay;
	rule_of(&back, "dues.back_payment_max_months");
	rule_of(&prepay, "dues.prepay_max_months");
	struct dues_payment_rules pr = { &back, &prepay, false };
	int now = M(2026, 11);
	static const struct {
		int paid_month;
		int months[3];
		int n;
		enum jc_err code;
		const char *rule;
		int64_t first_owing;
	} cases[] = {
		{ M(2026, 11), { M(2026, 5) }, 1, JC_OK, "", 5000 },                     /* 6 months back */
		{ M(2026, 10), { M(2026, 4) }, 1, JC_ECONFLICT, "", 0 },                 /* paid already */
		{ M(2026, 11), { M(2025, 10) }, 1, JC_ERULE, "dues.back_payment_max_months", 0 }, /* 13 back */
		{ M(2026, 10), { M(2026, 4), M(2026, 5) }, 2, JC_ECONFLICT, "", 0 },
		{ M(2026, 12), { M(2026, 5) }, 1, JC_ERULE, "dues.back_payment_max_months", 0 }, /* 7 months back */
		{ M(2026, 11), { M(2026, 11), M(2026, 12) }, 2, JC_OK, "", 7500 },
		{ M(2026, 11), { M(2027, 5) }, 1, JC_OK, "", 7500 },                     /* 6 ahead */
		{ M(2026, 11), { M(2027, 6) }, 1, JC_ERULE, "dues.prepay_max_months", 0 },/* 7 ahead */
		{ M(2026, 11), { M(2026, 6), M(2026, 6) }, 2, JC_EINVAL, "", 0 },        /* twice */
		{ M(2025, 8), { M(2025, 2) }, 1, JC_EINVAL, "", 0 },                     /* before admission */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t owing[3] = { 0 };
		struct jc_error err = { 0 };
		enum jc_err e = dues_check_payment(&f, cases[i].months, cases[i].n, cases[i].paid_month, now, &pr, owing, &err);
		if (e != cases[i].code || strcmp(err.rule, cases[i].rule) || (e && strcmp(err.field, "months")))
			fail_msg("case %zu: %d %s [%s %s], want %d [%s]", i, e, err.message, err.field, err.rule, cases[i].code,
				 cases[i].rule);
		if (!e && owing[0] != cases[i].first_owing)
			fail_msg("case %zu: owing %lld, want %lld", i, (long long)owing[0], (long long)cases[i].first_owing);
	}
	/* fixed yearly: nothing is fixed for 2027 yet */
	pr.fixed_yearly = true;
	int jan[1] = { M(2027, 1) };
	int64_t owing[1];
	struct jc_error err = { 0 };
	assert_int_equal(dues_check_payment(&f, jan, 1, M(2026, 11), now, &pr, owing, &err), JC_ECONFLICT);
	/* what is left on a month partly paid */
	paid[4] = (struct dues_paid){ M(2026, 7), 5000, false, date_from_ymd(2026, 7, 3) };
	f.npaid = 5;
	int jul[1] = { M(2026, 7) };
	assert_int_equal(dues_check_payment(&f, jul, 1, M(2026, 11), now, &pr, owing, NULL), JC_OK);
	assert_int_equal(owing[0], 2500);
	/* an exempt month owes nothing */
	reds[0] = (struct dues_red){ 11, M(2026, 8), M(2026, 8), 0, 1, "" };
	f.nreds = 1;
	int aug[1] = { M(2026, 8) };
	jc_error_clear(&err);
	assert_int_equal(dues_check_payment(&f, aug, 1, M(2026, 11), now, &pr, owing, &err), JC_ECONFLICT);
	assert_non_null(strstr(err.message, "exempt"));
}

static void test_voluntary_to_centre(void **state)
{
	(void)state;
	struct rule centre;
	rule_of(&centre, "dues.voluntary_to_centre_fen");
	assert_false(dues_voluntary_to_centre(0, &centre));
	assert_false(dues_voluntary_to_centre(99999, &centre));
	assert_true(dues_voluntary_to_centre(100000, &centre));
	assert_true(dues_voluntary_to_centre(100001, &centre));
}

static void test_levels(void **state)
{
	(void)state;
	struct rule adjacent;
	rule_of(&adjacent, "dues.transfer.adjacent_levels");
	/* the tree: 1 county, 2 township under it, 3 branch under 2 */
	static const struct {
		const char *kind;
		int64_t from, from_parent, to, to_parent;
		enum jc_err code;
	} cases[] = {
		{ "remit", 3, 2, 2, 1, JC_OK },
		{ "remit", 3, 2, 1, 0, JC_ERULE },     /* skipping the township */
		{ "remit", 2, 1, 3, 2, JC_ERULE },     /* down is not a remittance */
		{ "allocate", 1, 0, 2, 1, JC_OK },
		{ "allocate", 1, 0, 3, 2, JC_ERULE },  /* skipping the township */
		{ "allocate", 2, 1, 1, 0, JC_ERULE },  /* up is not an allocation */
		{ "gift", 1, 0, 2, 1, JC_EINVAL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jc_error err = { 0 };
		enum jc_err e = dues_check_levels(cases[i].kind, cases[i].from, cases[i].from_parent, cases[i].to, cases[i].to_parent,
						  &adjacent, &err);
		if (e != cases[i].code)
			fail_msg("case %zu: %d, want %d", i, e, cases[i].code);
		if (e == JC_ERULE && (strcmp(err.rule, "dues.transfer.adjacent_levels") || strcmp(err.field, "to_org_id") ||
				      !strstr(err.article, "第二十条")))
			fail_msg("case %zu: [%s %s %s]", i, err.field, err.rule, err.article);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_figures_of_the_regulation),
		cmocka_unit_test(test_quote_at_every_edge),
		cmocka_unit_test(test_quote_cites_its_edges),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_local_values),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_month_states),
		cmocka_unit_test(test_unpaid_run),
		cmocka_unit_test(test_payment_months),
		cmocka_unit_test(test_voluntary_to_centre),
		cmocka_unit_test(test_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
