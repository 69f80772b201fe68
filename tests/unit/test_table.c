/*
 * test_table.c - the table reader (src/io/table*.c) on files made here: CSV quoting and line
 * numbers, BOM, GB18030, chunk boundaries, malformed input; XLSX written with libxlsxwriter and
 * read back, hand-made hostile workbooks, corrupt ZIPs. Fixtures live in a mkdtemp() directory
 * that the group teardown removes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "base/mem.h"
#include "io/table.h"

static char dir[] = "/tmp/jc-table-XXXXXX";
static char *made[64];
static size_t nmade;

/* A path in the fixture directory, remembered for removal (the caller does not free it). */
static const char *fixture(const char *name)
{
	assert_true(nmade < sizeof(made) / sizeof(made[0]));
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	made[nmade++] = p;
	return p;
}

static const char *write_fixture(const char *name, const void *data, size_t len)
{
	const char *path = fixture(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b;
	buf_init(&b, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), 0);
	fclose(f);
	return buf_detach(&b, len);
}

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	return rmdir(dir);
}

/* Reads the next row and checks its line and cells (a NULL-terminated list). */
static void expect_row(struct table *t, long line, ...)
{
	struct table_row row;
	struct jc_error err = { 0 };
	int r = table_next(t, &row, &err);
	if (r != 1)
		fail_msg("expected the row at line %ld, got %d (%s)", line, r, err.message);
	assert_int_equal(row.line, line);
	va_list ap;
	va_start(ap, line);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		if (i >= row.count)
			fail_msg("line %ld: %zu cells, expected more", line, row.count);
		assert_string_equal(row.cells[i], want);
		assert_int_equal(row.lens[i], strlen(want));
	}
	va_end(ap);
	assert_int_equal(row.count, i);
}

static void expect_end(struct table *t)
{
	struct table_row row;
	struct jc_error err = { 0 };
	assert_int_equal(table_next(t, &row, &err), 0);
	assert_int_equal(err.code, JC_OK);
	assert_int_equal(table_next(t, &row, &err), 0);
}

