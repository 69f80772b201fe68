/*
 * dues.h - Party dues (党费, domain-rules §4): what a member pays each month, the ledger a branch
 * keeps of it, and the use of the money up and down the tree.
 *
 * Invariants:
 * - Money is in fen (int64_t), never a float. Rates are in basis points (1/10000). A fraction
 *   of the rounding unit is rounded as the rules dues.rounding.mode and dues.rounding.unit_fen
 *   say (half up to the fen nationally), once, on the whole amount.
 * - Months are numbered: year * 12 + (month - 1) (dues_month_*), "YYYY-MM" outside.
 * - The amount due for a member in a month is the standard in force then (the newest
 *   dues_standard row at or before the month, within its year while dues.standard.fixed_yearly
 *   is 1), lowered by an approved hardship reduction covering it; nothing is due before the
 *   month of admission (dues.probationary.from_admission) or after membership ended or stopped.
 * - A month is paid when what was paid for it (the sum of its payment rows, reversals negative)
 *   reaches what is due. A payment pays what is still owing on each month it names; a month
 *   more than dues.back_payment_max_months before the month of payment, or more than
 *   dues.prepay_max_months after it, is refused (422).
 * - Consecutive ended months with something due, nothing paid and no recorded reason are counted
 *   back from last month; at member.self_withdrawal_months the member is listed for the branch's
 *   decision. Nothing here ever changes a membership.
 * - Every row is the archive: only added (migrations/0011_dues.sql has the triggers). A payment
 *   is corrected by its reversal, a standard by a newer one.
 * - An organisation's dues balance is what it collected and received, less what it remitted,
 *   allocated, spent and forwarded to the Central Committee. Spending, remittances and
 *   allocations never take it below zero, on their day or any day after (dues.use.within_income);
 *   money moves only between an organisation and its parent or a child
 *   (dues.transfer.adjacent_levels).
 *
 * dues_rules.c   the code tables and the pure decisions: the quote, a month of the ledger, the
 *                run of unpaid months, a payment's months, a transfer's levels (unit-tested)
 * dues_store.c   standards, hardship reductions, payments, reasons in the database
 * dues_view.c    a member's dues, a branch's ledger grid, the arrears of a subtree
 * dues_use.c     spending, transfers, the balance, the yearly statement, the reconciliation
 * dues_export.c  the yearly statement as XLSX
 * dues_api.c     the HTTP face; cli_dues.c the command line's
 */
#ifndef JC_DUES_H
#define JC_DUES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/codes.h"
#include "base/err.h"
#include "history/history.h"
#include "rules/rules.h"

struct db;

extern const struct code_table dues_categories; /* dues_category: employed, annual_salary, ... */
extern const struct code_table dues_channels;   /* dues_channel: cash, bank, online, payroll, other */
extern const struct code_table dues_uses;       /* dues_use: the five uses of 第十九条 */
extern const struct code_table dues_transfer_kinds; /* dues_transfer_kind: remit, allocate */

#define DUES_MAX_BASE_FEN 100000000000LL /* a billion yuan: no monthly base is larger */
#define DUES_MAX_ITEMS 2000              /* members in one yearly batch, or in one ledger */
#define DUES_MAX_MONTHS 24               /* months named by one payment or reason */
#define DUES_TEXT_MAX 1000               /* bytes of a reason, purpose or note */

/* --- months ---------------------------------------------------------------------------------- */

int dues_month(int year, int month);                 /* 1..12 */
int dues_month_of_day(int day);                      /* the month of a day number */
int dues_month_year(int month);
int dues_month_first_day(int month);                 /* day number of its 1st */
int dues_month_last_day(int month);
/* Parses exactly "YYYY-MM"; false on anything else. */
bool dues_month_parse(const char *s, int *out);
void dues_month_format(int month, char out[8]);

/* --- the quote (pure) ------------------------------------------------------------------------ */

/* The rules of the quote, as in force for one organisation on one day. */
struct dues_rules {
	struct rule band1, band2, band3, rate1, rate2, rate3, rate4;  /* employed, 第二条 */
	struct rule annual_table, annual_cap;                         /* 第三条; the unverified cap */
	struct rule self_table;                                       /* 第四条 */
	struct rule retired_band, retired_rate1, retired_rate2;       /* 第五条 */
	struct rule farmer, farmer_min, farmer_max, low_income;       /* 第六条 */
	struct rule round_mode, round_unit;
};
enum jc_err dues_rules_load(struct db *db, int64_t org_id, int on, struct dues_rules *r, struct jc_error *err);

