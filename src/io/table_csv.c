/*
 * table_csv.c - the CSV back end of the table reader.
 *
 * libcsv splits the bytes into cells with RFC 4180 quoting, strictly: a quote out of place is an
 * error naming the line rather than a guess that shifts columns. Spaces are part of a cell. The
 * input is read in 64 KiB chunks and checked as UTF-8 on the way in; a sequence cut by the end of
 * a chunk waits for the next one. A file that is not UTF-8 (decided on its first chunk at open,
 * or later as long as no row was handed out) is taken as GB18030, the encoding of Excel's "CSV"
 * on a Chinese system: it is converted whole with iconv and parsed from memory.
 *
 * libcsv reports every cell of a chunk in one call, so completed rows wait in a queue of
 * growable arrays (cell bytes, offsets, lengths, rows) that are reused chunk after chunk: once
 * they have grown, reading allocates nothing per cell or per row.
 *
 * A record's line is 1 + the line breaks before it (LF, CRLF or a lone CR), those inside quoted
 * cells included: what a text editor shows.
 */
#define JC_TABLE_BACKEND
#include "io/table.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"

#define CHUNK (64u << 10)
#define CELL_MAX (1u << 20)        /* bytes in one cell (Excel's own limit is 32767 characters) */
#define ROW_MAX (64u << 20)        /* bytes in one record */
#define CELLS_MAX 16384            /* cells in one record, Excel's column count */
#define CONVERT_MAX (512u << 20)   /* bytes of a GB18030 file, converted in memory */

struct csv_row {
	size_t first; /* index of its first cell in offs and lens */
	size_t count;
	long line;
};

struct csv_table {
	struct table base;
	struct csv_parser parser;

	/* Input: a file read chunk by chunk, or memory (borrowed, or the converted text). */
	int fd;
	unsigned char *chunk; /* CHUNK bytes for a file; the first `have` are unparsed input */
	size_t have;
	bool eof;             /* read() returned 0 */
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	unsigned char *converted; /* owned: the file as UTF-8 after a GB18030 conversion */
	bool started;         /* the BOM check is done */
	bool finished;        /* csv_fini has run: the queue holds the last rows */

	/* Where the parser is, in lines. */
	long line;            /* line of the next byte libcsv has not yet reported on */
	bool after_cr;        /* the last event was a record ended by CR (a CRLF's LF is no line) */
	bool in_row;          /* cells of an unfinished record sit at the end of the queue */
	long row_line;
	size_t row_first;     /* its first cell */
	size_t row_bytes;     /* where its bytes start */

	/* The queue: cell bytes, each cell NUL-terminated; cells; complete rows. */
	char *bytes;
	size_t nbytes, abytes;
	size_t *offs, *lens;
	size_t ncells, acells;
	struct csv_row *rows;
	size_t nrows, arows, head;
	const char **ptrs;    /* what table_row.cells points to */
	size_t aptrs;
	long handed;          /* rows returned so far */

	/* A failure met while parsing; reported once the rows before it are read. */
	struct jc_error fail;
};


/*
 * Returns the length of the longest prefix of s made of whole, valid UTF-8 sequences (no
 * overlong forms, surrogates or code points past U+10FFFF). *bad tells whether what follows is
 * invalid, rather than a sequence cut short by the end of s.
 */
static size_t utf8_prefix(const unsigned char *s, size_t n, bool *bad)
{
	size_t i = 0;
	*bad = false;
	while (i < n) {
		if (s[i] < 0x80) {
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		unsigned char b = s[i], lo = 0x80, hi = 0xbf;
		size_t more;
		if (b >= 0xc2 && b <= 0xdf) {
			more = 1;
		} else if (b >= 0xe0 && b <= 0xef) {
			more = 2;
			if (b == 0xe0)
				lo = 0xa0;
			else if (b == 0xed)
				hi = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			more = 3;
			if (b == 0xf0)
				lo = 0x90;
			else if (b == 0xf4)
				hi = 0x8f;
		} else {
			*bad = true;
			return i;
		}
		for (size_t k = 1; k <= more; k++) {
			if (i + k >= n)
				return i;
			unsigned char x = s[i + k];
			if (x < lo || x > hi) {
				*bad = true;
				return i;
			}
			lo = 0x80;
			hi = 0xbf;
		}
		i += more + 1;
	}
	return i;
}

/* Line breaks inside a cell: LF, CRLF, or a lone CR. */
static long breaks(const char *s, size_t n)
{
	if (!memchr(s, '\n', n) && !memchr(s, '\r', n))
		return 0;
	long count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			count++;
		else if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			count++;
	}
	return count;
}

