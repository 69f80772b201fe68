/*
 * pdf.h - printable A4 documents with Chinese text, for the paper archive: a recruitment file
 * (the timeline of a member's development with dates, deadlines and rules), meeting minutes,
 * transfer letters.
 *
 * A document is built as a list of blocks (title, headings, paragraphs, label-value fields,
 * ruled tables, signature lines) kept in memory, then laid out and written by pdf_write() with
 * cairo's PDF surface and pango, in a CJK font from Debian: "Noto Sans CJK SC" when present, else
 * "WenQuanYi Micro Hei" (fonts-wqy-microhei), else fontconfig's "sans". Pages are A4 with 20 mm
 * margins; body text is 10.5 pt, headings and table headers bold. Every page has a footer with
 * the generation date (date_today(), China Standard Time) and "第 n 页 / 共 m 页  page n of m".
 *
 * Invariants: every string is copied when it is added (the caller's stays the caller's); text is
 * UTF-8, and any NUL-free input is safe: invalid UTF-8 becomes U+FFFD, a NULL string is "", a
 * word wider than its column breaks between characters (with no hyphen added: an ID number stays
 * as it is), and a paragraph or table row taller than a page continues on the next one.
 *
 * Documents share nothing, so two threads may each build and write their own (pango keeps loaded
 * fonts per thread, for the life of the thread).
 */
#ifndef JC_PDF_H
#define JC_PDF_H

#include <stddef.h>

#include "base/err.h"

struct pdf_doc;

/* A new, empty document whose first page starts with title (bold, centred; also the PDF's Title
 * metadata) and subtitle below it (may be NULL or "" for none). Both are copied. Never returns
 * NULL; the caller frees it with pdf_free(). */
struct pdf_doc *pdf_new(const char *title, const char *subtitle);

/* A section heading: bold, kept on the same page as the start of what follows it, and an entry
 * in the PDF's outline (the reader's bookmarks). */
void pdf_heading(struct pdf_doc *d, const char *text);

/* Body text wrapped to the text width; a newline starts a new line, an empty line is kept. */
void pdf_paragraph(struct pdf_doc *d, const char *text);

/* n lines of "label：value", the values aligned in a column after the widest label (at most 40 %
 * of the text width; a longer label wraps). The colon is added to a label that does not end with
 * one. The arrays are borrowed, their strings copied; an entry may be NULL (""). */
void pdf_fields(struct pdf_doc *d, const char *const *labels, const char *const *values, size_t n);

/* A ruled table of ncols (>= 1) columns. widths: ncols fractions of the text width, scaled to add
 * up to 1 (an entry that is not a positive number gets the average of the others), or NULL for
 * equal columns. header: ncols bold, shaded cells, or NULL for none. cells: nrows * ncols, row
 * after row; nrows may be 0 (the header alone). Cells wrap; a row is moved whole to the next page
 * when it fits there, else split between lines. A table that crosses a page repeats its header
 * at the top of the next (unless the header is taller than a third of a page). The arrays are
 * borrowed, their strings copied; an entry may be NULL (""). */
void pdf_table(struct pdf_doc *d, size_t ncols, const double *widths, const char *const *header,
	       const char *const *cells, size_t nrows);

/* Lines to sign on paper, one per label: "label：________  日期：________" (the colon added as in
 * pdf_fields()), with room above each rule for the handwriting, all kept on one page when they
 * fit on one. A label wider than half the text width is cut with an ellipsis. labels is
 * borrowed, its strings copied. */
void pdf_signature_lines(struct pdf_doc *d, const char *const *labels, size_t n);

/* Lays the document out (a first pass counts the pages for the footers) and writes it to path,
 * replacing the file. The document is unchanged and may be written again. On failure a partly
 * written file is removed and JC_EINTERNAL is returned with "cannot write 'PATH': ..." in err. */
enum jc_err pdf_write(struct pdf_doc *d, const char *path, struct jc_error *err);

/* Frees d and every string it holds; d may be NULL. */
void pdf_free(struct pdf_doc *d);

#ifdef JC_PDF_INTERNAL
/*
 * For the files of src/pdf only (they define JC_PDF_INTERNAL): the blocks as pdf.c stores them and
 * pdf_write() in pdf_layout.c reads them. Every string is valid UTF-8, never NULL.
 */
enum pdf_block_kind { PDF_HEADING, PDF_PARAGRAPH, PDF_FIELDS, PDF_TABLE, PDF_SIGNATURES };

struct pdf_block {
	enum pdf_block_kind kind;
	char *text;      /* PDF_HEADING, PDF_PARAGRAPH */
	size_t ncols;    /* PDF_TABLE: columns; PDF_FIELDS: 2 (label, value); PDF_SIGNATURES: 1 */
	size_t nrows;    /* rows of cells, the header not counted */
	double *widths;  /* PDF_TABLE: ncols fractions adding up to 1 */
	char **header;   /* PDF_TABLE: ncols strings, or NULL */
	char **cells;    /* nrows * ncols strings, row after row */
};

struct pdf_doc {
	char *title;
	char *subtitle; /* "" for none */
	struct pdf_block *blocks;
	size_t count, alloc;
};
#endif

#endif
