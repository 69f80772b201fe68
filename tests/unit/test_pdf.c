/*
 * test_pdf.c - printable documents (src/pdf): one document with every kind of block, Chinese text,
 * a table long enough to cross pages and hostile input (invalid UTF-8, long unbroken strings,
 * empty and NULL strings, tables without rows, unusable widths, a row taller than a page), written
 * to a mkdtemp() directory and read back with poppler's pdftotext and pdfinfo when they are there
 * (those tests are skipped otherwise); and failures to write. The footer's date is pinned with
 * JICENG_TODAY.
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/mem.h"
#include "pdf/pdf.h"

#define TITLE "入党积极分子培养档案 recruitment file"
#define ROWS 90

static char dir[] = "/tmp/jc-pdf-XXXXXX";
static char *made[16];
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

static int group_setup(void **state)
{
	(void)state;
	setenv("JICENG_TODAY", "2026-03-01", 1);
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	/* pango, cairo and fontconfig keep fonts and configuration for the life of the process; let
	 * them go so that LeakSanitizer reports only leaks of our own. fontconfig is linked through
	 * pango only, hence FcFini() found at run time. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
	if (fc_fini)
		fc_fini();
	return rmdir(dir);
}

static bool have(const char *tool)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* The standard output of cmd (the caller frees it). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b;
	buf_init(&b, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), 0);
	assert_int_equal(pclose(p), 0);
	return buf_detach(&b, NULL);
}

/* s without its white space (pdftotext spaces CJK text as it pleases). */
static char *squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			*o++ = *s;
	*o = '\0';
	return out;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" is not in the text", want);
}

static void expect_not_in(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("\"%s\" is in the text", unwanted);
}

static char *repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = xmalloc(len * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

/* The document of these tests: every kind of block, the hostile ones included. */
static struct pdf_doc *recruitment_file(void)
{
	struct pdf_doc *d = pdf_new(TITLE, "中共江门市某某村支部委员会 · 2026年");

	pdf_heading(d, "一、基本情况 basic facts");
	const char *labels[] = { "姓名", "出生日期", "所在支部", "", NULL,
				 "一个很长很长的标签，长到要在标签栏里换行才放得下" };
	const char *values[] = { "张三", "1990-05-01", "中共江门市某某村支部委员会", "empty label",
				 "null label", "值" };
	pdf_fields(d, labels, values, 6);
	pdf_fields(d, NULL, NULL, 0);

	pdf_heading(d, "二、培养经过 timeline");
	pdf_paragraph(d, "按照《中国共产党发展党员工作细则》，入党申请人经党组织派人谈话后，"
			 "由党小组推荐或群团组织推优，支部委员会研究确定为入党积极分子。\n\n"
			 "第二段：培养联系人每季度考察一次。The second paragraph keeps its newlines.");

	double widths[] = { 0.08, 0.22, 0.2, 0.5 };
	const char *header[] = { "序号", "步骤", "日期", "期限与规定" };
	char **cells = xcalloc(ROWS * 4, sizeof(*cells));
	for (size_t i = 0; i < ROWS; i++) {
		char text[200];
		snprintf(text, sizeof(text), "%zu", i + 1);
		cells[4 * i] = xstrdup(text);
		snprintf(text, sizeof(text), "步骤%03zu", i + 1);
		cells[4 * i + 1] = xstrdup(text);
		snprintf(text, sizeof(text), "2026-%02zu-%02zu", i % 12 + 1, i % 28 + 1);
		cells[4 * i + 2] = xstrdup(text);
		snprintf(text, sizeof(text), "规定%03zu：%s", i + 1,
			 i % 3 ? "一个月内" : "自确定为入党积极分子起培养考察一年以上，期满后经支部委员会讨论");
		cells[4 * i + 3] = xstrdup(text);
	}
	pdf_table(d, 4, widths, header, (const char *const *)cells, ROWS);
	for (size_t i = 0; i < ROWS * 4; i++)
		free(cells[i]);
	free(cells);

	pdf_heading(d, "三、不寻常的输入 hostile input");
	pdf_paragraph(d, "坏字节\xff\xfe bad\xc3( bytes \xed\xa0\x80 surrogate \xf4\x90\x80\x80 end");
	pdf_paragraph(d, "controls \x01\x02\x1b[31m tab\there\rcarriage\r\nreturn \xe2\x80\xae reversed");
	pdf_paragraph(d, "");
	pdf_paragraph(d, NULL);
	pdf_heading(d, "");
	char *xs = repeat("x", 5000), *dang = repeat("党", 3000);
	pdf_paragraph(d, xs);
	pdf_paragraph(d, dang);
	const char *empty_header[] = { "空表 empty", "" };
	pdf_table(d, 2, NULL, empty_header, NULL, 0);
	pdf_table(d, 3, NULL, NULL, NULL, 0);
	double bad_widths[] = { 0, -1, NAN, INFINITY };
	const char *tall[] = { "tall row", xs, "", NULL };
	pdf_table(d, 4, bad_widths, header, tall, 1);
	const char *narrow[40] = { "窄", "narrow", "\xff" };
	pdf_table(d, 40, NULL, narrow, narrow, 1);
	const char *long_header[] = { dang };
	pdf_table(d, 1, NULL, long_header, long_header, 1);

	const char *signers[] = { "支部书记（签字）", "入党介绍人（签字）", "", dang };
	pdf_signature_lines(d, signers, 4);
	pdf_signature_lines(d, NULL, 0);
	free(xs);
	free(dang);
	return d;
}

/* Writes the document once for all tests; the path stays valid. */
static const char *written(void)
{
	static const char *path;
	if (path)
		return path;
	struct pdf_doc *d = recruitment_file();
	struct jc_error err = { 0 };
	const char *p = fixture("recruitment.pdf");
	if (pdf_write(d, p, &err))
		fail_msg("pdf_write: %s", err.message);
	pdf_free(d);
	path = p;
	return path;
}

/* The value of a "Key:   value" line of pdfinfo's output about path (the caller frees it). */
static char *info(const char *path, const char *key)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	char *out = run(cmd);
	char *value = NULL;
	size_t klen = strlen(key);
	char *save = NULL;
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			value = xstrdup(line + klen + 1 + strspn(line + klen + 1, " "));
			break;
		}
	}
	free(out);
	if (!value)
		fail_msg("pdfinfo says nothing of '%s'", key);
	return value;
}

