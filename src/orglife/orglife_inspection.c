/*
 * orglife_inspection.c - spot checks (抽查): a superior organisation draws a random sample of the
 * meetings its subtree recorded in a period and records what the inspection found.
 *
 * The draw is reproducible by anyone: every meeting of the subtree held in the period is ranked
 * by the SM3 hash of "<seed>:<meeting id>" (hex, ascending) and the first `size` are the sample.
 * The seed is recorded with the inspection (chosen at random when none is given), so the same
 * seed over the same records gives the same sample - a check on the inspector as much as on the
 * inspected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hex.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "org/org.h"
#include "orglife/orglife.h"

struct ranked {
	int64_t id;
	unsigned char hash[CRYPTO_SM3_LEN];
};

static int by_hash(const void *a, const void *b)
{
	return memcmp(((const struct ranked *)a)->hash, ((const struct ranked *)b)->hash, CRYPTO_SM3_LEN);
}

enum jc_err orglife_draw(struct db *db, int64_t org_id, const struct orglife_period *p, const char *seed, int size,
			 json_t **sample, struct jc_error *err)
{
	struct org top;
	enum jc_err e = org_get(db, org_id, &top, err);
	if (e)
		return e;
	char hi[256], from[11], to[11];
	org_subtree_end(top.path, hi);
	date_format(date_from_ymd(p->year, p->first_month, 1), from);
	date_format(date_add_months(date_from_ymd(p->year, p->first_month, 1), p->months) - 1, to);
	struct db_stmt *q = db_stmt(db, "SELECT m.id FROM meeting m JOIN org o ON o.id = m.org_id"
					" WHERE o.path >= ?1 AND o.path < ?2 AND m.held_on >= ?3 AND m.held_on <= ?4");
	db_bind_text(q, 1, top.path);
	db_bind_text(q, 2, hi);
	db_bind_text(q, 3, from);
	db_bind_text(q, 4, to);
	struct ranked *all = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(q, err)) == 1) {
		all = xgrow(all, &cap, n + 1, sizeof(*all));
		all[n].id = db_col_int(q, 0);
		char text[96];
		int len = snprintf(text, sizeof(text), "%s:%lld", seed, (long long)all[n].id);
		crypto_sm3(text, (size_t)len, all[n].hash);
		n++;
	}
	if (r < 0) {
		free(all);
		return err->code;
	}
	if (n)
		qsort(all, n, sizeof(*all), by_hash); /* (an empty list may be NULL, which qsort may not take) */
	*sample = json_array();
	for (size_t i = 0; i < n && (int)i < size; i++)
		json_array_append_new(*sample, json_integer(all[i].id));
	free(all);
	return JC_OK;
}

