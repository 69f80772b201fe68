/*
 * crypto.c - crypto.h on OpenSSL 3 (SM3, HMAC-SM3, SM4-CTR), libsodium (random bytes, wiping,
 * constant-time comparison, argon2id) and liboath (base32, TOTP).
 *
 * The algorithms are fetched once, on first use (crypto_init, or any other function called
 * before it), and shared by every thread afterwards: fetched EVP objects are immutable, and each
 * call makes its own short-lived context. Because crypto_init proves that SM3, SM4-CTR and HMAC
 * are available, a later OpenSSL failure in crypto_sm3() or crypto_hmac_sm3() (which cannot
 * return an error) can only be an allocation failure, and those abort, as x*alloc do.
 *
 * Formats, which must not change without a new version byte:
 *   sealed value  1 | IV (16) | SM4-CTR(enc, IV, plain) | HMAC-SM3(mac, everything before)
 *   wrapped key   a sealed value of id (4, big-endian) | enc (16) | mac (32) | index (32), under
 *                 enc = HMAC-SM3(master, "jiceng wrap enc")[0..16),
 *                 mac = HMAC-SM3(master, "jiceng wrap mac")
 */
#include "crypto/crypto.h"

#include <limits.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include "base/log.h"

#define SEAL_VERSION 1
#define SEAL_IV_LEN 16
#define SEAL_MAC_LEN CRYPTO_SM3_LEN
#define SM4_KEY_LEN 16
#define KEY_BYTES (4 + 16 + 32 + 32) /* a serialised data key */

#define TOTP_STEP 30          /* seconds (RFC 6238 section 4.1, X) */
#define TOTP_SECRET_BYTES 20  /* 160 bits, as RFC 4226 section 4 R6 recommends */
#define TOTP_SECRET_MIN 16    /* 128 bits, the least RFC 4226 section 4 R6 allows */
#define TOTP_MAX_WINDOW 10
#define TOTP_VERIFY_DIGITS 6

_Static_assert(CRYPTO_PASSWORD_HASH_LEN == crypto_pwhash_STRBYTES,
	       "CRYPTO_PASSWORD_HASH_LEN must be libsodium's crypto_pwhash_STRBYTES");
_Static_assert(CRYPTO_SEAL_OVERHEAD == 1 + SEAL_IV_LEN + SEAL_MAC_LEN, "seal layout");
_Static_assert(CRYPTO_WRAPPED_LEN == KEY_BYTES + CRYPTO_SEAL_OVERHEAD, "wrapped key layout");
_Static_assert(sizeof(((struct crypto_data_key *)0)->enc) == SM4_KEY_LEN, "SM4 key length");

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static enum jc_err init_result = JC_EINTERNAL;
static char init_message[200];

static EVP_MD *md_sm3;
static EVP_CIPHER *cipher_sm4_ctr;
static EVP_MAC *mac_hmac;

/* Logs the most recent OpenSSL failure on this thread and empties its error queue, so that the
 * failure does not surface later in unrelated code (TLS shares the queue). */
static void log_openssl(const char *what)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	log_error("crypto: %s failed: %s", what, r ? r : "no reason given");
	ERR_clear_error();
}

static void init_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void init_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(init_message, sizeof(init_message), fmt, ap);
	va_end(ap);
	init_result = JC_EINTERNAL;
	ERR_clear_error();
}

static void init_run(void)
{
	if (sodium_init() < 0) {
		init_fail("cannot initialise %s", "libsodium");
		return;
	}
	if (oath_init() != OATH_OK) {
		init_fail("cannot initialise %s", "liboath");
		return;
	}
	md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
	if (!md_sm3) {
		init_fail("openssl has no \"%s\" (is the default provider loaded?)", "SM3");
		return;
	}
	cipher_sm4_ctr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
	if (!cipher_sm4_ctr) {
		init_fail("openssl has no \"%s\" (is the default provider loaded?)", "SM4-CTR");
		return;
	}
	mac_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac_hmac) {
		init_fail("openssl has no \"%s\" (is the default provider loaded?)", "HMAC");
		return;
	}
	ERR_clear_error();
	init_result = JC_OK;
}

