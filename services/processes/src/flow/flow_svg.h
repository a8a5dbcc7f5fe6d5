#ifndef KOERS_PROCESSES_FLOW_SVG_H
#define KOERS_PROCESSES_FLOW_SVG_H

#include "flow/flow_picture.h"
#include "flow/flow_text.h"

/* Writes the picture of a flow as an SVG 1.1 document to out (lanes
 * assigned: flow_picture_assign_lanes): a title row, one swimlane per lane
 * (its label on the left), the steps left to right one column each in
 * their lane, an arrow from each step to the next (a hand-off between
 * lanes dashed and coloured apart), a badge above a step with open
 * bottlenecks (their count and top score, coloured by priority band) and a
 * legend. Accessible (role="img", <title> and <desc> that say the whole
 * flow in words), text as <text>, every user string XML-escaped (and
 * characters XML cannot carry replaced); the same picture gives the same
 * bytes. Long names are wrapped and cut with an ellipsis in the boxes;
 * the full name is in each step's <title>. */
void flow_svg_write(const flow_picture *pic, flow_text *out);

/* Appends s XML-escaped (& < > " ' as entities; control characters, which
 * XML 1.0 cannot carry, as spaces; U+FFFE/U+FFFF as U+FFFD); at most
 * max_chars characters when max_chars > 0. */
void flow_svg_escape(flow_text *out, const char *s, size_t max_chars);

#endif
