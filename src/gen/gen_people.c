/*
 * gen_people.c - made-up members whose shares follow the 2024 bulletin (domain-rules §9.2).
 *
 * Shares used (2024, 万 members): gender 30.9 % female; minority 7.7 %; age bands
 * <=30 1227.2, 31-35 1076.4, 36-40 1147.5, 41-45 968.7, 46-50 904.1, 51-55 941.2, 56-60 864.6,
 * >=61 2897.3; join bands pre-1949 5.4, to Dec 1978 1230.9, to Nov 2012 5980.0, since 2810.8;
 * occupations workers 663.9, farmers 2614.4, professional 1639.4, managers 1156.3, Party and
 * government 759.2, students 262.2, other 784.9, retired 2146.9. Education (assumption; the
 * bulletin gives only 57.6 % 大专及以上): postgraduate 4, bachelor 28, associate 25.6,
 * secondary 20, junior 22.4. A draw that cannot fit the person (a student of 50, a join date
 * before the 18th birthday) is drawn again.
 */
#include "gen/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "member/member.h"

void gen_seed(struct gen_rng *r, uint64_t seed)
{
	r->state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

uint64_t gen_next(struct gen_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull); /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int gen_range(struct gen_rng *r, int lo, int hi)
{
	return lo + (int)(gen_next(r) % (uint64_t)(hi - lo + 1));
}

int gen_weighted(struct gen_rng *r, const double *w, int n)
{
	double total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	double x = (double)(gen_next(r) >> 11) / 9007199254740992.0 * total;
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* --- ID numbers --------------------------------------------------------------------------- */

#define ID_DAYS 46000 /* day numbers from 1900 to 2025 */

struct gen_ids {
	uint16_t used[2][ID_DAYS]; /* [female][day since 1900] -> sequences issued */
};

struct gen_ids *gen_ids_new(void)
{
	return xcalloc(1, sizeof(struct gen_ids));
}

void gen_ids_reset(struct gen_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
}

void gen_ids_free(struct gen_ids *ids)
{
	free(ids);
}

static void id_number(struct gen_ids *ids, const char *county, int birth, bool female, char out[19])
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int y, m, d;
	date_to_ymd(birth, &y, &m, &d);
	int day = birth - date_from_ymd(1900, 1, 1);
	if (day < 0 || day >= ID_DAYS)
		day = 0;
	/* Three digits, the last odd for men and even for women: 500 a day per county and gender. */
	unsigned seq = ids->used[female][day]++ % 500u;
	snprintf(out, 19, "%.6s%04d%02d%02d%03u", county, y % 10000, m % 100, d % 100,
		 seq * 2 + (female ? 0 : 1));
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weight[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

/* --- people ------------------------------------------------------------------------------- */

static const char surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
			       "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
			       "尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
static const char given[] = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰海燕梅"
			    "林斌宇浩凯鹏飞俊峰晨婷雪琳颖慧佳欣怡嘉乐振宏永福春秋冬兴旺德才荣贵金银"
			    "达成立新光明远航晓东南北";

/* The n-th 3-byte UTF-8 character of s. */
static void pick_char(struct gen_rng *r, const char *s, char *out)
{
	size_t count = strlen(s) / 3;
	size_t i = gen_next(r) % count;
	memcpy(out, s + i * 3, 3);
	out[3] = '\0';
}

static void person_name(struct gen_rng *r, char *out, size_t cap)
{
	char a[4], b[4], c[4];
	pick_char(r, surnames, a);
	pick_char(r, given, b);
	pick_char(r, given, c);
	if (gen_range(r, 0, 9) < 6)
		snprintf(out, cap, "%s%s%s", a, b, c);
	else
		snprintf(out, cap, "%s%s", a, b);
}

static const double age_w[] = { 1227.2, 1076.4, 1147.5, 968.7, 904.1, 941.2, 864.6, 2897.3 };
static const int age_lo[] = { 20, 31, 36, 41, 46, 51, 56, 61 }, age_hi[] = { 30, 35, 40, 45, 50, 55, 60, 92 };
static const double join_w[] = { 5.4, 1230.9, 5980.0, 2810.8 };
static const double occ_w[] = { 663.9, 2614.4, 1639.4, 1156.3, 759.2, 262.2, 784.9, 2146.9 };
static const double edu_w[] = { 4, 28, 25.6, 20, 22.4 };
static const char *const minorities[] = { "08", "03", "11", "06", "07", "04", "05", "15", "13", "22" };

static int join_band_start(int band)
{
	static const int ymd[][3] = { { 1921, 7, 1 }, { 1949, 10, 1 }, { 1978, 12, 22 }, { 2012, 11, 8 } };
	return date_from_ymd(ymd[band][0], ymd[band][1], ymd[band][2]);
}

void gen_person(struct gen_rng *r, struct gen_ids *ids, const char *county_code, const char *place,
		int64_t org_id, int today, struct member *m)
{
	fields_clear(&member_desc, m);
	m->org_id = org_id;
	bool female = gen_range(r, 0, 999) < 309;
	snprintf(m->gender, sizeof(m->gender), "%s", female ? "F" : "M");
	int band = gen_weighted(r, age_w, 8);
	int age = gen_range(r, age_lo[band], age_hi[band]);
	m->birth_date = date_add_years(today, -age) - gen_range(r, 1, 364);
	/* The day after the 18th birthday: safe for those born on 29 February too. */
	int adult = date_add_years(m->birth_date, 18) + 1;

	/* Join date: a bulletin band that fits this person's adult life. */
	int admit = DATE_NONE;
	for (int tries = 0; tries < 8 && admit == DATE_NONE; tries++) {
		int jb = gen_weighted(r, join_w, 4);
		int lo = join_band_start(jb), hi = jb < 3 ? join_band_start(jb + 1) - 1 : today - 30;
		if (lo < adult)
			lo = adult;
		if (lo <= hi)
			admit = lo + (int)(gen_next(r) % (uint64_t)(hi - lo + 1));
	}
	if (admit == DATE_NONE)
		admit = adult + gen_range(r, 0, today - 30 - adult > 0 ? today - 30 - adult : 0);
	m->admit_date = admit;
	if (admit <= date_add_months(today, -12)) {
		int probation_end = date_add_months(admit, 12);
		int extended = gen_range(r, 0, 99) < 2;
		m->convert_date = extended ? date_add_months(probation_end, 6) : probation_end + gen_range(r, 0, 20);
		if (m->convert_date > today)
			m->convert_date = probation_end;
		snprintf(m->category, sizeof(m->category), "full");
	} else {
		snprintf(m->category, sizeof(m->category), "probationary");
	}
	/* Development dates, for those admitted since 1990 (older files rarely hold them). */
	if (admit >= date_from_ymd(1990, 1, 1)) {
		int target = admit - gen_range(r, 90, 270);
		int activist = date_add_months(target, -12) - gen_range(r, 0, 180);
		int apply = activist - gen_range(r, 30, 300);
		if (apply >= adult) {
			m->target_date = target;
			m->activist_date = activist;
			m->apply_date = apply;
		}
	}
	int occ;
	do
		occ = gen_weighted(r, occ_w, 8);
	while ((occ == 5 && age > 30) || (occ == 7 && age < 50));
	snprintf(m->occupation, sizeof(m->occupation), "%s", member_occupations.codes[occ].key);
	int edu = gen_weighted(r, edu_w, 5);
	snprintf(m->education, sizeof(m->education), "%s", member_educations.codes[edu].key);
	if (gen_range(r, 0, 999) < 77)
		snprintf(m->ethnicity, sizeof(m->ethnicity), "%s", minorities[gen_range(r, 0, 9)]);
	else
		snprintf(m->ethnicity, sizeof(m->ethnicity), "01");

	person_name(r, m->name, sizeof(m->name));
	id_number(ids, county_code, m->birth_date, female, m->id_number);
	snprintf(m->phone, sizeof(m->phone), "13%d%08d", gen_range(r, 0, 9), gen_range(r, 0, 99999999));
	snprintf(m->address, sizeof(m->address), "%s%d号", place, gen_range(r, 1, 300));
	snprintf(m->household_place, sizeof(m->household_place), "%s", place);
	snprintf(m->state, sizeof(m->state), "normal");
	int roll = gen_range(r, 0, 999);
	if (roll < 3) {
		snprintf(m->state, sizeof(m->state), "stopped");
		m->state_date = today - gen_range(r, 30, 700);
		m->lost_contact = 1;
		m->lost_contact_date = m->state_date - 190;
	} else if (roll < 8) {
		m->lost_contact = 1;
		m->lost_contact_date = today - gen_range(r, 30, 400);
	} else if (roll < 28) {
		m->mobile = 1;
		snprintf(m->mobile_destination, sizeof(m->mobile_destination), "%s",
			 gen_range(r, 0, 1) ? "广东省广州市" : "广东省深圳市");
	}
	if (m->lost_contact_date != DATE_NONE && m->lost_contact_date < m->birth_date)
		m->lost_contact_date = today;
	if (m->state_date != DATE_NONE && m->state_date < m->admit_date)
		m->state_date = today;
	if (m->lost_contact_date != DATE_NONE && m->lost_contact_date < m->admit_date)
		m->lost_contact_date = today;
	/* A monthly base for dues in fen: farmers and students pay a fixed amount (no base). */
	if (occ != 1 && occ != 5)
		m->dues_base_fen = (int64_t)gen_range(r, 2500, occ == 3 ? 16000 : 9000) * 100;
}