#define DUES_QUOTE_MAX_RULES 8
struct dues_quote {
	int64_t base_fen;          /* 0 for the fixed amounts */
	int64_t amount_fen;
	int rate_bp;               /* 0 for the fixed amounts */
	int band;                  /* 1..4 (retirees 1..2), 0 for the fixed amounts */
	bool capped;               /* the annual-salary cap lowered it */
	const struct rule *applied[DUES_QUOTE_MAX_RULES]; /* point into the rules given */
	int napplied;
};
/* Whether a category's amount follows a base (employed, annual_salary, self_employed, retired). */
bool dues_category_has_base(const char *category);
/* For a standard a member pays by (not a quote): a category with a base needs one above 0 (400
 * naming base_fen) - paying nothing is a hardship reduction, decided and approved. */
enum jc_err dues_check_base(const char *category, int64_t base_fen, struct jc_error *err);
/* The monthly amount of category on base_fen (ignored for the fixed amounts) under r: 400 naming
 * "category" or "base_fen" for a bad input, 422 naming the rule for a local value outside what
 * the regulation allows (a farmers' amount outside 0.2-1 yuan, a rounding unit that is not 1, 10
 * or 100 fen). */
enum jc_err dues_quote(const struct dues_rules *r, const char *category, int64_t base_fen, struct dues_quote *q,
		       struct jc_error *err);
/* {category, base_fen, amount_fen, amount, rate_bp, band, capped, rules: [rule]}. */
json_t *dues_quote_json(const char *category, const struct dues_quote *q);
/* "12.34" into out (at least 24 bytes); negative amounts with a sign. */
const char *dues_yuan(int64_t fen, char out[24]);

/* --- the ledger of one member (pure) ----------------------------------------------------------- */

struct dues_std {
	int64_t id;
	int from;                  /* month */
	int64_t amount_fen, base_fen;
	char category[16];
	char kind[8];              /* yearly | change */
};
struct dues_red {
	int64_t id;
	int from, to;              /* months, inclusive */
	int64_t amount_fen;
	int state;                 /* 0 awaiting approval, 1 approved, -1 rejected */
	char reason[160];
};
struct dues_paid {
	int month;
	int64_t paid_fen;          /* the sum over its payment rows (reversals negative) */
	bool back_paid;            /* some of it was paid after the month had ended */
	int last_paid_on;          /* day of the latest payment row that paid it, DATE_NONE */
};
/* What the ledger of one member rests on, sorted by month (standards by from, then id). Arrays
 * are owned (dues_facts_release). */
struct dues_facts {
	int64_t member_id;
	int first, last;           /* the months they owe dues in: admission .. end (INT_MAX: open) */
	struct dues_std *stds;
	int nstds;
	struct dues_red *reds;
	int nreds;
	struct dues_paid *paid;
	int npaid;
	int *excused;              /* months with a recorded reason */
	int nexcused;
};
void dues_facts_release(struct dues_facts *f);

enum dues_status {
	DUES_NOT_MEMBER,  /* before admission, after membership ended or stopped */
	DUES_NO_STANDARD, /* no amount fixed for the month */
	DUES_EXEMPT,      /* an approved reduction to 0 */
	DUES_PAID,
	DUES_PARTLY,      /* something paid, less than due */
	DUES_EXCUSED,     /* nothing paid, a reason recorded */
	DUES_UNPAID,      /* an ended month, nothing paid, no reason */
	DUES_OPEN,        /* this month or a later one, not yet paid */
};
const char *dues_status_key(enum dues_status s);

struct dues_month_state {
	int month;
	enum dues_status status;
	int64_t due_fen, paid_fen;
	const struct dues_std *std;   /* in force, or NULL */
	const struct dues_red *red;   /* the approved reduction applied, or NULL */
	bool back_paid;
	int paid_on;                  /* DATE_NONE when nothing paid */
	bool excused;
};
/* The state of one month under the facts, today being in month `now`. */
void dues_month_state(const struct dues_facts *f, int month, bool fixed_yearly, int now, struct dues_month_state *out);
/* The run of consecutive unpaid months (DUES_UNPAID) ending with the month before `now`, looking
 * back at most `lookback` months; *since receives its first month (when the run is not empty)
 * and *owing the sum still owing on them. */
int dues_unpaid_run(const struct dues_facts *f, bool fixed_yearly, int now, int lookback, int *since, int64_t *owing);

/* A payment's months checked against the ledger: each month must be one of membership, with an
 * amount fixed and something owing (409 otherwise), no more than back_max months before the
 * month of payment nor prepay_max after it (422 naming the rule), named once (400). owing[i]
 * receives what it pays on months[i]. paid_month is the month of the payment's day. */