static enum jc_err check_seed(const char *seed, struct jc_error *err)
{
	size_t n = strlen(seed);
	if (n < 1 || n > 64 || strspn(seed, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") != n)
		return jc_fail(err, JC_EINVAL, "seed", NULL, "'seed' must be 1 to 64 letters, digits, '-' or '_'");
	return JC_OK;
}

enum jc_err orglife_inspection_create(struct db *db, int64_t org_id, const char *period, const char *seed, int size,
				      const struct actor *who, int64_t *id, struct jc_error *err)
{
	struct orglife_period p;
	char chosen[33];
	enum jc_err e = orglife_period_parse(period, &p, err);
	if (e)
		return e;
	if (size < 1 || size > 500)
		return jc_fail(err, JC_EINVAL, "size", NULL, "'size' must be from 1 to 500 meetings");
	if (!seed || !seed[0]) { /* a fresh seed, recorded: the draw can always be repeated */
		unsigned char raw[16];
		if ((e = crypto_random(raw, sizeof(raw))))
			return jc_fail(err, e, NULL, NULL, "no random seed could be drawn");
		hex_encode(raw, sizeof(raw), chosen);
		seed = chosen;
	} else if ((e = check_seed(seed, err))) {
		return e;
	}
	json_t *sample;
	if ((e = orglife_draw(db, org_id, &p, seed, size, &sample, err)))
		return e;
	char now[21], *text = json_dumps(sample, JSON_COMPACT);
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO inspection (org_id, period, seed, size, sample, created_by, created_at)"
					" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_int(q, 1, org_id);
	db_bind_text(q, 2, period);
	db_bind_text(q, 3, seed);
	db_bind_int(q, 4, size);
	db_bind_text(q, 5, text);
	db_bind_text(q, 6, who->name);
	db_bind_text(q, 7, now);
	free(text);
	json_decref(sample);
	if ((e = db_run(q, err)))
		return e;
	*id = db_last_id(db);
	return JC_OK;
}

enum jc_err orglife_inspection_finding(struct db *db, int64_t id, int64_t meeting_id, const char *severity,
				       const char *finding, const struct actor *who, struct jc_error *err)
{
	if (!severity || (strcmp(severity, "ok") && strcmp(severity, "note") && strcmp(severity, "problem")))
		return jc_fail(err, JC_EINVAL, "severity", NULL, "'severity' must be ok, note or problem");
	if (!finding || !finding[0] || strlen(finding) > 4000)
		return jc_fail(err, JC_EINVAL, "finding", NULL, "'finding' is required (at most 4000 bytes)");
	struct db_stmt *q = db_stmt(db, "SELECT sample FROM inspection WHERE id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no inspection %lld", (long long)id);
	json_t *sample = json_loads(db_col_text(q, 0), 0, NULL);
	db_reset(q);
	bool in = false;
	size_t i;
	json_t *x;
	json_array_foreach(sample, i, x)
		in |= json_integer_value(x) == meeting_id;
	json_decref(sample);
	if (!in)
		return jc_fail(err, JC_EINVAL, "meeting_id", NULL, "meeting %lld is not in this inspection's sample",
			       (long long)meeting_id);
	char now[21];
	clock_format(clock_now(), now);
	q = db_stmt(db, "INSERT INTO inspection_finding (inspection_id, meeting_id, severity, finding, recorded_by, recorded_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, meeting_id);
	db_bind_text(q, 3, severity);
	db_bind_text(q, 4, finding);
	db_bind_text(q, 5, who->name);
	db_bind_text(q, 6, now);
	return db_run(q, err);
}

enum jc_err orglife_inspection_json(struct db *db, int64_t id, json_t **out, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT org_id, period, seed, size, sample, created_by, created_at FROM inspection WHERE id = ?1");
	db_bind_int(q, 1, id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no inspection %lld", (long long)id);
	json_t *sample = json_loads(db_col_text(q, 4), 0, NULL);
	json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:I,s:o,s:s,s:s}", "id", (json_int_t)id, "org_id", (json_int_t)db_col_int(q, 0),
			      "period", db_col_text(q, 1), "seed", db_col_text(q, 2), "size", (json_int_t)db_col_int(q, 3),
			      "sample", sample ? sample : json_array(), "created_by", db_col_text(q, 5), "created_at",
			      db_col_text(q, 6));
	db_reset(q);
	json_t *findings = json_array();
	q = db_stmt(db, "SELECT meeting_id, severity, finding, recorded_by, recorded_at FROM inspection_finding"
			" WHERE inspection_id = ?1 ORDER BY id");
	db_bind_int(q, 1, id);
	while ((r = db_step(q, err)) == 1)
		json_array_append_new(findings, json_pack("{s:I,s:s,s:s,s:s,s:s}", "meeting_id", (json_int_t)db_col_int(q, 0),
							  "severity", db_col_text(q, 1), "finding", db_col_text(q, 2),
							  "recorded_by", db_col_text(q, 3), "recorded_at", db_col_text(q, 4)));
	json_object_set_new(j, "findings", findings);
	if (r < 0) {
		json_decref(j);
		return err->code;
	}
	*out = j;
	return JC_OK;
}
