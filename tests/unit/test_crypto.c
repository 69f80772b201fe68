/*
 * test_crypto.c - unit tests of src/crypto/crypto.h: the standard vectors of SM3 (GB/T
 * 32905-2016) and SM4 (GB/T 32907-2016), HMAC-SM3 pinned against the openssl command line, the
 * sealed format checked byte for byte against SM4-CTR and HMAC-SM3 computed here with EVP,
 * tamper detection at every byte, blind indexes, wrapping data keys under a master key,
 * argon2id password hashes, and TOTP against the SHA-1 vectors of RFC 6238 Appendix B.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/crypto.h"

/* --- helpers ------------------------------------------------------------------------------ */

static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

static size_t unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s) / 2;
	if (n > cap)
		fail_msg("hex string too long for the test buffer");
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			fail_msg("bad hex in the test: %s", s);
		out[i] = (unsigned char)v;
	}
	return n;
}

static void assert_hex(const unsigned char *p, size_t n, const char *want)
{
	char got[2 * 256 + 1];
	assert_true(n <= 256);
	hex(p, n, got);
	assert_string_equal(got, want);
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static void key_for_test(uint32_t id, struct crypto_data_key *k)
{
	assert_int_equal(crypto_data_key_new(id, k), JC_OK);
}

static int setup(void **state)
{
	(void)state;
	return crypto_init(NULL) == JC_OK ? 0 : -1;
}

/* --- basics ------------------------------------------------------------------------------- */

static void test_init_twice(void **state)
{
	(void)state;
	struct jc_error err = { 0 };
	assert_int_equal(crypto_init(&err), JC_OK);
	assert_int_equal(crypto_init(&err), JC_OK);
	assert_int_equal(err.code, JC_OK);
}

static void test_random_and_equal(void **state)
{
	(void)state;
	unsigned char a[32], b[32];
	assert_int_equal(crypto_random(a, sizeof(a)), JC_OK);
	assert_int_equal(crypto_random(b, sizeof(b)), JC_OK);
	assert_false(crypto_equal(a, b, sizeof(a)));
	memcpy(b, a, sizeof(a));
	assert_true(crypto_equal(a, b, sizeof(a)));
	b[31] ^= 0x80;
	assert_false(crypto_equal(a, b, sizeof(a)));
	assert_true(crypto_equal(a, b, 0));

	crypto_wipe(a, sizeof(a));
	assert_true(all_zero(a, sizeof(a)));
}

static void test_data_key_new(void **state)
{
	(void)state;
	struct crypto_data_key a, b;
	key_for_test(7, &a);
	key_for_test(7, &b);
	assert_int_equal(a.id, 7);
	assert_false(all_zero(a.enc, sizeof(a.enc)));
	assert_false(all_zero(a.mac, sizeof(a.mac)));
	assert_false(all_zero(a.index, sizeof(a.index)));
	assert_false(crypto_equal(a.enc, b.enc, sizeof(a.enc)));
	assert_false(crypto_equal(a.mac, a.index, sizeof(a.mac)));
}

/* --- SM3 (GB/T 32905-2016) ---------------------------------------------------------------- */

static void test_sm3_standard_vectors(void **state)
{
	(void)state;
	unsigned char md[CRYPTO_SM3_LEN];
	char abcd[65];

	/* Example 1 of the standard. */
	crypto_sm3("abc", 3, md);
	assert_hex(md, sizeof(md), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");

	/* Example 2: "abcd" sixteen times, 64 bytes (one full block plus padding). */
	for (int i = 0; i < 16; i++)
		memcpy(abcd + 4 * i, "abcd", 4);
	crypto_sm3(abcd, 64, md);
	assert_hex(md, sizeof(md), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");

	/* The empty message (printf '' | openssl dgst -sm3). */
	crypto_sm3(NULL, 0, md);
	assert_hex(md, sizeof(md), "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

/* --- SM4 (GB/T 32907-2016) ---------------------------------------------------------------- */

/* SM4-ECB of whole blocks, straight from EVP: the interface exposes only CTR. */
static void sm4_ecb(const unsigned char key[16], const unsigned char *in, size_t n,
		    unsigned char *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0;
	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_sm4_ecb(), NULL, key, NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_set_padding(ctx, 0), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &len, in, (int)n), 1);
	assert_int_equal(len, (int)n);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out + len, &len), 1);
	assert_int_equal(len, 0);
	EVP_CIPHER_CTX_free(ctx);
}

static void test_sm4_standard_vector(void **state)
{
	(void)state;
	unsigned char key[16], block[16], out[16];
	unhex("0123456789abcdeffedcba9876543210", key, sizeof(key));
	memcpy(block, key, 16); /* the standard's example encrypts the key with itself */
	sm4_ecb(key, block, 16, out);
	assert_hex(out, 16, "681edf34d206965e86b3e94f536e4246");
}

/* SM4-CTR computed independently of crypto.c. */
static void sm4_ctr(const unsigned char key[16], const unsigned char iv[16],
		    const unsigned char *in, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0;
	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_sm4_ctr(), NULL, key, iv), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &len, in, (int)n), 1);
	assert_int_equal(len, (int)n);
	EVP_CIPHER_CTX_free(ctx);
}