struct dues_payment_rules {
	const struct rule *back_max, *prepay_max;
	bool fixed_yearly;
};
enum jc_err dues_check_payment(const struct dues_facts *f, const int *months, int n, int paid_month, int now,
			       const struct dues_payment_rules *r, int64_t *owing, struct jc_error *err);
/* Whether a voluntary part goes to the Central Committee (第十一条). */
bool dues_voluntary_to_centre(int64_t voluntary_fen, const struct rule *to_centre);

/* Money moves only one level: a remittance to from's parent, an allocation to one of its
 * children (422 naming dues.transfer.adjacent_levels otherwise). */
enum jc_err dues_check_levels(const char *kind, int64_t from_id, int64_t from_parent, int64_t to_id, int64_t to_parent,
			      const struct rule *adjacent, struct jc_error *err);

/* --- store: standards, reductions, payments, reasons (dues_store.c) --------------------------- */

/* One member of a yearly batch. */
struct dues_item {
	int64_t member_id;
	char category[16];
	int64_t base_fen;
	/* filled by dues_standards_fix: */
	int64_t amount_fen;
	int64_t standard_id;
};
/* Fixes the year's standard of each item's member (members of org_id), in the caller's
 * transaction: each amount is the quote under the rules in force for the organisation on the
 * first month fixed. 409 naming items[i].member_id when the member's standard of the year is
 * already fixed and dues.standard.fixed_yearly holds. */
enum jc_err dues_standards_fix(struct db *db, int64_t org_id, int year, struct dues_item *items, int n,
			       const struct actor *who, struct jc_error *err);
/* A change from the month the new pay is first received (第十条). *id receives the row. */
enum jc_err dues_standard_change(struct db *db, int64_t member_id, int from, const char *category, int64_t base_fen,
				 const struct actor *who, int64_t *id, struct jc_error *err);
/* Hardship, step 1: the branch's decision at meeting_id. *id receives the reduction. */
enum jc_err dues_reduction_decide(struct db *db, int64_t member_id, int from, int to, int64_t amount_fen,
				  const char *reason, int64_t meeting_id, const struct actor *who, int64_t *id,
				  struct jc_error *err);
/* Hardship, step 2: the decision of org_id, which must be the branch's parent (422 naming
 * dues.hardship.higher_approval otherwise; 404 for a reduction outside org_id's subtree; 409
 * when already decided). */
enum jc_err dues_reduction_approve(struct db *db, int64_t org_id, int64_t reduction_id, bool approved, int decided_on,
				   const char *note, const struct actor *who, struct jc_error *err);
/* A payment by member_id. collected_by 0: the member's organisation. *id receives it; *to_centre
 * whether its voluntary part goes to the Central Committee. */
struct dues_payment {
	int months[DUES_MAX_MONTHS];
	int nmonths;
	int paid_on;
	char channel[16];
	char reference[129];
	int64_t voluntary_fen;
	int64_t amount_fen;       /* -1: not given; else must equal what the payment comes to */
	int64_t collected_by;
	/* filled in: */
	int64_t id, dues_fen;
	bool to_centre;
};
enum jc_err dues_pay(struct db *db, int64_t member_id, struct dues_payment *p, const struct actor *who,
		     struct jc_error *err);
/* Cancels a payment of member_id by a reversing row (409 when already reversed or itself a
 * reversal). */
enum jc_err dues_reverse(struct db *db, int64_t member_id, int64_t payment_id, const char *reason,
			 const struct actor *who, int64_t *id, struct jc_error *err);
/* Records a reason for months not paid. */
enum jc_err dues_excuse(struct db *db, int64_t member_id, const int *months, int n, const char *reason,
			const struct actor *who, struct jc_error *err);
/* The facts of one member's ledger. */
enum jc_err dues_facts_load(struct db *db, int64_t member_id, struct dues_facts *f, struct jc_error *err);
/* Whether a year's standard must be fixed anew (dues.standard.fixed_yearly for org_id), into
 * *out; a database failure is returned. */
enum jc_err dues_fixed_yearly(struct db *db, int64_t org_id, int on, bool *out, struct jc_error *err);

/* For the module's files: the ledgers of many members read at once - the members of one
 * organisation (subtree false) or of a subtree - in member id order. Owned (dues_roll_release). */
