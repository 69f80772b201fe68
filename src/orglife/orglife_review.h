/*
 * orglife_review.h - a branch's yearly review (domain-rules §3): the democratic appraisal of
 * members (民主评议党员, 支部工作条例 第十九条), heart-to-heart talks (谈心谈话, 第十八条) and
 * the issue and rectification lists of the organisational-life meeting (组织生活会, 第十七条).
 *
 * Invariants:
 * - Everything here is the branch's archive: only added to (migrations/0009_orglife_review.sql
 *   has the triggers). An appraisal is closed by its verdict; a list item is done once.
 * - A branch here is an organisation of type branch, joint_branch, temporary_branch or
 *   general_branch; its members are those whose organisation it is (members of its Party groups
 *   included) and whose membership state is normal. A member whose membership is stopped
 *   (停止党籍) takes no part in an appraisal and is not counted in the talks.
 * - The appraisal's participants are fixed when it is opened: each with their category then, and
 *   whether they are rated (a probationary member only when orglife.appraisal_rate_probationary
 *   is 1). Its steps go in the order of 第十九条 for each participant: self-appraisal, peer
 *   appraisal, the democratic vote (rated participants only); then the verdict of a committee or
 *   members' meeting of the branch, which grades every rated participant at once and closes the
 *   appraisal (results do not come in parts: the meeting decides on all of them together). A
 *   step out of order is a conflict (409), a second record of the same step too.
 * - The rules of an appraisal are those in force on its reference day: 31 December of its year,
 *   or today while the year runs.
 * - Nothing ranks members: every list of members is in name order, never by grade or votes
 *   (DESIGN.md principle 2). A member graded 不合格 carries a follow-up hint (§7: 限期改正, then
 *   劝退 or 除名, each the branch meeting's decision); the system never acts on it.
 * - What was said in a talk is not stored: only who talked with whom, the day and a short topic.
 *
 * orglife_review_rules.c  the pure checks (unit-tested: tests/unit/test_orglife_review.c)
 * orglife_appraisal.c     appraisals in the database
 * orglife_talks.c         talks and their coverage of the branch's pairs
 * orglife_items.c         the life meeting's issue and rectification lists
 * orglife_review_api.c    the HTTP face
 */
#ifndef JC_ORGLIFE_REVIEW_H
#define JC_ORGLIFE_REVIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

extern const struct code_table orglife_appraisal_grades; /* appraisal_grade: excellent, qualified, basic, unqualified */
extern const struct code_table orglife_life_item_kinds;  /* life_item_kind: issue, rectification */

#define ORGLIFE_REVIEW_MAX_ROWS 2000     /* rows of votes or results in one request */
#define ORGLIFE_TALKS_MAX_MEMBERS 2000   /* a branch's coverage is computed up to this many members */
#define ORGLIFE_APPRAISAL_TEXT_MAX 16384 /* bytes of a self- or peer appraisal */
#define ORGLIFE_ITEM_TEXT_MAX 4000       /* bytes of an item's text or outcome */

/* --- democratic appraisal: the pure checks ------------------------------------------------ */

/* A participant as the appraisal holds them. */
struct orglife_entry {
	int64_t member_id;
	bool probationary;
	bool rated;
	bool self, peer, votes; /* which steps are recorded */
};

enum orglife_step { ORGLIFE_STEP_SELF, ORGLIFE_STEP_PEER, ORGLIFE_STEP_VOTES };

/* The rules of an appraisal, on its reference day. */
struct orglife_appraisal_rules {
	struct rule levels;            /* orglife.appraisal_levels: 3 has no 'basic', any other value all four */
	struct rule excellent_max;     /* orglife.appraisal_excellent_max_percent */
	struct rule rate_probationary; /* orglife.appraisal_rate_probationary */
};

/* Whether a member of category ("full", "probationary") is rated. */
bool orglife_appraisal_rates(const char *category, const struct rule *rate_probationary);
/* Whether grade is a grade of the appraisal under levels (a key of orglife_appraisal_grades). */
bool orglife_grade_allowed(const char *grade, const struct rule *levels);
/* How many of `rated` members may be rated excellent: rated × percent / 100, rounded down. */
long orglife_excellent_cap(long rated, const struct rule *excellent_max);