/* Reads until the failure and checks its code and that the message holds want. */
static void expect_failure(struct table *t, enum jc_err code, const char *want)
{
	struct table_row row;
	struct jc_error err = { 0 };
	int r;
	while ((r = table_next(t, &row, &err)) == 1)
		;
	assert_int_equal(r, -1);
	assert_int_equal(err.code, code);
	if (!strstr(err.message, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, want);
	struct jc_error again = { 0 };
	assert_int_equal(table_next(t, &row, &again), -1);
	assert_int_equal(again.code, code);
}

static struct table *open_mem(const char *s, size_t len)
{
	struct table *t;
	struct jc_error err = { 0 };
	if (table_open_mem(s, len, TABLE_AUTO, &t, &err))
		fail_msg("open failed: %s", err.message);
	return t;
}

static struct table *open_path(const char *path)
{
	struct table *t;
	struct jc_error err = { 0 };
	if (table_open(path, TABLE_AUTO, &t, &err))
		fail_msg("open %s failed: %s", path, err.message);
	return t;
}

/* ---- CSV ---- */

static const char quoted_csv[] =
	"name,note\r\n"
	"\"Zhang, San\",\"said \"\"hi\"\"\r\nsecond line\"\r\n"
	"plain,\"multi\nline\ncell\"\n"
	"\"\",x,\" spaced \"\r"
	"last, y";

static void check_quoted(struct table *t)
{
	expect_row(t, 1, "name", "note", NULL);
	expect_row(t, 2, "Zhang, San", "said \"hi\"\r\nsecond line", NULL);
	expect_row(t, 4, "plain", "multi\nline\ncell", NULL);
	expect_row(t, 7, "", "x", " spaced ", NULL);
	expect_row(t, 8, "last", " y", NULL);
	expect_end(t);
}

static void test_csv_quoting_and_lines(void **state)
{
	(void)state;
	struct table *t = open_mem(quoted_csv, sizeof(quoted_csv) - 1);
	check_quoted(t);
	table_close(t);

	t = open_path(write_fixture("quoted.csv", quoted_csv, sizeof(quoted_csv) - 1));
	check_quoted(t);
	table_close(t);
}

static void test_csv_bom(void **state)
{
	(void)state;
	static const char s[] = "\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,b\n1,2\n";
	struct table *t = open_path(write_fixture("bom.csv", s, sizeof(s) - 1));
	expect_row(t, 1, "\xe5\xa7\x93\xe5\x90\x8d", "b", NULL);
	expect_row(t, 2, "1", "2", NULL);
	expect_end(t);
	table_close(t);
}

static void test_csv_gb18030(void **state)
{
	(void)state;
	/* "姓名,张三" as Excel saves it on a Chinese system */
	static const char s[] = "\xd0\xd5\xc3\xfb,\xd5\xc5\xc8\xfd\r\nabc,\"\xd5\xc5\"\r\n";
	struct table *t = open_path(write_fixture("gbk.csv", s, sizeof(s) - 1));
	expect_row(t, 1, "姓名", "张三", NULL);
	expect_row(t, 2, "abc", "张", NULL);
	expect_end(t);
	table_close(t);

	t = open_mem(s, sizeof(s) - 1);
	expect_row(t, 1, "姓名", "张三", NULL);
	table_close(t);
}

static void test_csv_neither_encoding(void **state)
{
	(void)state;
	static const char s[] = "a,b\nc,\x80\xff\n";
	struct table *t;
	struct jc_error err = { 0 };
	assert_int_equal(table_open_mem(s, sizeof(s) - 1, TABLE_AUTO, &t, &err), JC_EINVAL);
	assert_non_null(strstr(err.message, "neither UTF-8 nor GB18030"));
	assert_non_null(strstr(err.message, "line 2"));
	assert_null(t);
}

static void test_csv_empty_rows_and_trailing_cells(void **state)
{
	(void)state;
	static const char s[] = "a,b,,\n\n,,\r\n\"\",\nc";
	struct table *t = open_mem(s, sizeof(s) - 1);
	expect_row(t, 1, "a", "b", NULL);
	expect_row(t, 5, "c", NULL);
	expect_end(t);
	table_close(t);

	t = open_mem("", 0);
	expect_end(t);
	table_close(t);
}

static void test_csv_bad_quotes(void **state)
{
	(void)state;
	static const char stray[] = "a,b\nc,d\"e\n";
	struct table *t = open_mem(stray, sizeof(stray) - 1);
	expect_row(t, 1, "a", "b", NULL);
	expect_failure(t, JC_EINVAL, "line 2");
	table_close(t);

	static const char open_quote[] = "a\n\n\"bc\nd,e\n";
	t = open_mem(open_quote, sizeof(open_quote) - 1);
	expect_row(t, 1, "a", NULL);
	expect_failure(t, JC_EINVAL, "line 3: a quote opened here is never closed");
	table_close(t);
}

/* Rows with multi-byte text and quoted line breaks, over many 64 KiB chunks. */
static void test_csv_chunk_boundaries(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	enum { ROWS = 30000 };
	for (int i = 0; i < ROWS; i++)
		buf_addf(&b, "张三丰%d,%d,\"第\n%d行\"%s", i, i * 7, i, i % 3 ? "\n" : "\r\n");
	const char *path = write_fixture("chunks.csv", b.data, b.len);
	for (int pass = 0; pass < 2; pass++) {
		struct table *t = pass ? open_path(path) : open_mem(b.data, b.len);
		for (int i = 0; i < ROWS; i++) {
			char a[32], c[16], d[32];
			snprintf(a, sizeof(a), "张三丰%d", i);
			snprintf(c, sizeof(c), "%d", i * 7);
			snprintf(d, sizeof(d), "第\n%d行", i);
			expect_row(t, 1 + 2L * i, a, c, d, NULL);
		}
		expect_end(t);
		table_close(t);
	}
	buf_release(&b);
}

/* UTF-8 at first, broken after rows were handed out: a failure naming the line. */
static void test_csv_late_invalid_utf8(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "a,b\n");
	buf_adds(&b, "c,\xff\n");
	struct table *t = open_path(write_fixture("late.csv", b.data, b.len));
	expect_row(t, 1, "a", "b", NULL);
	expect_failure(t, JC_EINVAL, "line 20001: not valid UTF-8");
	table_close(t);
	buf_release(&b);
}