static bool ready(void)
{
	if (pthread_once(&init_once, init_run) != 0)
		return false;
	return init_result == JC_OK;
}

/* For the functions that cannot return an error: see the paragraph at the top. */
static _Noreturn void openssl_abort(const char *what)
{
	if (ready())
		log_openssl(what);
	else
		log_error("crypto: %s failed: %s", what, init_message);
	abort();
}

enum jc_err crypto_init(struct jc_error *err)
{
	if (ready())
		return JC_OK;
	return jc_fail(err, JC_EINTERNAL, NULL, NULL, "%s",
		       init_message[0] ? init_message : "cannot initialise the cryptography");
}

enum jc_err crypto_random(void *buf, size_t n)
{
	if (!ready())
		return JC_EINTERNAL;
	randombytes_buf(buf, n);
	return JC_OK;
}

void crypto_wipe(void *p, size_t n)
{
	if (p && n)
		sodium_memzero(p, n);
}

bool crypto_equal(const void *a, const void *b, size_t n)
{
	if (n == 0)
		return true;
	return sodium_memcmp(a, b, n) == 0;
}

void crypto_sm3(const void *data, size_t n, unsigned char out[CRYPTO_SM3_LEN])
{
	unsigned int len = 0;

	if (!ready())
		openssl_abort("SM3");
	if (!EVP_Digest(n ? data : "", n, out, &len, md_sm3, NULL) || len != CRYPTO_SM3_LEN)
		openssl_abort("SM3");
}

/*
 * Keyed HMAC-SM3 contexts, kept per thread for the few keys in use (the data key's MAC key, the
 * blind-index key, the audit key): EVP_MAC_init looks the digest up by name in OpenSSL's
 * provider store, under a global lock, at every call; a copy of a keyed context does not.
 */
#define HMAC_CACHE 4

static __thread struct hmac_cached {
	unsigned char key[64];
	size_t klen;
	EVP_MAC_CTX *ctx;
} hmac_cache[HMAC_CACHE];
static __thread unsigned hmac_next;
static __thread EVP_CIPHER_CTX *cipher_reused; /* sm4_ctr's, re-keyed at each call */

/* A thread's cached contexts are freed when the thread ends (a key destructor), so that threads
 * that come and go leave nothing behind. */
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;
static __thread bool thread_registered;

static void thread_end(void *unused)
{
	(void)unused;
	for (int i = 0; i < HMAC_CACHE; i++) {
		EVP_MAC_CTX_free(hmac_cache[i].ctx);
		crypto_wipe(&hmac_cache[i], sizeof(hmac_cache[i]));
	}
	EVP_CIPHER_CTX_free(cipher_reused);
	cipher_reused = NULL;
}

static void thread_key_make(void)
{
	pthread_key_create(&thread_key, thread_end);
}

static void thread_register(void)
{
	if (thread_registered)
		return;
	thread_registered = true;
	pthread_once(&thread_key_once, thread_key_make);
	pthread_setspecific(thread_key, &thread_registered); /* any non-NULL value: the destructor runs */
}

static EVP_MAC_CTX *hmac_keyed(const void *key, size_t klen)
{
	char digest[] = "SM3";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac_hmac);
	/* An empty key is legal for HMAC, but EVP_MAC_init reads a NULL key as "keep the old". */
	if (ctx && !EVP_MAC_init(ctx, klen ? key : (const void *)"", klen, params)) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/* A context keyed with key, ready for data: the thread's cached one, re-initialised with the key
 * it holds (no lookup, no allocation), or for a key too long to cache a new one that the caller
 * frees (*owned). */
