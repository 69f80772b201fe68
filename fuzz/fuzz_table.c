/*
 * fuzz_table.c - libFuzzer target: the import readers (src/io/table*.c). The first byte picks
 * the reader (even: CSV, odd: XLSX, the rest of the input being the file); every row and cell is
 * read to the end, as an import would.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct table *t;
	struct jc_error err = { 0 };
	if (table_open_mem(data + 1, size - 1, data[0] & 1 ? TABLE_XLSX : TABLE_CSV, &t, &err))
		return 0;
	struct table_row row;
	size_t bytes = 0;
	while (table_next(t, &row, &err) == 1)
		for (size_t i = 0; i < row.count; i++)
			bytes += strlen(row.cells[i]) + row.lens[i]; /* touch every cell */
	table_close(t);
	return bytes == SIZE_MAX;
}
