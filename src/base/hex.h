/* hex.h - bytes as hexadecimal text (tokens, keys in key files, MACs kept as text). */
#ifndef JC_HEX_H
#define JC_HEX_H

#include <stddef.h>

/* Writes 2n lowercase hex digits and a NUL into out (2n + 1 bytes). */
void hex_encode(const unsigned char *p, size_t n, char *out);
/* Reads exactly 2n hex digits (either case) from s into out; answers the end of what it read, or
 * NULL when a digit is missing or wrong. */
const char *hex_decode(const char *s, unsigned char *out, size_t n);

#endif