/* The line of the record the parser is in (or about to start), for messages. */
static long current_line(const struct csv_table *c)
{
	return c->in_row ? c->row_line : c->line;
}

/* libcsv's field callback: appends a cell to the unfinished record. */
static void on_cell(void *s, size_t len, void *data)
{
	struct csv_table *c = data;
	if (c->fail.code)
		return;
	if (!c->in_row) {
		c->in_row = true;
		c->row_line = c->line;
		c->row_first = c->ncells;
		c->row_bytes = c->nbytes;
	}
	c->after_cr = false;
	if (c->ncells - c->row_first >= CELLS_MAX) {
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: more than %d cells in one record", c->row_line, CELLS_MAX);
		return;
	}
	if (len > CELL_MAX || c->nbytes - c->row_bytes + len > ROW_MAX) {
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: a cell or record is too long (a quote left open?)", c->row_line);
		return;
	}
	if (len)
		c->line += breaks(s, len);
	if (c->ncells == c->acells) {
		size_t a = c->acells;
		c->offs = xgrow(c->offs, &a, c->ncells + 1, sizeof(*c->offs));
		c->lens = xgrow(c->lens, &c->acells, c->ncells + 1, sizeof(*c->lens));
	}
	if (c->abytes - c->nbytes < len + 1)
		c->bytes = xgrow(c->bytes, &c->abytes, c->nbytes + len + 1, 1);
	if (len)
		memcpy(c->bytes + c->nbytes, s, len);
	c->bytes[c->nbytes + len] = '\0';
	c->offs[c->ncells] = c->nbytes;
	c->lens[c->ncells] = len;
	c->ncells++;
	c->nbytes += len + 1;
}

/* libcsv's record callback (term is the CR or LF that ended it, -1 at the end of the input):
 * queues the record without its trailing empty cells, or forgets it when nothing is left. */
static void on_record(int term, void *data)
{
	struct csv_table *c = data;
	if (term == '\n' && c->after_cr) {
		c->after_cr = false;
		return;
	}
	c->after_cr = term == '\r';
	if (term == '\r' || term == '\n')
		c->line++;
	if (!c->in_row)
		return;
	c->in_row = false;
	if (c->fail.code)
		return;
	size_t n = c->ncells - c->row_first;
	while (n && c->lens[c->row_first + n - 1] == 0)
		n--;
	c->ncells = c->row_first + n;
	if (!n) {
		c->nbytes = c->row_bytes;
		return;
	}
	c->nbytes = c->offs[c->ncells - 1] + c->lens[c->ncells - 1] + 1;
	if (c->nrows == c->arows)
		c->rows = xgrow(c->rows, &c->arows, c->nrows + 1, sizeof(*c->rows));
	c->rows[c->nrows++] = (struct csv_row){ c->row_first, n, c->row_line };
}

/* Empties the queue once every row in it was read, keeping an unfinished record's cells. */
static void queue_restart(struct csv_table *c)
{
	c->nrows = c->head = 0;
	if (!c->in_row) {
		c->ncells = c->nbytes = 0;
		return;
	}
	if (!c->row_first && !c->row_bytes)
		return;
	size_t n = c->ncells - c->row_first;
	memmove(c->bytes, c->bytes + c->row_bytes, c->nbytes - c->row_bytes);
	for (size_t i = 0; i < n; i++) {
		c->offs[i] = c->offs[c->row_first + i] - c->row_bytes;
		c->lens[i] = c->lens[c->row_first + i];
	}
	c->ncells = n;
	c->nbytes -= c->row_bytes;
	c->row_first = c->row_bytes = 0;
}

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void parser_start(struct csv_table *c)
{
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	csv_set_space_func(&c->parser, no_space);
	csv_set_realloc_func(&c->parser, xrealloc);
	csv_set_blk_size(&c->parser, 16u << 10);
}

static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Reads the whole file from its start into a new buffer (the caller frees it). */
static enum jc_err slurp(int fd, unsigned char **out, size_t *len, struct jc_error *err)
{
	size_t n = 0, alloc = CHUNK;
	unsigned char *p = xmalloc(alloc);
	for (;;) {
		if (n == alloc) {
			if (alloc > CONVERT_MAX) {
				free(p);
				return jc_fail(err, JC_ETOOBIG, NULL, NULL,
					       "the file is not UTF-8 and too large to convert "
					       "from GB18030 (over %u MiB); save it as CSV UTF-8",
					       CONVERT_MAX >> 20);
			}
			alloc *= 2;
			p = xrealloc(p, alloc);
		}
		ssize_t r = pread(fd, p + n, alloc - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(p);
			return jc_fail(err, JC_EINTERNAL, NULL, NULL, "reading the CSV file failed: %s",
				       strerror(errno));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = p;
	*len = n;
	return JC_OK;
}

static long line_of(const unsigned char *s, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == off || s[i + 1] != '\n')))
			line++;
	return line;
}

