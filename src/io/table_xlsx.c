/*
 * table_xlsx.c - the XLSX back end of the table reader: the first worksheet of a workbook.
 *
 * Opening reads the small parts whole through expat: xl/workbook.xml and its relationships name
 * the first worksheet (xl/worksheets/sheet1.xml when they say nothing usable), xl/styles.xml
 * tells which cell styles show dates, xl/sharedStrings.xml holds the strings that cells refer to
 * by index. The worksheet itself is streamed: 64 KiB of XML at a time goes to expat, which is
 * suspended at the end of each non-empty row and resumed on the next table_next(), so only one
 * row is ever held.
 *
 * A workbook is a file from outside, so every part's size is capped while it is inflated (a
 * small ZIP can hold gigabytes), a document type declaration is refused (no entities beyond
 * XML's own, hence no expansion), columns stop at XFD (16384), a row, a cell and the whole sheet
 * have size limits, and every index (shared string, style) is checked.
 *
 * Values: shared and inline strings as text (rich-text runs joined, phonetic runs left out,
 * _xHHHH_ escapes decoded), numbers as written in the file less a ".0" tail, booleans as
 * "true"/"false", numbers in a date style as "YYYY-MM-DD" from the serial day (1900 system with
 * Excel's phantom 1900-02-29, or the 1904 system when the workbook says so).
 */
#define JC_TABLE_BACKEND
#include "io/table.h"

#include <expat.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "base/date.h"
#include "base/mem.h"

#define CHUNK (64u << 10)
#define SHEET_MAX (512u << 20)   /* inflated bytes of the worksheet part */
#define STRINGS_MAX (64u << 20)  /* of xl/sharedStrings.xml */
#define META_MAX (16u << 20)     /* of the workbook, its relationships, the styles */
#define COLS_MAX 16384           /* column XFD */
#define ROWNUM_MAX 1048576       /* Excel's last row */
#define CELL_MAX (1u << 20)      /* bytes of one value (Excel stops at 32767 characters) */
#define ROW_MAX (64u << 20)      /* bytes of one row's values */
#define CELLS_MAX 100000000L     /* cells in the sheet, gaps filled in included */
#define SERIAL_MAX 2958465L      /* 9999-12-31 in the 1900 date system */
#define SERIAL_1904 1462L        /* 1904-01-01 in the 1900 date system */

struct sheet_rel {
	char *id;
	char *target;
};

struct num_fmt {
	unsigned long id;
	bool date;
};

struct xlsx_table {
	struct table base;
	zip_t *za;
	char *chunk;              /* CHUNK bytes of XML on their way to the parser */
	XML_Parser xp;            /* the parser of the part being read */
	const char *part;         /* its name, for messages (borrowed) */
	char *sheet_part;         /* the worksheet's name */
	struct jc_error fail;     /* set by a handler, which then stops the parser */
	struct buf *collect;      /* where character data goes, or NULL */

	/* xl/workbook.xml and its relationships (needed while opening only) */
	char **sheet_ids;
	size_t nsheet_ids, asheet_ids;
	struct sheet_rel *rels;
	size_t nrels, arels;
	bool date1904;

	/* xl/styles.xml */
	struct num_fmt *fmts;
	size_t nfmts, afmts;
	unsigned long *xf_fmt;    /* numFmtId of each cell style (cellXfs), while opening */
	bool *xf_date;            /* whether each cell style shows a date */
	size_t nxf, axf;
	bool in_cellxfs;

	/* xl/sharedStrings.xml: the strings back to back, each NUL-terminated */
	struct buf sst;
	uint32_t *sst_off;
	size_t nsst, asst;
	bool in_si;
	int rph;                  /* depth of phonetic runs, whose text is not the value */