/* --- HMAC-SM3 ----------------------------------------------------------------------------- */

static const struct {
	const char *key_hex;
	const char *data;
	const char *mac_hex;
} hmac_cases[] = {
	/* echo -n jiceng | openssl mac -digest SM3 -macopt
	 *   hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f HMAC */
	{ "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "jiceng",
	  "35c6b1106f880dac4863cd0a8e57805467f36d5261ec912e12d412ca22151576" },
	/* echo -n "what do ya want for nothing?" | openssl dgst -sm3 -hmac Jefe (RFC 2104's
	 * example key and text) */
	{ "4a656665", "what do ya want for nothing?",
	  "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882" },
	/* A key longer than SM3's 64-byte block is hashed first: 100 bytes of 0xaa.
	 * echo -n "Test Using Larger Than Block-Size Key - Hash Key First" |
	 *   openssl mac -digest SM3 -macopt hexkey:aa...aa (200 hex digits) HMAC */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "Test Using Larger Than Block-Size Key - Hash Key First",
	  "ddfd727df11b435760f1fa6638e2c059a66a74da8432815201915246e6211294" },
	/* Empty data: printf '' | openssl mac -digest SM3 -macopt hexkey:00 HMAC */
	{ "00", "", "0d23f72ba15e9c189a879aefc70996b06091de6e64d31b7a84004356dd915261" },
	/* Empty key: echo -n abc | openssl mac -digest SM3 -macopt key: HMAC */
	{ "", "abc", "36525058ca466791502435c910517f1a7e86613d5f35ac1f18a94def0eaac81f" },
};

static void test_hmac_sm3_pinned(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hmac_cases) / sizeof(hmac_cases[0]); i++) {
		unsigned char key[128], md[CRYPTO_SM3_LEN];
		size_t klen = unhex(hmac_cases[i].key_hex, key, sizeof(key));
		char got[2 * CRYPTO_SM3_LEN + 1];
		crypto_hmac_sm3(key, klen, hmac_cases[i].data, strlen(hmac_cases[i].data), md);
		hex(md, sizeof(md), got);
		if (strcmp(got, hmac_cases[i].mac_hex) != 0)
			fail_msg("hmac case %zu: got %s, want %s", i, got, hmac_cases[i].mac_hex);
	}
}

/* HMAC-SM3 computed independently of crypto.c. */
static void hmac_sm3(const void *key, size_t klen, const void *data, size_t n,
		     unsigned char out[CRYPTO_SM3_LEN])
{
	unsigned int len = 0;
	assert_non_null(HMAC(EVP_sm3(), key, (int)klen, data, n, out, &len));
	assert_int_equal(len, CRYPTO_SM3_LEN);
}

/* --- sealing ------------------------------------------------------------------------------ */

