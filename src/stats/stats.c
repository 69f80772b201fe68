/* stats.c - counter vectors: what a member or an organisation adds, the sparse encoding, the
 * accumulator that writes each touched organisation once, the JSON report and the recount. */
#include "stats/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "db/db.h"
#include "member/member.h"
#include "org/org.h"

/* Join-date bands of the bulletin (§9.1): before the PRC; to the 3rd Plenum of the 11th Central
 * Committee (Dec 1978); to the 18th Congress (Nov 2012); since. Each entry is a band's first day. */
static const struct {
	const char *key, *zh, *en;
	int y, m, d;
} join_bands[] = {
	{ "before_1949", "新中国成立前", "before October 1949", 1800, 1, 1 },
	{ "1949_1978", "新中国成立后到党的十一届三中全会前", "October 1949 to December 1978", 1949, 10, 1 },
	{ "1978_2012", "党的十一届三中全会后到党的十八大前", "December 1978 to the 18th Congress", 1978, 12, 22 },
	{ "since_2012", "党的十八大以来", "since the 18th Congress (November 2012)", 2012, 11, 8 },
};

static const struct {
	const char *key, *zh, *en;
	int lo, hi;
} age_bands[] = {
	{ "30_and_under", "30岁及以下", "30 and under", 0, 30 }, { "31_35", "31至35岁", "31 to 35", 31, 35 },
	{ "36_40", "36至40岁", "36 to 40", 36, 40 }, { "41_45", "41至45岁", "41 to 45", 41, 45 },
	{ "46_50", "46至50岁", "46 to 50", 46, 50 }, { "51_55", "51至55岁", "51 to 55", 51, 55 },
	{ "56_60", "56至60岁", "56 to 60", 56, 60 }, { "61_and_over", "61岁及以上", "61 and over", 61, 1000 },
};

/* The rows of the two tables that are not code tables of a record. */
static const struct code ethnic_rows[] = { { "han", "汉族", "Han" }, { "minority", "少数民族", "ethnic minorities" } };
static const struct code flag_rows[] = { { "lost_contact", "失去联系", "lost contact" },
					 { "mobile", "流动党员", "mobile members" } };

static int code_slot(const struct code_table *t, const char *key)
{
	return key ? code_find(t, key, strlen(key), 0) : -1;
}

static int join_band(int admit)
{
	int band = -1;
	for (size_t i = 0; i < sizeof(join_bands) / sizeof(join_bands[0]); i++)
		if (admit >= date_from_ymd(join_bands[i].y, join_bands[i].m, join_bands[i].d))
			band = (int)i;
	return band;
}

/* The slot of the i-th membership state: the first seven in the first layout, the eighth after
 * the birth years, later ones at the end. */
static int state_slot(int i)
{
	int first = S_CATEGORY - S_STATE;
	return i < first ? S_STATE + i : i == first ? S_STATE_MORE : S_STATE_LATER + (i - first - 1);
}

static const struct code develop_rows[] = { { "applicant", "入党申请人", "applicants" },
					    { "activist", "入党积极分子", "activists" },
					    { "target", "发展对象", "development targets" } };

void stats_add_develop(struct stats_vec *v, const char *stage, int sign)
{
	for (size_t i = 0; stage && i < sizeof(develop_rows) / sizeof(develop_rows[0]); i++)
		if (!strcmp(stage, develop_rows[i].key))
			v->n[S_DEVELOP + (int)i] += sign;
}

void stats_add_person(struct stats_vec *v, const struct stats_person *p, int sign)
{
	int i = code_slot(&member_states, p->state);
	if (i >= 0)
		v->n[state_slot(i)] += sign;
	bool current = p->state && (!strcmp(p->state, "normal") || !strcmp(p->state, "stopped"));
	if (!current)
		return;
	v->n[S_MEMBERS] += sign;
	if ((i = code_slot(&member_categories, p->category)) >= 0)
		v->n[S_CATEGORY + i] += sign;
	int g = code_slot(&member_genders, p->gender);
	if (g >= 0)
		v->n[S_GENDER + g] += sign;
	if (p->ethnicity && p->ethnicity[0])
		v->n[S_ETHNIC + (strcmp(p->ethnicity, "01") != 0)] += sign;
	if ((i = code_slot(&member_educations, p->education)) >= 0)
		v->n[S_EDUCATION + i] += sign;
	if ((i = code_slot(&member_occupations, p->occupation)) >= 0)
		v->n[S_OCCUPATION + i] += sign;
	if (p->admit_date != DATE_NONE && (i = join_band(p->admit_date)) >= 0)
		v->n[S_JOIN_BAND + i] += sign;
	if (p->lost_contact)
		v->n[S_FLAG + 0] += sign;
	if (p->mobile)
		v->n[S_FLAG + 1] += sign;
	if (g >= 0 && p->birth_date != DATE_NONE) {
		int y = date_year(p->birth_date) - STATS_BIRTH_FIRST;
		y = y < 0 ? 0 : y >= STATS_BIRTH_YEARS ? STATS_BIRTH_YEARS - 1 : y;
		v->n[S_BIRTH + g * STATS_BIRTH_YEARS + y] += sign;
	}
}