	/* the worksheet, streamed */
	zip_file_t *zf;
	zip_uint64_t sheet_read;
	bool suspended, final, done;
	bool in_data, in_row, in_cell, in_is;
	long row_num;
	long col;                 /* 1-based column of the cell being read, or the last one */
	char ctype;               /* 'n' number, 's' shared, 'i' inline, 'f' formula string,
				     'b' boolean, 'e' error, 'd' ISO date */
	bool cdate;               /* the cell's style shows a date */
	long cells_total;
	struct buf val;           /* text of the cell being read */
	struct buf text;          /* the row's values, each NUL-terminated */
	size_t *offs, *lens;
	size_t ncells, acells;
	const char **ptrs;
	size_t aptrs;
	bool row_ready;
};


/* Records a failure found inside a handler and stops the parser for good. */
__attribute__((format(printf, 3, 4)))
static void stop(struct xlsx_table *x, enum jc_err code, const char *fmt, ...)
{
	char msg[sizeof(x->fail.message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jc_fail(&x->fail, code, NULL, NULL, "%s", msg);
	XML_StopParser(x->xp, XML_FALSE);
}

/* ---- small parsers ---- */

/*
 * Element names without their prefix ("x:c" is "c"). The parts are read without namespace
 * processing, which costs expat a third of its time; no two elements these readers look at share
 * a local name across namespaces.
 */
static const char *local_name(const XML_Char *name)
{
	const char *colon = strchr(name, ':');
	return colon ? colon + 1 : name;
}

/* The value of the attribute name without a prefix, or NULL. */
static const char *attr(const XML_Char **atts, const char *name)
{
	for (; *atts; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

/* The value of a prefixed attribute with that local name (r:id), or NULL. */
static const char *attr_ns(const XML_Char **atts, const char *name)
{
	for (; *atts; atts += 2) {
		const char *colon = strchr(atts[0], ':');
		if (colon && strncmp(atts[0], "xmlns:", 6) && !strcmp(colon + 1, name))
			return atts[1];
	}
	return NULL;
}

/* Decimal digits only, at most max. */
static bool parse_ulong(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* The column of a cell reference such as "C7" (1-based), or -1. */
static long ref_column(const char *r)
{
	long col = 0;
	int letters = 0;
	for (; *r >= 'A' && *r <= 'Z'; r++) {
		if (++letters > 3)
			return -1;
		col = col * 26 + (*r - 'A' + 1);
	}
	if (!letters || *r < '1' || *r > '9')
		return -1;
	while (*r >= '0' && *r <= '9')
		r++;
	return *r ? -1 : col;
}

/* "C7" from column 3 and row 7, for messages. */
static void cell_name(long col, long row, char out[24])
{
	char letters[4];
	int n = 0;
	for (; col > 0 && n < 3; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	int k = 0;
	while (n)
		out[k++] = letters[--n];
	snprintf(out + k, 24 - (size_t)k, "%ld", row);
}

static size_t put_utf8(char *p, unsigned cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xc0 | cp >> 6);
		p[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	p[0] = (char)(0xe0 | cp >> 12);
	p[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	p[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes in place the _xHHHH_ escapes of OOXML strings (ST_Xstring: "_x000D_" is a CR,
 * "_x005F_" an underscore) and returns the new length; an escape never grows.
 */
static size_t unescape_x(char *s, size_t n)
{
	const char *u = n >= 7 ? memchr(s, '_', n) : NULL;
	while (u && (size_t)(u - s) + 1 < n && u[1] != 'x')
		u = memchr(u + 1, '_', n - (size_t)(u + 1 - s));
	if (!u || (size_t)(u - s) + 1 >= n)
		return n;
	size_t r = 0, w = 0;
	while (r < n) {
		if (s[r] == '_' && r + 7 <= n && s[r + 1] == 'x' && s[r + 6] == '_') {
			unsigned cp = 0;
			int k;
			for (k = 2; k < 6; k++) {
				int h = hex_digit(s[r + k]);
				if (h < 0)
					break;
				cp = cp << 4 | (unsigned)h;
			}
			if (k == 6 && cp && (cp < 0xd800 || cp > 0xdfff)) {
				w += put_utf8(s + w, cp);
				r += 7;
				continue;
			}
		}
		s[w++] = s[r++];
	}
	return w;
}

/*
 * Whether a number format code shows a date: d, m or y outside quoted text, [brackets] and
 * escaped characters; m alone means minutes when h or s appear ("h:mm", "mm:ss").
 */
static bool format_is_date(const char *code)
{
	bool dy = false, m = false, hs = false;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			if (!p)
				return dy || (m && !hs);
			break;
		case '[': {
			const char *end = strchr(p, ']');
			if (!end)
				return dy || (m && !hs);
			if (strspn(p + 1, "hHmMsS") == (size_t)(end - p - 1))
				hs = true; /* elapsed time: [h], [mm], [ss] */
			p = end;
			break;
		}
		case '\\':
		case '_':
		case '*':
			if (!p[1])
				return dy || (m && !hs);
			p++;
			break;
		case 'A':
		case 'a':
			if (!strncasecmp(p, "AM/PM", 5))
				p += 4, hs = true;
			else if (!strncasecmp(p, "A/P", 3))
				p += 2, hs = true;
			break;
		case 'd': case 'D': case 'y': case 'Y':
			dy = true;
			break;
		case 'm': case 'M':
			m = true;
			break;
		case 'h': case 'H': case 's': case 'S':
			hs = true;
			break;
		}
	}
	return dy || (m && !hs);
}

/*
 * Built-in number formats that show dates (ECMA-376 Part 1, 18.8.30): 14-22 and 45-47 in every
 * locale, 27-36 and 50-58 in the Chinese (and other East Asian) locales, whose workbooks refer
 * to them without spelling them out.
 */
static bool builtin_is_date(unsigned long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* "YYYY-MM-DD" for an Excel serial day number written as text; false when it is none. */
static bool serial_to_date(const char *v, bool date1904, char out[11])
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end)
		return false;
	double lo = date1904 ? 0 : 1, hi = (double)(SERIAL_MAX + 1 - (date1904 ? SERIAL_1904 : 0));
	if (!(d >= lo && d < hi))
		return false;
	long days = (long)d;
	if (date1904) {
		days += SERIAL_1904;
	} else if (days == 60) {
		memcpy(out, "1900-02-29", 11); /* Lotus 1-2-3's leap day, which Excel kept */
		return true;
	} else if (days < 60) {
		days++;
	}
	date_format(date_from_ymd(1899, 12, 30) + (int)days, out);
	return true;
}

/* The length of a number as written, less a fraction of zeros: "12.0" is "12". */
static size_t tidy_number(const char *v, size_t n)
{
	size_t i = v[0] == '-';
	size_t first = i;
	while (i < n && v[i] >= '0' && v[i] <= '9')
		i++;
	if (i == first || i == n || v[i] != '.')
		return n;
	size_t dot = i++;
	while (i < n && v[i] == '0')
		i++;
	return i == n ? dot : n;
}

/* ---- expat plumbing ---- */

static void on_text(void *data, const XML_Char *s, int len)
{
	struct xlsx_table *x = data;
	if (!x->collect || x->fail.code)
		return;
	if (buf_add(x->collect, s, (size_t)len)) {
		if (x->collect == &x->sst) {
			stop(x, JC_EINVAL, "the shared strings of the workbook exceed %u MiB",
			     STRINGS_MAX >> 20);
		} else {
			char name[24];
			cell_name(x->col, x->row_num, name);
			stop(x, JC_EINVAL, "row %ld: cell %s holds more than %u KiB", x->row_num,
			     name, CELL_MAX >> 10);
		}
	}
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int has_internal_subset)
{
	struct xlsx_table *x = data;
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	stop(x, JC_EINVAL, "%s in the workbook has a document type declaration, which no "
	     "workbook has", x->part);
}

static void no_end(void *data, const XML_Char *name)
{
	(void)data, (void)name;
}

static XML_Parser new_parser(struct xlsx_table *x, const char *part,
			     XML_StartElementHandler start, XML_EndElementHandler end)
{
	static const XML_Memory_Handling_Suite mem = { xmalloc, xrealloc, free };
	XML_Parser xp = XML_ParserCreate_MM(NULL, &mem, NULL);
	if (!xp)
		abort();
	XML_SetUserData(xp, x);
	XML_SetElementHandler(xp, start, end);
	XML_SetCharacterDataHandler(xp, on_text);
	XML_SetStartDoctypeDeclHandler(xp, on_doctype);
	XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER);
	x->xp = xp;
	x->part = part;
	x->collect = NULL;
	return xp;
}

static enum jc_err xml_failure(struct xlsx_table *x, struct jc_error *err)
{
	if (x->fail.code)
		return jc_error_pass(err, &x->fail);
	return jc_fail(err, JC_EINVAL, NULL, NULL,
		       "%s in the workbook is not well-formed XML (line %lu: %s)", x->part,
		       (unsigned long)XML_GetCurrentLineNumber(x->xp),
		       XML_ErrorString(XML_GetErrorCode(x->xp)));
}

static zip_file_t *open_part(struct xlsx_table *x, const char *name, bool *found,
			     struct jc_error *err)
{
	zip_int64_t i = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	*found = i >= 0;
	if (i < 0)
		return NULL;
	zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)i, 0);
	if (!zf)
		jc_fail(err, JC_EINVAL, NULL, NULL, "reading %s in the workbook failed: %s", name,
			zip_strerror(x->za));
	return zf;
}

/* Reads a whole part through a parser with these handlers; *found = false when it is absent. */
static enum jc_err parse_part(struct xlsx_table *x, const char *name, zip_uint64_t cap,
			      XML_StartElementHandler start, XML_EndElementHandler end,
			      bool *found, struct jc_error *err)
{
	zip_file_t *zf = open_part(x, name, found, err);
	if (!zf)
		return *found ? JC_EINVAL : JC_OK;
	new_parser(x, name, start, end);
	zip_uint64_t total = 0;
	enum jc_err e = JC_OK;
	for (;;) {
		zip_int64_t n = zip_fread(zf, x->chunk, CHUNK);
		if (n < 0) {
			e = jc_fail(err, JC_EINVAL, NULL, NULL,
				    "reading %s in the workbook failed: %s", name,
				    zip_file_strerror(zf));
			break;
		}
		total += (zip_uint64_t)n;
		if (total > cap) {
			e = jc_fail(err, JC_EINVAL, NULL, NULL,
				    "%s in the workbook is larger than %u MiB", name,
				    (unsigned)(cap >> 20));
			break;
		}
		if (XML_Parse(x->xp, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			e = xml_failure(x, err);
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->xp);
	x->xp = NULL;
	zip_fclose(zf);
	return e;
}

/* ---- workbook, relationships, styles, shared strings ---- */

static void workbook_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	if (!strcmp(l, "sheet")) {
		const char *id = attr_ns(atts, "id");
		if (!id)
			return;
		if (x->nsheet_ids == x->asheet_ids)
			x->sheet_ids = xgrow(x->sheet_ids, &x->asheet_ids, x->nsheet_ids + 1,
					    sizeof(*x->sheet_ids));
		x->sheet_ids[x->nsheet_ids++] = xstrdup(id);
	} else if (!strcmp(l, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	}
}

static void rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_table *x = data;
	if (strcmp(local_name(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
	static const char suffix[] = "/worksheet";
	size_t n = type ? strlen(type) : 0;
	if (!id || !target || !*target || (mode && !strcmp(mode, "External")) ||
	    n < sizeof(suffix) - 1 || strcmp(type + n - (sizeof(suffix) - 1), suffix))
		return;
	if (x->nrels == x->arels)
		x->rels = xgrow(x->rels, &x->arels, x->nrels + 1, sizeof(*x->rels));
	x->rels[x->nrels++] = (struct sheet_rel){ xstrdup(id), xstrdup(target) };
}

/* The part a relationship of xl/workbook.xml points to (the caller frees it). */
static char *target_part(const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	while (!strncmp(target, "./", 2))
		target += 2;
	size_t n = strlen(target);
	char *p = xmalloc(n + 4);
	memcpy(p, "xl/", 3);
	memcpy(p + 3, target, n + 1);
	return p;
}

/* The name of the first worksheet's part (the caller frees it). */
static enum jc_err find_sheet(struct xlsx_table *x, char **out, struct jc_error *err)
{
	bool found;
	enum jc_err e = parse_part(x, "xl/workbook.xml", META_MAX, workbook_start, no_end, &found,
				   err);
	if (!e && found)
		e = parse_part(x, "xl/_rels/workbook.xml.rels", META_MAX, rels_start, no_end,
			       &found, err);
	if (e)
		return e;
	*out = NULL;
	for (size_t i = 0; i < x->nsheet_ids && !*out; i++) {
		for (size_t k = 0; k < x->nrels; k++) {
			if (strcmp(x->rels[k].id, x->sheet_ids[i]))
				continue;
			char *name = target_part(x->rels[k].target);
			if (zip_name_locate(x->za, name, ZIP_FL_NOCASE) >= 0) {
				*out = name;
				break;
			}
			free(name);
		}
	}
	if (!*out && zip_name_locate(x->za, "xl/worksheets/sheet1.xml", ZIP_FL_NOCASE) >= 0)
		*out = xstrdup("xl/worksheets/sheet1.xml");
	if (!*out)
		return jc_fail(err, JC_EINVAL, NULL, NULL,
			       "the file holds no worksheet: it is a ZIP archive but not an Excel "
			       "workbook");
	return JC_OK;
}

static void styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	unsigned long id = 0;
	const char *v = attr(atts, "numFmtId");
	if (v && !parse_ulong(v, strlen(v), 0xffffffffUL, &id))
		id = 0;
	if (!strcmp(l, "numFmt")) {
		const char *code = attr(atts, "formatCode");
		if (!v || !code)
			return;
		if (x->nfmts == x->afmts)
			x->fmts = xgrow(x->fmts, &x->afmts, x->nfmts + 1, sizeof(*x->fmts));
		x->fmts[x->nfmts++] = (struct num_fmt){ id, format_is_date(code) };
	} else if (!strcmp(l, "cellXfs")) {
		x->in_cellxfs = true;
	} else if (x->in_cellxfs && !strcmp(l, "xf")) {
		if (x->nxf == x->axf)
			x->xf_fmt = xgrow(x->xf_fmt, &x->axf, x->nxf + 1, sizeof(*x->xf_fmt));
		x->xf_fmt[x->nxf++] = id;
	}
}

static void styles_end(void *data, const XML_Char *name)
{
	struct xlsx_table *x = data;
	if (!strcmp(local_name(name), "cellXfs"))
		x->in_cellxfs = false;
}

static enum jc_err load_styles(struct xlsx_table *x, struct jc_error *err)
{
	bool found;
	enum jc_err e = parse_part(x, "xl/styles.xml", META_MAX, styles_start, styles_end, &found,
				   err);
	if (e)
		return e;
	x->xf_date = xcalloc(x->nxf ? x->nxf : 1, sizeof(*x->xf_date));
	for (size_t i = 0; i < x->nxf; i++) {
		bool date = builtin_is_date(x->xf_fmt[i]);
		for (size_t k = 0; k < x->nfmts; k++)
			if (x->fmts[k].id == x->xf_fmt[i])
				date = x->fmts[k].date;
		x->xf_date[i] = date;
	}
	free(x->xf_fmt);
	x->xf_fmt = NULL;
	free(x->fmts);
	x->fmts = NULL;
	return JC_OK;
}

static void strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	(void)atts;
	if (x->fail.code)
		return;
	if (!strcmp(l, "si")) {
		if (x->nsst == x->asst)
			x->sst_off = xgrow(x->sst_off, &x->asst, x->nsst + 1, sizeof(*x->sst_off));
		x->sst_off[x->nsst++] = (uint32_t)x->sst.len;
		x->in_si = true;
		x->rph = 0;
	} else if (!strcmp(l, "rPh")) {
		x->rph++;
	} else if (!strcmp(l, "t") && x->in_si && !x->rph) {
		x->collect = &x->sst;
	}
}

static void strings_end(void *data, const XML_Char *name)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	if (x->fail.code)
		return;
	if (!strcmp(l, "t")) {
		x->collect = NULL;
	} else if (!strcmp(l, "rPh")) {
		x->rph--;
	} else if (!strcmp(l, "si") && x->in_si) {
		size_t off = x->sst_off[x->nsst - 1];
		x->sst.len = off + unescape_x(x->sst.data + off, x->sst.len - off);
		if (buf_add(&x->sst, "", 1))
			stop(x, JC_EINVAL, "the shared strings of the workbook exceed %u MiB",
			     STRINGS_MAX >> 20);
		x->in_si = false;
	}
}

static enum jc_err load_strings(struct xlsx_table *x, struct jc_error *err)
{
	bool found;
	return parse_part(x, "xl/sharedStrings.xml", STRINGS_MAX, strings_start, strings_end,
			  &found, err);
}

/* ---- the worksheet ---- */

static void fail_cell(struct xlsx_table *x, const char *what)
{
	char name[24];
	cell_name(x->col, x->row_num, name);
	stop(x, JC_EINVAL, "row %ld: cell %s %s", x->row_num, name, what);
}

/* Appends a value to the row being built. */
static bool row_push(struct xlsx_table *x, const char *s, size_t n)
{
	if (++x->cells_total > CELLS_MAX) {
		stop(x, JC_EINVAL, "the worksheet has more than %ld cells", CELLS_MAX);
		return false;
	}
	if (x->ncells == x->acells) {
		size_t a = x->acells;
		x->offs = xgrow(x->offs, &a, x->ncells + 1, sizeof(*x->offs));
		x->lens = xgrow(x->lens, &x->acells, x->ncells + 1, sizeof(*x->lens));
	}
	size_t off = x->text.len;
	if (buf_add(&x->text, s, n) || buf_add(&x->text, "", 1)) {
		stop(x, JC_EINVAL, "row %ld holds more than %u MiB", x->row_num, ROW_MAX >> 20);
		return false;
	}
	x->offs[x->ncells] = off;
	x->lens[x->ncells] = n;
	x->ncells++;
	return true;
}

static void row_start(struct xlsx_table *x, const XML_Char **atts)
{
	const char *r = attr(atts, "r");
	unsigned long num = (unsigned long)x->row_num + 1;
	if (r && (!parse_ulong(r, strlen(r), ROWNUM_MAX, &num) || !num)) {
		stop(x, JC_EINVAL, "the worksheet has a bad row number \"%.32s\"", r);
		return;
	}
	if (num > ROWNUM_MAX) {
		stop(x, JC_EINVAL, "the worksheet has more than %d rows", ROWNUM_MAX);
		return;
	}
	x->row_num = (long)num;
	x->in_row = true;
	x->ncells = 0;
	x->col = 0;
	buf_reset(&x->text);
}

static void cell_start(struct xlsx_table *x, const XML_Char **atts)
{
	const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
	long col = x->col + 1;
	if (r) {
		col = ref_column(r);
		if (col < 0) {
			stop(x, JC_EINVAL, "row %ld: bad cell reference \"%.32s\"", x->row_num, r);
			return;
		}
	}
	if (col > COLS_MAX) {
		stop(x, JC_EINVAL, "row %ld: a cell lies past the last column, XFD", x->row_num);
		return;
	}
	if (col <= x->col) {
		x->col = col;
		fail_cell(x, "comes after a cell to its right");
		return;
	}
	x->col = col;
	if (!t || !strcmp(t, "n"))
		x->ctype = 'n';
	else if (!strcmp(t, "s"))
		x->ctype = 's';
	else if (!strcmp(t, "inlineStr"))
		x->ctype = 'i';
	else if (!strcmp(t, "str"))
		x->ctype = 'f';
	else if (!strcmp(t, "b"))
		x->ctype = 'b';
	else if (!strcmp(t, "e"))
		x->ctype = 'e';
	else if (!strcmp(t, "d"))
		x->ctype = 'd';
	else {
		fail_cell(x, "has an unknown type");
		return;
	}
	unsigned long style;
	x->cdate = s && parse_ulong(s, strlen(s), SIZE_MAX, &style) && style < x->nxf &&
		   x->xf_date[style];
	buf_reset(&x->val);
	x->in_cell = true;
	x->in_is = false;
	x->rph = 0;
}

static void cell_end(struct xlsx_table *x)
{
	x->in_cell = false;
	x->collect = NULL;
	const char *v = x->val.data;
	size_t n = x->val.len;
	char date[11];
	if (!n)
		return;
	switch (x->ctype) {
	case 's': {
		unsigned long i;
		if (!parse_ulong(v, n, SIZE_MAX, &i) || i >= x->nsst) {
			fail_cell(x, "refers to a shared string the workbook does not have");
			return;
		}
		v = x->sst.data + x->sst_off[i];
		n = (i + 1 < x->nsst ? x->sst_off[i + 1] : x->sst.len) - x->sst_off[i] - 1;
		break;
	}
	case 'i':
	case 'f':
		n = unescape_x(x->val.data, n);
		break;
	case 'b':
		if (n == 1 && (v[0] == '0' || v[0] == '1')) {
			v = v[0] == '1' ? "true" : "false";
			n = strlen(v);
		}
		break;
	case 'd': {
		const char *tee = memchr(v, 'T', n);
		if (tee)
			n = (size_t)(tee - v);
		break;
	}
	case 'e':
		break;
	default:
		if (x->cdate && serial_to_date(v, x->date1904, date)) {
			v = date;
			n = strlen(date);
		} else {
			n = tidy_number(v, n);
		}
		break;
	}
	if (!n)
		return;
	while (x->ncells + 1 < (size_t)x->col)
		if (!row_push(x, "", 0))
			return;
	row_push(x, v, n);
}

static void sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	if (x->fail.code)
		return;
	if (!x->in_data) {
		if (!strcmp(l, "sheetData"))
			x->in_data = true;
	} else if (!strcmp(l, "row")) {
		row_start(x, atts);
	} else if (!x->in_row) {
		return;
	} else if (!strcmp(l, "c")) {
		cell_start(x, atts);
	} else if (!x->in_cell) {
		return;
	} else if (!strcmp(l, "v")) {
		x->collect = &x->val;
	} else if (!strcmp(l, "is")) {
		x->in_is = true;
	} else if (!strcmp(l, "rPh")) {
		x->rph++;
	} else if (!strcmp(l, "t") && x->in_is && !x->rph) {
		x->collect = &x->val;
	}
}

static void sheet_end(void *data, const XML_Char *name)
{
	struct xlsx_table *x = data;
	const char *l = local_name(name);
	if (x->fail.code || !x->in_data)
		return;
	if (!strcmp(l, "v") || !strcmp(l, "t")) {
		x->collect = NULL;
	} else if (!strcmp(l, "rPh")) {
		x->rph--;
	} else if (!strcmp(l, "is")) {
		x->in_is = false;
	} else if (!strcmp(l, "c") && x->in_cell) {
		cell_end(x);
	} else if (!strcmp(l, "row") && x->in_row) {
		x->in_row = false;
		if (x->ncells) {
			x->row_ready = true;
			XML_StopParser(x->xp, XML_TRUE);
		}
	} else if (!strcmp(l, "sheetData")) {
		x->in_data = false;
	}
}

static int xlsx_next(struct table *t, struct table_row *row, struct jc_error *err)
{
	struct xlsx_table *x = (struct xlsx_table *)t;
	x->row_ready = false;
	while (!x->row_ready) {
		enum XML_Status st;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(x->xp);
		} else if (x->done) {
			return 0;
		} else {
			zip_int64_t n = zip_fread(x->zf, x->chunk, CHUNK);
			if (n < 0) {
				jc_fail(err, JC_EINVAL, NULL, NULL,
					"reading %s in the workbook failed: %s", x->part,
					zip_file_strerror(x->zf));
				return -1;
			}
			x->sheet_read += (zip_uint64_t)n;
			if (x->sheet_read > SHEET_MAX) {
				jc_fail(err, JC_EINVAL, NULL, NULL,
					"the worksheet is larger than %u MiB", SHEET_MAX >> 20);
				return -1;
			}
			x->final = n == 0;
			st = XML_Parse(x->xp, x->chunk, (int)n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			xml_failure(x, err);
			return -1;
		}
		if (st == XML_STATUS_SUSPENDED)
			x->suspended = true;
		else if (x->final)
			x->done = true;
	}
	if (x->ncells > x->aptrs)
		x->ptrs = xgrow(x->ptrs, &x->aptrs, x->ncells, sizeof(*x->ptrs));
	for (size_t i = 0; i < x->ncells; i++)
		x->ptrs[i] = x->text.data + x->offs[i];
	row->count = x->ncells;
	row->cells = x->ptrs;
	row->lens = x->lens;
	row->line = x->row_num;
	return 1;
}

static void xlsx_close(struct table *t)
{
	struct xlsx_table *x = (struct xlsx_table *)t;
	if (x->xp)
		XML_ParserFree(x->xp);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->za)
		zip_discard(x->za);
	for (size_t i = 0; i < x->nsheet_ids; i++)
		free(x->sheet_ids[i]);
	free(x->sheet_ids);
	for (size_t i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].target);
	}
	free(x->rels);
	free(x->fmts);
	free(x->xf_fmt);
	free(x->xf_date);
	buf_release(&x->sst);
	free(x->sst_off);
	buf_release(&x->val);
	buf_release(&x->text);
	free(x->offs);
	free(x->lens);
	free(x->ptrs);
	free(x->sheet_part);
	free(x->chunk);
	free(x);
}