static void test_seal_format_is_sm4_ctr_then_hmac_sm3(void **state)
{
	(void)state;
	static const char plain[] = "110101199003077777 北京市东城区景山前街4号";
	size_t n = sizeof(plain) - 1, len = 0;
	unsigned char sealed[sizeof(plain) + CRYPTO_SEAL_OVERHEAD], ct[sizeof(plain)];
	unsigned char mac[CRYPTO_SM3_LEN];
	struct crypto_data_key k;

	key_for_test(1, &k);
	assert_int_equal(crypto_seal(&k, plain, n, sealed, sizeof(sealed), &len), JC_OK);
	assert_int_equal(len, n + CRYPTO_SEAL_OVERHEAD);
	assert_int_equal(sealed[0], 1); /* version */

	sm4_ctr(k.enc, sealed + 1, (const unsigned char *)plain, n, ct);
	assert_memory_equal(sealed + 1 + 16, ct, n);

	hmac_sm3(k.mac, sizeof(k.mac), sealed, 1 + 16 + n, mac);
	assert_memory_equal(sealed + 1 + 16 + n, mac, CRYPTO_SM3_LEN);
}

static void round_trip(const struct crypto_data_key *k, const void *plain, size_t n)
{
	size_t cap = n + CRYPTO_SEAL_OVERHEAD, len = 0;
	unsigned char *sealed = malloc(cap);
	char *out = malloc(n + 1);
	assert_non_null(sealed);
	assert_non_null(out);

	assert_int_equal(crypto_seal(k, plain, n, sealed, cap, &len), JC_OK);
	assert_int_equal(len, cap);
	memset(out, 'x', n + 1);
	len = 12345;
	assert_int_equal(crypto_open(k, sealed, cap, out, n + 1, &len), JC_OK);
	assert_int_equal(len, n);
	if (n)
		assert_memory_equal(out, plain, n);
	assert_int_equal(out[n], '\0');

	/* A buffer of exactly the plain length: no room for the NUL, still fine. */
	memset(out, 'x', n + 1);
	assert_int_equal(crypto_open(k, sealed, cap, out, n, &len), JC_OK);
	assert_int_equal(len, n);
	if (n)
		assert_memory_equal(out, plain, n);
	assert_int_equal(out[n], 'x');

	free(out);
	free(sealed);
}

static void test_seal_open_round_trip(void **state)
{
	(void)state;
	struct crypto_data_key k;
	unsigned char big[1024];

	key_for_test(1, &k);
	round_trip(&k, "", 0);
	round_trip(&k, "a", 1);
	round_trip(&k, "13800138000", 11);
	round_trip(&k, "张三", strlen("张三"));
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + 3);
	round_trip(&k, big, sizeof(big));
	round_trip(&k, big, 17); /* not a whole number of SM4 blocks */
}

static void test_seal_buffer_limits(void **state)
{
	(void)state;
	struct crypto_data_key k;
	unsigned char sealed[5 + CRYPTO_SEAL_OVERHEAD];
	char out[8];
	size_t len = 0;

	key_for_test(1, &k);
	assert_int_equal(crypto_seal(&k, "hello", 5, sealed, sizeof(sealed) - 1, &len), JC_EINVAL);
	assert_int_equal(crypto_seal(&k, "hello", 5, sealed, sizeof(sealed), &len), JC_OK);
	/* Too small a buffer for the plain value: invalid, and the length needed is reported. */
	len = 0;
	assert_int_equal(crypto_open(&k, sealed, sizeof(sealed), out, 4, &len), JC_EINVAL);
	assert_int_equal(len, 5);
}

