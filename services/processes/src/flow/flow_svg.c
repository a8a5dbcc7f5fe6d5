#include "flow/flow_svg.h"

#include <string.h>

/* The layout, in SVG user units (pixels at 100%). */
#define MARGIN       20
#define TITLE_H      44  /* the title row above the lanes */
#define LABEL_W      170 /* the lane labels' column */
#define COL_W        200 /* one column per step */
#define BOX_W        160
#define BOX_H        64
#define LANE_H       124
#define BOX_TOP      44 /* the box's top within its lane (the badge above it) */
#define BADGE_H      22
#define LEGEND_H     40
#define LINE_H       14
#define NAME_CHARS   22 /* characters per line of a step's name */
#define LABEL_CHARS  20 /* characters per line of a lane's label */
#define TITLE_CHAR_W 9  /* the width of a character of the title, about */

#define COLOUR_LINE    "#1f4e79"
#define COLOUR_HANDOFF "#8e44ad"

typedef struct line {
    const char *start;
    size_t bytes;
    int ellipsis;
} line;

static int is_space(unsigned cp)
{
    return cp <= 0x20;
}

/* Writes bytes of s escaped (see flow_svg_escape). */
static void escape_n(flow_text *out, const char *s, size_t bytes)
{
    const char *end = s + bytes, *p = s;
    unsigned cp;
    size_t n;

    while (p < end && (n = flow_text_utf8_next(p, &cp)) > 0) {
        if (cp == '&')
            flow_text_str(out, "&amp;");
        else if (cp == '<')
            flow_text_str(out, "&lt;");
        else if (cp == '>')
            flow_text_str(out, "&gt;");
        else if (cp == '"')
            flow_text_str(out, "&quot;");
        else if (cp == '\'')
            flow_text_str(out, "&apos;");
        else if (cp < 0x20 || cp == 0x7F)
            flow_text_put(out, " ", 1);
        else if (cp == 0xFFFE || cp == 0xFFFF || (cp == 0xFFFD && n == 1))
            flow_text_str(out, "\xEF\xBF\xBD");
        else
            flow_text_put(out, p, n);
        p += n;
    }
}

void flow_svg_escape(flow_text *out, const char *s, size_t max_chars)
{
    const char *p = s;
    unsigned cp;
    size_t n, chars = 0;

    if (s == NULL)
        return;
    while ((max_chars == 0 || chars < max_chars) && (n = flow_text_utf8_next(p, &cp)) > 0) {
        p += n;
        chars++;
    }
    escape_n(out, s, (size_t)(p - s));
}

/* Splits s into at most max_lines lines of at most max_chars characters,
 * breaking at spaces where it can; a text that does not fit ends in an
 * ellipsis. Returns the number of lines (at least 1). */
static size_t wrap(const char *s, size_t max_chars, size_t max_lines, line *lines)
{
    const char *p = s, *q, *space;
    size_t nlines = 0, chars, n;
    unsigned cp;

    while (*p != '\0' && nlines < max_lines) {
        while ((n = flow_text_utf8_next(p, &cp)) > 0 && is_space(cp))
            p += n;
        if (*p == '\0')
            break;
        q = p;
        space = NULL;
        chars = 0;
        while (chars < max_chars && (n = flow_text_utf8_next(q, &cp)) > 0) {
            if (is_space(cp) && chars > 0)
                space = q;
            q += n;
            chars++;
        }
        lines[nlines].start = p;
        lines[nlines].ellipsis = 0;
        if (*q == '\0') {
            lines[nlines++].bytes = (size_t)(q - p);
            break;
        }
        if (nlines + 1 == max_lines) {
            /* the last line: cut one character short for the ellipsis */
            q = p;
            for (chars = 0; chars + 1 < max_chars; chars++)
                q += flow_text_utf8_next(q, &cp);
            lines[nlines].bytes = (size_t)(q - p);
            lines[nlines++].ellipsis = 1;
            break;
        }
        if (space != NULL && (n = flow_text_utf8_next(q, &cp)) > 0 && !is_space(cp))
            q = space; /* break before the word that does not fit */
        lines[nlines++].bytes = (size_t)(q - p);
        p = q;
    }
    if (nlines == 0) {
        lines[0].start = s;
        lines[0].bytes = 0;
        lines[0].ellipsis = 0;
        nlines = 1;
    }
    return nlines;
}

/* Writes the lines as tspans of a <text> centred on cx, starting at y. */
static void text_lines(flow_text *out, const line *lines, size_t n, int cx, int y)
{
    size_t i;

    for (i = 0; i < n; i++) {
        flow_text_printf(out, "<tspan x=\"%d\" y=\"%d\">", cx, y + (int)i * LINE_H);
        escape_n(out, lines[i].start, lines[i].bytes);
        if (lines[i].ellipsis)
            flow_text_str(out, "\xE2\x80\xA6");
        flow_text_str(out, "</tspan>");
    }
}