static const struct table_ops xlsx_ops = {
	.next = xlsx_next,
	.close = xlsx_close,
};

static enum jc_err open_zip(struct xlsx_table *x, const struct table_source *src,
			    struct jc_error *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	if (src->fd >= 0) {
		int code = 0;
		x->za = zip_fdopen(src->fd, 0, &code);
		if (!x->za) {
			close(src->fd);
			zip_error_set(&ze, code, 0);
		}
	} else {
		zip_source_t *zs = zip_source_buffer_create(src->data, src->len, 0, &ze);
		if (zs) {
			x->za = zip_open_from_source(zs, ZIP_RDONLY, &ze);
			if (!x->za)
				zip_source_free(zs);
		}
	}
	enum jc_err e = JC_OK;
	if (!x->za)
		e = jc_fail(err, JC_EINVAL, NULL, NULL,
			    "the file is not a readable XLSX workbook (zip: %s)",
			    zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return e;
}

enum jc_err table_xlsx_open(const struct table_source *src, struct table **out,
			    struct jc_error *err)
{
	struct xlsx_table *x = xcalloc(1, sizeof(*x));
	x->base.ops = &xlsx_ops;
	x->chunk = xmalloc(CHUNK);
	buf_init(&x->sst, STRINGS_MAX);
	buf_init(&x->val, CELL_MAX);
	buf_init(&x->text, ROW_MAX);
	bool found;
	enum jc_err e = open_zip(x, src, err);
	if (!e)
		e = find_sheet(x, &x->sheet_part, err);
	if (!e)
		e = load_styles(x, err);
	if (!e)
		e = load_strings(x, err);
	if (!e) {
		x->zf = open_part(x, x->sheet_part, &found, err);
		if (!x->zf)
			e = jc_fail(err, JC_EINVAL, NULL, NULL, "the workbook lost its worksheet");
	}
	if (e) {
		xlsx_close(&x->base);
		return e;
	}
	new_parser(x, x->sheet_part, sheet_start, sheet_end);
	*out = &x->base;
	return JC_OK;
}