void stats_add_org(struct stats_vec *v, const char *type, const char *unit_category,
		   const char *status, int sign)
{
	if (status && strcmp(status, "active") != 0)
		return;
	int i = code_slot(&org_types, type);
	if (i >= 0)
		v->n[S_ORG_TYPE + i] += sign;
	if ((i = code_slot(&org_unit_categories, unit_category)) >= 0)
		v->n[S_ORG_UNIT + i] += sign;
}

int64_t stats_org_count(const struct stats_vec *v, const char *type)
{
	int i = code_slot(&org_types, type);
	return i >= 0 ? v->n[S_ORG_TYPE + i] : 0;
}

void stats_add_committee(struct stats_vec *v, const char *type, const char *status, int sign)
{
	if ((!status || !strcmp(status, "active")) &&
	    (!strcmp(type, "branch") || !strcmp(type, "joint_branch") || !strcmp(type, "temporary_branch")))
		v->n[S_COMMITTEE] += sign;
}

/* --- encoding: (slot delta, value) pairs as LEB128 varints ------------------------------- */

static size_t put_varint(unsigned char *out, size_t at, size_t cap, uint64_t x)
{
	do {
		if (at >= cap)
			return cap + 1;
		unsigned char b = x & 0x7f;
		x >>= 7;
		out[at++] = b | (x ? 0x80 : 0);
	} while (x);
	return at;
}

size_t stats_encode(const struct stats_vec *v, unsigned char *out, size_t cap)
{
	size_t at = 0;
	int last = -1;
	for (int i = 0; i < S_COUNT; i++) {
		if (v->n[i] == 0)
			continue;
		/* Counters are never negative in a consistent store; a negative one is kept as is
		 * (zig-zag) so that stats verify can show it. */
		uint64_t z = ((uint64_t)v->n[i] << 1) ^ (uint64_t)(v->n[i] >> 63);
		at = put_varint(out, at, cap, (uint64_t)(i - last));
		at = put_varint(out, at, cap, z);
		last = i;
	}
	return at;
}

static int get_varint(const unsigned char *p, size_t n, size_t *at, uint64_t *x)
{
	*x = 0;
	for (int shift = 0; *at < n && shift < 64; shift += 7) {
		unsigned char b = p[(*at)++];
		*x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

int stats_decode(const unsigned char *p, size_t n, struct stats_vec *out)
{
	memset(out, 0, sizeof(*out));
	size_t at = 0;
	int64_t slot = -1;
	while (at < n) {
		uint64_t d, z;
		if (get_varint(p, n, &at, &d) || get_varint(p, n, &at, &z))
			return -1;
		if (d == 0 || d >= (uint64_t)(S_COUNT - slot)) /* before adding: d may be huge */
			return -1;
		slot += (int64_t)d;
		out->n[slot] = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
	}
	return 0;
}

/* --- the accumulator --------------------------------------------------------------------- */

struct acc_entry {
	int64_t org_id; /* 0 = empty slot */
	char *path;     /* the organisation's path, for spreading to its ancestors */
	struct stats_vec *v;
};

struct stats_acc {
	struct acc_entry *slots;
	size_t cap, used;
};

struct stats_acc *stats_acc_new(void)
{
	struct stats_acc *a = xcalloc(1, sizeof(*a));
	a->cap = 64;
	a->slots = xcalloc(a->cap, sizeof(*a->slots));
	return a;
}

static void acc_clear(struct stats_acc *a)
{
	for (size_t i = 0; i < a->cap; i++) {
		free(a->slots[i].v);
		free(a->slots[i].path);
		memset(&a->slots[i], 0, sizeof(a->slots[i]));
	}
	a->used = 0;
}

void stats_acc_free(struct stats_acc *a)
{
	if (!a)
		return;
	acc_clear(a);
	free(a->slots);
	free(a);
}

static struct acc_entry *acc_find(struct stats_acc *a, int64_t id)
{
	size_t h = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 20);
	for (size_t i = 0;; i++) {
		struct acc_entry *e = &a->slots[(h + i) & (a->cap - 1)];
		if (e->org_id == id || e->org_id == 0)
			return e;
	}
}

static struct acc_entry *acc_get(struct stats_acc *a, int64_t id)
{
	if ((a->used + 1) * 2 > a->cap) {
		struct acc_entry *old = a->slots;
		size_t oldcap = a->cap;
		a->cap *= 2;
		a->slots = xcalloc(a->cap, sizeof(*a->slots));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].org_id)
				*acc_find(a, old[i].org_id) = old[i];
		free(old);
	}
	struct acc_entry *e = acc_find(a, id);
	if (!e->org_id) {
		e->org_id = id;
		e->v = xcalloc(1, sizeof(*e->v));
		a->used++;
	}
	return e;
}