static int box_x(size_t step)
{
    return MARGIN + LABEL_W + (int)step * COL_W + (COL_W - BOX_W) / 2;
}

static int lane_y(size_t lane)
{
    return TITLE_H + (int)lane * LANE_H;
}

static int has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* "Flow of <name>, version N" (or ", draft"), escaped. */
static void title_text(const flow_picture *pic, flow_text *out)
{
    flow_text_str(out, "Flow of ");
    flow_svg_escape(out, has(pic->process_name) ? pic->process_name : "a process", 0);
    if (pic->number > 0)
        flow_text_printf(out, ", version %d", pic->number);
    else
        flow_text_str(out, ", draft");
}

/* The title as drawn: the process's name cut (with an ellipsis) to what
 * the picture's width holds; the <title> keeps it whole. */
static void title_row(const flow_picture *pic, int width, flow_text *out)
{
    size_t max = (size_t)(width - 2 * MARGIN) / TITLE_CHAR_W - 24;
    line l[1];

    flow_text_str(out, "Flow of ");
    wrap(has(pic->process_name) ? pic->process_name : "a process", max, 1, l);
    escape_n(out, l[0].start, l[0].bytes);
    if (l[0].ellipsis)
        flow_text_str(out, "\xE2\x80\xA6");
    if (pic->number > 0)
        flow_text_printf(out, ", version %d", pic->number);
    else
        flow_text_str(out, ", draft");
}

/* Who is responsible for step s in words: "Team" / "Team (role)" / "role". */
static void responsible_text(const flow_picture *pic, const flow_picture_step *s, flow_text *out)
{
    flow_svg_escape(out, pic->lanes[s->lane].label, 0);
    if (!pic->lanes[s->lane].is_role && has(s->role)) {
        flow_text_str(out, " (");
        flow_svg_escape(out, s->role, 0);
        flow_text_str(out, ")");
    }
}

static void bottleneck_text(const flow_picture_step *s, flow_text *out)
{
    flow_text_printf(out, "%d open bottleneck%s, top score %.1f (%s priority)", s->bottlenecks,
                     s->bottlenecks == 1 ? "" : "s", s->top_score, flow_picture_band(s->top_score));
}

/* The <desc>: the whole flow in words, for those who do not see it. */
static void desc_text(const flow_picture *pic, flow_text *out)
{
    const flow_picture_step *s, *next;
    size_t i, handoffs = 0, marked = 0;

    if (pic->nsteps == 0) {
        flow_text_str(out, "No steps yet.");
        return;
    }
    flow_text_printf(out, "%zu step%s in %zu lane%s (", pic->nsteps, pic->nsteps == 1 ? "" : "s",
                     pic->nlanes, pic->nlanes == 1 ? "" : "s");
    for (i = 0; i < pic->nlanes; i++) {
        if (i > 0)
            flow_text_str(out, "; ");
        flow_text_str(out, pic->lanes[i].is_role ? "role " : "team ");
        flow_svg_escape(out, pic->lanes[i].label, 0);
    }
    flow_text_str(out, "). Steps:");
    for (i = 0; i < pic->nsteps; i++) {
        s = &pic->steps[i];
        flow_text_printf(out, " %zu. ", i + 1);
        flow_svg_escape(out, s->name, 0);
        flow_text_str(out, " by ");
        responsible_text(pic, s, out);
        flow_text_str(out, ";");
    }
    for (i = 0; i + 1 < pic->nsteps; i++) {
        s = &pic->steps[i];
        next = &pic->steps[i + 1];
        if (s->lane == next->lane)
            continue;
        flow_text_str(out, handoffs++ == 0 ? " Hand-offs:" : ";");
        flow_text_printf(out, " from step %zu to step %zu (", i + 1, i + 2);
        flow_svg_escape(out, pic->lanes[s->lane].label, 0);
        flow_text_str(out, " to ");
        flow_svg_escape(out, pic->lanes[next->lane].label, 0);
        flow_text_str(out, ")");
    }
    if (handoffs > 0)
        flow_text_str(out, ".");
    for (i = 0; i < pic->nsteps; i++) {
        s = &pic->steps[i];
        if (s->bottlenecks <= 0)
            continue;
        flow_text_str(out, marked++ == 0 ? " Bottlenecks:" : ";");
        flow_text_printf(out, " step %zu has ", i + 1);
        bottleneck_text(s, out);
    }
    if (marked > 0)
        flow_text_str(out, ".");
}

