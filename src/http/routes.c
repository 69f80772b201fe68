/* routes.c - the route table, its matcher and the OpenAPI document generated from it. */
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

#include "base/fields.h"
#include "develop/develop_api.h"
#include "dues/dues_api.h"
#include "audit/audit_api.h"
#include "auth/auth_api.h"
#include "http/meta_api.h"
#include "import/import_api.h"
#include "keys/keys_api.h"
#include "member/member.h"
#include "member/member_api.h"
#include "mobile/mobile_api.h"
#include "org/org.h"
#include "org/org_api.h"
#include "orglife/orglife_api.h"
#include "orglife/orglife_review_api.h"
#include "rules/rules_api.h"
#include "stats/stats_api.h"
#include "transfer/transfer_api.h"

#define KB 1024
#define MB (1024 * KB)
/* clang-format off */
const struct route routes[] = {
	/* method  pattern                               handler              permission         scope              body     summary */
	{ "GET",   "/api/v1/health",                     meta_api_health,     "public",          SCOPE_NONE,        0,       "liveness and database check", NULL },
	{ "GET",   "/api/v1/openapi.json",               meta_api_openapi,    "public",          SCOPE_NONE,        0,       "this API's reference (OpenAPI 3)", NULL },
	{ "GET",   "/api/v1/codes",                      meta_api_codes,      "public",          SCOPE_NONE,        0,       "code tables with Chinese and English labels", NULL },
	{ "POST",  "/api/v1/auth/login",                 auth_api_login,      "public",          SCOPE_NONE,        1 * KB,  "log in with login and password; sets the session cookie", NULL },
	{ "POST",  "/api/v1/auth/totp",                  auth_api_totp,       "session.partial", SCOPE_NONE,        1 * KB,  "the second factor: a TOTP code", NULL },
	{ "GET",   "/api/v1/auth/enrol",                 auth_api_enrol,      "session.partial", SCOPE_NONE,        0,       "first login: a new TOTP secret with its QR code", NULL },
	{ "POST",  "/api/v1/auth/enrol",                 auth_api_enrol_confirm, "session.partial", SCOPE_NONE,     1 * KB,  "first login: confirm the new secret with a code", NULL },
	{ "POST",  "/api/v1/auth/logout",                auth_api_logout,     "session.partial", SCOPE_NONE,        1 * KB,  "end this session", NULL },
	{ "GET",   "/api/v1/auth/me",                    auth_api_me,         "session",         SCOPE_NONE,        0,       "the account, its roles and their scopes", NULL },
	{ "GET",   "/api/v1/auth/sessions",              auth_api_sessions,   "session",         SCOPE_NONE,        0,       "the account's live sessions, newest first (current marks this one)", NULL },
	{ "POST",  "/api/v1/auth/sessions/{id}/end",     auth_api_session_end, "session",        SCOPE_NONE,        1 * KB,  "end one of the account's sessions (this one: a logout)", NULL },
	{ "POST",  "/api/v1/auth/password",              auth_api_password,   "session",         SCOPE_NONE,        1 * KB,  "change one's password", NULL },
	{ "POST",  "/api/v1/accounts",                   auth_api_account_create, "account.manage", SCOPE_NONE,     2 * KB,  "create an account (system administrator)", NULL },
	{ "POST",  "/api/v1/accounts/{id}/disable",      auth_api_account_disable, "account.manage", SCOPE_NONE,    1 * KB,  "disable an account and end its sessions", NULL },
	{ "POST",  "/api/v1/accounts/{id}/roles",        auth_api_grant,      "role.grant",      SCOPE_NONE,        1 * KB,  "grant a role on an organisation (security administrator)", NULL },
	{ "POST",  "/api/v1/accounts/{id}/unlock",       auth_api_unlock,     "account.unlock",  SCOPE_NONE,        1 * KB,  "unlock a locked account (security administrator)", NULL },
	{ "GET",   "/api/v1/audit",                      audit_api_list,      "audit.read",      SCOPE_NONE,        0,       "the audit trail, newest first (audit administrator)", NULL },
	{ "POST",  "/api/v1/keys/rotate",                keys_api_rotate,     "keys.rotate",     SCOPE_NONE,        0,       "a new data key; every sealed value resealed while serving", NULL },
	{ "POST",  "/api/v1/orgs",                       org_api_create,      "org.write",       SCOPE_BODY_PARENT, 16 * KB, "create an organisation", "organisation" },
	{ "GET",   "/api/v1/orgs/{id}",                  org_api_get,         "org.read",        SCOPE_ORG,         0,       "an organisation with its committee and counts", NULL },
	{ "PATCH", "/api/v1/orgs/{id}",                  org_api_update,      "org.write",       SCOPE_ORG,         16 * KB, "change an organisation (partial; committee replaces)", "organisation" },
	{ "GET",   "/api/v1/orgs/{id}/children",         org_api_children,    "org.read",        SCOPE_ORG,         0,       "a page of child organisations (cursor, limit)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/search",           org_api_search,      "org.read",        SCOPE_ORG,         0,       "organisations of the subtree by code or name prefix (q)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/move",             org_api_move,        "org.move",        SCOPE_ORG,         1 * KB,  "move an organisation under another parent", NULL },
	{ "GET",   "/api/v1/orgs/{id}/findings",         org_api_findings,    "org.read",        SCOPE_ORG,         0,       "set-up findings with their rules and articles", NULL },
	{ "GET",   "/api/v1/orgs/{id}/history",          org_api_history,     "org.read",        SCOPE_ORG,         0,       "change history of an organisation", NULL },
	{ "GET",   "/api/v1/orgs/{id}/stats",            stats_api_get,       "stats.read",      SCOPE_ORG,         0,       "statistics of the whole subtree (year)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/stats/export",     stats_api_export,    "stats.read",      SCOPE_ORG,         0,       "download the subtree's statistics as xlsx, a sheet per table (year)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/rules",            rules_api_list,      "rules.read",      SCOPE_ORG,         0,       "rules in force for the organisation and their sources (date)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/rules",            rules_api_override,  "rules.write",     SCOPE_ORG,         2 * KB,  "override a local rule for the subtree", NULL },
	{ "GET",   "/api/v1/orgs/{id}/members",          member_api_page,     "member.read",     SCOPE_ORG,         0,       "a page of the subtree's members (filters, q, cursor, limit)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/members/export",   member_api_export,   "member.export",   SCOPE_ORG,         0,       "download the subtree's members as xlsx or csv (format), masked", NULL },
	{ "POST",  "/api/v1/orgs/{id}/imports",          import_api_start,    "member.write",    SCOPE_ORG,         64 * MB, "import members from the CSV or XLSX body into the subtree (kind, mode, skip_bad, progress, filename)", "file" },
	{ "GET",   "/api/v1/imports/progress",           import_api_progress, "member.write",    SCOPE_NONE,        0,       "rows read and bad so far of one's own import (token)", NULL },
	{ "POST",  "/api/v1/members",                    member_api_create,   "member.write",    SCOPE_BODY_ORG,    16 * KB, "register a member", "member" },
	{ "GET",   "/api/v1/members/{id}",               member_api_get,      "member.read",     SCOPE_MEMBER,      0,       "a member (sensitive fields masked; reveal=1 with member.reveal, audited)", NULL },
	{ "PATCH", "/api/v1/members/{id}",               member_api_update,   "member.write",    SCOPE_MEMBER,      16 * KB, "change a member (partial)", "member" },
	{ "POST",  "/api/v1/members/{id}/identity",      member_api_identity, "member.identity", SCOPE_MEMBER,      2 * KB,  "correct the ID number (with birth date, gender) with a reason", NULL },
	{ "GET",   "/api/v1/members/{id}/history",       member_api_history,  "member.read",     SCOPE_MEMBER,      0,       "change history of a member", NULL },
	/* transfers of membership and mobile members (issue 7: src/transfer, src/mobile) */
	{ "POST",  "/api/v1/members/{id}/transfers",     transfer_api_start,  "transfer.write",  SCOPE_MEMBER,      4 * KB,  "start the transfer of a member's relationship (to_org_id or to_org_code, or to_outside; started_on, reason)", NULL },
	{ "GET",   "/api/v1/members/{id}/transfers",     transfer_api_member, "transfer.read",   SCOPE_MEMBER,      0,       "a member's transfers, and the must-transfer hints", NULL },
	{ "GET",   "/api/v1/transfers/{id}",             transfer_api_get,    "transfer.read",   SCOPE_TRANSFER,    0,       "a transfer (either side): member, route, letter and its validity, next step, the caller's actions, steps", NULL },
	{ "POST",  "/api/v1/transfers/{id}/issue",       transfer_api_issue,  "transfer.approve", SCOPE_TRANSFER,   2 * KB,  "the sending committee issues the letter (on): numbered, valid from that day", NULL },
	{ "POST",  "/api/v1/transfers/{id}/forward",     transfer_api_forward, "transfer.approve", SCOPE_TRANSFER,  2 * KB,  "the receiving committee passes the letter down to the receiving organisation (on)", NULL },
	{ "POST",  "/api/v1/transfers/{id}/accept",      transfer_api_accept, "transfer.write",  SCOPE_TRANSFER,    2 * KB,  "the receiving side accepts (on, within the letter's validity): the member moves with history and statistics", NULL },
	{ "POST",  "/api/v1/transfers/{id}/refuse",      transfer_api_refuse, "transfer.write",  SCOPE_TRANSFER,    2 * KB,  "the receiving side refuses (or the sending committee declines to issue), always with a reason (on, reason)", NULL },
	{ "POST",  "/api/v1/transfers/{id}/receipt",     transfer_api_receipt, "transfer.write", SCOPE_TRANSFER,    2 * KB,  "the receipt is back with the sender and closes the transfer (on; a receiver outside: accepted_on)", NULL },
	{ "POST",  "/api/v1/transfers/{id}/cancel",      transfer_api_cancel, "transfer.write",  SCOPE_TRANSFER,    2 * KB,  "the sender withdraws a letter not yet accepted (on, reason)", NULL },
	{ "GET",   "/api/v1/transfers/{id}/letter",      transfer_api_letter, "transfer.read",   SCOPE_TRANSFER,    0,       "the letter as a PDF: stub, letter and receipt on one A4 page between cut lines", NULL },
	{ "GET",   "/api/v1/orgs/{id}/transfers",        transfer_api_page,   "transfer.read",   SCOPE_ORG,         0,       "transfers out of and into the subtree (direction; state: open, expired, stuck or a state; cursor, limit) with their rules", NULL },
	{ "POST",  "/api/v1/orgs/{id}/transfers/incoming", transfer_api_incoming, "transfer.write", SCOPE_ORG,       16 * KB, "register a member coming from outside with the sender's letter (from_outside, letter_no, issued_on, accepted_on, member)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/transfer-hints",   transfer_api_hints,  "transfer.read",   SCOPE_ORG,         0,       "members of the subtree who should transfer (work unit or residence changed, away 6 months): hints, never acted on", NULL },
	{ "POST",  "/api/v1/members/{id}/mobile",        mobile_api_register, "mobile.write",    SCOPE_MEMBER,      4 * KB,  "register a member going away (left_on, reason, destination, contact, expected_return; card; host)", NULL },
	{ "GET",   "/api/v1/members/{id}/mobile",        mobile_api_member,   "mobile.read",     SCOPE_MEMBER,      0,       "a member's registrations away and decisions on membership status", NULL },
	{ "GET",   "/api/v1/mobile/{id}",                mobile_api_get,      "mobile.read",     SCOPE_MOBILE,      0,       "a registration (home or host): card, host, reports, what is due with its rules, events", NULL },
	{ "POST",  "/api/v1/mobile/{id}/reports",        mobile_api_report,   "mobile.write",    SCOPE_MOBILE,      8 * KB,  "the member's report to the home branch (reported_on, note)", NULL },
	{ "POST",  "/api/v1/mobile/{id}/card",           mobile_api_card,     "mobile.write",    SCOPE_MOBILE,      2 * KB,  "a new activity card (card_no, card_issued_on, card_valid_until: at most 6 months)", NULL },
	{ "POST",  "/api/v1/mobile/{id}/host",           mobile_api_host,     "mobile.write",    SCOPE_MOBILE,      2 * KB,  "the organisation hosting the member from a day (since; host_org_id or host_org_code, or host_name outside)", NULL },
	{ "POST",  "/api/v1/mobile/{id}/return",         mobile_api_return,   "mobile.write",    SCOPE_MOBILE,      4 * KB,  "the member is back (returned_on, card_checked)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/mobile",           mobile_api_page,     "mobile.read",     SCOPE_ORG,         0,       "mobile members of the subtree (state: away, report_missing, card_expired, must_transfer, returned, unregistered, all; hosted=1)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/lost-contact",     mobile_api_lost_contact, "mobile.read", SCOPE_ORG,         0,       "members out of contact: listed for stopping (6 months) and for removal (2 years stopped), with the rules; nothing acted on", NULL },
	{ "POST",  "/api/v1/members/{id}/status-decisions", mobile_api_decide, "mobile.write",   SCOPE_MEMBER,      4 * KB,  "the branch's decision on membership status at a valid members' meeting (kind: stop, remove, lapse, restore; meeting_id, reason)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/status-decisions", mobile_api_decisions, "mobile.read",    SCOPE_ORG,         0,       "decisions on membership status of the subtree, newest first (status)", NULL },
	{ "GET",   "/api/v1/status-decisions/{id}",      mobile_api_decision, "mobile.read",     SCOPE_DECISION,    0,       "a decision on membership status with its answer", NULL },
	{ "POST",  "/api/v1/status-decisions/{id}/answer", mobile_api_answer, "mobile.approve",  SCOPE_DECISION,    4 * KB,  "the higher committee approves (the member's state changes) or rejects, with a reason (on, approved, reason)", NULL },
	{ "GET",   "/api/v1/develop/steps",              develop_api_steps,   "session",         SCOPE_NONE,        0,       "the 25 steps of recruitment with their stages", NULL },
	{ "POST",  "/api/v1/develop/cases",              develop_api_open,    "develop.write",   SCOPE_BODY_ORG,    16 * KB, "open a recruitment case with the application (step 1)", NULL },
	{ "GET",   "/api/v1/develop/cases/{id}",         develop_api_get,     "develop.read",    SCOPE_CASE,        0,       "a recruitment case: the person, every step, the next steps and what is due", NULL },
	{ "POST",  "/api/v1/develop/cases/{id}/steps",   develop_api_record,  "develop.write",   SCOPE_CASE,        16 * KB, "record a step (refused with the rule and article when a constraint breaks)", NULL },
	{ "POST",  "/api/v1/develop/cases/{id}/close",   develop_api_close,   "develop.write",   SCOPE_CASE,        2 * KB,  "close a case before admission (withdrawn, moved away, ...) with a reason", NULL },
	{ "GET",   "/api/v1/develop/cases/{id}/file",    develop_api_file,    "develop.read",    SCOPE_CASE,        0,       "the recruitment file as a PDF for the archive", NULL },
	{ "GET",   "/api/v1/orgs/{id}/develop/cases",    develop_api_page,    "develop.read",    SCOPE_ORG,         0,       "recruitment cases of the subtree (stage, cursor, limit)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/develop/due",      develop_api_due,     "develop.read",    SCOPE_ORG,         0,       "what is due or overdue in the subtree's recruitment (within days)", NULL },
	{ "POST",  "/api/v1/meetings",                   orglife_api_record,  "orglife.write",   SCOPE_BODY_ORG,    256 * KB, "record a meeting of organisational life (quorum checked; without_quorum keeps it, not valid for decisions)", NULL },
	{ "GET",   "/api/v1/meetings/{id}",              orglife_api_get,     "orglife.read",    SCOPE_MEETING,     0,       "a meeting with its attendance and resolutions", NULL },
	{ "GET",   "/api/v1/meetings/{id}/minutes",      orglife_api_minutes, "orglife.read",    SCOPE_MEETING,     0,       "the minutes of a meeting as a PDF for the archive", NULL },
	{ "GET",   "/api/v1/orgs/{id}/meetings",         orglife_api_page,    "orglife.read",    SCOPE_ORG,         0,       "meetings of the subtree, newest first (from, to, cursor, limit)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/compliance",       orglife_api_compliance, "orglife.read", SCOPE_ORG,         0,       "whether each branch and Party group of the subtree met the frequencies of organisational life (period)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/compliance/summary", orglife_api_summary, "orglife.read",  SCOPE_ORG,         0,       "how many branches and groups of the subtree met each requirement in a period and in each of its units, from kept counts (period)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/compliance/export", orglife_api_compliance_export, "orglife.read", SCOPE_ORG,       0,       "a period's compliance of the subtree as xlsx (period)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/absences",         orglife_api_absences, "orglife.read",   SCOPE_ORG,         0,       "members absent from organisational life without a reason month after month, for the branch's attention", NULL },
	{ "POST",  "/api/v1/orgs/{id}/inspections",      orglife_api_inspect, "orglife.inspect", SCOPE_ORG,         2 * KB,  "a spot check: draw a reproducible random sample of the subtree's meetings in a period (seed recorded)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/inspections/draw", orglife_api_draw,    "orglife.read",    SCOPE_ORG,         0,       "draw a spot check's sample again from its seed, to verify it (period, size, seed)", NULL },
	{ "GET",   "/api/v1/inspections/{id}",           orglife_api_inspection, "orglife.read", SCOPE_INSPECTION,  0,       "a spot check: its seed, sample and findings", NULL },
	{ "POST",  "/api/v1/inspections/{id}/findings",  orglife_api_finding, "orglife.inspect", SCOPE_INSPECTION,  8 * KB,  "record what the spot check found on a meeting of its sample", NULL },
	{ "POST",  "/api/v1/orgs/{id}/appraisals",       orglife_api_appraisal_open, "orglife.write", SCOPE_ORG,    1 * KB,  "open a branch's democratic appraisal of a year (year); its participants fixed then", NULL },
	{ "GET",   "/api/v1/orgs/{id}/appraisals",       orglife_api_appraisal_list, "orglife.read", SCOPE_ORG,     0,       "democratic appraisals of the subtree with their progress (year, cursor, limit)", NULL },
	{ "GET",   "/api/v1/appraisals/{id}",            orglife_api_appraisal_get, "orglife.read",  SCOPE_APPRAISAL,   0,       "a democratic appraisal: rules, progress, participants in name order with their steps and results", NULL },
	{ "POST",  "/api/v1/appraisals/{id}/self",       orglife_api_appraisal_self, "orglife.write", SCOPE_APPRAISAL,  64 * KB, "record a participant's self-appraisal (member_id, text)", NULL },
	{ "POST",  "/api/v1/appraisals/{id}/peer",       orglife_api_appraisal_peer, "orglife.write", SCOPE_APPRAISAL,  64 * KB, "record the peer appraisal of a participant (member_id, text), after their self-appraisal", NULL },
	{ "POST",  "/api/v1/appraisals/{id}/votes",      orglife_api_appraisal_votes, "orglife.write", SCOPE_APPRAISAL, 256 * KB, "record the democratic vote counts per rated participant (items), after their peer appraisal", NULL },
	{ "POST",  "/api/v1/appraisals/{id}/results",    orglife_api_appraisal_results, "orglife.write", SCOPE_APPRAISAL, 256 * KB, "the verdict of a committee or members' meeting (meeting_id): a grade for every rated participant; closes the appraisal", NULL },
	{ "GET",   "/api/v1/members/{id}/appraisals",    orglife_api_member_appraisals, "orglife.read", SCOPE_MEMBER,   0,       "a member's democratic appraisals and results, by year", NULL },
	{ "POST",  "/api/v1/orgs/{id}/talks",            orglife_api_talk_record, "orglife.write", SCOPE_ORG,       2 * KB,  "record a heart-to-heart talk of two members of the branch (held_on, member_a, member_b, topic; nothing of what was said)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/talks",            orglife_api_talk_page, "orglife.read",    SCOPE_ORG,         0,       "talks of the subtree, newest first (year, cursor, limit)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/talks/coverage",   orglife_api_talk_coverage, "orglife.read", SCOPE_ORG,        0,       "the branch's pairs of members that talked in a year, and the pairs each member still misses (year)", NULL },
	{ "POST",  "/api/v1/meetings/{id}/items",        orglife_api_item_record, "orglife.write", SCOPE_MEETING,   16 * KB, "add to an organisational-life meeting's issue list or rectification list (kind, text, owner, due, issue_id)", NULL },
	{ "GET",   "/api/v1/meetings/{id}/items",        orglife_api_meeting_items, "orglife.read", SCOPE_MEETING,    0,       "the issue and rectification lists of a meeting", NULL },
	{ "POST",  "/api/v1/life-items/{id}/done",       orglife_api_item_done, "orglife.write",   SCOPE_LIFE_ITEM,   8 * KB,  "mark an issue or rectification done (done_on, outcome); a done item stays done", NULL },
	{ "GET",   "/api/v1/orgs/{id}/life-items",       orglife_api_life_items, "orglife.read",   SCOPE_ORG,         0,       "issue and rectification items of the subtree (status: open, done, overdue; cursor, limit)", NULL },
	/* Party dues (issue 7) */
	{ "GET",   "/api/v1/dues/quote",                 dues_api_quote,      "session",         SCOPE_NONE,        0,       "the monthly dues of a category on a base in fen with the rules applied, or of every category (category, base_fen, org_id, on)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/dues/standards",   dues_api_standards,  "dues.write",      SCOPE_ORG,         256 * KB, "fix the year's monthly dues of the organisation's members (year, items: member_id, category, base_fen)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/ledger",      dues_api_ledger,     "dues.read",       SCOPE_ORG,         0,       "the ledger of the organisation's members in a year: each month paid, unpaid, exempt... (year)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/arrears",     dues_api_arrears,    "dues.read",       SCOPE_ORG,         0,       "members of the subtree unpaid for months in a row without a reason, for the branch's decision (min_months)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/reductions",  dues_api_reductions, "dues.read",       SCOPE_ORG,         0,       "hardship reductions of the subtree with the branch's decision and the higher approval (status)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/dues/approvals",   dues_api_approve,    "dues.approve",    SCOPE_ORG,         8 * KB,  "the organisation one level up approves or rejects a branch's hardship reduction (reduction_id, decision)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/dues/spending",    dues_api_spend,      "dues.write",      SCOPE_ORG,         16 * KB, "spend dues on one of the five uses, on a collective decision (meeting_id, or decision_ref for a committee)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/dues/transfers",   dues_api_transfer,   "dues.write",      SCOPE_ORG,         8 * KB,  "remit dues to the parent or allocate them to a child, one level only (kind, to_org_id, amount_fen)", NULL },
	{ "POST",  "/api/v1/orgs/{id}/dues/opening",     dues_api_open_books, "dues.write",      SCOPE_ORG,         4 * KB,  "take over once the balance of the dues books kept before this system, on a day (on, amount_fen, source)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/statement",   dues_api_statement,  "dues.read",       SCOPE_ORG,         0,       "the organisation's yearly income-and-spending statement of dues for its members (year)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/statement/export", dues_api_statement_export, "dues.read", SCOPE_ORG,       0,       "the yearly statement as xlsx (year)", NULL },
	{ "GET",   "/api/v1/orgs/{id}/dues/reconciliation", dues_api_reconciliation, "dues.read", SCOPE_ORG,         0,       "the subtree's dues in a year: its own account, each child's subtree, the whole, and the checks that it adds up (year)", NULL },
	{ "GET",   "/api/v1/members/{id}/dues",          dues_api_member,     "dues.read",       SCOPE_MEMBER,      0,       "a member's dues in a year: the standard, every month, payments, reductions, months unpaid in a row (year; a member reads their own)", NULL },
	{ "POST",  "/api/v1/members/{id}/dues/changes",  dues_api_change,     "dues.write",      SCOPE_MEMBER,      2 * KB,  "a new monthly amount from the month new pay is first received (from_month, category, base_fen)", NULL },
	{ "POST",  "/api/v1/members/{id}/dues/payments", dues_api_pay,        "dues.write",      SCOPE_MEMBER,      4 * KB,  "record a payment of months and a voluntary part (months, paid_on, channel, reference, voluntary_fen)", NULL },
	{ "POST",  "/api/v1/mobile/{id}/dues/payments",  dues_api_pay_at_host, "dues.write",     SCOPE_MOBILE,      4 * KB,  "the host records dues a mobile member paid there on a day they hosted them, credited to the home ledger (months, paid_on, channel, reference, voluntary_fen)", NULL },
	{ "POST",  "/api/v1/members/{id}/dues/reversals", dues_api_reverse,   "dues.write",      SCOPE_MEMBER,      2 * KB,  "cancel a payment recorded in error by a reversing entry (payment_id, reason)", NULL },
	{ "POST",  "/api/v1/members/{id}/dues/excuses",  dues_api_excuse,     "dues.write",      SCOPE_MEMBER,      4 * KB,  "record a proper reason for months not paid: still owed, not counted as months of non-payment (months, reason)", NULL },
	{ "POST",  "/api/v1/members/{id}/dues/reductions", dues_api_reduce,   "dues.write",      SCOPE_MEMBER,      4 * KB,  "the branch decides to reduce or waive a member's dues for hardship at a valid meeting (from_month, to_month, amount_fen, meeting_id, reason)", NULL },
};
/* clang-format on */
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/* Matches one pattern; {id} takes 1-18 digits, not starting with 0. */
static bool match(const char *pat, const char *path, size_t plen, int64_t *ids)
{
	size_t i = 0;
	int n = 0;
	while (*pat) {
		if (!strncmp(pat, "{id}", 4)) {
			int64_t v = 0;
			size_t start = i;
			while (i < plen && path[i] >= '0' && path[i] <= '9' && i - start < 18)
				v = v * 10 + (path[i++] - '0');
			if (i == start || path[start] == '0' || (i < plen && path[i] != '/'))
				return false;
			if (n < 4)
				ids[n++] = v;
			pat += 4;
			continue;
		}
		if (i >= plen || path[i] != *pat)
			return false;
		i++;
		pat++;
	}
	return i == plen || (i + 1 == plen && path[i] == '/');
}

