/*
 * mobile.h - mobile members (流动党员, domain-rules §5.2) and the recorded decisions on
 * membership status of §5.1 (停止党籍, 除名) that follow a member out of contact.
 *
 * A registration follows one absence of a member from home. It is made by the home branch before
 * the member leaves (reason, destination, how to reach them, expected return); it may carry the
 * activity card (流动党员活动证, valid for at most mobile.card_max_months, renewed while the
 * member is away but cannot yet transfer) and name the organisation hosting the member from a
 * day on - one of this database, or one outside it by name. The host's organisational life
 * counts for the member as taking part, never as a voter there (orglife keeps such an
 * attendance row with voting = 0: see mobile_host_on). The member reports to the home branch at
 * least every mobile.report_interval_months (listed when missing); coming back, the card is
 * checked back and the registration ends. Away at one place for
 * transfer.must_transfer_away_months or more, the member should transfer: a hint, never an act.
 * Registering sets the member record's mobile flag and destination (statistics follow); the
 * return or a transfer clears them.
 *
 * Decisions on membership status. A member who lost contact (member.lost_contact, since
 * lost_contact_date) for member.lost_contact_stop_months is listed for stopping; one stopped
 * for member.stopped_removal_months and still out of contact for removal as self-withdrawal
 * (state lapsed); a stopped member found again may be restored; and a member absent from
 * organisational life without reason for member.self_withdrawal_months in a row (the orglife
 * absences) may be removed as self-withdrawal too. The system lists; it never acts. Each change
 * is a decision in two steps: the branch's members' meeting (a valid meeting of the member's
 * branch, named by its id), then the approval - or rejection - of the higher committee, taken
 * by whoever holds mobile.approve over that committee. Only an approval changes the member's
 * state (history and statistics with it, in the same transaction).
 *
 * mobile_rules.c     the pure checks: registration, card, report, return, decisions
 * mobile_store.c     registrations, hosts and events in the database; mobile_host_on
 * mobile_decision.c  the decisions and the lists of members out of contact
 * mobile_api.c       the HTTP face
 */
#ifndef JC_MOBILE_H
#define JC_MOBILE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

/* Labels in Chinese and English, for GET /api/v1/codes. */
extern const struct code_table mobile_states, member_decision_kinds;

enum mobile_state { MOB_AWAY, MOB_RETURNED, MOB_ENDED };
const char *mobile_state_key(int state);

#define MOBILE_NAME 193
#define MOBILE_TEXT 512

/* A registration. Dates are day numbers, DATE_NONE when unset. */
struct mobile_registration {
	int64_t id, member_id;
	int64_t org_id;                 /* home: the member's organisation when registered */
	int state;
	int registered_on, left_on, expected_return;
	char reason[MOBILE_TEXT];
	char destination[MOBILE_NAME];
	char contact[128];              /* plain when registering; the masked copy when read */
	char card_no[64];
	int card_issued_on, card_valid_until;
	int64_t host_org_id;            /* the host in this database now, 0 when none */
	char host_name[MOBILE_NAME];    /* or its name outside it */
	int host_since;
	int last_report_on, returned_on;
	bool card_checked;
	char end_reason[MOBILE_TEXT];
	int64_t version;
};

/* The rules of mobile members and of decisions on membership status, in force for an
 * organisation today. */
struct mobile_rules {
	struct rule card_max, report_interval, card_checked, host_no_vote, must_away, lost_stop, stopped_removal,
		decision_meeting, self_withdrawal, together;
};
enum jc_err mobile_rules_load(struct db *db, int64_t org_id, int on, struct mobile_rules *r, struct jc_error *err);

/* --- rules (pure) ------------------------------------------------------------------------ */

/* A new registration: reason, destination and contact given, left_on a date (registered before
 * leaving: at most a year ahead), expected_return after it, a card (when given) valid after its
 * issue and for at most mobile.card_max_months (422). 400 naming the field otherwise. */
enum jc_err mobile_check_register(const struct mobile_registration *g, const struct mobile_rules *r, int today,
				  struct jc_error *err);
/* A card: a number, issued on a day not in the future, valid_until after it and at most
 * mobile.card_max_months later (422). */
enum jc_err mobile_check_card(const char *card_no, int issued_on, int valid_until, const struct mobile_rules *r, int today,
			      struct jc_error *err);