static EVP_MAC_CTX *hmac_start(const void *key, size_t klen, bool *owned)
{
	*owned = klen > sizeof(hmac_cache[0].key);
	if (*owned)
		return hmac_keyed(key, klen);
	struct hmac_cached *c = NULL;
	for (int i = 0; i < HMAC_CACHE && !c; i++)
		if (hmac_cache[i].ctx && hmac_cache[i].klen == klen && !memcmp(hmac_cache[i].key, key, klen))
			c = &hmac_cache[i];
	if (c) /* a NULL key keeps the key the context holds, and starts afresh */
		return EVP_MAC_init(c->ctx, NULL, 0, NULL) ? c->ctx : NULL;
	thread_register();
	c = &hmac_cache[hmac_next++ % HMAC_CACHE];
	EVP_MAC_CTX_free(c->ctx);
	crypto_wipe(c, sizeof(*c));
	c->ctx = hmac_keyed(key, klen);
	if (!c->ctx)
		return NULL;
	memcpy(c->key, key, klen);
	c->klen = klen;
	return c->ctx;
}

/* HMAC-SM3 of n bytes; 0 or -1 (with the reason in OpenSSL's error queue). */
static int hmac_sm3(const void *key, size_t klen, const void *data, size_t n,
		    unsigned char out[CRYPTO_SM3_LEN])
{
	bool owned;
	size_t len = 0;
	int ret = -1;
	EVP_MAC_CTX *ctx = hmac_start(key, klen, &owned);

	if (!ctx)
		return -1;
	if (n && !EVP_MAC_update(ctx, data, n))
		goto out;
	if (!EVP_MAC_final(ctx, out, &len, CRYPTO_SM3_LEN) || len != CRYPTO_SM3_LEN)
		goto out;
	ret = 0;
out:
	if (owned)
		EVP_MAC_CTX_free(ctx);
	return ret;
}

void crypto_hmac_sm3(const void *key, size_t klen, const void *data, size_t n,
		     unsigned char out[CRYPTO_SM3_LEN])
{
	if (!ready() || hmac_sm3(key, klen, data, n, out) < 0)
		openssl_abort("HMAC-SM3");
}

enum jc_err crypto_data_key_new(uint32_t id, struct crypto_data_key *out)
{
	if (!ready())
		return JC_EINTERNAL;
	out->id = id;
	randombytes_buf(out->enc, sizeof(out->enc));
	randombytes_buf(out->mac, sizeof(out->mac));
	randombytes_buf(out->index, sizeof(out->index));
	return JC_OK;
}

/* SM4-CTR of n bytes from in to out (encryption and decryption are the same); 0 or -1. */
static int sm4_ctr(const unsigned char key[SM4_KEY_LEN], const unsigned char iv[SEAL_IV_LEN],
		   const unsigned char *in, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx;
	int len, ret = -1;

	if (n == 0)
		return 0;
	/* One context per thread, re-keyed at each call: allocating one costs more than the work. */
	if (!cipher_reused) {
		thread_register();
		if (!(cipher_reused = EVP_CIPHER_CTX_new()))
			return -1;
	}
	ctx = cipher_reused;
	if (!EVP_EncryptInit_ex2(ctx, cipher_sm4_ctr, key, iv, NULL))
		goto out;
	/* EVP takes int lengths; the counter carries over from one call to the next. */
	while (n) {
		size_t chunk = n > (1u << 30) ? (1u << 30) : n;
		if (!EVP_EncryptUpdate(ctx, out, &len, in, (int)chunk) || (size_t)len != chunk)
			goto out;
		in += chunk;
		out += chunk;
		n -= chunk;
	}
	if (!EVP_EncryptFinal_ex(ctx, out, &len) || len != 0)
		goto out;
	ret = 0;
out:
	return ret;
}

