/*
 * cli_orglife.c - organisational life from the command line, for a department's whole tree:
 *   jiceng orglife compliance ORG --period P [--out FILE]   every branch and Party group of the
 *       subtree judged on the period, one CSV row each (streamed: the whole country fits);
 *   jiceng orglife summary ORG --period P                   the kept whole-tree summary as JSON;
 *   jiceng orglife rebuild                                  recount the kept summaries from the
 *       monthly counts (after a frequency rule was changed), printing how many rows differed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "cli/cli.h"
#include "db/db.h"
#include "orglife/orglife.h"

/* A CSV field, quoted (RFC 4180, libcsv). */
static void csv_field(FILE *f, const char *s)
{
	csv_fwrite(f, s, strlen(s));
}

struct csv {
	FILE *f;
	long rows, met;
};

static enum jc_err csv_row(const struct orglife_org_result *o, void *arg, struct jc_error *err)
{
	struct csv *c = arg;
	csv_field(c->f, o->code);
	fputc(',', c->f);
	csv_field(c->f, o->name);
	fprintf(c->f, ",%s,%s", o->type, o->met ? "yes" : "no");
	for (int k = 0; k < ORGLIFE_NREQ; k++) {
		const struct orglife_finding *f = NULL;
		for (int i = 0; i < o->nfindings; i++)
			if (o->findings[i].rq == &orglife_requirements[k])
				f = &o->findings[i];
		if (!f)
			fputs(",", c->f);
		else
			fprintf(c->f, ",%s %d/%d", f->j.units_short ? "short" : f->j.pending ? "pending" : "met", f->j.units_met,
				f->j.units_met + f->j.units_short + f->j.pending);
	}
	fputc('\n', c->f);
	c->rows++;
	c->met += o->met;
	if (ferror(c->f))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write the CSV");
	return JC_OK;
}

static int compliance(struct db *db, int64_t org, const struct orglife_period *p, const char *out)
{
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		perror(out);
		return 1;
	}
	struct csv c = { f, 0, 0 };
	fputs("code,name,type,all_met", f);
	for (int k = 0; k < ORGLIFE_NREQ; k++)
		fprintf(f, ",%s", orglife_requirements[k].key);
	fputc('\n', f);
	struct jc_error err = { 0 };
	enum jc_err e = orglife_compliance_each(db, org, p, 0, csv_row, &c, &err);
	if (out && fclose(f) && !e)
		e = jc_fail(&err, JC_EINTERNAL, NULL, NULL, "cannot write '%s'", out);
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	fprintf(stderr, "%ld branches and groups judged, %ld met every requirement\n", c.rows, c.met);
	return 0;
}

static int rebuild(struct db *db)
{
	struct jc_error err = { 0 };
	long changed = 0;
	enum jc_err e = db_begin(db, &err);
	if (!e)
		e = orglife_kept_rebuild(db, &changed, &err);
	if (!e)
		e = db_commit(db, &err);
	if (e) {
		db_rollback(db);
		cli_print_error(&err);
		return 1;
	}
	printf("kept summaries rebuilt: %ld rows differed\n", changed);
	return 0;
}

int cli_orglife(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *period = cli_option(&argc, argv, "--period");
	const char *out = cli_option(&argc, argv, "--out");
	bool whole = argc == 3 && period && (!strcmp(argv[1], "compliance") || !strcmp(argv[1], "summary"));
	if (!whole && !(argc == 2 && !strcmp(argv[1], "rebuild"))) {
		fprintf(stderr, "usage: jiceng orglife compliance ORG --period P [--out FILE.csv] | orglife summary ORG --period P | orglife rebuild\n");
		return 2;
	}
	struct orglife_period p;
	struct jc_error err = { 0 };
	if (period && orglife_period_parse(period, &p, &err)) {
		cli_print_error(&err);
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int status = 1;
	if (!whole) {
		status = rebuild(db);
	} else {
		int64_t org = cli_org(db, argv[2]);
		json_t *j = NULL;
		if (org && !strcmp(argv[1], "compliance")) {
			status = compliance(db, org, &p, out);
		} else if (org && orglife_summary(db, org, &p, &j, &err)) {
			cli_print_error(&err);
		} else if (org) {
			json_dumpf(j, stdout, JSON_INDENT(2));
			printf("\n");
			json_decref(j);
			status = 0;
		}
	}
	db_close(db);
	return status;
}