/* GB18030 that shows only after the first chunk but before the first row: converted. */
static void test_csv_late_gb18030(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "\"");
	for (int i = 0; i < 100000; i++)
		buf_adds(&b, "a");
	buf_adds(&b, "\",\xd5\xc5\xc8\xfd\nx\n");
	struct table *t = open_path(write_fixture("lategbk.csv", b.data, b.len));
	struct table_row row;
	struct jc_error err = { 0 };
	assert_int_equal(table_next(t, &row, &err), 1);
	assert_int_equal(row.count, 2);
	assert_int_equal(row.lens[0], 100000);
	assert_string_equal(row.cells[1], "张三");
	expect_row(t, 2, "x", NULL);
	expect_end(t);
	table_close(t);
	buf_release(&b);
}

static void test_open_failures(void **state)
{
	(void)state;
	struct table *t;
	struct jc_error err = { 0 };
	assert_int_equal(table_open(fixture("absent.csv"), TABLE_AUTO, &t, &err), JC_ENOTFOUND);
	assert_null(t);

	static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and more";
	jc_error_clear(&err);
	assert_int_equal(table_open_mem(xls, sizeof(xls) - 1, TABLE_AUTO, &t, &err), JC_EINVAL);
	assert_non_null(strstr(err.message, "Excel 97-2003"));

	static const char utf16[] = "\xff\xfe" "a\0,\0b\0";
	jc_error_clear(&err);
	assert_int_equal(table_open_mem(utf16, sizeof(utf16) - 1, TABLE_AUTO, &t, &err), JC_EINVAL);
	assert_non_null(strstr(err.message, "UTF-16"));
}

/* ---- XLSX ---- */

