/*
 * codes.h - enumerations as data: a key stored and sent over the API, with its Chinese and
 * English labels. Imports accept either the key or the Chinese label.
 */
#ifndef JC_CODES_H
#define JC_CODES_H

#include <stddef.h>

struct code {
	const char *key;
	const char *zh;
	const char *en;
};

struct code_table {
	const char *name; /* "gender", "education", ... */
	const struct code *codes;
	size_t count;
};

#define CODE_TABLE(tname, arr) { tname, arr, sizeof(arr) / sizeof((arr)[0]) }

/* The index of the code whose key (or Chinese label, when also_label) is s[0..n), or -1. */
int code_find(const struct code_table *t, const char *s, size_t n, int also_label);
const char *code_zh(const struct code_table *t, const char *key); /* key itself when unknown */

#endif
