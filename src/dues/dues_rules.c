/*
 * dues_rules.c - the pure decisions of Party dues (domain-rules §4): the code tables, the monthly
 * amount of every category of §4.1 (the quote), the state of one month of a member's ledger, the
 * run of unpaid months, whether a payment may pay the months it names, and whether money moves
 * one level. No I/O: the rules and the ledger's facts arrive as arguments.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "dues/dues.h"

static const struct code categories[] = {
	{ "employed", "在职党员（按月领取工资）", "employed, paid monthly" },
	{ "annual_salary", "实行年薪制的党员", "annual-salary earner" },
	{ "self_employed", "个体经营者等不按月取得收入的党员", "self-employed or without monthly pay" },
	{ "retired", "离退休党员", "retired" },
	{ "farmer", "农民党员", "farmer" },
	{ "student", "学生党员", "student" },
	{ "unemployed", "下岗失业党员", "laid off or unemployed" },
	{ "relief", "依靠抚恤救济或领取最低生活保障金的党员", "living on relief, a pension for the disabled or bereaved, or 低保" },
};
const struct code_table dues_categories = CODE_TABLE("dues_category", categories);

static const struct code channels[] = {
	{ "cash", "现金", "cash" },
	{ "bank", "银行转账", "bank transfer" },
	{ "online", "网上交纳", "online" },
	{ "payroll", "工资代扣", "deducted from pay" },
	{ "other", "其他", "other" },
};
const struct code_table dues_channels = CODE_TABLE("dues_channel", channels);

static const struct code uses[] = {
	{ "training", "培训党员", "training members" },
	{ "materials", "订阅或购买党员教育报刊、资料、音像制品和设备", "education newspapers, materials, audio-visual products and equipment" },
	{ "honours", "表彰先进基层党组织、优秀共产党员和优秀党务工作者", "honouring advanced organisations, excellent members and Party workers" },
	{ "hardship_aid", "补助生活困难的党员", "subsidies for members in hardship" },
	{ "disaster_relief", "补助遭受严重自然灾害的党员和修缮因灾受损的党员教育设施", "help for members hit by severe disasters and repair of damaged education facilities" },
};
const struct code_table dues_uses = CODE_TABLE("dues_use", uses);

static const struct code transfer_kinds[] = {
	{ "remit", "上缴上级党组织", "remitted to the parent" },
	{ "allocate", "下拨下级党组织", "allocated to a child" },
};
const struct code_table dues_transfer_kinds = CODE_TABLE("dues_transfer_kind", transfer_kinds);

/* --- months ------------------------------------------------------------------------------------ */

int dues_month(int year, int month)
{
	return year * 12 + (month - 1);
}

int dues_month_of_day(int day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return dues_month(y, m);
}

int dues_month_year(int month)
{
	return month / 12;
}

int dues_month_first_day(int month)
{
	return date_from_ymd(month / 12, month % 12 + 1, 1);
}

int dues_month_last_day(int month)
{
	return dues_month_first_day(month + 1) - 1;
}

bool dues_month_parse(const char *s, int *out)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5);
	if (y < 1921 || m < 1 || m > 12)
		return false;
	*out = dues_month(y, m);
	return true;
}

void dues_month_format(int month, char out[8])
{
	snprintf(out, 8, "%04d-%02d", (month / 12) % 10000, month % 12 + 1);
}

const char *dues_yuan(int64_t fen, char out[24])
{
	unsigned long long a = fen < 0 ? (unsigned long long)-(fen + 1) + 1 : (unsigned long long)fen;
	snprintf(out, 24, "%s%llu.%02llu", fen < 0 ? "-" : "", a / 100, a % 100);
	return out;
}

/* --- the quote --------------------------------------------------------------------------------- */

static int64_t v(const struct rule *r)
{
	return strtoll(r->value, NULL, 10);
}

bool dues_category_has_base(const char *category)
{
	return !strcmp(category, "employed") || !strcmp(category, "annual_salary") || !strcmp(category, "self_employed") ||
	       !strcmp(category, "retired");
}

