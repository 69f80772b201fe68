/*
 * fuzz_id_number.c - libFuzzer target: the citizen ID number validator (GB 11643, check digit,
 * birth date) and the date parser it relies on, on any bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "member/member.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	int birth = 0, day = 0;
	bool female = false;
	if (member_id_number_valid(s, &birth, &female) && birth == DATE_NONE)
		abort(); /* a valid number always has its birth date */
	if (date_parse(s, (int)size, &day)) {
		char back[11];
		date_format(day, back);
		if (size == 10 && memcmp(back, s, 10) != 0)
			abort(); /* a date parsed is formatted back as it came */
	}
	free(s);
	return 0;
}
