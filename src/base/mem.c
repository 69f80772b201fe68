/* mem.c - aborting allocators and struct buf. */
#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "jiceng: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		oom(SIZE_MAX);
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *xgrow(void *p, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 16;
	while (n < need)
		n = n > SIZE_MAX / 2 / size ? need : n * 2;
	if (n > SIZE_MAX / size)
		oom(SIZE_MAX);
	*alloc = n;
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char empty_buf[1];

void buf_init(struct buf *b, size_t cap)
{
	b->data = empty_buf;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b, b->cap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->data[0] = '\0';
}

static int grow(struct buf *b, size_t extra)
{
	if (!b->data)
		buf_init(b, b->cap);
	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	size_t need = b->len + extra;
	if (b->cap && need > b->cap)
		return -1;
	if (need + 1 <= b->alloc)
		return 0;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need + 1)
		n = n > SIZE_MAX / 2 ? need + 1 : n * 2;
	if (b->alloc) {
		b->data = xrealloc(b->data, n);
	} else {
		b->data = xmalloc(n);
		b->data[0] = '\0';
	}
	b->alloc = n;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n))
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	if (grow(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->alloc ? b->data : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b, b->cap);
	return p;
}