const struct route *routes_match(const char *method, size_t mlen, const char *path, size_t plen,
				 int64_t *ids, int *status)
{
	*status = 404;
	for (size_t i = 0; i < routes_count; i++) {
		if (!match(routes[i].pattern, path, plen, ids))
			continue;
		if (strlen(routes[i].method) == mlen && !memcmp(routes[i].method, method, mlen))
			return &routes[i];
		*status = 405;
	}
	return NULL;
}

size_t routes_max_body(void)
{
	size_t max = 0;
	for (size_t i = 0; i < routes_count; i++)
		if (routes[i].body_limit > max)
			max = routes[i].body_limit;
	return max;
}

static json_t *schema_of(const struct record_desc *d)
{
	static const char *const types[] = { [FT_TEXT] = "string", [FT_CODE] = "string", [FT_DATE] = "string",
					     [FT_INT] = "integer", [FT_MONEY] = "integer", [FT_BOOL] = "boolean",
					     [FT_REF] = "integer" };
	json_t *props = json_object(), *required = json_array();
	for (size_t i = 0; i < d->count; i++) {
		const struct field *f = &d->fields[i];
		json_t *p = json_pack("{s:s,s:s}", "type", types[f->type], "description", f->zh);
		json_object_set_new(p, "title", json_string(f->en));
		if (f->type == FT_DATE)
			json_object_set_new(p, "format", json_string("date"));
		if (f->type == FT_TEXT)
			json_object_set_new(p, "maxLength", json_integer((json_int_t)f->size - 1));
		if (f->type == FT_CODE) {
			json_t *e = json_array();
			for (size_t k = 0; k < f->codes->count; k++)
				json_array_append_new(e, json_string(f->codes->codes[k].key));
			json_object_set_new(p, "enum", e);
		}
		if (f->flags & FF_READONLY)
			json_object_set_new(p, "readOnly", json_true());
		if (f->flags & FF_REQUIRED)
			json_array_append_new(required, json_string(f->key));
		json_object_set_new(props, f->key, p);
	}
	return json_pack("{s:s,s:o,s:o}", "type", "object", "properties", props, "required", required);
}

