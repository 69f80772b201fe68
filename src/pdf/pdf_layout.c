/*
 * pdf_layout.c - laying a document out on A4 pages and writing it: pdf_write().
 *
 * Pango shapes and wraps the text (at word boundaries, and between characters for a word wider
 * than its column) at 72 dpi, so that a pango point is a PDF point; cairo draws it on a PDF
 * surface that writes through a FILE, so a failed write is seen. Everything is placed as a row of
 * cells: a paragraph or a heading is one cell as wide as the text, a field a label and a value, a
 * table row its ruled cells. A row that does not fit in what is left of a page goes to the next
 * page when it fits there, else it is cut between lines and continues on the next page (after the
 * table's header again). The layout runs twice with the same fonts and widths, hence the same
 * page breaks: the first pass only counts the pages, the second draws them, with "共 m 页" in
 * each footer.
 */
#define JC_PDF_INTERNAL
#include "pdf/pdf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "base/date.h"
#include "base/mem.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN (20 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define TEXT_BOTTOM (PAGE_H - MARGIN)
#define TEXT_H (TEXT_BOTTOM - MARGIN)
#define FOOTER_BASELINE (PAGE_H - 12 * MM)
#define FAMILIES "Noto Sans CJK SC,WenQuanYi Micro Hei,sans"
#define LINE_SPACING 1.25 /* times the font's own line height */
#define RULE 0.5          /* table rules, points */
#define SIGNATURE_H 34.0  /* one signature line with room above it for the hand */

enum font { F_BODY, F_BOLD, F_TITLE, F_SUBTITLE, F_HEADING, F_FOOTER, F_COUNT };

static const struct {
	double size;
	PangoWeight weight;
} font_spec[F_COUNT] = {
	[F_BODY] = { 10.5, PANGO_WEIGHT_NORMAL },   [F_BOLD] = { 10.5, PANGO_WEIGHT_BOLD },
	[F_TITLE] = { 18, PANGO_WEIGHT_BOLD },      [F_SUBTITLE] = { 12, PANGO_WEIGHT_NORMAL },
	[F_HEADING] = { 13, PANGO_WEIGHT_BOLD },    [F_FOOTER] = { 8, PANGO_WEIGHT_NORMAL },
};

/* A wrapped piece of text and where its lines lie, in points from the layout's top left. */
struct text {
	PangoLayout *layout;
	int n;
	PangoLayoutLine **line; /* owned by layout */
	double *top, *bottom, *base, *left;
};

struct cell {
	struct text t;
	double x, w; /* the cell's box, from the left margin */
	int from;    /* the first line not placed yet */
	int to;      /* scratch: the end of the lines placed now */
};

struct row {
	size_t n;
	struct cell *cells;
	double pad_x, pad_y;
	bool ruled, shaded;
};

struct lay {
	const struct pdf_doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *font[F_COUNT];
	PangoAttrList *attrs; /* of every layout: no hyphen where a word is broken */
	double body_line; /* the height of a line of body text */
	bool draw;        /* the second pass */
	int page, pages;  /* this page (from 1); the count the first pass found */
	double y;         /* where the next row goes, points from the top of the page */
	bool fresh;       /* nothing placed on this page yet (a repeated header aside) */
	char date[11];
};

/* ---- text ---- */