enum jc_err dues_check_base(const char *category, int64_t base_fen, struct jc_error *err)
{
	if (dues_category_has_base(category) && base_fen <= 0)
		return jc_fail(err, JC_EINVAL, "base_fen", NULL,
			       "'base_fen' is needed for category '%s': the monthly base in fen (regular pay after tax, or the pension);"
			       " paying less or nothing is a hardship reduction of the branch, approved one level up",
			       category);
	return JC_OK;
}

static void applied(struct dues_quote *q, const struct rule *r)
{
	if (q->napplied < DUES_QUOTE_MAX_RULES)
		q->applied[q->napplied++] = r;
}

/* base * rate_bp / 10000, rounded to the unit as the rules say. */
static enum jc_err rate_of(const struct dues_rules *r, int64_t base, int64_t bp, struct dues_quote *q,
			   struct jc_error *err)
{
	int64_t unit = v(&r->round_unit), mode = v(&r->round_mode);
	if (unit != 1 && unit != 10 && unit != 100)
		return rules_refuse(&r->round_unit, err, "base_fen", "the rounding unit is %lld fen: it must be 1, 10 or 100",
				    (long long)unit);
	if (mode < 0 || mode > 2)
		return rules_refuse(&r->round_mode, err, "base_fen", "rounding mode %lld is not 0 (half up), 1 (down) or 2 (up)",
				    (long long)mode);
	if (bp < 0 || bp > 10000)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "a rate of %lld basis points", (long long)bp);
	int64_t num = base * bp, den = 10000 * unit;
	int64_t units = mode == 0 ? (num + den / 2) / den : mode == 1 ? num / den : (num + den - 1) / den;
	q->amount_fen = units * unit;
	q->rate_bp = (int)bp;
	applied(q, &r->round_mode);
	applied(q, &r->round_unit);
	return JC_OK;
}

/* The table of 第二条: the band of base and its rate, on the whole base. */
static enum jc_err employed_table(const struct dues_rules *r, int64_t base, struct dues_quote *q, struct jc_error *err)
{
	const struct rule *edges[3] = { &r->band1, &r->band2, &r->band3 };
	const struct rule *rates[4] = { &r->rate1, &r->rate2, &r->rate3, &r->rate4 };
	int band = 0;
	while (band < 3 && base > v(edges[band]))
		band++;
	q->band = band + 1;
	if (band > 0)
		applied(q, edges[band - 1]); /* the edge it is above */
	if (band < 3)
		applied(q, edges[band]);     /* the edge it is within */
	applied(q, rates[band]);
	return rate_of(r, base, v(rates[band]), q, err);
}

enum jc_err dues_quote(const struct dues_rules *r, const char *category, int64_t base_fen, struct dues_quote *q,
		       struct jc_error *err)
{
	memset(q, 0, sizeof(*q));
	if (!category || code_find(&dues_categories, category, strlen(category), 0) < 0)
		return jc_fail(err, JC_EINVAL, "category", NULL, "'category' must be one of the codes of 'dues_category'");
	if (dues_category_has_base(category)) {
		if (base_fen < 0 || base_fen > DUES_MAX_BASE_FEN)
			return jc_fail(err, JC_EINVAL, "base_fen", NULL, "'base_fen' must be a monthly amount in fen from 0 to %lld",
				       (long long)DUES_MAX_BASE_FEN);
		q->base_fen = base_fen;
	}
	if (!strcmp(category, "employed"))
		return employed_table(r, base_fen, q, err);
	if (!strcmp(category, "annual_salary") || !strcmp(category, "self_employed")) {
		bool annual = category[0] == 'a';
		applied(q, annual ? &r->annual_table : &r->self_table);
		enum jc_err e = employed_table(r, base_fen, q, err);
		if (!e && annual) {
			applied(q, &r->annual_cap);
			if (v(&r->annual_cap) > 0 && q->amount_fen > v(&r->annual_cap)) {
				q->amount_fen = v(&r->annual_cap);
				q->capped = true;
			}
		}
		return e;
	}
	if (!strcmp(category, "retired")) {
		bool above = base_fen > v(&r->retired_band);
		q->band = above ? 2 : 1;
		applied(q, &r->retired_band);
		applied(q, above ? &r->retired_rate2 : &r->retired_rate1);
		return rate_of(r, base_fen, v(above ? &r->retired_rate2 : &r->retired_rate1), q, err);
	}
	if (!strcmp(category, "farmer")) {
		int64_t fen = v(&r->farmer);
		applied(q, &r->farmer);
		applied(q, &r->farmer_min);
		applied(q, &r->farmer_max);
		if (fen < v(&r->farmer_min) || fen > v(&r->farmer_max))
			return rules_refuse(fen < v(&r->farmer_min) ? &r->farmer_min : &r->farmer_max, err, "category",
					    "the farmers' amount in force here is %lld fen: the regulation allows %lld to %lld",
					    (long long)fen, (long long)v(&r->farmer_min), (long long)v(&r->farmer_max));
		q->amount_fen = fen;
		return JC_OK;
	}
	/* students, the unemployed, members on relief */
	applied(q, &r->low_income);
	q->amount_fen = v(&r->low_income);
	return JC_OK;
}

