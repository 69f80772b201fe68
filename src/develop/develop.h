/*
 * develop.h - recruitment of new members (发展党员): five stages, 25 steps, every deadline.
 *
 * A case follows one person from the application (step 1) to the archived conversion (step 25),
 * or until it closes. Each step is recorded once as a fact - its date, who acted, the decision,
 * the data it rests on and its documents - and only if every constraint of domain-rules §1
 * holds; otherwise nothing is saved and the refusal names the rule and its article (422), the
 * malformed field (400), or says the step does not come now or the case is closed (409).
 * The rules are those in force for the case's organisation on the day of the application, so a
 * case started under one version of the rules is judged by it.
 *
 * develop_steps.c   the 25 steps as data (stage, names, what each records, what may repeat)
 * develop_rules.c   the pure checks of one step against the case, its steps and the rules
 * develop_store.c   cases and steps in the database; admission and conversion write the member
 *                   record; the counts by stage move in the subtree statistics
 * develop_view.c    the case as read (timeline, next steps, what is due), the cases of a
 *                   subtree by stage, what is due soon or overdue in a subtree
 * develop_file.c    the person's file as a PDF
 * develop_api.c     the HTTP face; cli_develop.c the command line's
 */
#ifndef JC_DEVELOP_H
#define JC_DEVELOP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

#define DEVELOP_STEPS 25

enum develop_stage { DEV_APPLICANT, DEV_ACTIVIST, DEV_TARGET, DEV_PROBATIONARY, DEV_FULL, DEV_CLOSED };

/* One of the 25 steps. */
struct develop_step_def {
	int number;              /* 1..25 */
	int stage;               /* 1..5: the stage of the flow chart it belongs to */
	const char *key, *zh, *en;
	unsigned flags;
};
enum {
	STEP_REPEATABLE = 1u << 0, /* may be recorded more than once (assessments, education) */
	STEP_OPTIONAL = 1u << 1,   /* the next step does not wait for it */
};
extern const struct develop_step_def develop_steps[DEVELOP_STEPS];
const char *develop_stage_key(int stage);
int develop_stage_from_key(const char *key); /* -1 when unknown */

/* The person and where the case stands. Dates are day numbers (base/date.h), DATE_NONE if unset. */
struct develop_case {
	int64_t id;
	int64_t org_id;
	char name[64];
	char gender[2];
	int birth_date;
	char id_number[19];      /* plain when opening a case; the masked copy when read */
	char phone[24];
	char ethnicity[3];
	char education[16];
	char occupation[24];
	char work_unit[193];
	int leaving_unit_on;
	int stage;               /* enum develop_stage */
	char outcome[24];
	int applied_on, rules_on, activist_on, target_on, admitted_on, probation_end, converted_on, archived_on;
	int extensions;
	int64_t member_id;
	int last_step;
	int64_t version;
};

/* A step as recorded (or to be recorded). */
struct develop_step {
	int step;
	int done_on;
	char actor[128];
	char decision[24];
	json_t *data;            /* borrowed; may be NULL */
	json_t *documents;       /* borrowed; may be NULL */
};

/* What a step's check needs to know from outside the case, gathered by the store. */
struct develop_person_fact {
	int64_t member_id;
	bool found;
	char category[16];       /* full, probationary */
	char state[24];
	int discipline_probation_until;
};
struct develop_facts {
	int today;
	int branch_full_members;         /* full members of the case's organisation (own, not subtree) */
	bool org_has_committee;
	/* steps 13, 17 and 24: the committee named as approving */
	bool approver_is_ancestor, approver_can_approve;
	/* step 19: whether data.group_id (when given) is a Party group of the case's organisation */
	bool group_ok;
	/* notice periods in working days, and whether the calendar had to assume weekends only */
	int notice_working_days;
	bool notice_provisional;
	struct develop_person_fact people[4]; /* mentors or introducers named by the step */
	int npeople;
};

/* The rules a case is judged by (in force for its organisation on its rules_on day). */
struct develop_rules {
	struct rule min_age, talk_months, apply_to_activist, mentors_min, mentors_max, assessment_months,
		activist_months, notice_target_days, introducers, review_valid_months, training_days,
		training_hours, leave_unit_months, meeting_after_prereview_months, notice_admission_days,
		quorum_percent, pass_percent, meeting_min_full, approver_authority, approval_months, approval_max_months,
		probation_months, extension_min_months, extension_max_months, extension_max_count,
		conversion_approval_months, archive_days;
};
enum jc_err develop_rules_load(struct db *db, int64_t org_id, int on, struct develop_rules *r, struct jc_error *err);

