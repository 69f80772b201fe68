/* keys.c - finding the master key, opening the data keys, sealing and opening values. */
#include "keys/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/fields.h"
#include "base/hex.h"
#include "base/log.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "db/db.h"

#define MAX_DATA_KEYS 64

/* Readers (seal, open) share the lock; adding a data key (a rotation, or finding one that another
 * process added) takes it alone. */
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

static struct {
	bool loaded;
	char db_path[1024];
	unsigned char master[CRYPTO_MASTER_LEN];
	unsigned char audit[CRYPTO_SM3_LEN];
	struct crypto_data_key index; /* only .index is used */
	struct crypto_data_key data[MAX_DATA_KEYS];
	int count;
	int current; /* index into data of the key that seals */
} K;

static bool parse_hex_key(const char *s, unsigned char out[CRYPTO_MASTER_LEN])
{
	const char *rest = hex_decode(s, out, CRYPTO_MASTER_LEN);
	while (rest && (*rest == '\n' || *rest == '\r' || *rest == ' '))
		rest++;
	return rest && *rest == '\0';
}

enum jc_err keys_generate_file(const char *path, struct jc_error *err)
{
	unsigned char key[CRYPTO_MASTER_LEN];
	char hex[2 * CRYPTO_MASTER_LEN + 2];
	if (crypto_random(key, sizeof(key)))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "no random bytes");
	hex_encode(key, sizeof(key), hex);
	hex[2 * CRYPTO_MASTER_LEN] = '\n';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	enum jc_err e = JC_OK;
	if (fd < 0)
		e = jc_fail(err, errno == EEXIST ? JC_ECONFLICT : JC_EINTERNAL, NULL, NULL,
			    "cannot create the key file '%s': %s", path, strerror(errno));
	else if (write(fd, hex, 2 * CRYPTO_MASTER_LEN + 1) != 2 * CRYPTO_MASTER_LEN + 1 || fsync(fd))
		e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write the key file '%s'", path);
	if (fd >= 0)
		close(fd);
	crypto_wipe(key, sizeof(key));
	crypto_wipe(hex, sizeof(hex));
	return e;
}

/* The master key from the environment or a file; generated into the default file with create. */
static enum jc_err find_master(const char *db_path, bool create, struct jc_error *err)
{
	const char *env = getenv("JICENG_MASTER_KEY");
	if (env && *env) {
		if (!parse_hex_key(env, K.master))
			return jc_fail(err, JC_EINVAL, NULL, NULL, "JICENG_MASTER_KEY must be 64 hex digits");
		return JC_OK;
	}
	char path[1024];
	const char *file = getenv("JICENG_KEY_FILE");
	if (file && *file)
		snprintf(path, sizeof(path), "%s", file);
	else
		snprintf(path, sizeof(path), "%s.key", db_path);
	FILE *f = fopen(path, "re");
	if (!f && errno == ENOENT && create) {
		enum jc_err e = keys_generate_file(path, err);
		if (e)
			return e;
		log_info("keys: a new master key is in %s: keep it apart from the database and its backups", path);
		f = fopen(path, "re");
	}
	if (!f)
		return jc_fail(err, JC_EUNAVAIL, NULL, NULL,
			       "no master key: set JICENG_MASTER_KEY, or put the key file at '%s' (jiceng keygen)", path);
	char line[160] = "";
	bool ok = fgets(line, sizeof(line), f) && parse_hex_key(line, K.master);
	fclose(f);
	crypto_wipe(line, sizeof(line));
	if (!ok)
		return jc_fail(err, JC_EINVAL, NULL, NULL, "the key file '%s' must hold 64 hex digits", path);
	return JC_OK;
}

static enum jc_err add_data_key(struct db *db, struct jc_error *err)
{
	if (K.count == MAX_DATA_KEYS)
		return jc_fail(err, JC_EINVAL, NULL, NULL, "too many data keys");
	uint32_t id = (uint32_t)db_query_int(db, "SELECT coalesce(max(id), 0) + 1 FROM crypto_key", 1);
	struct crypto_data_key k;
	unsigned char wrapped[CRYPTO_WRAPPED_LEN];
	if (crypto_data_key_new(id, &k) || crypto_wrap_key(K.master, &k, wrapped))
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot make a data key");
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *s = db_stmt(db, "INSERT INTO crypto_key (id, wrapped, created_at) VALUES (?1, ?2, ?3)");
	db_bind_int(s, 1, id);
	db_bind_blob(s, 2, wrapped, sizeof(wrapped));
	db_bind_text(s, 3, now);
	enum jc_err e = db_run(s, err);
	if (!e) {
		pthread_rwlock_wrlock(&lock);
		K.data[K.count] = k;
		K.current = K.count++;
		pthread_rwlock_unlock(&lock);
	}
	crypto_wipe(&k, sizeof(k));
	return e;
}