struct dues_roll {
	struct dues_roll_member {
		int64_t id, org_id;
		char name[64];
		char state[24];
		struct dues_facts f;
	} *m;
	int n;
};
/* current_only: members whose state is normal; 413 (JC_ETOOBIG) beyond max members. */
enum jc_err dues_roll_load(struct db *db, int64_t org_id, bool subtree, bool current_only, int max, struct dues_roll *out,
			   struct jc_error *err);
void dues_roll_release(struct dues_roll *r);
/* The months a member owes dues in, from the admission day and the membership state. */
void dues_membership_months(int admit_date, const char *state, int state_date, int *first, int *last);

/* --- views (dues_view.c) ------------------------------------------------------------------------ */

/* A member's dues of a year: {member, year, standard, standards, months, totals, arrears,
 * reductions, payments}. totals: due through this month, paid, owing on the months ended. */
enum jc_err dues_member_json(struct db *db, int64_t member_id, int year, json_t **out, struct jc_error *err);
/* The ledger of org_id's own members in a year: months × members with status, due and paid. */
enum jc_err dues_ledger_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err);
/* Members of org_id's subtree with at least min_months consecutive unpaid months up to last
 * month, in name order: [{member_id, name, org_id, org_name, months, since, through, owing_fen,
 * for_decision, rule, self_withdrawal}]. */
enum jc_err dues_arrears_json(struct db *db, int64_t org_id, int min_months, json_t **out, struct jc_error *err);
/* Hardship reductions of org_id's subtree (status: NULL all, "pending", "approved", "rejected"). */
enum jc_err dues_reductions_json(struct db *db, int64_t org_id, const char *status, json_t **out, struct jc_error *err);

/* --- use of dues (dues_use.c) -------------------------------------------------------------------- */

/* The collective decision behind a spending or an allocation: a meeting of the organisation, or
 * for an organisation whose meetings are not kept here, the minutes' reference and day. */
struct dues_decision {
	int64_t meeting_id;       /* 0: none */
	char ref[129];
	int decided_on;           /* DATE_NONE: none */
};
struct dues_spend {
	int spent_on;
	char category[24];
	int64_t amount_fen;
	char purpose[DUES_TEXT_MAX + 1];
	struct dues_decision decision;
	json_t *receipts;         /* borrowed; may be NULL */
	int64_t id;               /* filled in */
};
enum jc_err dues_spend(struct db *db, int64_t org_id, struct dues_spend *s, const struct actor *who,
		       struct jc_error *err);
/* The balance of the books an organisation kept before, taken over once on day on (money in on
 * that day): 400 naming on (a day to come), amount_fen or source (empty); 409 when taken over
 * already. */
struct dues_opening {
	int on;
	int64_t amount_fen;
	char source[DUES_TEXT_MAX + 1];
};
enum jc_err dues_open_books(struct db *db, int64_t org_id, struct dues_opening *o, const struct actor *who,
			   struct jc_error *err);
struct dues_move {
	char kind[12];            /* remit | allocate */
	int64_t to_org_id;
	int on;
	int64_t amount_fen;
	char category[24];        /* an allocation's earmark, "" none */
	char note[DUES_TEXT_MAX + 1];
	struct dues_decision decision;
	int64_t id;               /* filled in */
};
/* Records a transfer from org_id. *outside is set when to_org_id does not exist (the caller
 * answers 404 unless it may see the whole tree). */
enum jc_err dues_transfer(struct db *db, int64_t org_id, struct dues_move *m, const struct actor *who,
			  struct jc_error *err);
/* An organisation's own balance at the end of day `on` (DATE_NONE: everything recorded). */
enum jc_err dues_balance(struct db *db, int64_t org_id, int on, int64_t *out, struct jc_error *err);

/* The flows of one organisation's own account over a span of days. */
struct dues_flows {
	int64_t opening, brought_forward, collected, voluntary, to_centre, received_from_parent, received_from_children,
		remitted_up, allocated_down, spent, closing;
	int64_t spent_by_use[5];
};
/* The yearly income-and-spending statement of org_id for its members: opening and closing
 * balance, income by month, spending one by one with its decision, transfers, and how many of
 * the member-months due were paid. */
enum jc_err dues_statement_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err);
/* The reconciliation of org_id's subtree in a year: its own account, each child's subtree, and
 * the whole subtree, each {opening, collected, ..., closing}; checks: every row adds up, and the
 * subtree's closing is its opening plus what came in from outside it less what left it. */
enum jc_err dues_reconciliation_json(struct db *db, int64_t org_id, int year, json_t **out, struct jc_error *err);
/* Writes the statement of org_id's year to path as XLSX. */
enum jc_err dues_statement_xlsx(struct db *db, int64_t org_id, int year, const char *path, struct jc_error *err);

#endif
