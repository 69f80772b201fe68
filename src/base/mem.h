/*
 * mem.h - allocation that aborts on out-of-memory, and a growable byte buffer with a cap.
 *
 * A server that cannot allocate cannot answer anyway, so x*alloc never return NULL.
 * struct buf: data is never NULL and always NUL-terminated; an append past cap fails and leaves
 * the buffer as it was (used for SQL text, CSV lines and response bodies).
 */
#ifndef JC_MEM_H
#define JC_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size); /* checks count * size for overflow */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Grows an array of size-byte elements (allocated count in *alloc) to hold at least need of them,
 * doubling from 16; aborts on overflow. Returns the (possibly moved) array. */
void *xgrow(void *p, size_t *alloc, size_t need, size_t size);
char *xstrndup(const char *s, size_t n);

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap; /* maximum len; 0 = no limit */
};

#define BUF_INIT { 0 }

void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);           /* frees data; b may be reused after buf_init */
void buf_reset(struct buf *b);             /* len = 0, keeps memory */
int buf_add(struct buf *b, const void *p, size_t n); /* 0, or -1 past cap */
int buf_adds(struct buf *b, const char *s);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_detach(struct buf *b, size_t *len); /* caller frees the returned string */

#endif
