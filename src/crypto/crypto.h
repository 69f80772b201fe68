/*
 * crypto.h - the one small interface to cryptography.
 *
 * Everything jiceng does with keys goes through these functions: hashing and MACs (SM3,
 * HMAC-SM3), sealing personal data (SM4-CTR, then HMAC-SM3 over the ciphertext), blind indexes
 * (HMAC-SM3) for looking sealed values up, wrapping data keys under a master key, password
 * hashing (argon2id), TOTP (RFC 6238) and random bytes. The implementation (crypto.c) uses
 * OpenSSL 3 (SM3, SM4), libsodium (argon2id, random, wiping) and liboath (TOTP); a deployment
 * that must use a certified module (a cipher machine, a certified library) replaces crypto.c and
 * keeps this header.
 *
 * Keys never appear in logs; buffers that held keys or plaintext are wiped with crypto_wipe().
 */
#ifndef JC_CRYPTO_H
#define JC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define CRYPTO_SM3_LEN 32
#define CRYPTO_MASTER_LEN 32
#define CRYPTO_SEAL_OVERHEAD (1 + 16 + 32) /* version, IV, MAC */

/* A data key: separate keys for encryption, authentication and the blind index. */
struct crypto_data_key {
	uint32_t id;              /* which key sealed a value (rotation) */
	unsigned char enc[16];    /* SM4 */
	unsigned char mac[32];    /* HMAC-SM3 over sealed values */
	unsigned char index[32];  /* HMAC-SM3 blind index */
};

/* Must be called once before any other function (initialises libsodium). */
enum jc_err crypto_init(struct jc_error *err);

enum jc_err crypto_random(void *buf, size_t n);
void crypto_wipe(void *p, size_t n);
/* Constant-time comparison. */
bool crypto_equal(const void *a, const void *b, size_t n);

void crypto_sm3(const void *data, size_t n, unsigned char out[CRYPTO_SM3_LEN]);
void crypto_hmac_sm3(const void *key, size_t klen, const void *data, size_t n,
		     unsigned char out[CRYPTO_SM3_LEN]);

/* A fresh random data key with the given id. */
enum jc_err crypto_data_key_new(uint32_t id, struct crypto_data_key *out);

/* Seals n bytes: out = version (1) | IV (16) | SM4-CTR ciphertext (n) | HMAC-SM3 (32) over all
 * that precedes it; *out_len = n + CRYPTO_SEAL_OVERHEAD. cap must be at least that. */
enum jc_err crypto_seal(const struct crypto_data_key *k, const void *plain, size_t n,
			unsigned char *out, size_t cap, size_t *out_len);
/* Checks the MAC (JC_EINTERNAL when it fails: the value was altered) and decrypts into out;
 * out is NUL-terminated when cap allows (cap >= plain length + 1). */
enum jc_err crypto_open(const struct crypto_data_key *k, const unsigned char *sealed, size_t n,
			char *out, size_t cap, size_t *out_len);
/* The blind index of a value: HMAC-SM3 under the index key. */
void crypto_blind_index(const struct crypto_data_key *k, const void *plain, size_t n,
			unsigned char out[CRYPTO_SM3_LEN]);

/* Wraps a data key under a master key (sealed with keys derived from the master by HMAC-SM3);
 * out needs CRYPTO_WRAPPED_LEN bytes. */
#define CRYPTO_WRAPPED_LEN (4 + 16 + 32 + 32 + CRYPTO_SEAL_OVERHEAD)
enum jc_err crypto_wrap_key(const unsigned char master[CRYPTO_MASTER_LEN],
			    const struct crypto_data_key *k, unsigned char out[CRYPTO_WRAPPED_LEN]);
enum jc_err crypto_unwrap_key(const unsigned char master[CRYPTO_MASTER_LEN],
			      const unsigned char in[CRYPTO_WRAPPED_LEN], struct crypto_data_key *out,
			      struct jc_error *err);

/* Passwords: argon2id (libsodium's interactive limits), encoded with its parameters. */
#define CRYPTO_PASSWORD_HASH_LEN 128
enum jc_err crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH_LEN]);
bool crypto_password_verify(const char *hash, const char *password);

/* TOTP (RFC 6238, HMAC-SHA1, 30-second steps). A secret is 20 random bytes in base32 (32
 * characters). crypto_totp_code writes `digits` digits for the step containing unix_time. */
enum jc_err crypto_totp_secret(char out[33]);
enum jc_err crypto_totp_code(const char *base32_secret, long long unix_time, int digits, char *out);
/* 0 when code (6 digits) matches a step within +-window of now's step, filling *step with the
 * matched step (so that one code is accepted once); -1 otherwise. */
int crypto_totp_verify(const char *base32_secret, long long now, const char *code, int window,
		       long long *step);

#endif
