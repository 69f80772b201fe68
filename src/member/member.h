/*
 * member.h - the member registry.
 *
 * A member belongs to one organisation (a branch, usually) and optionally to a 党小组 under it.
 * The fields are those of domain-rules §11 (identity, work, occupation category of the bulletin,
 * Party status with every development date, posts, membership state with each way out of §7 as
 * its own state, lost-contact and mobile flags, dues base), described once in member_desc.
 * Invariants kept by member_store.c in each write transaction:
 *   - every change adds a history row (who, when, action, reason, fields before and after);
 *   - the statistics of every ancestor organisation move with the member.
 * member_rules.c holds the pure checks: the national ID number (GB 11643 check digit, birth
 * date and gender agree with the record) and the development dates against each other and the
 * rule table.
 */
#ifndef JC_MEMBER_H
#define JC_MEMBER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "base/fields.h"
#include "history/history.h"

struct buf;
struct db;
struct stats_person;
struct rule;

extern const struct code_table member_genders;
extern const struct code_table member_ethnicities;
extern const struct code_table member_educations;
extern const struct code_table member_occupations;
extern const struct code_table member_categories;
extern const struct code_table member_states;

struct member {
	int64_t id;
	int64_t org_id;
	int64_t group_id;
	char name[64];
	char gender[2];
	char id_number[19];
	int birth_date;
	char ethnicity[3];
	char native_place[97];
	char household_place[193];
	char education[16];
	char degree[32];
	char phone[24];
	char address[193];
	char work_unit[193];
	char job_post[97];
	char job_title[97];
	char occupation[24];
	char category[16];
	int apply_date;
	int activist_date;
	int target_date;
	int admit_date;
	int convert_date;
	char introducers[97];
	char mentors[97];
	char party_posts[97];
	char state[24]; /* the longest code, probation_cancelled, is 19 bytes */
	int state_date;
	int discipline_probation_until; /* 留党察看: no introducing anyone until this day */
	int lost_contact;
	int lost_contact_date;
	int mobile;
	char mobile_destination[193];
	int64_t dues_base_fen;
	int64_t dues_standard_fen;
	int64_t version;
};

extern const struct record_desc member_desc;

/* --- rules (pure) ---------------------------------------------------------------------- */

/* GB 11643-1999: 17 digits and a check character (0-9 or X). Returns true when valid; fills
 * birth (day number) and female (from the 17th digit) when non-NULL. */
bool member_id_number_valid(const char *s, int *birth, bool *female);

/* The rules member_check applies, as in force for the member's organisation. */
struct member_rules {
	struct rule *min_age;         /* member.min_age_at_application */
	struct rule *activist_months; /* member.activist_min_months */
	struct rule *probation;       /* member.probation_months */
	struct rule *max_extension;   /* member.probation_max_extension_months */
	struct rule *apply_to_activist; /* member.activist_after_application_min_months (local) */
};

#define MEMBER_RULES 5

/* Checks a complete record: the ID number against birth date and gender, and the development
 * dates against each other and the rules; today bounds every date. */
enum jc_err member_check(const struct member *m, const struct member_rules *r, int today,
			 struct jc_error *err);
/* Only the ID number's form (checked first: birth date and gender are derived from it). */
enum jc_err member_check_id_number(const struct member *m, struct jc_error *err);
/* Fills in what the record implies when absent: birth date and gender from the ID number,
 * state "normal", category from the conversion date. */
void member_complete(struct member *m);
void member_stats_person(const struct member *m, struct stats_person *p);
bool member_is_current(const struct member *m); /* state normal or stopped */

/* --- store ------------------------------------------------------------------------------ */

struct member_filter {
	const char *q;          /* name prefix, or an ID number */
	const char *state;      /* NULL = current members (normal and stopped) */
	const char *category, *gender, *education, *occupation, *ethnicity;
	int age_min, age_max;   /* -1 = none; age reached in the current year */
	int mobile, lost_contact; /* -1 = any */
};

void member_filter_init(struct member_filter *f);