json_t *dues_quote_json(const char *category, const struct dues_quote *q)
{
	char yuan[24];
	json_t *rules = json_array();
	for (int i = 0; i < q->napplied; i++) {
		const struct rule *r = q->applied[i];
		char conf[2] = { r->confidence, 0 };
		json_t *x = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "key", r->key, "value", r->value, "unit", r->unit,
				      "regulation", r->regulation, "article", r->article, "confidence", conf, "summary_zh",
				      r->summary_zh, "summary_en", r->summary_en);
		json_object_set_new(x, "source", r->source_org ? json_pack("{s:s,s:I}", "kind", "override", "org_id",
									   (json_int_t)r->source_org)
							       : json_pack("{s:s}", "kind", "national"));
		json_array_append_new(rules, x);
	}
	return json_pack("{s:s,s:I,s:I,s:s,s:i,s:i,s:b,s:o}", "category", category, "base_fen", (json_int_t)q->base_fen,
			 "amount_fen", (json_int_t)q->amount_fen, "amount", dues_yuan(q->amount_fen, yuan), "rate_bp",
			 q->rate_bp, "band", q->band, "capped", q->capped, "rules", rules);
}

/* --- the ledger of one member ---------------------------------------------------------------------- */

static const char *const status_keys[] = { "not_member", "no_standard", "exempt", "paid", "partly",
					   "excused", "unpaid", "open" };

const char *dues_status_key(enum dues_status s)
{
	return (unsigned)s < sizeof(status_keys) / sizeof(status_keys[0]) ? status_keys[s] : "?";
}

void dues_facts_release(struct dues_facts *f)
{
	free(f->stds);
	free(f->reds);
	free(f->paid);
	free(f->excused);
	memset(f, 0, sizeof(*f));
}

static const struct dues_std *std_in_force(const struct dues_facts *f, int month, bool fixed_yearly)
{
	const struct dues_std *best = NULL;
	for (int i = 0; i < f->nstds; i++) {
		const struct dues_std *s = &f->stds[i];
		if (s->from > month || (fixed_yearly && dues_month_year(s->from) != dues_month_year(month)))
			continue;
		if (!best || s->from > best->from || (s->from == best->from && s->id > best->id))
			best = s;
	}
	return best;
}

void dues_month_state(const struct dues_facts *f, int month, bool fixed_yearly, int now, struct dues_month_state *out)
{
	memset(out, 0, sizeof(*out));
	out->month = month;
	out->paid_on = DATE_NONE;
	for (int i = 0; i < f->npaid; i++)
		if (f->paid[i].month == month) {
			out->paid_fen = f->paid[i].paid_fen;
			out->back_paid = f->paid[i].back_paid && f->paid[i].paid_fen > 0;
			out->paid_on = f->paid[i].paid_fen > 0 ? f->paid[i].last_paid_on : DATE_NONE;
		}
	for (int i = 0; i < f->nexcused; i++)
		out->excused |= f->excused[i] == month;
	if (month < f->first || month > f->last) {
		out->status = DUES_NOT_MEMBER;
		return;
	}
	out->std = std_in_force(f, month, fixed_yearly);
	if (!out->std) {
		out->status = DUES_NO_STANDARD;
		return;
	}
	out->due_fen = out->std->amount_fen;
	for (int i = 0; i < f->nreds; i++) {
		const struct dues_red *r = &f->reds[i];
		if (r->state == 1 && r->from <= month && month <= r->to && (!out->red || r->id > out->red->id))
			out->red = r;
	}
	if (out->red && out->red->amount_fen < out->due_fen)
		out->due_fen = out->red->amount_fen;
	else
		out->red = NULL;
	if (out->due_fen == 0 && out->red)
		out->status = DUES_EXEMPT;
	else if (out->paid_fen >= out->due_fen)
		out->status = DUES_PAID;
	else if (out->paid_fen > 0)
		out->status = DUES_PARTLY;
	else if (month >= now)
		out->status = DUES_OPEN;
	else
		out->status = out->excused ? DUES_EXCUSED : DUES_UNPAID;
}

