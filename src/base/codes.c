/* codes.c - lookups in code tables. */
#include "base/codes.h"

#include <string.h>

int code_find(const struct code_table *t, const char *s, size_t n, int also_label)
{
	if (n == 0)
		return -1;
	for (size_t i = 0; i < t->count; i++) {
		const struct code *c = &t->codes[i];
		if (c->key[0] == s[0] && !strncmp(c->key, s, n) && c->key[n] == '\0')
			return (int)i;
		if (also_label && c->zh[0] == s[0] && !strncmp(c->zh, s, n) && c->zh[n] == '\0')
			return (int)i;
	}
	return -1;
}

const char *code_zh(const struct code_table *t, const char *key)
{
	int i = code_find(t, key, strlen(key), 0);
	return i < 0 ? key : t->codes[i].zh;
}