/* Data keys that another process (a `jiceng keys rotate`) added since this one loaded. */
static void refresh(void)
{
	struct db *db;
	if (!K.db_path[0] || db_open(K.db_path, DB_READONLY, &db, NULL))
		return;
	struct db_stmt *s = db_stmt(db, "SELECT id, wrapped FROM crypto_key WHERE id > ?1 ORDER BY id");
	pthread_rwlock_wrlock(&lock);
	db_bind_int(s, 1, K.count ? K.data[K.count - 1].id : 0);
	while (K.count < MAX_DATA_KEYS && db_step(s, NULL) == 1) {
		size_t n;
		const unsigned char *w = db_col_blob(s, 1, &n);
		if (n == CRYPTO_WRAPPED_LEN && crypto_unwrap_key(K.master, w, &K.data[K.count], NULL) == JC_OK)
			K.current = K.count++;
	}
	pthread_rwlock_unlock(&lock);
	db_reset(s);
	db_close(db);
}

enum jc_err keys_load(struct db *db, const char *db_path, bool create, struct jc_error *err)
{
	keys_unload();
	enum jc_err e = crypto_init(err);
	if (!e)
		e = find_master(db_path, create, err);
	struct db_stmt *s = e ? NULL : db_stmt(db, "SELECT id, wrapped FROM crypto_key ORDER BY id");
	int r = 0;
	while (s && (r = db_step(s, err)) == 1) {
		size_t n;
		const unsigned char *w = db_col_blob(s, 1, &n);
		if (K.count == MAX_DATA_KEYS || n != CRYPTO_WRAPPED_LEN) {
			e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "a data key of this database is damaged");
			db_reset(s);
			break;
		}
		if ((e = crypto_unwrap_key(K.master, w, &K.data[K.count], err))) {
			db_reset(s);
			break;
		}
		K.current = K.count++;
	}
	if (!e && r < 0)
		e = err && err->code ? err->code : JC_EINTERNAL;
	if (!e && K.count == 0) {
		bool own = !db_in_transaction(db);
		if (own && (e = db_begin(db, err)) == JC_OK) {
			e = add_data_key(db, err);
			e = e ? (db_rollback(db), e) : db_commit(db, err);
		} else if (!own) {
			e = add_data_key(db, err);
		}
	}
	if (e) {
		keys_unload();
		return e;
	}
	snprintf(K.db_path, sizeof(K.db_path), "%s", db_path);
	crypto_hmac_sm3(K.master, sizeof(K.master), "jiceng audit chain v1", 21, K.audit);
	crypto_hmac_sm3(K.master, sizeof(K.master), "jiceng blind index v1", 21, K.index.index);
	K.loaded = true;
	static const struct fields_sealer sealer = { keys_seal, keys_open };
	fields_set_sealer(&sealer);
	return JC_OK;
}

bool keys_loaded(void)
{
	return K.loaded;
}

void keys_unload(void)
{
	fields_set_sealer(NULL);
	crypto_wipe(&K, sizeof(K));
}

const unsigned char *keys_audit_key(void)
{
	return K.loaded ? K.audit : NULL;
}

enum jc_err keys_seal(const char *plain, size_t n, unsigned char *out, size_t cap, size_t *len)
{
	if (!K.loaded || cap < n + KEYS_SEALED_OVERHEAD)
		return JC_EINTERNAL;
	pthread_rwlock_rdlock(&lock);
	uint32_t id = K.data[K.current].id;
	out[0] = (unsigned char)(id >> 24);
	out[1] = (unsigned char)(id >> 16);
	out[2] = (unsigned char)(id >> 8);
	out[3] = (unsigned char)id;
	size_t sealed;
	enum jc_err e = crypto_seal(&K.data[K.current], plain, n, out + 4, cap - 4, &sealed);
	pthread_rwlock_unlock(&lock);
	*len = sealed + 4;
	return e;
}