/* Converts GB18030 text to UTF-8 in a new buffer (the caller frees it). */
static enum jc_err gb18030_to_utf8(const unsigned char *in, size_t len, unsigned char **out,
				   size_t *out_len, struct jc_error *err)
{
	if (len > CONVERT_MAX)
		return jc_fail(err, JC_ETOOBIG, NULL, NULL,
			       "the file is not UTF-8 and too large to convert from GB18030 "
			       "(over %u MiB); save it as CSV UTF-8", CONVERT_MAX >> 20);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL,
			       "converting from GB18030 failed: %s", strerror(errno));
	size_t alloc = len + len / 2 + 16;
	char *buf = xmalloc(alloc);
	char *ip = (char *)in, *op = buf;
	size_t ileft = len, oleft = alloc;
	enum jc_err e = JC_OK;
	while (ileft) {
		if (iconv(cd, &ip, &ileft, &op, &oleft) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			alloc *= 2;
			buf = xrealloc(buf, alloc);
			op = buf + used;
			oleft = alloc - used;
			continue;
		}
		e = jc_fail(err, JC_EINVAL, NULL, NULL,
			    "the file is neither UTF-8 nor GB18030 text (line %ld has bytes that "
			    "are neither); save it as CSV UTF-8",
			    line_of(in, (size_t)(ip - (const char *)in)));
		break;
	}
	iconv_close(cd);
	if (e) {
		free(buf);
		return e;
	}
	*out = (unsigned char *)buf;
	*out_len = (size_t)(op - buf);
	return JC_OK;
}

/*
 * Starts over on the whole input converted from GB18030; only while no row was handed out.
 * On failure c->fail says why.
 */
static void switch_to_gb18030(struct csv_table *c)
{
	unsigned char *whole = NULL, *utf8 = NULL;
	const unsigned char *in = c->mem;
	size_t in_len = c->mem_len, utf8_len = 0;
	if (c->fd >= 0) {
		if (slurp(c->fd, &whole, &in_len, &c->fail))
			return;
		in = whole;
	}
	enum jc_err e = gb18030_to_utf8(in, in_len, &utf8, &utf8_len, &c->fail);
	free(whole);
	if (e)
		return;
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	csv_free(&c->parser);
	parser_start(c);
	free(c->converted);
	c->converted = utf8;
	c->mem = utf8;
	c->mem_len = utf8_len;
	c->mem_pos = 0;
	c->have = 0;
	c->started = false;
	c->line = 1;
	c->after_cr = c->in_row = false;
	c->nrows = c->head = c->ncells = c->nbytes = 0;
}

static void parse(struct csv_table *c, const unsigned char *p, size_t n)
{
	size_t used = csv_parse(&c->parser, p, n, on_cell, on_record, c);
	if (c->fail.code)
		return;
	if (used != n || csv_error(&c->parser) != CSV_SUCCESS) {
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: a quote out of place (a cell holding quotes, commas or line "
			"breaks must be enclosed in quotes, and its own quotes doubled)",
			current_line(c));
		return;
	}
	if (c->parser.entry_pos > CELL_MAX)
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: a cell is too long (a quote left open?)", current_line(c));
}

/* Parses the next piece of input into the queue; sets c->finished at the end, c->fail on a
 * failure. */
