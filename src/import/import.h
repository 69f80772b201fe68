/*
 * import.h - the import engine: the rows of a table (CSV or XLSX, src/io/table.h) become members
 * or organisations, with every check of the API, in one transaction. `jiceng import` and
 * POST /api/v1/orgs/{id}/imports are two faces of it.
 *
 * The first row names the columns: field keys or their Chinese labels ("name" or "姓名");
 * organisations are named by code in "org_code"/"所在党组织代码" and "group_code"/"所在党小组代码"
 * (members) or "parent_code"/"上级组织代码" (organisations). A column that is not a field, or is
 * a read-only one, refuses the whole file.
 *
 * Invariants:
 *   - a bad row stores nothing, and is handed to the sink with its line and why (field, rule,
 *     article, message), the field being the file's column for what it names by code;
 *   - in preview mode every row is checked and stored inside a transaction that is then rolled
 *     back; in commit mode the rows commit only when none was bad or skip_bad is set, together
 *     with the batch record, the audit record and the statistics (members go through
 *     member_bulk_*: history by batch and line, statistics written once);
 *   - with a scope (an organisation's path, "/1/5/"), every organisation a row names must lie in
 *     that subtree; one elsewhere is a bad row worded as one that does not exist, so that an
 *     import tells nothing of other subtrees.
 */
#ifndef JC_IMPORT_H
#define JC_IMPORT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct actor;
struct audit_event;
struct db;
struct table;
struct table_row;

enum import_kind { IMPORT_MEMBERS, IMPORT_ORGS };
enum import_mode { IMPORT_PREVIEW, IMPORT_COMMIT };

/* Written by the importing thread after each row; any thread may read them meanwhile. */
struct import_progress {
	atomic_long rows; /* data rows read */
	atomic_long bad;  /* of which bad */
};

/* Where the engine reports as it reads; every callback may be NULL, and what it is given is
 * borrowed for the call. */
struct import_sink {
	void *ctx;
	/* The header row, once, before any data row. */
	void (*header)(void *ctx, const struct table_row *row);
	/* A bad row and why. */
	void (*bad)(void *ctx, const struct table_row *row, const struct jc_error *why);
	/* Every 1024 rows, and with done once the last row was read (before the commit). */
	void (*progress)(void *ctx, long rows, long bad, bool done);
};

struct import_options {
	enum import_kind kind;
	enum import_mode mode;
	bool skip_bad;
	const char *scope;        /* an organisation's path, or NULL for the whole database */
	const char *source;       /* the file's name: the batch record, "'NAME' is empty" */
	const struct actor *who;  /* the batch record and the history */
	/* The audit record of a commit (borrowed): its detail is replaced by the batch and counts. */
	const struct audit_event *audit;
	struct import_progress *progress; /* may be NULL */
	const struct import_sink *sink;   /* may be NULL */
};

struct import_result {
	long rows;       /* data rows read */
	long stored;     /* stored, or in preview that would be; 0 when a commit was refused */
	long bad;
	int64_t batch_id; /* the committed batch; 0 when nothing was committed */
	bool committed;
};

/* "members" or "orgs" into *kind; false for anything else. */
bool import_kind_parse(const char *s, enum import_kind *kind);
const char *import_kind_name(enum import_kind kind);

/*
 * Imports the rows of t (borrowed; read to its end or to its first malformed row) into db,
 * which must have no transaction open. Fills *out in every case. Returns
 *   JC_OK      read to the end: a preview, or a commit that stored its good rows;
 *   JC_ERULE   a commit refused because rows were bad (and not skip_bad): nothing stored;
 *   JC_EINVAL  an empty file, a column that is no field, a malformed file (err names the line);
 *   other      the store failed (nothing stored).
 */
enum jc_err import_run(struct db *db, struct table *t, const struct import_options *o,
		       struct import_result *out, struct jc_error *err);

/*
 * --- imports by token, for GET /api/v1/imports/progress (import_progress.c) ---------------
 * A client names its import with a token of its choosing; while the import runs and for
 * IMPORT_TICKET_KEEP seconds after it finished, the account that started it can read its
 * counters. The registry is in memory, shared by every thread (a mutex), and holds at most
 * IMPORT_TICKETS imports: the oldest finished one makes room for a new one.
 */
#define IMPORT_TICKETS 256
#define IMPORT_TICKET_KEEP (10 * 60)

struct import_ticket;

/* Whether token is 8-64 characters of [A-Za-z0-9_-]. */
bool import_token_valid(const char *token);
/* Registers a running import of account under token, with its counters at zero. Returns the
 * ticket (owned by the registry; valid until import_ticket_close), or NULL after filling err:
 * JC_ECONFLICT when that account's import with that token is still running, JC_EUNAVAIL when
 * every ticket is held by a running import. */
struct import_ticket *import_ticket_open(int64_t account, const char *token, struct jc_error *err);
/* The counters the import writes (borrowed from the ticket). */
struct import_progress *import_ticket_progress(struct import_ticket *t);
/* Marks the import done; t must not be used afterwards. NULL is ignored. */
void import_ticket_close(struct import_ticket *t);
/* The counters of account's import named token, running or finished within IMPORT_TICKET_KEEP
 * seconds; false when there is none. */
bool import_ticket_read(int64_t account, const char *token, long *rows, long *bad, bool *done);

#endif