/* A report, a host or a card on day on: the registration is away (409), on lies between floor
 * (DATE_NONE: none - a report's is the registration, a host's the day of leaving) and today (400). */
enum jc_err mobile_check_step(const struct mobile_registration *g, int on, int floor, int today, const char *field,
			      struct jc_error *err);
/* The return on day on: away (409), on between leaving and today (400), the card checked back
 * when one was issued (422, mobile.card_checked_on_return). */
enum jc_err mobile_check_return(const struct mobile_registration *g, int on, bool card_checked, const struct mobile_rules *r,
				int today, struct jc_error *err);
/* The day the next report is due: the last report (or the day of leaving) plus the interval. */
int mobile_report_due(const struct mobile_registration *g, const struct mobile_rules *r);
bool mobile_report_missing(const struct mobile_registration *g, const struct mobile_rules *r, int today);
/* Whether the card (when there is one) has run out by today, the member still away. */
bool mobile_card_expired(const struct mobile_registration *g, int today);
/* Whether the member, away, should transfer: away for the rule's months by today, or expected to
 * be away that long. */
bool mobile_must_transfer(const struct mobile_registration *g, const struct rule *must_away, int today);

enum member_decision_kind { MD_STOP, MD_REMOVE, MD_LAPSE, MD_RESTORE, MD_COUNT };
const char *mobile_decision_key(int kind);
int mobile_decision_from_key(const char *key); /* -1 when unknown */

/* What a decision's check needs to know of the member and the meeting. */
struct mobile_decision_facts {
	const char *state;            /* the member's membership state */
	int state_date;
	bool lost_contact;
	int lost_contact_date;
	int absent_months;            /* months in a row absent from organisational life without reason */
	const char *absent_since;     /* "YYYY-MM" or NULL */
	bool pending;                 /* a decision on the member awaits its approval */
	bool meeting_found, meeting_of_branch, meeting_valid, meeting_members;
	int meeting_held_on;
	bool has_approver;            /* a Party committee lies above the branch */
	int today;
};
/* Whether the branch's decision of kind may be recorded: 409 for a member in another state or
 * with a decision pending, 400 for a missing reason or meeting, 422 naming the rule when the
 * meeting is not a valid members' meeting of the branch (member.status_decision_meeting) or the
 * grounds are not there yet on the meeting's day (member.lost_contact_stop_months,
 * member.stopped_removal_months, member.self_withdrawal_months). Fills *grounds_since (DATE_NONE
 * when none) and *to_state. */
enum jc_err mobile_check_decision(int kind, const char *reason, const struct mobile_decision_facts *f,
				  const struct mobile_rules *r, int *grounds_since, const char **to_state,
				  struct jc_error *err);
/* The higher committee's answer on day on to a decision taken on decided_on: pending (409), on
 * between decided_on and today (400), a reason for a rejection (400). */
enum jc_err mobile_check_answer(const char *status, int decided_on, int on, bool approve, const char *reason, int today,
				struct jc_error *err);

/* --- store ------------------------------------------------------------------------------- */

/* Registers member g->member_id as away (its home: the member's organisation), in the caller's
 * transaction; the member record's mobile flag and destination follow. g->id is assigned. */
enum jc_err mobile_register(struct db *db, struct mobile_registration *g, const struct actor *who, struct jc_error *err);
enum jc_err mobile_get(struct db *db, int64_t id, struct mobile_registration *g, struct jc_error *err);
/* A report of the member to the home branch on day on. */
enum jc_err mobile_report(struct db *db, int64_t id, int on, const char *note, const struct actor *who,
			  struct jc_error *err);
/* A new card (renewed while away). */
enum jc_err mobile_card(struct db *db, int64_t id, const char *card_no, int issued_on, int valid_until,
			const struct actor *who, struct jc_error *err);
/* The host from day since: host_org_id (an active branch or committee of this database), or
 * host_name outside it. */
enum jc_err mobile_host(struct db *db, int64_t id, int since, int64_t host_org_id, const char *host_name,
			const struct actor *who, struct jc_error *err);
/* The return on day on, the card checked back; the member record's mobile flag clears. */
enum jc_err mobile_return(struct db *db, int64_t id, int on, bool card_checked, const char *note,
			  const struct actor *who, struct jc_error *err);