/* Opens with the key of that id, if this process knows it: 1 done, 0 unknown key, -1 altered. */
static int open_with(uint32_t id, const unsigned char *blob, size_t n, char *out, size_t cap)
{
	int r = 0;
	pthread_rwlock_rdlock(&lock);
	for (int i = 0; i < K.count && !r; i++) {
		if (K.data[i].id != id)
			continue;
		size_t len;
		r = crypto_open(&K.data[i], blob + 4, n - 4, out, cap, &len) ? -1 : 1;
		if (r == 1 && len < cap)
			out[len] = '\0';
	}
	pthread_rwlock_unlock(&lock);
	return r;
}

enum jc_err keys_open(const unsigned char *blob, size_t n, char *out, size_t cap, struct jc_error *err)
{
	if (!K.loaded || n < KEYS_SEALED_OVERHEAD)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "a sealed value cannot be opened");
	uint32_t id = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 | (uint32_t)blob[2] << 8 | blob[3];
	int r = open_with(id, blob, n, out, cap);
	if (r == 0) { /* a key added since: rotated by another process while this one serves */
		refresh();
		r = open_with(id, blob, n, out, cap);
	}
	if (r < 0)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "a sealed value was altered");
	if (r == 0)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "a value is sealed with an unknown key %u", id);
	return JC_OK;
}

void keys_blind_index(const char *plain, size_t n, unsigned char out[32])
{
	crypto_blind_index(&K.index, plain, n, out);
}

enum jc_err keys_rotate(struct db *db, long *resealed, struct jc_error *err)
{
	*resealed = 0;
	enum jc_err e = db_begin(db, err);
	if (!e)
		e = add_data_key(db, err);
	e = e ? (db_rollback(db), e) : db_commit(db, err);
	/* Reseal in batches, each its own transaction, so that writers are never held up long. */
	int64_t last = 0;
	static const char *const cols[] = { "id_number", "phone", "address" };
	while (!e) {
		struct db_stmt *s = db_stmt(db,
			"SELECT id, id_number, phone, address FROM member WHERE id > ?1 ORDER BY id LIMIT 1000");
		db_bind_int(s, 1, last);
		if ((e = db_begin(db, err)))
			break;
		int r, rows = 0;
		struct {
			int64_t id;
			unsigned char blob[3][512];
			size_t len[3];
		} *batch = xcalloc(1000, sizeof(*batch));
		while ((r = db_step(s, err)) == 1) {
			batch[rows].id = db_col_int(s, 0);
			for (int c = 0; c < 3 && !e; c++) {
				size_t n;
				const unsigned char *b = db_col_blob(s, c + 1, &n);
				char plain[320];
				if (!b || !n)
					continue;
				e = keys_open(b, n, plain, sizeof(plain), err);
				if (!e)
					e = keys_seal(plain, strlen(plain), batch[rows].blob[c], sizeof(batch[rows].blob[c]),
						      &batch[rows].len[c]);
				crypto_wipe(plain, sizeof(plain));
			}
			rows++;
		}
		for (int i = 0; !e && r == 0 && i < rows; i++) {
			for (int c = 0; c < 3 && !e; c++) {
				if (!batch[i].len[c])
					continue;
				char sql[96];
				snprintf(sql, sizeof(sql), "UPDATE member SET %s = ?2 WHERE id = ?1", cols[c]);
				struct db_stmt *u = db_stmt_new(db, sql, err);
				if (!u) {
					e = JC_EINTERNAL;
					break;
				}
				db_bind_int(u, 1, batch[i].id);
				db_bind_blob(u, 2, batch[i].blob[c], batch[i].len[c]);
				e = db_run(u, err);
				db_stmt_free(u);
			}
			last = batch[i].id;
		}
		crypto_wipe(batch, 1000 * sizeof(*batch));
		free(batch);
		if (r < 0 && !e)
			e = err && err->code ? err->code : JC_EINTERNAL;
		e = e ? (db_rollback(db), e) : db_commit(db, err);
		*resealed += e ? 0 : rows;
		if (rows < 1000)
			break;
	}
	if (!e) { /* everything is sealed with the newest key now */
		char now[21];
		clock_format(clock_now(), now);
		struct db_stmt *s = db_stmt(db,
			"UPDATE crypto_key SET retired_at = ?1 WHERE retired_at IS NULL AND id < (SELECT max(id) FROM crypto_key)");
		db_bind_text(s, 1, now);
		e = db_run(s, err);
	}
	return e;
}
