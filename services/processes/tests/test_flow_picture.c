/* The pictures of a flow, free of the database: the SVG (well-formed XML
 * by a real parser, expat; the accessible root; every step and lane
 * present; hostile names escaped; the same input the same bytes; the
 * golden file byte for byte) and the Mermaid text (every step, escaped
 * labels, no line a name could add), and the lanes a flow falls into.
 * KOERS_UPDATE_GOLDEN=1 rewrites the golden files (then read the diff). */
/* LINK: flow/flow_svg.c flow/flow_mermaid.c flow/flow_picture.c flow/flow_text.c */
/* expat (libexpat1-dev, deploy/local/deps.sh) parses the SVG: a linker flag */
/* WRAP: -Wl,-lexpat */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <expat.h>

#include "flow/flow_mermaid.h"
#include "flow/flow_picture.h"
#include "flow/flow_svg.h"

#define T_VERG  "00000000-0000-4000-8000-0000000000b1"
#define T_PUBL  "00000000-0000-4000-8000-0000000000b2"
#define HOSTILE "<script>alert(\"x\")&'</script>"

/* ---- a parsed SVG: what a reader of the document gets ------------------- */

typedef struct parsed {
    int ok;
    char error[160];
    int depth, elements, scripts;
    char root[32];
    char root_attrs[1024]; /* name=value; of the root */
    char first_children[3][32];
    int nfirst;
    char *chars; /* all character data, decoded */
    size_t nchars;
} parsed;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    parsed *p = ud;
    size_t i, used;

    p->elements++;
    if (strstr(name, "script") != NULL)
        p->scripts++;
    if (p->depth == 0) {
        snprintf(p->root, sizeof(p->root), "%s", name);
        for (i = 0; attrs[i] != NULL; i += 2) {
            used = strlen(p->root_attrs);
            snprintf(p->root_attrs + used, sizeof(p->root_attrs) - used, "%s=%s;", attrs[i],
                     attrs[i + 1]);
        }
    } else if (p->depth == 1 && p->nfirst < 3) {
        snprintf(p->first_children[p->nfirst++], sizeof(p->first_children[0]), "%s", name);
    }
    p->depth++;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    parsed *p = ud;
    (void)name;
    p->depth--;
    p->chars = realloc(p->chars, p->nchars + 2);
    p->chars[p->nchars++] = '\n'; /* elements apart, so texts do not run together */
    p->chars[p->nchars] = '\0';
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
    parsed *p = ud;

    p->chars = realloc(p->chars, p->nchars + (size_t)len + 1);
    memcpy(p->chars + p->nchars, s, (size_t)len);
    p->nchars += (size_t)len;
    p->chars[p->nchars] = '\0';
}

static parsed parse(const char *doc, size_t len)
{
    parsed p;
    XML_Parser x = XML_ParserCreate("UTF-8");

    memset(&p, 0, sizeof(p));
    p.chars = calloc(1, 1);
    XML_SetUserData(x, &p);
    XML_SetElementHandler(x, on_start, on_end);
    XML_SetCharacterDataHandler(x, on_chars);
    p.ok = XML_Parse(x, doc, (int)len, 1) == XML_STATUS_OK;
    if (!p.ok)
        snprintf(p.error, sizeof(p.error), "line %lu: %s",
                 (unsigned long)XML_GetCurrentLineNumber(x), XML_ErrorString(XML_GetErrorCode(x)));
    XML_ParserFree(x);
    return p;
}

static void assert_well_formed(const parsed *p)
{
    if (!p->ok)
        fail_msg("the SVG is not well-formed XML: %s", p->error);
    assert_string_equal(p->root, "svg");
    assert_non_null(strstr(p->root_attrs, "xmlns=http://www.w3.org/2000/svg;"));
    assert_non_null(strstr(p->root_attrs, "version=1.1;"));
    assert_non_null(strstr(p->root_attrs, "viewBox=0 0 "));
    assert_non_null(strstr(p->root_attrs, "width="));
    assert_non_null(strstr(p->root_attrs, "height="));
    assert_non_null(strstr(p->root_attrs, "role=img;"));
    assert_non_null(strstr(p->root_attrs, "aria-labelledby=flow-title flow-desc;"));
    assert_true(p->nfirst >= 2);
    assert_string_equal(p->first_children[0], "title");
    assert_string_equal(p->first_children[1], "desc");
    assert_int_equal(p->scripts, 0);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
        n++;
    return n;
}