static void write_members_xlsx(const char *path, bool constant_memory)
{
	lxw_workbook_options opt = { .constant_memory = constant_memory, .tmpdir = dir };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "党员");
	lxw_worksheet *other = workbook_add_worksheet(wb, "其他");
	lxw_format *ymd = workbook_add_format(wb);
	format_set_num_format(ymd, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *builtin = workbook_add_format(wb);
	format_set_num_format_index(builtin, 14);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);

	worksheet_write_string(ws, 0, 0, "姓名", bold);
	worksheet_write_string(ws, 0, 1, "出生日期", bold);
	worksheet_write_string(ws, 0, 2, "备注", bold);
	worksheet_write_string(ws, 0, 3, "数", bold);

	worksheet_write_string(ws, 1, 0, "张三", NULL);
	lxw_datetime born = { .year = 1985, .month = 7, .day = 1 };
	worksheet_write_datetime(ws, 1, 1, &born, ymd);
	worksheet_write_number(ws, 1, 3, 42, NULL);

	worksheet_write_string(ws, 2, 0, "李四", NULL);
	lxw_datetime leap = { .year = 2000, .month = 2, .day = 29, .hour = 13 };
	worksheet_write_datetime(ws, 2, 1, &leap, builtin);
	worksheet_write_number(ws, 2, 3, 3.5, NULL);
	worksheet_write_boolean(ws, 2, 4, 1, NULL);

	worksheet_write_blank(ws, 3, 0, bold);
	worksheet_write_blank(ws, 3, 5, bold);

	worksheet_write_string(ws, 4, 0, "a \"quoted\" <tag> & _x000D_ line", NULL);
	worksheet_write_number(ws, 4, 1, -0.25, NULL);
	worksheet_write_number(ws, 4, 2, 12345678901, NULL);

	worksheet_write_number(ws, 5, 0, 1, builtin);
	worksheet_write_number(ws, 5, 1, 59, builtin);
	worksheet_write_number(ws, 5, 2, 60, builtin);
	worksheet_write_number(ws, 5, 3, 61, builtin);
	worksheet_write_number(ws, 5, 4, 0, builtin);

	worksheet_write_string(other, 0, 0, "not this sheet", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_members(struct table *t)
{
	expect_row(t, 1, "姓名", "出生日期", "备注", "数", NULL);
	expect_row(t, 2, "张三", "1985-07-01", "", "42", NULL);
	expect_row(t, 3, "李四", "2000-02-29", "", "3.5", "true", NULL);
	expect_row(t, 5, "a \"quoted\" <tag> & \r line", "-0.25", "12345678901", NULL);
	expect_row(t, 6, "1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "0", NULL);
	expect_end(t);
}

static void test_xlsx_round_trip(void **state)
{
	(void)state;
	const char *path = fixture("members.xlsx");
	write_members_xlsx(path, false);
	struct table *t = open_path(path);
	check_members(t);
	table_close(t);

	size_t len;
	char *data = read_whole(path, &len);
	t = open_mem(data, len);
	check_members(t);
	table_close(t);

	struct jc_error err = { 0 };
	assert_int_equal(table_open_mem(data, len, TABLE_XLSX, &t, &err), JC_OK);
	check_members(t);
	table_close(t);
	free(data);
}

/* constant_memory mode writes inline strings rather than shared ones. */
static void test_xlsx_inline_strings(void **state)
{
	(void)state;
	const char *path = fixture("inline.xlsx");
	write_members_xlsx(path, true);
	struct table *t = open_path(path);
	check_members(t);
	table_close(t);
}

static void test_xlsx_rich_text(void **state)
{
	(void)state;
	const char *path = fixture("rich.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *red = workbook_add_format(wb);
	format_set_font_color(red, LXW_COLOR_RED);
	lxw_rich_string_tuple a = { .format = NULL, .string = "中国" };
	lxw_rich_string_tuple b = { .format = red, .string = "共产党" };
	lxw_rich_string_tuple *runs[] = { &a, &b, NULL };
	worksheet_write_rich_string(ws, 2, 3, runs, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	struct table *t = open_path(path);
	expect_row(t, 3, "", "", "", "中国共产党", NULL);
	expect_end(t);
	table_close(t);
}

/* A ZIP of the given parts. */
static const char *make_zip(const char *name, const char *const *parts)
{
	const char *path = fixture(name);
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (; *parts; parts += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[1], strlen(parts[1]), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts[0], s, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

static void test_xlsx_hand_made(void **state)
{
	(void)state;
	/* No workbook.xml: the reader falls back on sheet1.xml; cells without references, a
	 * 1904 workbook is not declared, so serials are 1900-based; shared string index 5 of 1. */
	static const char *const bad_index[] = {
		"xl/worksheets/sheet1.xml",
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<sheetData><row r=\"2\"><c t=\"inlineStr\"><is><t>x</t><rPh><t>y</t></rPh></is>"
		"</c><c t=\"s\"><v>0</v></c><c><v>7.000</v></c></row>"
		"<row><c r=\"B3\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>",
		"xl/sharedStrings.xml",
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<si><r><t>a</t></r><r><t xml:space=\"preserve\"> b</t></r></si></sst>",
		NULL,
	};
	struct table *t = open_path(make_zip("index.xlsx", bad_index));
	expect_row(t, 2, "x", "a b", "7", NULL);
	expect_failure(t, JC_EINVAL, "row 3: cell B3 refers to a shared string");
	table_close(t);

	static const char *const doctype[] = {
		"xl/worksheets/sheet1.xml",
		"<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
		"<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c>"
		"</row></sheetData></worksheet>",
		NULL,
	};
	t = open_path(make_zip("doctype.xlsx", doctype));
	expect_failure(t, JC_EINVAL, "document type declaration");
	table_close(t);

	static const char *const wide[] = {
		"xl/worksheets/sheet1.xml",
		"<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"
		"</sheetData></worksheet>",
		NULL,
	};
	t = open_path(make_zip("wide.xlsx", wide));
	expect_failure(t, JC_EINVAL, "row 1: a cell lies past the last column");
	table_close(t);

	static const char *const not_workbook[] = { "readme.txt", "hello", NULL };
	struct jc_error err = { 0 };
	assert_int_equal(table_open(make_zip("plain.zip", not_workbook), TABLE_AUTO, &t, &err),
			 JC_EINVAL);
	assert_non_null(strstr(err.message, "no worksheet"));
}

/* Prefixed elements, a chart sheet listed first, an absolute target, the 1904 date system, date
 * and time formats, a style index out of range, _xHHHH_ escapes. */
static void test_xlsx_workbook_parts(void **state)
{
	(void)state;
#define NS "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	static const char *const parts[] = {
		"xl/workbook.xml",
		"<x:workbook " NS " " RNS "><x:workbookPr date1904=\"1\"/><x:sheets>"
		"<x:sheet name=\"Chart\" sheetId=\"1\" r:id=\"rId1\"/>"
		"<x:sheet name=\"Data\" sheetId=\"2\" r:id=\"rId2\"/></x:sheets></x:workbook>",
		"xl/_rels/workbook.xml.rels",
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"" REL "chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
		"</Relationships>",
		"xl/chartsheets/sheet1.xml", "<x:chartsheet " NS "/>",
		"xl/worksheets/sheet1.xml", "<x:worksheet " NS "><x:sheetData><x:row r=\"1\"><x:c>"
		"<x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>",
		"xl/styles.xml",
		"<x:styleSheet " NS "><x:numFmts count=\"2\">"
		"<x:numFmt numFmtId=\"164\" formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;\"/>"
		"<x:numFmt numFmtId=\"165\" formatCode=\"h:mm\"/></x:numFmts>"
		"<x:cellStyleXfs count=\"1\"><x:xf numFmtId=\"14\"/></x:cellStyleXfs>"
		"<x:cellXfs count=\"4\"><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/>"
		"<x:xf numFmtId=\"165\"/><x:xf numFmtId=\"31\"/></x:cellXfs></x:styleSheet>",
		"xl/worksheets/data.xml",
		"<x:worksheet " NS "><x:sheetData><x:row r=\"4\">"
		"<x:c r=\"A4\" s=\"1\"><x:v>0</x:v></x:c><x:c r=\"B4\" s=\"2\"><x:v>0.5</x:v></x:c>"
		"<x:c r=\"C4\" s=\"3\"><x:v>1462.75</x:v></x:c><x:c r=\"D4\" s=\"0\"><x:v>1462</x:v></x:c>"
		"<x:c r=\"E4\" t=\"b\"><x:v>0</x:v></x:c>"
		"<x:c r=\"F4\" t=\"str\"><x:f>A1</x:f><x:v>a_x005F_b_x4e2d_</x:v></x:c>"
		"<x:c r=\"G4\" s=\"9\"><x:v>5</x:v></x:c><x:c r=\"H4\" t=\"e\"><x:v>#N/A</x:v></x:c>"
		"</x:row></x:sheetData></x:worksheet>",
		NULL,
	};
#undef NS
#undef RNS
#undef REL
	struct table *t = open_path(make_zip("parts.xlsx", parts));
	expect_row(t, 4, "1904-01-01", "0.5", "1908-01-02", "1462", "false", "a_b中", "5", "#N/A",
		   NULL);
	expect_end(t);
	table_close(t);
}

static void test_xlsx_corrupt(void **state)
{
	(void)state;
	unsigned char junk[4096] = { 'P', 'K', 3, 4 };
	srand(7);
	for (size_t i = 4; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	struct table *t;
	struct jc_error err = { 0 };
	const char *path = write_fixture("corrupt.xlsx", junk, sizeof(junk));
	assert_int_equal(table_open(path, TABLE_AUTO, &t, &err), JC_EINVAL);
	assert_null(t);
	assert_non_null(strstr(err.message, "not a readable XLSX workbook"));
	jc_error_clear(&err);
	assert_int_equal(table_open_mem(junk, sizeof(junk), TABLE_AUTO, &t, &err), JC_EINVAL);

	/* A real workbook cut short. */
	const char *whole = fixture("whole.xlsx");
	write_members_xlsx(whole, false);
	size_t len;
	char *data = read_whole(whole, &len);
	jc_error_clear(&err);
	assert_int_equal(table_open_mem(data, len / 2, TABLE_AUTO, &t, &err), JC_EINVAL);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting_and_lines),
		cmocka_unit_test(test_csv_bom),
		cmocka_unit_test(test_csv_gb18030),
		cmocka_unit_test(test_csv_neither_encoding),
		cmocka_unit_test(test_csv_empty_rows_and_trailing_cells),
		cmocka_unit_test(test_csv_bad_quotes),
		cmocka_unit_test(test_csv_chunk_boundaries),
		cmocka_unit_test(test_csv_late_invalid_utf8),
		cmocka_unit_test(test_csv_late_gb18030),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_xlsx_round_trip),
		cmocka_unit_test(test_xlsx_inline_strings),
		cmocka_unit_test(test_xlsx_rich_text),
		cmocka_unit_test(test_xlsx_hand_made),
		cmocka_unit_test(test_xlsx_workbook_parts),
		cmocka_unit_test(test_xlsx_corrupt),
	};
	return cmocka_run_group_tests_name("table", tests, group_setup, group_teardown);
}