/* Whether step may be recorded for e (NULL: not a participant, 400 naming field) now: 409 when
 * the appraisal is closed, the step is recorded already or the one before it is not; 422 naming
 * orglife.appraisal_rate_probationary for the vote on a participant who is not rated. */
enum jc_err orglife_step_check(enum orglife_step step, const struct orglife_entry *e, bool closed, const char *field,
			       const struct orglife_appraisal_rules *r, struct jc_error *err);

/* The democratic vote on one participant: how many marked each grade ('basic' 0 when not given). */
struct orglife_vote {
	int64_t member_id;
	long excellent, qualified, basic, unqualified;
};
/* Checks the counts of row i: not negative (400 naming items[i].<grade>), at most `voters` in
 * all (400 naming items[i]), and no 'basic' when the appraisal has 3 grades (422 naming
 * orglife.appraisal_levels). */
enum jc_err orglife_vote_check(const struct orglife_vote *v, int i, long voters, const struct orglife_appraisal_rules *r,
			       struct jc_error *err);

/* A grade of the verdict. */
struct orglife_grade {
	int64_t member_id;
	char grade[16];
	char reason[512];
};
/* Checks the verdict against the participants: each row a participant (400 items[i].member_id),
 * once; a known grade (400 items[i].grade) of the appraisal's levels (422 orglife.appraisal_levels);
 * 'unqualified' with its reason (400 items[i].reason); no grade for a participant who is not rated
 * (422 orglife.appraisal_rate_probationary); every rated participant graded (400 items, naming
 * the first one missing); the excellent within the cap (422 orglife.appraisal_excellent_max_percent). */
enum jc_err orglife_results_check(const struct orglife_grade *rows, int n, const struct orglife_entry *entries, int nentries,
				  const struct orglife_appraisal_rules *r, struct jc_error *err);

/* The hint carried by a result of grade (NULL when none: only 'unqualified' has one). */
const char *orglife_follow_up(const char *grade);

/* --- talks: the pure counting -------------------------------------------------------------- */

/* Pairs among n members: n(n-1)/2. */
int64_t orglife_pairs(int64_t n);

/* Talks held in the year by one pair (a < b after orglife_talks_cover sorts them). */
struct orglife_pair {
	int64_t a, b;
	long talks;
};
/* Counts the pairs of members[0..n) (sorted ascending, distinct) with at least `needed` talks:
 * *pairs_met, and met[i] for members[i] (pairs naming someone not in members are ignored;
 * pairs may name a member either way round and repeat: their talks add up). Sorts pairs. */
void orglife_talks_cover(const int64_t *members, size_t n, struct orglife_pair *pairs, size_t npairs, long needed,
			 int64_t *pairs_met, long *met);

/* --- the life meeting's lists: the pure checks --------------------------------------------- */

struct orglife_life_item {
	char kind[16];          /* issue | rectification */
	char text[ORGLIFE_ITEM_TEXT_MAX + 1];
	int64_t owner_member_id; /* 0: none, or owner_name only */
	char owner_name[97];
	int due;                /* DATE_NONE: none */
	int64_t issue_id;       /* 0: none */
};
/* What the check needs from the database. */
struct orglife_item_facts {
	bool life_meeting;      /* the meeting counts as life_meeting */
	int held_on;            /* the meeting's day */
	bool owner_belongs;     /* owner_member_id is a member of the meeting's branch */
	bool issue_ok;          /* issue_id is an issue of the same meeting */
};
/* 422 naming orglife.life_meeting_lists when the meeting is no organisational-life meeting; 400
 * naming the field for a rectification without owner or due, a due before the meeting, an owner
 * who is not a member of the branch, an issue_id that is not an issue of this meeting (or given
 * on an issue). */
enum jc_err orglife_item_check(const struct orglife_life_item *it, const struct orglife_item_facts *f,
			       const struct rule *lists, struct jc_error *err);
/* Whether an item can be done on done_on: 409 when it is done already, 400 naming done_on before
 * the meeting or after today, 400 naming outcome when empty. */
enum jc_err orglife_done_check(int done_on, int held_on, int today, bool done, const char *outcome, struct jc_error *err);

/* --- store --------------------------------------------------------------------------------- */