/* The steps recorded so far, oldest first. */
struct develop_history {
	struct develop_step_rec {
		int step, done_on;
		char decision[24];
		json_t *data; /* owned by the history */
	} *steps;
	int count;
};
void develop_history_free(struct develop_history *h);
/* The last record of step number n, or NULL. */
const struct develop_step_rec *develop_history_last(const struct develop_history *h, int n);

/* --- rules (pure) ------------------------------------------------------------------------ */

/* Whether step s may be recorded on case c with history h: order, dates and every constraint of
 * §1. On success, applies what the step implies to c (stage, dates, extensions) - the caller
 * stores it. Refusals: 422 with the rule (JC_ERULE), 400 for a malformed step (JC_EINVAL), both
 * naming the field, or 409 (JC_ECONFLICT) for a step that does not come now or a closed case. */
enum jc_err develop_check_step(struct develop_case *c, const struct develop_history *h, const struct develop_step *s,
			       const struct develop_rules *r, const struct develop_facts *f, struct jc_error *err);

/* The next steps that may be recorded (numbers into out, at most DEVELOP_STEPS); 0 when closed. */
int develop_next_steps(const struct develop_case *c, const struct develop_history *h, int out[DEVELOP_STEPS]);

/* What is due for a case: the deadlines of §1 that apply now (the talk, the half-yearly
 * assessment, the approval within 3 months and never beyond 6, the conversion meeting when
 * probation ends, its approval, the archive). */
struct develop_due {
	int step;                /* the step that is due */
	int due_on;              /* the deadline */
	int hard_limit;          /* DATE_NONE, or a date past which it may not be done at all */
	const struct rule *rule; /* the rule behind the deadline (points into the rules given) */
};
int develop_due_of(const struct develop_case *c, const struct develop_history *h, const struct develop_rules *r,
		   struct develop_due out[4]);

/* The window a recorded step had, from the steps before it (index into h): the earliest day it
 * could be done and the latest it should be, with the rule behind them - the file's "deadline"
 * column. Answers false for a step with no window. */
struct develop_window {
	int earliest, latest;    /* DATE_NONE when open on that side */
	const struct rule *rule; /* points into the rules given */
};
bool develop_step_window(const struct develop_case *c, const struct develop_history *h, int index,
			 const struct develop_rules *r, struct develop_window *out);

/* --- store ------------------------------------------------------------------------------- */

/* Opens a case with step 1 (the application), in the caller's transaction: c holds the person
 * (plain ID number) and applied_on; s->actor names who received it. c->id is assigned. */
enum jc_err develop_open(struct db *db, struct develop_case *c, const struct develop_step *s, const struct actor *who,
			 struct jc_error *err);
/* Records step s on case id, in the caller's transaction, when develop_check_step allows it. The case
 * afterwards is in *out (may be NULL). Admission (step 17 approved) creates the member record;
 * conversion (step 24) makes it a full member; cancellation ends its membership. */
enum jc_err develop_record(struct db *db, int64_t id, const struct develop_step *s, const struct actor *who,
			   struct develop_case *out, struct jc_error *err);
/* Closes a case that has not reached admission (the person withdrew, moved away, ...). */
enum jc_err develop_close(struct db *db, int64_t id, int on, const char *outcome, const struct actor *who,
			  struct jc_error *err);
/* The case (sensitive fields masked) and its history. */
enum jc_err develop_get(struct db *db, int64_t id, struct develop_case *c, struct develop_history *h,
			struct jc_error *err);
/* The case as JSON: the person, the stage, every step recorded with its data, the next steps,
 * and what is due with the rule behind each deadline. */
enum jc_err develop_case_json(struct db *db, const struct develop_case *c, const struct develop_history *h, json_t **out,
			      struct jc_error *err);
/* A page of the cases of org_id's subtree (stage: NULL for the open ones, or a stage key). */
enum jc_err develop_page(struct db *db, int64_t org_id, const char *stage, int64_t after, int limit, json_t **items,
			 int64_t *next, struct jc_error *err);
/* Everything due in org_id's subtree within `within` days from today (and everything overdue),
 * soonest first: [{case_id, name, org_id, stage, step, step_zh, step_en, due_on, days_left,
 * overdue, hard_limit, rule: {key, value, unit, regulation, article, summary}}]. */
enum jc_err develop_due_list(struct db *db, int64_t org_id, int within, json_t **items, struct jc_error *err);

#endif
