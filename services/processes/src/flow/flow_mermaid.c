#include "flow/flow_mermaid.h"

#include <string.h>

static int has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

void flow_mermaid_escape(flow_text *out, const char *s)
{
    const char *p = s;
    unsigned cp;
    size_t n;

    if (s == NULL)
        return;
    while ((n = flow_text_utf8_next(p, &cp)) > 0) {
        switch (cp) {
        case '"':
            flow_text_str(out, "#quot;");
            break;
        case '#':
            flow_text_str(out, "#35;");
            break;
        case '&':
            flow_text_str(out, "#amp;");
            break;
        case '<':
            flow_text_str(out, "#lt;");
            break;
        case '>':
            flow_text_str(out, "#gt;");
            break;
        case '`':
            flow_text_str(out, "#96;");
            break;
        default:
            if (cp < 0x20 || cp == 0x7F)
                flow_text_put(out, " ", 1);
            else if (cp == 0xFFFD && n == 1)
                flow_text_str(out, "\xEF\xBF\xBD");
            else
                flow_text_put(out, p, n);
        }
        p += n;
    }
}

/* Text of accTitle / accDescr: one line, so line breaks (and every
 * control character) become spaces; the rest is shown as it is. */
static void acc_text(flow_text *out, const char *s)
{
    const char *p = s;
    unsigned cp;
    size_t n;

    while ((n = flow_text_utf8_next(p, &cp)) > 0) {
        if (cp < 0x20 || cp == 0x7F)
            flow_text_put(out, " ", 1);
        else if (cp == 0xFFFD && n == 1)
            flow_text_str(out, "\xEF\xBF\xBD");
        else
            flow_text_put(out, p, n);
        p += n;
    }
}

static void write_step(const flow_picture *pic, size_t i, flow_text *out)
{
    const flow_picture_step *s = &pic->steps[i];

    flow_text_printf(out, "        s%zu[\"%zu. ", i + 1, i + 1);
    flow_mermaid_escape(out, s->name);
    if (!pic->lanes[s->lane].is_role && has(s->role)) {
        flow_text_str(out, "<br/>(");
        flow_mermaid_escape(out, s->role);
        flow_text_str(out, ")");
    }
    if (s->bottlenecks > 0)
        flow_text_printf(out, "<br/>%d open bottleneck%s, top %.1f", s->bottlenecks,
                         s->bottlenecks == 1 ? "" : "s", s->top_score);
    flow_text_str(out, "\"]\n");
}

void flow_mermaid_write(const flow_picture *pic, flow_text *out)
{
    const flow_picture_step *s;
    size_t i, l, handoffs = 0;
    int bands[3] = {0, 0, 0};
    static const char *const band_names[3] = {"high", "medium", "low"};
    static const char *const band_styles[3] = {"fill:#c0392b,color:#ffffff,stroke:#1f4e79",
                                               "fill:#e67e22,color:#ffffff,stroke:#1f4e79",
                                               "fill:#f1c40f,color:#1b2a38,stroke:#1f4e79"};

    flow_text_str(out, "flowchart LR\n    accTitle: Flow of ");
    acc_text(out, has(pic->process_name) ? pic->process_name : "a process");
    if (pic->number > 0)
        flow_text_printf(out, ", version %d\n", pic->number);
    else
        flow_text_str(out, ", draft\n");
    flow_text_printf(out, "    accDescr: %zu step%s in %zu lane%s", pic->nsteps,
                     pic->nsteps == 1 ? "" : "s", pic->nlanes, pic->nlanes == 1 ? "" : "s");
    for (i = 0; i + 1 < pic->nsteps; i++)
        handoffs += pic->steps[i].lane != pic->steps[i + 1].lane;
    flow_text_printf(out, ", %zu hand-off%s between lanes\n", handoffs, handoffs == 1 ? "" : "s");
    if (pic->nsteps == 0)
        flow_text_str(out, "    empty[\"No steps yet\"]\n");
    for (l = 0; l < pic->nlanes; l++) {
        flow_text_printf(out, "    subgraph lane%zu[\"%s", l + 1,
                         pic->lanes[l].is_role ? "role: " : "");
        flow_mermaid_escape(out, pic->lanes[l].label);
        flow_text_str(out, "\"]\n        direction LR\n");
        for (i = 0; i < pic->nsteps; i++) {
            if (pic->steps[i].lane == l)
                write_step(pic, i, out);
        }
        flow_text_str(out, "    end\n");
    }
    for (i = 0; i + 1 < pic->nsteps; i++) {
        if (pic->steps[i].lane == pic->steps[i + 1].lane)
            flow_text_printf(out, "    s%zu --> s%zu\n", i + 1, i + 2);
        else
            flow_text_printf(out, "    s%zu -. hand-off .-> s%zu\n", i + 1, i + 2);
    }
    for (i = 0; i < pic->nsteps; i++) {
        s = &pic->steps[i];
        if (s->bottlenecks <= 0)
            continue;
        for (l = 0; l < 2 && strcmp(band_names[l], flow_picture_band(s->top_score)) != 0; l++)
            ;
        bands[l] = 1;
        flow_text_printf(out, "    class s%zu bottleneck_%s\n", i + 1, band_names[l]);
    }
    for (l = 0; l < 3; l++) {
        if (bands[l])
            flow_text_printf(out, "    classDef bottleneck_%s %s\n", band_names[l], band_styles[l]);
    }
}
