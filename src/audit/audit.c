/*
 * audit.c - the audit trail: the chain's key and record format, appending, verifying, listing.
 *
 * The format of a record's MAC and of the chain head is in audit.h; it must not change without
 * a new domain string ("jiceng audit 2"), since every stored record depends on it.
 *
 * Verifying walks the rows in id order and keeps two positions: the previous row (its stored id
 * and MAC, and the id it was MACed under as far as known) and the anchor, the last row that
 * verified. A row verifies when its MAC matches from the previous row's stored MAC; after rows
 * that did not (a run), also from the anchor, which means the run was inserted; and at the second
 * row of a run, under a nearby id, which means records before the run were deleted and the ids
 * renumbered down. The run's rows are reported once the row after them tells which of these it
 * was (an edit leaves the stored MAC in place, so the next row still chains to it). A row after
 * a gap in the ids chained from a record that is gone: the gap is reported, and the row is taken
 * as the new anchor unchecked. The head in meta closes the chain like one more row would.
 */
#include "audit/audit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hex.h"
#include "base/log.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "db/db.h"

#define MAC_LEN CRYPTO_SM3_LEN
#define FIELDS 8        /* at, account, role, address, event, object, result, detail */
#define HEAD_TEXT 160   /* "<id>:<64 hex>:<64 hex>" */
#define RUN_MAX 64      /* mismatched rows held back until the next row says why */
#define SHIFT_SEARCH 16 /* ids searched around a row for a renumbering after a deletion */
#define LIST_MAX 1000

static const char row_domain[] = "jiceng audit 1";
static const char head_domain[] = "jiceng audit head 1";

static unsigned char chain_key[AUDIT_KEY_LEN];
static bool key_set;

void audit_set_key(const unsigned char key[AUDIT_KEY_LEN])
{
	crypto_wipe(chain_key, sizeof(chain_key));
	key_set = key != NULL;
	if (key)
		memcpy(chain_key, key, AUDIT_KEY_LEN);
}

static void need_key(const char *who)
{
	if (!key_set) {
		log_error("audit: %s called before audit_set_key", who);
		abort();
	}
}

static enum jc_err failed(struct jc_error *err)
{
	return err && err->code ? err->code : JC_EINTERNAL;
}

/* --- the format ------------------------------------------------------------------------------ */

/* A field's exact bytes (p is never NULL). */
struct text {
	const char *p;
	size_t n;
};

