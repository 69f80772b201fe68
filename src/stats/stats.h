/*
 * stats.h - statistics of any subtree, answered without scanning it.
 *
 * Each organisation has a vector of counters (org_stats) covering its whole subtree: members by
 * membership state, category, gender, ethnicity, education, occupation, join-date band, flags,
 * birth year by gender (age bands are derived from birth years for any reference year, the
 * bulletin's "age at 31 December" convention), organisations by type and unit category, and the
 * people on their way in (recruitment cases by stage).
 * The dimensions are those of the annual statistical bulletin (domain-rules §9.1).
 *
 * Every change to a member or an organisation computes a delta vector and applies it to the
 * organisation and all its ancestors in the same transaction (struct stats_acc gathers deltas
 * so that a bulk import writes each touched organisation once). stats_verify() recounts from the
 * registry and lists every difference.
 *
 * Stored form: a sparse encoding of the non-zero counters (slot, value) as varints.
 */
#ifndef JC_STATS_H
#define JC_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct db;

#define STATS_BIRTH_FIRST 1900
#define STATS_BIRTH_YEARS 120 /* 1900 .. 2019; earlier and later births go to the end slots */

enum stats_slot {
	S_MEMBERS = 0,                        /* current members: state normal or stopped */
	S_STATE = S_MEMBERS + 1,              /* member_state codes, every state */
	S_CATEGORY = S_STATE + 7,             /* full, probationary */
	S_GENDER = S_CATEGORY + 2,            /* M, F */
	S_ETHNIC = S_GENDER + 2,              /* han, minority */
	S_EDUCATION = S_ETHNIC + 2,           /* member_education codes */
	S_OCCUPATION = S_EDUCATION + 5,       /* member_occupation codes */
	S_JOIN_BAND = S_OCCUPATION + 8,       /* stats_join_bands */
	S_FLAG = S_JOIN_BAND + 4,             /* lost contact, mobile */
	S_ORG_TYPE = S_FLAG + 2,              /* org_types, active organisations */
	S_ORG_UNIT = S_ORG_TYPE + 11,         /* org_unit_categories, active organisations */
	S_BIRTH = S_ORG_UNIT + 11,            /* [gender][year] */
	/* Slots added after the first layout go at the end, so that kept vectors keep their meaning. */
	S_STATE_MORE = S_BIRTH + 2 * STATS_BIRTH_YEARS, /* member_state codes after the first 7 */
	S_DEVELOP = S_STATE_MORE + 1,         /* open recruitment cases: applicants, activists, targets */
	S_COMMITTEE = S_DEVELOP + 3,          /* active branches (not general branches) with a committee */
	S_STATE_LATER = S_COMMITTEE + 1,      /* member_state codes after the first 8 (transferred_out) */
	S_COUNT = S_STATE_LATER + 1,
};

/* What the counters need to know of a member. */
struct stats_person {
	const char *state, *category, *gender, *ethnicity, *education, *occupation;
	int birth_date, admit_date;
	int lost_contact, mobile;
};

struct stats_vec {
	int64_t n[S_COUNT];
};

void stats_add_person(struct stats_vec *v, const struct stats_person *p, int sign);
void stats_add_org(struct stats_vec *v, const char *type, const char *unit_category,
		   const char *status, int sign);
/* Active organisations of the type (an org_types code) counted in v. */
int64_t stats_org_count(const struct stats_vec *v, const char *type);
/* Counts (sign 1) or uncounts (-1) an organisation that has a committee: active branches of the
 * kinds judged by organisational life (branch, joint and temporary branch) are counted. */
void stats_add_committee(struct stats_vec *v, const char *type, const char *status, int sign);
/* Counts (sign 1) or uncounts (-1) an open recruitment case at its stage ("applicant",
 * "activist", "target"; other stages are not counted here: probationary members are members). */
void stats_add_develop(struct stats_vec *v, const char *stage, int sign);

/* Accumulates deltas for a set of organisations, then writes them in one pass: deltas are kept
 * per organisation and spread to its ancestors only when flushed, so a bulk import costs a few
 * counter increments per member. */
struct stats_acc;
struct stats_acc *stats_acc_new(void);
void stats_acc_free(struct stats_acc *a);
/* Adds v to every organisation on path ("/1/5/23/": ancestors and self). */
void stats_acc_add_path(struct stats_acc *a, const char *path, const struct stats_vec *v);
/* Adds (sign = 1) or removes (-1) one member of the organisation at path. */
void stats_acc_add_person(struct stats_acc *a, const char *path, const struct stats_person *p, int sign);
/* Writes all gathered deltas (inside the caller's transaction) and empties the accumulator. */
enum jc_err stats_acc_flush(struct stats_acc *a, struct db *db, struct jc_error *err);

/* The counters of org_id's subtree (all zero when none are kept yet). */
enum jc_err stats_load(struct db *db, int64_t org_id, struct stats_vec *out, struct jc_error *err);

/* The report: {"members":N, "by_state":{...}, ..., "by_age_band":{...}} for reference year. */
json_t *stats_to_json(const struct stats_vec *v, int ref_year);

/* The report's tables, each row labelled in Chinese and English (the code tables' labels), in
 * the report's order: what stats_to_json and the spreadsheet (stats_export_xlsx) are made of. */
#define STATS_TABLES 13
#define STATS_TABLE_ROWS 12
struct stats_row {
	const char *key, *zh, *en;
	int64_t n[2];             /* the count; in a two-column table, men then women */
};
struct stats_table {
	const char *group;        /* NULL, or the report's member holding it ("organisations") */
	const char *key;          /* the report's key: "by_state", ... */
	const char *zh, *en;      /* the table's title */
	bool two_columns;         /* n[0] and n[1] by gender (M, F) */
	size_t count;
	struct stats_row rows[STATS_TABLE_ROWS];
};
/* Fills out with the tables of v for the reference year; returns how many (STATS_TABLES). */
size_t stats_tables(const struct stats_vec *v, int ref_year, struct stats_table out[STATS_TABLES]);

/* Whether key names a table of the report ("by_state", "age_pyramid", "by_type", ...). */
bool stats_table_known(const char *key);
/* Writes the report of v (an organisation's subtree: its name and code) for ref_year to path as
 * XLSX: a first sheet naming the organisation, its code and the reference date, then a sheet per
 * table (only the table named only, when it is not NULL) with a header row and a row per key,
 * labelled in Chinese with English beside it. */
enum jc_err stats_export_xlsx(const struct stats_vec *v, int ref_year, const char *org_name, const char *org_code,
			      const char *only, const char *path, struct jc_error *err);

/* Recounts every organisation from the registry and compares with the kept counters. Reports
 * each differing organisation on report (may be NULL); returns how many differ, or -1. When fix
 * is non-zero the kept counters are replaced by the recount. */
long stats_verify(struct db *db, int fix, void (*report)(int64_t org_id, const char *what, void *ctx),
		  void *ctx, struct jc_error *err);

/* Encoding, exposed for the unit tests. */
size_t stats_encode(const struct stats_vec *v, unsigned char *out, size_t cap);
int stats_decode(const unsigned char *p, size_t n, struct stats_vec *out);

#endif
