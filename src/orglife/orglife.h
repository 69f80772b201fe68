/*
 * orglife.h - organisational life (组织生活, domain-rules §3): meetings recorded where they are
 * held, with who came, what was resolved and whether the quorum was there.
 *
 * A meeting counts for one to four kinds at once (a theme Party day that is also a members'
 * meeting). The quorum and passing rules of the 支部工作条例 are checked when it is recorded: a
 * meeting below its quorum is refused (422, the rule named) unless the caller says it really
 * happened so (without_quorum), when it is kept and marked as not valid for decisions - its
 * resolutions never pass. It still counts towards the frequencies of §3: the organisational life
 * took place, only its decisions do not stand. Every record adds to a kept count per
 * organisation, month and kind in the same transaction, from which compliance is judged without
 * scanning meetings.
 *
 * orglife_rules.c   the kinds, and the pure checks of a record
 * orglife_store.c   records in the database, reading them back
 * orglife_compliance.c  the frequencies of §3 judged per branch and period from the kept counts
 * orglife_kept.c    whole-tree summaries: per organisation, how many branches met each requirement
 * orglife_minutes.c  the minutes as a PDF; orglife_export.c  a period's compliance as XLSX
 * orglife_absence.c  members absent without reason month after month, for the branch's attention
 * orglife_inspection.c  spot checks: a reproducible random sample of meetings, and findings
 * orglife_api.c     the HTTP face
 */
#ifndef JC_ORGLIFE_H
#define JC_ORGLIFE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

extern const struct code_table orglife_kinds; /* members_meeting, committee_meeting, group_meeting, ... */

#define ORGLIFE_MAX_KINDS 4
#define ORGLIFE_MAX_ROWS 500 /* attendance rows, resolutions */

struct orglife_attendance {
	int64_t member_id;
	char status[8];       /* present, leave, absent */
	char reason[256];
};

struct orglife_resolution {
	char text[512];
	long yes, no, abstain;
	bool passed;          /* set by orglife_check */
};

/* A meeting as recorded. Strings are copied in; lists are owned (orglife_meeting_free). */
struct orglife_meeting {
	int64_t id;
	int64_t org_id;
	char kinds[ORGLIFE_MAX_KINDS][24];
	int nkinds;
	int held_on;
	char place[193], chair[97], recorder[97];
	char *agenda, *minutes;               /* malloc'd or NULL */
	long expected, present;
	bool without_quorum;                  /* the caller says it was held below its quorum */
	bool valid;                           /* set by orglife_check: quorum met */
	struct orglife_attendance *attendance;
	int nattendance;
	struct orglife_resolution *resolutions;
	int nresolutions;
	json_t *documents;                    /* owned; may be NULL */
};
void orglife_meeting_free(struct orglife_meeting *m);

/* What the check needs from outside the record: the organisation's type, today, and for each
 * attendance row whether the member belongs to the organisation (a member of the branch, or of
 * the group for a Party group). */
struct orglife_facts {
	const char *org_type;
	int today;
	const bool *belongs;  /* [nattendance] */
};

/* --- rules (pure) ------------------------------------------------------------------------ */

/* Checks m against §3 and the rules; on success sets m->valid and each resolution's passed.
 * 400 naming the field for a malformed record, 422 naming the rule when the quorum fails and
 * without_quorum is not set. */
enum jc_err orglife_check(struct orglife_meeting *m, const struct orglife_facts *f, const struct rule *quorum,
			  const struct rule *pass, struct jc_error *err);

/* A period: a month (months 1), a quarter (3) or a year (12), starting at first_month. */
struct orglife_period {
	int year, first_month, months;
};
/* "2026-03", "2026-Q1" or "2026"; 400 naming "period" otherwise. */
enum jc_err orglife_period_parse(const char *s, struct orglife_period *p, struct jc_error *err);

/* How a requirement fared in a period: each unit (month, quarter, year: `unit` months) inside
 * it met (held >= needed), short (ended and below), or pending (still running and below).
 * judged is false when the unit is longer than the period. */