static void test_open_detects_tampering(void **state)
{
	(void)state;
	static const char plain[] = "410102198001011234";
	size_t n = sizeof(plain) - 1, total = n + CRYPTO_SEAL_OVERHEAD, len;
	unsigned char sealed[sizeof(plain) + CRYPTO_SEAL_OVERHEAD];
	char out[sizeof(plain)];
	struct crypto_data_key k, other;

	key_for_test(1, &k);
	key_for_test(1, &other);
	assert_int_equal(crypto_seal(&k, plain, n, sealed, sizeof(sealed), &len), JC_OK);

	/* Every byte: version, IV, ciphertext and MAC. */
	for (size_t i = 0; i < total; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			sealed[i] ^= (unsigned char)(1u << bit);
			if (crypto_open(&k, sealed, total, out, sizeof(out), &len) != JC_EINTERNAL)
				fail_msg("flipping bit %d of byte %zu went unnoticed", bit, i);
			sealed[i] ^= (unsigned char)(1u << bit);
		}
	}
	assert_int_equal(crypto_open(&k, sealed, total, out, sizeof(out), &len), JC_OK);

	/* Truncated, or too short to be sealed at all. */
	assert_int_equal(crypto_open(&k, sealed, total - 1, out, sizeof(out), &len), JC_EINTERNAL);
	assert_int_equal(crypto_open(&k, sealed, CRYPTO_SEAL_OVERHEAD - 1, out, sizeof(out), &len),
			 JC_EINTERNAL);
	/* Another key with the same id. */
	assert_int_equal(crypto_open(&other, sealed, total, out, sizeof(out), &len), JC_EINTERNAL);
}

static void test_seal_random_iv_blind_index_stable(void **state)
{
	(void)state;
	static const char plain[] = "13912345678";
	size_t n = sizeof(plain) - 1, len;
	unsigned char a[sizeof(plain) + CRYPTO_SEAL_OVERHEAD], b[sizeof(a)];
	unsigned char ia[CRYPTO_SM3_LEN], ib[CRYPTO_SM3_LEN], want[CRYPTO_SM3_LEN];
	struct crypto_data_key k, other;

	key_for_test(1, &k);
	key_for_test(2, &other);
	assert_int_equal(crypto_seal(&k, plain, n, a, sizeof(a), &len), JC_OK);
	assert_int_equal(crypto_seal(&k, plain, n, b, sizeof(b), &len), JC_OK);
	assert_memory_not_equal(a + 1, b + 1, 16);                     /* IVs */
	assert_memory_not_equal(a + 1 + 16, b + 1 + 16, n);            /* ciphertexts */

	crypto_blind_index(&k, plain, n, ia);
	crypto_blind_index(&k, plain, n, ib);
	assert_memory_equal(ia, ib, sizeof(ia));
	hmac_sm3(k.index, sizeof(k.index), plain, n, want);
	assert_memory_equal(ia, want, sizeof(ia));

	crypto_blind_index(&other, plain, n, ib);
	assert_memory_not_equal(ia, ib, sizeof(ia));
	crypto_blind_index(&k, "13912345679", n, ib);
	assert_memory_not_equal(ia, ib, sizeof(ia));
}

/* --- wrapping data keys ------------------------------------------------------------------- */

static void assert_same_key(const struct crypto_data_key *a, const struct crypto_data_key *b)
{
	assert_int_equal(a->id, b->id);
	assert_memory_equal(a->enc, b->enc, sizeof(a->enc));
	assert_memory_equal(a->mac, b->mac, sizeof(a->mac));
	assert_memory_equal(a->index, b->index, sizeof(a->index));
}

static void test_wrap_unwrap_round_trip(void **state)
{
	(void)state;
	unsigned char master[CRYPTO_MASTER_LEN], w1[CRYPTO_WRAPPED_LEN], w2[CRYPTO_WRAPPED_LEN];
	struct crypto_data_key k, got;
	struct jc_error err = { 0 };

	assert_int_equal(crypto_random(master, sizeof(master)), JC_OK);
	key_for_test(0x01020304, &k);
	assert_int_equal(crypto_wrap_key(master, &k, w1), JC_OK);
	assert_int_equal(w1[0], 1);
	memset(&got, 0, sizeof(got));
	assert_int_equal(crypto_unwrap_key(master, w1, &got, &err), JC_OK);
	assert_int_equal(err.code, JC_OK);
	assert_same_key(&k, &got);

	/* Wrapping is sealing: a fresh IV each time, and both open. */
	assert_int_equal(crypto_wrap_key(master, &k, w2), JC_OK);
	assert_memory_not_equal(w1, w2, sizeof(w1));
	assert_int_equal(crypto_unwrap_key(master, w2, &got, NULL), JC_OK);
	assert_same_key(&k, &got);

	/* An unwrapped key opens what the original sealed. */
	unsigned char sealed[3 + CRYPTO_SEAL_OVERHEAD];
	char out[4];
	size_t len;
	assert_int_equal(crypto_seal(&k, "abc", 3, sealed, sizeof(sealed), &len), JC_OK);
	assert_int_equal(crypto_open(&got, sealed, len, out, sizeof(out), &len), JC_OK);
	assert_string_equal(out, "abc");
}