/* Lays s out in font f, wrapped at width points (one line only, ellipsised, when one_line). */
static void text_make(struct lay *l, struct text *t, const char *s, enum font f, double width,
		      PangoAlignment align, bool one_line)
{
	t->layout = pango_layout_new(l->pc);
	pango_layout_set_font_description(t->layout, l->font[f]);
	pango_layout_set_attributes(t->layout, l->attrs);
	pango_layout_set_auto_dir(t->layout, FALSE);
	pango_layout_set_alignment(t->layout, align);
	pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(t->layout, LINE_SPACING);
	pango_layout_set_width(t->layout, pango_units_from_double(width > 1 ? width : 1));
	if (one_line) {
		pango_layout_set_ellipsize(t->layout, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(t->layout, 0);
	}
	pango_layout_set_text(t->layout, s, -1);

	int n = pango_layout_get_line_count(t->layout);
	t->line = xcalloc((size_t)n, sizeof(*t->line));
	t->top = xcalloc((size_t)n, sizeof(*t->top));
	t->bottom = xcalloc((size_t)n, sizeof(*t->bottom));
	t->base = xcalloc((size_t)n, sizeof(*t->base));
	t->left = xcalloc((size_t)n, sizeof(*t->left));
	PangoLayoutIter *it = pango_layout_get_iter(t->layout);
	int i = 0;
	do {
		int y0, y1;
		PangoRectangle logical;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		t->line[i] = pango_layout_iter_get_line_readonly(it);
		t->top[i] = pango_units_to_double(y0);
		t->bottom[i] = pango_units_to_double(y1);
		t->base[i] = pango_units_to_double(pango_layout_iter_get_baseline(it));
		t->left[i] = pango_units_to_double(logical.x);
		i++;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	t->n = i;
}

static void text_release(struct text *t)
{
	g_object_unref(t->layout);
	free(t->line);
	free(t->top);
	free(t->bottom);
	free(t->base);
	free(t->left);
}

/* The width of s in font f on one line, in points. */
static double text_width(struct lay *l, const char *s, enum font f)
{
	PangoLayout *layout = pango_layout_new(l->pc);
	pango_layout_set_font_description(layout, l->font[f]);
	pango_layout_set_text(layout, s, -1);
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	g_object_unref(layout);
	return pango_units_to_double(logical.width);
}

/* Draws the line i of t with the layout's left edge at x and the line's baseline at y. */
static void text_show_line(struct lay *l, const struct text *t, int i, double x, double y)
{
	cairo_move_to(l->cr, x + t->left[i], y);
	pango_cairo_show_layout_line(l->cr, t->line[i]);
}

/* ---- rows ---- */

static struct row *row_new(size_t n, double pad_x, double pad_y)
{
	struct row *r = xcalloc(1, sizeof(*r));
	r->n = n;
	r->cells = xcalloc(n, sizeof(*r->cells));
	r->pad_x = pad_x;
	r->pad_y = pad_y;
	return r;
}

/* Lays out cell i of r: s in font f, in the box from x to x + w. */
static void row_cell(struct lay *l, struct row *r, size_t i, const char *s, enum font f, double x,
		     double w, PangoAlignment align)
{
	struct cell *c = &r->cells[i];
	c->x = x;
	c->w = w;
	text_make(l, &c->t, s, f, w - 2 * r->pad_x, align, false);
}

static void row_free(struct row *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (r->cells[i].t.layout)
			text_release(&r->cells[i].t);
	free(r->cells);
	free(r);
}

static bool row_done(const struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cells[i].from < r->cells[i].t.n)
			return false;
	return true;
}

/* The height of what is left of r, padding included. */
static double row_rest(const struct row *r)
{
	double h = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct cell *c = &r->cells[i];
		if (c->from < c->t.n && c->t.bottom[c->t.n - 1] - c->t.top[c->from] > h)
			h = c->t.bottom[c->t.n - 1] - c->t.top[c->from];
	}
	return h + 2 * r->pad_y;
}

/* The height of the whole of r, padding included. */
static double row_height(const struct row *r)
{
	double h = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct text *t = &r->cells[i].t;
		if (t->bottom[t->n - 1] - t->top[0] > h)
			h = t->bottom[t->n - 1] - t->top[0];
	}
	return h + 2 * r->pad_y;
}

/* Sets each cell's to as far as its lines fit in avail points (padding included) and returns
 * the height of the tallest, 0 when not one line fits. force places at least one line of each
 * unfinished cell, for a line taller than a page. */
static double row_fit(struct row *r, double avail, bool force)
{
	double h = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct cell *c = &r->cells[i];
		const struct text *t = &c->t;
		c->to = c->from;
		while (c->to < t->n && t->bottom[c->to] - t->top[c->from] <= avail - 2 * r->pad_y)
			c->to++;
		if (force && c->to == c->from && c->from < t->n)
			c->to++;
		if (c->to > c->from && t->bottom[c->to - 1] - t->top[c->from] > h)
			h = t->bottom[c->to - 1] - t->top[c->from];
	}
	return h > 0 ? h + 2 * r->pad_y : 0;
}