struct orglife_judgement {
	bool judged;
	int held, units_met, units_short, pending;
};
/* held[m - 1]: meetings of the kind in month m of the period's year; today_month: today's month
 * counted from that year's January (13 = January of the next year). */
void orglife_judge(const int held[12], int first, int months, int unit, long needed, int today_month,
		   struct orglife_judgement *out);

/* A requirement of §3: a kind of meeting held at least n times (the rule's value) in every unit
 * of `unit` months. key is also the kind that counts towards it. */
#define ORGLIFE_NREQ 7
struct orglife_requirement {
	const char *key;
	int unit;                 /* 1 (month), 3 (quarter) or 12 (year) */
	const char *rule;
	bool groups;              /* for Party groups, else for branches */
	bool committee;           /* only where the branch has a committee */
};
extern const struct orglife_requirement orglife_requirements[ORGLIFE_NREQ];
/* The index of the requirement a kind counts towards, or -1. */
int orglife_requirement_index(const char *kind);
/* Whether an organisation of this type holds a branch's organisational life: branches of every
 * kind, general branches included. */
bool orglife_branch_like(const char *type);
/* Whether organisations of this type are judged: branches (not general branches) and groups. */
bool orglife_judged_type(const char *type);
/* Whether an organisation of this type, with a committee or not, is judged on rq. */
bool orglife_applies(const struct orglife_requirement *rq, const char *type, bool committee);
/* "month", "quarter" or "year". */
const char *orglife_unit_name(int unit);

/* --- store ------------------------------------------------------------------------------- */

/* Reads a meeting from a JSON body (unknown keys refused); the caller checks and stores it. */
enum jc_err orglife_from_json(json_t *body, struct orglife_meeting *m, struct jc_error *err);
/* Checks and records m (id assigned) with its kinds, attendance, resolutions and the kept
 * monthly counts, in the caller's transaction. A mobile member hosted by the branch that day
 * (mobile_host_on) may be listed too: a guest, kept with voting = 0 - taking part, never a voter
 * (§5.2), so never one of `expected` or `present`. */
enum jc_err orglife_record(struct db *db, struct orglife_meeting *m, const struct actor *who, struct jc_error *err);
/* The meeting as JSON (attendance with names, resolutions, documents). */
enum jc_err orglife_get_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* A page of the meetings of org_id's subtree held in [from, to] (DATE_NONE: open), newest first;
 * *next receives the cursor of the next page ("" when none). */
enum jc_err orglife_page(struct db *db, int64_t org_id, int from, int to, const char *cursor, int limit, json_t **items,
			 char next[48], struct jc_error *err);
/* --- compliance (orglife_compliance.c) ------------------------------------------------------ */

/* How one organisation fared on one requirement in a period. */
struct orglife_finding {
	const struct orglife_requirement *rq;
	struct rule rule;          /* the value in force for the organisation at the period's start */
	struct orglife_judgement j;
	bool met;                  /* no unit of the period ended short */
};
/* One organisation judged: the requirements that apply to it and are judged in the period. */
struct orglife_org_result {
	int64_t id;
	const char *code, *name, *type;
	bool met;
	int nfindings;
	struct orglife_finding findings[ORGLIFE_NREQ];
};
typedef enum jc_err (*orglife_each_fn)(const struct orglife_org_result *r, void *ctx, struct jc_error *err);

#define ORGLIFE_LIST_MAX 5000L     /* organisations in one JSON answer */
#define ORGLIFE_SHEET_MAX 1000000L /* rows in one sheet of a workbook (xlsx holds 1,048,576) */

/* Calls fn for every branch and Party group of org_id's subtree in path order, judged on period
 * p from the kept monthly counts (one pass; memory does not grow with the subtree). limit > 0
 * refuses (413) a subtree with more organisations than that before any is judged. */
enum jc_err orglife_compliance_each(struct db *db, int64_t org_id, const struct orglife_period *p, long limit,
				    orglife_each_fn fn, void *ctx, struct jc_error *err);