json_t *routes_openapi(void)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		char path[128];
		snprintf(path, sizeof(path), "%s", r->pattern);
		json_t *item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		char method[8];
		size_t k = 0;
		for (; r->method[k] && k < 7; k++)
			method[k] = (char)(r->method[k] | 0x20);
		method[k] = '\0';
		json_t *op = json_pack("{s:s,s:{s:s},s:{s:{s:s},s:{s:s}}}", "summary", r->summary,
				       "x-permission", "name", r->permission, "responses", "200",
				       "description", "ok", "4XX", "description",
				       "{\"error\": {code, message, field, rule, article}}");
		if (strstr(r->pattern, "{id}"))
			json_object_set_new(op, "parameters",
					    json_pack("[{s:s,s:s,s:b,s:{s:s}}]", "name", "id", "in", "path",
						      "required", 1, "schema", "type", "integer"));
		if (r->body_schema && !strcmp(r->body_schema, "file"))
			json_object_set_new(op, "requestBody",
					    json_pack("{s:b,s:{s:{s:{s:s,s:s}}}}", "required", 1, "content",
						      "application/octet-stream", "schema", "type", "string", "format", "binary"));
		else if (r->body_schema)
			json_object_set_new(op, "requestBody",
					    json_pack("{s:{s:{s:{s:s}}}}", "content", "application/json",
						      "schema", "$ref", !strcmp(r->body_schema, "member") ?
						      "#/components/schemas/member" : "#/components/schemas/organisation"));
		json_object_set_new(item, method, op);
	}
	return json_pack("{s:s,s:{s:s,s:s},s:o,s:{s:{s:o,s:o}}}", "openapi", "3.0.3", "info", "title",
			 "jiceng API", "version", "1", "paths", paths, "components", "schemas",
			 "organisation", schema_of(&org_desc), "member", schema_of(&member_desc));
}