/* crypto_seal with the encryption and MAC keys given separately (for crypto_wrap_key). */
static enum jc_err seal(const unsigned char enc[SM4_KEY_LEN],
			const unsigned char mac[CRYPTO_SM3_LEN], const void *plain, size_t n,
			unsigned char *out, size_t cap, size_t *out_len)
{
	unsigned char *iv = out + 1, *body = out + 1 + SEAL_IV_LEN;

	if (n > SIZE_MAX - CRYPTO_SEAL_OVERHEAD || cap < n + CRYPTO_SEAL_OVERHEAD)
		return JC_EINVAL;
	if (!ready())
		return JC_EINTERNAL;
	out[0] = SEAL_VERSION;
	randombytes_buf(iv, SEAL_IV_LEN);
	if (sm4_ctr(enc, iv, plain, n, body) < 0 ||
	    hmac_sm3(mac, CRYPTO_SM3_LEN, out, 1 + SEAL_IV_LEN + n, body + n) < 0) {
		log_openssl("sealing");
		crypto_wipe(out, n + CRYPTO_SEAL_OVERHEAD);
		return JC_EINTERNAL;
	}
	if (out_len)
		*out_len = n + CRYPTO_SEAL_OVERHEAD;
	return JC_OK;
}

/* crypto_open with separate keys. The MAC is checked before anything is decrypted; a value too
 * short to be sealed, of an unknown version or with a wrong MAC is JC_EINTERNAL (stored data was
 * altered); a cap below the plain length is JC_EINVAL with *out_len set to the length needed. */
static enum jc_err open_sealed(const unsigned char enc[SM4_KEY_LEN],
			       const unsigned char mac[CRYPTO_SM3_LEN], const unsigned char *sealed,
			       size_t n, unsigned char *out, size_t cap, size_t *out_len)
{
	unsigned char want[SEAL_MAC_LEN];
	size_t plen;

	if (!ready())
		return JC_EINTERNAL;
	if (n < CRYPTO_SEAL_OVERHEAD || sealed[0] != SEAL_VERSION)
		return JC_EINTERNAL;
	plen = n - CRYPTO_SEAL_OVERHEAD;
	if (hmac_sm3(mac, CRYPTO_SM3_LEN, sealed, n - SEAL_MAC_LEN, want) < 0) {
		log_openssl("opening");
		return JC_EINTERNAL;
	}
	if (!crypto_equal(want, sealed + n - SEAL_MAC_LEN, SEAL_MAC_LEN))
		return JC_EINTERNAL;
	if (out_len)
		*out_len = plen;
	if (cap < plen)
		return JC_EINVAL;
	if (sm4_ctr(enc, sealed + 1, sealed + 1 + SEAL_IV_LEN, plen, out) < 0) {
		log_openssl("opening");
		crypto_wipe(out, plen);
		return JC_EINTERNAL;
	}
	if (cap > plen)
		out[plen] = '\0';
	return JC_OK;
}

enum jc_err crypto_seal(const struct crypto_data_key *k, const void *plain, size_t n,
			unsigned char *out, size_t cap, size_t *out_len)
{
	return seal(k->enc, k->mac, plain, n, out, cap, out_len);
}

enum jc_err crypto_open(const struct crypto_data_key *k, const unsigned char *sealed, size_t n,
			char *out, size_t cap, size_t *out_len)
{
	return open_sealed(k->enc, k->mac, sealed, n, (unsigned char *)out, cap, out_len);
}

void crypto_blind_index(const struct crypto_data_key *k, const void *plain, size_t n,
			unsigned char out[CRYPTO_SM3_LEN])
{
	crypto_hmac_sm3(k->index, sizeof(k->index), plain, n, out);
}

/* The two wrapping keys derived from a master key. */
struct wrap_keys {
	unsigned char enc[CRYPTO_SM3_LEN]; /* the first SM4_KEY_LEN bytes are used */
	unsigned char mac[CRYPTO_SM3_LEN];
};

static void wrap_keys_derive(const unsigned char master[CRYPTO_MASTER_LEN], struct wrap_keys *w)
{
	static const char enc_label[] = "jiceng wrap enc", mac_label[] = "jiceng wrap mac";

	crypto_hmac_sm3(master, CRYPTO_MASTER_LEN, enc_label, sizeof(enc_label) - 1, w->enc);
	crypto_hmac_sm3(master, CRYPTO_MASTER_LEN, mac_label, sizeof(mac_label) - 1, w->mac);
}