static void test_unwrap_wrong_master_refused(void **state)
{
	(void)state;
	unsigned char master[CRYPTO_MASTER_LEN], wrong[CRYPTO_MASTER_LEN], w[CRYPTO_WRAPPED_LEN];
	struct crypto_data_key k, got;
	struct jc_error err = { 0 };

	assert_int_equal(crypto_random(master, sizeof(master)), JC_OK);
	memcpy(wrong, master, sizeof(wrong));
	wrong[0] ^= 1;
	key_for_test(9, &k);
	assert_int_equal(crypto_wrap_key(master, &k, w), JC_OK);

	assert_int_equal(crypto_unwrap_key(wrong, w, &got, &err), JC_EINVAL);
	assert_int_equal(err.code, JC_EINVAL);
	assert_string_equal(err.message, "the master key does not open this database's data key");

	/* A damaged wrapped key is refused the same way. */
	jc_error_clear(&err);
	w[CRYPTO_WRAPPED_LEN / 2] ^= 0x10;
	assert_int_equal(crypto_unwrap_key(master, w, &got, &err), JC_EINVAL);
	assert_int_equal(err.code, JC_EINVAL);
}

/* --- passwords ---------------------------------------------------------------------------- */

static void test_password_argon2id(void **state)
{
	(void)state;
	char h1[CRYPTO_PASSWORD_HASH_LEN], h2[CRYPTO_PASSWORD_HASH_LEN];

	assert_int_equal(crypto_password_hash("correct horse 电池 staple", h1), JC_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(crypto_password_verify(h1, "correct horse 电池 staple"));
	assert_false(crypto_password_verify(h1, "correct horse 电池 stapl"));
	assert_false(crypto_password_verify(h1, ""));

	/* A fresh salt each time. */
	assert_int_equal(crypto_password_hash("correct horse 电池 staple", h2), JC_OK);
	assert_string_not_equal(h1, h2);
	assert_true(crypto_password_verify(h2, "correct horse 电池 staple"));

	/* Not a hash at all, or another algorithm. */
	assert_false(crypto_password_verify("", "x"));
	assert_false(crypto_password_verify("$2y$10$abcdefghijklmnopqrstuv", "x"));
	assert_false(crypto_password_verify(NULL, "x"));
}

/* --- TOTP (RFC 6238) ---------------------------------------------------------------------- */

/* base32 of the ASCII "12345678901234567890", the SHA-1 seed of RFC 6238 Appendix B. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static const struct {
	long long t;
	const char *code;
} totp_cases[] = {
	{ 59, "94287082" },
	{ 1111111109, "07081804" },
	{ 1111111111, "14050471" },
	{ 1234567890, "89005924" },
	{ 2000000000, "69279037" },
	{ 20000000000LL, "65353130" },
};

static void test_totp_rfc6238_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(totp_cases) / sizeof(totp_cases[0]); i++) {
		char code[9], code6[7];
		assert_int_equal(crypto_totp_code(RFC_SECRET, totp_cases[i].t, 8, code), JC_OK);
		if (strcmp(code, totp_cases[i].code) != 0)
			fail_msg("T=%lld: got %s, want %s", totp_cases[i].t, code, totp_cases[i].code);
		/* Six digits are the last six of eight (both are the same number mod 10^d). */
		assert_int_equal(crypto_totp_code(RFC_SECRET, totp_cases[i].t, 6, code6), JC_OK);
		assert_string_equal(code6, totp_cases[i].code + 2);
	}
}

