/*
 * org.h - the organisation tree.
 *
 * An organisation has a parent (none for the root), a type (local committees above the grassroots,
 * then 基层党委, 党总支, 党支部, 联合党支部, 临时党支部, 党小组), a unit category, dates, a
 * committee by post and a status. The tree's invariants, kept by org_store.c inside each
 * write transaction:
 *   - path is the parent's path followed by "<id>/", depth is the parent's depth + 1;
 *   - org_stats of every organisation covers exactly its subtree;
 *   - a move never puts an organisation under its own subtree.
 * Set-up findings (domain-rules §2.1-2.3) are computed by org_rules.c from the organisation, its
 * counts and the rule table; they are reported, never enforced on ordinary edits.
 */
#ifndef JC_ORG_H
#define JC_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "base/fields.h"
#include "history/history.h"

struct db;
struct stats_vec;

extern const struct code_table org_types;
extern const struct code_table org_unit_categories;
extern const struct code_table org_statuses;
extern const struct code_table org_committee_posts;

struct org {
	int64_t id;
	int64_t parent_id;
	char code[33];
	char name[193];
	char short_name[97];
	char type[24];
	char unit_category[24];
	char division_code[13];
	int founded_on;
	int term_start;
	int term_expiry;
	int can_approve;
	int64_t units_covered;
	char status[12];
	int dissolved_on;
	int64_t version;
	char path[256]; /* kept by the store; read-only */
	int64_t depth;
};

extern const struct record_desc org_desc;

/* A committee member of an organisation. */
struct org_post {
	char post[24];
	char name[64];
	int64_t member_id;
	int since;
};

/* --- rules (pure) ---------------------------------------------------------------------- */

/* Validates an organisation on its own (codes, division code, dates in order). */
enum jc_err org_validate(const struct org *o, struct jc_error *err);
/* Whether an organisation of type child may sit under one of type parent. */
bool org_type_may_parent(const char *parent_type, const char *child_type);
bool org_type_is_branch(const char *type); /* 党支部, 联合党支部, 临时党支部 */

/* Values of the set-up rules in force for one organisation (read from the rule table). */
struct org_setup_rules {
	struct rule_ref {
		const char *key;
		int64_t value;
		char regulation[160];
		char article[96];
	} branch_min_full, branch_max, committee_threshold, discipline, joint_max_units,
		general_min_members, general_min_branches, primary_min_members, term_primary,
		term_branch, term_village, postpone_max;
};

struct org_counts {
	int64_t members, full_members, child_branches, committee_size;
	bool has_secretary, has_discipline;
};

/* Appends the set-up findings of o to the JSON array out: {rule, article, severity, message_zh,
 * message_en, field}. today is the day of evaluation. */
void org_findings(const struct org *o, const char *parent_type, const struct org_counts *c,
		  const struct org_setup_rules *r, int today, json_t *out);
/* The term expiry in force: o->term_expiry, or term_start + the term of its type. */
int org_term_expiry(const struct org *o, const struct org_setup_rules *r);

/* --- store ------------------------------------------------------------------------------ */

enum jc_err org_get(struct db *db, int64_t id, struct org *out, struct jc_error *err);
enum jc_err org_get_by_code(struct db *db, const char *code, struct org *out, struct jc_error *err);
/* Creates o (id assigned into o->id) under o->parent_id, with history and statistics. */
enum jc_err org_create(struct db *db, struct org *o, const struct actor *who, struct jc_error *err);
/* Replaces the editable fields of id with those of o (the caller merged a partial body). */
enum jc_err org_update(struct db *db, const struct org *o, const struct actor *who,
		       struct jc_error *err);
/* Moves id under new_parent, rewriting paths and moving statistics, in the caller's transaction. */
enum jc_err org_move(struct db *db, int64_t id, int64_t new_parent, const struct actor *who,
		     struct jc_error *err);
enum jc_err org_committee_get(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* Replaces the committee of id with posts (a JSON array of {post, name, member_id?, since?}). */
enum jc_err org_committee_set(struct db *db, int64_t id, json_t *posts, const struct actor *who,
			      struct jc_error *err);
/* The findings of id, as a JSON array. */
enum jc_err org_findings_get(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* Loads the rule values of org_setup_rules in force today for org id (a rule missing from the
 * table is 0); a failure of the store is returned. */
enum jc_err org_setup_rules_load(struct db *db, int64_t id, struct org_setup_rules *r, struct jc_error *err);

/* The end of path's subtree: every organisation at or under path has a path p with
 * path <= p < end (the last '/' raised to '0'), so a subtree is one range of the path index. */
void org_subtree_end(const char *path, char end[256]);

/* The organisation as JSON (with its path as a list of ids). */
json_t *org_to_json(const struct org *o);
/* "/1/5/23/" as [1, 5, 23]. */
json_t *org_path_ids(const char *path);

#endif
