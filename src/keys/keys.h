/*
 * keys.h - the keys of a database.
 *
 * The master key lives outside the database: $JICENG_MASTER_KEY (64 hex digits), or the file
 * $JICENG_KEY_FILE, or "<database>.key" beside the database (64 hex digits, mode 0600, written by
 * `jiceng keygen` or by `jiceng init`/`demo` for a new database). Inside the database are the data
 * keys, each wrapped by the master key (table crypto_key); the newest seals new values, every one
 * opens what it sealed. Derived from the master key: the key of the audit chain and the key of the
 * blind index (stable when data keys rotate, so lookups by ID number keep working).
 *
 * Loaded once per process with keys_load(), before any thread starts; read-only afterwards.
 * A sealed value as stored: key id (4 bytes, big endian) | crypto_seal() output.
 */
#ifndef JC_KEYS_H
#define JC_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;

#define KEYS_SEALED_OVERHEAD (4 + 1 + 16 + 32)

/* Finds the master key and opens (creating, when create and the database has none) the data
 * keys. With create, a missing master key is generated into "<db_path>.key". */
enum jc_err keys_load(struct db *db, const char *db_path, bool create, struct jc_error *err);
bool keys_loaded(void);
/* Forgets the keys (wiping them). */
void keys_unload(void);

const unsigned char *keys_audit_key(void);
enum jc_err keys_seal(const char *plain, size_t n, unsigned char *out, size_t cap, size_t *len);
enum jc_err keys_open(const unsigned char *blob, size_t n, char *out, size_t cap, struct jc_error *err);
void keys_blind_index(const char *plain, size_t n, unsigned char out[32]);

/* Writes a new random master key to path (refusing to overwrite an existing file). */
enum jc_err keys_generate_file(const char *path, struct jc_error *err);
/* Adds a new data key that seals from now on, and reseals every sealed value with it, in
 * batches of its own transactions (the server keeps serving: every key still opens). */
enum jc_err keys_rotate(struct db *db, long *resealed, struct jc_error *err);

#endif