static char *render(flow_picture *pic, int svg, size_t *len)
{
    flow_text t = {0};
    char *out;

    flow_picture_assign_lanes(pic);
    if (svg)
        flow_svg_write(pic, &t);
    else
        flow_mermaid_write(pic, &t);
    out = flow_text_take(&t, len);
    assert_non_null(out);
    assert_int_equal(strlen(out), *len);
    return out;
}

/* ---- the flow of the golden files ---------------------------------------- */

static flow_picture_step golden_steps[] = {
    {.name = "Aanvraag ontvangen", .team_id = T_PUBL, .team_name = "Publiekszaken"},
    {.name = "Volledigheid toetsen en zo nodig aanvullende gegevens vragen",
     .team_id = T_VERG,
     .team_name = "Vergunningen",
     .role = "casemanager",
     .bottlenecks = 3,
     .top_score = 73.3},
    {.name = "Advies welstand & constructie",
     .role = "adviseur \"extern\"",
     .bottlenecks = 1,
     .top_score = 55.0},
    {.name = "Besluit nemen",
     .team_id = T_VERG,
     .team_name = "Vergunningen",
     .bottlenecks = 2,
     .top_score = 41.7},
    {.name = "Besluit verzenden <brief>", .team_id = T_PUBL, .team_name = "Publiekszaken"},
};

static flow_picture golden_picture(void)
{
    flow_picture pic;

    memset(&pic, 0, sizeof(pic));
    pic.process_name = "Omgevingsvergunning bouw (reguliere procedure)";
    pic.number = 2;
    pic.steps = golden_steps;
    pic.nsteps = sizeof(golden_steps) / sizeof(golden_steps[0]);
    return pic;
}

static char *golden_path(const char *name)
{
    const char *slash = strrchr(__FILE__, '/');
    size_t dir = slash != NULL ? (size_t)(slash - __FILE__) + 1 : 0;
    char *path = malloc(dir + strlen(name) + 8);

    memcpy(path, __FILE__, dir);
    sprintf(path + dir, "golden/%s", name);
    return path;
}

static void compare_golden(const char *name, const char *got, size_t len)
{
    char *path = golden_path(name), *want = NULL;
    FILE *f;
    long size;

    if (getenv("KOERS_UPDATE_GOLDEN") != NULL) {
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(got, 1, len, f), len);
        fclose(f);
    }
    f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("no golden file %s (run from the repository's root)", path);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    want = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(want, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    if ((size_t)size != len || memcmp(want, got, len) != 0)
        fail_msg("%s differs from the golden file (KOERS_UPDATE_GOLDEN=1 rewrites it):\n%s", path,
                 got);
    free(want);
    free(path);
}