enum jc_err member_get(struct db *db, int64_t id, struct member *out, struct jc_error *err);
/* The member with the masked copies of its sensitive fields: nothing is decrypted. */
enum jc_err member_get_masked(struct db *db, int64_t id, struct member *out, struct jc_error *err);
/* Creates m (id assigned) with history and statistics, in the caller's transaction. */
enum jc_err member_create(struct db *db, struct member *m, const struct actor *who,
			  struct jc_error *err);
/* Changes a member, in the caller's transaction. Refused (403): a change of org_id (only a
 * transfer moves a member) and a change of state into or out of stopped, lapsed or
 * transferred_out (only a recorded decision or a transfer changes those). */
enum jc_err member_update(struct db *db, const struct member *m, const struct actor *who,
			  struct jc_error *err);
/* The same write for a transfer or a decision on membership status, which alone may change
 * org_id (the Party group must be one of the new organisation's, or none) and those states: the
 * statistics leave the old organisation's ancestors and join the new one's, and the history row
 * is of action ("transfer_in", "transfer_out", "status_decision", ...) with who->reason. */
enum jc_err member_update_as(struct db *db, const struct member *m, const char *action, const struct actor *who,
			     struct jc_error *err);
/* One page of the members of org_id's subtree, in tree order; *next receives the cursor of the
 * next page ("" when this is the last). limit 1..500. */
enum jc_err member_page(struct db *db, int64_t org_id, const struct member_filter *f,
			const char *cursor, int limit, bool reveal, json_t **items, char next[48],
			struct jc_error *err);
/* Calls fn for every member of org_id's subtree in tree order (for exports); the sensitive
 * fields are the masked copies unless reveal. */
enum jc_err member_each(struct db *db, int64_t org_id, bool reveal,
			int (*fn)(const struct member *m, void *ctx), void *ctx, struct jc_error *err);
/* Loads the rules for members of org_id into storage[MEMBER_RULES] and points r at them; a
 * database failure is returned (an unknown key, a programming error, aborts). */
enum jc_err member_rules_load(struct db *db, int64_t org_id, struct member_rules *r, struct rule *storage,
			      struct jc_error *err);

json_t *member_to_json(const struct member *m, bool reveal);
/* The same members as text into out, without the braces (see fields_write_json). */
void member_write_json(const struct member *m, bool reveal, struct buf *out);
/* The member's history, newest first (history_list), ending with its import when it was
 * created by one. */
enum jc_err member_history(struct db *db, int64_t id, int64_t before, int limit, json_t **out,
			   struct jc_error *err);

enum member_export_format { EXPORT_CSV, EXPORT_XLSX };

/* Writes the members of org_id's subtree to path as CSV (UTF-8 with BOM) or XLSX, headed by the
 * Chinese labels (which the importer reads back); sensitive fields masked unless reveal.
 * *rows receives the number of members written. */
enum jc_err member_export(struct db *db, int64_t org_id, enum member_export_format format, bool reveal,
			  const char *path, long *rows, struct jc_error *err);

/*
 * Bulk registration, for imports and generators: many members inside the caller's transaction,
 * each with the checks of member_create, a history row of action "import" (reason: the batch and
 * line), and the statistics written once by member_bulk_finish(). A refused member stores nothing
 * (the unique ID number is the first write, so a duplicate fails before anything is written).
 */
struct member_bulk;
/* Records a new import batch (kind "members", "demo", "gen"; the file it came from) and returns
 * its id, or 0 after filling err. */
int64_t member_batch_begin(struct db *db, const char *kind, const char *file, const struct actor *who,
			   struct jc_error *err);
enum jc_err member_batch_end(struct db *db, int64_t batch, long read, long stored, long bad,
			     struct jc_error *err);
/* A bulk registration of batch batch_id into *out; a failure to read the member rules is returned. */
enum jc_err member_bulk_new(struct db *db, const struct actor *who, int64_t batch_id, struct member_bulk **out,
			    struct jc_error *err);
enum jc_err member_bulk_add(struct member_bulk *b, struct member *m, long line, struct jc_error *err);
enum jc_err member_bulk_finish(struct member_bulk *b, struct jc_error *err);
long member_bulk_count(const struct member_bulk *b);
void member_bulk_free(struct member_bulk *b);

#endif
