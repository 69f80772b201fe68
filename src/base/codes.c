/* codes.c - lookups in code tables. */
#include "base/codes.h"

#include <string.h>

int code_find(const struct code_table *t, const char *s, size_t n, int also_label)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct code *c = &t->codes[i];
		if (strlen(c->key) == n && !memcmp(c->key, s, n))
			return (int)i;
		if (also_label && strlen(c->zh) == n && !memcmp(c->zh, s, n))
			return (int)i;
	}
	return -1;
}

const char *code_zh(const struct code_table *t, const char *key)
{
	int i = code_find(t, key, strlen(key), 0);
	return i < 0 ? key : t->codes[i].zh;
}
