/* hex.c - hexadecimal text of bytes. */
#include "base/hex.h"

void hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

const char *hex_decode(const char *s, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++, s += 2) {
		int hi = digit(s[0]), lo = hi < 0 ? -1 : digit(s[1]);
		if (lo < 0)
			return NULL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return s;
}