static void test_totp_code_refuses(void **state)
{
	(void)state;
	char code[10];
	assert_int_equal(crypto_totp_code(RFC_SECRET, 59, 5, code), JC_EINVAL);
	assert_int_equal(crypto_totp_code(RFC_SECRET, 59, 9, code), JC_EINVAL);
	assert_int_equal(crypto_totp_code(RFC_SECRET, -1, 6, code), JC_EINVAL);
	assert_int_equal(crypto_totp_code("1111", 59, 6, code), JC_EINVAL);     /* not base32 */
	assert_int_equal(crypto_totp_code("GEZDGNBV", 59, 6, code), JC_EINVAL); /* 5 bytes */
	assert_int_equal(crypto_totp_code("", 59, 6, code), JC_EINVAL);
}

static void test_totp_verify_window(void **state)
{
	(void)state;
	const long long now = 1111111111, base = now / 30;
	char code[7];
	long long step;

	for (int d = -2; d <= 2; d++) {
		assert_int_equal(crypto_totp_code(RFC_SECRET, now + 30LL * d, 6, code), JC_OK);
		step = -1;
		int r = crypto_totp_verify(RFC_SECRET, now, code, 1, &step);
		if (d >= -1 && d <= 1) {
			if (r != 0)
				fail_msg("the code of step %+d was refused with window 1", d);
			assert_int_equal(step, base + d);
		} else {
			if (r != -1)
				fail_msg("the code of step %+d was accepted with window 1", d);
			assert_int_equal(step, -1);
		}
	}

	/* Window 0: only the current step. */
	assert_int_equal(crypto_totp_code(RFC_SECRET, now - 30, 6, code), JC_OK);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, code, 0, &step), -1);
	assert_int_equal(crypto_totp_code(RFC_SECRET, now, 6, code), JC_OK);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, code, 0, &step), 0);
	assert_int_equal(step, base);
	assert_string_equal(code, "050471");

	/* Not six digits, or a bad secret. */
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, "14050471", 1, &step), -1);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, "05047", 1, &step), -1);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, "05047a", 1, &step), -1);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, "", 1, &step), -1);
	assert_int_equal(crypto_totp_verify(RFC_SECRET, now, NULL, 1, &step), -1);
	assert_int_equal(crypto_totp_verify("!!!!", now, "050471", 1, &step), -1);
}

static void test_totp_secret(void **state)
{
	(void)state;
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	char a[33], b[33], code[7];
	long long step;

	assert_int_equal(crypto_totp_secret(a), JC_OK);
	assert_int_equal(crypto_totp_secret(b), JC_OK);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, alphabet), 32);
	assert_string_not_equal(a, b);

	assert_int_equal(crypto_totp_code(a, 1700000000, 6, code), JC_OK);
	assert_int_equal(crypto_totp_verify(a, 1700000000, code, 1, &step), 0);
	assert_int_equal(step, 1700000000 / 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_random_and_equal),
		cmocka_unit_test(test_data_key_new),
		cmocka_unit_test(test_sm3_standard_vectors),
		cmocka_unit_test(test_sm4_standard_vector),
		cmocka_unit_test(test_hmac_sm3_pinned),
		cmocka_unit_test(test_seal_format_is_sm4_ctr_then_hmac_sm3),
		cmocka_unit_test(test_seal_open_round_trip),
		cmocka_unit_test(test_seal_buffer_limits),
		cmocka_unit_test(test_open_detects_tampering),
		cmocka_unit_test(test_seal_random_iv_blind_index_stable),
		cmocka_unit_test(test_wrap_unwrap_round_trip),
		cmocka_unit_test(test_unwrap_wrong_master_refused),
		cmocka_unit_test(test_password_argon2id),
		cmocka_unit_test(test_totp_rfc6238_vectors),
		cmocka_unit_test(test_totp_code_refuses),
		cmocka_unit_test(test_totp_verify_window),
		cmocka_unit_test(test_totp_secret),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