/* The same as JSON, for at most ORGLIFE_LIST_MAX organisations: {"summary": [{requirement,
 * applicable, met}], "items": [{org_id, code, name, type, met, findings: [finding]}]}. */
enum jc_err orglife_compliance(struct db *db, int64_t org_id, const struct orglife_period *p, json_t **out,
			       struct jc_error *err);
/* A finding as JSON: {requirement, met, held, units_met, units_short, pending, unit, rule}. */
json_t *orglife_finding_json(const struct orglife_finding *f);

/* --- kept whole-tree aggregates (orglife_kept.c) ------------------------------------------- */

/* After a meeting of kind was added to org's counts for the month of held_on: for each period
 * holding that month (the month, its quarter, its year) in which the organisation now meets the
 * kind's requirement in every unit and did not before, counts it once more for the organisation
 * and every ancestor (orglife_met). In the caller's transaction. */
enum jc_err orglife_kept_record(struct db *db, int64_t org_id, const char *path, const char *type, const char *kind,
				int held_on, struct jc_error *err);
/* Adds sign times the kept counts of root_id's subtree to the organisations on path (its old or
 * new ancestors, when it moves; its ancestors, when it stops or starts being active). */
enum jc_err orglife_kept_shift(struct db *db, int64_t root_id, const char *path, int sign, struct jc_error *err);
/* Rebuilds every kept count from the monthly counts and the rules in force (after a rule was
 * changed, or to verify); *changed receives how many kept rows differed. */
enum jc_err orglife_kept_rebuild(struct db *db, long *changed, struct jc_error *err);
/* The whole-tree summary of org_id's subtree for period p, from the kept counts alone:
 * {org_id, period, final, requirements: [{requirement, unit, applicable, met_throughout,
 * units: [{unit, state, met}], rule}]}. */
enum jc_err orglife_summary(struct db *db, int64_t org_id, const struct orglife_period *p, json_t **out,
			    struct jc_error *err);

/* Members of org_id's subtree recorded absent without a reason in at least
 * orglife.absence_attention_months recorded months in a row, up to their latest recorded month:
 * [{member_id, name, org_id, months, since, through, reaches_self_withdrawal, rule,
 * self_withdrawal}]. Listed for the branch's attention only: nothing is changed. */
enum jc_err orglife_absences(struct db *db, int64_t org_id, json_t **out, struct jc_error *err);
/* Writes the compliance of org_id's subtree in p (named period) to path as XLSX: a summary
 * sheet and a row per branch or group with a column per requirement. */
enum jc_err orglife_compliance_xlsx(struct db *db, int64_t org_id, const struct orglife_period *p, const char *period,
				    const char *path, struct jc_error *err);
/* Spot checks (orglife_inspection.c). The sample: the meetings of org_id's subtree held in p,
 * ranked by the SM3 hash of "<seed>:<meeting id>" (hex, ascending), the first size of them -
 * anyone with the seed draws the same. */
enum jc_err orglife_draw(struct db *db, int64_t org_id, const struct orglife_period *p, const char *seed, int size,
			 json_t **sample, struct jc_error *err);
/* Draws and records an inspection (a random seed when seed is NULL or ""), in the caller's
 * transaction; *id receives it. */
enum jc_err orglife_inspection_create(struct db *db, int64_t org_id, const char *period, const char *seed, int size,
				      const struct actor *who, int64_t *id, struct jc_error *err);
/* Records a finding on a meeting of the inspection's sample (severity ok, note or problem). */
enum jc_err orglife_inspection_finding(struct db *db, int64_t id, int64_t meeting_id, const char *severity,
				       const char *finding, const struct actor *who, struct jc_error *err);
/* The inspection: period, seed, size, sample, findings. */
enum jc_err orglife_inspection_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* Writes the minutes of meeting id to path as a PDF for the branch's archive. */
enum jc_err orglife_minutes_pdf(struct db *db, int64_t id, const char *path, struct jc_error *err);

#endif
