/*
 * pdf.c - building a document: the blocks of pdf.h kept in memory, every string copied and made
 * valid UTF-8 on the way in (GLib replaces each invalid sequence with U+FFFD), table widths
 * scaled to fractions that add up to 1. Nothing is laid out here; pdf_layout.c does that when the
 * document is written.
 */
#define JC_PDF_INTERNAL
#include "pdf/pdf.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/mem.h"

/* A copy of s (NULL is "") with invalid UTF-8 replaced; the caller frees it with free(). */
static char *text_copy(const char *s)
{
	if (!s)
		return xstrdup("");
	if (g_utf8_validate(s, -1, NULL))
		return xstrdup(s);
	char *valid = g_utf8_make_valid(s, -1);
	char *copy = xstrdup(valid);
	g_free(valid);
	return copy;
}

/* n copies of the strings of v (v may be NULL: n empty strings). */
static char **texts_copy(const char *const *v, size_t n)
{
	char **out = xcalloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = text_copy(v ? v[i] : NULL);
	return out;
}

static void texts_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static struct pdf_block *add(struct pdf_doc *d, enum pdf_block_kind kind)
{
	d->blocks = xgrow(d->blocks, &d->alloc, d->count + 1, sizeof(*d->blocks));
	struct pdf_block *b = &d->blocks[d->count++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

struct pdf_doc *pdf_new(const char *title, const char *subtitle)
{
	struct pdf_doc *d = xcalloc(1, sizeof(*d));
	d->title = text_copy(title);
	d->subtitle = text_copy(subtitle);
	return d;
}

void pdf_heading(struct pdf_doc *d, const char *text)
{
	add(d, PDF_HEADING)->text = text_copy(text);
}

void pdf_paragraph(struct pdf_doc *d, const char *text)
{
	add(d, PDF_PARAGRAPH)->text = text_copy(text);
}

void pdf_fields(struct pdf_doc *d, const char *const *labels, const char *const *values, size_t n)
{
	struct pdf_block *b = add(d, PDF_FIELDS);
	b->ncols = 2;
	b->nrows = n;
	b->cells = xcalloc(n, 2 * sizeof(*b->cells));
	for (size_t i = 0; i < n; i++) {
		b->cells[2 * i] = text_copy(labels ? labels[i] : NULL);
		b->cells[2 * i + 1] = text_copy(values ? values[i] : NULL);
	}
}

/* A width worth scaling: positive, and small enough that a sum of them stays finite. */
static bool usable(double w)
{
	return isfinite(w) && w > 0 && w < 1e6;
}

/* Fractions adding up to 1: the given ones scaled, a missing or unusable one the average of the
 * others, all equal when none is usable. */
static double *table_widths(const double *widths, size_t ncols)
{
	double *w = xcalloc(ncols, sizeof(*w));
	double sum = 0;
	size_t good = 0;
	for (size_t i = 0; widths && i < ncols; i++)
		if (usable(widths[i])) {
			sum += widths[i];
			good++;
		}
	double fill = good ? sum / good : 1;
	double total = 0;
	for (size_t i = 0; i < ncols; i++) {
		w[i] = widths && usable(widths[i]) ? widths[i] : fill;
		total += w[i];
	}
	for (size_t i = 0; i < ncols; i++)
		w[i] /= total;
	return w;
}

void pdf_table(struct pdf_doc *d, size_t ncols, const double *widths, const char *const *header,
	       const char *const *cells, size_t nrows)
{
	assert(ncols >= 1);
	struct pdf_block *b = add(d, PDF_TABLE);
	b->ncols = ncols;
	b->nrows = nrows;
	b->widths = table_widths(widths, ncols);
	b->header = header ? texts_copy(header, ncols) : NULL;
	assert(!nrows || ncols <= SIZE_MAX / nrows);
	b->cells = texts_copy(cells, nrows * ncols);
}

void pdf_signature_lines(struct pdf_doc *d, const char *const *labels, size_t n)
{
	struct pdf_block *b = add(d, PDF_SIGNATURES);
	b->ncols = 1;
	b->nrows = n;
	b->cells = texts_copy(labels, n);
}

void pdf_free(struct pdf_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		struct pdf_block *b = &d->blocks[i];
		free(b->text);
		free(b->widths);
		texts_free(b->header, b->ncols);
		texts_free(b->cells, b->nrows * b->ncols);
	}
	free(d->blocks);
	free(d->title);
	free(d->subtitle);
	free(d);
}