int dues_unpaid_run(const struct dues_facts *f, bool fixed_yearly, int now, int lookback, int *since, int64_t *owing)
{
	int n = 0;
	*owing = 0;
	for (int m = now - 1; m >= now - lookback; m--) {
		struct dues_month_state s;
		dues_month_state(f, m, fixed_yearly, now, &s);
		if (s.status != DUES_UNPAID)
			break;
		n++;
		*since = m;
		*owing += s.due_fen - s.paid_fen;
	}
	return n;
}

enum jc_err dues_check_payment(const struct dues_facts *f, const int *months, int n, int paid_month, int now,
			       const struct dues_payment_rules *r, int64_t *owing, struct jc_error *err)
{
	char m[8];
	for (int i = 0; i < n; i++) {
		dues_month_format(months[i], m);
		for (int k = 0; k < i; k++)
			if (months[k] == months[i])
				return jc_fail(err, JC_EINVAL, "months", NULL, "month %s is named twice", m);
		if (months[i] < paid_month - v(r->back_max))
			return rules_refuse(r->back_max, err, "months",
					    "%s is %d months before the month of payment: back payment covers at most %lld", m,
					    paid_month - months[i], (long long)v(r->back_max));
		if (months[i] > paid_month + v(r->prepay_max))
			return rules_refuse(r->prepay_max, err, "months",
					    "%s is %d months after the month of payment: dues are paid in advance for at most %lld",
					    m, months[i] - paid_month, (long long)v(r->prepay_max));
		struct dues_month_state s;
		dues_month_state(f, months[i], r->fixed_yearly, now, &s);
		if (s.status == DUES_NOT_MEMBER)
			return jc_fail(err, JC_EINVAL, "months", NULL, "%s is not a month in which the member owes dues", m);
		if (s.status == DUES_NO_STANDARD)
			return jc_fail(err, JC_ECONFLICT, "months", NULL, "no monthly amount is fixed for %s: fix the standard first", m);
		owing[i] = s.due_fen - s.paid_fen;
		if (owing[i] <= 0)
			return jc_fail(err, JC_ECONFLICT, "months", NULL, s.status == DUES_EXEMPT ? "%s is exempt: nothing is owed"
												  : "%s is paid already", m);
	}
	return JC_OK;
}

bool dues_voluntary_to_centre(int64_t voluntary_fen, const struct rule *to_centre)
{
	return voluntary_fen > 0 && voluntary_fen >= v(to_centre);
}

enum jc_err dues_check_levels(const char *kind, int64_t from_id, int64_t from_parent, int64_t to_id, int64_t to_parent,
			      const struct rule *adjacent, struct jc_error *err)
{
	if (!strcmp(kind, "remit")) {
		if (to_id != from_parent)
			return rules_refuse(adjacent, err, "to_org_id",
					    "dues are remitted to the organisation one level up (%lld), not to %lld: no level is skipped",
					    (long long)from_parent, (long long)to_id);
		return JC_OK;
	}
	if (!strcmp(kind, "allocate")) {
		if (to_parent != from_id)
			return rules_refuse(adjacent, err, "to_org_id",
					    "dues are allocated to an organisation one level down: %lld is not a child of %lld",
					    (long long)to_id, (long long)from_id);
		return JC_OK;
	}
	return jc_fail(err, JC_EINVAL, "kind", NULL, "'kind' must be 'remit' or 'allocate'");
}
