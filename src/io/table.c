/*
 * table.c - the part of the table reader common to both formats.
 *
 * Opening decides the format (a ZIP local-file signature means XLSX, anything else is CSV) and
 * hands the bytes to the back end in table_csv.c or table_xlsx.c; reading and closing go through
 * the back end's struct table_ops. Once a back end has reported the end or a failure, later calls
 * repeat that answer without asking it again.
 */
#define JC_TABLE_BACKEND
#include "io/table.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const unsigned char zip_magic[4] = { 'P', 'K', 3, 4 };
/* An OLE2 compound file: an Excel 97-2003 .xls, or an encrypted .xlsx. */
static const unsigned char ole_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

static enum jc_err decide(const unsigned char *head, size_t n, enum table_format *format,
			  struct jc_error *err)
{
	if (*format != TABLE_AUTO)
		return JC_OK;
	if (n >= sizeof(ole_magic) && !memcmp(head, ole_magic, sizeof(ole_magic)))
		return jc_fail(err, JC_EINVAL, NULL, NULL,
			       "unsupported file: an Excel 97-2003 workbook or an encrypted one; "
			       "save it as .xlsx or CSV");
	if (n >= sizeof(zip_magic) && !memcmp(head, zip_magic, sizeof(zip_magic)))
		*format = TABLE_XLSX;
	else
		*format = TABLE_CSV;
	return JC_OK;
}

static enum jc_err open_source(const struct table_source *src, enum table_format format,
			       struct table **out, struct jc_error *err)
{
	struct table *t = NULL;
	enum jc_err e = format == TABLE_XLSX ? table_xlsx_open(src, &t, err)
					     : table_csv_open(src, &t, err);
	if (e)
		return e;
	t->last = 1;
	jc_error_clear(&t->error);
	*out = t;
	return JC_OK;
}

enum jc_err table_open(const char *path, enum table_format format, struct table **out,
		       struct jc_error *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return jc_fail(err, errno == ENOENT ? JC_ENOTFOUND : JC_EINTERNAL, NULL, NULL,
			       "opening %s failed: %s", path, strerror(errno));
	unsigned char head[8];
	ssize_t n;
	do
		n = pread(fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		enum jc_err e = jc_fail(err, JC_EINTERNAL, NULL, NULL, "reading %s failed: %s",
					path, strerror(errno));
		close(fd);
		return e;
	}
	enum jc_err e = decide(head, (size_t)n, &format, err);
	if (e) {
		close(fd);
		return e;
	}
	struct table_source src = { .fd = fd };
	return open_source(&src, format, out, err);
}

enum jc_err table_open_mem(const void *data, size_t len, enum table_format format,
			   struct table **out, struct jc_error *err)
{
	*out = NULL;
	enum jc_err e = decide(data, len, &format, err);
	if (e)
		return e;
	struct table_source src = { .fd = -1, .data = data, .len = len };
	return open_source(&src, format, out, err);
}

int table_next(struct table *t, struct table_row *row, struct jc_error *err)
{
	if (t->last == 1) {
		t->last = t->ops->next(t, row, &t->error);
		if (t->last == 1)
			return 1;
		if (t->last < 0 && t->error.code == JC_OK)
			jc_fail(&t->error, JC_EINTERNAL, NULL, NULL, "reading the table failed");
	}
	if (t->last < 0 && err && err->code == JC_OK)
		*err = t->error;
	memset(row, 0, sizeof(*row));
	return t->last;
}

void table_close(struct table *t)
{
	if (t)
		t->ops->close(t);
}
