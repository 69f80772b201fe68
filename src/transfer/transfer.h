/*
 * transfer.h - transfers of membership (组织关系转接, domain-rules §5.1).
 *
 * A transfer moves one member's organisational relationship from the sending organisation to
 * the receiving one with a numbered introduction letter in three parts - stub, letter, receipt.
 * It is started by the sending side. The letter is issued by the sending committee: the nearest
 * Party committee at or above the sending organisation that has the authority to approve
 * probationary members (org.can_approve), which §5.1 lets send and receive directly nationwide;
 * an organisation without that authority sends through it. On the other side the receiving
 * committee (found the same way) takes the letter and, when the receiving organisation is below
 * it, forwards it down. So the letter's route is
 *
 *     sending organisation -> sending committee -> receiving committee -> receiving organisation
 *
 * with a step wherever two of them differ: issue (when the sender is not its own committee),
 * forward (when the receiver is below a receiving committee other than the sending one), accept,
 * and the receipt back with the sender, which closes the transfer. Where no such committee lies
 * above one side, the transfer is refused naming transfer.direct_authority (422).
 *
 * The letter is valid for transfer.letter_valid_months from its issue (a local rule, 3 months by
 * default); it is accepted (or forwarded) on a day up to valid_until included, never after.
 * Until the receiver accepts, the member stays in the sending organisation, which remains
 * responsible (one transfer under way per member); acceptance moves the member record - history
 * and statistics with it - in the same transaction. Refusing needs a reason (第二十五条: no
 * refusal without reason); the sender may withdraw an unaccepted letter, also with a reason.
 *
 * A transfer to an organisation outside this database ends when its receipt comes back and is
 * recorded: the member then leaves the registry (state transferred_out). A member coming from
 * outside is registered with the details of the sender's letter, accepted at once; the receipt
 * sent back closes it.
 *
 * transfer_rules.c   the route and the pure checks of every step
 * transfer_store.c   transfers and their steps in the database; the member moves
 * transfer_view.c    a transfer as JSON, the lists of a subtree, the must-transfer hints
 * transfer_letter.c  the letter as a printable A4 PDF, the three parts between cut lines
 * transfer_api.c     the HTTP face
 */
#ifndef JC_TRANSFER_H
#define JC_TRANSFER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

/* Labels in Chinese and English, for GET /api/v1/codes. */
extern const struct code_table transfer_states, transfer_directions, transfer_actions;

enum transfer_state { TR_REQUESTED, TR_ISSUED, TR_FORWARDED, TR_ACCEPTED, TR_CLOSED, TR_REFUSED, TR_CANCELLED };
enum transfer_direction { TR_INTERNAL, TR_OUT, TR_IN };
enum transfer_action { TA_ISSUE, TA_FORWARD, TA_ACCEPT, TA_REFUSE, TA_RECEIPT, TA_CANCEL, TA_COUNT };

const char *transfer_state_key(int state);
int transfer_state_from_key(const char *key); /* -1 when unknown */
const char *transfer_direction_key(int direction);
const char *transfer_action_key(int action);
bool transfer_ended(int state); /* closed, refused or cancelled */

#define TRANSFER_NAME 193
#define TRANSFER_TEXT 512

/* A transfer as stored. Dates are day numbers (base/date.h), DATE_NONE when unset; an id is 0
 * when there is none (outside). */
struct transfer {
	int64_t id, member_id;
	int direction;
	int64_t from_org_id, to_org_id;
	int64_t sending_committee_id, receiving_committee_id;
	char from_outside[TRANSFER_NAME], to_outside[TRANSFER_NAME], to_outside_address[TRANSFER_NAME];
	int state;
	char reason[TRANSFER_TEXT];
	char dues_paid_until[8]; /* "YYYY-MM" or "" */
	int started_on;
	char letter_no[64];
	int letter_year, letter_seq;
	int issued_on, valid_months, valid_until;
	int forwarded_on, accepted_on, receipt_on, ended_on;
	char end_reason[TRANSFER_TEXT];
	int last_step_on;
	int64_t version;
};

/* The rules a transfer is judged by: those in force for the sending organisation (the receiving
 * one for a member from outside) today. */
struct transfer_rules {
	struct rule letter_valid, direct_authority, no_refusal, receipt, must_away, must_change, stuck;
};
enum jc_err transfer_rules_load(struct db *db, int64_t org_id, int on, struct transfer_rules *r, struct jc_error *err);