/* Ends the member's registration away (if any) because the member's relationship was
 * transferred on day on (or the member left the registry): only the registration is written -
 * the caller changes the member record. */
enum jc_err mobile_end_by_transfer(struct db *db, int64_t member_id, int on, const struct actor *who,
				   struct jc_error *err);

/*
 * The organisation of this database hosting member_id on day on: JC_OK with *org_id the host
 * (0 when the member was away that day without a host here: outside, or none named yet), or
 * JC_ENOTFOUND when the member was not away that day (no registration covers it). For the
 * orglife records (a guest taking part without a vote) and for the Party dues, which a host
 * may collect for the home branch (dues_ledger.collected_by_org_id).
 */
enum jc_err mobile_host_on(struct db *db, int64_t member_id, int on, int64_t *org_id, struct jc_error *err);

/* The organisations' paths of a registration's home and current host ("" for none), for the
 * scope check (transfer_side_paths); *found false when there is no such registration. */
enum jc_err mobile_paths(struct db *db, int64_t id, char *home, char *host, size_t cap, bool *found,
			 struct jc_error *err);

/* The registration as JSON: the member, home and host with names, the card, reports and what is
 * due (the next report, a card run out, the must-transfer hint) with their rules; with events the
 * events recorded. */
enum jc_err mobile_json(struct db *db, const struct mobile_registration *g, bool events, json_t **out,
			struct jc_error *err);
/* A member's registrations, newest first. */
enum jc_err mobile_of_member(struct db *db, int64_t member_id, json_t **items, struct jc_error *err);
/* The mobile members of org_id's subtree: registrations of home organisations in it (hosted:
 * of hosts in it), state NULL ("away" and the members flagged mobile without a registration),
 * "away", "report_missing", "card_expired", "must_transfer", "returned", "unregistered" or "all";
 * at most limit. */
enum jc_err mobile_page(struct db *db, int64_t org_id, bool hosted, const char *state, int limit, json_t **items,
			json_t **rules, struct jc_error *err);

/* Members of org_id's subtree away together: for each host of this database (or, without one,
 * each destination as written) where mobile.together_min_members or more of them are away now,
 * {host, destination, count, members: [{member_id, name, registration_id}]}, most first - a
 * temporary branch or group should be formed there (a hint; nothing is done). */
enum jc_err mobile_together(struct db *db, int64_t org_id, json_t **groups, struct jc_error *err);

/* --- decisions (mobile_decision.c) ------------------------------------------------------- */

/* Records the branch's decision of kind on member_id at meeting_id, in the caller's transaction;
 * *id receives it. Nothing about the member changes yet. */
enum jc_err mobile_decide(struct db *db, int64_t member_id, int kind, int64_t meeting_id, const char *reason,
			  const struct actor *who, int64_t *id, struct jc_error *err);
/* The higher committee's answer: approved changes the member's state (and, for a removal, ends a
 * registration away); rejected changes nothing else. */
enum jc_err mobile_answer(struct db *db, int64_t id, int on, bool approve, const char *reason, const struct actor *who,
			  struct jc_error *err);
/* The committee that approves decisions on members of org_id (the nearest active Party committee
 * above it) into *approver, 0 when none (or no such organisation). */
enum jc_err mobile_approver_of(struct db *db, int64_t org_id, int64_t *approver, struct jc_error *err);
enum jc_err mobile_decision_json(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* The decision's member's branch path, for the scope check (transfer_side_paths); *found false
 * when there is no such decision. */
enum jc_err mobile_decision_path(struct db *db, int64_t id, char *out, size_t cap, bool *found, struct jc_error *err);
/* The decisions of org_id's subtree (status NULL for all, or pending, approved, rejected), newest
 * first, at most limit; or of one member (member_id non-zero, org_id ignored). */
enum jc_err mobile_decisions(struct db *db, int64_t org_id, int64_t member_id, const char *status, int limit,
			     json_t **items, struct jc_error *err);
/* The lists of org_id's subtree for the branches' decisions, nothing acted on: {for_stopping,
 * for_removal, watch (out of contact, not yet due), rules}; each item {member_id, name, org_id,
 * org_name, state, since, due_on, months, decision (pending, or null)}. */
enum jc_err mobile_lost_contact(struct db *db, int64_t org_id, json_t **out, struct jc_error *err);

#endif