static int page_count(const char *path)
{
	char *pages = info(path, "Pages");
	int n = atoi(pages);
	free(pages);
	return n;
}

static void test_pdf_starts_as_a_pdf(void **state)
{
	(void)state;
	FILE *f = fopen(written(), "rb");
	assert_non_null(f);
	char head[5];
	assert_int_equal(fread(head, 1, 5, f), 5);
	assert_memory_equal(head, "%PDF-", 5);
	assert_int_equal(fseek(f, -6, SEEK_END), 0);
	char tail[7] = "";
	assert_int_equal(fread(tail, 1, 6, f), 6);
	assert_non_null(strstr(tail, "%%EOF"));
	fclose(f);
}

static void test_pdf_info_title_and_pages(void **state)
{
	(void)state;
	if (!have("pdfinfo"))
		skip();
	char *title = info(written(), "Title"), *size = info(written(), "Page size");
	assert_string_equal(title, TITLE);
	assert_string_equal(size, "595.276 x 841.89 pts (A4)");
	free(title);
	free(size);
	assert_true(page_count(written()) > 1);
}

static void test_pdf_text_comes_back(void **state)
{
	(void)state;
	if (!have("pdftotext") || !have("pdfinfo"))
		skip();
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", written());
	char *raw = run(cmd);
	char *text = squeeze(raw);
	expect_in(text, "入党积极分子培养档案recruitmentfile");
	expect_in(text, "一、基本情况basicfacts");
	expect_in(text, "姓名：");
	expect_in(text, "张三");
	expect_in(text, "中共江门市某某村支部委员会");
	expect_in(text, "支部委员会研究确定为入党积极分子");
	expect_in(text, "Thesecondparagraphkeepsitsnewlines.");
	expect_in(text, "步骤001");
	expect_in(text, "步骤090");
	expect_in(text, "2026-06-06");
	expect_in(text, "一个月内");
	expect_in(text, "bad");
	expect_in(text, "surrogate");
	expect_in(text, "支部书记（签字）");
	expect_in(text, "生成日期2026-03-01generated");
	expect_in(text, "xxxxxxxxxxxxxxxxxxxx");
	expect_not_in(text, "x-"); /* a word broken between characters gets no hyphen */
	free(text);

	/* Page by page (pdftotext ends each with a form feed): the footers, and the header of the
	 * long table on every page that holds some of its rows. */
	int pages = page_count(written());
	assert_true(pages > 1);
	int first_row_page = 0, last_row_page = 0, counted = 0;
	char *save = NULL;
	for (char *page = strtok_r(raw, "\f", &save); page; page = strtok_r(NULL, "\f", &save)) {
		char *p = squeeze(page);
		if (!*p) {
			free(p);
			continue;
		}
		counted++;
		char want[96];
		snprintf(want, sizeof(want), "第%d页/共%d页page%dof%d", counted, pages, counted, pages);
		expect_in(p, want);
		if (strstr(p, "步骤001"))
			first_row_page = counted;
		if (strstr(p, "步骤090"))
			last_row_page = counted;
		for (int i = 1; i <= ROWS; i++) {
			char row[32];
			snprintf(row, sizeof(row), "步骤%03d", i);
			if (strstr(p, row)) {
				expect_in(p, "序号步骤日期期限与规定");
				break;
			}
		}
		free(p);
	}
	assert_int_equal(counted, pages);
	assert_true(first_row_page > 0);
	assert_true(last_row_page > first_row_page);
	free(raw);
}