/* Draws the lines from..to of each cell at l->y in a band h points high, and moves l->y below. */
static void row_show(struct lay *l, struct row *r, double h)
{
	cairo_t *cr = l->cr;
	for (size_t i = 0; l->draw && i < r->n; i++) {
		const struct cell *c = &r->cells[i];
		double x = MARGIN + c->x;
		if (r->shaded) {
			cairo_rectangle(cr, x, l->y, c->w, h);
			cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
			cairo_fill(cr);
		}
		if (r->ruled) {
			cairo_rectangle(cr, x, l->y, c->w, h);
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_set_line_width(cr, RULE);
			cairo_stroke(cr);
		}
		cairo_save(cr);
		cairo_rectangle(cr, x, l->y, c->w, h);
		cairo_clip(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		double y0 = l->y + r->pad_y - (c->from < c->t.n ? c->t.top[c->from] : 0);
		for (int k = c->from; k < c->to; k++)
			text_show_line(l, &c->t, k, x + r->pad_x, y0 + c->t.base[k]);
		cairo_restore(cr);
	}
	l->y += h;
}

/* ---- pages ---- */

static void footer(struct lay *l)
{
	char text[128];
	snprintf(text, sizeof(text), "第 %d 页 / 共 %d 页  page %d of %d", l->page, l->pages, l->page,
		 l->pages);
	struct text right, left;
	text_make(l, &right, text, F_FOOTER, TEXT_W, PANGO_ALIGN_RIGHT, false);
	snprintf(text, sizeof(text), "生成日期 %s  generated", l->date);
	text_make(l, &left, text, F_FOOTER, TEXT_W, PANGO_ALIGN_LEFT, false);
	cairo_set_source_rgb(l->cr, 0.35, 0.35, 0.35);
	text_show_line(l, &left, 0, MARGIN, FOOTER_BASELINE);
	text_show_line(l, &right, 0, MARGIN, FOOTER_BASELINE);
	text_release(&left);
	text_release(&right);
}

/* Whether a table's header is repeated after a page break: when it takes at most a third. */
static bool repeatable(const struct row *header)
{
	return row_height(header) <= TEXT_H / 3;
}

/* Ends the page (its footer, in the second pass) and starts the next one, with header (may be
 * NULL) at its top when it is repeatable. */
static void page_break(struct lay *l, struct row *header)
{
	if (l->draw) {
		footer(l);
		cairo_show_page(l->cr);
	}
	l->page++;
	l->y = MARGIN;
	l->fresh = true;
	if (header && repeatable(header)) {
		for (size_t i = 0; i < header->n; i++) {
			header->cells[i].from = 0;
			header->cells[i].to = header->cells[i].t.n;
		}
		row_show(l, header, row_height(header));
		for (size_t i = 0; i < header->n; i++)
			header->cells[i].from = header->cells[i].t.n;
	}
}

/* What a fresh page leaves for a row below header (may be NULL). */
static double fresh_room(const struct row *header)
{
	return header && repeatable(header) ? TEXT_H - row_height(header) : TEXT_H;
}

/* Places r from l->y on, across pages as needed (header, which may be NULL, is repeated at the
 * top of each new page). */
static void row_place(struct lay *l, struct row *r, struct row *header)
{
	bool whole = true;
	while (!row_done(r)) {
		double avail = TEXT_BOTTOM - l->y;
		double rest = row_rest(r);
		if (whole && !l->fresh && rest > avail && rest <= fresh_room(header)) {
			page_break(l, header);
			continue;
		}
		double h = row_fit(r, avail, false);
		if (h == 0 && !l->fresh) {
			page_break(l, header);
			continue;
		}
		if (h == 0)
			h = row_fit(r, avail, true);
		row_show(l, r, h);
		for (size_t i = 0; i < r->n; i++)
			r->cells[i].from = r->cells[i].to;
		l->fresh = false;
		whole = false;
		if (!row_done(r))
			page_break(l, header);
	}
}

/* Leaves pts of space before what comes next, unless at the top of a page. */
static void space(struct lay *l, double pts)
{
	if (!l->fresh)
		l->y += pts;
}

/* ---- blocks ---- */

/* A text block as wide as the text area. */
static void text_block(struct lay *l, const char *s, enum font f, PangoAlignment align)
{
	struct row *r = row_new(1, 0, 0);
	row_cell(l, r, 0, s, f, 0, TEXT_W, align);
	row_place(l, r, NULL);
	row_free(r);
}

static void heading(struct lay *l, const char *s)
{
	space(l, 12);
	struct row *r = row_new(1, 0, 0);
	row_cell(l, r, 0, s, F_HEADING, 0, TEXT_W, PANGO_ALIGN_LEFT);
	double keep = row_height(r) + 2 * l->body_line; /* with two lines of what follows */
	if (!l->fresh && keep > TEXT_BOTTOM - l->y && keep <= TEXT_H)
		page_break(l, NULL);
	if (l->draw && *s) {
		char dest[64];
		snprintf(dest, sizeof(dest), "page=%d pos=[%.1f %.1f]", l->page, MARGIN, l->y);
		cairo_pdf_surface_add_outline(l->surface, CAIRO_PDF_OUTLINE_ROOT, s, dest, 0);
	}
	row_place(l, r, NULL);
	row_free(r);
	space(l, 4);
}

static void paragraph(struct lay *l, const char *s)
{
	text_block(l, s, F_BODY, PANGO_ALIGN_LEFT);
	space(l, 6);
}

/* label followed by a colon, unless it is empty or already ends with one (the caller frees it). */
static char *with_colon(const char *label)
{
	size_t n = strlen(label);
	bool has = !n || label[n - 1] == ':' || (n >= 3 && !strcmp(label + n - 3, "："));
	char *s = xmalloc(n + sizeof("："));
	snprintf(s, n + sizeof("："), "%s%s", label, has ? "" : "：");
	return s;
}

static void fields(struct lay *l, const struct pdf_block *b)
{
	char **label = xcalloc(b->nrows, sizeof(*label));
	double label_w = 0;
	for (size_t i = 0; i < b->nrows; i++) {
		label[i] = with_colon(b->cells[2 * i]);
		double w = text_width(l, label[i], F_BOLD);
		if (w > label_w)
			label_w = w;
	}
	label_w += 2;
	if (label_w > 0.4 * TEXT_W)
		label_w = 0.4 * TEXT_W;
	for (size_t i = 0; i < b->nrows; i++) {
		struct row *r = row_new(2, 0, 1.5);
		row_cell(l, r, 0, label[i], F_BOLD, 0, label_w, PANGO_ALIGN_LEFT);
		row_cell(l, r, 1, b->cells[2 * i + 1], F_BODY, label_w, TEXT_W - label_w, PANGO_ALIGN_LEFT);
		row_place(l, r, NULL);
		row_free(r);
		free(label[i]);
	}
	free(label);
	space(l, 6);
}

/* A row of the table b: cells is b->header (bold, shaded) or a row of b->cells. */
static struct row *table_row(struct lay *l, const struct pdf_block *b, char *const *cells)
{
	struct row *r = row_new(b->ncols, 3, 2.5);
	r->ruled = true;
	double x = 0;
	for (size_t c = 0; c < b->ncols; c++) {
		double w = b->widths[c] * TEXT_W;
		row_cell(l, r, c, cells[c], cells == b->header ? F_BOLD : F_BODY, x, w, PANGO_ALIGN_LEFT);
		x += w;
	}
	r->shaded = cells == b->header;
	return r;
}

static void table(struct lay *l, const struct pdf_block *b)
{
	space(l, 4);
	struct row *header = b->header ? table_row(l, b, b->header) : NULL;
	if (header) {
		double need = row_height(header) + l->body_line + 2 * header->pad_y; /* and a line */
		if (!l->fresh && need > TEXT_BOTTOM - l->y && need <= TEXT_H)
			page_break(l, NULL);
		row_place(l, header, NULL);
	}
	for (size_t i = 0; i < b->nrows; i++) {
		struct row *r = table_row(l, b, b->cells + i * b->ncols);
		row_place(l, r, header);
		row_free(r);
	}
	row_free(header);
	space(l, 8);
}

static void signatures(struct lay *l, const struct pdf_block *b)
{
	space(l, 12);
	double all = (double)b->nrows * SIGNATURE_H;
	if (!l->fresh && all > TEXT_BOTTOM - l->y && all <= TEXT_H)
		page_break(l, NULL);
	double date_x = 0.68 * TEXT_W, date_w = text_width(l, "日期：", F_BODY);
	for (size_t i = 0; i < b->nrows; i++) {
		if (!l->fresh && SIGNATURE_H > TEXT_BOTTOM - l->y)
			page_break(l, NULL);
		double base = l->y + SIGNATURE_H - 8;
		if (l->draw) {
			struct text label, date;
			char *s = with_colon(b->cells[i]);
			text_make(l, &label, s, F_BODY, 0.5 * TEXT_W, PANGO_ALIGN_LEFT, true);
			free(s);
			text_make(l, &date, "日期：", F_BODY, TEXT_W, PANGO_ALIGN_LEFT, false);
			PangoRectangle logical;
			pango_layout_line_get_extents(label.line[0], NULL, &logical);
			double rule_x = MARGIN + label.left[0] + pango_units_to_double(logical.width) + 4;
			cairo_set_source_rgb(l->cr, 0, 0, 0);
			text_show_line(l, &label, 0, MARGIN, base);
			text_show_line(l, &date, 0, MARGIN + date_x, base);
			cairo_set_line_width(l->cr, RULE);
			cairo_move_to(l->cr, rule_x, base + 2);
			cairo_line_to(l->cr, MARGIN + date_x - 12, base + 2);
			cairo_move_to(l->cr, MARGIN + date_x + date_w + 2, base + 2);
			cairo_line_to(l->cr, MARGIN + TEXT_W, base + 2);
			cairo_stroke(l->cr);
			text_release(&label);
			text_release(&date);
		}
		l->y += SIGNATURE_H;
		l->fresh = false;
	}
	space(l, 6);
}

/* One pass over the document: counts the pages, and draws them when l->draw. */
static void layout(struct lay *l)
{
	const struct pdf_doc *d = l->d;
	l->page = 1;
	l->y = MARGIN;
	l->fresh = true;
	text_block(l, d->title, F_TITLE, PANGO_ALIGN_CENTER);
	if (d->subtitle[0]) {
		l->y += 4;
		text_block(l, d->subtitle, F_SUBTITLE, PANGO_ALIGN_CENTER);
	}
	l->y += 12;
	for (size_t i = 0; i < d->count; i++) {
		const struct pdf_block *b = &d->blocks[i];
		switch (b->kind) {
		case PDF_HEADING: heading(l, b->text); break;
		case PDF_PARAGRAPH: paragraph(l, b->text); break;
		case PDF_FIELDS: fields(l, b); break;
		case PDF_TABLE: table(l, b); break;
		case PDF_SIGNATURES: signatures(l, b); break;
		}
	}
	if (l->draw) {
		footer(l);
		cairo_show_page(l->cr);
	}
}

/* ---- writing ---- */

static cairo_status_t put(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum jc_err pdf_write(struct pdf_doc *d, const char *path, struct jc_error *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s': %s", path,
			       strerror(errno));
	struct lay l = { .d = d };
	l.surface = cairo_pdf_surface_create_for_stream(put, f, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(l.surface, CAIRO_PDF_METADATA_TITLE, d->title);
	if (d->subtitle[0])
		cairo_pdf_surface_set_metadata(l.surface, CAIRO_PDF_METADATA_SUBJECT, d->subtitle);
	cairo_pdf_surface_set_metadata(l.surface, CAIRO_PDF_METADATA_CREATOR, "jiceng");
	l.cr = cairo_create(l.surface);
	l.pc = pango_cairo_create_context(l.cr);
	pango_cairo_context_set_resolution(l.pc, 72);
	for (int i = 0; i < F_COUNT; i++) {
		l.font[i] = pango_font_description_new();
		pango_font_description_set_family_static(l.font[i], FAMILIES);
		pango_font_description_set_size(l.font[i], pango_units_from_double(font_spec[i].size));
		pango_font_description_set_weight(l.font[i], font_spec[i].weight);
	}
	l.attrs = pango_attr_list_new();
	pango_attr_list_insert(l.attrs, pango_attr_insert_hyphens_new(FALSE));
	struct text probe;
	text_make(&l, &probe, "国", F_BODY, TEXT_W, PANGO_ALIGN_LEFT, false);
	l.body_line = probe.bottom[0] - probe.top[0];
	text_release(&probe);
	date_format(date_today(), l.date);

	layout(&l);
	l.pages = l.page;
	l.draw = true;
	layout(&l);

	cairo_status_t status = cairo_status(l.cr);
	for (int i = 0; i < F_COUNT; i++)
		pango_font_description_free(l.font[i]);
	pango_attr_list_unref(l.attrs);
	g_object_unref(l.pc);
	cairo_destroy(l.cr);
	cairo_surface_finish(l.surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(l.surface);
	cairo_surface_destroy(l.surface);
	struct stat st;
	bool regular = !fstat(fileno(f), &st) && S_ISREG(st.st_mode);
	int closed = fclose(f), closed_errno = errno;
	if (status == CAIRO_STATUS_SUCCESS && closed == 0)
		return JC_OK;
	if (regular) /* never a device or a pipe given as the path */
		unlink(path);
	const char *why = status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(status)
							  : strerror(closed_errno);
	return jc_fail(err, JC_EINTERNAL, NULL, NULL, "cannot write '%s': %s", path, why);
}