/* The entry of the last organisation on path, remembering the path. */
static struct acc_entry *acc_own(struct stats_acc *a, const char *path)
{
	size_t n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	struct acc_entry *e = acc_get(a, strtoll(path + start, NULL, 10));
	if (!e->path)
		e->path = xstrdup(path);
	return e;
}

void stats_acc_add_path(struct stats_acc *a, const char *path, const struct stats_vec *v)
{
	struct acc_entry *e = acc_own(a, path);
	for (int i = 0; i < S_COUNT; i++)
		e->v->n[i] += v->n[i];
}

void stats_acc_add_person(struct stats_acc *a, const char *path, const struct stats_person *p, int sign)
{
	stats_add_person(acc_own(a, path)->v, p, sign);
}

/* Spreads every entry's own delta to the organisations of its path, into totals. */
static void acc_spread(struct stats_acc *a, struct stats_acc *totals)
{
	for (size_t i = 0; i < a->cap; i++) {
		struct acc_entry *e = &a->slots[i];
		if (!e->org_id)
			continue;
		if (!e->path) { /* an entry without a path counts for itself only */
			struct stats_vec *t = acc_get(totals, e->org_id)->v;
			for (int k = 0; k < S_COUNT; k++)
				t->n[k] += e->v->n[k];
			continue;
		}
		for (const char *p = e->path; *p;) {
			if (*p == '/') {
				p++;
				continue;
			}
			int64_t id = strtoll(p, (char **)&p, 10);
			struct stats_vec *t = acc_get(totals, id)->v;
			for (int k = 0; k < S_COUNT; k++)
				t->n[k] += e->v->n[k];
		}
	}
}

enum jc_err stats_load(struct db *db, int64_t org_id, struct stats_vec *out, struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT counts FROM org_stats WHERE org_id = ?1");
	db_bind_int(s, 1, org_id);
	int r = db_step(s, err);
	if (r < 0)
		return err ? err->code : JC_EINTERNAL;
	memset(out, 0, sizeof(*out));
	if (r == 0)
		return JC_OK;
	size_t n;
	const unsigned char *p = db_col_blob(s, 0, &n);
	int bad = stats_decode(p, n, out);
	db_reset(s);
	if (bad)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "stored statistics of %lld are corrupt",
			       (long long)org_id);
	return JC_OK;
}

static enum jc_err store(struct db *db, int64_t org_id, const struct stats_vec *v,
			 struct jc_error *err)
{
	unsigned char blob[S_COUNT * 12];
	size_t n = stats_encode(v, blob, sizeof(blob));
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO org_stats (org_id, counts) VALUES (?1, ?2)"
		" ON CONFLICT (org_id) DO UPDATE SET counts = excluded.counts");
	db_bind_int(s, 1, org_id);
	db_bind_blob(s, 2, blob, n);
	return db_run(s, err);
}

enum jc_err stats_acc_flush(struct stats_acc *a, struct db *db, struct jc_error *err)
{
	enum jc_err e = JC_OK;
	struct stats_vec cur;
	struct stats_acc *totals = stats_acc_new();
	acc_spread(a, totals);
	acc_clear(a);
	for (size_t i = 0; !e && i < totals->cap; i++) {
		struct acc_entry *en = &totals->slots[i];
		if (!en->org_id)
			continue;
		if ((e = stats_load(db, en->org_id, &cur, err)))
			break;
		for (int k = 0; k < S_COUNT; k++)
			cur.n[k] += en->v->n[k];
		e = store(db, en->org_id, &cur, err);
	}
	stats_acc_free(totals);
	return e;
}

/* --- report ------------------------------------------------------------------------------ */