/* Opens org_id's appraisal of year, its participants snapshotted (in the caller's transaction);
 * *id receives it. 400 naming year, 400 for an organisation that is no branch, 409 when the
 * branch has one for the year or no member to appraise. */
enum jc_err orglife_appraisal_open(struct db *db, int64_t org_id, long year, const struct actor *who, int64_t *id,
				   struct jc_error *err);
/* Records the self- or peer appraisal of member_id. */
enum jc_err orglife_appraisal_step(struct db *db, int64_t id, enum orglife_step step, int64_t member_id, const char *text,
				   const struct actor *who, struct jc_error *err);
/* Records the vote counts of rows[0..n), all or none: each on a rated participant after their
 * peer appraisal, once, with at most as many votes as the appraisal has participants. */
enum jc_err orglife_appraisal_votes(struct db *db, int64_t id, const struct orglife_vote *rows, int n, const struct actor *who,
				    struct jc_error *err);
/* Records the verdict of meeting_id: a grade for every rated participant; closes the appraisal. */
enum jc_err orglife_appraisal_results(struct db *db, int64_t id, int64_t meeting_id, const struct orglife_grade *rows, int n,
				      const struct actor *who, struct jc_error *err);
/* The appraisal: its rules, progress, participants in name order with their steps, votes and
 * results, and the verdict. */
enum jc_err orglife_appraisal_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* The appraisals of org_id's subtree (year: 0 any) with their progress, by id after `after`;
 * at most limit, *next the cursor of the next page (0: none). */
enum jc_err orglife_appraisal_list(struct db *db, int64_t org_id, long year, int64_t after, int limit, json_t **items,
				   int64_t *next, struct jc_error *err);
/* A member's appraisals, newest year first, with the result of each. */
enum jc_err orglife_member_appraisals(struct db *db, int64_t member_id, json_t **items, struct jc_error *err);
/* The place of an appraisal in the tree (its branch's path), for the router's scope check; as
 * auth_org_path (auth/auth.h): *found false when absent, an error when the database fails. */
enum jc_err orglife_appraisal_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err);

/* Records a talk of org_id's members a and b on held_on with its topic; *id receives it. */
enum jc_err orglife_talk_record(struct db *db, int64_t org_id, int held_on, int64_t a, int64_t b, const char *topic,
				const struct actor *who, int64_t *id, struct jc_error *err);
enum jc_err orglife_talk_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* A page of the talks of org_id's subtree (year: 0 any), newest first; cursor as for meetings. */
enum jc_err orglife_talk_page(struct db *db, int64_t org_id, long year, const char *cursor, int limit, json_t **items,
			      char next[48], struct jc_error *err);
/* How the branch's current members' pairs are covered by the year's talks: {org_id, year,
 * members, pairs_required, pairs_met, pairs_missing, rule, items: [{member_id, name, committee,
 * pairs, met, missing}] in name order}. 400 for no branch; 413 above ORGLIFE_TALKS_MAX_MEMBERS. */
enum jc_err orglife_talk_coverage(struct db *db, int64_t org_id, long year, json_t **out, struct jc_error *err);

/* Records an item of meeting_id's lists; *id receives it. */
enum jc_err orglife_item_record(struct db *db, int64_t meeting_id, const struct orglife_life_item *it, const struct actor *who,
				int64_t *id, struct jc_error *err);
/* Marks item id done on done_on with its outcome. */
enum jc_err orglife_item_done(struct db *db, int64_t id, int done_on, const char *outcome, const struct actor *who,
			      struct jc_error *err);
enum jc_err orglife_item_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* The items of a meeting, in the order recorded. */
enum jc_err orglife_meeting_items(struct db *db, int64_t meeting_id, json_t **out, struct jc_error *err);
/* The items of org_id's subtree by status (NULL: all; "open": not done; "done"; "overdue": not
 * done and past due), by id after `after`, at most limit; *next the next page's cursor (0: none). */
enum jc_err orglife_item_list(struct db *db, int64_t org_id, const char *status, int64_t after, int limit, json_t **items,
			      int64_t *next, struct jc_error *err);
/* The place of a life item in the tree, as orglife_appraisal_path. */
enum jc_err orglife_life_item_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err);

#endif
