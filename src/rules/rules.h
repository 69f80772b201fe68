/*
 * rules.h - the rule table: every threshold, period and deadline, with its source.
 *
 * A rule is (key, value, unit, effective_from, regulation, article, confidence, local). The
 * national defaults are src/rules/national_rules.def, written into the table by rules_sync().
 * Where a rule is local (L or U in domain-rules.md) an organisation may override it for its
 * subtree; the value in force for organisation X on day D is the override of X's nearest
 * ancestor-or-self with effective_from <= D, else the national value with effective_from <= D.
 * Each resolved rule says where it came from, so every refusal can cite it.
 */
#ifndef JC_RULES_H
#define JC_RULES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;

struct rule {
	char key[64];
	char value[64];
	char unit[16];
	char effective_from[11];
	char regulation[160];
	char article[96];
	char confidence; /* 'C' 'S' 'L' 'U' */
	int local;
	char summary_zh[160];
	char summary_en[160];
	int64_t source_org; /* 0 = national default, else the overriding organisation */
};

/* Writes the national defaults into the rule table (idempotent; in its own transaction unless
 * one is open). */
enum jc_err rules_sync(struct db *db, struct jc_error *err);

/* The rule in force for org_id (0 = national) on day on. JC_ENOTFOUND for an unknown key. */
enum jc_err rules_get(struct db *db, int64_t org_id, const char *key, int on, struct rule *out,
		      struct jc_error *err);
/* The integer value of a rule in force, into *out. Aborts if the key is unknown (a programming
 * error: every key the code asks for ships in national_rules.def); a database failure is
 * returned (in err), never an abort. */
enum jc_err rules_int(struct db *db, int64_t org_id, const char *key, int on, int64_t *out, struct jc_error *err);

/* A module's rules read at once into a struct of struct rule fields: each slot names a key and
 * its field (RULE_SLOT(struct x_rules, field, "key")). */
struct rule_slot {
	const char *key;
	size_t offset;
};
#define RULE_SLOT(type, field, key) { (key), offsetof(type, field) }
/* Reads every slot's rule in force for org_id on day on into out. Aborts on an unknown key, as
 * rules_int does; a database failure is returned. */
enum jc_err rules_load_slots(struct db *db, int64_t org_id, int on, const struct rule_slot *slots, size_t n, void *out,
		       struct jc_error *err);

/* Fills err with the rule's key and its regulation and article; returns JC_ERULE. */
enum jc_err rules_refuse(const struct rule *r, struct jc_error *err, const char *field,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Every rule in force for org_id on day on, as a JSON array (with "source"). */
json_t *rules_list_json(struct db *db, int64_t org_id, int on, struct jc_error *err);
json_t *rules_json(const struct rule *r);

/* Sets a local override for org's subtree; refused (422) for a rule that is not local. */
enum jc_err rules_override(struct db *db, int64_t org_id, const char *key, const char *value,
			   int effective_from, const char *reason, const char *actor,
			   struct jc_error *err);

#endif