static void feed(struct csv_table *c)
{
	const unsigned char *p;
	size_t n;
	bool last;
	if (c->fd >= 0) {
		if (!c->eof && c->have < CHUNK) {
			ssize_t r;
			do
				r = read(c->fd, c->chunk + c->have, CHUNK - c->have);
			while (r < 0 && errno == EINTR);
			if (r < 0) {
				jc_fail(&c->fail, JC_EINTERNAL, NULL, NULL,
					"reading the CSV file failed: %s", strerror(errno));
				return;
			}
			c->eof = r == 0;
			c->have += (size_t)r;
		}
		p = c->chunk;
		n = c->have;
		last = c->eof;
	} else {
		p = c->mem + c->mem_pos;
		n = c->mem_len - c->mem_pos;
		if (n > CHUNK)
			n = CHUNK;
		last = c->mem_pos + n == c->mem_len;
	}

	size_t skip = 0;
	if (!c->started) {
		if (n < 3 && !last)
			return;
		c->started = true;
		if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
			skip = 3;
	}
	bool bad;
	size_t ok = skip + utf8_prefix(p + skip, n - skip, &bad);
	if (last && ok < n)
		bad = true;
	if (bad && !c->converted && !c->handed) {
		switch_to_gb18030(c);
		return;
	}
	if (ok > skip)
		parse(c, p + skip, ok - skip);
	if (c->fd >= 0) {
		memmove(c->chunk, c->chunk + ok, c->have - ok);
		c->have -= ok;
	} else {
		c->mem_pos += ok;
	}
	if (c->fail.code)
		return;
	if (bad) {
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: not valid UTF-8, though the lines before it were; "
			"save the whole file as CSV UTF-8", current_line(c));
		return;
	}
	if (!last)
		return;
	long line = current_line(c);
	if (csv_fini(&c->parser, on_cell, on_record, c) != 0 && !c->fail.code)
		jc_fail(&c->fail, JC_EINVAL, NULL, NULL,
			"line %ld: a quote opened here is never closed", line);
	c->finished = true;
}

static int csv_next(struct table *t, struct table_row *row, struct jc_error *err)
{
	struct csv_table *c = (struct csv_table *)t;
	while (c->head == c->nrows) {
		if (c->fail.code) {
			jc_error_pass(err, &c->fail);
			return -1;
		}
		if (c->finished)
			return 0;
		queue_restart(c);
		feed(c);
	}
	const struct csv_row *r = &c->rows[c->head++];
	if (r->count > c->aptrs)
		c->ptrs = xgrow(c->ptrs, &c->aptrs, r->count, sizeof(*c->ptrs));
	for (size_t i = 0; i < r->count; i++)
		c->ptrs[i] = c->bytes + c->offs[r->first + i];
	row->count = r->count;
	row->cells = c->ptrs;
	row->lens = c->lens + r->first;
	row->line = r->line;
	c->handed++;
	return 1;
}

static void csv_close(struct table *t)
{
	struct csv_table *c = (struct csv_table *)t;
	csv_free(&c->parser);
	if (c->fd >= 0)
		close(c->fd);
	free(c->chunk);
	free(c->converted);
	free(c->bytes);
	free(c->offs);
	free(c->lens);
	free(c->rows);
	free(c->ptrs);
	free(c);
}

static const struct table_ops csv_ops = {
	.next = csv_next,
	.close = csv_close,
};

enum jc_err table_csv_open(const struct table_source *src, struct table **out,
			   struct jc_error *err)
{
	struct csv_table *c = xcalloc(1, sizeof(*c));
	c->base.ops = &csv_ops;
	c->fd = src->fd;
	c->mem = src->data;
	c->mem_len = src->len;
	c->line = 1;
	parser_start(c);

	/* Decide the encoding on the first chunk, BOM aside. */
	const unsigned char *head = c->mem;
	size_t n = c->mem_len < CHUNK ? c->mem_len : CHUNK;
	bool at_end = n == c->mem_len;
	if (c->fd >= 0) {
		c->chunk = xmalloc(CHUNK);
		ssize_t r = read_full(c->fd, c->chunk, CHUNK);
		if (r < 0) {
			enum jc_err e = jc_fail(err, JC_EINTERNAL, NULL, NULL,
						"reading the CSV file failed: %s", strerror(errno));
			csv_close(&c->base);
			return e;
		}
		c->have = (size_t)r;
		c->eof = c->have < CHUNK;
		head = c->chunk;
		n = c->have;
		at_end = c->eof;
	}
	if (n >= 2 && ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff))) {
		enum jc_err e = jc_fail(err, JC_EINVAL, NULL, NULL,
					"the file is UTF-16 text (Excel's \"Unicode Text\"); "
					"save it as CSV UTF-8");
		csv_close(&c->base);
		return e;
	}
	size_t skip = n >= 3 && !memcmp(head, "\xef\xbb\xbf", 3) ? 3 : 0;
	bool bad;
	size_t ok = skip + utf8_prefix(head + skip, n - skip, &bad);
	if (bad || (at_end && ok < n)) {
		switch_to_gb18030(c);
		if (c->fail.code) {
			enum jc_err e = jc_error_pass(err, &c->fail);
			csv_close(&c->base);
			return e;
		}
	}
	*out = &c->base;
	return JC_OK;
}