/* --- rules (pure) ------------------------------------------------------------------------ */

/* One organisation on a side's way up, as the route needs it. */
struct transfer_org {
	int64_t id;
	char type[24];
	bool can_approve;
};
/* Whether an organisation of this type is a Party committee (not a general branch, branch or
 * group), which alone may hold the authority to send and receive directly. */
bool transfer_committee_type(const char *type);
/* The index in chain[0..n) (an organisation, then its parent, ... up to the root) of the
 * committee that sends or receives for chain[0]: the nearest committee with the authority to
 * approve probationary members; -1 when none. */
int transfer_committee_of(const struct transfer_org *chain, int n);

/* What starting a transfer needs to know besides the transfer itself. */
struct transfer_start_facts {
	const struct transfer_org *from; /* the sending organisation and its ancestors; NULL when from outside */
	int nfrom;
	const struct transfer_org *to;   /* the receiving organisation and its ancestors; NULL when to outside */
	int nto;
	const char *member_state;        /* the member's membership state */
	int64_t member_org_id;           /* where the member is now (from outside: 0) */
	int64_t claimed_from_org_id;     /* the sending organisation as the caller named it, 0 if not */
	bool under_way;                  /* another transfer of the member is under way */
	bool to_active, to_group;        /* the receiving organisation is active; is a Party group */
	int today;
};
/* Checks a new transfer t (direction, parties, started_on, reason) and fills in its committees,
 * its first state and, when the sender issues its own letter, the letter's dates (not its
 * number: the store gives it). 400 naming the field, 409 for a member who is not in the sender
 * or not in normal standing or already under way, 422 naming transfer.direct_authority when no
 * committee with the authority lies above one side. */
enum jc_err transfer_check_start(struct transfer *t, const struct transfer_start_facts *f, const struct transfer_rules *r,
				 struct jc_error *err);

/* The sides of a transfer a caller acts for, from the caller's grants (filled by the API). */
struct transfer_sides {
	bool sender;              /* transfer.write covering the sending organisation */
	bool sending_committee;   /* transfer.approve covering the sending committee */
	bool receiver;            /* transfer.write covering the receiving organisation */
	bool receiving_committee; /* transfer.approve covering the receiving committee */
};

/* A step to record. */
struct transfer_act {
	int action;                  /* enum transfer_action */
	int on;                      /* the day it was done */
	int accepted_on;             /* the receipt of a letter to outside: the day the receiver took the member */
	char note[TRANSFER_TEXT];    /* the reason of a refusal or a withdrawal; a remark otherwise */
};

/* Whether the letter must go up to the sending committee, or down from the receiving one. */
bool transfer_needs_issue(const struct transfer *t);
bool transfer_needs_forward(const struct transfer *t);
/* The step the transfer waits for (an enum transfer_action; TA_COUNT when it has ended) and the
 * side that takes it: "sending_committee", "receiving_committee", "receiver" or "sender". */
int transfer_next(const struct transfer *t, const char **side);
/* Whether the state and the caller's sides allow the action now (dates and rules aside). */
bool transfer_allowed(const struct transfer *t, int action, const struct transfer_sides *s);
/* The last day the letter may be accepted when issued on day issued for months. */
int transfer_valid_until(int issued, int months);
/* Whether the letter has expired on day on (issued and on is after valid_until). */
bool transfer_expired(const struct transfer *t, int on);
/* Whether a transfer under way has waited for its next step more than stuck_days by today. */
bool transfer_stuck(const struct transfer *t, int today, int stuck_days);

/* Whether act may be recorded on t by a caller acting for sides on day today: 409 when the
 * transfer has ended or waits for another step, 403 naming the side's field for the wrong side,
 * 400 for a malformed act, 422 naming the rule for an expired letter (transfer.letter_valid_months)
 * or a refusal without a reason (transfer.no_refusal_without_reason). On success applies the
 * act to t (state, dates, reason) - the caller stores it. */
enum jc_err transfer_check(struct transfer *t, const struct transfer_act *act, const struct transfer_sides *sides,
			   const struct transfer_rules *r, int today, struct jc_error *err);

/* --- store ------------------------------------------------------------------------------- */

/* Starts the transfer of t->member_id (the member's organisation sends) to t->to_org_id, or to
 * t->to_outside when it is 0, in the caller's transaction; claimed_from is the sending
 * organisation as the caller named it (0: none). t->id, its committees, state and letter are
 * filled in. */