static void write_lane(const flow_picture *pic, size_t l, int width, flow_text *out)
{
    line lines[3];
    size_t n;
    int y = lane_y(l);

    flow_text_printf(out,
                     "<g id=\"lane-%zu\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                     " fill=\"%s\" stroke=\"#c8ced6\"/>\n",
                     l + 1, MARGIN, y, width - 2 * MARGIN, LANE_H,
                     l % 2 == 0 ? "#f4f6f9" : "#ffffff");
    flow_text_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c8ced6\"/>\n",
                     MARGIN + LABEL_W, y, MARGIN + LABEL_W, y + LANE_H);
    n = wrap(pic->lanes[l].label, LABEL_CHARS, 3, lines);
    flow_text_printf(out,
                     "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#5b6770\""
                     " text-anchor=\"middle\">%s</text>\n",
                     MARGIN + LABEL_W / 2, y + LANE_H / 2 - (int)n * LINE_H / 2 - 4,
                     pic->lanes[l].is_role ? "role" : "team");
    flow_text_printf(out,
                     "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\""
                     " fill=\"#1b2a38\" text-anchor=\"middle\"%s>",
                     MARGIN + LABEL_W / 2, y + LANE_H / 2 - (int)n * LINE_H / 2 + 12,
                     pic->lanes[l].is_role ? " font-style=\"italic\"" : "");
    text_lines(out, lines, n, MARGIN + LABEL_W / 2, y + LANE_H / 2 - (int)n * LINE_H / 2 + 12);
    flow_text_str(out, "</text>\n</g>\n");
}

static void write_arrow(const flow_picture *pic, size_t i, flow_text *out)
{
    const flow_picture_step *s = &pic->steps[i], *next = &pic->steps[i + 1];
    int x1 = box_x(i) + BOX_W, x2 = box_x(i + 1);
    int y1 = lane_y(s->lane) + BOX_TOP + BOX_H / 2;
    int y2 = lane_y(next->lane) + BOX_TOP + BOX_H / 2;
    int mid = (x1 + x2) / 2;

    if (s->lane == next->lane) {
        flow_text_printf(out,
                         "<line class=\"next\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                         " stroke=\"" COLOUR_LINE "\" stroke-width=\"1.5\""
                         " marker-end=\"url(#arrow)\"/>\n",
                         x1, y1, x2 - 2, y2);
        return;
    }
    flow_text_printf(out,
                     "<path class=\"handoff\" d=\"M %d %d H %d V %d H %d\" fill=\"none\""
                     " stroke=\"" COLOUR_HANDOFF "\" stroke-width=\"2\""
                     " stroke-dasharray=\"6 4\" marker-end=\"url(#arrow-handoff)\">"
                     "<title>Hand-off from ",
                     x1, y1, mid, y2, x2 - 2);
    flow_svg_escape(out, pic->lanes[s->lane].label, 0);
    flow_text_str(out, " to ");
    flow_svg_escape(out, pic->lanes[next->lane].label, 0);
    flow_text_str(out, "</title></path>\n");
}

static void write_step(const flow_picture *pic, size_t i, flow_text *out)
{
    const flow_picture_step *s = &pic->steps[i];
    int x = box_x(i), y = lane_y(s->lane) + BOX_TOP, cx = x + BOX_W / 2, ty;
    int show_role = !pic->lanes[s->lane].is_role && has(s->role);
    line lines[3], role_line[1];
    size_t n, nr = 0;

    flow_text_printf(out, "<g id=\"step-%zu\">\n<title>%zu. ", i + 1, i + 1);
    flow_svg_escape(out, s->name, 0);
    flow_text_str(out, " (");
    responsible_text(pic, s, out);
    flow_text_str(out, ")");
    if (s->bottlenecks > 0) {
        flow_text_str(out, ": ");
        bottleneck_text(s, out);
    }
    flow_text_str(out, "</title>\n");
    flow_text_printf(out,
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#ffffff\""
                     " stroke=\"" COLOUR_LINE "\" stroke-width=\"1.5\"/>\n",
                     x, y, BOX_W, BOX_H);
    n = wrap(s->name, NAME_CHARS, show_role ? 2 : 3, lines);
    if (show_role)
        nr = wrap(s->role, NAME_CHARS, 1, role_line);
    ty = y + (BOX_H - (int)(n + nr) * LINE_H) / 2 + 11;
    flow_text_printf(out,
                     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1b2a38\""
                     " text-anchor=\"middle\">",
                     cx, ty);
    text_lines(out, lines, n, cx, ty);
    flow_text_str(out, "</text>\n");
    if (nr > 0) {
        flow_text_printf(out,
                         "<text x=\"%d\" y=\"%d\" font-size=\"10\" font-style=\"italic\""
                         " fill=\"#5b6770\" text-anchor=\"middle\">",
                         cx, ty + (int)n * LINE_H);
        text_lines(out, role_line, nr, cx, ty + (int)n * LINE_H);
        flow_text_str(out, "</text>\n");
    }
    flow_text_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#5b6770\">%zu</text>\n",
                     x + 4, y + 12, i + 1);
    if (s->bottlenecks > 0) {
        const char *band = flow_picture_band(s->top_score);
        int high = strcmp(band, "high") == 0, medium = strcmp(band, "medium") == 0;

        flow_text_printf(out,
                         "<g class=\"bottleneck %s\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\""
                         " height=\"%d\" rx=\"11\" fill=\"%s\"/>\n",
                         band, x, y - BADGE_H - 6, BOX_W, BADGE_H,
                         high     ? "#c0392b"
                         : medium ? "#e67e22"
                                  : "#f1c40f");
        flow_text_printf(out,
                         "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"bold\""
                         " fill=\"%s\" text-anchor=\"middle\">%d bottleneck%s, top %.1f</text>\n"
                         "</g>\n",
                         cx, y - 6 - BADGE_H / 2 + 4, high || medium ? "#ffffff" : "#1b2a38",
                         s->bottlenecks, s->bottlenecks == 1 ? "" : "s", s->top_score);
    }
    flow_text_str(out, "</g>\n");
}