static void the_svg_is_the_golden_one(void **state)
{
    flow_picture pic = golden_picture();
    size_t len, len2;
    char *svg, *again;
    parsed p;
    (void)state;

    svg = render(&pic, 1, &len);
    compare_golden("flow.svg", svg, len);
    /* stable: the same input gives the same bytes */
    again = render(&pic, 1, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(svg, again, len);
    p = parse(svg, len);
    assert_well_formed(&p);
    free(p.chars);
    free(svg);
    free(again);
}

static void the_mermaid_is_the_golden_one(void **state)
{
    flow_picture pic = golden_picture();
    size_t len;
    char *mmd;
    (void)state;

    mmd = render(&pic, 0, &len);
    compare_golden("flow.mmd", mmd, len);
    free(mmd);
}

/* Every step's full name and every lane in the parsed document (the
 * names decoded by the parser: what a screen reader reads). */
static void every_step_and_lane_is_in_the_svg(void **state)
{
    flow_picture pic = golden_picture();
    size_t len, i;
    char *svg, needle[128];
    parsed p;
    (void)state;

    svg = render(&pic, 1, &len);
    p = parse(svg, len);
    assert_well_formed(&p);
    assert_int_equal(pic.nlanes, 3);
    for (i = 0; i < pic.nsteps; i++) {
        snprintf(needle, sizeof(needle), "%zu. %s", i + 1, golden_steps[i].name);
        if (strstr(p.chars, needle) == NULL)
            fail_msg("step %zu (%s) is not in the SVG", i + 1, needle);
    }
    assert_non_null(strstr(p.chars, "Publiekszaken"));
    assert_non_null(strstr(p.chars, "Vergunningen"));
    assert_non_null(strstr(p.chars, "adviseur \"extern\""));
    assert_non_null(strstr(p.chars, "Flow of Omgevingsvergunning bouw (reguliere procedure), "
                                    "version 2"));
    /* the hand-offs and the markers said in words */
    assert_non_null(strstr(p.chars, "from step 1 to step 2 (Publiekszaken to Vergunningen)"));
    assert_non_null(strstr(p.chars, "step 2 has 3 open bottlenecks, top score 73.3 (high"));
    assert_non_null(strstr(p.chars, "3 bottlenecks, top 73.3"));
    assert_non_null(strstr(svg, "class=\"bottleneck high\""));
    assert_non_null(strstr(svg, "class=\"bottleneck medium\""));
    assert_non_null(strstr(svg, "class=\"bottleneck low\""));
    /* 4 hand-offs (every move between lanes), none within a lane */
    assert_int_equal(count(svg, "class=\"handoff\""), 4);
    assert_int_equal(count(svg, "class=\"next\""), 0);
    free(p.chars);
    free(svg);
}

static void hostile_names_are_escaped(void **state)
{
    flow_picture_step steps[] = {
        {.name = HOSTILE, .team_id = T_VERG, .team_name = HOSTILE, .role = "a&b<c>\"d'e"},
        {.name = "line\nbreak\x01\x1f tab\there \xef\xbf\xbf end", .role = "]]> <!-- -->"},
        {.name = "&amp; &#x3c; &lt;", .role = "<!DOCTYPE x>", .bottlenecks = 1, .top_score = 20},
    };
    flow_picture pic;
    size_t len;
    char *svg;
    parsed p;
    (void)state;

    memset(&pic, 0, sizeof(pic));
    pic.process_name = HOSTILE;
    pic.steps = steps;
    pic.nsteps = 3;
    svg = render(&pic, 1, &len);
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<!--"));
    assert_null(strstr(svg, "<!DOCTYPE"));
    assert_non_null(strstr(svg, "&lt;script&gt;alert(&quot;x&quot;)&amp;&apos;&lt;/script&gt;"));
    p = parse(svg, len);
    assert_well_formed(&p);
    /* the parser gives back exactly what the person wrote */
    assert_non_null(strstr(p.chars, "1. " HOSTILE));
    assert_non_null(strstr(p.chars, "team " HOSTILE));
    assert_non_null(strstr(p.chars, "a&b<c>\"d'e"));
    assert_non_null(strstr(p.chars, "&amp; &#x3c; &lt;"));
    assert_non_null(strstr(p.chars, "line break   tab here \xef\xbf\xbd end"));
    assert_non_null(strstr(p.chars, "Flow of " HOSTILE ", draft"));
    free(p.chars);
    free(svg);
}

static void long_names_wrap_without_breaking_characters(void **state)
{
    /* 90 two-byte characters: never cut inside one */
    char umlauts[2 * 90 + 1];
    flow_picture_step steps[] = {
        {.name = umlauts, .role = "r"},
        {.name = "Een heel lange naam van een stap die over drie regels niet past en dus wordt "
                 "afgekapt met een beletselteken",
         .role = "r"},
    };
    flow_picture pic;
    size_t len;
    char *svg;
    parsed p;
    (void)state;

    for (len = 0; len < 90; len++)
        memcpy(umlauts + 2 * len, "\xc3\xab", 2);
    umlauts[2 * 90] = '\0';
    memset(&pic, 0, sizeof(pic));
    pic.process_name = "P";
    pic.number = 1;
    pic.steps = steps;
    pic.nsteps = 2;
    svg = render(&pic, 1, &len);
    p = parse(svg, len);
    assert_well_formed(&p);
    /* the box shows an ellipsis; the title keeps the whole name */
    assert_non_null(strstr(svg, "\xE2\x80\xA6</tspan>"));
    assert_non_null(strstr(p.chars, "2. Een heel lange naam van een stap die over drie regels niet "
                                    "past en dus wordt afgekapt met een beletselteken"));
    assert_non_null(strstr(svg, ">Een heel lange naam</tspan>"));
    free(p.chars);
    free(svg);

    /* a long process name: the drawn title is cut, the <title> whole */
    pic.process_name = steps[1].name;
    svg = render(&pic, 1, &len);
    p = parse(svg, len);
    assert_well_formed(&p);
    assert_non_null(strstr(svg, "<title id=\"flow-title\">Flow of Een heel lange naam van een stap"
                                " die over drie regels niet past en dus wordt afgekapt met een"
                                " beletselteken, version 1</title>"));
    assert_non_null(strstr(svg, "\xE2\x80\xA6, version 1</text>"));
    free(p.chars);
    free(svg);
}

static void an_empty_draft_and_the_most_steps_are_well_formed(void **state)
{
    flow_picture pic;
    flow_picture_step *many = calloc(FLOW_MAX_STEPS, sizeof(*many));
    char names[FLOW_MAX_STEPS][16];
    size_t len, i;
    char *svg;
    parsed p;
    (void)state;

    memset(&pic, 0, sizeof(pic));
    pic.process_name = "Leeg";
    svg = render(&pic, 1, &len);
    p = parse(svg, len);
    assert_well_formed(&p);
    assert_non_null(strstr(p.chars, "No steps yet"));
    free(p.chars);
    free(svg);

    for (i = 0; i < FLOW_MAX_STEPS; i++) {
        snprintf(names[i], sizeof(names[i]), "Stap %zu", i + 1);
        many[i].name = names[i];
        many[i].role = i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c";
    }
    pic.steps = many;
    pic.nsteps = FLOW_MAX_STEPS;
    pic.number = 7;
    svg = render(&pic, 1, &len);
    p = parse(svg, len);
    assert_well_formed(&p);
    assert_int_equal(pic.nlanes, 3);
    assert_non_null(strstr(p.chars, "200. Stap 200"));
    free(p.chars);
    free(svg);
    free(many);
}

static void lanes_are_teams_then_roles_in_order(void **state)
{
    flow_picture_step steps[] = {
        {.name = "a", .role = "jurist"},
        {.name = "b", .team_id = T_VERG, .team_name = "Zelfde naam", .role = "jurist"},
        {.name = "c", .team_id = T_PUBL, .team_name = "Zelfde naam"},
        {.name = "d", .role = "jurist"},
        {.name = "e", .team_id = T_VERG, .team_name = "Zelfde naam"},
        {.name = "f", .team_id = T_PUBL}, /* a team without a name: its id */
    };
    flow_picture pic;

    (void)state;
    memset(&pic, 0, sizeof(pic));
    pic.steps = steps;
    pic.nsteps = 6;
    flow_picture_assign_lanes(&pic);
    assert_int_equal(pic.nlanes, 3);
    assert_int_equal(steps[0].lane, 0);
    assert_int_equal(steps[1].lane, 1);
    assert_int_equal(steps[2].lane, 2);
    assert_int_equal(steps[3].lane, 0);
    assert_int_equal(steps[4].lane, 1);
    assert_int_equal(steps[5].lane, 2);
    assert_true(pic.lanes[0].is_role);
    assert_string_equal(pic.lanes[0].label, "jurist");
    assert_false(pic.lanes[1].is_role);
    assert_string_equal(pic.lanes[2].label, "Zelfde naam");
    assert_string_equal(flow_picture_band(70.0), "high");
    assert_string_equal(flow_picture_band(69.9), "medium");
    assert_string_equal(flow_picture_band(50.0), "medium");
    assert_string_equal(flow_picture_band(49.9), "low");
}

/* Each line of the Mermaid text is one the writer meant: a name cannot
 * end a label, add a line, open a comment or an entity of its own. */
static void mermaid_escapes_and_lists_every_step(void **state)
{
    flow_picture_step steps[] = {
        {.name = HOSTILE, .team_id = T_VERG, .team_name = "Team \"A\" #1"},
        {.name = "two\nend\nsubgraph x\n%% c",
         .role = "r`o`le; &",
         .bottlenecks = 2,
         .top_score = 88.0},
        {.name = "drie", .team_id = T_VERG, .team_name = "Team \"A\" #1", .role = "rol"},
    };
    flow_picture pic;
    size_t len, i;
    char *mmd, *line, *save = NULL;
    int lines = 0;
    (void)state;

    memset(&pic, 0, sizeof(pic));
    pic.process_name = "Proces\naccDescr: nep";
    pic.number = 3;
    pic.steps = steps;
    pic.nsteps = 3;
    mmd = render(&pic, 0, &len);
    assert_non_null(
        strstr(mmd, "s1[\"1. #lt;script#gt;alert(#quot;x#quot;)#amp;'#lt;/script#gt;\"]"));
    assert_non_null(
        strstr(mmd, "s2[\"2. two end subgraph x %% c<br/>2 open bottlenecks, top 88.0\"]"));
    assert_non_null(strstr(mmd, "subgraph lane1[\"Team #quot;A#quot; #35;1\"]"));
    assert_non_null(strstr(mmd, "subgraph lane2[\"role: r#96;o#96;le; #amp;\"]"));
    assert_non_null(strstr(mmd, "s3[\"3. drie<br/>(rol)\"]"));
    assert_non_null(strstr(mmd, "    s1 -. hand-off .-> s2\n"));
    assert_non_null(strstr(mmd, "    s2 -. hand-off .-> s3\n"));
    assert_non_null(strstr(mmd, "    class s2 bottleneck_high\n"));
    assert_non_null(strstr(mmd, "    accTitle: Flow of Proces accDescr: nep, version 3\n"));
    for (line = strtok_r(mmd, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        static const char *const starts[] = {
            "flowchart LR",         "    accTitle: ", "    accDescr: ", "    subgraph lane",
            "        direction LR", "        s",      "    end",        "    s",
            "    class s",          "    classDef "};
        int known = 0;

        lines++;
        for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
            known |= strncmp(line, starts[i], strlen(starts[i])) == 0;
        if (!known)
            fail_msg("a line the writer did not mean: %s", line);
        /* a label line holds exactly two quotes: its own */
        if (strncmp(line, "        s", 9) == 0 || strncmp(line, "    subgraph", 12) == 0)
            assert_int_equal(strchr(strchr(line, '"') + 1, '"') - line,
                             (long)(strrchr(line, '"') - line));
    }
    /* flowchart, accTitle, accDescr, 2 lanes x (subgraph, direction, end),
     * 3 steps, 2 edges, 1 class, 1 classDef */
    assert_int_equal(lines, 3 + 6 + 3 + 2 + 1 + 1);
    free(mmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_svg_is_the_golden_one),
        cmocka_unit_test(the_mermaid_is_the_golden_one),
        cmocka_unit_test(every_step_and_lane_is_in_the_svg),
        cmocka_unit_test(hostile_names_are_escaped),
        cmocka_unit_test(long_names_wrap_without_breaking_characters),
        cmocka_unit_test(an_empty_draft_and_the_most_steps_are_well_formed),
        cmocka_unit_test(lanes_are_teams_then_roles_in_order),
        cmocka_unit_test(mermaid_escapes_and_lists_every_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
