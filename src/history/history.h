/*
 * history.h - the change history of organisations and members.
 *
 * Every write adds one row: entity, id, UTC time, actor, action, reason, and the changed fields
 * as {"field": [before, after]}. Rows are only ever inserted (triggers refuse UPDATE and DELETE),
 * so history is never rewritten. Sensitive values are recorded masked.
 */
#ifndef JC_HISTORY_H
#define JC_HISTORY_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"

struct db;

/* Who acts and why: recorded with every change. */
struct actor {
	const char *name;   /* the account, or "cli:<login>" for the command line */
	const char *reason; /* may be NULL */
};

/* Appends a history row; changes may be NULL (borrowed, not stolen). */
enum jc_err history_add(struct db *db, const char *entity, int64_t id, const char *action,
			const struct actor *who, json_t *changes, struct jc_error *err);
/* Newest first; rows with id < before (0 = from the newest); *out is a new JSON array. */
enum jc_err history_list(struct db *db, const char *entity, int64_t id, int64_t before, int limit,
			 json_t **out, struct jc_error *err);

#endif