enum jc_err transfer_start(struct db *db, struct transfer *t, int64_t claimed_from, const struct actor *who,
			   struct jc_error *err);
/* Registers a member coming from outside into org_id with the sender's letter (t: from_outside,
 * letter_no, issued_on, valid_until, reason, accepted_on): the member record m is created (or,
 * for someone who once left for outside, brought back) and the transfer is accepted. */
struct member;
enum jc_err transfer_register_in(struct db *db, struct transfer *t, struct member *m, const struct actor *who,
				 struct jc_error *err);
/* Records act on transfer id for a caller acting for sides, in the caller's transaction. */
enum jc_err transfer_record(struct db *db, int64_t id, const struct transfer_act *act, const struct transfer_sides *sides,
			    const struct actor *who, struct jc_error *err);
enum jc_err transfer_get(struct db *db, int64_t id, struct transfer *t, struct jc_error *err);

/*
 * The scope lookup of an object with two sides (a transfer; a mobile member's registration, whose
 * home and host are both let in; a decision on membership status, one-sided): the organisations'
 * paths that sql - a string literal selecting one row by ?1 = id, the paths in its first and
 * (when second is non-NULL) second column - answers, into first and second (cap bytes each, ""
 * for a NULL column). *found is false, and both "", when there is no such row; a database failure
 * is returned, never taken for an absence.
 */
enum jc_err transfer_side_paths(struct db *db, const char *sql, int64_t id, char *first, char *second, size_t cap,
				bool *found, struct jc_error *err);
/* The organisations' paths of both sides of transfer id ("" for a side outside), for the scope
 * check (transfer_side_paths); *found false when there is no such transfer. */
enum jc_err transfer_paths(struct db *db, int64_t id, char *from, char *to, size_t cap, bool *found,
			   struct jc_error *err);

/* --- view -------------------------------------------------------------------------------- */

/* An organisation of this database as a reference in an answer, {id, name, code, type}, into
 * *out (a new reference): JSON null for id 0 or an organisation that is not there. Shared with
 * the mobile members' answers (home, host). */
enum jc_err transfer_org_ref(struct db *db, int64_t id, json_t **out, struct jc_error *err);
/* The name of organisation id into out (cap bytes); fallback when id is 0 or there is no such
 * organisation. */
enum jc_err transfer_org_name(struct db *db, int64_t id, const char *fallback, char *out, size_t cap,
			      struct jc_error *err);

/* The transfer as JSON: the member (masked), both sides and the route with names, the letter
 * (number, validity, expired, days left, with its rule), the next step and its side, the
 * actions the caller's sides allow (sides may be NULL), and with steps the steps recorded. */
enum jc_err transfer_json(struct db *db, const struct transfer *t, const struct transfer_sides *sides, bool steps,
			  json_t **out, struct jc_error *err);
/* A page of the transfers of org_id's subtree, newest first: direction "out" (sent from the
 * subtree), "in" (received into it) or NULL for both; state NULL (all), a state key, "open" (under
 * way, or accepted with its receipt still out), "expired" or "stuck". *items and the rules behind
 * expired and stuck in *rules. */
enum jc_err transfer_page(struct db *db, int64_t org_id, const char *direction, const char *state, int64_t after,
			  int limit, json_t **items, int64_t *next, json_t **rules, struct jc_error *err);
/* A member's transfers, newest first. */
enum jc_err transfer_of_member(struct db *db, int64_t member_id, json_t **items, struct jc_error *err);
/* Must-transfer hints (§5.1, shown, never acted on): a changed work unit or home address since
 * the member joined the organisation, and no transfer started since; away from home at one
 * place for transfer.must_transfer_away_months or more (a mobile registration). For one member
 * (member_id) or for a subtree (org_id, member_id 0; at most limit members). Each: {member_id,
 * name, org_id, org_name, kind ("work_unit", "address", "away"), since, detail, rule}. */
enum jc_err transfer_hints(struct db *db, int64_t org_id, int64_t member_id, int limit, json_t **items,
			   struct jc_error *err);

/* Writes the letter of transfer id (issued) to path as one A4 page: stub, letter and receipt
 * between cut lines. The member's ID number is printed in full when reveal, else masked. */
enum jc_err transfer_letter_pdf(struct db *db, int64_t id, bool reveal, const char *path, struct jc_error *err);

#endif