static void write_legend(int y, flow_text *out)
{
    int x = MARGIN;

    flow_text_printf(out, "<g id=\"legend\" font-size=\"11\" fill=\"#1b2a38\">\n");
    flow_text_printf(out,
                     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" COLOUR_LINE
                     "\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
                     "<text x=\"%d\" y=\"%d\">next step</text>\n",
                     x, y, x + 36, y, x + 44, y + 4);
    x += 130;
    flow_text_printf(out,
                     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" COLOUR_HANDOFF
                     "\" stroke-width=\"2\" stroke-dasharray=\"6 4\""
                     " marker-end=\"url(#arrow-handoff)\"/>\n"
                     "<text x=\"%d\" y=\"%d\">hand-off between lanes</text>\n",
                     x, y, x + 36, y, x + 44, y + 4);
    x += 200;
    flow_text_printf(
        out,
        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"7\" fill=\"#c0392b\"/>"
        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"7\" fill=\"#e67e22\"/>"
        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"7\" fill=\"#f1c40f\"/>\n"
        "<text x=\"%d\" y=\"%d\">open bottlenecks: priority high (70+),"
        " medium (50+), low</text>\n",
        x, y - 7, x + 16, y - 7, x + 32, y - 7, x + 52, y + 4);
    flow_text_str(out, "</g>\n");
}

void flow_svg_write(const flow_picture *pic, flow_text *out)
{
    size_t i, nlanes = pic->nlanes > 0 ? pic->nlanes : 1;
    size_t cols = pic->nsteps > 3 ? pic->nsteps : 3; /* room for the legend */
    int width = 2 * MARGIN + LABEL_W + (int)cols * COL_W;
    int height = TITLE_H + (int)nlanes * LANE_H + LEGEND_H;

    flow_text_str(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    flow_text_printf(out,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\""
                     " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                     " aria-labelledby=\"flow-title flow-desc\""
                     " font-family=\"Arial, Helvetica, sans-serif\">\n",
                     width, height, width, height);
    flow_text_str(out, "<title id=\"flow-title\">");
    title_text(pic, out);
    flow_text_str(out, "</title>\n<desc id=\"flow-desc\">");
    desc_text(pic, out);
    flow_text_str(out, "</desc>\n");
    flow_text_str(out, "<defs>\n"
                       "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                       " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                       "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"" COLOUR_LINE "\"/></marker>\n"
                       "<marker id=\"arrow-handoff\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                       " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                       "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"" COLOUR_HANDOFF "\"/></marker>\n"
                       "</defs>\n");
    flow_text_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width, height);
    flow_text_printf(out,
                     "<text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\""
                     " fill=\"#1b2a38\">",
                     MARGIN, 28);
    title_row(pic, width, out);
    flow_text_str(out, "</text>\n");
    if (pic->nsteps == 0) {
        flow_text_printf(out,
                         "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f4f6f9\""
                         " stroke=\"#c8ced6\"/>\n<text x=\"%d\" y=\"%d\" font-size=\"13\""
                         " fill=\"#5b6770\" text-anchor=\"middle\">No steps yet</text>\n",
                         MARGIN, TITLE_H, width - 2 * MARGIN, LANE_H, width / 2,
                         TITLE_H + LANE_H / 2);
    }
    for (i = 0; i < pic->nlanes; i++)
        write_lane(pic, i, width, out);
    for (i = 0; i + 1 < pic->nsteps; i++)
        write_arrow(pic, i, out);
    for (i = 0; i < pic->nsteps; i++)
        write_step(pic, i, out);
    write_legend(TITLE_H + (int)nlanes * LANE_H + LEGEND_H / 2, out);
    flow_text_str(out, "</svg>\n");
}