static void put_u64(struct buf *b, uint64_t v)
{
	unsigned char x[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		x[i] = (unsigned char)(v & 0xff);
	buf_add(b, x, sizeof(x));
}

/* HMAC-SM3(key, row_domain | prev | u64(id) | (u64(length) | bytes) of each field); b is scratch. */
static void row_mac(struct buf *b, const unsigned char prev[MAC_LEN], int64_t id,
		    const struct text f[FIELDS], unsigned char out[MAC_LEN])
{
	buf_reset(b);
	buf_add(b, row_domain, sizeof(row_domain) - 1);
	buf_add(b, prev, MAC_LEN);
	put_u64(b, (uint64_t)id);
	for (int i = 0; i < FIELDS; i++) {
		put_u64(b, f[i].n);
		buf_add(b, f[i].p, f[i].n);
	}
	crypto_hmac_sm3(chain_key, sizeof(chain_key), b->data, b->len, out);
}

/* HMAC-SM3(key, head_domain | u64(id) | mac). */
static void head_tag(int64_t id, const unsigned char mac[MAC_LEN], unsigned char out[MAC_LEN])
{
	unsigned char m[sizeof(head_domain) - 1 + 8 + MAC_LEN];
	size_t n = sizeof(head_domain) - 1;
	memcpy(m, head_domain, n);
	uint64_t v = (uint64_t)id;
	for (int i = 7; i >= 0; i--, v >>= 8)
		m[n + (size_t)i] = (unsigned char)(v & 0xff);
	memcpy(m + n + 8, mac, MAC_LEN);
	crypto_hmac_sm3(chain_key, sizeof(chain_key), m, sizeof(m), out);
}


/* meta 'audit_head', as read. */
struct head {
	bool present; /* the row exists */
	bool parsed;  /* id and mac could be read */
	bool valid;   /* and the tag verifies */
	int64_t id;
	unsigned char mac[MAC_LEN];
};

static void head_parse(const char *s, struct head *h)
{
	unsigned char tag[MAC_LEN], want[MAC_LEN];
	char *end;
	if (!s || *s < '0' || *s > '9')
		return;
	long long id = strtoll(s, &end, 10);
	if (*end != ':' || id < 1 || id >= INT64_MAX / 2)
		return;
	const char *p = hex_decode(end + 1, h->mac, MAC_LEN);
	if (!p || *p != ':')
		return;
	h->id = id;
	h->parsed = true;
	p = hex_decode(p + 1, tag, MAC_LEN);
	if (!p || *p)
		return;
	head_tag(h->id, h->mac, want);
	h->valid = crypto_equal(tag, want, MAC_LEN);
}

static enum jc_err head_read(struct db *db, struct head *h, struct jc_error *err)
{
	memset(h, 0, sizeof(*h));
	struct db_stmt *s = db_stmt(db, "SELECT value FROM meta WHERE key = 'audit_head'");
	int r = db_step(s, err);
	if (r < 0)
		return failed(err);
	if (r == 1) {
		h->present = true;
		head_parse(db_col_text(s, 0), h);
		db_reset(s);
	}
	return JC_OK;
}

static enum jc_err head_write(struct db *db, int64_t id, const unsigned char mac[MAC_LEN],
			      struct jc_error *err)
{
	unsigned char tag[MAC_LEN];
	char value[HEAD_TEXT], mac_hex[2 * MAC_LEN + 1], tag_hex[2 * MAC_LEN + 1];
	head_tag(id, mac, tag);
	hex_encode(mac, MAC_LEN, mac_hex);
	hex_encode(tag, MAC_LEN, tag_hex);
	snprintf(value, sizeof(value), "%lld:%s:%s", (long long)id, mac_hex, tag_hex);
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO meta (key, value) VALUES ('audit_head', ?1)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	db_bind_text(s, 1, value);
	return db_run(s, err);
}

/* --- appending ------------------------------------------------------------------------------- */

static struct text field(const char *s)
{
	return (struct text){ s ? s : "", s ? strlen(s) : 0 };
}

static enum jc_err append(struct db *db, const struct audit_event *e, struct jc_error *err)
{
	struct head h;
	enum jc_err rc = head_read(db, &h, err);
	if (rc)
		return rc;
	struct db_stmt *s = db_stmt(db, "SELECT max(id) FROM audit");
	if (db_step(s, err) < 0)
		return failed(err);
	int64_t last = db_col_int(s, 0); /* 0 for NULL: no record yet */
	db_reset(s);
	/* Chain from the head, so that records deleted behind its back stay a visible gap; when it
	 * is missing or forged, chain from zero bytes, which verify reports at this record. */
	unsigned char prev[MAC_LEN] = { 0 };
	if (h.valid)
		memcpy(prev, h.mac, MAC_LEN);
	else if (h.present || last > 0)
		log_warn("audit: the chain head %s; run `jiceng audit verify`",
			 h.present ? "does not verify" : "is missing");
	int64_t id = (h.parsed && h.id > last ? h.id : last) + 1;

	char at[21];
	clock_format(clock_now(), at);
	const struct text f[FIELDS] = {
		field(at), field(e->account), field(e->role), field(e->address),
		field(e->event), field(e->object), field(e->result), field(e->detail),
	};
	unsigned char mac[MAC_LEN];
	struct buf b;
	buf_init(&b, 0);
	row_mac(&b, prev, id, f, mac);
	buf_release(&b);

	s = db_stmt(db,
		"INSERT INTO audit (id, at, account, role, address, event, object, result, detail, mac)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	db_bind_int(s, 1, id);
	for (int i = 0; i < FIELDS; i++)
		db_bind_textn(s, 2 + i, f[i].p, f[i].n);
	db_bind_blob(s, 10, mac, MAC_LEN);
	rc = db_run(s, err);
	if (!rc)
		rc = head_write(db, id, mac, err);
	return rc;
}

enum jc_err audit_append(struct db *db, const struct audit_event *e, struct jc_error *err)
{
	need_key("audit_append");
	bool own = !db_in_transaction(db);
	enum jc_err rc = own ? db_begin(db, err) : JC_OK;
	if (rc)
		return rc;
	rc = append(db, e, err);
	if (own)
		rc = rc ? (db_rollback(db), rc) : db_commit(db, err);
	if (rc)
		log_error("audit: cannot record %s by '%s': %s", e->event ? e->event : "",
			  e->account ? e->account : "", err ? err->message : jc_err_name(rc));
	return rc;
}

/* --- verifying ------------------------------------------------------------------------------- */

static const char msg_unknown[] = "its MAC does not match: the record was altered, or inserted";
static const char msg_edited[] =
	"altered after it was written: its content does not match its MAC, and what follows it still"
	" chains to that MAC";

struct verify {
	void (*report)(int64_t id, const char *what, void *ctx);
	void *ctx;
	long problems;
	struct buf scratch;
	/* the previous row: stored id and MAC, and the id it was MACed under as far as known */
	int64_t prev_id;
	int64_t prev_orig;
	unsigned char prev_mac[MAC_LEN];
	/* the last row that verified (at the start: id 0 and zero bytes) */
	int64_t anchor_orig;
	unsigned char anchor_mac[MAC_LEN];
	int64_t shift; /* stored id - id MACed under, as of the anchor */
	/* rows since the anchor whose MAC did not match */
	int64_t run[RUN_MAX];
	int run_held;   /* held back, not yet reported */
	long run_total; /* in the run, held or reported */
};

static void problem(struct verify *v, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct verify *v, int64_t id, const char *fmt, ...)
{
	char what[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	v->problems++;
	if (v->report)
		v->report(id, what, v->ctx);
}

/* Reports the rows held back with why, and ends the run. */
static void run_end(struct verify *v, const char *why)
{
	for (int i = 0; i < v->run_held; i++)
		problem(v, v->run[i], "%s", why);
	v->run_held = 0;
	v->run_total = 0;
}

static void run_add(struct verify *v, int64_t id)
{
	if (v->run_held == RUN_MAX) {
		/* A long run (a wrong key, or wholesale forgery) is reported as it goes. */
		for (int i = 0; i < v->run_held; i++)
			problem(v, v->run[i], "%s", msg_unknown);
		v->run_held = 0;
	}
	v->run[v->run_held++] = id;
	v->run_total++;
}

static bool mac_matches(struct verify *v, const unsigned char prev[MAC_LEN], int64_t id,
			const struct text f[FIELDS], const unsigned char *mac, size_t mac_len)
{
	unsigned char want[MAC_LEN];
	if (mac_len != MAC_LEN)
		return false;
	row_mac(&v->scratch, prev, id, f, want);
	return crypto_equal(want, mac, MAC_LEN);
}

static void set_prev(struct verify *v, int64_t id, int64_t orig, const unsigned char *mac,
		     size_t mac_len)
{
	v->prev_id = id;
	v->prev_orig = orig;
	memset(v->prev_mac, 0, MAC_LEN);
	memcpy(v->prev_mac, mac, mac_len < MAC_LEN ? mac_len : MAC_LEN);
}

static void set_anchor(struct verify *v, int64_t id, int64_t orig, const unsigned char *mac,
		       size_t mac_len)
{
	set_prev(v, id, orig, mac, mac_len);
	v->anchor_orig = orig;
	memcpy(v->anchor_mac, v->prev_mac, MAC_LEN);
	v->shift = id - orig;
}

/* Records first..last are gone; reported at first. */
static void missing(struct verify *v, int64_t first, int64_t last, bool newest)
{
	if (first == last)
		problem(v, first, "missing: deleted%s", newest ? " (it was the newest record)" : "");
	else
		problem(v, first, "missing, and so are records %lld to %lld after it: deleted%s",
			(long long)first + 1, (long long)last, newest ? " (they were the newest)" : "");
}

static void check_row(struct verify *v, int64_t id, const struct text f[FIELDS],
		      const unsigned char *mac, size_t mac_len)
{
	if (id <= v->prev_id) { /* rows come in id order: only ids below 1 get here */
		problem(v, id, "out of sequence (ids start at 1): an inserted record");
		return;
	}
	if (id > v->prev_id + 1) {
		run_end(v, msg_unknown);
		int64_t orig = v->prev_orig + 1;
		if (mac_matches(v, v->prev_mac, orig, f, mac, mac_len)) {
			problem(v, v->prev_id + 1,
				"unused, up to id %lld: the records from id %lld on were renumbered up"
				" (%lld was written as %lld)", (long long)id - 1, (long long)id,
				(long long)id, (long long)orig);
			set_anchor(v, id, orig, mac, mac_len);
		} else {
			/* This row chained from a record that is gone: it cannot be checked. */
			missing(v, v->prev_id + 1, id - 1, false);
			set_anchor(v, id, id - v->shift, mac, mac_len);
		}
		return;
	}

	int64_t orig = v->prev_orig + 1;
	if (mac_matches(v, v->prev_mac, orig, f, mac, mac_len)) {
		run_end(v, v->run_total == 1 ? msg_edited : msg_unknown);
		set_anchor(v, id, orig, mac, mac_len);
		return;
	}
	if (v->run_total) {
		orig = v->anchor_orig + 1;
		if (mac_matches(v, v->anchor_mac, orig, f, mac, mac_len)) {
			long inserted = v->run_total;
			int64_t moved = (id - orig) - v->shift;
			run_end(v, moved == inserted ?
				"inserted: its MAC does not match, and the records before and after it"
				" chain to each other without it (the ids after it were shifted up)" :
				"inserted: its MAC does not match, and the records before and after it"
				" chain to each other without it");
			if (moved != inserted && moved != 0)
				problem(v, id, "renumbered: written as id %lld", (long long)orig);
			set_anchor(v, id, orig, mac, mac_len);
			return;
		}
	}
	if (v->prev_id > 0) {
		/* Written by audit_append while the head was missing or forged (see append). */
		static const unsigned char zero[MAC_LEN];
		orig = v->prev_orig + 1;
		if (mac_matches(v, zero, orig, f, mac, mac_len)) {
			run_end(v, msg_unknown);
			problem(v, id, "chains from zero bytes, not from the record before it: it was"
				" written when the chain head was missing or forged (records before it"
				" deleted, or the head tampered with)");
			set_anchor(v, id, orig, mac, mac_len);
			return;
		}
	}
	if (v->run_total == 1) {
		/* The second row of a run: was the first renumbered down after records before it
		 * were deleted (so that it chained from a record that is gone)? */
		for (int64_t d = 1; d <= SHIFT_SEARCH; d++) {
			for (int sign = 1; sign >= -1; sign -= 2) {
				orig = v->prev_orig + 1 + sign * d;
				if (orig < 1 || !mac_matches(v, v->prev_mac, orig, f, mac, mac_len))
					continue;
				int64_t deleted = (orig - 1) - v->anchor_orig - 1;
				int64_t moved = (id - orig) - v->shift;
				char why[200];
				if (deleted > 0 && moved == -deleted) {
					snprintf(why, sizeof(why),
						 "does not chain to the record before it: %lld record%s"
						 " before it %s deleted and the ids from it on shifted down",
						 (long long)deleted, deleted == 1 ? "" : "s",
						 deleted == 1 ? "was" : "were");
					run_end(v, why);
				} else {
					run_end(v, msg_unknown);
					problem(v, id, "renumbered: written as id %lld", (long long)orig);
				}
				set_anchor(v, id, orig, mac, mac_len);
				return;
			}
		}
	}
	run_add(v, id);
	set_prev(v, id, id - v->shift, mac, mac_len);
}

/* The head closes the chain: it must verify and name the last row. */
static void check_head(struct verify *v, const struct head *h)
{
	if (v->run_total) {
		if (h->valid && h->id == v->prev_orig && crypto_equal(h->mac, v->prev_mac, MAC_LEN)) {
			run_end(v, v->run_total == 1 ? msg_edited : msg_unknown);
			return;
		}
		if (h->valid && h->id == v->anchor_orig && crypto_equal(h->mac, v->anchor_mac, MAC_LEN)) {
			run_end(v, "added after the newest record outside jiceng: its MAC does not match"
				   " and the chain head does not cover it");
			return;
		}
		run_end(v, msg_unknown);
	}
	if (v->prev_id == 0) {
		if (h->parsed)
			problem(v, h->id, "the audit trail is empty but its chain head names this"
				" record: every record was deleted");
		else if (h->present)
			problem(v, 0, "the audit trail is empty but has a (malformed) head: records"
				" were deleted");
		return;
	}
	if (!h->present)
		problem(v, v->prev_id, "the chain head (meta 'audit_head') is missing: deleted, or the"
			" records were written outside jiceng");
	else if (!h->parsed)
		problem(v, v->prev_id, "the chain head (meta 'audit_head') is malformed: altered");
	else if (!h->valid)
		problem(v, v->prev_id, "the chain head (meta 'audit_head') does not verify: altered,"
			" or the key is not the one the trail was written with");
	else if (h->id > v->prev_orig)
		missing(v, v->prev_id + 1, v->prev_id + (h->id - v->prev_orig), true);
	else if (h->id < v->prev_orig)
		problem(v, v->prev_id, "the trail goes on past its chain head (record %lld): records"
			" were added outside jiceng", (long long)h->id);
	else if (!crypto_equal(h->mac, v->prev_mac, MAC_LEN))
		problem(v, v->prev_id, "the newest record does not match the chain head: replaced");
}

static struct text col_text(struct db_stmt *s, int i)
{
	size_t n;
	const char *p = db_col_blob(s, i, &n); /* the exact bytes, even past a NUL */
	return (struct text){ p ? p : "", p ? n : 0 };
}

long audit_verify(struct db *db, void (*report)(int64_t id, const char *what, void *ctx), void *ctx,
		  struct jc_error *err)
{
	need_key("audit_verify");
	bool own = !db_in_transaction(db);
	if (own && db_exec(db, "BEGIN", err)) /* a read transaction: one snapshot */
		return -1;
	struct verify *v = xcalloc(1, sizeof(*v));
	v->report = report;
	v->ctx = ctx;
	buf_init(&v->scratch, 0);
	struct head h;
	long result = -1;
	if (head_read(db, &h, err))
		goto out;
	struct db_stmt *s = db_stmt(db,
		"SELECT id, at, account, role, address, event, object, result, detail, mac"
		" FROM audit ORDER BY id");
	int r;
	while ((r = db_step(s, err)) == 1) {
		struct text f[FIELDS];
		for (int i = 0; i < FIELDS; i++)
			f[i] = col_text(s, 1 + i);
		size_t mac_len;
		const unsigned char *mac = db_col_blob(s, 9, &mac_len);
		check_row(v, db_col_int(s, 0), f, mac, mac ? mac_len : 0);
	}
	if (r < 0)
		goto out;
	check_head(v, &h);
	result = v->problems;
out:
	if (own)
		db_rollback(db);
	buf_release(&v->scratch);
	free(v);
	return result;
}

/* --- listing --------------------------------------------------------------------------------- */

/* A JSON string of a column; bytes that are not UTF-8 (written around jiceng) become '?'. */
static json_t *col_json(struct db_stmt *s, int i)
{
	struct text t = col_text(s, i);
	json_t *j = json_stringn(t.p, t.n);
	if (j)
		return j;
	char *copy = xstrndup(t.p, t.n);
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static const char *const list_columns[] = {
	"id", "at", "account", "role", "address", "event", "object", "result", "detail",
};

json_t *audit_list_json(struct db *db, int64_t before, int limit, const char *event_prefix,
			struct jc_error *err)
{
	limit = limit < 1 ? 1 : limit > LIST_MAX ? LIST_MAX : limit;
	struct db_stmt *s;
	char *upper = NULL;
	if (event_prefix && *event_prefix) {
		/* The events starting with the prefix are the range [prefix, prefix with its last
		 * byte plus one): the (event, id) index serves it. */
		size_t n = strlen(event_prefix);
		upper = xstrdup(event_prefix);
		while (n && (unsigned char)upper[n - 1] == 0xff)
			upper[--n] = '\0';
		if (!n) {
			free(upper);
			return json_array(); /* all 0xff: no UTF-8 text starts so */
		}
		upper[n - 1]++;
		s = db_stmt(db,
			"SELECT id, at, account, role, address, event, object, result, detail FROM audit"
			" WHERE id < ?1 AND event >= ?2 AND event < ?3 ORDER BY id DESC LIMIT ?4");
		db_bind_text(s, 2, event_prefix);
		db_bind_text(s, 3, upper);
	} else {
		s = db_stmt(db,
			"SELECT id, at, account, role, address, event, object, result, detail FROM audit"
			" WHERE id < ?1 ORDER BY id DESC LIMIT ?4");
	}
	db_bind_int(s, 1, before > 0 ? before : INT64_MAX);
	db_bind_int(s, 4, limit);
	free(upper);
	json_t *list = json_array();
	int r;
	while ((r = db_step(s, err)) == 1) {
		json_t *row = json_object();
		json_object_set_new(row, list_columns[0], json_integer((json_int_t)db_col_int(s, 0)));
		for (int i = 1; i < 9; i++)
			json_object_set_new(row, list_columns[i], col_json(s, i));
		json_array_append_new(list, row);
	}
	if (r < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}