enum jc_err crypto_wrap_key(const unsigned char master[CRYPTO_MASTER_LEN],
			    const struct crypto_data_key *k, unsigned char out[CRYPTO_WRAPPED_LEN])
{
	unsigned char bytes[KEY_BYTES];
	struct wrap_keys w;
	enum jc_err rc;

	if (!ready())
		return JC_EINTERNAL;
	bytes[0] = (unsigned char)(k->id >> 24);
	bytes[1] = (unsigned char)(k->id >> 16);
	bytes[2] = (unsigned char)(k->id >> 8);
	bytes[3] = (unsigned char)k->id;
	memcpy(bytes + 4, k->enc, 16);
	memcpy(bytes + 20, k->mac, 32);
	memcpy(bytes + 52, k->index, 32);
	wrap_keys_derive(master, &w);
	rc = seal(w.enc, w.mac, bytes, sizeof(bytes), out, CRYPTO_WRAPPED_LEN, NULL);
	crypto_wipe(&w, sizeof(w));
	crypto_wipe(bytes, sizeof(bytes));
	return rc;
}

enum jc_err crypto_unwrap_key(const unsigned char master[CRYPTO_MASTER_LEN],
			      const unsigned char in[CRYPTO_WRAPPED_LEN], struct crypto_data_key *out,
			      struct jc_error *err)
{
	unsigned char bytes[KEY_BYTES];
	struct wrap_keys w;
	size_t len = 0;
	enum jc_err rc;

	if (!ready())
		return crypto_init(err);
	wrap_keys_derive(master, &w);
	rc = open_sealed(w.enc, w.mac, in, CRYPTO_WRAPPED_LEN, bytes, sizeof(bytes), &len);
	crypto_wipe(&w, sizeof(w));
	if (rc == JC_OK && len != KEY_BYTES)
		rc = JC_EINTERNAL; /* cannot happen: the length is fixed by CRYPTO_WRAPPED_LEN */
	if (rc != JC_OK) {
		crypto_wipe(bytes, sizeof(bytes));
		/* A wrong master key and a damaged wrapped key look the same: the MAC fails. */
		return jc_fail(err, JC_EINVAL, NULL, NULL,
			       "the master key does not open this database's data key");
	}
	out->id = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 |
		  (uint32_t)bytes[3];
	memcpy(out->enc, bytes + 4, 16);
	memcpy(out->mac, bytes + 20, 32);
	memcpy(out->index, bytes + 52, 32);
	crypto_wipe(bytes, sizeof(bytes));
	return JC_OK;
}

enum jc_err crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH_LEN])
{
	static const char prefix[] = crypto_pwhash_argon2id_STRPREFIX;

