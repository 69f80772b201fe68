/*
 * audit.h - the security audit trail: append-only, chained with HMAC-SM3, verifiable.
 *
 * Every login, logout, failure, lock, authorisation denial, administrative action, data change,
 * export and full read of a sensitive field appends one record: UTC time, account, role, source
 * address, event, object, result and a free-text detail (table `audit`, migrations/0003_audit.sql).
 * The history (src/history/) says what a record looked like before and after; the audit trail
 * says who did what to the system, including what was refused.
 *
 * Invariants:
 *   - ids are 1, 2, 3, ... with no gap, assigned by audit_append inside its transaction;
 *   - mac(n) = HMAC-SM3(key, "jiceng audit 1" | mac(n-1) | u64(id) | for each of at, account,
 *     role, address, event, object, result, detail: u64(length) | bytes), with mac(0) = 32 zero
 *     bytes and u64 big-endian; every field is length-prefixed, so two different records never
 *     serialise the same;
 *   - meta 'audit_head' is "<id>:<mac hex>:<tag hex>" for the newest record, with
 *     tag = HMAC-SM3(key, "jiceng audit head 1" | u64(id) | mac), written in the same transaction
 *     as the record, so that deleting the newest records, or rewinding the head, is detected;
 *   - triggers refuse UPDATE and DELETE of records and of the head (no role can change them);
 *     the chain catches what is done by going around the triggers;
 *   - records are never deleted by the application (kept for the life of the database; the
 *     Cybersecurity Law asks for at least 180 days).
 *
 * A new record chains from the head, not from the newest row, and takes the id after both: so a
 * tamper stays visible after later appends (a deleted newest record shows as a gap; a missing or
 * forged head makes the next record chain from zero bytes, which verify reports).
 *
 * What to write: event is a dotted name, area first ("auth.login", "auth.logout", "auth.lock",
 * "access.denied", "member.update", "member.export", "member.reveal", "admin.user_create"), so
 * that a prefix ("auth.") selects an area; result is "ok", "denied" or "failed"; object names
 * the target ("member:42"). No field may hold an unmasked personal value (ID number, phone,
 * address) or a secret: the trail is read by the audit administrator, who may not see those.
 *
 * Transactions: a record written inside the caller's transaction is rolled back with it. So a
 * refusal or a failure (a denied request, a bad password) must be recorded after the caller's
 * transaction is rolled back, in a transaction of its own, or it is lost with the rollback.
 */
#ifndef JC_AUDIT_H
#define JC_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"

struct db;

#define AUDIT_KEY_LEN 32

/* Sets the process-wide key of the chain (copied; the previous key is wiped); NULL forgets it.
 * Call it before the first audit_append or audit_verify and before any thread starts; setting it
 * again replaces it (tests do, to check a wrong key). */
void audit_set_key(const unsigned char key[AUDIT_KEY_LEN]);

/* One record. Every field is borrowed; NULL is recorded as "". */
struct audit_event {
	const char *account; /* who: the account name (for a failed login, the name given) */
	const char *role;    /* as what role */
	const char *address; /* source address, "" for the command line */
	const char *event;   /* "auth.login", ... (above) */
	const char *object;  /* "member:42", ... */
	const char *result;  /* "ok", "denied", "failed" */
	const char *detail;  /* free text, masked */
};

/* Appends e: inside the caller's open transaction when there is one (and then rolled back with
 * it; on failure the caller must roll back, as the record may be written without its head), else
 * in a transaction of its own. Aborts when no key was set (a programming error). */
enum jc_err audit_append(struct db *db, const struct audit_event *e, struct jc_error *err);

/* Walks the records in id order and recomputes the chain with the key set. Calls report (may be
 * NULL; what is borrowed for the call) once per problem, in id order:
 *   - records missing from the sequence (deleted), reported at the first missing id;
 *   - a record whose MAC does not match: edited (the next record still chains to it), inserted
 *     (the records around it chain to each other without it; ids after it shifted), or either;
 *   - ids renumbered or out of sequence;
 *   - a head that does not verify, names records that are gone (the newest deleted), or does not
 *     cover the last record.
 * After a mismatch it goes on from the stored MAC, so one edit is one problem, not a cascade.
 * Returns the number of problems (0: intact), or -1 when the store fails (err filled). Reads in
 * one snapshot: the caller's transaction, else a read transaction of its own. Aborts when no key
 * was set. */
long audit_verify(struct db *db, void (*report)(int64_t id, const char *what, void *ctx), void *ctx,
		  struct jc_error *err);

/* The records with id < before (before <= 0: from the newest), newest first, at most limit
 * (clamped to 1..1000), only events starting with event_prefix (NULL or "": all), as a new JSON
 * array of {"id", "at", "account", "role", "address", "event", "object", "result", "detail"}
 * that the caller frees with json_decref; NULL when the store fails (err filled). */
json_t *audit_list_json(struct db *db, int64_t before, int limit, const char *event_prefix,
			struct jc_error *err);

#endif