static void test_pdf_write_impossible_path_fails(void **state)
{
	(void)state;
	struct pdf_doc *d = pdf_new("无法写入 cannot write", NULL);
	pdf_paragraph(d, "内容");
	struct jc_error err = { 0 };
	assert_int_equal(pdf_write(d, "/nonexistent-jiceng-dir/sub/x.pdf", &err), JC_EINTERNAL);
	assert_int_equal(err.code, JC_EINTERNAL);
	expect_in(err.message, "cannot write '/nonexistent-jiceng-dir/sub/x.pdf'");

	struct jc_error again = { 0 };
	assert_int_equal(pdf_write(d, dir, &again), JC_EINTERNAL);
	expect_in(again.message, "cannot write");
	assert_int_equal(pdf_write(d, dir, NULL), JC_EINTERNAL);

	/* The document is unharmed and can still be written. */
	struct jc_error ok = { 0 };
	assert_int_equal(pdf_write(d, fixture("after-failure.pdf"), &ok), JC_OK);
	assert_int_equal(ok.code, JC_OK);
	pdf_free(d);
}

/* A write that fails half-way (the file size limit stands in for a full disk) is an error, and
 * the partial file is removed. */
static void test_pdf_failed_write_removes_the_file(void **state)
{
	(void)state;
	struct rlimit saved, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = 2048;
	void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
	struct pdf_doc *d = recruitment_file();
	const char *path = fixture("too-big.pdf");
	struct jc_error err = { 0 };
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	enum jc_err e = pdf_write(d, path, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old);
	pdf_free(d);
	assert_int_equal(e, JC_EINTERNAL);
	expect_in(err.message, "cannot write '");
	assert_int_not_equal(access(path, F_OK), 0);
}

static void test_pdf_empty_document_is_one_page(void **state)
{
	(void)state;
	struct pdf_doc *d = pdf_new(NULL, NULL);
	const char *path = fixture("empty.pdf");
	struct jc_error err = { 0 };
	assert_int_equal(pdf_write(d, path, &err), JC_OK);
	pdf_free(d);
	pdf_free(NULL);
	if (have("pdfinfo"))
		assert_int_equal(page_count(path), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_starts_as_a_pdf),
		cmocka_unit_test(test_pdf_info_title_and_pages),
		cmocka_unit_test(test_pdf_text_comes_back),
		cmocka_unit_test(test_pdf_write_impossible_path_fails),
		cmocka_unit_test(test_pdf_failed_write_removes_the_file),
		cmocka_unit_test(test_pdf_empty_document_is_one_page),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