static struct stats_table *table(struct stats_table *out, size_t *n, const char *group, const char *key,
				 const char *zh, const char *en)
{
	struct stats_table *t = &out[(*n)++];
	memset(t, 0, sizeof(*t));
	t->group = group;
	t->key = key;
	t->zh = zh;
	t->en = en;
	return t;
}

static void row(struct stats_table *t, const char *key, const char *zh, const char *en, int64_t n0, int64_t n1)
{
	struct stats_row *r = &t->rows[t->count++];
	*r = (struct stats_row){ key, zh, en, { n0, n1 } };
}

/* A table with a row per code, counted from slot base on. */
static void by_codes(struct stats_table *t, const struct stats_vec *v, int base, const struct code *codes,
		     size_t count)
{
	for (size_t i = 0; i < count; i++)
		row(t, codes[i].key, codes[i].zh, codes[i].en, v->n[base + (int)i], 0);
}

#define CODES(t, v, base, table) by_codes(t, v, base, (table).codes, (table).count)
#define ROWS(t, v, base, arr) by_codes(t, v, base, arr, sizeof(arr) / sizeof((arr)[0]))

size_t stats_tables(const struct stats_vec *v, int ref_year, struct stats_table out[STATS_TABLES])
{
	size_t n = 0;
	struct stats_table *st = table(out, &n, NULL, "by_state", "党籍状态", "membership state");
	for (size_t i = 0; i < member_states.count; i++)
		row(st, member_states.codes[i].key, member_states.codes[i].zh, member_states.codes[i].en,
		    v->n[state_slot((int)i)], 0);
	CODES(table(out, &n, NULL, "by_category", "党员类别", "category"), v, S_CATEGORY, member_categories);
	CODES(table(out, &n, NULL, "by_gender", "性别", "gender"), v, S_GENDER, member_genders);
	ROWS(table(out, &n, NULL, "by_ethnicity", "民族", "ethnicity"), v, S_ETHNIC, ethnic_rows);
	CODES(table(out, &n, NULL, "by_education", "学历", "education"), v, S_EDUCATION, member_educations);
	CODES(table(out, &n, NULL, "by_occupation", "职业", "occupation"), v, S_OCCUPATION, member_occupations);
	struct stats_table *t = table(out, &n, NULL, "by_join_band", "入党时间", "date of joining");
	for (size_t i = 0; i < sizeof(join_bands) / sizeof(join_bands[0]); i++)
		row(t, join_bands[i].key, join_bands[i].zh, join_bands[i].en, v->n[S_JOIN_BAND + (int)i], 0);
	ROWS(table(out, &n, NULL, "flags", "失联与流动", "lost contact and mobile"), v, S_FLAG, flag_rows);
	/* Age bands by gender, ages reached in ref_year. */
	struct stats_table *ab = table(out, &n, NULL, "by_age_band", "年龄", "age");
	struct stats_table *pyramid = table(out, &n, NULL, "age_pyramid", "年龄金字塔", "age pyramid");
	pyramid->two_columns = true;
	for (size_t b = 0; b < sizeof(age_bands) / sizeof(age_bands[0]); b++) {
		int64_t by_g[2] = { 0, 0 };
		for (int g = 0; g < 2; g++)
			for (int y = 0; y < STATS_BIRTH_YEARS; y++) {
				int age = ref_year - (STATS_BIRTH_FIRST + y);
				if (age >= age_bands[b].lo && age <= age_bands[b].hi)
					by_g[g] += v->n[S_BIRTH + g * STATS_BIRTH_YEARS + y];
			}
		row(ab, age_bands[b].key, age_bands[b].zh, age_bands[b].en, by_g[0] + by_g[1], 0);
		row(pyramid, age_bands[b].key, age_bands[b].zh, age_bands[b].en, by_g[0], by_g[1]);
	}
	ROWS(table(out, &n, NULL, "by_develop_stage", "发展党员", "recruitment in progress"), v, S_DEVELOP, develop_rows);
	CODES(table(out, &n, "organisations", "by_type", "组织类别", "organisations by type"), v, S_ORG_TYPE, org_types);
	CODES(table(out, &n, "organisations", "by_unit_category", "单位类别", "organisations by unit"), v, S_ORG_UNIT,
	      org_unit_categories);
	return n;
}