	if (!ready())
		return JC_EINTERNAL;
	/* OWASP's argon2id setting (19 MiB, 2 passes) rather than libsodium's interactive 64 MiB:
	 * a login must not lift the server past its memory budget (bench/README.md). */
	if (crypto_pwhash_str_alg(out, password, strlen(password), 2, 19u * 1024u * 1024u,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("crypto: argon2id failed (out of memory?)");
		return JC_EINTERNAL;
	}
	if (strncmp(out, prefix, sizeof(prefix) - 1) != 0) {
		crypto_wipe(out, CRYPTO_PASSWORD_HASH_LEN);
		log_error("crypto: libsodium made a password hash that is not argon2id");
		return JC_EINTERNAL;
	}
	return JC_OK;
}

bool crypto_password_verify(const char *hash, const char *password)
{
	static const char prefix[] = crypto_pwhash_argon2id_STRPREFIX;

	if (!hash || !password || !ready())
		return false;
	/* Only argon2id, and only a string that fits libsodium's buffer (it reads up to the NUL). */
	if (strnlen(hash, CRYPTO_PASSWORD_HASH_LEN) == CRYPTO_PASSWORD_HASH_LEN ||
	    strncmp(hash, prefix, sizeof(prefix) - 1) != 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

enum jc_err crypto_totp_secret(char out[33])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	char *b32 = NULL;
	size_t len = 0;
	enum jc_err rc = JC_EINTERNAL;

	if (!ready())
		return JC_EINTERNAL;
	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK || !b32)
		goto out;
	if (len != 32) /* 160 bits are exactly 32 characters: no padding */
		goto out;
	memcpy(out, b32, 32);
	out[32] = '\0';
	rc = JC_OK;
out:
	if (b32) {
		crypto_wipe(b32, len);
		free(b32);
	}
	crypto_wipe(raw, sizeof(raw));
	return rc;
}

/* The secret's bytes (the caller wipes and frees them with totp_key_free), or NULL when it is
 * not base32 or shorter than TOTP_SECRET_MIN bytes. liboath ignores case and spaces. */
static char *totp_key(const char *base32_secret, size_t *len)
{
	char *key = NULL;

	*len = 0;
	if (!base32_secret)
		return NULL;
	if (oath_base32_decode(base32_secret, strlen(base32_secret), &key, len) != OATH_OK)
		return NULL;
	if (key && *len >= TOTP_SECRET_MIN)
		return key;
	if (key) {
		crypto_wipe(key, *len);
		free(key);
	}
	return NULL;
}

static void totp_key_free(char *key, size_t len)
{
	crypto_wipe(key, len);
	free(key);
}

/* The code of one step; out has digits + 1 bytes. 0 or -1. */
static int totp_step_code(const char *key, size_t klen, long long step, int digits, char *out)
{
	time_t t = (time_t)(step * TOTP_STEP);

	if ((long long)t != step * TOTP_STEP)
		return -1;
	if (oath_totp_generate(key, klen, t, TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME,
			       (unsigned)digits, out) != OATH_OK)
		return -1;
	return 0;
}

/* out must hold digits + 1 bytes. digits is 6, 7 or 8 (what liboath supports); unix_time must
 * not be negative. JC_EINVAL for a bad secret, time or digit count. */
enum jc_err crypto_totp_code(const char *base32_secret, long long unix_time, int digits, char *out)
{
	size_t klen;
	char *key;
	int r;

	if (!ready())
		return JC_EINTERNAL;
	if (digits < 6 || digits > 8 || unix_time < 0)
		return JC_EINVAL;
	key = totp_key(base32_secret, &klen);
	if (!key)
		return JC_EINVAL;
	r = totp_step_code(key, klen, unix_time / TOTP_STEP, digits, out);
	totp_key_free(key, klen);
	return r < 0 ? JC_EINVAL : JC_OK;
}

/* Steps are tried nearest first (0, -1, +1, -2, ...), so a code that happens to match two steps
 * is credited to the one closest to now. window is 0..TOTP_MAX_WINDOW. */
int crypto_totp_verify(const char *base32_secret, long long now, const char *code, int window,
		       long long *step)
{
	char want[TOTP_VERIFY_DIGITS + 1];
	long long base;
	size_t klen;
	char *key;
	int found = -1;

	if (!code || strlen(code) != TOTP_VERIFY_DIGITS || window < 0 || window > TOTP_MAX_WINDOW)
		return -1;
	for (int i = 0; i < TOTP_VERIFY_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	if (now < 0 || now > LLONG_MAX / 2 || !ready())
		return -1;
	key = totp_key(base32_secret, &klen);
	if (!key)
		return -1;
	base = now / TOTP_STEP;
	for (int i = 0; i <= 2 * window && found < 0; i++) {
		long long s = base + (i % 2 ? -(i + 1) / 2 : i / 2);
		if (s < 0 || totp_step_code(key, klen, s, TOTP_VERIFY_DIGITS, want) < 0)
			continue;
		if (crypto_equal(want, code, TOTP_VERIFY_DIGITS)) {
			found = 0;
			if (step)
				*step = s;
		}
	}
	crypto_wipe(want, sizeof(want));
	totp_key_free(key, klen);
	return found;
}
