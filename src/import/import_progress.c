/*
 * import_progress.c - the registry of imports by token (see import.h): a fixed table under one
 * mutex. The counters themselves are atomics the importing thread writes without the lock; a
 * running import's slot is never reused, so its pointer stays valid until it is closed.
 */
#include "import/import.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"

struct import_ticket {
	bool used, running;
	int64_t account;
	char token[65];
	long long finished_at; /* clock_now() when closed */
	struct import_progress progress;
};

static struct {
	pthread_mutex_t lock;
	struct import_ticket slots[IMPORT_TICKETS];
} reg = { PTHREAD_MUTEX_INITIALIZER };

bool import_token_valid(const char *token)
{
	size_t n = strlen(token);
	if (n < 8 || n > 64)
		return false;
	return strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* The ticket of account and token, or NULL. Called with the lock held. */
static struct import_ticket *find(int64_t account, const char *token)
{
	for (size_t i = 0; i < IMPORT_TICKETS; i++) {
		struct import_ticket *t = &reg.slots[i];
		if (t->used && t->account == account && !strcmp(t->token, token))
			return t;
	}
	return NULL;
}

/* A free slot, else the one finished longest ago, else NULL. Called with the lock held. */
static struct import_ticket *free_slot(void)
{
	struct import_ticket *oldest = NULL;
	for (size_t i = 0; i < IMPORT_TICKETS; i++) {
		struct import_ticket *t = &reg.slots[i];
		if (!t->used)
			return t;
		if (!t->running && (!oldest || t->finished_at < oldest->finished_at))
			oldest = t;
	}
	return oldest;
}

struct import_ticket *import_ticket_open(int64_t account, const char *token, struct jc_error *err)
{
	pthread_mutex_lock(&reg.lock);
	struct import_ticket *t = find(account, token);
	if (t && t->running) {
		pthread_mutex_unlock(&reg.lock);
		jc_fail(err, JC_ECONFLICT, "progress", NULL, "an import with this progress token is still running");
		return NULL;
	}
	if (!t)
		t = free_slot();
	if (!t) {
		pthread_mutex_unlock(&reg.lock);
		jc_fail(err, JC_EUNAVAIL, NULL, NULL, "too many imports are running; try again later");
		return NULL;
	}
	t->used = t->running = true;
	t->account = account;
	snprintf(t->token, sizeof(t->token), "%s", token);
	atomic_store(&t->progress.rows, 0);
	atomic_store(&t->progress.bad, 0);
	pthread_mutex_unlock(&reg.lock);
	return t;
}

struct import_progress *import_ticket_progress(struct import_ticket *t)
{
	return &t->progress;
}

void import_ticket_close(struct import_ticket *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&reg.lock);
	t->running = false;
	t->finished_at = clock_now();
	pthread_mutex_unlock(&reg.lock);
}

bool import_ticket_read(int64_t account, const char *token, long *rows, long *bad, bool *done)
{
	pthread_mutex_lock(&reg.lock);
	struct import_ticket *t = find(account, token);
	bool seen = t && (t->running || clock_now() - t->finished_at <= IMPORT_TICKET_KEEP);
	if (seen) {
		*rows = atomic_load(&t->progress.rows);
		*bad = atomic_load(&t->progress.bad);
		*done = !t->running;
	}
	pthread_mutex_unlock(&reg.lock);
	return seen;
}