json_t *stats_to_json(const struct stats_vec *v, int ref_year)
{
	json_t *r = json_object();
	json_object_set_new(r, "reference_date", json_sprintf("%04d-12-31", ref_year));
	json_object_set_new(r, "members", json_integer(v->n[S_MEMBERS]));
	int64_t total = 0;
	for (size_t i = 0; i < org_types.count; i++)
		total += v->n[S_ORG_TYPE + (int)i];
	json_t *orgs = json_pack("{s:I}", "total", (json_int_t)total);
	struct stats_table tables[STATS_TABLES];
	size_t n = stats_tables(v, ref_year, tables);
	for (size_t i = 0; i < n; i++) {
		const struct stats_table *t = &tables[i];
		json_t *o = json_object();
		for (size_t k = 0; k < t->count; k++)
			json_object_set_new(o, t->rows[k].key, t->two_columns ?
					    json_pack("{s:I,s:I}", "M", (json_int_t)t->rows[k].n[0], "F",
						      (json_int_t)t->rows[k].n[1]) : json_integer(t->rows[k].n[0]));
		json_object_set_new(t->group ? orgs : r, t->key, o);
	}
	json_object_set_new(r, "organisations", orgs);
	return r;
}

/* --- recount ----------------------------------------------------------------------------- */

/* Own counts of each organisation, indexed through an accumulator keyed by org id. */
long stats_verify(struct db *db, int fix, void (*report)(int64_t, const char *, void *), void *ctx,
		  struct jc_error *err)
{
	struct stats_acc *own = stats_acc_new(), *fresh = stats_acc_new();
	long differing = 0;
	enum jc_err e = JC_OK;
	int r;
	/* Members and organisations add to every organisation on their path. */
	struct db_stmt *m = db_stmt(db,
		"SELECT o.path, m.state, m.category, m.gender, m.ethnicity, m.education, m.occupation,"
		" m.birth_date, m.admit_date, m.lost_contact, m.mobile"
		" FROM member m JOIN org o ON o.id = m.org_id");
	struct stats_vec one;
	while ((r = db_step(m, err)) == 1) {
		struct stats_person p = {
			db_col_text(m, 1), db_col_text(m, 2), db_col_text(m, 3), db_col_text(m, 4),
			db_col_text(m, 5), db_col_text(m, 6), db_col_date(m, 7), db_col_date(m, 8),
			(int)db_col_int(m, 9), (int)db_col_int(m, 10),
		};
		stats_acc_add_person(own, db_col_text(m, 0), &p, 1);
	}
	/* Open recruitment cases count at their organisation's path. */
	struct db_stmt *c = db_stmt(db, "SELECT o.path, c.stage FROM develop_case c JOIN org o ON o.id = c.org_id"
					" WHERE c.stage IN ('applicant', 'activist', 'target')");
	while (r == 0 && (r = db_step(c, err)) == 1) {
		r = 0;
		memset(&one, 0, sizeof(one));
		stats_add_develop(&one, db_col_text(c, 1), 1);
		stats_acc_add_path(own, db_col_text(c, 0), &one);
	}
	struct db_stmt *o = db_stmt(db, "SELECT path, type, unit_category, status, id,"
					" EXISTS (SELECT 1 FROM org_committee c WHERE c.org_id = org.id) FROM org");
	while (r == 0 && (r = db_step(o, err)) == 1) {
		r = 0; /* keep walking the organisations */
		memset(&one, 0, sizeof(one));
		stats_add_org(&one, db_col_text(o, 1), db_col_text(o, 2), db_col_text(o, 3), 1);
		if (db_col_int(o, 5))
			stats_add_committee(&one, db_col_text(o, 1), db_col_text(o, 3), 1);
		stats_acc_add_path(own, db_col_text(o, 0), &one);
	}
	if (r > 0)
		r = 0;
	acc_spread(own, fresh);
	stats_acc_free(own);
	if (r < 0) {
		stats_acc_free(fresh);
		return -1;
	}
	for (size_t i = 0; !e && i < fresh->cap; i++) {
		struct acc_entry *en = &fresh->slots[i];
		if (!en->org_id)
			continue;
		struct stats_vec kept;
		if ((e = stats_load(db, en->org_id, &kept, err)))
			break;
		if (!memcmp(&kept, en->v, sizeof(kept)))
			continue;
		differing++;
		if (report) {
			char what[160] = "";
			for (int k = 0; k < S_COUNT; k++)
				if (kept.n[k] != en->v->n[k]) {
					snprintf(what, sizeof(what), "counter %d: kept %lld, recount %lld", k,
						 (long long)kept.n[k], (long long)en->v->n[k]);
					break;
				}
			report(en->org_id, what, ctx);
		}
		if (fix)
			e = store(db, en->org_id, en->v, err);
	}
	stats_acc_free(fresh);
	return e ? -1 : differing;
}
